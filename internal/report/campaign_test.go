package report_test

import (
	"context"
	"testing"
	"time"

	"github.com/hocvuso/hocvuso/internal/lms"
	"github.com/hocvuso/hocvuso/internal/report"
	"github.com/hocvuso/hocvuso/internal/storetest"
	"github.com/hocvuso/hocvuso/internal/units"
)

var ict = time.FixedZone("ICT", 7*3600)

func at(m time.Month, d, h, min int) time.Time { return time.Date(2026, m, d, h, min, 0, 0, ict) }

// seedCampaign writes the hand-made October 2026 below. Times are Vietnam
// time; the edges of the month are where UTC would get the day wrong.
//
//	teams:   t1 Ba Chẽ (15 Sep), t2 Vân Đồn (20 Oct), t3 Vân Đồn (5 Nov: too late), t4 Hà Nội (outside)
//	classes: c1 Ba Chẽ, trainers tr1 tr2, sessions 3 Oct, 10 Oct, 2 Nov; learners A B
//	         c2 Ba Chẽ, trainer tr1, session 20 Sep only (not held in October); learner C
//	         c3 Vân Đồn, trainer tr3, session 31 Oct 23:30; learners A D
//	activities: a1 Ba Chẽ 1 Oct 06:00, 3 people, learner E
//	            a2 Vân Đồn 15 Oct, 2 people, learner D
//	            a3 Ba Chẽ 1 Nov 00:00, 5 people (outside)
//	certificates: Ba Chẽ 5 Oct; Vân Đồn 31 Oct 23:59; Ba Chẽ 1 Nov 00:00 (outside); Hà Nội 5 Oct (outside)
func seedCampaign(t *testing.T, s lms.Store) {
	ctx := context.Background()
	for _, id := range []string{"A", "B", "C", "D", "E"} { // the people classes and activities name have accounts
		u := storetest.NewUser()
		u.ID = id
		must(t, s.CreateUser(ctx, u))
	}
	for _, tm := range []*lms.Team{
		{ID: "t1", Name: "Đội Ba Chẽ", UnitCode: baChe, LeaderID: "tr1", CreatedAt: at(9, 15, 9, 0)},
		{ID: "t2", Name: "Đội Vân Đồn", UnitCode: vanDon, LeaderID: "tr3", CreatedAt: at(10, 20, 9, 0)},
		{ID: "t3", Name: "Đội Vân Đồn 2", UnitCode: vanDon, LeaderID: "tr3", CreatedAt: at(11, 5, 9, 0)},
		{ID: "t4", Name: "Đội Hà Nội", UnitCode: "00322", LeaderID: "x", CreatedAt: at(10, 1, 9, 0)},
	} {
		must(t, s.CreateTeam(ctx, tm))
	}
	class := func(id, unit string, trainers []string, sessions []time.Time, learners ...string) {
		c := &lms.Class{ID: id, TeamID: "t1", Name: "Lớp " + id, UnitCode: unit, Courses: []string{"smartphone"},
			TrainerIDs: trainers, Status: lms.ClassRunning, JoinCode: "J" + id + "XX"}
		for i, st := range sessions {
			c.Sessions = append(c.Sessions, lms.ClassSession{ID: string(rune('a' + i)), Starts: st})
		}
		must(t, s.CreateClass(ctx, c))
		for _, l := range learners {
			_, err := s.Enrol(ctx, &lms.Enrolment{ClassID: id, UserID: l, Via: lms.ViaCode, At: at(9, 1, 8, 0)}, 0)
			must(t, err)
		}
	}
	class("c1", baChe, []string{"tr1", "tr2"}, []time.Time{at(10, 3, 8, 0), at(10, 10, 8, 0), at(11, 2, 8, 0)}, "A", "B")
	class("c2", baChe, []string{"tr1"}, []time.Time{at(9, 20, 8, 0)}, "C")
	class("c3", vanDon, []string{"tr3"}, []time.Time{at(10, 31, 23, 30)}, "A", "D")
	for _, a := range []*lms.Activity{
		{ID: "a1", TrainerID: "tr1", TeamID: "t1", Kind: "vneid", Date: at(10, 1, 6, 0), UnitCode: baChe, People: 3, LearnerIDs: []string{"E"}},
		{ID: "a2", TrainerID: "tr3", TeamID: "t2", Kind: "scam", Date: at(10, 15, 9, 0), UnitCode: vanDon, People: 2, LearnerIDs: []string{"D"}},
		{ID: "a3", TrainerID: "tr1", TeamID: "t1", Kind: "vneid", Date: at(11, 1, 0, 0), UnitCode: baChe, People: 5},
	} {
		_, err := s.LogActivity(ctx, a)
		must(t, err)
	}
	for i, c := range []struct {
		unit string
		at   time.Time
	}{{baChe, at(10, 5, 10, 0)}, {vanDon, at(10, 31, 23, 59)}, {baChe, at(11, 1, 0, 0)}, {"00322", at(10, 5, 10, 0)}} {
		_, _, err := s.IssueCertificate(ctx, &lms.Certificate{Code: "CAMP" + string(rune('A'+i)), UserID: "cu" + string(rune('a'+i)),
			CourseSlug: "smartphone", UnitCode: c.unit, IssuedAt: c.at, StatusIndex: 500 + i})
		must(t, err)
	}
}

type campaignWant struct{ teams, classes, sessions, participations, activities, people, reached, certs int }

func checkCampaign(t *testing.T, name string, r *report.CampaignRow, w campaignWant) {
	t.Helper()
	got := campaignWant{r.Teams, r.ClassesHeld, r.Sessions, r.Participations, r.Activities, r.PeopleSupported, r.LearnersReached, r.Certificates}
	if got != w {
		t.Errorf("%s:\n got %+v\nwant %+v", name, got, w)
	}
}

func TestCampaignAgainstHandCountedData(t *testing.T) {
	reg, err := units.Embedded()
	must(t, err)
	for name, open := range adapters() {
		t.Run(name, func(t *testing.T) {
			s := open(t)
			seedCampaign(t, s)
			svc := report.NewService(s, reg, func() time.Time { return now })
			c, err := svc.Campaign(context.Background(), &lms.User{Role: lms.RoleOfficial, UnitCode: province},
				report.CampaignQuery{From: "2026-10-01", To: "2026-10-31"})
			must(t, err)
			if len(c.Rows) != 54 || c.From != "2026-10-01" || c.To != "2026-10-31" {
				t.Fatalf("%d rows, %s to %s", len(c.Rows), c.From, c.To)
			}
			rows := map[string]*report.CampaignRow{}
			for _, r := range c.Rows {
				rows[r.Key] = r
			}
			checkCampaign(t, "Ba Chẽ", rows[baChe], campaignWant{1, 1, 2, 5, 1, 3, 3, 1})
			checkCampaign(t, "Vân Đồn", rows[vanDon], campaignWant{1, 1, 1, 2, 1, 2, 2, 1})
			checkCampaign(t, "Hạ Long (nothing)", rows[haLong], campaignWant{})
			checkCampaign(t, "total", c.Total, campaignWant{2, 2, 3, 7, 2, 5, 4, 2})

			if len(c.Days) != 31 || c.Days[0].Start != "2026-10-01" || c.Days[30].Start != "2026-10-31" {
				t.Fatalf("%d days from %s", len(c.Days), c.Days[0].Start)
			}
			type pt struct{ sessions, activities, people, certs int }
			day := func(i int) pt { d := c.Days[i]; return pt{d.Sessions, d.Activities, d.People, d.Certificates} }
			for i, w := range map[int]pt{0: {0, 1, 3, 0}, 2: {1, 0, 0, 0}, 4: {0, 0, 0, 1}, 9: {1, 0, 0, 0}, 14: {0, 1, 2, 0}, 30: {1, 0, 0, 1}, 20: {}} {
				if got := day(i); got != w {
					t.Errorf("day %s: %+v, want %+v", c.Days[i].Start, got, w)
				}
			}
			wantWeeks := []struct {
				start string
				p     pt
			}{{"2026-09-28", pt{1, 1, 3, 0}}, {"2026-10-05", pt{1, 0, 0, 1}}, {"2026-10-12", pt{0, 1, 2, 0}}, {"2026-10-19", pt{}}, {"2026-10-26", pt{1, 0, 0, 1}}}
			if len(c.Weeks) != len(wantWeeks) {
				t.Fatalf("%d weeks", len(c.Weeks))
			}
			for i, w := range wantWeeks {
				g := c.Weeks[i]
				if g.Start != w.start || (pt{g.Sessions, g.Activities, g.People, g.Certificates}) != w.p {
					t.Errorf("week %d: %+v, want %s %+v", i, g, w.start, w.p)
				}
			}
		})
	}
}

func TestCampaignPeriodAndScope(t *testing.T) {
	reg, err := units.Embedded()
	must(t, err)
	s := adapters()["SQLite"](t)
	seedCampaign(t, s)
	svc := report.NewService(s, reg, func() time.Time { return now })
	ctx := context.Background()
	commune := &lms.User{Role: lms.RoleOfficial, UnitCode: baChe}
	c, err := svc.Campaign(ctx, commune, report.CampaignQuery{})
	must(t, err)
	if c.From != "2026-11-01" || c.To != "2026-11-26" || len(c.Rows) != 1 || c.Rows[0].Activities != 1 || c.Rows[0].Certificates != 1 {
		t.Fatalf("default period (this month to today): %s..%s %+v", c.From, c.To, c.Rows[0])
	}
	for _, bad := range []struct {
		q     report.CampaignQuery
		field string
	}{
		{report.CampaignQuery{From: "2026-10-31", To: "2026-10-01"}, "to"},
		{report.CampaignQuery{From: "1/10/2026", To: "2026-10-31"}, "from"},
		{report.CampaignQuery{From: "2026-10-01", To: "31/10"}, "to"},
		{report.CampaignQuery{From: "2025-01-01", To: "2026-10-31"}, "from"},
	} {
		_, err := svc.Campaign(ctx, commune, bad.q)
		if e := lms.AsError(err); e == nil || e.Code != lms.EINVALID || len(e.Fields) != 1 || e.Fields[0].Field != bad.field {
			t.Errorf("%+v: %v, want invalid %s", bad.q, err, bad.field)
		}
	}
	for _, q := range []report.CampaignQuery{{Unit: province}, {Unit: vanDon}, {Unit: "99999"}} {
		if _, err := svc.Campaign(ctx, commune, q); lms.ErrorCode(err) != lms.ENOTFOUND {
			t.Errorf("a Ba Chẽ official asking for %s: %v, want not found", q.Unit, err)
		}
	}
	if _, err := svc.Campaign(ctx, &lms.User{Role: lms.RoleTrainer, UnitCode: baChe}, report.CampaignQuery{}); lms.ErrorCode(err) != lms.ENOTFOUND {
		t.Errorf("a trainer: %v, want not found", err)
	}
}
