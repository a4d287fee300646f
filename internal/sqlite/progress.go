package sqlite

import (
	"context"

	"github.com/hocvuso/hocvuso/internal/lms"
)

// CompleteLesson implements lms.ProgressStore: the first completion wins.
func (db *DB) CompleteLesson(ctx context.Context, c *lms.LessonCompletion) (bool, error) {
	res, err := db.write.ExecContext(ctx, `INSERT INTO lesson_completions
		(user_id, course_slug, lesson_id, content_hash, completed_at, recorded_at) VALUES (?,?,?,?,?,?)
		ON CONFLICT DO NOTHING`, c.UserID, c.CourseSlug, c.LessonID, c.ContentHash, ms(c.CompletedAt), ms(c.RecordedAt))
	if err != nil {
		return false, translate("sqlite: complete lesson", err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// CompletionsByUser implements lms.ProgressStore.
func (db *DB) CompletionsByUser(ctx context.Context, userID string) ([]*lms.LessonCompletion, error) {
	return db.completions(ctx, `SELECT user_id, course_slug, lesson_id, content_hash, completed_at, recorded_at
		FROM lesson_completions WHERE user_id = ?`, userID)
}

// completions runs a query of the six lesson_completions columns above.
func (db *DB) completions(ctx context.Context, q string, args ...any) ([]*lms.LessonCompletion, error) {
	rows, err := db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, translate("sqlite: completions", err)
	}
	defer rows.Close()
	out := []*lms.LessonCompletion{}
	for rows.Next() {
		var c lms.LessonCompletion
		var completed, recorded int64
		if err := rows.Scan(&c.UserID, &c.CourseSlug, &c.LessonID, &c.ContentHash, &completed, &recorded); err != nil {
			return nil, translate("sqlite: completions", err)
		}
		c.CompletedAt, c.RecordedAt = fromMS(completed), fromMS(recorded)
		out = append(out, &c)
	}
	return out, translate("sqlite: completions", rows.Err())
}

// SetCourseState implements lms.ProgressStore.
func (db *DB) SetCourseState(ctx context.Context, s *lms.CourseState) error {
	_, err := db.write.ExecContext(ctx, `INSERT INTO course_states (user_id, course_slug, last_lesson_id, updated_at)
		VALUES (?,?,?,?) ON CONFLICT (user_id, course_slug) DO UPDATE SET
		last_lesson_id = excluded.last_lesson_id, updated_at = excluded.updated_at`,
		s.UserID, s.CourseSlug, s.LastLessonID, ms(s.UpdatedAt))
	return translate("sqlite: set course state", err)
}

// CourseStates implements lms.ProgressStore.
func (db *DB) CourseStates(ctx context.Context, userID string) ([]*lms.CourseState, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT course_slug, last_lesson_id, updated_at FROM course_states WHERE user_id = ?`, userID)
	if err != nil {
		return nil, translate("sqlite: course states", err)
	}
	defer rows.Close()
	out := []*lms.CourseState{}
	for rows.Next() {
		s := lms.CourseState{UserID: userID}
		var updated int64
		if err := rows.Scan(&s.CourseSlug, &s.LastLessonID, &updated); err != nil {
			return nil, translate("sqlite: course states", err)
		}
		s.UpdatedAt = fromMS(updated)
		out = append(out, &s)
	}
	return out, translate("sqlite: course states", rows.Err())
}
