package assess_test

import (
	"context"
	"fmt"
	"github.com/hocvuso/hocvuso/internal/content/contenttest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/hocvuso/hocvuso/internal/assess"
	"github.com/hocvuso/hocvuso/internal/content"
	"github.com/hocvuso/hocvuso/internal/lms"
	"github.com/hocvuso/hocvuso/internal/sqlite"
)

type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

type fixture struct {
	svc   *assess.Service
	store lms.Store
	cat   *content.Catalog
	clk   *clock
}

func loadCatalog(tb testing.TB) *content.Catalog {
	tb.Helper()
	cat := contenttest.Catalog(tb)
	return cat
}

func newFixture(tb testing.TB) *fixture {
	tb.Helper()
	store, err := sqlite.Open(context.Background(), tb.TempDir())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { store.Close() })
	cat := loadCatalog(tb)
	clk := &clock{now: time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)}
	return &fixture{svc: assess.NewService(store, cat, clk.Now), store: store, cat: cat, clk: clk}
}

func user(id string) *lms.User { return &lms.User{ID: id} }

func (f *fixture) answerAll(tb testing.TB, u *lms.User, a *lms.Attempt, right bool) {
	tb.Helper()
	for _, ai := range a.Items {
		it, _ := f.cat.Item(ai.ItemID)
		ans := contenttest.RightAnswer(it)
		if !right {
			ans = wrongAnswer(it, ai)
		}
		if _, err := f.svc.SaveAnswer(context.Background(), u, a.ID, ai.ItemID, ans, time.Time{}); err != nil {
			tb.Fatalf("answer %s: %v", ai.ItemID, err)
		}
	}
}

// wrongAnswer is a well-formed answer that scores 0 where the type allows.
func wrongAnswer(it *content.Item, ai lms.AttemptItem) lms.Answer {
	switch it.Type {
	case content.TypeSingle, content.TypeScenario:
		for _, o := range it.Options {
			if !o.Correct {
				return lms.Answer{Choice: o.ID}
			}
		}
	case content.TypeTrueFalse:
		v := !*it.Answer
		return lms.Answer{Bool: &v}
	case content.TypeText:
		return lms.Answer{Text: "không biết"}
	case content.TypeNumeric:
		v := it.Number.Value + 1000
		return lms.Answer{Number: &v}
	case content.TypeMultiple:
		for _, o := range it.Options {
			if !o.Correct {
				return lms.Answer{Choices: []string{o.ID}}
			}
		}
	case content.TypeOrdering:
		var rev []string
		for i := len(it.Steps) - 1; i >= 0; i-- {
			rev = append(rev, it.Steps[i].ID)
		}
		return lms.Answer{Order: rev}
	case content.TypeMatching:
		m := map[string]string{}
		for i, p := range it.Pairs {
			m[p.ID] = it.Pairs[(i+1)%len(it.Pairs)].ID
		}
		return lms.Answer{Matches: m}
	}
	return lms.Answer{}
}

func TestFinalQuizDrawFollowsTheRules(t *testing.T) {
	f := newFixture(t)
	q, _ := f.cat.Quiz("smartphone-final")
	sets := map[string]bool{}
	orders := map[string]bool{}
	for i := range 30 {
		a, created, err := f.svc.Start(context.Background(), user(fmt.Sprint("u", i)), q.ID)
		if err != nil || !created {
			t.Fatal(err)
		}
		if len(a.Items) != q.Size() || a.Deadline.Sub(a.StartedAt) != 20*time.Minute {
			t.Fatalf("%d items, deadline %v", len(a.Items), a.Deadline.Sub(a.StartedAt))
		}
		perDifficulty := map[int]int{}
		var ids []string
		for _, ai := range a.Items {
			it, _ := f.cat.Item(ai.ItemID)
			ids = append(ids, it.ID)
			perDifficulty[it.Difficulty]++
			if !slices.ContainsFunc(q.Draw, func(r content.DrawRule) bool { return r.Matches(it) }) {
				t.Fatalf("%s matches no draw rule", it.ID)
			}
			if len(ai.Order) > 0 {
				orders[fmt.Sprint(ai.ItemID, ai.Order)] = true
			}
		}
		want := map[int]int{}
		for _, r := range q.Draw {
			want[r.Difficulty] += r.Count
		}
		for d, n := range want {
			if perDifficulty[d] != n {
				t.Fatalf("difficulty %d: %d items, rules ask %d", d, perDifficulty[d], n)
			}
		}
		sorted := slices.Clone(ids)
		slices.Sort(sorted)
		if len(slices.Compact(sorted)) != len(ids) {
			t.Fatal("an item was drawn twice")
		}
		sets[fmt.Sprint(sorted)] = true
	}
	if len(sets) < 25 {
		t.Fatalf("only %d different item sets in 30 attempts", len(sets))
	}
	if len(orders) < 2 {
		t.Fatal("option order never varies")
	}
}

func TestSubmitIsIdempotentUnderConcurrentRetries(t *testing.T) {
	f := newFixture(t)
	u := user("hoa")
	a, _, err := f.svc.Start(context.Background(), u, "smartphone-final")
	if err != nil {
		t.Fatal(err)
	}
	f.answerAll(t, u, a, true)
	var wg sync.WaitGroup
	results := make([]*lms.Attempt, 12)
	errs := make([]error, 12)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], errs[i] = f.svc.Submit(context.Background(), u, a.ID, "key-1")
		}()
	}
	wg.Wait()
	for i := range results {
		if errs[i] != nil {
			t.Fatalf("submit %d: %v", i, errs[i])
		}
		if results[i].Status != lms.AttemptSubmitted || results[i].Percent != 100 || !results[i].Passed ||
			!results[i].SubmittedAt.Equal(results[0].SubmittedAt) {
			t.Fatalf("submit %d returned %+v", i, results[i])
		}
	}
	stored, _ := f.store.AttemptByID(context.Background(), a.ID)
	if stored.Rev != len(a.Items)+1 {
		t.Fatalf("rev %d: the attempt was written %d times after its answers, want once", stored.Rev, stored.Rev-len(a.Items))
	}
	// A submit with another key later returns the same first result.
	again, err := f.svc.Submit(context.Background(), u, a.ID, "key-2")
	if err != nil || again.SubmitKey != "key-1" || again.Rev != stored.Rev {
		t.Fatalf("later submit changed the attempt: %v %+v", err, again)
	}
	// Answers can no longer change.
	it, _ := f.cat.Item(a.Items[0].ItemID)
	if _, err := f.svc.SaveAnswer(context.Background(), u, a.ID, it.ID, contenttest.RightAnswer(it), time.Time{}); lms.ErrorCode(err) != lms.ECONFLICT {
		t.Fatalf("answer after submit: %v", err)
	}
}

func TestTimeLimitIsEnforcedOnTheServer(t *testing.T) {
	f := newFixture(t)
	ctx, u := context.Background(), user("ba")
	a, _, err := f.svc.Start(ctx, u, "smartphone-final")
	if err != nil {
		t.Fatal(err)
	}
	first, second, third := a.Items[0].ItemID, a.Items[1].ItemID, a.Items[2].ItemID
	it1, _ := f.cat.Item(first)
	it2, _ := f.cat.Item(second)
	it3, _ := f.cat.Item(third)
	f.clk.Add(19 * time.Minute)
	if _, err := f.svc.SaveAnswer(ctx, u, a.ID, first, contenttest.RightAnswer(it1), time.Time{}); err != nil {
		t.Fatal(err)
	}
	// The phone lost its network at minute 19; its answer arrives at minute 25.
	answeredOffline := f.clk.Now().Add(30 * time.Second)
	f.clk.Add(6 * time.Minute)
	if _, err := f.svc.SaveAnswer(ctx, u, a.ID, second, contenttest.RightAnswer(it2), answeredOffline); err != nil {
		t.Fatalf("an answer given in time, sent late: %v", err)
	}
	if _, err := f.svc.SaveAnswer(ctx, u, a.ID, third, contenttest.RightAnswer(it3), time.Time{}); lms.ErrorCode(err) != lms.ECONFLICT {
		t.Fatalf("an answer after the limit: %v", err)
	}
	// Reading the attempt grades it: time is up.
	got, err := f.svc.Attempt(ctx, u, a.ID)
	if err != nil || got.Status != lms.AttemptSubmitted || got.SubmitKey != "time-limit" || got.Answers[third] != nil {
		t.Fatalf("expired attempt: %v %+v", err, got)
	}
	if got.Score < 1.99 || got.Score > 2.01 {
		t.Fatalf("score %.2f, want the two answers given in time", got.Score)
	}
}

func TestResumeAttemptLimitAndBadInput(t *testing.T) {
	f := newFixture(t)
	ctx, u := context.Background(), user("lan")
	a, created, _ := f.svc.Start(ctx, u, "smartphone-final")
	b, createdAgain, err := f.svc.Start(ctx, u, "smartphone-final")
	if err != nil || !created || createdAgain || b.ID != a.ID {
		t.Fatalf("resume: %v %v %v", err, a.ID, b.ID)
	}
	it, _ := f.cat.Item(a.Items[0].ItemID)
	other := f.cat.Courses[0].Bank[0]
	for _, ai := range a.Items {
		if ai.ItemID == other.ID {
			other = f.cat.Courses[1].Bank[0]
		}
	}
	cases := []struct {
		name string
		do   func() error
		code string
	}{
		{"item not in the attempt", func() error {
			_, err := f.svc.SaveAnswer(ctx, u, a.ID, other.ID, contenttest.RightAnswer(other), time.Time{})
			return err
		}, lms.ENOTFOUND},
		{"malformed answer", func() error {
			_, err := f.svc.SaveAnswer(ctx, u, a.ID, it.ID, lms.Answer{Choice: "zzz", Text: "x"}, time.Time{})
			return err
		}, lms.EINVALID},
		{"another learner's attempt", func() error {
			_, err := f.svc.SaveAnswer(ctx, user("someone-else"), a.ID, it.ID, contenttest.RightAnswer(it), time.Time{})
			return err
		}, lms.ENOTFOUND},
		{"another learner submits", func() error {
			_, err := f.svc.Submit(ctx, user("someone-else"), a.ID, "k")
			return err
		}, lms.ENOTFOUND},
		{"unknown quiz", func() error { _, _, err := f.svc.Start(ctx, u, "nope"); return err }, lms.ENOTFOUND},
	}
	for _, c := range cases {
		if err := c.do(); lms.ErrorCode(err) != c.code {
			t.Errorf("%s: %v, want %s", c.name, err, c.code)
		}
	}
	// Three attempts, then no more.
	for n := 1; n <= 3; n++ {
		a, _, err := f.svc.Start(ctx, u, "smartphone-final")
		if err != nil || a.Number != n {
			t.Fatalf("attempt %d: %v", n, err)
		}
		if _, err := f.svc.Submit(ctx, u, a.ID, ""); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := f.svc.Start(ctx, u, "smartphone-final"); lms.ErrorCode(err) != lms.ECONFLICT {
		t.Fatalf("a fourth attempt: %v", err)
	}
}

func TestLessonCheckGivesFeedbackAtOnce(t *testing.T) {
	f := newFixture(t)
	ctx, u := context.Background(), user("tu")
	a, _, err := f.svc.Start(ctx, u, "smartphone-01-check")
	if err != nil {
		t.Fatal(err)
	}
	q, _ := f.cat.Quiz("smartphone-01-check")
	if got := a.Items[0].ItemID; got != q.Items[0] {
		t.Fatalf("lesson checks keep their order: %s", got)
	}
	it, _ := f.cat.Item(a.Items[0].ItemID)
	res, err := f.svc.SaveAnswer(ctx, u, a.ID, it.ID, wrongAnswer(it, a.Items[0]), time.Time{})
	if err != nil || res.Feedback == nil || res.Feedback.Score != 0 || res.Feedback.Explanation.VI == "" {
		t.Fatalf("feedback: %v %+v", err, res)
	}
	res, _ = f.svc.SaveAnswer(ctx, u, a.ID, it.ID, contenttest.RightAnswer(it), time.Time{})
	if res.Feedback.Score != 1 {
		t.Fatal("a corrected answer is not marked right")
	}
}

func TestPlacementStopsAndMarksMastery(t *testing.T) {
	f := newFixture(t)
	ctx, u := context.Background(), user("strong")
	a, _, err := f.svc.Start(ctx, u, "smartphone-placement")
	if err != nil {
		t.Fatal(err)
	}
	for a.Status == lms.AttemptOpen {
		last := a.Items[len(a.Items)-1]
		it, _ := f.cat.Item(last.ItemID)
		res, err := f.svc.SaveAnswer(ctx, u, a.ID, it.ID, contenttest.RightAnswer(it), time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		a = res.Attempt
	}
	if len(a.Items) > assess.MaxItems || a.Ability < 1 {
		t.Fatalf("%d items, ability %.2f", len(a.Items), a.Ability)
	}
	mastered := f.svc.PlacementMastered(a)
	course, _ := f.cat.Course("smartphone")
	st := f.svc.Status(course, []*lms.Attempt{a})
	if len(mastered) == 0 || len(st.Skippable) == 0 {
		t.Fatalf("a learner who got everything right masters nothing: %v", mastered)
	}
	levels := f.svc.Mastery([]*lms.Attempt{a})
	for _, sk := range mastered {
		if levels[sk] != assess.Mastered {
			t.Fatalf("%s: %v", sk, levels[sk])
		}
	}
	t.Logf("placement: %d items, ability %.2f (SE %.2f), mastered %v, may skip %d lessons", len(a.Items), a.Ability, a.AbilitySE, mastered, len(st.Skippable))
}

func TestMasteryFollowsRecentAnswers(t *testing.T) {
	f := newFixture(t)
	ctx, u := context.Background(), user("minh")
	levels := f.svc.Mastery(nil)
	if levels["phone.basics"] != assess.NotStarted {
		t.Fatal("no answers should be not started")
	}
	// Three tries at the first lesson check (all phone.basics): wrong, then
	// right, then right. Each answer is graded at once.
	for i, right := range []bool{false, true, true} {
		a, _, err := f.svc.Start(ctx, u, "smartphone-01-check")
		if err != nil {
			t.Fatal(err)
		}
		f.answerAll(t, u, a, right)
		if _, err := f.svc.Submit(ctx, u, a.ID, ""); err != nil {
			t.Fatal(err)
		}
		f.clk.Add(time.Hour)
		all, _ := f.store.AttemptsByUser(ctx, u.ID)
		levels = f.svc.Mastery(all)
		want := []assess.Level{assess.Attempted, assess.Familiar, assess.Mastered}[i]
		if got := levels["phone.basics"]; got != want {
			t.Fatalf("after attempt %d: %v, want %v", i+1, got, want)
		}
	}
}
