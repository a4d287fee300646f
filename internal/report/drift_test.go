package report_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hocvuso/hocvuso/internal/assess"
	"github.com/hocvuso/hocvuso/internal/content"
	"github.com/hocvuso/hocvuso/internal/content/contenttest"
	"github.com/hocvuso/hocvuso/internal/lms"
	"github.com/hocvuso/hocvuso/internal/report"
	"github.com/hocvuso/hocvuso/internal/storetest"
	"github.com/hocvuso/hocvuso/internal/units"
)

// TestRollupHasNoDriftUnderConcurrentActivity runs random activity of every
// kind that moves a figure (enrolments, lessons, quiz answers, final
// quizzes, certificates and revocations, profile and role changes, a class
// changing its courses or sessions, support activities naming people)
// from several goroutines, while refreshers and dashboard reads run
// alongside, then requires the roll-up to equal the figures recomputed from
// the records: every breakdown, every course, mastery, and (where the store
// keeps them) the campaign figures of the last months.
func TestRollupHasNoDriftUnderConcurrentActivity(t *testing.T) {
	reg, err := units.Embedded()
	must(t, err)
	cat := contenttest.Catalog(t)
	smartphone, _ := cat.Course("smartphone")
	check := smartphone.Quizzes[0]
	for name, open := range adapters() {
		t.Run(name, func(t *testing.T) {
			s := open(t)
			ctx := context.Background()
			seedDrift := uint64(time.Now().UnixNano())
			t.Logf("random seed %d", seedDrift)
			communes := []string{baChe, vanDon, haLong}
			var classes []string
			for i, c := range communes {
				for j, courses := range [][]string{{"smartphone"}, {"smartphone", "scam-awareness"}} {
					id := fmt.Sprintf("k%d%d", i, j)
					must(t, s.CreateClass(ctx, &lms.Class{ID: id, TeamID: "t", Name: "Lớp " + id, UnitCode: c, Courses: courses,
						Status: lms.ClassRunning, JoinCode: "J" + id}))
					classes = append(classes, id)
				}
			}
			var learners []string
			for i := range 30 {
				u := storetest.NewUser()
				u.UnitCode, u.BirthYear = communes[i%3], 1950+i*2
				u.Gender = []lms.Gender{lms.GenderFemale, lms.GenderMale, lms.GenderOther}[i%3]
				u.Ethnicity = []string{"kinh", "dao", "tay", ""}[i%4]
				must(t, s.CreateUser(ctx, u))
				learners = append(learners, u.ID)
			}
			svc := report.NewService(s, reg, func() time.Time { return now })
			svc.SetMastery(assess.NewService(s, cat, time.Now).Mastery, cat)
			official := &lms.User{Role: lms.RoleOfficial, UnitCode: province}

			ops := 120
			if name == "MongoDB" {
				ops = 40 // FerretDB in-process is two orders slower
			}
			var serial atomic.Int64
			var issued sync.Map // certificate code → true
			act := func(r *rand.Rand) error {
				u := learners[r.IntN(len(learners))]
				course := []string{"smartphone", "scam-awareness"}[r.IntN(2)]
				n := serial.Add(1)
				when := day(1 + r.IntN(25)).Add(time.Duration(r.IntN(20)) * time.Hour)
				switch r.IntN(12) {
				case 10:
					named := []string{u, learners[r.IntN(len(learners))]}
					_, err := s.LogActivity(ctx, &lms.Activity{ID: fmt.Sprint("act", n), TrainerID: "tr", TeamID: "t", Kind: "vneid",
						Date: when, UnitCode: communes[r.IntN(3)], People: 1 + r.IntN(4), LearnerIDs: named, CreatedAt: when})
					return err
				case 11:
					c, err := s.ClassByID(ctx, classes[r.IntN(len(classes))])
					if err != nil {
						return err
					}
					if len(c.Sessions) > 0 && r.IntN(3) == 0 {
						c.Sessions = c.Sessions[1:] // a session called off
					} else {
						c.Sessions = append(c.Sessions, lms.ClassSession{ID: fmt.Sprint("s", n), Starts: when})
					}
					c.TrainerIDs = []string{"tr", "tr2"}[:1+r.IntN(2)]
					return s.UpdateClass(ctx, c)
				case 0, 1:
					_, err := s.Enrol(ctx, &lms.Enrolment{ClassID: classes[r.IntN(len(classes))], UserID: u, Via: lms.ViaCode, At: when}, 0)
					return err
				case 2, 3:
					_, err := s.CompleteLesson(ctx, &lms.LessonCompletion{UserID: u, CourseSlug: course, LessonID: fmt.Sprint("0", 1+r.IntN(3)),
						CompletedAt: when, RecordedAt: when})
					return err
				case 4:
					a := &lms.Attempt{ID: fmt.Sprint(u, ":f:", n), UserID: u, QuizID: course + "-final", CourseSlug: course, Kind: content.QuizFinal,
						Number: int(n), StartedAt: when, Status: lms.AttemptOpen}
					if err := s.CreateAttempt(ctx, a); err != nil {
						return err
					}
					a.Status, a.Passed = lms.AttemptSubmitted, r.IntN(2) == 0
					return s.UpdateAttempt(ctx, a, a.Rev)
				case 5:
					a := &lms.Attempt{ID: fmt.Sprint(u, ":c:", n), UserID: u, QuizID: check.ID, CourseSlug: "smartphone", Kind: "lesson",
						Number: 1, StartedAt: when, Status: lms.AttemptSubmitted, Answers: map[string]*lms.Answer{}}
					score := float64(r.IntN(2))
					for i, id := range check.Items {
						a.Items = append(a.Items, lms.AttemptItem{ItemID: id, Version: 1, Score: score})
						a.Answers[id] = &lms.Answer{AnsweredAt: when.Add(time.Duration(i) * time.Minute), Score: score, Graded: true}
					}
					return s.CreateAttempt(ctx, a)
				case 6:
					code := fmt.Sprintf("D%08d", n)
					c, created, err := s.IssueCertificate(ctx, &lms.Certificate{Code: code, UserID: u, CourseSlug: course, UnitCode: baChe,
						IssuedAt: when.Add(72 * time.Hour), StatusIndex: int(n)})
					if err == nil && created {
						issued.Store(c.Code, true)
					}
					return err
				case 7:
					var code string
					issued.Range(func(k, _ any) bool { code = k.(string); return r.IntN(3) != 0 })
					if code == "" {
						return nil
					}
					if err := s.RevokeCertificate(ctx, code, when, "admin", "kiểm tra"); lms.ErrorCode(err) != lms.ECONFLICT {
						return err
					}
					return nil
				case 8:
					user, err := s.UserByID(ctx, u)
					if err != nil {
						return err
					}
					switch r.IntN(5) {
					case 0:
						user.UnitCode = communes[r.IntN(3)]
					case 1:
						user.BirthYear = 1940 + r.IntN(70)
					case 2:
						user.Gender = []lms.Gender{lms.GenderFemale, lms.GenderMale, lms.GenderOther}[r.IntN(3)]
					case 3:
						user.Ethnicity = []string{"kinh", "dao", "tay", ""}[r.IntN(4)]
					case 4:
						user.Role = []lms.Role{lms.RoleLearner, lms.RoleLearner, lms.RoleTrainer}[r.IntN(3)]
					}
					return s.UpdateUser(ctx, user)
				default:
					c, err := s.ClassByID(ctx, classes[r.IntN(len(classes))])
					if err != nil {
						return err
					}
					if slices.Contains(c.Courses, "ai-basics") {
						c.Courses = slices.DeleteFunc(c.Courses, func(x string) bool { return x == "ai-basics" })
					} else {
						c.Courses = append(c.Courses, "ai-basics")
					}
					return s.UpdateClass(ctx, c)
				}
			}

			var workers, readers sync.WaitGroup
			done := make(chan struct{})
			errs := make(chan error, 16)
			for w := range 4 {
				workers.Add(1)
				go func() {
					defer workers.Done()
					r := rand.New(rand.NewPCG(seedDrift, uint64(w)))
					for range ops {
						if err := act(r); err != nil {
							errs <- err
							return
						}
					}
				}()
			}
			for i := range 3 {
				readers.Add(1)
				go func() {
					defer readers.Done()
					for {
						select {
						case <-done:
							return
						default:
						}
						var err error
						switch i {
						case 0:
							_, err = svc.Refresh(ctx, 7)
						case 1:
							_, err = svc.Completion(ctx, official, report.Query{By: report.ByAge})
						default:
							_, err = svc.Campaign(ctx, official, report.CampaignQuery{From: "2026-10-01", To: "2026-10-31"})
						}
						if err != nil {
							errs <- err
							return
						}
					}
				}()
			}
			workers.Wait()
			close(done)
			readers.Wait()
			close(errs)
			for err := range errs {
				t.Fatal(err)
			}

			for _, unit := range []string{province, baChe} {
				drift, err := svc.Verify(ctx, unit)
				must(t, err)
				for _, d := range drift {
					t.Errorf("drift: %s", d)
				}
			}
			tb, err := svc.Completion(ctx, official, report.Query{})
			must(t, err)
			if tb.Total.Enrolled < 10 || tb.Total.Started < 5 || tb.Total.Completed < 1 || tb.Pending {
				t.Fatalf("the activity should have moved the figures: %+v", tb.Total)
			}

			// Verify notices drift, and --repair's rebuild clears it: give
			// one learner facts the records do not support.
			u, err := s.UserByID(ctx, learners[0])
			must(t, err)
			u.Role, u.BirthYear = lms.RoleLearner, 1999
			must(t, s.UpdateUser(ctx, u))
			dirty, err := s.DirtyLearners(ctx, 10)
			must(t, err)
			fake := make([]*lms.LearnerFacts, len(dirty))
			for i, d := range dirty {
				fake[i] = &lms.LearnerFacts{UserID: d.UserID, UnitCode: baChe, BirthYear: 1999,
					Courses: []lms.CourseFact{{Course: "public-services", Started: true, Days: -1}},
					Reach:   []lms.Reach{{Scope: haLong, Days: []int{lms.DayNumber(day(3))}}}}
			}
			_, err = s.ApplyFacts(ctx, dirty, fake)
			must(t, err)
			drift, err := svc.Verify(ctx, province)
			must(t, err)
			if len(drift) == 0 {
				t.Fatal("verify found no drift after facts the records do not support")
			}
			if _, keepsCampaign := s.(lms.CampaignRollupStore); keepsCampaign && !slices.ContainsFunc(drift, func(d report.Drift) bool {
				return strings.HasPrefix(d.Table, "campaign") && d.Figure == "learners_reached"
			}) {
				t.Fatalf("verify missed a person reached in Hạ Long that nothing records: %v", drift)
			}
			must(t, s.MarkAllDirty(ctx, true))
			must(t, svc.RefreshAll(ctx))
			drift, err = svc.Verify(ctx, province)
			must(t, err)
			if len(drift) != 0 {
				t.Fatalf("after a rebuild: %v", drift)
			}
		})
	}
}
