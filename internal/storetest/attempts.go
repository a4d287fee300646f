package storetest

import (
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/hocvuso/hocvuso/internal/lms"
)

func newAttempt(user, quiz string, n int, now time.Time) *lms.Attempt {
	yes := true
	num := 113.0
	return &lms.Attempt{
		ID: user + ":" + quiz + ":" + string(rune('0'+n)), UserID: user, QuizID: quiz, CourseSlug: "scam-awareness", Kind: "final",
		Number: n, Status: lms.AttemptOpen, StartedAt: now, Deadline: now.Add(20 * time.Minute), UpdatedAt: now,
		Items: []lms.AttemptItem{{ItemID: "sa-001", Version: 1, Hash: "h1", Order: []string{"c", "a", "b"}},
			{ItemID: "sa-002", Version: 2, Hash: "h2"}},
		Answers: map[string]*lms.Answer{
			"sa-001": {Choice: "a", AnsweredAt: now},
			"sa-002": {Bool: &yes, Number: &num, Matches: map[string]string{"p1": "r2"}, AnsweredAt: now},
		},
	}
}

func testAttempts(t *testing.T, open Opener) {
	now := time.Now().UTC().Truncate(time.Millisecond)
	t.Run("CreateReadList", func(t *testing.T) {
		s, c := open(t), ctx(t)
		a := newAttempt("u1", "scam-awareness-final", 1, now)
		mustNil(t, s.CreateAttempt(c, a))
		wantCode(t, s.CreateAttempt(c, newAttempt("u1", "scam-awareness-final", 1, now)), lms.ECONFLICT)
		got, err := s.AttemptByID(c, a.ID)
		mustNil(t, err)
		if !reflect.DeepEqual(got, a) {
			t.Fatalf("read back\n got %+v\nwant %+v", got, a)
		}
		_, err = s.AttemptByID(c, "nope")
		wantCode(t, err, lms.ENOTFOUND)
		mustNil(t, s.CreateAttempt(c, newAttempt("u1", "other", 1, now)))
		mustNil(t, s.CreateAttempt(c, newAttempt("u2", "scam-awareness-final", 1, now)))
		mine, err := s.AttemptsByUser(c, "u1")
		mustNil(t, err)
		if len(mine) != 2 {
			t.Fatalf("u1 has %d attempts, want 2", len(mine))
		}
		atQuiz, err := s.AttemptsByUserQuiz(c, "u1", "scam-awareness-final")
		mustNil(t, err)
		if len(atQuiz) != 1 || atQuiz[0].ID != a.ID {
			t.Fatalf("u1 at the final quiz: %+v", atQuiz)
		}
		// Only submitted attempts count for statistics.
		byQuiz, err := s.AttemptsByQuiz(c, "scam-awareness-final")
		mustNil(t, err)
		if len(byQuiz) != 0 {
			t.Fatalf("%d submitted attempts, want 0", len(byQuiz))
		}
		got.Status, got.Score, got.SubmittedAt, got.SubmitKey = lms.AttemptSubmitted, 7.5, now.Add(time.Minute), "key-1"
		mustNil(t, s.UpdateAttempt(c, got, got.Rev))
		byQuiz, err = s.AttemptsByQuiz(c, "scam-awareness-final")
		mustNil(t, err)
		if len(byQuiz) != 1 || byQuiz[0].Score != 7.5 || byQuiz[0].SubmitKey != "key-1" {
			t.Fatalf("submitted attempts: %+v", byQuiz)
		}
	})
	t.Run("UpdateIsCompareAndSwap", func(t *testing.T) {
		s, c := open(t), ctx(t)
		a := newAttempt("u1", "q", 1, now)
		mustNil(t, s.CreateAttempt(c, a))
		stale, _ := s.AttemptByID(c, a.ID)
		a.Answers["sa-001"].Choice = "b"
		mustNil(t, s.UpdateAttempt(c, a, a.Rev))
		if a.Rev != 1 {
			t.Fatalf("rev after one update = %d", a.Rev)
		}
		stale.Answers["sa-001"].Choice = "c"
		wantCode(t, s.UpdateAttempt(c, stale, stale.Rev), lms.ECONFLICT)
		got, _ := s.AttemptByID(c, a.ID)
		if got.Answers["sa-001"].Choice != "b" || got.Rev != 1 {
			t.Fatalf("a stale write won: %+v rev %d", got.Answers["sa-001"], got.Rev)
		}
	})
	t.Run("ConcurrentAnswersAllLand", func(t *testing.T) {
		s, c := open(t), ctx(t)
		a := newAttempt("u1", "q", 1, now)
		a.Answers = map[string]*lms.Answer{}
		mustNil(t, s.CreateAttempt(c, a))
		const n = 8
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for try := 0; try < 100; try++ {
					cur, err := s.AttemptByID(c, a.ID)
					if err != nil {
						t.Error(err)
						return
					}
					cur.Answers[string(rune('a'+i))] = &lms.Answer{Text: "x", AnsweredAt: now}
					err = s.UpdateAttempt(c, cur, cur.Rev)
					if err == nil {
						return
					}
					if lms.ErrorCode(err) != lms.ECONFLICT {
						t.Error(err)
						return
					}
				}
				t.Error("gave up after 100 conflicts")
			}()
		}
		wg.Wait()
		got, _ := s.AttemptByID(c, a.ID)
		if len(got.Answers) != n || got.Rev != n {
			t.Fatalf("%d answers at rev %d, want %d", len(got.Answers), got.Rev, n)
		}
	})
	t.Run("Calibrations", func(t *testing.T) {
		s, c := open(t), ctx(t)
		mustNil(t, s.PutCalibration(c, &lms.Calibration{ItemID: "sa-001", Difficulty: -0.5, Responses: 40, UpdatedAt: now}))
		mustNil(t, s.PutCalibration(c, &lms.Calibration{ItemID: "sa-001", Difficulty: 0.25, Responses: 80, UpdatedAt: now}))
		mustNil(t, s.PutCalibration(c, &lms.Calibration{ItemID: "sa-002", Difficulty: 1, Responses: 31, UpdatedAt: now}))
		got, err := s.Calibrations(c)
		mustNil(t, err)
		if len(got) != 2 || got["sa-001"].Difficulty != 0.25 || got["sa-001"].Responses != 80 {
			t.Fatalf("calibrations %+v", got)
		}
	})
}
