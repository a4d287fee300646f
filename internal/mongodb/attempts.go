package mongodb

import (
	"context"
	"encoding/json"
	"strconv"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/hocvuso/hocvuso/internal/lms"
)

// attemptDoc is one attempt: the fields queries filter on, and the whole
// attempt as JSON (its answers are written together, never field by
// field, under the rev guard).
type attemptDoc struct {
	ID         string    `bson:"_id"`
	UserID     string    `bson:"user_id"`
	QuizID     string    `bson:"quiz_id"`
	CourseSlug string    `bson:"course_slug"`
	Status     string    `bson:"status"`
	Rev        int       `bson:"rev"`
	StartedAt  time.Time `bson:"started_at"`
	Data       string    `bson:"data"`
}

func toAttemptDoc(a *lms.Attempt) (*attemptDoc, error) {
	data, err := json.Marshal(a)
	if err != nil {
		return nil, lms.Internal("mongodb: encode attempt", err)
	}
	return &attemptDoc{ID: a.ID, UserID: a.UserID, QuizID: a.QuizID, CourseSlug: a.CourseSlug, Status: a.Status,
		Rev: a.Rev, StartedAt: a.StartedAt.UTC(), Data: string(data)}, nil
}

func (d *attemptDoc) attempt() (*lms.Attempt, error) {
	var a lms.Attempt
	if err := json.Unmarshal([]byte(d.Data), &a); err != nil {
		return nil, lms.Internal("mongodb: decode attempt", err)
	}
	return &a, nil
}

// CreateAttempt implements lms.AttemptStore.
func (d *DB) CreateAttempt(ctx context.Context, a *lms.Attempt) error {
	ctx, cancel := opContext(ctx)
	defer cancel()
	a.Rev = 0
	doc, err := toAttemptDoc(a)
	if err != nil {
		return err
	}
	if _, err = d.attempts.InsertOne(ctx, doc); err != nil {
		return translate("create attempt", err)
	}
	return d.markDirty(ctx, a.UserID)
}

// AttemptByID implements lms.AttemptStore.
func (d *DB) AttemptByID(ctx context.Context, id string) (*lms.Attempt, error) {
	ctx, cancel := opContext(ctx)
	defer cancel()
	var doc attemptDoc
	if err := d.attempts.FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&doc); err != nil {
		return nil, translate("attempt", err)
	}
	return doc.attempt()
}

// AttemptsByUser implements lms.AttemptStore.
func (d *DB) AttemptsByUser(ctx context.Context, userID string) ([]*lms.Attempt, error) {
	return d.findAttempts(ctx, "attempts by user", bson.D{{Key: "user_id", Value: userID}})
}

// AttemptsByUserQuiz implements lms.AttemptStore.
func (d *DB) AttemptsByUserQuiz(ctx context.Context, userID, quizID string) ([]*lms.Attempt, error) {
	return d.findAttempts(ctx, "attempts by user and quiz", bson.D{{Key: "user_id", Value: userID}, {Key: "quiz_id", Value: quizID}})
}

// AttemptsByQuiz implements lms.AttemptStore.
func (d *DB) AttemptsByQuiz(ctx context.Context, quizID string) ([]*lms.Attempt, error) {
	return d.findAttempts(ctx, "attempts by quiz", bson.D{{Key: "quiz_id", Value: quizID}, {Key: "status", Value: lms.AttemptSubmitted}})
}

func (d *DB) findAttempts(ctx context.Context, op string, filter bson.D) ([]*lms.Attempt, error) {
	ctx, cancel := opContext(ctx)
	defer cancel()
	cur, err := d.attempts.Find(ctx, filter, options.Find().SetSort(bson.D{{Key: "started_at", Value: 1}}))
	if err != nil {
		return nil, translate(op, err)
	}
	var docs []attemptDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, translate(op, err)
	}
	out := make([]*lms.Attempt, 0, len(docs))
	for _, doc := range docs {
		a, err := doc.attempt()
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

// UpdateAttempt implements lms.AttemptStore with one conditional update on
// _id and rev.
func (d *DB) UpdateAttempt(ctx context.Context, a *lms.Attempt, rev int) error {
	ctx, cancel := opContext(ctx)
	defer cancel()
	a.Rev = rev + 1
	doc, err := toAttemptDoc(a)
	if err != nil {
		a.Rev = rev
		return err
	}
	if d.ferret {
		if err := d.claimRevision(ctx, a.ID, a.Rev); err != nil {
			a.Rev = rev
			return err
		}
	}
	set := bson.D{{Key: "status", Value: doc.Status}, {Key: "rev", Value: doc.Rev}, {Key: "data", Value: doc.Data}}
	res, err := d.attempts.UpdateOne(ctx, bson.D{{Key: "_id", Value: a.ID}, {Key: "rev", Value: rev}}, bson.D{{Key: "$set", Value: set}})
	if err != nil {
		a.Rev = rev
		return translate("update attempt", err)
	}
	if res.MatchedCount == 0 {
		a.Rev = rev
		return &lms.Error{Code: lms.ECONFLICT, Op: "mongodb: update attempt",
			Message: lms.Text{VI: "Bài làm vừa được thay đổi ở nơi khác.", EN: "The attempt was changed elsewhere."}}
	}
	return d.markDirty(ctx, a.UserID) // the update is stored, so a.Rev stays rev+1 even if this fails
}

// claimRevision makes the rev guard atomic on FerretDB v1, whose update
// reads and writes back the document with nothing in between (see
// ratelimits_ferret.go): inserting the new revision's claim document
// succeeds for exactly one writer. MongoDB needs no claim: its conditional
// update is atomic.
func (d *DB) claimRevision(ctx context.Context, id string, rev int) error {
	_, err := d.revClaims.InsertOne(ctx, bson.D{{Key: "_id", Value: id + "#" + strconv.Itoa(rev)}})
	if mongo.IsDuplicateKeyError(err) {
		return &lms.Error{Code: lms.ECONFLICT, Op: "mongodb: update attempt",
			Message: lms.Text{VI: "Bài làm vừa được thay đổi ở nơi khác.", EN: "The attempt was changed elsewhere."}}
	}
	return translate("claim attempt revision", err)
}

type calibrationDoc struct {
	ID         string    `bson:"_id"`
	Difficulty float64   `bson:"difficulty"`
	Responses  int       `bson:"responses"`
	UpdatedAt  time.Time `bson:"updated_at"`
}

// PutCalibration implements lms.AttemptStore.
func (d *DB) PutCalibration(ctx context.Context, c *lms.Calibration) error {
	ctx, cancel := opContext(ctx)
	defer cancel()
	doc := calibrationDoc{ID: c.ItemID, Difficulty: c.Difficulty, Responses: c.Responses, UpdatedAt: c.UpdatedAt.UTC()}
	_, err := d.calibrations.ReplaceOne(ctx, bson.D{{Key: "_id", Value: c.ItemID}}, doc, options.Replace().SetUpsert(true))
	if mongo.IsDuplicateKeyError(err) {
		_, err = d.calibrations.ReplaceOne(ctx, bson.D{{Key: "_id", Value: c.ItemID}}, doc)
	}
	return translate("put calibration", err)
}

// Calibrations implements lms.AttemptStore.
func (d *DB) Calibrations(ctx context.Context) (map[string]*lms.Calibration, error) {
	ctx, cancel := opContext(ctx)
	defer cancel()
	cur, err := d.calibrations.Find(ctx, bson.D{})
	if err != nil {
		return nil, translate("calibrations", err)
	}
	var docs []calibrationDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, translate("calibrations", err)
	}
	out := make(map[string]*lms.Calibration, len(docs))
	for _, doc := range docs {
		out[doc.ID] = &lms.Calibration{ItemID: doc.ID, Difficulty: doc.Difficulty, Responses: doc.Responses, UpdatedAt: doc.UpdatedAt.UTC()}
	}
	return out, nil
}
