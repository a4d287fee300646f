package mongodb

import (
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/hocvuso/hocvuso/internal/lms"
	"github.com/hocvuso/hocvuso/internal/mongodb/mongotest"
	"github.com/hocvuso/hocvuso/internal/storetest"
)

// opener opens a store on a fresh database of server for each call.
func opener(server string) storetest.Opener {
	return func(tb testing.TB) lms.Store {
		tb.Helper()
		return mustOpen(tb, mongotest.NewDatabase(tb, server))
	}
}

func mustOpen(tb testing.TB, uri string) *DB {
	tb.Helper()
	d, err := Open(testContext(tb), uri)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := d.Close(); err != nil {
			tb.Error(err)
		}
	})
	return d
}

func testContext(tb testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	tb.Cleanup(cancel)
	return ctx
}

// realMongo returns HOCVUSO_TEST_MONGODB_URI, skipping tb when it is unset.
func realMongo(tb testing.TB) string {
	uri := os.Getenv(mongotest.EnvURI)
	if uri == "" {
		tb.Skip(mongotest.EnvURI + " is not set; skipping the run against a real MongoDB")
	}
	return uri
}

func TestContract(t *testing.T) {
	t.Run("FerretDB", func(t *testing.T) {
		storetest.Run(t, opener(mongotest.StartFerret(t)))
	})
	t.Run("MongoDB", func(t *testing.T) {
		storetest.Run(t, opener(realMongo(t)))
	})
}

func TestOpen(t *testing.T) {
	uri := mongotest.URI(t)
	d := mustOpen(t, uri)
	ctx := testContext(t)

	t.Run("SchemaVersionRecorded", func(t *testing.T) {
		v, err := d.SchemaVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if want := migrations[len(migrations)-1].version; v != want {
			t.Fatalf("schema version = %d, want %d", v, want)
		}
	})
	t.Run("Indexes", func(t *testing.T) {
		for coll, want := range map[string]map[string]bool{ // name → unique
			collUsers:      {"phone_unique": true},
			collSessions:   {"user_id": false, ttlIndex: false},
			collRateLimits: {ttlIndex: false},
			collAudit:      {"at_desc": false},
			collFacts:      {"unit": false},
			collDirty:      {"token": false},
		} {
			specs, err := d.db.Collection(coll).Indexes().ListSpecifications(ctx)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]bool{}
			for _, s := range specs {
				got[s.Name] = s.Unique != nil && *s.Unique
				if s.Name == ttlIndex && !d.ferret && (s.ExpireAfterSeconds == nil || *s.ExpireAfterSeconds != 0) {
					t.Errorf("%s.%s is not a TTL index: %+v", coll, s.Name, s)
				}
			}
			for name, unique := range want {
				if u, ok := got[name]; !ok || u != unique {
					t.Errorf("%s: index %s (unique %v) missing; have %v", coll, name, unique, got)
				}
			}
		}
	})
	t.Run("OpenAgain", func(t *testing.T) {
		again := mustOpen(t, uri)
		v, err := again.SchemaVersion(ctx)
		if err != nil || v != len(migrations) {
			t.Fatalf("version after second open = %d, %v", v, err)
		}
		// The second instance sees what the first wrote.
		u := storetest.NewUser()
		if err := d.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		if _, err := again.UserByPhone(ctx, u.Phone); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("DatabaseFromURI", func(t *testing.T) {
		if d.Name() == DefaultDatabase || d.Name() == "" {
			t.Fatalf("database name = %q, want the one in %s", d.Name(), uri)
		}
	})
}

func TestOpenDefaultDatabase(t *testing.T) {
	// Not on HOCVUSO_TEST_MONGODB_URI: this writes to the default database.
	d := mustOpen(t, mongotest.StartFerret(t))
	if d.Name() != DefaultDatabase {
		t.Fatalf("database name = %q, want %q", d.Name(), DefaultDatabase)
	}
	if err := d.Close(); err != nil { // and once more at cleanup
		t.Fatal(err)
	}
}

func TestOpenInvalidURI(t *testing.T) {
	_, err := Open(testContext(t), "http://example.com/")
	if code := lms.ErrorCode(err); code != lms.EINVALID {
		t.Fatalf("code = %q (%v), want %q", code, err, lms.EINVALID)
	}
}

func TestDeleteExpired(t *testing.T) {
	d := mustOpen(t, mongotest.URI(t))
	ctx := testContext(t)
	now := time.Now().UTC().Truncate(time.Millisecond)
	live := &lms.Session{TokenHash: storetest.RandomID(), UserID: "u", CreatedAt: now, ExpiresAt: now.Add(time.Hour)}
	dead := &lms.Session{TokenHash: storetest.RandomID(), UserID: "u", CreatedAt: now, ExpiresAt: now.Add(-time.Second)}
	for _, s := range []*lms.Session{live, dead} {
		if err := d.CreateSession(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := d.HitRate(ctx, "k", time.Minute, now.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	n, err := d.DeleteExpired(ctx, now)
	if err != nil || n != 2 {
		t.Fatalf("DeleteExpired = %d, %v; want 2", n, err)
	}
	if _, err := d.SessionByTokenHash(ctx, live.TokenHash, now); err != nil {
		t.Fatal(err)
	}
}

// On FerretDB nothing but the janitor removes expired sessions; without it
// a long-running devmongo deployment would grow without bound.
func TestJanitorSweepsExpiredOnFerret(t *testing.T) {
	old := janitorEvery
	janitorEvery = 20 * time.Millisecond
	d := mustOpen(t, mongotest.URI(t))
	janitorEvery = old
	if !d.ferret {
		t.Skip("the server has TTL indexes; the janitor runs only on FerretDB")
	}
	ctx := testContext(t)
	now := time.Now().UTC()
	dead := &lms.Session{TokenHash: storetest.RandomID(), UserID: "u", CreatedAt: now, ExpiresAt: now.Add(-time.Second)}
	if err := d.CreateSession(ctx, dead); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		n, err := d.sessions.CountDocuments(ctx, bson.D{{Key: "_id", Value: dead.TokenHash}})
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the expired session is still stored after 10 s")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestOperatorValuesStayValues checks what the contract's string test
// cannot: a value that is itself a document is stored and compared as a
// value, never read as a query operator.
func TestOperatorValuesStayValues(t *testing.T) {
	d := mustOpen(t, mongotest.URI(t))
	ctx := testContext(t)
	u := storetest.NewUser()
	if err := d.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	n, err := d.users.CountDocuments(ctx, bson.D{{Key: "phone", Value: `{"$gt": ""}`}})
	if err != nil || n != 0 {
		t.Fatalf("count = %d, %v", n, err)
	}
}

// TestAtomicCounter runs the $inc counter, which the contract suite
// reaches only on a real MongoDB, against FerretDB one hit at a time.
func TestAtomicCounter(t *testing.T) {
	d := mustOpen(t, mongotest.URI(t))
	d.ferret = false
	ctx := testContext(t)
	start := time.Date(2026, 3, 26, 8, 0, 0, 0, time.UTC)
	for i := 1; i <= 3; i++ {
		rc, err := d.HitRate(ctx, "k#1", time.Minute, start.Add(time.Duration(i)*time.Second))
		if err != nil || rc.Count != i || !rc.ResetAt.Equal(start.Add(time.Minute)) {
			t.Fatalf("hit %d = %+v, %v", i, rc, err)
		}
	}
	for key, want := range map[string]int{"k#1": 3, "k": 0} {
		rc, err := d.PeekRate(ctx, key, time.Minute, start)
		if err != nil || rc.Count != want {
			t.Fatalf("peek %s = %+v, %v; want %d", key, rc, err, want)
		}
	}
}

// Enrolments stored before class seats existed keep their places: after
// migration 7 a class already at capacity refuses a newcomer and lets its
// members re-join.
func TestSeatMigrationKeepsExistingPlaces(t *testing.T) {
	d := mustOpen(t, mongotest.URI(t))
	ctx := testContext(t)
	now := time.Now().UTC()
	for _, u := range []string{"a", "b", "c"} {
		if _, err := d.enrolments.InsertOne(ctx, enrolDoc{ID: "old|" + u, ClassID: "old", UserID: u, Via: lms.ViaCode, At: now}); err != nil {
			t.Fatal(err)
		}
	}
	if err := seatExistingEnrolments(ctx, d); err != nil {
		t.Fatal(err)
	}
	if err := seatExistingEnrolments(ctx, d); err != nil { // re-running is harmless
		t.Fatal(err)
	}
	_, err := d.Enrol(ctx, &lms.Enrolment{ClassID: "old", UserID: "new", Via: lms.ViaCode, At: now}, 3)
	if !errors.Is(err, lms.ErrClassFull) {
		t.Fatalf("a fourth learner in a class of 3: %v, want ErrClassFull", err)
	}
	if created, err := d.Enrol(ctx, &lms.Enrolment{ClassID: "old", UserID: "b", Via: lms.ViaCode, At: now}, 3); err != nil || created {
		t.Fatalf("a member re-joining: created %v, err %v", created, err)
	}
	if created, err := d.Enrol(ctx, &lms.Enrolment{ClassID: "old", UserID: "new", Via: lms.ViaCode, At: now}, 4); err != nil || !created {
		t.Fatalf("after the class grows to 4: created %v, err %v", created, err)
	}
}
