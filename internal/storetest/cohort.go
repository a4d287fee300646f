package storetest

import (
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/hocvuso/hocvuso/internal/lms"
)

func testCohort(t *testing.T, open Opener) {
	now := time.Now().UTC().Truncate(time.Millisecond)
	t.Run("TeamsAndInvites", func(t *testing.T) {
		s, c := open(t), ctx(t)
		team := &lms.Team{ID: "t1", Name: "Đội xung kích xã Ba Chẽ", UnitCode: "06970", LeaderID: "lead", CreatedAt: now}
		mustNil(t, s.CreateTeam(c, team))
		wantCode(t, s.CreateTeam(c, team), lms.ECONFLICT)
		got, err := s.TeamByID(c, "t1")
		mustNil(t, err)
		if got.Name != team.Name || got.LeaderID != "lead" || !got.CreatedAt.Equal(now) {
			t.Fatalf("team %+v", got)
		}
		_, err = s.TeamByID(c, "nope")
		wantCode(t, err, lms.ENOTFOUND)
		mustNil(t, s.AddTeamMember(c, &lms.TeamMember{TeamID: "t1", UserID: "lead", Role: lms.TeamLeader, JoinedAt: now}))
		mustNil(t, s.AddTeamMember(c, &lms.TeamMember{TeamID: "t1", UserID: "tr1", Role: lms.TeamTrainer, JoinedAt: now}))
		mustNil(t, s.AddTeamMember(c, &lms.TeamMember{TeamID: "t1", UserID: "tr1", Role: lms.TeamTrainer, JoinedAt: now}))
		ms, err := s.TeamMembers(c, "t1")
		mustNil(t, err)
		if len(ms) != 2 {
			t.Fatalf("%d members, want 2", len(ms))
		}
		mine, err := s.MembershipsOf(c, "tr1")
		mustNil(t, err)
		if len(mine) != 1 || mine[0].TeamID != "t1" || mine[0].Role != lms.TeamTrainer {
			t.Fatalf("memberships %+v", mine)
		}
		mustNil(t, s.CreateInvite(c, &lms.Invite{Code: "482915", TeamID: "t1", Phone: "+84912000001", CreatedBy: "lead", ExpiresAt: now.Add(time.Hour)}))
		wantCode(t, s.CreateInvite(c, &lms.Invite{Code: "482915", TeamID: "t1", ExpiresAt: now.Add(time.Hour)}), lms.ECONFLICT)
		mustNil(t, s.CreateInvite(c, &lms.Invite{Code: "111000", TeamID: "t1", ExpiresAt: now.Add(-time.Minute)}))
		_, err = s.UseInvite(c, "111000", "x", now)
		wantCode(t, err, lms.ENOTFOUND) // expired
		// Used at once by many: exactly one wins.
		var wg sync.WaitGroup
		wins := make(chan string, 8)
		for i := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if inv, err := s.UseInvite(c, "482915", string(rune('a'+i)), now); err == nil {
					wins <- inv.UsedBy
				} else if lms.ErrorCode(err) != lms.ENOTFOUND {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		close(wins)
		if n := len(wins); n != 1 {
			t.Fatalf("an invite was used %d times", n)
		}
	})
	t.Run("ClassesAndEnrolment", func(t *testing.T) {
		s, c := open(t), ctx(t)
		cl := &lms.Class{ID: "c1", TeamID: "t1", Name: "Lớp thôn 3", UnitCode: "06970", Place: "Nhà văn hóa thôn 3",
			Sessions: []lms.ClassSession{{ID: "s1", Starts: now.Add(24 * time.Hour)}, {ID: "s2", Starts: now.Add(48 * time.Hour), Note: "mang điện thoại"}},
			Courses:  []string{"smartphone"}, TrainerIDs: []string{"tr1"}, Capacity: 30, Status: lms.ClassPlanned, JoinCode: "BA7K2Q",
			CreatedBy: "tr1", CreatedAt: now, UpdatedAt: now}
		mustNil(t, s.CreateClass(c, cl))
		dup := *cl
		dup.ID = "c2"
		wantCode(t, s.CreateClass(c, &dup), lms.ECONFLICT) // the join code is taken
		got, err := s.ClassByJoinCode(c, "BA7K2Q")
		mustNil(t, err)
		if got.ID != "c1" || len(got.Sessions) != 2 || got.Sessions[1].Note != "mang điện thoại" || got.Capacity != 30 {
			t.Fatalf("class %+v", got)
		}
		_, err = s.ClassByJoinCode(c, "NOPE00")
		wantCode(t, err, lms.ENOTFOUND)
		got.Status, got.Place = lms.ClassRunning, "Trường tiểu học"
		mustNil(t, s.UpdateClass(c, got))
		again, _ := s.ClassByID(c, "c1")
		if again.Status != lms.ClassRunning || again.Place != "Trường tiểu học" {
			t.Fatalf("update lost: %+v", again)
		}
		byTeam, err := s.ClassesByTeam(c, "t1")
		mustNil(t, err)
		if len(byTeam) != 1 {
			t.Fatalf("%d classes", len(byTeam))
		}
		created, err := s.Enrol(c, &lms.Enrolment{ClassID: "c1", UserID: "u1", Via: lms.ViaCode, At: now}, 0)
		mustNil(t, err)
		if !created {
			t.Fatal("first enrolment not created")
		}
		created, err = s.Enrol(c, &lms.Enrolment{ClassID: "c1", UserID: "u1", Via: lms.ViaRoster, At: now.Add(time.Hour)}, 0)
		mustNil(t, err)
		if created {
			t.Fatal("a repeated enrolment was created again")
		}
		s.Enrol(c, &lms.Enrolment{ClassID: "c1", UserID: "u2", Via: lms.ViaAssisted, At: now}, 0)
		es, err := s.Enrolments(c, "c1")
		mustNil(t, err)
		if len(es) != 2 {
			t.Fatalf("%d enrolments", len(es))
		}
		for _, e := range es {
			if e.UserID == "u1" && e.Via != lms.ViaCode {
				t.Fatalf("the first enrolment was overwritten: %+v", e)
			}
		}
		of, err := s.EnrolmentsOf(c, "u2")
		mustNil(t, err)
		if len(of) != 1 || of[0].ClassID != "c1" {
			t.Fatalf("enrolments of u2: %+v", of)
		}
	})
	t.Run("CapacityHoldsUnderRacingJoins", func(t *testing.T) {
		s, c := open(t), ctx(t)
		const capacity, learners = 5, 16
		var wg sync.WaitGroup
		var mu sync.Mutex
		created, full := 0, 0
		for i := range learners {
			// Each learner taps "join" twice at once, as on a slow network.
			for range 2 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					ok, err := s.Enrol(c, &lms.Enrolment{ClassID: "cap", UserID: "u" + string(rune('a'+i)), Via: lms.ViaCode, At: now}, capacity)
					mu.Lock()
					defer mu.Unlock()
					switch {
					case errors.Is(err, lms.ErrClassFull) && lms.AsError(err).Code == lms.ECONFLICT:
						full++
					case err != nil:
						t.Errorf("enrol: %v", err)
					case ok:
						created++
					}
				}()
			}
		}
		wg.Wait()
		es, err := s.Enrolments(c, "cap")
		mustNil(t, err)
		if len(es) != capacity || created != capacity {
			t.Fatalf("capacity %d: %d enrolments stored, %d reported created, %d refused as full", capacity, len(es), created, full)
		}
		seen := map[string]bool{}
		for _, e := range es {
			if seen[e.UserID] {
				t.Fatalf("learner %s enrolled twice", e.UserID)
			}
			seen[e.UserID] = true
		}
		// One of those already in the class joining again is fine, not "full".
		again, err := s.Enrol(c, &lms.Enrolment{ClassID: "cap", UserID: es[0].UserID, Via: lms.ViaCode, At: now}, capacity)
		if err != nil || again {
			t.Fatalf("re-joining a full class one is in: created %v, err %v", again, err)
		}
		_, err = s.Enrol(c, &lms.Enrolment{ClassID: "cap", UserID: "late", Via: lms.ViaCode, At: now}, capacity)
		if !errors.Is(err, lms.ErrClassFull) {
			t.Fatalf("a sixth learner: %v, want ErrClassFull", err)
		}
	})
	t.Run("AttendanceLatestMarkWins", func(t *testing.T) {
		s, c := open(t), ctx(t)
		mark := func(present bool, at time.Time) {
			mustNil(t, s.MarkAttendance(c, &lms.Attendance{ClassID: "c1", SessionID: "s1", UserID: "u1", Present: present, MarkedBy: "tr1", MarkedAt: at}))
		}
		mark(true, now)
		mark(false, now.Add(time.Minute))
		mark(true, now.Add(-time.Hour)) // an old mark synced late
		as, err := s.AttendanceOf(c, "c1")
		mustNil(t, err)
		if len(as) != 1 || as[0].Present || !as[0].MarkedAt.Equal(now.Add(time.Minute)) {
			t.Fatalf("attendance %+v", as)
		}
	})
	t.Run("ActivitiesCountOnce", func(t *testing.T) {
		s, c := open(t), ctx(t)
		a := &lms.Activity{ID: "act-1", TrainerID: "tr1", TeamID: "t1", Kind: lms.ActVNeID, Date: now.Truncate(24 * time.Hour),
			UnitCode: "06970", People: 3, LearnerIDs: []string{"u1"}, Note: "Kích hoạt VNeID mức 2", CreatedAt: now}
		created, err := s.LogActivity(c, a)
		mustNil(t, err)
		if !created {
			t.Fatal("not created")
		}
		created, err = s.LogActivity(c, a)
		mustNil(t, err)
		if created {
			t.Fatal("a retried activity counted twice")
		}
		s.LogActivity(c, &lms.Activity{ID: "act-2", TrainerID: "tr1", Kind: lms.ActScamReport, Date: now, UnitCode: "06970", People: 1, CreatedAt: now.Add(time.Second)})
		list, err := s.ActivitiesByTrainer(c, "tr1")
		mustNil(t, err)
		if len(list) != 2 || list[0].ID != "act-2" || list[1].People != 3 || list[1].LearnerIDs[0] != "u1" {
			t.Fatalf("activities %+v", list)
		}
	})
}
