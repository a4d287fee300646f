package report

import (
	"context"
	"slices"
	"time"

	"github.com/hocvuso/hocvuso/internal/assess"
	"github.com/hocvuso/hocvuso/internal/content"
	"github.com/hocvuso/hocvuso/internal/lms"
)

// fact is one learner's standing in one course, read from the source
// records.
type fact struct {
	learner   *lms.User
	course    string
	classes   []string  // the learner's classes that teach the course
	started   time.Time // first lesson completed; zero if none
	tookFinal bool      // submitted the course's final quiz at least once
	passed    bool      // passed it at least once
	completed time.Time // certificate issued (the completion rule was met); zero if not
	certified bool      // completed and the certificate is not revoked
}

// enrolled says whether the pair counts at all: the learner is in a class
// teaching the course, or started it on their own.
func (f *fact) enrolled() bool {
	return len(f.classes) > 0 || !f.started.IsZero() || f.tookFinal || !f.completed.IsZero()
}

// batchSize bounds how many learners' records one LearnerRecords call
// reads, so a province does not become one enormous query.
const batchSize = 500

// facts reads the records of the users with the ids, in batches of a few
// queries each, and returns those of them keep chooses with their facts,
// one per learner and course they are enrolled in. classes caches
// ClassByID for classes outside the report's units. With a non-nil levels,
// each learner's mastery levels are computed from the same attempts.
func (s *Service) facts(ctx context.Context, ids []string, keep func(*lms.User) bool, classes map[string]*lms.Class,
	levels map[string]map[string]assess.Level) ([]*lms.User, []*fact, error) {
	ids = slices.Sorted(slices.Values(ids))
	var learners []*lms.User
	var out []*fact
	for start := 0; start < len(ids); start += batchSize {
		r, err := s.store.LearnerRecords(ctx, ids[start:min(start+batchSize, len(ids))])
		if err != nil {
			return nil, nil, err
		}
		var batch []*lms.User
		for _, u := range r.Users {
			if keep(u) {
				batch = append(batch, u)
			}
		}
		fs, err := s.factsFrom(ctx, batch, r, classes, levels)
		if err != nil {
			return nil, nil, err
		}
		learners, out = append(learners, batch...), append(out, fs...)
	}
	return learners, out, nil
}

// factsFrom computes the facts of the learners from their records, read
// in one LearnerRecords call: the one definition of every figure, used by
// the exact reports and by the roll-up's refresher alike.
func (s *Service) factsFrom(ctx context.Context, learners []*lms.User, r *lms.LearnerRecords, classes map[string]*lms.Class,
	levels map[string]map[string]assess.Level) ([]*fact, error) {
	byUser := make(map[string]map[string]*fact, len(learners))
	users := make(map[string]*lms.User, len(learners))
	for _, u := range learners {
		byUser[u.ID], users[u.ID] = map[string]*fact{}, u
	}
	// get returns the fact of a learner and course; nil for records of
	// users who are not among the learners (a trainer, say).
	get := func(userID, course string) *fact {
		m := byUser[userID]
		if m == nil {
			return nil
		}
		f := m[course]
		if f == nil {
			f = &fact{learner: users[userID], course: course}
			m[course] = f
		}
		return f
	}
	for _, e := range r.Enrolments {
		if byUser[e.UserID] == nil {
			continue
		}
		c, err := s.class(ctx, classes, e.ClassID)
		if err != nil {
			return nil, err
		}
		for _, course := range c.Courses {
			f := get(e.UserID, course)
			f.classes = append(f.classes, c.ID)
		}
	}
	for _, lc := range r.Completions {
		if f := get(lc.UserID, lc.CourseSlug); f != nil && (f.started.IsZero() || lc.CompletedAt.Before(f.started)) {
			f.started = lc.CompletedAt
		}
	}
	if levels != nil {
		byUser := map[string][]*lms.Attempt{}
		for _, a := range r.Attempts {
			byUser[a.UserID] = append(byUser[a.UserID], a)
		}
		for _, u := range learners {
			levels[u.ID] = s.mastery(byUser[u.ID])
		}
	}
	for _, a := range r.Attempts {
		if a.Kind != content.QuizFinal || a.Status != lms.AttemptSubmitted {
			continue
		}
		if f := get(a.UserID, a.CourseSlug); f != nil {
			f.tookFinal = true
			f.passed = f.passed || a.Passed
		}
	}
	for _, c := range r.Certificates {
		if f := get(c.UserID, c.CourseSlug); f != nil {
			f.completed = c.IssuedAt
			f.certified = !c.Revoked()
		}
	}
	var out []*fact
	for _, u := range learners { // in learner order, so results do not depend on map order
		for _, f := range byUser[u.ID] {
			if f.enrolled() {
				out = append(out, f)
			}
		}
	}
	return out, nil
}

// class returns the class with id from classes, reading it into classes
// first if it is not there.
func (s *Service) class(ctx context.Context, classes map[string]*lms.Class, id string) (*lms.Class, error) {
	if c, ok := classes[id]; ok {
		return c, nil
	}
	c, err := s.store.ClassByID(ctx, id)
	if err != nil {
		return nil, err
	}
	classes[id] = c
	return c, nil
}

// firstCertified is, for each learner of fs, the DayNumber of their
// earliest valid certificate; learners without one are absent.
func firstCertified(fs []*fact) map[string]int {
	first := map[string]int{}
	for _, f := range fs {
		if f.certified {
			if d := lms.DayNumber(f.completed); first[f.learner.ID] == 0 || d < first[f.learner.ID] {
				first[f.learner.ID] = d
			}
		}
	}
	return first
}
