package lms

import (
	"context"
	"time"
)

// ContentItem is one version of a course or lesson as it was loaded from
// the content files. Items are keyed by kind and key and versioned by the
// hash of their source files, so a learner's progress and attempts can
// name the exact version they saw.
type ContentItem struct {
	Kind      string // "course" or "lesson"
	Key       string // "smartphone", "smartphone/01-lam-quen"
	Hash      string // hex SHA-256 of the source files
	Data      []byte // the item as JSON, for history
	UpdatedAt time.Time
}

// LessonCompletion records that a learner finished a lesson. There is at
// most one per learner and lesson: completing again changes nothing.
type LessonCompletion struct {
	UserID      string
	CourseSlug  string
	LessonID    string
	ContentHash string    // the lesson version the learner completed
	CompletedAt time.Time // when the learner finished, possibly offline
	RecordedAt  time.Time // when the server learned of it
}

// CourseState is where a learner is in a course, so they can resume.
type CourseState struct {
	UserID       string
	CourseSlug   string
	LastLessonID string
	UpdatedAt    time.Time
}

// ContentStore keeps the versions of the content files.
type ContentStore interface {
	// PutContent makes item the current version of its kind and key and
	// keeps it in the history. written is false, and nothing is written,
	// when the current version already has the same hash.
	PutContent(ctx context.Context, item *ContentItem) (written bool, err error)
	// ContentVersion returns one version. ENOTFOUND if it was never stored.
	ContentVersion(ctx context.Context, kind, key, hash string) (*ContentItem, error)
	// CurrentContent returns the current version. ENOTFOUND if none.
	CurrentContent(ctx context.Context, kind, key string) (*ContentItem, error)
}

// ProgressStore keeps learners' progress through courses.
type ProgressStore interface {
	// CompleteLesson records a completion once. created is false when the
	// learner had already completed the lesson; the first record is kept.
	CompleteLesson(ctx context.Context, c *LessonCompletion) (created bool, err error)
	// CompletionsByUser returns every lesson the user has completed.
	CompletionsByUser(ctx context.Context, userID string) ([]*LessonCompletion, error)
	// SetCourseState records where the user is in a course.
	SetCourseState(ctx context.Context, s *CourseState) error
	// CourseStates returns the user's position in every course started.
	CourseStates(ctx context.Context, userID string) ([]*CourseState, error)
}
