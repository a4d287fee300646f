// Package learning is the learner's path through the courses: which
// lessons are open, completing them (online or queued offline), where to
// resume, and progress per course.
package learning

import (
	"context"
	"time"

	"github.com/hocvuso/hocvuso/internal/assess"
	"github.com/hocvuso/hocvuso/internal/content"
	"github.com/hocvuso/hocvuso/internal/lms"
)

// Service answers progress questions against the loaded catalog.
type Service struct {
	store  lms.Store
	cat    *content.Catalog
	assess *assess.Service
	now    func() time.Time
}

// NewService returns a Service; now is the clock (time.Now in production).
// Quiz results come from as: the final quiz in completion rules, lessons
// the placement test lets a learner skip, mastery.
func NewService(store lms.Store, cat *content.Catalog, as *assess.Service, now func() time.Time) *Service {
	return &Service{store: store, cat: cat, assess: as, now: now}
}

// Catalog is the content the service serves.
func (s *Service) Catalog() *content.Catalog { return s.cat }

// CourseProgress is one learner's progress in one course. For a visitor
// who is not signed in it is empty and nothing is locked.
type CourseProgress struct {
	Course    *content.Course
	Completed map[string]time.Time // lesson id → when
	Last      *content.Lesson      // the lesson last opened, to resume
	Quizzes   assess.CourseStatus  // the counted final attempt, lessons to skip
	Attempts  []*lms.Attempt       // the learner's attempts in this course
	signedIn  bool
}

// Done is how many lessons are completed.
func (p *CourseProgress) Done() int {
	n := 0
	for _, l := range p.Course.Lessons {
		if _, ok := p.Completed[l.ID]; ok {
			n++
		}
	}
	return n
}

// Total is the number of lessons.
func (p *CourseProgress) Total() int { return len(p.Course.Lessons) }

// Percent is Done as a whole percentage.
func (p *CourseProgress) Percent() int { return p.Done() * 100 / max(p.Total(), 1) }

// Finished reports whether the course's completion rule is met: every
// lesson completed (or skipped after the placement test) and, when the
// rule says so, the final quiz passed.
func (p *CourseProgress) Finished() bool {
	for _, l := range p.Course.Lessons {
		if !p.IsCompleted(l.ID) && !p.Quizzes.Skippable[l.ID] {
			return false
		}
	}
	return p.Course.Completion.Quiz != content.QuizFinal || p.Quizzes.FinalPassed
}

// LessonsDone reports whether every lesson is completed or skipped, which
// opens the final quiz.
func (p *CourseProgress) LessonsDone() bool {
	for _, l := range p.Course.Lessons {
		if !p.IsCompleted(l.ID) && !p.Quizzes.Skippable[l.ID] {
			return false
		}
	}
	return true
}

// Started reports whether any lesson was opened or completed.
func (p *CourseProgress) Started() bool { return p.Last != nil || len(p.Completed) > 0 }

// IsCompleted reports whether lesson id is completed.
func (p *CourseProgress) IsCompleted(id string) bool {
	_, ok := p.Completed[id]
	return ok
}

// Unlocked reports whether the learner may complete lesson l now: always
// in a free course and for visitors; in a sequential course once every
// lesson before it is completed.
func (p *CourseProgress) Unlocked(l *content.Lesson) bool {
	if !p.signedIn || p.Course.Unlock == content.UnlockFree {
		return true
	}
	for _, prev := range p.Course.Lessons[:l.Index] {
		if !p.IsCompleted(prev.ID) && !p.Quizzes.Skippable[prev.ID] {
			return false
		}
	}
	return true
}

// Resume is the lesson to continue with: the first one not completed,
// or the last opened if every lesson is done.
func (p *CourseProgress) Resume() *content.Lesson {
	for _, l := range p.Course.Lessons {
		if !p.IsCompleted(l.ID) && !p.Quizzes.Skippable[l.ID] {
			return l
		}
	}
	if p.Last != nil {
		return p.Last
	}
	return p.Course.Lessons[0]
}

// Progress returns the learner's progress in every course, in catalogue
// order, with three store reads. user may be nil (a visitor).
func (s *Service) Progress(ctx context.Context, user *lms.User) ([]*CourseProgress, error) {
	out := make([]*CourseProgress, len(s.cat.Courses))
	bySlug := map[string]*CourseProgress{}
	for i, c := range s.cat.Courses {
		out[i] = &CourseProgress{Course: c, Completed: map[string]time.Time{}, signedIn: user != nil,
			Quizzes: assess.CourseStatus{Skippable: map[string]bool{}}}
		bySlug[c.Slug] = out[i]
	}
	if user == nil {
		return out, nil
	}
	done, err := s.store.CompletionsByUser(ctx, user.ID)
	if err != nil {
		return nil, err
	}
	for _, d := range done {
		if p, ok := bySlug[d.CourseSlug]; ok {
			if _, known := p.Course.Lesson(d.LessonID); known { // lessons removed from a course no longer count
				p.Completed[d.LessonID] = d.CompletedAt
			}
		}
	}
	states, err := s.store.CourseStates(ctx, user.ID)
	if err != nil {
		return nil, err
	}
	for _, st := range states {
		if p, ok := bySlug[st.CourseSlug]; ok {
			p.Last, _ = p.Course.Lesson(st.LastLessonID)
		}
	}
	attempts, err := s.store.AttemptsByUser(ctx, user.ID)
	if err != nil {
		return nil, err
	}
	for _, a := range attempts {
		if p, ok := bySlug[a.CourseSlug]; ok {
			p.Attempts = append(p.Attempts, a)
		}
	}
	for _, p := range out {
		p.Quizzes = s.assess.Status(p.Course, p.Attempts)
	}
	return out, nil
}

// Mastery is the learner's level on every skill, from all their attempts.
func (s *Service) Mastery(ctx context.Context, user *lms.User) (map[string]assess.Level, error) {
	attempts, err := s.store.AttemptsByUser(ctx, user.ID)
	if err != nil {
		return nil, err
	}
	return s.assess.Mastery(attempts), nil
}

// CourseProgress returns the learner's progress in one course. ENOTFOUND
// for an unknown course.
func (s *Service) CourseProgress(ctx context.Context, user *lms.User, slug string) (*CourseProgress, error) {
	c, ok := s.cat.Course(slug)
	if !ok {
		return nil, errNoCourse()
	}
	all, err := s.Progress(ctx, user)
	if err != nil {
		return nil, err
	}
	for _, p := range all {
		if p.Course == c {
			return p, nil
		}
	}
	return nil, errNoCourse()
}

func errNoCourse() *lms.Error {
	return lms.Errorf(lms.ENOTFOUND, "Không có khóa học này.", "There is no such course.")
}

func errNoLesson() *lms.Error {
	return lms.Errorf(lms.ENOTFOUND, "Không có bài học này.", "There is no such lesson.")
}
