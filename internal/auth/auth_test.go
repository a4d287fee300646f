package auth_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hocvuso/hocvuso/internal/auth"
	"github.com/hocvuso/hocvuso/internal/ethnic"
	"github.com/hocvuso/hocvuso/internal/lms"
	"github.com/hocvuso/hocvuso/internal/sqlite"
	"github.com/hocvuso/hocvuso/internal/units"
	"github.com/hocvuso/hocvuso/internal/validation"
)

// cheap keeps the tests fast; the benchmark uses the real parameters.
var cheap = auth.HashParams{MemoryKiB: 1024, Time: 1, Threads: 1}

type fixture struct {
	svc   *auth.Service
	store *sqlite.DB
	now   time.Time
}

func (f *fixture) clock() time.Time { return f.now }

func newFixture(tb testing.TB, params auth.HashParams) *fixture {
	tb.Helper()
	reg, err := units.Embedded()
	if err != nil {
		tb.Fatal(err)
	}
	store, err := sqlite.Open(context.Background(), tb.TempDir())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { store.Close() })
	v := validation.New(validation.Lookups{IsCommune: reg.IsCommune, IsEthnicity: ethnic.Valid,
		IsUnit: func(c string) bool { return reg.IsProvince(c) || reg.IsCommune(c) }})
	f := &fixture{store: store, now: time.Date(2026, 3, 26, 8, 0, 0, 0, time.UTC)}
	f.svc, err = auth.NewService(context.Background(), store, auth.NewHasher(params), v, reg, auth.Config{Now: f.clock})
	if err != nil {
		tb.Fatal(err)
	}
	return f
}

func learner(phone string) auth.RegisterInput {
	return auth.RegisterInput{Phone: phone, Password: "482915", Name: "  Nguyễn   Thị Hoa ", BirthYear: 1958,
		Gender: "female", UnitCode: "06970", Ethnicity: "kinh"}
}

func code(tb testing.TB, err error, want string) *lms.Error {
	tb.Helper()
	if got := lms.ErrorCode(err); got != want {
		tb.Fatalf("error = %v (code %q), want code %q", err, got, want)
	}
	if err == nil {
		return nil
	}
	return lms.AsError(err)
}

func TestRegisterNormalisesAndHashes(t *testing.T) {
	f := newFixture(t, cheap)
	ctx := context.Background()
	u, err := f.svc.Register(ctx, learner("0912.345.678"))
	if err != nil {
		t.Fatal(err)
	}
	if u.Phone != "+84912345678" || u.Name != "Nguyễn Thị Hoa" || u.Role != lms.RoleLearner {
		t.Fatalf("stored %+v", u)
	}
	if !strings.HasPrefix(u.SecretHash, "$argon2id$v=19$m=1024,t=1,p=1$") || strings.Contains(u.SecretHash, "482915") {
		t.Fatalf("secret hash %q", u.SecretHash)
	}
	// The same phone written differently is the same account.
	_, err = f.svc.Register(ctx, learner("+84 912 345 678"))
	e := code(t, err, lms.ECONFLICT)
	if len(e.Fields) != 1 || e.Fields[0].Field != "phone" {
		t.Fatalf("conflict should name the phone field: %+v", e)
	}
}

func TestRegisterRejectsEachBadField(t *testing.T) {
	f := newFixture(t, cheap)
	tests := []struct {
		field string
		edit  func(*auth.RegisterInput)
	}{
		{"phone", func(in *auth.RegisterInput) { in.Phone = "024 3825 1234" }},
		{"password", func(in *auth.RegisterInput) { in.Password = "123456" }},
		{"name", func(in *auth.RegisterInput) { in.Name = "<b>x</b>" }},
		{"birth_year", func(in *auth.RegisterInput) { in.BirthYear = 1850 }},
		{"gender", func(in *auth.RegisterInput) { in.Gender = "unknown" }},
		{"unit_code", func(in *auth.RegisterInput) { in.UnitCode = "22" }}, // a province, not a commune
		{"unit_code", func(in *auth.RegisterInput) { in.UnitCode = "99999" }},
		{"ethnicity", func(in *auth.RegisterInput) { in.Ethnicity = "martian" }},
	}
	for _, tt := range tests {
		in := learner("0987654321")
		tt.edit(&in)
		_, err := f.svc.Register(context.Background(), in)
		e := code(t, err, lms.EINVALID)
		if len(e.Fields) != 1 || e.Fields[0].Field != tt.field {
			t.Errorf("%s: fields %+v", tt.field, e.Fields)
		}
	}
	// Nothing was stored by any of them.
	if _, err := f.store.UserByPhone(context.Background(), "+84987654321"); lms.ErrorCode(err) != lms.ENOTFOUND {
		t.Fatalf("a rejected registration was stored: %v", err)
	}
}

func TestLoginAuthenticateLogout(t *testing.T) {
	f := newFixture(t, cheap)
	ctx := context.Background()
	reg, err := f.svc.Register(ctx, learner("0912345678"))
	if err != nil {
		t.Fatal(err)
	}
	u, token, err := f.svc.Login(ctx, auth.LoginInput{Phone: "0912 345 678", Password: "482915"}, "10.0.0.1")
	if err != nil || u.ID != reg.ID || len(token) < 40 {
		t.Fatalf("login: %v %v %q", u, err, token)
	}
	got, err := f.svc.Authenticate(ctx, token)
	if err != nil || got.ID != reg.ID {
		t.Fatalf("authenticate: %v %v", got, err)
	}
	if err := f.svc.Logout(ctx, token); err != nil {
		t.Fatal(err)
	}
	_, err = f.svc.Authenticate(ctx, token)
	code(t, err, lms.EUNAUTHORIZED)
	_, err = f.svc.Authenticate(ctx, "not-a-token")
	code(t, err, lms.EUNAUTHORIZED)
}

func TestWrongPhoneAndWrongPasswordLookTheSame(t *testing.T) {
	f := newFixture(t, cheap)
	ctx := context.Background()
	if _, err := f.svc.Register(ctx, learner("0912345678")); err != nil {
		t.Fatal(err)
	}
	_, _, e1 := f.svc.Login(ctx, auth.LoginInput{Phone: "0912345678", Password: "wrong-pass"}, "a")
	_, _, e2 := f.svc.Login(ctx, auth.LoginInput{Phone: "0900000000", Password: "wrong-pass"}, "a")
	m1, m2 := code(t, e1, lms.EUNAUTHORIZED), code(t, e2, lms.EUNAUTHORIZED)
	if m1.Message != m2.Message {
		t.Fatalf("messages differ: %q vs %q", m1.Message, m2.Message)
	}
}

func TestSignInRateLimits(t *testing.T) {
	f := newFixture(t, cheap)
	ctx := context.Background()
	if _, err := f.svc.Register(ctx, learner("0912345678")); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 5; i++ {
		_, _, err := f.svc.Login(ctx, auth.LoginInput{Phone: "0912345678", Password: "wrong-pass"}, "1.1.1.1")
		code(t, err, lms.EUNAUTHORIZED)
	}
	// Now even the right PIN is refused until the window ends...
	f.now = f.now.Add(time.Minute)
	_, _, err := f.svc.Login(ctx, auth.LoginInput{Phone: "0912345678", Password: "482915"}, "1.1.1.1")
	e := code(t, err, lms.ETOOMANY)
	if e.RetryAfter <= 0 || e.RetryAfter > 15*time.Minute {
		t.Fatalf("retry after %v", e.RetryAfter)
	}
	// ...and works in the next window.
	f.now = f.now.Add(15 * time.Minute)
	if _, _, err := f.svc.Login(ctx, auth.LoginInput{Phone: "0912345678", Password: "482915"}, "1.1.1.1"); err != nil {
		t.Fatalf("after the window: %v", err)
	}
	// One client trying many phones is limited too...
	for i := 0; i < 50; i++ {
		f.svc.Login(ctx, auth.LoginInput{Phone: fmt.Sprintf("09000000%02d", i), Password: "x"}, "2.2.2.2")
	}
	_, _, err = f.svc.Login(ctx, auth.LoginInput{Phone: "0912345678", Password: "482915"}, "2.2.2.2")
	code(t, err, lms.ETOOMANY)
	// ...but a class signing in successfully behind one address is not.
	for i := 0; i < 60; i++ {
		if _, _, err := f.svc.Login(ctx, auth.LoginInput{Phone: "0912345678", Password: "482915"}, "3.3.3.3"); err != nil {
			t.Fatalf("success %d: %v", i, err)
		}
	}
}

func TestSessionsSlideAndExpire(t *testing.T) {
	f := newFixture(t, cheap)
	ctx := context.Background()
	if _, err := f.svc.Register(ctx, learner("0912345678")); err != nil {
		t.Fatal(err)
	}
	_, token, err := f.svc.Login(ctx, auth.LoginInput{Phone: "0912345678", Password: "482915"}, "c")
	if err != nil {
		t.Fatal(err)
	}
	// Used every 20 days, the session lives on past its first 30 days.
	for i := 0; i < 3; i++ {
		f.now = f.now.Add(20 * 24 * time.Hour)
		if _, err := f.svc.Authenticate(ctx, token); err != nil {
			t.Fatalf("day %d: %v", 20*(i+1), err)
		}
	}
	// Left alone for 31 days, it ends.
	f.now = f.now.Add(31 * 24 * time.Hour)
	_, err = f.svc.Authenticate(ctx, token)
	code(t, err, lms.EUNAUTHORIZED)
}

func TestChangeSecretSignsOutOtherDevices(t *testing.T) {
	f := newFixture(t, cheap)
	ctx := context.Background()
	u, err := f.svc.Register(ctx, learner("0912345678"))
	if err != nil {
		t.Fatal(err)
	}
	login := func(pw string) string {
		_, tok, err := f.svc.Login(ctx, auth.LoginInput{Phone: "0912345678", Password: pw}, "c")
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	phoneTok, laptopTok := login("482915"), login("482915")
	e := code(t, f.svc.ChangeSecret(ctx, u, "wrong", "730194", phoneTok), lms.EINVALID)
	if e.Fields[0].Field != "current_password" {
		t.Fatalf("fields %+v", e.Fields)
	}
	code(t, f.svc.ChangeSecret(ctx, u, "482915", "000000", phoneTok), lms.EINVALID)
	if err := f.svc.ChangeSecret(ctx, u, "482915", "730194", phoneTok); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Authenticate(ctx, phoneTok); err != nil {
		t.Fatalf("the device that changed it was signed out: %v", err)
	}
	_, err = f.svc.Authenticate(ctx, laptopTok)
	code(t, err, lms.EUNAUTHORIZED)
	login("730194")
}

func TestVisibility(t *testing.T) {
	f := newFixture(t, cheap)
	ctx := context.Background()
	hoa, err := f.svc.Register(ctx, learner("0912345678")) // Ba Chẽ, Quảng Ninh
	if err != nil {
		t.Fatal(err)
	}
	other := learner("0987654321")
	other.UnitCode = "00004" // Ba Đình, Hà Nội
	ba, err := f.svc.Register(ctx, other)
	if err != nil {
		t.Fatal(err)
	}
	staff := func(phone, role, unit string) *lms.User {
		u, err := f.svc.CreateStaff(ctx, "", auth.StaffInput{Phone: phone, Password: "s3cret-pass", Name: "Cán Bộ", Role: role, UnitCode: unit})
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	province := staff("0933000001", "official", "22")
	commune := staff("0933000002", "official", "06970")
	trainer := staff("0933000003", "trainer", "06970")
	tests := []struct {
		viewer, target *lms.User
		want           auth.Visibility
	}{
		{hoa, hoa, auth.Full},
		{hoa, ba, auth.Hidden},
		{province, hoa, auth.Masked},
		{province, ba, auth.Hidden},
		{commune, hoa, auth.Masked},
		{trainer, hoa, auth.Hidden},
	}
	for i, tt := range tests {
		if got := f.svc.VisibilityOf(tt.viewer, tt.target); got != tt.want {
			t.Errorf("%d: %s sees %s: %v, want %v", i, tt.viewer.Role, tt.target.Name, got, tt.want)
		}
	}
	_, _, err = f.svc.UserFor(ctx, hoa, ba.ID)
	code(t, err, lms.ENOTFOUND)
	entries, err := f.store.ListAudit(ctx, 10)
	if err != nil || len(entries) != 3 || entries[0].Action != "user.create" {
		t.Fatalf("audit: %v %+v", err, entries)
	}
}

// BenchmarkLogin measures one sign-in with the production argon2id
// parameters: the figure in the README.
func BenchmarkLogin(b *testing.B) {
	f := newFixture(b, auth.DefaultHashParams)
	ctx := context.Background()
	if _, err := f.svc.Register(ctx, learner("0912345678")); err != nil {
		b.Fatal(err)
	}
	for i := 0; b.Loop(); i++ {
		f.now = f.now.Add(time.Hour) // stay clear of the per-client limit
		if _, _, err := f.svc.Login(ctx, auth.LoginInput{Phone: "0912345678", Password: "482915"}, "bench"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAuthenticate(b *testing.B) {
	f := newFixture(b, cheap)
	ctx := context.Background()
	if _, err := f.svc.Register(ctx, learner("0912345678")); err != nil {
		b.Fatal(err)
	}
	_, token, err := f.svc.Login(ctx, auth.LoginInput{Phone: "0912345678", Password: "482915"}, "c")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := f.svc.Authenticate(ctx, token); err != nil {
			b.Fatal(err)
		}
	}
}

func TestChangeSecretGuessesAreRateLimited(t *testing.T) {
	f := newFixture(t, cheap)
	ctx := context.Background()
	u, err := f.svc.Register(ctx, learner("0912345678"))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 5; i++ {
		code(t, f.svc.ChangeSecret(ctx, u, fmt.Sprintf("00000%d", i), "730194", ""), lms.EINVALID)
	}
	code(t, f.svc.ChangeSecret(ctx, u, "482915", "730194", ""), lms.ETOOMANY)
}
