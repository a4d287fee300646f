package cohort_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/hocvuso/hocvuso/internal/assess"
	"github.com/hocvuso/hocvuso/internal/auth"
	"github.com/hocvuso/hocvuso/internal/cohort"
	"github.com/hocvuso/hocvuso/internal/content/contenttest"
	"github.com/hocvuso/hocvuso/internal/ethnic"
	"github.com/hocvuso/hocvuso/internal/learning"
	"github.com/hocvuso/hocvuso/internal/lms"
	"github.com/hocvuso/hocvuso/internal/sqlite"
	"github.com/hocvuso/hocvuso/internal/units"
	"github.com/hocvuso/hocvuso/internal/validation"
)

type fixture struct {
	svc   *cohort.Service
	auth  *auth.Service
	store lms.Store
	learn *learning.Service
	now   time.Time
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	reg, err := units.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	store, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	cat := contenttest.Catalog(t)
	v := validation.New(validation.Lookups{IsCommune: reg.IsCommune, IsEthnicity: ethnic.Valid,
		IsUnit: func(c string) bool { return reg.IsProvince(c) || reg.IsCommune(c) }})
	f := &fixture{store: store, now: time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)}
	clock := func() time.Time { return f.now }
	f.auth, err = auth.NewService(ctx, store, auth.NewHasher(auth.HashParams{MemoryKiB: 1024, Time: 1, Threads: 1}), v, reg, auth.Config{Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	as := assess.NewService(store, cat, clock)
	f.learn = learning.NewService(store, cat, as, clock)
	f.svc = cohort.NewService(store, reg, f.auth, f.learn, as, v, clock)
	return f
}

func (f *fixture) learner(t *testing.T, n int, unit string) *lms.User {
	t.Helper()
	u, err := f.auth.Register(context.Background(), auth.RegisterInput{Phone: fmt.Sprintf("0912%06d", n), Password: "482915",
		Name: "Học Viên", BirthYear: 1955, Gender: "female", UnitCode: unit})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func (f *fixture) staff(t *testing.T, n int, role, unit string) *lms.User {
	t.Helper()
	u, err := f.auth.CreateStaff(context.Background(), "", auth.StaffInput{Phone: fmt.Sprintf("0933%06d", n), Password: "s3cret-pass",
		Name: "Cán Bộ", Role: role, UnitCode: unit})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func code(t *testing.T, err error, want string) {
	t.Helper()
	if got := lms.ErrorCode(err); got != want {
		t.Fatalf("error %v (code %q), want %q", err, got, want)
	}
}

// setup makes a team led by a trainer in Ba Chẽ and a class of 2 places.
func (f *fixture) setup(t *testing.T) (*lms.User, *lms.Team, *lms.Class) {
	t.Helper()
	ctx := context.Background()
	leader := f.staff(t, 1, "trainer", "06970")
	team, err := f.svc.CreateTeam(ctx, leader, cohort.TeamInput{Name: "Đội xung kích xã Ba Chẽ", UnitCode: "06970"})
	if err != nil {
		t.Fatal(err)
	}
	class, err := f.svc.CreateClass(ctx, leader, cohort.ClassInput{TeamID: team.ID, Name: "Lớp thôn Làng Mới", UnitCode: "06970",
		Place: "Nhà văn hóa thôn", Sessions: []time.Time{f.now.Add(24 * time.Hour), f.now.Add(72 * time.Hour)},
		Courses: []string{"smartphone", "scam-awareness"}, Capacity: 2})
	if err != nil {
		t.Fatal(err)
	}
	return leader, team, class
}

func TestJoinByCode(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	leader, _, class := f.setup(t)
	if len(class.JoinCode) != 6 || class.Status != lms.ClassPlanned || len(class.Sessions) != 2 {
		t.Fatalf("class %+v", class)
	}
	a, b, c := f.learner(t, 1, "06970"), f.learner(t, 2, "06970"), f.learner(t, 3, "06970")
	// Typed with spaces and in lower case, as people do.
	spaced := class.JoinCode[:3] + " " + class.JoinCode[3:]
	if _, err := f.svc.JoinByCode(ctx, a, spaced); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.JoinByCode(ctx, a, class.JoinCode); err != nil {
		t.Fatalf("joining twice: %v", err)
	}
	if _, err := f.svc.JoinByCode(ctx, b, class.JoinCode); err != nil {
		t.Fatal(err)
	}
	_, err := f.svc.JoinByCode(ctx, c, class.JoinCode)
	code(t, err, lms.ECONFLICT) // full: capacity 2
	if e := lms.AsError(err); e.Message.VI != "Lớp này đã đủ người. Hãy hỏi người hướng dẫn lớp khác." {
		t.Fatalf("message %q", e.Message.VI)
	}
	_, err = f.svc.JoinByCode(ctx, c, "ZZZZZZ")
	code(t, err, lms.ENOTFOUND)
	if _, err := f.svc.SetStatus(ctx, leader, class.ID, lms.ClassFinished); err != nil {
		t.Fatal(err)
	}
	class.Capacity = 10
	f.store.UpdateClass(ctx, &lms.Class{ID: class.ID, TeamID: class.TeamID, UnitCode: class.UnitCode, JoinCode: class.JoinCode,
		Status: lms.ClassFinished, Capacity: 10, Courses: class.Courses, TrainerIDs: class.TrainerIDs, Sessions: class.Sessions})
	_, err = f.svc.JoinByCode(ctx, c, class.JoinCode)
	code(t, err, lms.ECONFLICT)
	if e := lms.AsError(err); e.Message.VI != "Lớp này đã kết thúc, không nhận thêm học viên." {
		t.Fatalf("message %q", e.Message.VI)
	}
}

func TestAssistedAccounts(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	leader, _, class := f.setup(t)
	in := auth.RegisterInput{Phone: "0987 111 222", Password: "730194", Name: "Lò Văn Páo", BirthYear: 1950, Gender: "male", Ethnicity: "thai"}
	res, err := f.svc.RegisterAssisted(ctx, leader, class.ID, in)
	if err != nil || res.Existing || !res.Learner.Assisted || res.Learner.UnitCode != "06970" {
		t.Fatalf("assisted: %v %+v", err, res)
	}
	// The learner signs in with the PIN they chose.
	if _, _, err := f.auth.Login(ctx, auth.LoginInput{Phone: "0987111222", Password: "730194"}, "c"); err != nil {
		t.Fatal(err)
	}
	// Registering the same phone again enrols the existing account.
	res, err = f.svc.RegisterAssisted(ctx, leader, class.ID, in)
	if err != nil || !res.Existing {
		t.Fatalf("again: %v %+v", err, res)
	}
	es, _ := f.store.Enrolments(ctx, class.ID)
	if len(es) != 1 || es[0].Via != lms.ViaAssisted {
		t.Fatalf("enrolments %+v", es)
	}
	// Another trainer cannot register into this class.
	other := f.staff(t, 2, "trainer", "06970")
	_, err = f.svc.RegisterAssisted(ctx, other, class.ID, in)
	code(t, err, lms.ENOTFOUND)
	// A bad form changes nothing.
	bad := in
	bad.Phone, bad.Password = "0987 333 444", "123456"
	_, err = f.svc.RegisterAssisted(ctx, leader, class.ID, bad)
	code(t, err, lms.EINVALID)
	if _, err := f.store.UserByPhone(ctx, "+84987333444"); lms.ErrorCode(err) != lms.ENOTFOUND {
		t.Fatal("a refused assisted registration made an account")
	}
}

func TestInvitesMakeTrainers(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	leader, team, _ := f.setup(t)
	volunteer := f.learner(t, 5, "06970")
	stranger := f.learner(t, 6, "06970")
	inv, err := f.svc.Invite(ctx, leader, team.ID, "0912 000 005")
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.svc.AcceptInvite(ctx, stranger, inv.Code)
	code(t, err, lms.ENOTFOUND) // made for another phone
	if _, err := f.svc.Invite(ctx, volunteer, team.ID, "0912000006"); lms.ErrorCode(err) != lms.ENOTFOUND {
		t.Fatal("only the leader invites")
	}
	inv, _ = f.svc.Invite(ctx, leader, team.ID, "0912 000 005")
	got, err := f.svc.AcceptInvite(ctx, volunteer, inv.Code)
	if err != nil || got.ID != team.ID {
		t.Fatalf("accept: %v", err)
	}
	u, _ := f.store.UserByID(ctx, volunteer.ID)
	if u.Role != lms.RoleTrainer {
		t.Fatalf("role %s", u.Role)
	}
	_, err = f.svc.AcceptInvite(ctx, u, inv.Code)
	code(t, err, lms.ENOTFOUND) // used
	// Expired codes do not work.
	inv, _ = f.svc.Invite(ctx, leader, team.ID, "0912 000 006")
	f.now = f.now.Add(25 * time.Hour)
	_, err = f.svc.AcceptInvite(ctx, stranger, inv.Code)
	code(t, err, lms.ENOTFOUND)
}

func TestAccessRules(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	leader, _, class := f.setup(t)
	learner := f.learner(t, 1, "06970")
	f.svc.JoinByCode(ctx, learner, class.JoinCode)
	otherTrainer := f.staff(t, 2, "trainer", "06970")
	otherTeam, _ := f.svc.CreateTeam(ctx, otherTrainer, cohort.TeamInput{Name: "Đội thanh niên tình nguyện", UnitCode: "06970"})
	communeOfficial := f.staff(t, 3, "official", "06970")
	provinceOfficial := f.staff(t, 4, "official", "22")
	hanoiOfficial := f.staff(t, 5, "official", "01")
	for _, tc := range []struct {
		who  *lms.User
		sees bool
	}{{leader, true}, {communeOfficial, true}, {provinceOfficial, true}, {otherTrainer, false}, {hanoiOfficial, false}, {learner, false}} {
		_, err := f.svc.Grid(ctx, tc.who, class.ID)
		if (err == nil) != tc.sees {
			t.Errorf("%s of %s sees the class: %v, want %v", tc.who.Role, tc.who.UnitCode, err == nil, tc.sees)
		}
		if tc.sees && err != nil || !tc.sees && lms.ErrorCode(err) != lms.ENOTFOUND {
			t.Errorf("%s: %v", tc.who.Role, err)
		}
	}
	if !f.svc.TrainsLearner(ctx, leader, learner.ID) || f.svc.TrainsLearner(ctx, otherTrainer, learner.ID) {
		t.Error("trainers see exactly their own classes' learners")
	}
	// Officials see phones masked; the class's trainer sees them in full.
	g, _ := f.svc.Grid(ctx, leader, class.ID)
	o, _ := f.svc.Grid(ctx, communeOfficial, class.ID)
	if g.Rows[0].Phone != "0912000001" || o.Rows[0].Phone != "091****001" {
		t.Fatalf("phones: trainer %q, official %q", g.Rows[0].Phone, o.Rows[0].Phone)
	}
	// The other team's trainer cannot create classes in this team.
	_, err := f.svc.CreateClass(ctx, otherTrainer, cohort.ClassInput{TeamID: class.TeamID, Name: "Lớp lạ", UnitCode: "06970", Courses: []string{"smartphone"}, Capacity: 5})
	code(t, err, lms.ENOTFOUND)
	_ = otherTeam
}

func TestAttendanceSyncedLate(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	leader, _, class := f.setup(t)
	a, b := f.learner(t, 1, "06970"), f.learner(t, 2, "06970")
	f.svc.JoinByCode(ctx, a, class.JoinCode)
	f.svc.JoinByCode(ctx, b, class.JoinCode)
	s1 := class.Sessions[0].ID
	// On the phone, offline: a present at 9:05, b absent at 9:06 then
	// corrected to present at 9:20. Sent later, in any order.
	t1, t2, t3 := f.now.Add(5*time.Minute), f.now.Add(6*time.Minute), f.now.Add(20*time.Minute)
	f.now = f.now.Add(3 * time.Hour)
	if err := f.svc.MarkAttendance(ctx, leader, class.ID, s1, []cohort.Mark{{UserID: b.ID, Present: true, MarkedAt: t3}}); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.MarkAttendance(ctx, leader, class.ID, s1, []cohort.Mark{{UserID: a.ID, Present: true, MarkedAt: t1}, {UserID: b.ID, Present: false, MarkedAt: t2}}); err != nil {
		t.Fatal(err)
	}
	g, _ := f.svc.Grid(ctx, leader, class.ID)
	for _, r := range g.Rows {
		if !r.Present[s1] {
			t.Fatalf("%s: present %v; the newest mark must win", r.User.ID, r.Present)
		}
	}
	stranger := f.learner(t, 9, "06970")
	err := f.svc.MarkAttendance(ctx, leader, class.ID, s1, []cohort.Mark{{UserID: stranger.ID, Present: true}})
	code(t, err, lms.EINVALID)
	err = f.svc.MarkAttendance(ctx, leader, class.ID, "s99", nil)
	code(t, err, lms.ENOTFOUND)
}

func TestActivitiesAndStuckLearners(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	leader, team, class := f.setup(t)
	in := cohort.ActivityInput{ID: "phone-7f3a9c21", TeamID: team.ID, Kind: "vneid", Date: "2026-04-30", UnitCode: "06970", People: 4, Note: "Kích hoạt VNeID"}
	if _, created, err := f.svc.LogActivity(ctx, leader, in); err != nil || !created {
		t.Fatalf("log: %v", err)
	}
	if _, created, _ := f.svc.LogActivity(ctx, leader, in); created {
		t.Fatal("a retried log counted twice")
	}
	bad := in
	bad.ID, bad.Kind = "phone-00000002", "dancing"
	_, _, err := f.svc.LogActivity(ctx, leader, bad)
	code(t, err, lms.EINVALID)
	bad.Kind, bad.Date = "vneid", "2026-06-01" // tomorrow and beyond
	_, _, err = f.svc.LogActivity(ctx, leader, bad)
	code(t, err, lms.EINVALID)
	list, _ := f.svc.MyActivities(ctx, leader)
	if len(list) != 1 || list[0].People != 4 {
		t.Fatalf("activities %+v", list)
	}
	// Stuck learners: one never started, one inactive for 8 days.
	idle, busy := f.learner(t, 1, "06970"), f.learner(t, 2, "06970")
	f.svc.JoinByCode(ctx, idle, class.JoinCode)
	f.svc.JoinByCode(ctx, busy, class.JoinCode)
	first := "01-lam-quen"
	if _, err := f.learn.Complete(ctx, busy, "smartphone", first, time.Time{}); err != nil {
		t.Fatal(err)
	}
	f.now = f.now.Add(8 * 24 * time.Hour)
	g, _ := f.svc.Grid(ctx, leader, class.ID)
	flags := map[string][]string{}
	for _, r := range g.Rows {
		flags[r.User.ID] = r.Stuck
		if r.User.ID == busy.ID && !r.Done["smartphone"][first] {
			t.Fatal("the grid lost a completed lesson")
		}
	}
	if len(flags[idle.ID]) != 1 || flags[idle.ID][0] != cohort.StuckNeverStarted || len(flags[busy.ID]) != 1 || flags[busy.ID][0] != cohort.StuckInactive {
		t.Fatalf("stuck flags %v", flags)
	}
}
