package report_test

import (
	"context"
	"testing"
	"time"

	"github.com/hocvuso/hocvuso/internal/lms"
	"github.com/hocvuso/hocvuso/internal/mongodb"
	"github.com/hocvuso/hocvuso/internal/mongodb/mongotest"
	"github.com/hocvuso/hocvuso/internal/report"
	"github.com/hocvuso/hocvuso/internal/sqlite"
	"github.com/hocvuso/hocvuso/internal/storetest"
	"github.com/hocvuso/hocvuso/internal/units"
)

// Quảng Ninh (22): Ba Chẽ and Vân Đồn have learners, Hạ Long has none.
const (
	province = "22"
	baChe    = "06970"
	vanDon   = "06994"
	haLong   = "06688"
)

var now = time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)

func day(d int) time.Time { return time.Date(2026, 10, d, 8, 0, 0, 0, time.UTC) }

// seed writes the hand-made dataset the expectations below are computed
// from, through the store as the product writes it:
//
//	A  Ba Chẽ   female 1958 kinh  class C1  smartphone: started 1 Oct, final passed, certificate 5 Oct (4 days)
//	B  Ba Chẽ   male   1990 tay   class C1  smartphone: started 2 Oct, final failed
//	C  Ba Chẽ   female 2010 dao   class C1  smartphone: nothing yet
//	D  Vân Đồn  female 1970 kinh  no class  smartphone: started 1 Oct, final passed, certificate 11 Oct (10 days), revoked
//	                                        scam-awareness: started 1 Nov
//	G  Ba Chẽ   learner with no class and no activity: not enrolled anywhere
//	T  Vân Đồn  trainer who did a lesson: not a learner, not counted
//	F  Hà Nội   learner with a certificate: outside the province
func seed(t *testing.T, s lms.Store) {
	ctx := context.Background()
	user := func(name, unit string, g lms.Gender, born int, eth string, role lms.Role) *lms.User {
		u := storetest.NewUser()
		u.Name, u.UnitCode, u.Gender, u.BirthYear, u.Ethnicity, u.Role = name, unit, g, born, eth, role
		must(t, s.CreateUser(ctx, u))
		return u
	}
	a := user("Nguyễn Thị An", baChe, lms.GenderFemale, 1958, "kinh", lms.RoleLearner)
	b := user("Hoàng Văn Bình", baChe, lms.GenderMale, 1990, "tay", lms.RoleLearner)
	c := user("Triệu Thị Chi", baChe, lms.GenderFemale, 2010, "dao", lms.RoleLearner)
	d := user("Lê Thị Dung", vanDon, lms.GenderFemale, 1970, "kinh", lms.RoleLearner)
	user("Phạm Văn Giang", baChe, lms.GenderMale, 1965, "kinh", lms.RoleLearner)
	tr := user("Vũ Văn Tâm", vanDon, lms.GenderMale, 2000, "kinh", lms.RoleTrainer)
	f := user("Đỗ Thị Phương", "00322", lms.GenderFemale, 1960, "kinh", lms.RoleLearner)

	must(t, s.CreateClass(ctx, &lms.Class{ID: "c1", TeamID: "t1", Name: "Lớp thôn Nà Làng", UnitCode: baChe,
		Courses: []string{"smartphone"}, TrainerIDs: []string{"tr"}, Capacity: 30, Status: lms.ClassRunning, JoinCode: "NALANG", CreatedAt: day(1), UpdatedAt: day(1)}))
	for _, u := range []*lms.User{a, b, c} {
		_, err := s.Enrol(ctx, &lms.Enrolment{ClassID: "c1", UserID: u.ID, Via: lms.ViaCode, At: day(1)}, 30)
		must(t, err)
	}
	lesson := func(u *lms.User, course, id string, at time.Time) {
		_, err := s.CompleteLesson(ctx, &lms.LessonCompletion{UserID: u.ID, CourseSlug: course, LessonID: id, ContentHash: "h", CompletedAt: at, RecordedAt: at})
		must(t, err)
	}
	final := func(u *lms.User, course string, passed bool, at time.Time) {
		must(t, s.CreateAttempt(ctx, &lms.Attempt{ID: u.ID + ":" + course + "-final:1", UserID: u.ID, QuizID: course + "-final", CourseSlug: course,
			Kind: "final", Number: 1, StartedAt: at, Status: lms.AttemptSubmitted, SubmittedAt: at, Passed: passed}))
	}
	cert := func(u *lms.User, course, code string, index int, at time.Time) {
		_, _, err := s.IssueCertificate(ctx, &lms.Certificate{Code: code, UserID: u.ID, CourseSlug: course, LearnerName: u.Name,
			UnitCode: u.UnitCode, IssuedAt: at, StatusIndex: index, Credential: "x", KeyID: "k"})
		must(t, err)
	}
	lesson(a, "smartphone", "01", day(1))
	lesson(a, "smartphone", "02", day(3))
	final(a, "smartphone", true, day(5))
	cert(a, "smartphone", "AAAAAAAAAA", 1, day(5))
	lesson(b, "smartphone", "01", day(2))
	final(b, "smartphone", false, day(4))
	lesson(d, "smartphone", "02", day(2))
	lesson(d, "smartphone", "01", day(1)) // synced late: the first lesson still counts as the start
	final(d, "smartphone", true, day(11))
	cert(d, "smartphone", "DDDDDDDDDD", 2, day(11))
	must(t, s.RevokeCertificate(ctx, "DDDDDDDDDD", day(20), "official", "Cấp nhầm người"))
	lesson(d, "scam-awareness", "01", time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC))
	lesson(tr, "smartphone", "01", day(1))
	lesson(f, "smartphone", "01", day(1))
	cert(f, "smartphone", "FFFFFFFFFF", 3, day(3))
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

type stores map[string]func(tb testing.TB) lms.Store

func adapters() stores {
	return stores{
		"SQLite": func(t testing.TB) lms.Store {
			s, err := sqlite.Open(context.Background(), t.TempDir())
			must(t, err)
			t.Cleanup(func() { s.Close() })
			return s
		},
		"MongoDB": func(t testing.TB) lms.Store {
			s, err := mongodb.Open(context.Background(), mongotest.URI(t))
			must(t, err)
			t.Cleanup(func() { s.Close() })
			return s
		},
	}
}

// want is a row's figures: enrolled, started, completed, certified,
// completion %, took final, passed final, pass %, median days.
type want struct {
	enrolled, started, completed, certified, rate, took, passed, passRate int
	median                                                                float64
}

func check(t *testing.T, name string, r *report.Row, w want) {
	t.Helper()
	got := want{r.Enrolled, r.Started, r.Completed, r.Certified, r.CompletionRate, r.TookFinal, r.PassedFinal, r.FinalPassRate, r.MedianDays}
	if got != w {
		t.Errorf("%s (%s):\n got %+v\nwant %+v", name, r.Label.VI, got, w)
	}
}

func rowsByKey(t *testing.T, tb *report.Table, keys ...string) map[string]*report.Row {
	t.Helper()
	m := map[string]*report.Row{}
	for _, r := range tb.Rows {
		m[r.Key] = r
	}
	if len(m) != len(keys) {
		t.Fatalf("by %s: %d rows %v, want %v", tb.By, len(m), keysOf(tb), keys)
	}
	for _, k := range keys {
		if m[k] == nil {
			t.Fatalf("by %s: no row %q among %v", tb.By, k, keysOf(tb))
		}
	}
	return m
}

func keysOf(tb *report.Table) []string {
	var ks []string
	for _, r := range tb.Rows {
		ks = append(ks, r.Key)
	}
	return ks
}

func TestCompletionAgainstHandCountedData(t *testing.T) {
	reg, err := units.Embedded()
	must(t, err)
	for name, open := range adapters() {
		t.Run(name, func(t *testing.T) {
			s := open(t)
			seed(t, s)
			svc := report.NewService(s, reg, func() time.Time { return now })
			provincial := &lms.User{ID: "o1", Role: lms.RoleOfficial, UnitCode: province}
			ctx := context.Background()
			get := func(q report.Query) *report.Table {
				t.Helper()
				tb, err := svc.Completion(ctx, provincial, q)
				must(t, err)
				if len(reg.Communes(province)) != 54 {
					t.Fatal("Quảng Ninh should have 54 units")
				}
				return tb
			}

			none := want{rate: -1, passRate: -1, median: -1}
			tb := get(report.Query{Course: "smartphone"})
			if tb.Unit != province || len(tb.Rows) != 54 {
				t.Fatalf("by unit: unit %q, %d rows; want every one of the 54 units", tb.Unit, len(tb.Rows))
			}
			m := rowsByKey(t, tb, keysOf(tb)...)
			check(t, "Ba Chẽ", m[baChe], want{3, 2, 1, 1, 33, 2, 1, 50, 4})
			check(t, "Vân Đồn", m[vanDon], want{1, 1, 1, 0, 100, 1, 1, 100, 10})
			check(t, "Hạ Long (no learners)", m[haLong], none)
			check(t, "total", tb.Total, want{4, 3, 2, 1, 50, 3, 2, 67, 7})

			tb = get(report.Query{})
			m = rowsByKey(t, tb, keysOf(tb)...)
			check(t, "Vân Đồn, every course", m[vanDon], want{2, 2, 1, 0, 50, 1, 1, 100, 10})
			check(t, "total, every course", tb.Total, want{5, 4, 2, 1, 40, 3, 2, 67, 7})

			tb = get(report.Query{Course: "smartphone", By: report.ByAge})
			m = rowsByKey(t, tb, "under18", "18-39", "40-59", "60plus")
			if tb.Rows[0].Key != "under18" || tb.Rows[3].Key != "60plus" {
				t.Errorf("age bands out of order: %v", keysOf(tb))
			}
			check(t, "under 18", m["under18"], want{1, 0, 0, 0, 0, 0, 0, -1, -1})
			check(t, "18–39", m["18-39"], want{1, 1, 0, 0, 0, 1, 0, 0, -1})
			check(t, "40–59", m["40-59"], want{1, 1, 1, 0, 100, 1, 1, 100, 10})
			check(t, "60+", m["60plus"], want{1, 1, 1, 1, 100, 1, 1, 100, 4})

			tb = get(report.Query{Course: "smartphone", By: report.ByGender})
			m = rowsByKey(t, tb, "female", "male", "other")
			check(t, "female", m["female"], want{3, 2, 2, 1, 67, 2, 2, 100, 7})
			check(t, "male", m["male"], want{1, 1, 0, 0, 0, 1, 0, 0, -1})
			check(t, "other (nobody)", m["other"], none)

			tb = get(report.Query{Course: "smartphone", By: report.ByEthnicity})
			m = rowsByKey(t, tb, "kinh", "tay", "dao")
			check(t, "Kinh", m["kinh"], want{2, 2, 2, 1, 100, 2, 2, 100, 7})
			check(t, "Tày", m["tay"], want{1, 1, 0, 0, 0, 1, 0, 0, -1})
			check(t, "Dao", m["dao"], want{1, 0, 0, 0, 0, 0, 0, -1, -1})

			tb = get(report.Query{Unit: baChe, Course: "smartphone", By: report.ByClass})
			m = rowsByKey(t, tb, "c1")
			check(t, "class", m["c1"], want{3, 2, 1, 1, 33, 2, 1, 50, 4})
			tb = get(report.Query{Unit: vanDon, Course: "smartphone", By: report.ByClass})
			m = rowsByKey(t, tb, "")
			check(t, "no class", m[""], want{1, 1, 1, 0, 100, 1, 1, 100, 10})
			if _, err := svc.Completion(ctx, provincial, report.Query{By: report.ByClass}); lms.ErrorCode(err) != lms.EINVALID {
				t.Errorf("classes of a whole province: %v, want EINVALID", err)
			}

			tb = get(report.Query{Unit: baChe, Course: "smartphone", Class: "c1", By: report.ByGender})
			m = rowsByKey(t, tb, "female", "male", "other")
			check(t, "class c1, female", m["female"], want{2, 1, 1, 1, 50, 1, 1, 100, 4})
			check(t, "class c1, male", m["male"], want{1, 1, 0, 0, 0, 1, 0, 0, -1})
		})
	}
}

// An official sees their unit and the units under it; nothing else, and
// nothing that tells a hidden unit from an unknown one.
func TestCompletionScope(t *testing.T) {
	reg, err := units.Embedded()
	must(t, err)
	s := adapters()["SQLite"](t)
	seed(t, s)
	svc := report.NewService(s, reg, func() time.Time { return now })
	ctx := context.Background()
	commune := &lms.User{ID: "o2", Role: lms.RoleOfficial, UnitCode: baChe}
	for _, c := range []struct {
		viewer *lms.User
		unit   string
		ok     bool
	}{
		{commune, "", true},
		{commune, baChe, true},
		{commune, province, false},
		{commune, vanDon, false},
		{commune, "99999", false},
		{&lms.User{Role: lms.RoleOfficial, UnitCode: province}, baChe, true},
		{&lms.User{Role: lms.RoleOfficial, UnitCode: "01"}, baChe, false},
		{&lms.User{Role: lms.RoleAdmin, UnitCode: province}, province, true},
		{&lms.User{Role: lms.RoleTrainer, UnitCode: baChe}, baChe, false},
		{&lms.User{Role: lms.RoleLearner, UnitCode: baChe}, baChe, false},
		{nil, baChe, false},
	} {
		tb, err := svc.Completion(ctx, c.viewer, report.Query{Unit: c.unit})
		switch {
		case c.ok && err != nil:
			t.Errorf("%+v on %q: %v", c.viewer, c.unit, err)
		case !c.ok && lms.ErrorCode(err) != lms.ENOTFOUND:
			t.Errorf("%+v on %q: %v, want not found", c.viewer, c.unit, err)
		case c.ok && c.viewer == commune && (len(tb.Rows) != 1 || tb.Rows[0].Key != baChe || tb.Total.Enrolled != 3):
			t.Errorf("a commune official's own report: %+v", tb.Rows)
		}
	}
	vanDonOfficial := &lms.User{Role: lms.RoleOfficial, UnitCode: vanDon}
	if _, err := svc.Completion(ctx, vanDonOfficial, report.Query{Class: "c1"}); lms.ErrorCode(err) != lms.ENOTFOUND {
		t.Errorf("a class in another commune: %v, want not found", err)
	}
	if _, err := svc.Completion(ctx, commune, report.Query{Class: "nope"}); lms.ErrorCode(err) != lms.ENOTFOUND {
		t.Errorf("an unknown class: %v, want not found", err)
	}
	_, err = svc.Completion(ctx, commune, report.Query{By: "district"})
	if e := lms.AsError(err); e == nil || e.Code != lms.EINVALID || len(e.Fields) != 1 || e.Fields[0].Field != "by" {
		t.Errorf("unknown breakdown: %v", err)
	}
}
