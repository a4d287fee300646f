package learning_test

import (
	"context"
	"testing"
	"time"

	"github.com/hocvuso/hocvuso/internal/assess"
	"github.com/hocvuso/hocvuso/internal/content/contenttest"
	"github.com/hocvuso/hocvuso/internal/learning"
	"github.com/hocvuso/hocvuso/internal/lms"
	"github.com/hocvuso/hocvuso/internal/sqlite"
)

type clock struct{ now time.Time }

func (c *clock) Now() time.Time { return c.now }

func newService(t *testing.T) (*learning.Service, *clock) {
	t.Helper()
	store, err := sqlite.Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	cat := contenttest.Catalog(t)
	clk := &clock{now: time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)}
	return learning.NewService(store, cat, assess.NewService(store, cat, clk.Now), clk.Now), clk
}

func TestSequentialUnlockAndResume(t *testing.T) {
	s, _ := newService(t)
	ctx, u := context.Background(), &lms.User{ID: "u1"}
	p, err := s.CourseProgress(ctx, u, "smartphone")
	if err != nil {
		t.Fatal(err)
	}
	ls := p.Course.Lessons
	if !p.Unlocked(ls[0]) || p.Unlocked(ls[1]) || p.Resume() != ls[0] || p.Started() {
		t.Fatal("a new learner: only the first lesson open, resume at the first")
	}
	if _, err := s.Complete(ctx, u, "smartphone", ls[2].ID, time.Time{}); lms.ErrorCode(err) != lms.ECONFLICT {
		t.Fatalf("skipping ahead: %v", err)
	}
	for _, l := range ls[:2] {
		if _, err := s.Complete(ctx, u, "smartphone", l.ID, time.Time{}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Opened(ctx, u, p, ls[4]); err != nil {
		t.Fatal(err)
	}
	p, _ = s.CourseProgress(ctx, u, "smartphone")
	if p.Done() != 2 || !p.Unlocked(ls[2]) || p.Unlocked(ls[3]) || p.Resume() != ls[2] || p.Last != ls[4] {
		t.Fatalf("after two lessons: done %d, resume %s, last %v", p.Done(), p.Resume().ID, p.Last)
	}
	// A visitor may read everything; nothing is locked for them.
	v, _ := s.CourseProgress(ctx, nil, "smartphone")
	if !v.Unlocked(ls[5]) {
		t.Fatal("a visitor sees a locked lesson")
	}
}

func TestOfflineCompletionDates(t *testing.T) {
	s, clk := newService(t)
	ctx, u := context.Background(), &lms.User{ID: "u2"}
	c, _ := s.Catalog().Course("scam-awareness")
	tests := []struct {
		name   string
		at     time.Time
		stored time.Time
	}{
		{"finished offline yesterday", clk.now.Add(-24 * time.Hour), clk.now.Add(-24 * time.Hour)},
		{"a phone clock in the future", clk.now.Add(48 * time.Hour), clk.now},
		{"older than the offline window", clk.now.Add(-90 * 24 * time.Hour), clk.now},
	}
	for i, tt := range tests {
		res, err := s.Complete(ctx, u, c.Slug, c.Lessons[i].ID, tt.at)
		if err != nil || !res.FirstTime {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if got := res.Progress.Completed[c.Lessons[i].ID]; !got.Equal(tt.stored) {
			t.Errorf("%s: stored %v, want %v", tt.name, got, tt.stored)
		}
	}
	// Sending the first one again keeps its first date.
	res, err := s.Complete(ctx, u, c.Slug, c.Lessons[0].ID, clk.now)
	if err != nil || res.FirstTime || !res.Progress.Completed[c.Lessons[0].ID].Equal(tests[0].stored) {
		t.Fatalf("repeat: %v %+v", err, res)
	}
}
