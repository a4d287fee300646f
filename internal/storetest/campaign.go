package storetest

import (
	"slices"
	"testing"
	"time"

	"github.com/hocvuso/hocvuso/internal/lms"
)

func testCampaign(t *testing.T, open Opener) {
	s, c := open(t), ctx(t)
	day := func(d int) time.Time { return time.Date(2026, 10, d, 1, 0, 0, 0, time.UTC) }
	for _, tm := range []*lms.Team{
		{ID: "t1", Name: "Đội Ba Chẽ", UnitCode: "06970", LeaderID: "l1", CreatedAt: day(1)},
		{ID: "t2", Name: "Đội Vân Đồn", UnitCode: "06994", LeaderID: "l2", CreatedAt: day(2)},
		{ID: "t3", Name: "Đội Hà Nội", UnitCode: "00322", LeaderID: "l3", CreatedAt: day(3)},
	} {
		mustNil(t, s.CreateTeam(c, tm))
	}
	for i, unit := range []string{"06970", "06994", "00322"} {
		mustNil(t, s.CreateClass(c, &lms.Class{ID: "c" + unit, TeamID: "t1", Name: "Lớp", UnitCode: unit, Courses: []string{"smartphone"},
			Sessions: []lms.ClassSession{{ID: "s1", Starts: day(5 + i)}}, Status: lms.ClassRunning, JoinCode: "JC" + unit[1:], CreatedAt: day(1)}))
	}
	for _, a := range []*lms.Activity{
		{ID: "a1", TrainerID: "tr", TeamID: "t1", Kind: "vneid", Date: day(4), UnitCode: "06970", People: 3, CreatedAt: day(4)},
		{ID: "a2", TrainerID: "tr", TeamID: "t1", Kind: "vneid", Date: day(20), UnitCode: "06970", People: 1, CreatedAt: day(20)},
		{ID: "a3", TrainerID: "tr", TeamID: "t2", Kind: "scam", Date: day(10), UnitCode: "06994", People: 2, CreatedAt: day(10)},
		{ID: "a4", TrainerID: "tr", TeamID: "t3", Kind: "scam", Date: day(10), UnitCode: "00322", People: 9, CreatedAt: day(10)},
	} {
		_, err := s.LogActivity(c, a)
		mustNil(t, err)
	}
	for i, at := range []time.Time{day(3), day(15), day(15).Add(time.Millisecond), day(30)} {
		_, _, err := s.IssueCertificate(c, &lms.Certificate{Code: "CERT" + string(rune('A'+i)), UserID: "u" + string(rune('a'+i)), CourseSlug: "smartphone",
			UnitCode: "06970", IssuedAt: at, StatusIndex: 100 + i})
		mustNil(t, err)
	}
	units := []string{"06970", "06994"}

	teams, err := s.TeamsInUnits(c, units)
	mustNil(t, err)
	if ids := teamIDs(teams); !slices.Equal(ids, []string{"t1", "t2"}) || teams[0].Name != "Đội Ba Chẽ" || !teams[0].CreatedAt.Equal(day(1)) {
		t.Fatalf("teams in units: %v", ids)
	}
	classes, err := s.ClassesInUnits(c, units)
	mustNil(t, err)
	if len(classes) != 2 || len(classes[0].Sessions) != 1 {
		t.Fatalf("classes in units: %+v", classes)
	}
	acts, err := s.ActivitiesInUnits(c, units, day(4), day(20)) // [4 Oct, 20 Oct): a1 and a3, not a2 (the end is open)
	mustNil(t, err)
	var got []string
	for _, a := range acts {
		got = append(got, a.ID)
	}
	slices.Sort(got)
	if !slices.Equal(got, []string{"a1", "a3"}) || acts[0].People == 0 {
		t.Fatalf("activities in units in the period: %v", got)
	}
	certs, err := s.CertificatesIssued(c, day(15), day(30))
	mustNil(t, err)
	if len(certs) != 2 || certs[0].Code != "CERTB" || certs[1].Code != "CERTC" || certs[0].UnitCode != "06970" {
		t.Fatalf("certificates issued in [15 Oct, 30 Oct): %+v", certs)
	}
	for _, empty := range [][]string{nil, {`{"$gt":""}`}} {
		ts, err := s.TeamsInUnits(c, empty)
		mustNil(t, err)
		cs, err := s.ClassesInUnits(c, empty)
		mustNil(t, err)
		as, err := s.ActivitiesInUnits(c, empty, day(1), day(31))
		mustNil(t, err)
		if len(ts)+len(cs)+len(as) != 0 {
			t.Fatalf("units %q matched %d teams, %d classes, %d activities", empty, len(ts), len(cs), len(as))
		}
	}
}

func testTargets(t *testing.T, open Opener) {
	s, c := open(t), ctx(t)
	at := time.Date(2026, 10, 1, 3, 0, 0, 0, time.UTC)
	put := func(unit, metric, from, to string, goal int) {
		mustNil(t, s.PutTarget(c, &lms.Target{UnitCode: unit, Metric: metric, From: from, To: to, Goal: goal, SetBy: "o1", SetAt: at}))
	}
	put("22", lms.MetricCertificates, "2026-10-01", "2026-12-31", 2000)
	put("06970", lms.MetricCertificates, "2026-10-01", "2026-12-31", 50)
	put("06970", lms.MetricCertificates, "2026-10-01", "2026-12-31", 60) // replaces
	put("06970", lms.MetricPeopleSupported, "2026-10-01", "2026-10-31", 100)
	put("06994", lms.MetricCertificates, "2026-10-01", "2026-12-31", 40)
	got, err := s.TargetsInUnits(c, []string{"22", "06970", "99999"})
	mustNil(t, err)
	if len(got) != 3 {
		t.Fatalf("%d targets, want 3: %+v", len(got), got)
	}
	for _, tg := range got {
		if tg.UnitCode == "06970" && tg.Metric == lms.MetricCertificates && tg.Goal != 60 {
			t.Fatalf("the replaced goal reads %d, want 60", tg.Goal)
		}
		if tg.SetBy != "o1" || !tg.SetAt.Equal(at) || tg.From != "2026-10-01" {
			t.Fatalf("target read back as %+v", tg)
		}
	}
	none, err := s.TargetsInUnits(c, nil)
	mustNil(t, err)
	if len(none) != 0 {
		t.Fatalf("no units gave %d targets", len(none))
	}
}

func teamIDs(ts []*lms.Team) []string {
	var ids []string
	for _, t := range ts {
		ids = append(ids, t.ID)
	}
	return ids
}

func testLearnerRecords(t *testing.T, open Opener) {
	s, c := open(t), ctx(t)
	at := time.Date(2026, 10, 5, 2, 0, 0, 0, time.UTC)
	for _, u := range []string{"u1", "u2", "u3"} {
		_, err := s.Enrol(c, &lms.Enrolment{ClassID: "c1", UserID: u, Via: lms.ViaCode, At: at}, 0)
		mustNil(t, err)
		for _, l := range []string{"01", "02"} {
			_, err := s.CompleteLesson(c, &lms.LessonCompletion{UserID: u, CourseSlug: "smartphone", LessonID: l, ContentHash: "h", CompletedAt: at, RecordedAt: at})
			mustNil(t, err)
		}
		mustNil(t, s.CreateAttempt(c, &lms.Attempt{ID: u + ":f:1", UserID: u, QuizID: "f", CourseSlug: "smartphone", Kind: "final", Number: 1,
			StartedAt: at, Status: lms.AttemptSubmitted, Passed: true}))
		mustNil(t, s.CreateAttempt(c, &lms.Attempt{ID: u + ":f:2", UserID: u, QuizID: "f", CourseSlug: "smartphone", Kind: "final", Number: 2,
			StartedAt: at.Add(time.Hour), Status: lms.AttemptOpen}))
		_, _, err = s.IssueCertificate(c, &lms.Certificate{Code: "REC" + u, UserID: u, CourseSlug: "smartphone", UnitCode: "06970", IssuedAt: at, StatusIndex: len(u) + int(u[1])})
		mustNil(t, err)
	}
	u1 := NewUser()
	u1.ID = "u1"
	mustNil(t, s.CreateUser(c, u1))
	r, err := s.LearnerRecords(c, []string{"u1", "u2", "nobody"})
	mustNil(t, err)
	if len(r.Users) != 1 || r.Users[0].ID != "u1" || r.Users[0].BirthYear != u1.BirthYear {
		t.Fatalf("users of u1, u2 and nobody: %+v; want u1 only (u2 has records but no account)", r.Users)
	}
	if len(r.Enrolments) != 2 || len(r.Completions) != 4 || len(r.Attempts) != 4 || len(r.Certificates) != 2 {
		t.Fatalf("records of u1 and u2: %d enrolments, %d completions, %d attempts, %d certificates; want 2, 4, 4, 2",
			len(r.Enrolments), len(r.Completions), len(r.Attempts), len(r.Certificates))
	}
	for _, a := range r.Attempts {
		if a.UserID == "u3" {
			t.Fatalf("attempt %+v", a)
		}
	}
	for _, l := range r.Completions {
		if l.UserID == "u3" || !l.CompletedAt.Equal(at) {
			t.Fatalf("completion %+v", l)
		}
	}
	none, err := s.LearnerRecords(c, nil)
	mustNil(t, err)
	if len(none.Enrolments)+len(none.Completions)+len(none.Attempts)+len(none.Certificates) != 0 {
		t.Fatalf("no users gave records: %+v", none)
	}
}
