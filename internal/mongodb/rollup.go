package mongodb

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/hocvuso/hocvuso/internal/lms"
)

// The reports' roll-up (lms.RollupStore). SQLite keeps counters and moves
// a learner's contribution between them in a transaction; here there are
// no counters, because keeping them right takes atomic $inc or
// multi-document transactions, and FerretDB has neither (doc.go). Instead
// each learner's facts are one document of rollup_facts, and a report
// reads the facts of its communes through the index on unit and counts
// them with lms.Tally: the figures are always the sum of the stored facts,
// by construction.
//
// A dirty mark is one document of rollup_dirty per learner whose token
// changes each time the learner is marked again; see markDirty and
// ApplyFacts. (On FerretDB it is one document per mark: rollup_ferret.go.)

// factsBatch is the cursor batch size of reads of rollup_facts: facts are
// a few hundred bytes, so a batch stays far below a reply's 16 MB.
const factsBatch = 1000

// markChunk is how many marks one bulk write carries, so marking many
// learners is not a round trip each, and how many IDs a pass over a
// collection gathers before marking them. A variable so a test can shrink
// it.
var markChunk = 1000

// sweepTimeout bounds a pass over every user or every facts document
// (MarkAllDirty), which opTimeout would cut short on a large deployment.
const sweepTimeout = 10 * time.Minute

// dirtyDoc is a learner's mark.
type dirtyDoc struct {
	UserID string `bson:"_id"`
	Token  string `bson:"token"`
}

// factsDoc is a learner's facts as stored. lms.LearnerFacts keeps the
// mastery levels in a map keyed by skill, and skill IDs have dots
// ("phone.basics"), which FerretDB refuses in a key and MongoDB cannot
// address in a query path; here they are a list.
type factsDoc struct {
	UserID    string           `bson:"_id"`
	UnitCode  string           `bson:"unit"`
	BirthYear int              `bson:"birth_year"`
	Gender    lms.Gender       `bson:"gender"`
	Ethnicity string           `bson:"ethnicity"`
	Courses   []lms.CourseFact `bson:"courses"`
	Levels    []levelDoc       `bson:"levels,omitempty"`
	// FirstCertified is lms.LearnerFacts.FirstCertified.
	FirstCertified int `bson:"first_certified,omitempty"`
}

type levelDoc struct {
	Skill string `bson:"skill"`
	Level int    `bson:"level"`
}

func toFactsDoc(userID string, f *lms.LearnerFacts) *factsDoc {
	doc := &factsDoc{UserID: userID, UnitCode: f.UnitCode, BirthYear: f.BirthYear, Gender: f.Gender,
		Ethnicity: f.Ethnicity, Courses: f.Courses, FirstCertified: f.FirstCertified}
	for skill, level := range f.Levels {
		doc.Levels = append(doc.Levels, levelDoc{skill, level})
	}
	// Sorted, so the same facts are always the same document.
	slices.SortFunc(doc.Levels, func(a, b levelDoc) int { return strings.Compare(a.Skill, b.Skill) })
	return doc
}

func (doc *factsDoc) facts() *lms.LearnerFacts {
	f := &lms.LearnerFacts{UserID: doc.UserID, UnitCode: doc.UnitCode, BirthYear: doc.BirthYear, Gender: doc.Gender,
		Ethnicity: doc.Ethnicity, Courses: doc.Courses, FirstCertified: doc.FirstCertified}
	if len(doc.Levels) > 0 {
		f.Levels = make(map[string]int, len(doc.Levels))
		for _, l := range doc.Levels {
			f.Levels[l.Skill] = l.Level
		}
	}
	return f
}

// newToken returns a fresh mark token. An ObjectID orders by the second it
// was made (and by a counter within one process), so sorting by token
// gives the oldest marks first, and it is never handed out twice, so a
// learner marked again never gets back a token a refresher has seen.
func newToken() string { return bson.NewObjectID().Hex() }

// isDuplicate reports a unique-index violation, as MongoDB or FerretDB
// word it; for an upsert it means another upsert of the same _id won the
// race to insert.
func isDuplicate(err error) bool {
	return mongo.IsDuplicateKeyError(err) || isFerretUniqueViolation(err)
}

// markDirty marks the learners dirty after a write that may change their
// figures: one upsert each (an insert on FerretDB), in bulk writes of
// markChunk.
func (d *DB) markDirty(ctx context.Context, userIDs ...string) error {
	for start := 0; start < len(userIDs); start += markChunk {
		if err := d.markChunk(ctx, userIDs[start:min(start+markChunk, len(userIDs))]); err != nil {
			return err
		}
	}
	return nil
}

// markChunk marks ids with one token (on FerretDB, see insertMarks). A
// race of upserts of one learner fails one of them with a duplicate key;
// the retry then updates. It takes a new token: setting the first one
// again could hand a learner back a token that a later write's mark has
// already replaced, and a refresher holding it would apply facts that miss
// that write.
func (d *DB) markChunk(ctx context.Context, ids []string) error {
	ctx, cancel := opContext(ctx)
	defer cancel()
	if d.ferret {
		return d.insertMarks(ctx, ids)
	}
	var err error
	for range 2 {
		token := newToken()
		models := make([]mongo.WriteModel, len(ids))
		for i, id := range ids {
			models[i] = mongo.NewUpdateOneModel().SetFilter(bson.D{{Key: "_id", Value: id}}).
				SetUpdate(bson.D{{Key: "$set", Value: bson.D{{Key: "token", Value: token}}}}).SetUpsert(true)
		}
		_, err = d.dirty.BulkWrite(ctx, models, options.BulkWrite().SetOrdered(false))
		if !isDuplicate(err) {
			break
		}
	}
	return translate("mark dirty", err)
}

// markMatching marks the _id of every document of coll that filter
// matches, reading them a chunk at a time.
func (d *DB) markMatching(ctx context.Context, coll *mongo.Collection, filter bson.D) error {
	ctx, cancel := context.WithTimeout(ctx, sweepTimeout)
	defer cancel()
	op := "mark " + coll.Name() + " dirty"
	cur, err := coll.Find(ctx, filter, options.Find().SetProjection(bson.D{{Key: "_id", Value: 1}}).SetBatchSize(int32(markChunk)))
	if err != nil {
		return translate(op, err)
	}
	defer cur.Close(ctx)
	ids := make([]string, 0, markChunk)
	for cur.Next(ctx) {
		var doc struct {
			ID string `bson:"_id"`
		}
		if err := cur.Decode(&doc); err != nil {
			return translate(op, err)
		}
		if ids = append(ids, doc.ID); len(ids) == markChunk {
			if err := d.markDirty(ctx, ids...); err != nil {
				return err
			}
			ids = ids[:0]
		}
	}
	if err := cur.Err(); err != nil {
		return translate(op, err)
	}
	return d.markDirty(ctx, ids...)
}

// DirtyLearners implements lms.RollupStore, through the index on token.
func (d *DB) DirtyLearners(ctx context.Context, limit int) ([]lms.DirtyLearner, error) {
	if limit <= 0 {
		return nil, nil
	}
	ctx, cancel := opContext(ctx)
	defer cancel()
	if d.ferret {
		return d.ferretDirtyLearners(ctx, limit)
	}
	cur, err := d.dirty.Find(ctx, bson.D{}, options.Find().SetSort(bson.D{{Key: "token", Value: 1}}).SetLimit(int64(limit)))
	if err != nil {
		return nil, translate("dirty learners", err)
	}
	var docs []dirtyDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, translate("dirty learners", err)
	}
	var out []lms.DirtyLearner
	for _, doc := range docs {
		out = append(out, lms.DirtyLearner{UserID: doc.UserID, Token: doc.Token})
	}
	return out, nil
}

// ApplyFacts implements lms.RollupStore, learner by learner: without
// transactions each learner's facts and mark are separate writes, and an
// error leaves the learners before it applied.
func (d *DB) ApplyFacts(ctx context.Context, dirty []lms.DirtyLearner, facts []*lms.LearnerFacts) (int, error) {
	if len(facts) != len(dirty) {
		return 0, lms.Internal("mongodb: apply facts", errors.New("facts and dirty learners differ in number"))
	}
	if d.ferret {
		return d.ferretApplyFacts(ctx, dirty, facts)
	}
	applied := 0
	for i, dl := range dirty {
		ok, err := d.applyFacts(ctx, dl, facts[i])
		if err != nil {
			return applied, err
		}
		if ok {
			applied++
		}
	}
	return applied, nil
}

// applyFacts stores one learner's facts if their mark still has the token
// the refresher read, and clears the mark.
func (d *DB) applyFacts(ctx context.Context, dl lms.DirtyLearner, f *lms.LearnerFacts) (bool, error) {
	const op = "apply facts"
	ctx, cancel := opContext(ctx)
	defer cancel()
	token, err := d.markToken(ctx, dl.UserID)
	if err != nil {
		return false, err
	}
	if token == "" || token != dl.Token {
		return false, nil // applied by another refresher, or marked again since the facts were read
	}
	if err := d.writeFacts(ctx, dl.UserID, f); err != nil {
		return false, err
	}
	return d.clearMark(ctx, dl)
}

// writeFacts replaces a learner's facts document, or deletes it when they
// count nowhere.
func (d *DB) writeFacts(ctx context.Context, user string, f *lms.LearnerFacts) error {
	id := bson.D{{Key: "_id", Value: user}}
	var err error
	if f == nil || len(f.Courses) == 0 {
		_, err = d.facts.DeleteOne(ctx, id) // counts nowhere: keep no document
	} else {
		doc := toFactsDoc(user, f)
		_, err = d.facts.ReplaceOne(ctx, id, doc, options.Replace().SetUpsert(true))
		if isDuplicate(err) { // another refresher inserted it first
			_, err = d.facts.ReplaceOne(ctx, id, doc)
		}
	}
	return translate("apply facts", err)
}

// clearMark deletes dl's mark, once its facts are written, and reports
// whether it did.
//
// The mark goes only if it still has the token: a write since then marked
// the learner again and that mark must stay. If nothing was deleted,
// either such a write came in after applyFacts checked the token, or
// another refresher holding the same token applied first, and the facts
// just written, computed before one of those, may have replaced newer
// ones. With no transaction to undo the write, the learner is marked once
// more, so the next refresh recomputes from the source records; that is
// what makes concurrent refreshers safe.
func (d *DB) clearMark(ctx context.Context, dl lms.DirtyLearner) (bool, error) {
	deleted, err := d.deleteMark(ctx, dl)
	if err != nil || deleted {
		return deleted, err
	}
	return false, d.markDirty(ctx, dl.UserID)
}

// markToken returns the token of user's current mark (on FerretDB, their
// newest), "" if there is none.
func (d *DB) markToken(ctx context.Context, user string) (string, error) {
	filter, opts := bson.D{{Key: "_id", Value: user}}, options.FindOne()
	if d.ferret {
		filter, opts = bson.D{{Key: "user", Value: user}}, opts.SetSort(bson.D{{Key: "token", Value: -1}})
	}
	var m dirtyDoc
	err := d.dirty.FindOne(ctx, filter, opts).Decode(&m)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return "", nil
	}
	return m.Token, translate("mark", err)
}

// deleteMark deletes dl's mark if it still has dl's token (on FerretDB,
// dl's mark and those older) and reports whether it deleted any.
func (d *DB) deleteMark(ctx context.Context, dl lms.DirtyLearner) (bool, error) {
	filter := bson.D{{Key: "_id", Value: dl.UserID}, {Key: "token", Value: dl.Token}}
	if d.ferret {
		filter = bson.D{{Key: "user", Value: dl.UserID}, {Key: "token", Value: bson.D{{Key: "$lte", Value: dl.Token}}}}
	}
	res, err := d.dirty.DeleteMany(ctx, filter)
	if err != nil {
		return false, translate("clear mark", err)
	}
	return res.DeletedCount > 0, nil
}

// findFacts reads the facts of the learners of the communes, those
// enrolled in course when it is not "".
func (d *DB) findFacts(ctx context.Context, op string, communes []string, course string) ([]*lms.LearnerFacts, error) {
	if len(communes) == 0 {
		return nil, nil
	}
	filter := bson.D{{Key: "unit", Value: bson.D{{Key: "$in", Value: communes}}}}
	if course != "" {
		filter = append(filter, bson.E{Key: "courses.course", Value: course})
	}
	ctx, cancel := opContext(ctx)
	defer cancel()
	cur, err := d.facts.Find(ctx, filter, options.Find().SetBatchSize(factsBatch))
	if err != nil {
		return nil, translate(op, err)
	}
	defer cur.Close(ctx)
	var out []*lms.LearnerFacts
	for cur.Next(ctx) {
		var doc factsDoc
		if err := cur.Decode(&doc); err != nil {
			return nil, translate(op, err)
		}
		out = append(out, doc.facts())
	}
	return out, translate(op, cur.Err())
}

// RollupCounts implements lms.RollupStore by counting the stored facts.
func (d *DB) RollupCounts(ctx context.Context, q lms.RollupQuery) ([]*lms.Counts, error) {
	facts, err := d.findFacts(ctx, "rollup counts", q.Communes, q.Course)
	if err != nil {
		return nil, err
	}
	return lms.Tally(facts, q), nil
}

// CertifiedLearners implements lms.RollupStore by counting the stored
// facts.
func (d *DB) CertifiedLearners(ctx context.Context, communes []string, bornBy, day int) (map[string]int, error) {
	facts, err := d.findFacts(ctx, "certified learners", communes, "")
	if err != nil {
		return nil, err
	}
	return lms.TallyCertified(facts, communes, bornBy, day), nil
}

// MasteryCounts implements lms.RollupStore by counting the stored facts.
func (d *DB) MasteryCounts(ctx context.Context, communes []string, course string) (*lms.MasteryCounts, error) {
	facts, err := d.findFacts(ctx, "mastery counts", communes, course)
	if err != nil {
		return nil, err
	}
	return lms.TallyMastery(facts, communes, course), nil
}

// MarkAllDirty implements lms.RollupStore. Users are read by role without
// an index (the unit_code+role index does not lead with role): a rare
// operation, not worth an index every user write maintains.
func (d *DB) MarkAllDirty(ctx context.Context, reset bool) error {
	if reset {
		dctx, cancel := context.WithTimeout(ctx, sweepTimeout)
		_, err := d.facts.DeleteMany(dctx, bson.D{})
		cancel()
		if err != nil {
			return translate("reset facts", err)
		}
	}
	if err := d.markLearners(ctx); err != nil {
		return err
	}
	// Whoever has facts is marked too, so the facts of a user who is no
	// longer a learner are removed. Most are learners marked just now;
	// marking them again costs a write each and no harm, their new token
	// being another chunk's.
	return d.markMatching(ctx, d.facts, bson.D{})
}

// markLearners marks every user whose role is learner.
func (d *DB) markLearners(ctx context.Context) error {
	return d.markMatching(ctx, d.users, bson.D{{Key: "role", Value: string(lms.RoleLearner)}})
}

// rulesID is the _id of the meta document holding the roll-up's rules
// stamp.
const rulesID = "rollup_rules"

type rulesDoc struct {
	ID        string    `bson:"_id"`
	Stamp     string    `bson:"stamp"`
	UpdatedAt time.Time `bson:"updated_at"`
}

// RollupRules implements lms.RollupStore. Everyone is marked before the
// new stamp is recorded: should the process stop in between, the old stamp
// stays and the next call marks everyone again, where the other order
// would leave facts of the old rules counted for good.
func (d *DB) RollupRules(ctx context.Context, stamp string) (bool, error) {
	const op = "rollup rules"
	id := bson.D{{Key: "_id", Value: rulesID}}
	var doc rulesDoc
	fctx, cancel := opContext(ctx)
	err := d.meta.FindOne(fctx, id).Decode(&doc)
	cancel()
	switch {
	case err == nil && doc.Stamp == stamp:
		return false, nil
	case err != nil && !errors.Is(err, mongo.ErrNoDocuments):
		return false, translate(op, err)
	}
	if err := d.MarkAllDirty(ctx, false); err != nil {
		return false, err
	}
	ctx, cancel = opContext(ctx)
	defer cancel()
	update := bson.D{{Key: "$set", Value: bson.D{{Key: "stamp", Value: stamp}, {Key: "updated_at", Value: time.Now().UTC()}}}}
	_, err = d.meta.UpdateOne(ctx, id, update, options.UpdateOne().SetUpsert(true))
	if isDuplicate(err) { // another instance recorded it first
		_, err = d.meta.UpdateOne(ctx, id, update)
	}
	return true, translate(op, err)
}
