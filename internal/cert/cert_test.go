package cert_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"github.com/hocvuso/hocvuso/internal/content/contenttest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hocvuso/hocvuso/internal/assess"
	"github.com/hocvuso/hocvuso/internal/cert"
	"github.com/hocvuso/hocvuso/internal/cert/credential"
	"github.com/hocvuso/hocvuso/internal/content"
	"github.com/hocvuso/hocvuso/internal/learning"
	"github.com/hocvuso/hocvuso/internal/lms"
	"github.com/hocvuso/hocvuso/internal/sqlite"
	"github.com/hocvuso/hocvuso/internal/units"
)

type fixture struct {
	svc   *cert.Service
	store lms.Store
	learn *learning.Service
	as    *assess.Service
	cat   *content.Catalog
	now   time.Time
}

func newFixture(tb testing.TB) *fixture {
	tb.Helper()
	ctx := context.Background()
	store, err := sqlite.Open(ctx, tb.TempDir())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { store.Close() })
	cat := contenttest.Catalog(tb)
	reg, err := units.Embedded()
	if err != nil {
		tb.Fatal(err)
	}
	f := &fixture{store: store, cat: cat, now: time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)}
	clock := func() time.Time { return f.now }
	f.as = assess.NewService(store, cat, clock)
	f.learn = learning.NewService(store, cat, f.as, clock)
	if f.svc, err = cert.NewService(ctx, store, f.learn, reg, "https://hocvuso.example.vn", clock); err != nil {
		tb.Fatal(err)
	}
	return f
}

// finish completes every lesson of a course and passes its final quiz.
func (f *fixture) finish(tb testing.TB, u *lms.User, slug string) {
	tb.Helper()
	ctx := context.Background()
	course, _ := f.cat.Course(slug)
	for _, l := range course.Lessons {
		if _, err := f.learn.Complete(ctx, u, slug, l.ID, time.Time{}); err != nil {
			tb.Fatal(err)
		}
	}
	a, _, err := f.as.Start(ctx, u, course.FinalQuiz().ID)
	if err != nil {
		tb.Fatal(err)
	}
	for _, ai := range a.Items {
		it, _ := f.cat.Item(ai.ItemID)
		if _, err := f.as.SaveAnswer(ctx, u, a.ID, it.ID, contenttest.RightAnswer(it), time.Time{}); err != nil {
			tb.Fatal(err)
		}
	}
	if _, err := f.as.Submit(ctx, u, a.ID, "k"); err != nil {
		tb.Fatal(err)
	}
}

func learner(id string) *lms.User {
	return &lms.User{ID: id, Name: "Nguyễn Thị Hoà", UnitCode: "06994", Role: lms.RoleLearner}
}

func TestIssuedOnceEvenUnderConcurrentRequests(t *testing.T) {
	f := newFixture(t)
	ctx, u := context.Background(), learner("hoa")
	if c, _, err := f.svc.IssueIfComplete(ctx, u, "ai-basics"); err != nil || c != nil {
		t.Fatalf("a certificate before the course is finished: %v %v", c, err)
	}
	f.finish(t, u, "ai-basics")
	var wg sync.WaitGroup
	codes := make([]string, 10)
	created := make([]bool, 10)
	for i := range codes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, fresh, err := f.svc.IssueIfComplete(ctx, u, "ai-basics")
			if err != nil || c == nil {
				t.Errorf("issue: %v", err)
				return
			}
			codes[i], created[i] = c.Code, fresh
		}()
	}
	wg.Wait()
	mine, _ := f.svc.Mine(ctx, u)
	n := 0
	for i := range codes {
		if codes[i] != codes[0] {
			t.Fatalf("different certificates for one completion: %v", codes)
		}
		if created[i] {
			n++
		}
	}
	if len(mine) != 1 || n != 1 {
		t.Fatalf("%d stored, %d created, want 1 and 1", len(mine), n)
	}
}

func TestLookupRevokeAndStatusList(t *testing.T) {
	f := newFixture(t)
	ctx, u := context.Background(), learner("lan")
	f.finish(t, u, "scam-awareness")
	c, _, err := f.svc.IssueIfComplete(ctx, u, "scam-awareness")
	if err != nil || c == nil {
		t.Fatal(err)
	}
	p, _, err := f.svc.Lookup(ctx, strings.ToLower(c.Code[:5])+" "+c.Code[5:], false)
	if err != nil || p.Status != cert.StatusValid || p.Name != "Nguyễn Thị Hoà" || p.Issuer.VI != "Đặc khu Vân Đồn, Tỉnh Quảng Ninh" {
		t.Fatalf("lookup: %v %+v", err, p)
	}
	masked, _, _ := f.svc.Lookup(ctx, c.Code, true)
	if masked.Name != "N. T. Hoà" {
		t.Fatalf("masked name %q", masked.Name)
	}
	for _, bad := range []string{"", "SHORT", "ZZZZZZZZZZ", `{"$gt":""}`, strings.Repeat("A", 300)} {
		if _, _, err := f.svc.Lookup(ctx, bad, false); lms.ErrorCode(err) != lms.ENOTFOUND {
			t.Errorf("lookup %q: %v", bad, err)
		}
	}
	// Only an official of the unit (or its province) may revoke.
	reg := []*lms.User{
		{ID: "t", Role: lms.RoleTrainer, UnitCode: "06994"},
		{ID: "o2", Role: lms.RoleOfficial, UnitCode: "01"},
	}
	for _, who := range reg {
		if err := f.svc.Revoke(ctx, who, c.Code, "Cấp nhầm người học"); lms.ErrorCode(err) != lms.ENOTFOUND {
			t.Fatalf("%s of %s revoked: %v", who.Role, who.UnitCode, err)
		}
	}
	official := &lms.User{ID: "o1", Role: lms.RoleOfficial, UnitCode: "22"}
	if err := f.svc.Revoke(ctx, official, c.Code, "x"); lms.ErrorCode(err) != lms.EINVALID {
		t.Fatalf("no reason: %v", err)
	}
	f.now = f.now.Add(time.Hour)
	if err := f.svc.Revoke(ctx, official, c.Code, "Cấp nhầm người học"); err != nil {
		t.Fatal(err)
	}
	p, _, _ = f.svc.Lookup(ctx, c.Code, false)
	if p.Status != cert.StatusRevoked || p.Reason != "Cấp nhầm người học" || !p.RevokedAt.Equal(f.now) {
		t.Fatalf("after revoking: %+v", p)
	}
	// The signed status list has the certificate's bit set.
	jwt, err := f.svc.StatusList(ctx)
	if err != nil {
		t.Fatal(err)
	}
	list, err := credential.Verify(jwt, f.svc.Keys(), f.now)
	if err != nil {
		t.Fatalf("status list does not verify: %v", err)
	}
	encoded := list["credentialSubject"].(map[string]any)["encodedList"].(string)
	if set, err := credential.StatusAt(encoded, c.StatusIndex); err != nil || !set {
		t.Fatalf("revoked bit %d: %v %v", c.StatusIndex, set, err)
	}
	// The certificate's credential points at that list and index.
	cred, err := credential.Verify(c.Credential, f.svc.Keys(), f.now)
	if err != nil {
		t.Fatal(err)
	}
	status := cred["credentialStatus"].(map[string]any)
	if fmt.Sprint(status["statusListIndex"]) != fmt.Sprint(c.StatusIndex) || !strings.HasSuffix(fmt.Sprint(status["statusListCredential"]), "/api/v1/status/1") {
		t.Fatalf("credentialStatus %v", status)
	}
}

func TestRotatedKeysStillVerifyOldCertificates(t *testing.T) {
	f := newFixture(t)
	ctx, u := context.Background(), learner("ba")
	f.finish(t, u, "smartphone")
	old, _, _ := f.svc.IssueIfComplete(ctx, u, "smartphone")
	if _, err := f.svc.RotateKey(ctx); err != nil {
		t.Fatal(err)
	}
	v := learner("tu")
	f.finish(t, v, "smartphone")
	fresh, _, _ := f.svc.IssueIfComplete(ctx, v, "smartphone")
	if headerKid(t, old.Credential) == headerKid(t, fresh.Credential) {
		t.Fatal("the new certificate was signed with the retired key")
	}
	for _, c := range []*lms.Certificate{old, fresh} {
		if _, _, err := f.svc.Lookup(ctx, c.Code, false); err != nil {
			t.Fatalf("%s after rotation: %v", c.Code, err)
		}
	}
	jwks := f.svc.JWKS()
	if n := len(jwks["keys"].([]any)); n != 2 {
		t.Fatalf("JWKS publishes %d keys, want both", n)
	}
}

func headerKid(t *testing.T, jwt string) string {
	t.Helper()
	h, err := base64.RawURLEncoding.DecodeString(strings.Split(jwt, ".")[0])
	if err != nil {
		t.Fatal(err)
	}
	var hdr map[string]any
	json.Unmarshal(h, &hdr)
	return fmt.Sprint(hdr["kid"])
}

func TestPDFOfCertificates(t *testing.T) {
	f := newFixture(t)
	ctx, u := context.Background(), learner("pdf")
	f.finish(t, u, "smartphone")
	c, _, _ := f.svc.IssueIfComplete(ctx, u, "smartphone")
	pdf, err := f.svc.PDF([]*lms.Certificate{c, c}, "vi")
	if err != nil || !strings.HasPrefix(string(pdf), "%PDF") {
		t.Fatalf("pdf: %v", err)
	}
}

// BenchmarkIssue measures issuing: signing the credential, storing it, and
// rendering its PDF (the budget: 50 a second on 2 cores).
func BenchmarkIssue(b *testing.B) {
	f := newFixture(b)
	ctx := context.Background()
	users := make([]*lms.User, 0, 64)
	for i := range 64 {
		u := learner(fmt.Sprint("bench-", i))
		f.finish(b, u, "smartphone")
		users = append(users, u)
	}
	b.ResetTimer()
	start := time.Now()
	for i := 0; b.Loop(); i++ {
		u := users[i%len(users)]
		// Drop the learner's certificate so each round issues anew.
		u2 := *u
		u2.ID = fmt.Sprint(u.ID, "-", i)
		f.copyProgress(b, u, &u2)
		c, _, err := f.svc.IssueIfComplete(ctx, &u2, "smartphone")
		if err != nil || c == nil {
			b.Fatal(err)
		}
		if _, err := f.svc.PDF([]*lms.Certificate{c}, "vi"); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "certificates/s")
}

// copyProgress gives to the learner's finished state: completions and the
// passed final attempt, copied directly in the store.
func (f *fixture) copyProgress(tb testing.TB, from, to *lms.User) {
	tb.Helper()
	ctx := context.Background()
	done, _ := f.store.CompletionsByUser(ctx, from.ID)
	for _, d := range done {
		c := *d
		c.UserID = to.ID
		f.store.CompleteLesson(ctx, &c)
	}
	attempts, _ := f.store.AttemptsByUser(ctx, from.ID)
	for _, a := range attempts {
		c := *a
		c.UserID, c.ID = to.ID, to.ID+":"+a.QuizID+":1"
		if err := f.store.CreateAttempt(ctx, &c); err != nil {
			tb.Fatal(err)
		}
		c.Rev = 0
		f.store.UpdateAttempt(ctx, &c, 0)
	}
}
