package report_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/hocvuso/hocvuso/internal/assess"
	"github.com/hocvuso/hocvuso/internal/content/contenttest"
	"github.com/hocvuso/hocvuso/internal/lms"
	"github.com/hocvuso/hocvuso/internal/report"
	"github.com/hocvuso/hocvuso/internal/storetest"
	"github.com/hocvuso/hocvuso/internal/units"
)

// Three learners of one Ba Chẽ class and a skill S of the smartphone
// course's first lesson check: A answered three S questions right
// (proficient), B one wrong (attempted), C nothing (not started). Another
// commune's learner is not counted.
func TestMasteryPerSkill(t *testing.T) {
	reg, err := units.Embedded()
	must(t, err)
	cat := contenttest.Catalog(t)
	smartphone, _ := cat.Course("smartphone")
	check := smartphone.Quizzes[0]
	first, _ := cat.Item(check.Items[0])
	skill := first.Skills[0]
	var items []string // the check's items that test the skill
	for _, id := range check.Items {
		if it, _ := cat.Item(id); slices.Contains(it.Skills, skill) {
			items = append(items, id)
		}
	}
	if len(items) < 3 {
		items = append(items, items[0], items[0])
	}
	items = items[:3]

	for name, open := range adapters() {
		t.Run(name, func(t *testing.T) {
			s := open(t)
			ctx := context.Background()
			must(t, s.CreateClass(ctx, &lms.Class{ID: "c1", TeamID: "t1", Name: "Lớp", UnitCode: baChe, Courses: []string{"smartphone"},
				Status: lms.ClassRunning, JoinCode: "MASTER"}))
			learner := func(unit string) *lms.User {
				u := storetest.NewUser()
				u.UnitCode = unit
				must(t, s.CreateUser(ctx, u))
				_, err := s.Enrol(ctx, &lms.Enrolment{ClassID: "c1", UserID: u.ID, Via: lms.ViaCode, At: now}, 0)
				must(t, err)
				return u
			}
			answer := func(u *lms.User, ids []string, score float64) {
				a := &lms.Attempt{ID: u.ID + ":" + check.ID + ":1", UserID: u.ID, QuizID: check.ID, CourseSlug: "smartphone", Kind: "lesson",
					Number: 1, StartedAt: now, Status: lms.AttemptSubmitted, Answers: map[string]*lms.Answer{}}
				for i, id := range ids {
					key := id
					if i > 0 && id == ids[0] {
						continue // the same item twice counts once; fine for B and C
					}
					a.Items = append(a.Items, lms.AttemptItem{ItemID: key, Version: 1, Score: score})
					a.Answers[key] = &lms.Answer{AnsweredAt: now.Add(time.Duration(i) * time.Minute), Score: score, Graded: true}
				}
				must(t, s.CreateAttempt(ctx, a))
			}
			a, b := learner(baChe), learner(baChe)
			learner(baChe) // C
			answer(a, items, 1)
			answer(b, items[:1], 0)
			other := learner(vanDon)
			answer(other, items, 1)

			svc := report.NewService(s, reg, func() time.Time { return now })
			ref := assess.NewService(s, cat, time.Now)
			svc.SetMastery(ref.Mastery, cat)
			tb, err := svc.Mastery(ctx, &lms.User{Role: lms.RoleOfficial, UnitCode: baChe}, report.Query{Course: "smartphone"})
			must(t, err)
			var row *report.SkillRow
			for _, r := range tb.Rows {
				if r.Skill == skill {
					row = r
				}
				if !slices.Contains(smartphone.Skills, r.Skill) {
					t.Errorf("skill %s is not one of the course's", r.Skill)
				}
			}
			if row == nil {
				t.Fatalf("no row for %s", skill)
			}
			// A's level depends on how many distinct S items the check has;
			// compute it with the rules learners see, as the oracle.
			levelA := ref.Mastery(mustAttempts(t, s, a.ID))[skill]
			if levelA < assess.Familiar {
				t.Fatalf("A answered every %s question right but is only %v", skill, levelA)
			}
			want := [5]int{}
			want[assess.NotStarted]++ // C
			want[assess.Attempted]++  // B
			want[levelA]++
			if row.Levels != want || row.LearnersNow != 3 {
				t.Fatalf("skill %s: levels %v over %d learners, want %v over 3 (A is %v)", skill, row.Levels, row.LearnersNow, want, levelA)
			}
			if _, err := svc.Mastery(ctx, &lms.User{Role: lms.RoleOfficial, UnitCode: vanDon}, report.Query{Unit: baChe}); lms.ErrorCode(err) != lms.ENOTFOUND {
				t.Errorf("another commune's official: %v", err)
			}
		})
	}
}

func mustAttempts(t *testing.T, s lms.Store, userID string) []*lms.Attempt {
	t.Helper()
	as, err := s.AttemptsByUser(context.Background(), userID)
	must(t, err)
	return as
}
