package mongodb

import (
	"context"
	"slices"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/hocvuso/hocvuso/internal/lms"
)

// Dirty marks on FerretDB. Its update and delete read the document and
// then write or delete it by _id, with nothing in between to stop another
// writer (see ratelimits_ferret.go). With one mark document per learner, a
// mark upserted while a refresher deletes the previous one is lost either
// way: the delete, having matched the old token, removes the new one, or
// the upsert, having found the old mark, updates a document just deleted.
// The learner's figures then stay stale, which the drift test of the
// reports catches.
//
// So on FerretDB a mark is never updated: each is a document of its own,
// _id user|token, inserted (inserts are atomic: a duplicate _id fails). A
// learner's current mark is their newest; clearing deletes the marks up to
// the token the refresher read, which by their _ids leaves alone any mark
// inserted since. This relies on tokens sorting in the order they were
// made, which ObjectIDs do within a process (FerretDB serves tests and
// single-process development) save in the second their counter wraps,
// once every 16.7 million.

// ferretMark is a mark on FerretDB.
type ferretMark struct {
	ID     string `bson:"_id"` // user|token
	UserID string `bson:"user"`
	Token  string `bson:"token"`
}

// insertMarks marks ids with a new token, one new document each, which
// no stored mark's _id can equal; a learner listed twice is marked once.
func (d *DB) insertMarks(ctx context.Context, ids []string) error {
	token := newToken()
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
	docs := make([]any, len(ids))
	for i, id := range ids {
		docs[i] = ferretMark{ID: id + "|" + token, UserID: id, Token: token}
	}
	_, err := d.dirty.InsertMany(ctx, docs, options.InsertMany().SetOrdered(false))
	return translate("mark dirty", err)
}

// ferretDirtyLearners implements DirtyLearners on FerretDB: the learners
// of the oldest marks, each with the token of their newest.
func (d *DB) ferretDirtyLearners(ctx context.Context, limit int) ([]lms.DirtyLearner, error) {
	const op = "dirty learners"
	cur, err := d.dirty.Find(ctx, bson.D{}, options.Find().SetSort(bson.D{{Key: "token", Value: 1}}))
	if err != nil {
		return nil, translate(op, err)
	}
	defer cur.Close(ctx)
	var users []string
	seen := map[string]bool{}
	for len(users) < limit && cur.Next(ctx) {
		var m ferretMark
		if err := cur.Decode(&m); err != nil {
			return nil, translate(op, err)
		}
		if !seen[m.UserID] {
			seen[m.UserID] = true
			users = append(users, m.UserID)
		}
	}
	if err := cur.Err(); err != nil {
		return nil, translate(op, err)
	}
	if len(users) == 0 {
		return nil, nil
	}
	marks, err := d.ferretMarksOf(ctx, op, users)
	if err != nil {
		return nil, err
	}
	newest := newestOf(marks)
	out := make([]lms.DirtyLearner, len(users))
	for i, u := range users {
		out[i] = lms.DirtyLearner{UserID: u, Token: newest[u]}
	}
	return out, nil
}

// newestOf is the token of each user's newest mark among marks.
func newestOf(marks []ferretMark) map[string]string {
	newest := map[string]string{}
	for _, m := range marks {
		newest[m.UserID] = max(newest[m.UserID], m.Token)
	}
	return newest
}

// ferretApplyFacts implements ApplyFacts on FerretDB, which reads a whole
// collection for any filter, _id included: so the batch's marks are read in
// one query and deleted in one, by the _ids read and no others. A mark
// inserted after that read is not among them, so it stays and the learner
// is refreshed again, as with the token check of applyFacts. If fewer marks
// were deleted than read, another refresher got to some first and the
// facts written here may be older than its; as clearMark does, the
// learners are marked again (all of the batch's, not knowing which).
func (d *DB) ferretApplyFacts(ctx context.Context, dirty []lms.DirtyLearner, facts []*lms.LearnerFacts) (int, error) {
	users := make([]string, len(dirty))
	for i, dl := range dirty {
		users[i] = dl.UserID
	}
	marks, err := d.ferretMarksOf(ctx, "apply facts", users)
	if err != nil {
		return 0, err
	}
	newest := newestOf(marks)
	byUser := map[string][]ferretMark{}
	for _, m := range marks {
		byUser[m.UserID] = append(byUser[m.UserID], m)
	}
	var applied []string
	var ids []string
	for i, dl := range dirty {
		if token := newest[dl.UserID]; token == "" || token != dl.Token {
			continue // applied by another refresher, or marked again since the facts were read
		}
		wctx, cancel := opContext(ctx)
		err := d.writeFacts(wctx, dl.UserID, facts[i])
		cancel()
		if err != nil {
			return 0, err
		}
		applied = append(applied, dl.UserID)
		for _, m := range byUser[dl.UserID] {
			ids = append(ids, m.ID)
		}
	}
	if len(ids) == 0 {
		return 0, nil
	}
	dctx, cancel := opContext(ctx)
	defer cancel()
	res, err := d.dirty.DeleteMany(dctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: ids}}}})
	if err != nil {
		return 0, translate("clear mark", err)
	}
	if res.DeletedCount < int64(len(ids)) {
		return 0, d.insertMarks(dctx, applied)
	}
	return len(applied), nil
}

// ferretMarksOf reads the marks of the users in one query.
func (d *DB) ferretMarksOf(ctx context.Context, op string, users []string) ([]ferretMark, error) {
	ctx, cancel := opContext(ctx)
	defer cancel()
	cur, err := d.dirty.Find(ctx, bson.D{{Key: "user", Value: bson.D{{Key: "$in", Value: users}}}})
	if err != nil {
		return nil, translate(op, err)
	}
	var marks []ferretMark
	if err := cur.All(ctx, &marks); err != nil {
		return nil, translate(op, err)
	}
	return marks, nil
}
