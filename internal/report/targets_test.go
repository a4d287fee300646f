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

// Targets on the October campaign data, seen on 26 November 2026:
//
//	Tỉnh Quảng Ninh  people supported  1 Oct–31 Dec  goal 100: 10 so far, 57 of 92 days gone → 61 expected → behind
//	Xã Ba Chẽ        certificates      1–31 Oct      goal 2:   1, the month is over → missed
//	Xã Ba Chẽ        learners reached  1–30 Nov      goal 1:   A and B (class c1 met on 2 Nov) → met (pace: 26/30 of 1 → 0)
//	Đặc khu Vân Đồn  certificates      1–31 Oct      goal 1:   1 → met
//	Đặc khu Vân Đồn  certificates      Jan–Mar 2027  goal 10:  not begun → upcoming
func TestTargetsProgressAndLaggingUnits(t *testing.T) {
	reg, err := units.Embedded()
	must(t, err)
	for name, open := range adapters() {
		t.Run(name, func(t *testing.T) {
			s := open(t)
			seedCampaign(t, s)
			svc := report.NewService(s, reg, func() time.Time { return now })
			ctx := context.Background()
			provincial := &lms.User{ID: "o1", Role: lms.RoleOfficial, UnitCode: province}
			for _, in := range []report.TargetInput{
				{Unit: province, Metric: lms.MetricPeopleSupported, From: "2026-10-01", To: "2026-12-31", Goal: 100},
				{Unit: baChe, Metric: lms.MetricCertificates, From: "2026-10-01", To: "2026-10-31", Goal: 2},
				{Unit: baChe, Metric: lms.MetricLearnersReached, From: "2026-11-01", To: "2026-11-30", Goal: 1},
				{Unit: vanDon, Metric: lms.MetricCertificates, From: "2026-10-01", To: "2026-10-31", Goal: 1},
				{Unit: vanDon, Metric: lms.MetricCertificates, From: "2027-01-01", To: "2027-03-31", Goal: 10},
			} {
				_, err := svc.SetTarget(ctx, provincial, in)
				must(t, err)
			}
			got, err := svc.Targets(ctx, provincial, "")
			must(t, err)
			type row struct {
				unit, metric                string
				goal, actual, expected, pct int
				status                      string
			}
			want := []row{
				{province, lms.MetricPeopleSupported, 100, 10, 61, 10, report.StatusBehind},
				{baChe, lms.MetricCertificates, 2, 1, 2, 50, report.StatusMissed},
				{vanDon, lms.MetricCertificates, 10, 0, 0, 0, report.StatusUpcoming},
				{baChe, lms.MetricLearnersReached, 1, 2, 0, 200, report.StatusMet}, // 26/30 of 1, rounded down
				{vanDon, lms.MetricCertificates, 1, 1, 1, 100, report.StatusMet},
			}
			if len(got) != len(want) {
				t.Fatalf("%d targets, want %d", len(got), len(want))
			}
			for i, w := range want {
				g := got[i]
				if (row{g.Unit, g.Metric, g.Goal, g.Actual, g.Expected, g.Percent, g.Status}) != w {
					t.Errorf("target %d:\n got %+v\nwant %+v", i, row{g.Unit, g.Metric, g.Goal, g.Actual, g.Expected, g.Percent, g.Status}, w)
				}
			}
			// Setting the same unit, metric and period again replaces the goal.
			_, err = svc.SetTarget(ctx, provincial, report.TargetInput{Unit: baChe, Metric: lms.MetricCertificates, From: "2026-10-01", To: "2026-10-31", Goal: 1})
			must(t, err)
			commune := &lms.User{ID: "o2", Role: lms.RoleOfficial, UnitCode: baChe}
			mine, err := svc.Targets(ctx, commune, "")
			must(t, err)
			if len(mine) != 2 || mine[0].Status != report.StatusMet || mine[1].Status != report.StatusMet {
				t.Fatalf("a Ba Chẽ official's targets after the goal changed to 1: %+v %+v", mine[0], mine[len(mine)-1])
			}
		})
	}
}

func TestSetTargetRefusesBadInputAndOtherUnits(t *testing.T) {
	reg, err := units.Embedded()
	must(t, err)
	s := adapters()["SQLite"](t)
	svc := report.NewService(s, reg, func() time.Time { return now })
	ctx := context.Background()
	commune := &lms.User{ID: "o2", Role: lms.RoleOfficial, UnitCode: baChe}
	good := report.TargetInput{Unit: baChe, Metric: lms.MetricCertificates, From: "2026-10-01", To: "2026-12-31", Goal: 50}
	for _, c := range []struct {
		change func(*report.TargetInput)
		field  string
	}{
		{func(in *report.TargetInput) { in.Metric = "likes" }, "metric"},
		{func(in *report.TargetInput) { in.Goal = 0 }, "goal"},
		{func(in *report.TargetInput) { in.Goal = report.MaxGoal + 1 }, "goal"},
		{func(in *report.TargetInput) { in.From = "" }, "from"},
		{func(in *report.TargetInput) { in.To = "2026-09-30" }, "to"},
		{func(in *report.TargetInput) { in.From = "01/10/2026" }, "from"},
	} {
		in := good
		c.change(&in)
		_, err := svc.SetTarget(ctx, commune, in)
		if e := lms.AsError(err); e == nil || e.Code != lms.EINVALID || len(e.Fields) != 1 || e.Fields[0].Field != c.field {
			t.Errorf("%+v: %v, want invalid %s", in, err, c.field)
		}
	}
	for _, unit := range []string{province, vanDon, "99999"} {
		in := good
		in.Unit = unit
		if _, err := svc.SetTarget(ctx, commune, in); lms.ErrorCode(err) != lms.ENOTFOUND {
			t.Errorf("a Ba Chẽ official setting a target for %s: %v, want not found", unit, err)
		}
	}
	if _, err := svc.SetTarget(ctx, &lms.User{Role: lms.RoleTrainer, UnitCode: baChe}, good); lms.ErrorCode(err) != lms.ENOTFOUND {
		t.Errorf("a trainer setting a target: %v", err)
	}
	ts, err := s.TargetsInUnits(ctx, []string{baChe, province, vanDon})
	must(t, err)
	if len(ts) != 0 {
		t.Fatalf("refused targets were stored: %+v", ts)
	}
}

// A share target: adults (18 and over in the period's last year) holding a
// valid certificate by the period's end, as a percentage of the base the
// official enters.
//
//	Ba Chẽ   A born 1960, certificate 5 Oct
//	         B born 2009 (17 in 2026, 18 in 2027), certificate 6 Oct
//	         C born 1980, certificate 2 Oct revoked, another 20 Oct
//	         D born 1975, certificate revoked
//	         E born 1990, no certificate
//	Vân Đồn  F born 1970, certificate 3 Oct
//
// Today is 26 November 2026.
func TestShareTargetCountsCertifiedAdults(t *testing.T) {
	reg, err := units.Embedded()
	must(t, err)
	for name, open := range adapters() {
		t.Run(name, func(t *testing.T) {
			s := open(t)
			ctx := context.Background()
			n := 0
			learner := func(unit string, born int, certs ...time.Time) *lms.User {
				u := storetest.NewUser()
				u.UnitCode, u.BirthYear = unit, born
				must(t, s.CreateUser(ctx, u))
				for i, at := range certs {
					n++
					_, _, err := s.IssueCertificate(ctx, &lms.Certificate{Code: fmt.Sprintf("SHARE%05d", n), UserID: u.ID,
						CourseSlug: []string{"smartphone", "scam-awareness"}[i], UnitCode: unit, IssuedAt: at, StatusIndex: 800 + n})
					must(t, err)
				}
				return u
			}
			learner(baChe, 1960, at(10, 5, 9, 0))
			learner(baChe, 2009, at(10, 6, 9, 0))
			learner(baChe, 1980, at(10, 2, 9, 0), at(10, 20, 9, 0))
			must(t, s.RevokeCertificate(ctx, fmt.Sprintf("SHARE%05d", n-1), at(10, 3, 9, 0), "admin", "cấp nhầm"))
			learner(baChe, 1975, at(10, 7, 9, 0))
			must(t, s.RevokeCertificate(ctx, fmt.Sprintf("SHARE%05d", n), at(10, 8, 9, 0), "admin", "cấp nhầm"))
			learner(baChe, 1990)
			learner(vanDon, 1970, at(10, 3, 9, 0))

			svc := report.NewService(s, reg, func() time.Time { return now })
			provincial := &lms.User{ID: "o1", Role: lms.RoleOfficial, UnitCode: province}
			share := lms.MetricCertifiedAdults
			for _, in := range []report.TargetInput{
				{Unit: baChe, Metric: share, From: "2026-10-01", To: "2026-10-31", Goal: 50, Base: 4},
				{Unit: baChe, Metric: share, From: "2026-10-01", To: "2026-10-15", Goal: 50, Base: 4},
				{Unit: province, Metric: share, From: "2026-10-01", To: "2026-12-31", Goal: 10, Base: 100},
				{Unit: baChe, Metric: share, From: "2027-01-01", To: "2027-12-31", Goal: 30, Base: 4},
			} {
				_, err := svc.SetTarget(ctx, provincial, in)
				must(t, err)
			}
			got, err := svc.Targets(ctx, provincial, "")
			must(t, err)
			type row struct {
				unit, to                           string
				actual, share, pct, expected, base int
				status                             string
			}
			want := []row{
				{province, "2026-12-31", 3, 3, 30, 6, 100, report.StatusBehind}, // A, C, F; 57 of 92 days of 10%
				{baChe, "2026-10-15", 1, 25, 50, 50, 4, report.StatusMissed},    // A only: C's valid certificate came on the 20th
				{baChe, "2026-10-31", 2, 50, 100, 50, 4, report.StatusMet},      // A and C; B is 17, D revoked, E none
				{baChe, "2027-12-31", 3, 75, 250, 0, 4, report.StatusMet},       // B is 18 in 2027
			}
			if len(got) != len(want) {
				t.Fatalf("%d targets, want %d", len(got), len(want))
			}
			for i, w := range want {
				g := got[i]
				if r := (row{g.Unit, g.To, g.Actual, g.Share, g.Percent, g.Expected, g.Base, g.Status}); r != w {
					t.Errorf("target %d:\n got %+v\nwant %+v", i, r, w)
				}
			}
			for _, bad := range []report.TargetInput{
				{Unit: baChe, Metric: share, From: "2026-10-01", To: "2026-10-31", Goal: 50},            // no base
				{Unit: baChe, Metric: share, From: "2026-10-01", To: "2026-10-31", Goal: 150, Base: 10}, // not a percentage
			} {
				if _, err := svc.SetTarget(ctx, provincial, bad); lms.ErrorCode(err) != lms.EINVALID {
					t.Errorf("%+v: %v, want invalid", bad, err)
				}
			}
		})
	}
}
