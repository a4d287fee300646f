package sqlite_test

import (
	"context"
	"testing"
	"time"

	"github.com/hocvuso/hocvuso/internal/lms"
	"github.com/hocvuso/hocvuso/internal/sqlite"
	"github.com/hocvuso/hocvuso/internal/storetest"
)

// MustOpen opens a store in a fresh temporary directory.
func MustOpen(tb testing.TB) *sqlite.DB {
	tb.Helper()
	db, err := sqlite.Open(context.Background(), tb.TempDir())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

func TestContract(t *testing.T) {
	storetest.Run(t, func(tb testing.TB) lms.Store { return MustOpen(tb) })
}

func TestReopenKeepsDataAndSchema(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	u := storetest.NewUser()
	if err := db.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db, err = sqlite.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.UserByPhone(ctx, u.Phone); err != nil {
		t.Fatalf("user lost across reopen: %v", err)
	}
	v, err := db.SchemaVersion(ctx)
	if err != nil || v != 12 { // the number of migrations in migrate.go
		t.Fatalf("schema version = %d, %v; want 12", v, err)
	}
}

func TestExpiredSessionsAreNotReturned(t *testing.T) {
	db := MustOpen(t)
	ctx := context.Background()
	now := time.Now()
	s := &lms.Session{TokenHash: "t", UserID: "u", CreatedAt: now.Add(-2 * time.Hour), ExpiresAt: now.Add(-time.Hour)}
	if err := db.CreateSession(ctx, s); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SessionByTokenHash(ctx, "t", now); lms.ErrorCode(err) != lms.ENOTFOUND {
		t.Fatalf("expired session: %v", err)
	}
}

func BenchmarkStore(b *testing.B) {
	storetest.Bench(b, func(tb testing.TB) lms.Store { return MustOpen(tb) }, 10000)
}
