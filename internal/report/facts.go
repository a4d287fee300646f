package report

import (
	"context"
	"time"

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

// factsOf reads one learner's facts, one per course they are enrolled in.
// classes caches ClassByID across learners.
func (s *Service) factsOf(ctx context.Context, u *lms.User, classes map[string]*lms.Class) ([]*fact, error) {
	byCourse := map[string]*fact{}
	get := func(course string) *fact {
		f := byCourse[course]
		if f == nil {
			f = &fact{learner: u, course: course}
			byCourse[course] = f
		}
		return f
	}
	es, err := s.store.EnrolmentsOf(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	for _, e := range es {
		c, ok := classes[e.ClassID]
		if !ok {
			if c, err = s.store.ClassByID(ctx, e.ClassID); err != nil {
				return nil, err
			}
			classes[e.ClassID] = c
		}
		for _, course := range c.Courses {
			f := get(course)
			f.classes = append(f.classes, c.ID)
		}
	}
	lcs, err := s.store.CompletionsByUser(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	for _, lc := range lcs {
		f := get(lc.CourseSlug)
		if f.started.IsZero() || lc.CompletedAt.Before(f.started) {
			f.started = lc.CompletedAt
		}
	}
	as, err := s.store.AttemptsByUser(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	for _, a := range as {
		if a.Kind != content.QuizFinal || a.Status != lms.AttemptSubmitted {
			continue
		}
		f := get(a.CourseSlug)
		f.tookFinal = true
		f.passed = f.passed || a.Passed
	}
	cs, err := s.store.CertificatesByUser(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		f := get(c.CourseSlug)
		f.completed = c.IssuedAt
		f.certified = !c.Revoked()
	}
	out := make([]*fact, 0, len(byCourse))
	for _, f := range byCourse {
		if f.enrolled() {
			out = append(out, f)
		}
	}
	return out, nil
}
