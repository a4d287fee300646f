package mongodb

import (
	"context"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/hocvuso/hocvuso/internal/lms"
)

// completionDoc is one finished lesson; _id is user|course|lesson, so a
// repeated completion is a duplicate insert and the first one is kept.
type completionDoc struct {
	ID          string    `bson:"_id"`
	UserID      string    `bson:"user_id"`
	CourseSlug  string    `bson:"course_slug"`
	LessonID    string    `bson:"lesson_id"`
	ContentHash string    `bson:"content_hash"`
	CompletedAt time.Time `bson:"completed_at"`
	RecordedAt  time.Time `bson:"recorded_at"`
}

// stateDoc is a learner's place in a course; _id is user|course.
type stateDoc struct {
	ID           string    `bson:"_id"`
	UserID       string    `bson:"user_id"`
	CourseSlug   string    `bson:"course_slug"`
	LastLessonID string    `bson:"last_lesson_id"`
	UpdatedAt    time.Time `bson:"updated_at"`
}

// CompleteLesson implements lms.ProgressStore.
func (d *DB) CompleteLesson(ctx context.Context, c *lms.LessonCompletion) (bool, error) {
	ctx, cancel := opContext(ctx)
	defer cancel()
	_, err := d.completed.InsertOne(ctx, completionDoc{ID: c.UserID + "|" + c.CourseSlug + "|" + c.LessonID,
		UserID: c.UserID, CourseSlug: c.CourseSlug, LessonID: c.LessonID, ContentHash: c.ContentHash,
		CompletedAt: c.CompletedAt.UTC(), RecordedAt: c.RecordedAt.UTC()})
	if mongo.IsDuplicateKeyError(err) {
		return false, nil
	}
	if err != nil {
		return false, translate("complete lesson", err)
	}
	return true, d.markDirty(ctx, c.UserID)
}

// CompletionsByUser implements lms.ProgressStore.
func (d *DB) CompletionsByUser(ctx context.Context, userID string) ([]*lms.LessonCompletion, error) {
	return d.findCompletions(ctx, bson.D{{Key: "user_id", Value: userID}})
}

func (d *DB) findCompletions(ctx context.Context, filter bson.D) ([]*lms.LessonCompletion, error) {
	ctx, cancel := opContext(ctx)
	defer cancel()
	cur, err := d.completed.Find(ctx, filter)
	if err != nil {
		return nil, translate("completions", err)
	}
	var docs []completionDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, translate("completions", err)
	}
	out := make([]*lms.LessonCompletion, len(docs))
	for i, doc := range docs {
		out[i] = &lms.LessonCompletion{UserID: doc.UserID, CourseSlug: doc.CourseSlug, LessonID: doc.LessonID,
			ContentHash: doc.ContentHash, CompletedAt: doc.CompletedAt.UTC(), RecordedAt: doc.RecordedAt.UTC()}
	}
	return out, nil
}

// SetCourseState implements lms.ProgressStore with one upsert.
func (d *DB) SetCourseState(ctx context.Context, s *lms.CourseState) error {
	ctx, cancel := opContext(ctx)
	defer cancel()
	id := s.UserID + "|" + s.CourseSlug
	doc := stateDoc{ID: id, UserID: s.UserID, CourseSlug: s.CourseSlug, LastLessonID: s.LastLessonID, UpdatedAt: s.UpdatedAt.UTC()}
	_, err := d.states.ReplaceOne(ctx, bson.D{{Key: "_id", Value: id}}, doc, options.Replace().SetUpsert(true))
	if mongo.IsDuplicateKeyError(err) { // two upserts raced to insert
		_, err = d.states.ReplaceOne(ctx, bson.D{{Key: "_id", Value: id}}, doc)
	}
	return translate("set course state", err)
}

// CourseStates implements lms.ProgressStore.
func (d *DB) CourseStates(ctx context.Context, userID string) ([]*lms.CourseState, error) {
	ctx, cancel := opContext(ctx)
	defer cancel()
	cur, err := d.states.Find(ctx, bson.D{{Key: "user_id", Value: userID}})
	if err != nil {
		return nil, translate("course states", err)
	}
	var docs []stateDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, translate("course states", err)
	}
	out := make([]*lms.CourseState, len(docs))
	for i, doc := range docs {
		out[i] = &lms.CourseState{UserID: doc.UserID, CourseSlug: doc.CourseSlug, LastLessonID: doc.LastLessonID, UpdatedAt: doc.UpdatedAt.UTC()}
	}
	return out, nil
}
