package learning

import (
	"context"
	"time"

	"github.com/hocvuso/hocvuso/internal/content"
	"github.com/hocvuso/hocvuso/internal/lms"
)

// Lesson finds a lesson of a course. ENOTFOUND if either is unknown.
func (s *Service) Lesson(slug, id string) (*content.Course, *content.Lesson, error) {
	c, ok := s.cat.Course(slug)
	if !ok {
		return nil, nil, errNoCourse()
	}
	l, ok := c.Lesson(id)
	if !ok {
		return nil, nil, errNoLesson()
	}
	return c, l, nil
}

// offlineWindow is how far back a completion made offline may be dated;
// an older or future date is taken as the time it reached the server.
const offlineWindow = 60 * 24 * time.Hour

// CompleteResult says what completing did.
type CompleteResult struct {
	FirstTime bool // false when it had been completed already
	Progress  *CourseProgress
	Next      *content.Lesson // the lesson after, nil at the end
}

// Complete records that user finished a lesson. It is idempotent: the
// first completion is kept and a repeat (a retried request, the offline
// queue sending again) changes nothing. completedAt is when the learner
// finished, for completions queued offline; zero means now.
//
// ENOTFOUND for an unknown course or lesson; ECONFLICT when a sequential
// course's earlier lessons are not completed yet.
func (s *Service) Complete(ctx context.Context, user *lms.User, slug, id string, completedAt time.Time) (*CompleteResult, error) {
	_, lesson, err := s.Lesson(slug, id)
	if err != nil {
		return nil, err
	}
	p, err := s.CourseProgress(ctx, user, slug)
	if err != nil {
		return nil, err
	}
	res := &CompleteResult{Progress: p, Next: next(p.Course, lesson)}
	if p.IsCompleted(id) {
		return res, nil
	}
	if !p.Unlocked(lesson) {
		return nil, lms.Errorf(lms.ECONFLICT, "Bài này sẽ mở khi bạn học xong các bài trước.",
			"This lesson opens once you have completed the lessons before it.")
	}
	now := s.now().UTC().Truncate(time.Millisecond)
	if completedAt.IsZero() || completedAt.After(now.Add(5*time.Minute)) || completedAt.Before(now.Add(-offlineWindow)) {
		completedAt = now
	}
	completedAt = completedAt.UTC().Truncate(time.Millisecond)
	created, err := s.store.CompleteLesson(ctx, &lms.LessonCompletion{UserID: user.ID, CourseSlug: slug, LessonID: id,
		ContentHash: lesson.Hash, CompletedAt: completedAt, RecordedAt: now})
	if err != nil {
		return nil, err
	}
	res.FirstTime = created
	p.Completed[id] = completedAt
	return res, nil
}

// Opened records that user opened a lesson, so the course page can offer
// to resume there. It writes only when the position changes.
func (s *Service) Opened(ctx context.Context, user *lms.User, p *CourseProgress, l *content.Lesson) error {
	if user == nil || (p.Last != nil && p.Last.ID == l.ID) {
		return nil
	}
	err := s.store.SetCourseState(ctx, &lms.CourseState{UserID: user.ID, CourseSlug: l.CourseSlug, LastLessonID: l.ID,
		UpdatedAt: s.now().UTC().Truncate(time.Millisecond)})
	if err == nil {
		p.Last = l
	}
	return err
}

func next(c *content.Course, l *content.Lesson) *content.Lesson {
	if l.Index+1 < len(c.Lessons) {
		return c.Lessons[l.Index+1]
	}
	return nil
}

// Neighbours returns the lessons before and after l (nil at the ends).
func Neighbours(c *content.Course, l *content.Lesson) (prev, nxt *content.Lesson) {
	if l.Index > 0 {
		prev = c.Lessons[l.Index-1]
	}
	return prev, next(c, l)
}
