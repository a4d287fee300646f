package assess

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	mrand "math/rand/v2"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/hocvuso/hocvuso/internal/content"
	"github.com/hocvuso/hocvuso/internal/lms"
)

// Grace is how long after the time limit answers and submission are still
// taken, for the network between the learner's tap and the server.
const Grace = 30 * time.Second

// Service runs quizzes over the catalog's banks.
type Service struct {
	store lms.Store
	cat   *content.Catalog
	now   func() time.Time
	rng   func() *mrand.Rand
	calib atomic.Pointer[map[string]*lms.Calibration]
}

// NewService returns a Service; now is the clock.
func NewService(store lms.Store, cat *content.Catalog, now func() time.Time) *Service {
	return &Service{store: store, cat: cat, now: now, rng: newRand}
}

// newRand seeds each attempt's draw from crypto/rand, so learners cannot
// predict or share an attempt's questions.
func newRand() *mrand.Rand {
	var seed [16]byte
	rand.Read(seed[:])
	return mrand.New(mrand.NewPCG(binary.LittleEndian.Uint64(seed[:8]), binary.LittleEndian.Uint64(seed[8:])))
}

// Catalog is the content the service uses.
func (s *Service) Catalog() *content.Catalog { return s.cat }

func (s *Service) clock() time.Time { return s.now().UTC().Truncate(time.Millisecond) }

// Quiz returns a quiz. ENOTFOUND if there is none.
func (s *Service) Quiz(id string) (*content.Quiz, error) {
	q, ok := s.cat.Quiz(id)
	if !ok {
		return nil, lms.Errorf(lms.ENOTFOUND, "Không có bài kiểm tra này.", "There is no such quiz.")
	}
	return q, nil
}

// Start begins an attempt at quiz quizID, or returns the learner's open
// attempt there (resuming after a reconnect or on another device). It
// returns created=false when resuming. ECONFLICT when the attempt limit is
// used up; ENOTFOUND for an unknown quiz.
func (s *Service) Start(ctx context.Context, u *lms.User, quizID string) (a *lms.Attempt, created bool, err error) {
	q, err := s.Quiz(quizID)
	if err != nil {
		return nil, false, err
	}
	for try := 0; try < 3; try++ {
		mine, err := s.attemptsAt(ctx, u.ID, quizID)
		if err != nil {
			return nil, false, err
		}
		if open := lastOpen(mine); open != nil {
			if !s.expired(open) {
				return open, false, nil
			}
			if _, err := s.finish(ctx, open, "time-limit"); err != nil {
				return nil, false, err
			}
		}
		if q.MaxAttempts > 0 && len(mine) >= q.MaxAttempts {
			return nil, false, lms.Errorf(lms.ECONFLICT,
				"Bạn đã làm hết "+strconv.Itoa(q.MaxAttempts)+" lượt của bài kiểm tra này.",
				"You have used all "+strconv.Itoa(q.MaxAttempts)+" attempts at this quiz.")
		}
		a = s.newAttempt(u, q, len(mine)+1)
		err = s.store.CreateAttempt(ctx, a)
		if err == nil {
			return a, true, nil
		}
		if lms.ErrorCode(err) != lms.ECONFLICT {
			return nil, false, err
		}
		// Another request started the same attempt first: look again.
	}
	return nil, false, lms.Errorf(lms.ECONFLICT, "Vui lòng thử lại.", "Please try again.")
}

func (s *Service) newAttempt(u *lms.User, q *content.Quiz, n int) *lms.Attempt {
	now := s.clock()
	a := &lms.Attempt{ID: u.ID + ":" + q.ID + ":" + strconv.Itoa(n), UserID: u.ID, QuizID: q.ID, CourseSlug: q.Course,
		Kind: q.Kind, Number: n, Status: lms.AttemptOpen, StartedAt: now, UpdatedAt: now, Answers: map[string]*lms.Answer{}}
	if q.TimeLimitMinutes > 0 {
		a.Deadline = now.Add(time.Duration(q.TimeLimitMinutes) * time.Minute)
	}
	if q.Kind == content.QuizPlacement {
		s.startPlacement(a)
	} else {
		a.Items = draw(q, s.cat, s.rng())
		a.MaxScore = float64(len(a.Items))
	}
	return a
}

func (s *Service) attemptsAt(ctx context.Context, userID, quizID string) ([]*lms.Attempt, error) {
	return s.store.AttemptsByUserQuiz(ctx, userID, quizID)
}

func lastOpen(as []*lms.Attempt) *lms.Attempt {
	for i := len(as) - 1; i >= 0; i-- {
		if as[i].Status == lms.AttemptOpen {
			return as[i]
		}
	}
	return nil
}

// expired reports whether a timed attempt is past its limit and grace.
func (s *Service) expired(a *lms.Attempt) bool {
	return !a.Deadline.IsZero() && s.clock().After(a.Deadline.Add(Grace))
}

// Attempt returns one of the learner's attempts; an open attempt past its
// time limit is graded first, as if submitted. ENOTFOUND for an unknown
// attempt or another learner's.
func (s *Service) Attempt(ctx context.Context, u *lms.User, id string) (*lms.Attempt, error) {
	a, err := s.store.AttemptByID(ctx, id)
	if err != nil || a.UserID != u.ID {
		return nil, errNoAttempt()
	}
	if a.Status == lms.AttemptOpen && s.expired(a) {
		return s.finish(ctx, a, "time-limit")
	}
	return a, nil
}

func errNoAttempt() *lms.Error {
	return lms.Errorf(lms.ENOTFOUND, "Không tìm thấy bài làm này.", "There is no such attempt.")
}

// Item returns the bank item behind an attempt item.
func (s *Service) Item(id string) (*content.Item, bool) { return s.cat.Item(id) }
