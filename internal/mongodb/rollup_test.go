package mongodb

import (
	"fmt"
	"reflect"
	"sync"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/hocvuso/hocvuso/internal/lms"
	"github.com/hocvuso/hocvuso/internal/mongodb/mongotest"
	"github.com/hocvuso/hocvuso/internal/storetest"
)

// The contract suite (storetest) checks the roll-up's behaviour; these
// tests check what is particular to this adapter: marks without
// transactions, bulk marking in chunks, and facts stored as documents.

// markOf returns the token of id's mark, "" if it has none.
func markOf(t *testing.T, d *DB, id string) string {
	t.Helper()
	token, err := d.markToken(testContext(t), id)
	if err != nil {
		t.Fatal(err)
	}
	return token
}

// marked returns how many learners are marked.
func marked(t *testing.T, d *DB) int {
	t.Helper()
	dirty, err := d.DirtyLearners(testContext(t), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	return len(dirty)
}

// layouts runs test on a fresh database in each layout of the marks: one
// upserted document per learner (MongoDB) and one inserted document per
// mark (FerretDB, rollup_ferret.go), whichever the server is. On FerretDB
// the first must stay under 100 marks a call (doc.go).
func layouts(t *testing.T, test func(t *testing.T, d *DB)) {
	for _, l := range []struct {
		name   string
		ferret bool
	}{{"UpsertedMarks", false}, {"InsertedMarks", true}} {
		t.Run(l.name, func(t *testing.T) {
			d := mustOpen(t, mongotest.URI(t))
			d.ferret = l.ferret
			test(t, d)
		})
	}
}

func TestRollupFactsCountLikeTally(t *testing.T) { layouts(t, testFactsCountLikeTally) }

func testFactsCountLikeTally(t *testing.T, d *DB) {
	ctx := testContext(t)
	facts := []*lms.LearnerFacts{
		{UserID: "a", UnitCode: "06970", BirthYear: 1958, Gender: lms.GenderFemale, Ethnicity: "kinh",
			Courses: []lms.CourseFact{{Course: "smartphone", Classes: []string{"c1"}, Started: true, Completed: true, Days: 2},
				{Course: "ai-basics", Started: true, Days: -1}},
			Levels: map[string]int{"phone.basics": 3, "ai.what": 1}},
		{UserID: "b", UnitCode: "06994", BirthYear: 1961, Gender: lms.GenderMale, Ethnicity: "tay",
			Courses: []lms.CourseFact{{Course: "smartphone", Passed: true, TookFinal: true, Days: -1}},
			Levels:  map[string]int{"phone.basics": 1}},
	}
	if err := d.markDirty(ctx, "a", "b"); err != nil {
		t.Fatal(err)
	}
	dirty, err := d.DirtyLearners(ctx, 10)
	if err != nil || len(dirty) != 2 {
		t.Fatalf("dirty = %+v, %v", dirty, err)
	}
	byID := map[string]*lms.LearnerFacts{"a": facts[0], "b": facts[1]}
	applied, err := d.ApplyFacts(ctx, dirty, []*lms.LearnerFacts{byID[dirty[0].UserID], byID[dirty[1].UserID]})
	if err != nil || applied != 2 {
		t.Fatalf("applied %d, %v", applied, err)
	}
	communes := []string{"06970", "06994"}
	for _, course := range []string{"", "smartphone", "ai-basics"} {
		for _, dim := range lms.RollupDims {
			q := lms.RollupQuery{Communes: communes, Course: course, Dim: dim}
			got, err := d.RollupCounts(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if want := lms.Tally(facts, q); !reflect.DeepEqual(got, want) {
				t.Fatalf("%+v: got %+v, want %+v", q, got, want)
			}
		}
		got, err := d.MasteryCounts(ctx, communes, course)
		if err != nil {
			t.Fatal(err)
		}
		if want := lms.TallyMastery(facts, communes, course); !reflect.DeepEqual(got, want) {
			t.Fatalf("mastery of %q: got %+v, want %+v", course, got, want)
		}
	}
}

// A refresher whose token is stale (the learner was marked again while it
// computed) must neither store its facts nor clear the newer mark.
func TestRollupStaleTokenKeepsNewerMark(t *testing.T) { layouts(t, testStaleTokenKeepsNewerMark) }

func testStaleTokenKeepsNewerMark(t *testing.T, d *DB) {
	ctx := testContext(t)
	if err := d.markDirty(ctx, "u"); err != nil {
		t.Fatal(err)
	}
	stale, err := d.DirtyLearners(ctx, 10)
	if err != nil || len(stale) != 1 {
		t.Fatalf("dirty = %+v, %v", stale, err)
	}
	if err := d.markDirty(ctx, "u"); err != nil {
		t.Fatal(err)
	}
	newer := markOf(t, d, "u")
	f := &lms.LearnerFacts{UserID: "u", UnitCode: "06970", Courses: []lms.CourseFact{{Course: "smartphone", Days: -1}}}
	if n, err := d.ApplyFacts(ctx, stale, []*lms.LearnerFacts{f}); err != nil || n != 0 {
		t.Fatalf("stale apply = %d, %v; want 0", n, err)
	}
	if got := markOf(t, d, "u"); got != newer || got == stale[0].Token {
		t.Fatalf("mark after a stale apply = %q, want the newer %q", got, newer)
	}
	if n, _ := d.facts.CountDocuments(ctx, bson.D{}); n != 0 {
		t.Fatalf("%d facts stored from a stale apply", n)
	}
}

// When the mark is gone by the time a refresher clears it, another
// refresher got there first, or the learner was marked again and then
// applied: the facts this one wrote may be stale, so it marks again.
func TestRollupClearMarkRemarksWhenRaced(t *testing.T) { layouts(t, testClearMarkRemarksWhenRaced) }

func testClearMarkRemarksWhenRaced(t *testing.T, d *DB) {
	ctx := testContext(t)
	if err := d.markDirty(ctx, "u"); err != nil {
		t.Fatal(err)
	}
	held, err := d.DirtyLearners(ctx, 10)
	if err != nil || len(held) != 1 {
		t.Fatalf("dirty = %+v, %v", held, err)
	}
	// Refresher A applies; refresher B, holding the same token, has
	// passed its check and written its facts, and now clears the mark.
	if n, err := d.ApplyFacts(ctx, held, []*lms.LearnerFacts{nil}); err != nil || n != 1 {
		t.Fatalf("first apply = %d, %v; want 1", n, err)
	}
	if markOf(t, d, "u") != "" {
		t.Fatal("the mark is still there after the first apply")
	}
	cleared, err := d.clearMark(ctx, held[0])
	if err != nil || cleared {
		t.Fatalf("second clear = %v, %v; want false", cleared, err)
	}
	if got := markOf(t, d, "u"); got == "" || got == held[0].Token {
		t.Fatalf("mark after the raced clear = %q; want a new one", got)
	}
	// Marked again between the check and the delete: a mark newer than
	// the one read stays (the newer one, or one newer still).
	again := markOf(t, d, "u")
	if err := d.markDirty(ctx, "u"); err != nil {
		t.Fatal(err)
	}
	if _, err := d.clearMark(ctx, lms.DirtyLearner{UserID: "u", Token: again}); err != nil {
		t.Fatal(err)
	}
	if got := markOf(t, d, "u"); got == "" || got == again {
		t.Fatalf("mark after clearing a replaced one = %q; want a newer one", got)
	}
	if n := marked(t, d); n != 1 {
		t.Fatalf("%d learners marked, want 1", n)
	}
}

// Marks go in bulk writes of markChunk, in the server's layout: more than
// two of them, on new marks and on existing ones.
func TestRollupMarkFullChunks(t *testing.T) {
	d := mustOpen(t, mongotest.URI(t))
	ctx := testContext(t)
	ids := make([]string, 2*markChunk+1)
	for i := range ids {
		ids[i] = fmt.Sprintf("u%05d", i)
	}
	for range 2 {
		if err := d.markDirty(ctx, ids...); err != nil {
			t.Fatal(err)
		}
	}
	if got := marked(t, d); got != len(ids) {
		t.Fatalf("%d marked, want %d", got, len(ids))
	}
}

// MarkAllDirty gathers IDs and marks them in chunks; shrunk, a few dozen
// learners cross the boundaries.
func TestRollupMarkAllInChunks(t *testing.T) {
	defer func(m int) { markChunk = m }(markChunk)
	markChunk = 20
	layouts(t, testMarkAllInChunks)
}

func testMarkAllInChunks(t *testing.T, d *DB) {
	ctx := testContext(t)
	learners := 2*markChunk + 7
	var docs []any
	for i := range learners + 3 {
		u := storetest.NewUser()
		u.ID, u.Phone = fmt.Sprintf("u%05d", i), fmt.Sprintf("+849100%05d", i)
		if i >= learners {
			u.Role = lms.RoleTrainer
		}
		docs = append(docs, toUserDoc(u))
	}
	if _, err := d.users.InsertMany(ctx, docs); err != nil {
		t.Fatal(err)
	}
	// A trainer who still has facts (once a learner) is marked too.
	trainer := fmt.Sprintf("u%05d", learners)
	if _, err := d.facts.InsertOne(ctx, toFactsDoc(trainer, &lms.LearnerFacts{UnitCode: "06970",
		Courses: []lms.CourseFact{{Course: "smartphone", Days: -1}}})); err != nil {
		t.Fatal(err)
	}
	if err := markExistingLearners(ctx, d); err != nil { // migration 12
		t.Fatal(err)
	}
	if n := marked(t, d); n != learners {
		t.Fatalf("the migration marked %d, want the %d learners", n, learners)
	}
	if _, err := d.dirty.DeleteMany(ctx, bson.D{}); err != nil {
		t.Fatal(err)
	}
	if err := d.MarkAllDirty(ctx, false); err != nil { // twice: marks on marks
		t.Fatal(err)
	}
	if err := d.MarkAllDirty(ctx, false); err != nil {
		t.Fatal(err)
	}
	if n := marked(t, d); n != learners+1 {
		t.Fatalf("marked %d, want %d learners and the trainer with facts", n, learners+1)
	}
	if markOf(t, d, trainer) == "" {
		t.Fatal("the trainer with facts is not marked")
	}
	dirty, err := d.DirtyLearners(ctx, 100)
	if err != nil || len(dirty) != learners+1 {
		t.Fatalf("DirtyLearners = %d, %v", len(dirty), err)
	}
	for i := 1; i < len(dirty); i++ {
		if dirty[i].Token < dirty[i-1].Token {
			t.Fatalf("marks out of order at %d: %q after %q", i, dirty[i].Token, dirty[i-1].Token)
		}
	}
	if err := d.MarkAllDirty(ctx, true); err != nil {
		t.Fatal(err)
	}
	if n, _ := d.facts.CountDocuments(ctx, bson.D{}); n != 0 {
		t.Fatalf("%d facts left after a reset", n)
	}
	if n := marked(t, d); n != learners+1 {
		t.Fatalf("after a reset, %d marked; want %d", n, learners+1)
	}
}

// Concurrent marks of one new learner race to insert the mark; with
// upserted marks the losers retry as updates instead of failing the write
// they follow.
func TestRollupConcurrentMarks(t *testing.T) { layouts(t, testConcurrentMarks) }

func testConcurrentMarks(t *testing.T, d *DB) {
	ctx := testContext(t)
	for round := range 5 {
		id := fmt.Sprintf("new%d", round)
		var wg sync.WaitGroup
		errs := make(chan error, 16)
		for range 16 {
			wg.Go(func() { errs <- d.markDirty(ctx, id) })
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatalf("round %d: %v", round, err)
			}
		}
		if markOf(t, d, id) == "" {
			t.Fatalf("round %d: no mark", round)
		}
	}
	if n := marked(t, d); n != 5 {
		t.Fatalf("%d marked, want 5", n)
	}
}
