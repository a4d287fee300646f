package storetest

import (
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/hocvuso/hocvuso/internal/lms"
)

func testRollup(t *testing.T, open Opener) {
	t.Run("EveryWriteThatChangesFiguresMarksTheLearner", func(t *testing.T) {
		s, c := open(t), ctx(t)
		u := NewUser()
		mustNil(t, s.CreateUser(c, u))
		at := time.Date(2026, 10, 5, 2, 0, 0, 0, time.UTC)
		class := &lms.Class{ID: "rc1", TeamID: "t", Name: "Lớp", UnitCode: u.UnitCode, Courses: []string{"smartphone"},
			Status: lms.ClassRunning, JoinCode: "RC0001"}
		mustNil(t, s.CreateClass(c, class))
		attempt := &lms.Attempt{ID: u.ID + ":f:1", UserID: u.ID, QuizID: "f", CourseSlug: "smartphone", Kind: "final",
			Number: 1, StartedAt: at, Status: lms.AttemptOpen}
		writes := []struct {
			name  string
			write func() error
		}{
			{"enrol", func() error {
				_, err := s.Enrol(c, &lms.Enrolment{ClassID: "rc1", UserID: u.ID, Via: lms.ViaCode, At: at}, 0)
				return err
			}},
			{"lesson", func() error {
				_, err := s.CompleteLesson(c, &lms.LessonCompletion{UserID: u.ID, CourseSlug: "smartphone", LessonID: "01", CompletedAt: at, RecordedAt: at})
				return err
			}},
			{"attempt started", func() error { return s.CreateAttempt(c, attempt) }},
			{"attempt submitted", func() error {
				attempt.Status, attempt.Passed = lms.AttemptSubmitted, true
				return s.UpdateAttempt(c, attempt, attempt.Rev)
			}},
			{"certificate", func() error {
				_, _, err := s.IssueCertificate(c, &lms.Certificate{Code: "RCERT1", UserID: u.ID, CourseSlug: "smartphone", UnitCode: u.UnitCode, IssuedAt: at, StatusIndex: 7})
				return err
			}},
			{"revoke", func() error { return s.RevokeCertificate(c, "RCERT1", at.Add(time.Hour), "admin", "sai tên") }},
			{"profile", func() error { u.BirthYear = 1970; return s.UpdateUser(c, u) }},
			{"class courses", func() error { class.Courses = append(class.Courses, "ai-basics"); return s.UpdateClass(c, class) }},
		}
		for _, w := range writes {
			drain(t, s)
			mustNil(t, w.write())
			d, err := s.DirtyLearners(c, 10)
			mustNil(t, err)
			if len(d) != 1 || d[0].UserID != u.ID {
				t.Fatalf("after %s: dirty = %+v, want the learner", w.name, d)
			}
		}
	})

	t.Run("ApplyReplacesTheLearnersContribution", func(t *testing.T) {
		s, c := open(t), ctx(t)
		u := NewUser()
		mustNil(t, s.CreateUser(c, u))
		first := &lms.LearnerFacts{UserID: u.ID, UnitCode: "06970", BirthYear: 1958, Gender: lms.GenderFemale, Ethnicity: "kinh",
			Courses: []lms.CourseFact{
				{Course: "smartphone", Classes: []string{"c1", "c2"}, Started: true, Completed: true, Certified: true, TookFinal: true, Passed: true, Days: 3},
				{Course: "ai-basics", Started: true, Days: -1},
			},
			Levels: map[string]int{"phone.basics": 3, "ai.what": 1}}
		other := &lms.LearnerFacts{UserID: "other", UnitCode: "06970", BirthYear: 1990, Gender: lms.GenderMale, Ethnicity: "tay",
			Courses: []lms.CourseFact{{Course: "smartphone", Classes: []string{"c1"}, Started: true, Completed: true, Days: 5}},
			Levels:  map[string]int{"phone.basics": 2}}
		apply := func(f *lms.LearnerFacts) {
			t.Helper()
			u.BirthYear++ // a profile change marks the learner; the facts given are what counts
			mustNil(t, s.UpdateUser(c, u))
			d, err := s.DirtyLearners(c, 10)
			mustNil(t, err)
			n, err := s.ApplyFacts(c, d, []*lms.LearnerFacts{f})
			mustNil(t, err)
			if n != 1 {
				t.Fatalf("applied %d, want 1", n)
			}
		}
		wantCounts := func(facts ...*lms.LearnerFacts) {
			t.Helper()
			communes := []string{"06970", "06994", "00004"}
			for _, dim := range lms.RollupDims {
				for _, course := range []string{"", "smartphone", "ai-basics", "public-services"} {
					for _, byCommune := range []bool{false, true} {
						q := lms.RollupQuery{Communes: communes, Course: course, Dim: dim, ByCommune: byCommune}
						got, err := s.RollupCounts(c, q)
						mustNil(t, err)
						if want := lms.Tally(facts, q); !sameCounts(got, want) {
							t.Fatalf("%+v:\ngot  %s\nwant %s", q, dumpCounts(got), dumpCounts(want))
						}
					}
				}
			}
			for _, course := range []string{"", "smartphone", "ai-basics", "public-services"} {
				got, err := s.MasteryCounts(c, communes, course)
				mustNil(t, err)
				if want := lms.TallyMastery(facts, communes, course); !reflect.DeepEqual(got, want) {
					t.Fatalf("mastery of %q: got %+v, want %+v", course, got, want)
				}
			}
		}
		// The other learner's facts stay put while u's change.
		o := NewUser()
		o.ID, o.Phone = "other", "+84919999999"
		mustNil(t, s.CreateUser(c, o))
		o.BirthYear = 1990
		mustNil(t, s.UpdateUser(c, o))
		d, err := s.DirtyLearners(c, 10)
		mustNil(t, err)
		_, err = s.ApplyFacts(c, d, []*lms.LearnerFacts{other})
		mustNil(t, err)

		apply(first)
		wantCounts(first, other)
		moved := *first
		moved.UnitCode, moved.Gender, moved.BirthYear = "06994", lms.GenderOther, 1961
		moved.Courses = []lms.CourseFact{{Course: "smartphone", Classes: []string{"c2"}, Started: true, TookFinal: true, Days: -1}}
		moved.Levels = map[string]int{"phone.basics": 4}
		apply(&moved)
		wantCounts(&moved, other)
		apply(nil)
		wantCounts(other)
		got, err := s.RollupCounts(c, lms.RollupQuery{Communes: []string{"06994"}, Dim: lms.DimGender, ByCommune: true})
		mustNil(t, err)
		if len(got) != 0 {
			t.Fatalf("a commune whose only learner left still has counts: %s", dumpCounts(got))
		}
	})

	t.Run("FactsReadBeforeANewerMarkAreNotApplied", func(t *testing.T) {
		s, c := open(t), ctx(t)
		u := NewUser()
		mustNil(t, s.CreateUser(c, u))
		u.BirthYear = 1960
		mustNil(t, s.UpdateUser(c, u))
		stale, err := s.DirtyLearners(c, 10)
		mustNil(t, err)
		u.BirthYear = 1961 // a write lands while the refresher computes
		mustNil(t, s.UpdateUser(c, u))
		f := &lms.LearnerFacts{UserID: u.ID, UnitCode: u.UnitCode, BirthYear: 1960, Gender: u.Gender,
			Courses: []lms.CourseFact{{Course: "smartphone", Days: -1}}}
		n, err := s.ApplyFacts(c, stale, []*lms.LearnerFacts{f})
		mustNil(t, err)
		fresh, err := s.DirtyLearners(c, 10)
		mustNil(t, err)
		if n != 0 || len(fresh) != 1 || fresh[0].Token == stale[0].Token {
			t.Fatalf("stale facts applied %d, dirty now %+v (was %+v); want 0 applied and the newer mark kept", n, fresh, stale)
		}
		f.BirthYear = 1961
		n, err = s.ApplyFacts(c, fresh, []*lms.LearnerFacts{f})
		mustNil(t, err)
		left, err := s.DirtyLearners(c, 10)
		mustNil(t, err)
		if n != 1 || len(left) != 0 {
			t.Fatalf("current facts applied %d, dirty left %+v; want 1 and none", n, left)
		}
		got, err := s.RollupCounts(c, lms.RollupQuery{Communes: []string{u.UnitCode}, Dim: lms.DimBirthYear})
		mustNil(t, err)
		if len(got) != 1 || got[0].Key != "1961" || got[0].Enrolled != 1 {
			t.Fatalf("counts %s, want one learner born 1961", dumpCounts(got))
		}
	})

	t.Run("MarkAllAndRulesStamp", func(t *testing.T) {
		s, c := open(t), ctx(t)
		u, trainer := NewUser(), NewUser()
		trainer.Role = lms.RoleTrainer
		mustNil(t, s.CreateUser(c, u))
		mustNil(t, s.CreateUser(c, trainer))
		changed, err := s.RollupRules(c, "rules-1")
		mustNil(t, err)
		// Learners must be recounted; others may be too (where the
		// store keeps when people were reached, anyone can be).
		if !changed || !slices.Contains(dirtyIDs(t, s), u.ID) {
			t.Fatalf("first stamp: changed %v, dirty %v; want true and the learner marked", changed, dirtyIDs(t, s))
		}
		drain(t, s)
		u.BirthYear++
		mustNil(t, s.UpdateUser(c, u))
		d, err := s.DirtyLearners(c, 10)
		mustNil(t, err)
		_, err = s.ApplyFacts(c, d, []*lms.LearnerFacts{{UserID: u.ID, UnitCode: u.UnitCode, BirthYear: 1958,
			Courses: []lms.CourseFact{{Course: "smartphone", Days: -1}}}})
		mustNil(t, err)
		if changed, err := s.RollupRules(c, "rules-1"); err != nil || changed || len(dirtyIDs(t, s)) != 0 {
			t.Fatalf("same stamp: changed %v, %v, dirty %v; want nothing marked", changed, err, dirtyIDs(t, s))
		}
		if changed, err := s.RollupRules(c, "rules-2"); err != nil || !changed || !slices.Contains(dirtyIDs(t, s), u.ID) {
			t.Fatalf("new stamp: changed %v, %v, dirty %v; want the learner marked", changed, err, dirtyIDs(t, s))
		}
		mustNil(t, s.MarkAllDirty(c, true))
		got, err := s.RollupCounts(c, lms.RollupQuery{Communes: []string{u.UnitCode}, Dim: lms.DimGender})
		mustNil(t, err)
		if len(got) != 0 || !slices.Contains(dirtyIDs(t, s), u.ID) {
			t.Fatalf("after a reset: counts %s, dirty %v; want none and the learner", dumpCounts(got), dirtyIDs(t, s))
		}
	})
}

// drain clears every mark, applying no facts.
func drain(tb testing.TB, s lms.Store) {
	tb.Helper()
	for range 100 {
		d, err := s.DirtyLearners(ctx(tb), 100)
		mustNil(tb, err)
		if len(d) == 0 {
			return
		}
		_, err = s.ApplyFacts(ctx(tb), d, make([]*lms.LearnerFacts, len(d)))
		mustNil(tb, err)
	}
	tb.Fatal("marks do not drain")
}

func dirtyIDs(tb testing.TB, s lms.Store) []string {
	tb.Helper()
	d, err := s.DirtyLearners(ctx(tb), 100)
	mustNil(tb, err)
	var ids []string
	for _, x := range d {
		ids = append(ids, x.UserID)
	}
	slices.Sort(ids)
	return ids
}

func sameCounts(a, b []*lms.Counts) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := *a[i], *b[i]
		if len(x.Days) == 0 && len(y.Days) == 0 {
			x.Days, y.Days = nil, nil
		}
		if !reflect.DeepEqual(x, y) {
			return false
		}
	}
	return true
}

func dumpCounts(cs []*lms.Counts) string {
	out := "["
	for _, c := range cs {
		out += fmt.Sprintf(" %+v", *c)
	}
	return out + " ]"
}

// testCampaignRollup checks the precomputed campaign figures, for stores
// that keep them: sessions and certificates by commune and day (Vietnam
// time), and people reached counted through spans and gaps of days.
func testCampaignRollup(t *testing.T, open Opener) {
	s, c := open(t), ctx(t)
	cr, ok := s.(lms.CampaignRollupStore)
	if !ok {
		t.Skip("this store computes campaign figures from the records")
	}
	ict := time.FixedZone("ICT", 7*3600)
	day := func(d, h int) time.Time { return time.Date(2026, 10, d, h, 0, 0, 0, ict) }
	dn := func(d int) int { return lms.DayNumber(day(d, 12)) }
	mustNil(t, s.CreateClass(c, &lms.Class{ID: "cc1", TeamID: "t", Name: "Lớp", UnitCode: "06970", Courses: []string{"smartphone"},
		TrainerIDs: []string{"a", "b"}, Status: lms.ClassRunning, JoinCode: "CC0001",
		Sessions: []lms.ClassSession{{ID: "1", Starts: day(10, 0)}, {ID: "2", Starts: day(10, 23)}, {ID: "3", Starts: day(20, 6)}}}))
	_, _, err := s.IssueCertificate(c, &lms.Certificate{Code: "CCERT1", UserID: "x", CourseSlug: "smartphone", UnitCode: "06970",
		IssuedAt: day(31, 23), StatusIndex: 901})
	mustNil(t, err)
	u := NewUser()
	mustNil(t, s.CreateUser(c, u))
	u.BirthYear++
	mustNil(t, s.UpdateUser(c, u)) // a mark to apply facts with
	d, err := s.DirtyLearners(c, 10)
	mustNil(t, err)
	facts := make([]*lms.LearnerFacts, len(d)) // the certificate's holder x is marked too, and counts nowhere here
	for i := range d {
		if d[i].UserID == u.ID {
			facts[i] = &lms.LearnerFacts{UserID: u.ID, UnitCode: u.UnitCode,
				Reach: []lms.Reach{{Scope: "06970", Days: []int{dn(10), dn(11), dn(20)}}, {Scope: "22", Days: []int{dn(10), dn(11), dn(20)}}}}
		}
	}
	_, err = s.ApplyFacts(c, d, facts)
	mustNil(t, err)

	got, err := cr.CampaignCounts(c, []string{"06970", "06994"}, "22", dn(1), dn(31))
	mustNil(t, err)
	ba := got.Units["06970"]
	if ba == nil || ba.ClassesHeld != 1 || ba.Sessions != 3 || ba.TrainerTurns != 6 || ba.Certificates != 1 || ba.Reached != 1 || got.Reached != 1 {
		t.Fatalf("October: %+v, reached %d; want 1 class, 3 sessions, 6 trainer turns, 1 certificate, 1 reached", ba, got.Reached)
	}
	if got.Days[dn(10)].Sessions != 2 || got.Days[dn(31)].Certificates != 1 {
		t.Fatalf("days: 10 Oct %+v, 31 Oct %+v; want 2 sessions (00:00 and 23:00 in Vietnam) and 1 certificate", got.Days[dn(10)], got.Days[dn(31)])
	}
	// The class met on 10 and 20 October; the person was reached on 10,
	// 11 and 20 October.
	for _, p := range []struct {
		from, to, held, reached int
	}{{12, 19, 0, 0}, {11, 12, 0, 1}, {21, 30, 0, 0}, {5, 9, 0, 0}, {5, 10, 1, 1}, {20, 20, 1, 1}, {12, 25, 1, 1}} {
		got, err := cr.CampaignCounts(c, []string{"06970"}, "06970", dn(p.from), dn(p.to))
		mustNil(t, err)
		var held, reached int
		if u := got.Units["06970"]; u != nil {
			held, reached = u.ClassesHeld, u.Reached
		}
		if held != p.held || reached != p.reached || got.Reached != p.reached {
			t.Errorf("%d–%d October: %d classes held, %d reached (scope %d); want %d and %d", p.from, p.to, held, reached, got.Reached, p.held, p.reached)
		}
	}
	// Calling off the session of the 20th moves the class's span.
	cl, err := s.ClassByID(c, "cc1")
	mustNil(t, err)
	cl.Sessions = cl.Sessions[:2]
	mustNil(t, s.UpdateClass(c, cl))
	got, err = cr.CampaignCounts(c, []string{"06970"}, "06970", dn(12), dn(25))
	mustNil(t, err)
	if u := got.Units["06970"]; u != nil && (u.ClassesHeld != 0 || u.Sessions != 0) {
		t.Errorf("12–25 October after the 20th was called off: %+v, want no class held", u)
	}
}
