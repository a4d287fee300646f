package mongodb

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/hocvuso/hocvuso/internal/lms"
)

// migration is one versioned step of the schema. Open applies, in order,
// the steps newer than the version recorded in the meta collection. Every
// step must be idempotent: two instances starting at once may both run it,
// and a step interrupted before its version was recorded runs again.
type migration struct {
	version int
	name    string
	apply   func(ctx context.Context, d *DB) error
}

// migrations is the schema history. Append; never edit a released step.
var migrations = []migration{
	{1, "indexes", createIndexes},
	{2, "progress indexes", createProgressIndexes},
	{3, "attempt indexes", createAttemptIndexes},
	{4, "attempts by user and quiz", createAttemptUserQuizIndex},
	{5, "cohort indexes", createCohortIndexes},
	{6, "certificate indexes", createCertificateIndexes},
	{7, "seats for existing enrolments", seatExistingEnrolments},
	{8, "users by unit", createUserUnitIndex},
	{9, "campaign indexes", createCampaignIndexes},
	{10, "targets by unit", createTargetIndex},
	{11, "roll-up indexes", createRollupIndexes},
	{12, "roll-up marks for existing learners", markExistingLearners},
}

// schemaID is the _id of the meta document holding the schema version.
const schemaID = "schema"

type metaDoc struct {
	ID        string    `bson:"_id"`
	Version   int       `bson:"version"`
	UpdatedAt time.Time `bson:"updated_at"`
}

// SchemaVersion returns the schema version recorded in the database, 0 for
// a new database. EINTERNAL if it cannot be read.
func (d *DB) SchemaVersion(ctx context.Context) (int, error) {
	ctx, cancel := opContext(ctx)
	defer cancel()
	var doc metaDoc
	err := d.meta.FindOne(ctx, bson.D{{Key: "_id", Value: schemaID}}).Decode(&doc)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return 0, nil
	}
	if err != nil {
		return 0, translate("schema version", err)
	}
	return doc.Version, nil
}

func (d *DB) migrate(ctx context.Context) error {
	current, err := d.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	for _, m := range migrations {
		if m.version <= current {
			continue
		}
		op := fmt.Sprintf("mongodb: migration %d (%s)", m.version, m.name)
		if err := m.apply(ctx, d); err != nil {
			return lms.Internal(op, err)
		}
		if err := d.recordVersion(ctx, m.version); err != nil {
			return lms.Internal(op, err)
		}
	}
	return nil
}

// recordVersion raises the recorded version to v; $max keeps it from going
// back when instances race.
func (d *DB) recordVersion(ctx context.Context, v int) error {
	update := bson.D{
		{Key: "$max", Value: bson.D{{Key: "version", Value: v}}},
		{Key: "$set", Value: bson.D{{Key: "updated_at", Value: time.Now().UTC()}}},
	}
	opts := options.UpdateOne().SetUpsert(true)
	_, err := d.meta.UpdateOne(ctx, bson.D{{Key: "_id", Value: schemaID}}, update, opts)
	if mongo.IsDuplicateKeyError(err) { // another instance inserted it first
		_, err = d.meta.UpdateOne(ctx, bson.D{{Key: "_id", Value: schemaID}}, update, opts)
	}
	return err
}

// createIndexes is migration 1.
func createIndexes(ctx context.Context, d *DB) error {
	plain := []struct {
		coll  *mongo.Collection
		model mongo.IndexModel
	}{
		{d.users, mongo.IndexModel{Keys: bson.D{{Key: "phone", Value: 1}},
			Options: options.Index().SetName("phone_unique").SetUnique(true)}},
		{d.sessions, mongo.IndexModel{Keys: bson.D{{Key: "user_id", Value: 1}},
			Options: options.Index().SetName("user_id")}},
		{d.audit, mongo.IndexModel{Keys: bson.D{{Key: "at", Value: -1}, {Key: "_id", Value: -1}},
			Options: options.Index().SetName("at_desc")}},
	}
	for _, ix := range plain {
		if _, err := ix.coll.Indexes().CreateOne(ctx, ix.model); err != nil {
			return fmt.Errorf("%s: %w", ix.coll.Name(), err)
		}
	}
	for _, coll := range []*mongo.Collection{d.sessions, d.rates} {
		if err := createTTLIndex(ctx, coll); err != nil {
			return fmt.Errorf("%s: %w", coll.Name(), err)
		}
	}
	return nil
}

// ttlIndex is the name of the index on expires_at.
const ttlIndex = "expires_at_ttl"

// codeNotImplemented is what FerretDB answers to a TTL index.
const codeNotImplemented = 238

// createTTLIndex makes the server delete documents once expires_at has
// passed. Servers without TTL indexes (FerretDB) get a plain index instead,
// and DeleteExpired does the work.
func createTTLIndex(ctx context.Context, coll *mongo.Collection) error {
	keys := bson.D{{Key: "expires_at", Value: 1}}
	_, err := coll.Indexes().CreateOne(ctx, mongo.IndexModel{Keys: keys,
		Options: options.Index().SetName(ttlIndex).SetExpireAfterSeconds(0)})
	var se mongo.ServerError
	if errors.As(err, &se) && se.HasErrorCode(codeNotImplemented) {
		_, err = coll.Indexes().CreateOne(ctx, mongo.IndexModel{Keys: keys,
			Options: options.Index().SetName(ttlIndex)})
	}
	return err
}

// createProgressIndexes is migration 2: a learner's progress is read by
// user (the shard key of both collections), and reports count completions
// by lesson.
func createProgressIndexes(ctx context.Context, d *DB) error {
	for _, ix := range []struct {
		coll  *mongo.Collection
		model mongo.IndexModel
	}{
		{d.completed, mongo.IndexModel{Keys: bson.D{{Key: "user_id", Value: 1}}, Options: options.Index().SetName("user_id")}},
		{d.completed, mongo.IndexModel{Keys: bson.D{{Key: "course_slug", Value: 1}, {Key: "lesson_id", Value: 1}},
			Options: options.Index().SetName("course_lesson")}},
		{d.states, mongo.IndexModel{Keys: bson.D{{Key: "user_id", Value: 1}}, Options: options.Index().SetName("user_id")}},
	} {
		if _, err := ix.coll.Indexes().CreateOne(ctx, ix.model); err != nil {
			return fmt.Errorf("%s: %w", ix.coll.Name(), err)
		}
	}
	return nil
}

// createAttemptIndexes is migration 3: attempts are read by user (their
// shard key) and, for statistics, by quiz.
func createAttemptIndexes(ctx context.Context, d *DB) error {
	for _, model := range []mongo.IndexModel{
		{Keys: bson.D{{Key: "user_id", Value: 1}, {Key: "started_at", Value: 1}}, Options: options.Index().SetName("user_started")},
		{Keys: bson.D{{Key: "quiz_id", Value: 1}, {Key: "status", Value: 1}}, Options: options.Index().SetName("quiz_status")},
	} {
		if _, err := d.attempts.Indexes().CreateOne(ctx, model); err != nil {
			return fmt.Errorf("%s: %w", d.attempts.Name(), err)
		}
	}
	return nil
}

// createAttemptUserQuizIndex is migration 4: starting an attempt reads the
// learner's attempts at one quiz.
func createAttemptUserQuizIndex(ctx context.Context, d *DB) error {
	_, err := d.attempts.Indexes().CreateOne(ctx, mongo.IndexModel{
		Keys:    bson.D{{Key: "user_id", Value: 1}, {Key: "quiz_id", Value: 1}, {Key: "started_at", Value: 1}},
		Options: options.Index().SetName("user_quiz_started")})
	return err
}

// createCohortIndexes is migration 5: teams, classes, enrolments,
// attendance and activities.
func createCohortIndexes(ctx context.Context, d *DB) error {
	for _, ix := range []struct {
		coll  *mongo.Collection
		model mongo.IndexModel
	}{
		{d.members, mongo.IndexModel{Keys: bson.D{{Key: "user_id", Value: 1}}, Options: options.Index().SetName("user_id")}},
		{d.members, mongo.IndexModel{Keys: bson.D{{Key: "team_id", Value: 1}}, Options: options.Index().SetName("team_id")}},
		{d.classes, mongo.IndexModel{Keys: bson.D{{Key: "join_code", Value: 1}}, Options: options.Index().SetName("join_code_unique").SetUnique(true)}},
		{d.classes, mongo.IndexModel{Keys: bson.D{{Key: "team_id", Value: 1}}, Options: options.Index().SetName("team_id")}},
		{d.classes, mongo.IndexModel{Keys: bson.D{{Key: "unit_code", Value: 1}}, Options: options.Index().SetName("unit_code")}},
		{d.enrolments, mongo.IndexModel{Keys: bson.D{{Key: "class_id", Value: 1}}, Options: options.Index().SetName("class_id")}},
		{d.enrolments, mongo.IndexModel{Keys: bson.D{{Key: "user_id", Value: 1}}, Options: options.Index().SetName("user_id")}},
		{d.attendance, mongo.IndexModel{Keys: bson.D{{Key: "class_id", Value: 1}}, Options: options.Index().SetName("class_id")}},
		{d.activities, mongo.IndexModel{Keys: bson.D{{Key: "trainer_id", Value: 1}, {Key: "created_at", Value: -1}}, Options: options.Index().SetName("trainer_created")}},
		{d.activities, mongo.IndexModel{Keys: bson.D{{Key: "unit_code", Value: 1}}, Options: options.Index().SetName("unit_code")}},
	} {
		if _, err := ix.coll.Indexes().CreateOne(ctx, ix.model); err != nil {
			return fmt.Errorf("%s: %w", ix.coll.Name(), err)
		}
	}
	return nil
}

// createCertificateIndexes is migration 6: codes and status indexes are
// unique; certificates are read by user and revoked ones listed.
func createCertificateIndexes(ctx context.Context, d *DB) error {
	for _, model := range []mongo.IndexModel{
		{Keys: bson.D{{Key: "code", Value: 1}}, Options: options.Index().SetName("code_unique").SetUnique(true)},
		{Keys: bson.D{{Key: "status_index", Value: 1}}, Options: options.Index().SetName("status_index_unique").SetUnique(true)},
		{Keys: bson.D{{Key: "user_id", Value: 1}}, Options: options.Index().SetName("user_id")},
		{Keys: bson.D{{Key: "revoked", Value: 1}}, Options: options.Index().SetName("revoked")},
	} {
		if _, err := d.certificates.Indexes().CreateOne(ctx, model); err != nil {
			return fmt.Errorf("%s: %w", d.certificates.Name(), err)
		}
	}
	return nil
}

// seatExistingEnrolments is migration 7: every enrolment made before class
// seats existed gets its seat and ticket, so Enrol cannot hand its place
// out again.
// Re-running it inserts nothing twice (seat ids are unique).
func seatExistingEnrolments(ctx context.Context, d *DB) error {
	cur, err := d.enrolments.Find(ctx, bson.D{}, options.Find().SetSort(bson.D{{Key: "class_id", Value: 1}, {Key: "at", Value: 1}}))
	if err != nil {
		return err
	}
	defer cur.Close(ctx)
	class, k := "", 0
	for cur.Next(ctx) {
		var e enrolDoc
		if err := cur.Decode(&e); err != nil {
			return err
		}
		if e.ClassID != class {
			class, k = e.ClassID, 0
		}
		for _, id := range []string{seatID(class, k), ticketID(class, e.UserID)} {
			_, err := d.seats.InsertOne(ctx, seatDoc{ID: id, UserID: e.UserID})
			if err != nil && !mongo.IsDuplicateKeyError(err) {
				return err
			}
		}
		k++
	}
	return cur.Err()
}

// createUserUnitIndex is migration 8: reports list a unit's learners.
func createUserUnitIndex(ctx context.Context, d *DB) error {
	_, err := d.users.Indexes().CreateOne(ctx, mongo.IndexModel{
		Keys: bson.D{{Key: "unit_code", Value: 1}, {Key: "role", Value: 1}}, Options: options.Index().SetName("unit_code_role")})
	return err
}

// createCampaignIndexes is migration 9: campaign figures read teams by unit
// and certificates by issue date.
func createCampaignIndexes(ctx context.Context, d *DB) error {
	if _, err := d.teams.Indexes().CreateOne(ctx, mongo.IndexModel{
		Keys: bson.D{{Key: "unit_code", Value: 1}}, Options: options.Index().SetName("unit_code")}); err != nil {
		return err
	}
	_, err := d.certificates.Indexes().CreateOne(ctx, mongo.IndexModel{
		Keys: bson.D{{Key: "issued_at", Value: 1}}, Options: options.Index().SetName("issued_at")})
	return err
}

// createTargetIndex is migration 10: targets are read by unit.
func createTargetIndex(ctx context.Context, d *DB) error {
	_, err := d.targets.Indexes().CreateOne(ctx, mongo.IndexModel{
		Keys: bson.D{{Key: "unit_code", Value: 1}}, Options: options.Index().SetName("unit_code")})
	return err
}

// createRollupIndexes is migration 11: reports read the roll-up's facts by
// commune, and refreshers read the dirty marks oldest first and, on
// FerretDB, where a learner may have several (rollup_ferret.go), by user.
func createRollupIndexes(ctx context.Context, d *DB) error {
	if _, err := d.facts.Indexes().CreateOne(ctx, mongo.IndexModel{
		Keys: bson.D{{Key: "unit", Value: 1}}, Options: options.Index().SetName("unit")}); err != nil {
		return err
	}
	if d.ferret {
		if _, err := d.dirty.Indexes().CreateOne(ctx, mongo.IndexModel{
			Keys: bson.D{{Key: "user", Value: 1}}, Options: options.Index().SetName("user")}); err != nil {
			return err
		}
	}
	_, err := d.dirty.Indexes().CreateOne(ctx, mongo.IndexModel{
		Keys: bson.D{{Key: "token", Value: 1}}, Options: options.Index().SetName("token")})
	return err
}

// markExistingLearners is migration 12: every learner is marked dirty, so
// the first refresh counts the records stored before the roll-up existed.
// Re-running it only marks them again.
func markExistingLearners(ctx context.Context, d *DB) error {
	return d.markLearners(ctx)
}
