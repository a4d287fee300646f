package report

import (
	"context"
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

// facts reads the learners' facts, one per learner and course they are
// enrolled in, in batches of a few queries each. classes caches ClassByID
// for classes outside the report's units. With a non-nil levels, each
// learner's mastery levels are computed from the same attempts.
func (s *Service) facts(ctx context.Context, learners []*lms.User, classes map[string]*lms.Class,
	levels map[string]map[string]assess.Level) ([]*fact, error) {
	var out []*fact
	for start := 0; start < len(learners); start += batchSize {
		batch := learners[start:min(start+batchSize, len(learners))]
		ids := make([]string, len(batch))
		byUser := make(map[string]map[string]*fact, len(batch))
		users := make(map[string]*lms.User, len(batch))
		for i, u := range batch {
			ids[i], byUser[u.ID], users[u.ID] = u.ID, map[string]*fact{}, u
		}
		get := func(userID, course string) *fact {
			f := byUser[userID][course]
			if f == nil {
				f = &fact{learner: users[userID], course: course}
				byUser[userID][course] = f
			}
			return f
		}
		r, err := s.store.LearnerRecords(ctx, ids)
		if err != nil {
			return nil, err
		}
		for _, e := range r.Enrolments {
			c, ok := classes[e.ClassID]
			if !ok {
				if c, err = s.store.ClassByID(ctx, e.ClassID); err != nil {
					return nil, err
				}
				classes[e.ClassID] = c
			}
			for _, course := range c.Courses {
				f := get(e.UserID, course)
				f.classes = append(f.classes, c.ID)
			}
		}
		for _, lc := range r.Completions {
			f := get(lc.UserID, lc.CourseSlug)
			if f.started.IsZero() || lc.CompletedAt.Before(f.started) {
				f.started = lc.CompletedAt
			}
		}
		if levels != nil {
			byUser := map[string][]*lms.Attempt{}
			for _, a := range r.Attempts {
				byUser[a.UserID] = append(byUser[a.UserID], a)
			}
			for _, u := range batch {
				levels[u.ID] = s.mastery(byUser[u.ID])
			}
		}
		for _, a := range r.Attempts {
			if a.Kind != content.QuizFinal || a.Status != lms.AttemptSubmitted {
				continue
			}
			f := get(a.UserID, a.CourseSlug)
			f.tookFinal = true
			f.passed = f.passed || a.Passed
		}
		for _, c := range r.Certificates {
			f := get(c.UserID, c.CourseSlug)
			f.completed = c.IssuedAt
			f.certified = !c.Revoked()
		}
		for _, u := range batch { // in learner order, so results do not depend on map order
			for _, f := range byUser[u.ID] {
				if f.enrolled() {
					out = append(out, f)
				}
			}
		}
	}
	return out, nil
}
