package assess_test

import (
	"context"
	"fmt"
	"github.com/hocvuso/hocvuso/internal/content/contenttest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hocvuso/hocvuso/internal/assess"
	"github.com/hocvuso/hocvuso/internal/lms"
	"github.com/hocvuso/hocvuso/internal/sqlite"
)

// countingStore counts the database round trips a service makes.
type countingStore struct {
	lms.Store
	calls atomic.Int64
}

func (c *countingStore) AttemptByID(ctx context.Context, id string) (*lms.Attempt, error) {
	c.calls.Add(1)
	return c.Store.AttemptByID(ctx, id)
}

func (c *countingStore) UpdateAttempt(ctx context.Context, a *lms.Attempt, rev int) error {
	c.calls.Add(1)
	return c.Store.UpdateAttempt(ctx, a, rev)
}

func (c *countingStore) AttemptsByUser(ctx context.Context, userID string) ([]*lms.Attempt, error) {
	c.calls.Add(1)
	return c.Store.AttemptsByUser(ctx, userID)
}

func (c *countingStore) AttemptsByUserQuiz(ctx context.Context, userID, quizID string) ([]*lms.Attempt, error) {
	c.calls.Add(1)
	return c.Store.AttemptsByUserQuiz(ctx, userID, quizID)
}

func (c *countingStore) CreateAttempt(ctx context.Context, a *lms.Attempt) error {
	c.calls.Add(1)
	return c.Store.CreateAttempt(ctx, a)
}

// seedLearners fills the store with n learners who each took the final
// quiz once, and returns one open, fully answered attempt per learner to
// submit.
func seedLearners(tb testing.TB, f *fixture, svc *assess.Service, n int) []*lms.Attempt {
	tb.Helper()
	ctx := context.Background()
	open := make([]*lms.Attempt, n)
	for i := range n {
		u := user(fmt.Sprintf("learner-%05d", i))
		done, _, err := svc.Start(ctx, u, "smartphone-final")
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := svc.Submit(ctx, u, done.ID, ""); err != nil {
			tb.Fatal(err)
		}
		a, _, err := svc.Start(ctx, u, "smartphone-final")
		if err != nil {
			tb.Fatal(err)
		}
		for _, ai := range a.Items {
			it, _ := f.cat.Item(ai.ItemID)
			ans := contenttest.RightAnswer(it)
			ans.AnsweredAt = a.StartedAt
			a.Answers[ai.ItemID] = &ans
		}
		if err := f.store.UpdateAttempt(ctx, a, a.Rev); err != nil {
			tb.Fatal(err)
		}
		open[i] = a
	}
	return open
}

// TestSubmitRoundTrips holds the budget: a submit costs at most 3 database
// round trips (it costs 2: one read, one conditional write).
func TestSubmitRoundTrips(t *testing.T) {
	f := newFixture(t)
	cs := &countingStore{Store: f.store}
	svc := assess.NewService(cs, f.cat, f.clk.Now)
	attempts := seedLearners(t, f, svc, 20)
	for _, a := range attempts {
		before := cs.calls.Load()
		if _, err := svc.Submit(context.Background(), user(a.UserID), a.ID, "k"); err != nil {
			t.Fatal(err)
		}
		if trips := cs.calls.Load() - before; trips > 3 {
			t.Fatalf("submit took %d round trips, budget 3", trips)
		}
		before = cs.calls.Load()
		svc.Submit(context.Background(), user(a.UserID), a.ID, "k") // a retry
		if trips := cs.calls.Load() - before; trips != 1 {
			t.Fatalf("a retried submit took %d round trips, want 1", trips)
		}
	}
}

// BenchmarkSubmit submits graded attempts on the embedded store seeded
// with 10,000 learners' attempts (HOCVUSO_BENCH_LEARNERS overrides), in
// parallel like concurrent requests.
func BenchmarkSubmit(b *testing.B) {
	store, err := sqlite.Open(context.Background(), b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close()
	cat := loadCatalog(b)
	clk := &clock{now: time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)}
	f := &fixture{store: store, cat: cat, clk: clk}
	svc := assess.NewService(store, cat, clk.Now)
	attempts := seedLearners(b, f, svc, 10000)
	var next atomic.Int64
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			a := attempts[int(next.Add(1)-1)%len(attempts)]
			if _, err := svc.Submit(context.Background(), user(a.UserID), a.ID, "bench"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "submits/s")
}
