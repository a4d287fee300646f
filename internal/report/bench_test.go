package report_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/hocvuso/hocvuso/internal/lms"
	"github.com/hocvuso/hocvuso/internal/report"
	"github.com/hocvuso/hocvuso/internal/storetest"
	"github.com/hocvuso/hocvuso/internal/units"
)

// BenchmarkCompletion measures counting learners into the roll-up and a
// province report read from it, on SQLite and on MongoDB (FerretDB in-process unless
// HOCVUSO_TEST_MONGODB_URI is set), with learners spread over Quảng Ninh's communes: each
// in a class, with two lessons done, a final attempt and, for one in three,
// a certificate. UserByID is the baseline of the same run: costs are best
// read as a multiple of it, and per learner. BenchmarkDashboardsAtScale
// measures every dashboard at up to a million enrolments.
func BenchmarkCompletion(b *testing.B) {
	for _, c := range []struct {
		adapter string
		n       int
	}{{"SQLite", 500}, {"SQLite", 2000}, {"MongoDB", 500}} {
		n := c.n
		b.Run(fmt.Sprintf("%s/learners=%d", c.adapter, n), func(b *testing.B) {
			s := adapters()[c.adapter](b)
			reg, err := units.Embedded()
			if err != nil {
				b.Fatal(err)
			}
			ctx := context.Background()
			communes := reg.Communes(province)
			for i, c := range communes {
				if err := s.CreateClass(ctx, &lms.Class{ID: fmt.Sprint("c", i), TeamID: "t", Name: "Lớp", UnitCode: c.Code,
					Courses: []string{"smartphone"}, Status: lms.ClassRunning, JoinCode: fmt.Sprintf("J%05d", i)}); err != nil {
					b.Fatal(err)
				}
			}
			for i := range n {
				u := storetest.NewUser()
				u.UnitCode = communes[i%len(communes)].Code
				if err := s.CreateUser(ctx, u); err != nil {
					b.Fatal(err)
				}
				if _, err := s.Enrol(ctx, &lms.Enrolment{ClassID: fmt.Sprint("c", i%len(communes)), UserID: u.ID, Via: lms.ViaCode, At: day(1)}, 0); err != nil {
					b.Fatal(err)
				}
				for _, l := range []string{"01", "02"} {
					if _, err := s.CompleteLesson(ctx, &lms.LessonCompletion{UserID: u.ID, CourseSlug: "smartphone", LessonID: l, CompletedAt: day(2), RecordedAt: day(2)}); err != nil {
						b.Fatal(err)
					}
				}
				if err := s.CreateAttempt(ctx, &lms.Attempt{ID: u.ID + ":f:1", UserID: u.ID, QuizID: "f", CourseSlug: "smartphone", Kind: "final",
					Number: 1, StartedAt: day(3), Status: lms.AttemptSubmitted, Passed: i%3 == 0}); err != nil {
					b.Fatal(err)
				}
				if i%3 == 0 {
					if _, _, err := s.IssueCertificate(ctx, &lms.Certificate{Code: fmt.Sprintf("C%09d", i), UserID: u.ID, CourseSlug: "smartphone",
						UnitCode: u.UnitCode, IssuedAt: day(4), StatusIndex: i}); err != nil {
						b.Fatal(err)
					}
				}
			}
			svc := report.NewService(s, reg, func() time.Time { return now })
			official := &lms.User{Role: lms.RoleOfficial, UnitCode: province}
			one := storetest.NewUser()
			if err := s.CreateUser(ctx, one); err != nil {
				b.Fatal(err)
			}
			b.Run("UserByID", func(b *testing.B) {
				for b.Loop() {
					if _, err := s.UserByID(ctx, one.ID); err != nil {
						b.Fatal(err)
					}
				}
			})
			// Counting the seeded learners into the roll-up, as the
			// refresher does after they were written: per learner.
			b.Run("Refresh", func(b *testing.B) {
				for b.Loop() {
					if err := s.MarkAllDirty(ctx, true); err != nil {
						b.Fatal(err)
					}
					if err := svc.RefreshAll(ctx); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/float64(n), "µs/learner")
			})
			b.Run("ProvinceReport", func(b *testing.B) {
				for b.Loop() {
					t, err := svc.Completion(ctx, official, report.Query{Course: "smartphone"})
					if err != nil || t.Total.Enrolled != n {
						b.Fatalf("%v, %d enrolled", err, t.Total.Enrolled)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/float64(n), "µs/learner")
			})
		})
	}
}
