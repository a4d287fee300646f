package assess

import (
	"context"
	"math"

	"github.com/hocvuso/hocvuso/internal/content"
	"github.com/hocvuso/hocvuso/internal/lms"
)

// Submit grades the attempt, once. It is idempotent: a retried submit (a
// lost response on a weak network, the offline queue sending again, two
// devices at once) returns the first result and changes nothing. key is
// the client's Idempotency-Key, kept with the result. It costs one read and
// one conditional write.
//
// ENOTFOUND for an unknown attempt or another learner's.
func (s *Service) Submit(ctx context.Context, u *lms.User, attemptID, key string) (*lms.Attempt, error) {
	for try := 0; try < 8; try++ {
		a, err := s.store.AttemptByID(ctx, attemptID)
		if err != nil || a.UserID != u.ID {
			return nil, errNoAttempt()
		}
		if a.Status == lms.AttemptSubmitted {
			return a, nil
		}
		a, err = s.finish(ctx, a, key)
		if lms.ErrorCode(err) == lms.ECONFLICT {
			continue // an answer or another submit landed in between: read again
		}
		return a, err
	}
	return nil, lms.Errorf(lms.ECONFLICT, "Vui lòng thử lại.", "Please try again.")
}

// finish grades a and writes it as submitted, guarded by its revision.
func (s *Service) finish(ctx context.Context, a *lms.Attempt, key string) (*lms.Attempt, error) {
	q, _ := s.cat.Quiz(a.QuizID)
	grade(a, s.cat)
	a.Status, a.SubmittedAt, a.SubmitKey, a.UpdatedAt = lms.AttemptSubmitted, s.clock(), key, s.clock()
	if q != nil && a.Kind != content.QuizPlacement {
		a.Passed = a.Percent >= q.PassPercent
	}
	if err := s.store.UpdateAttempt(ctx, a, a.Rev); err != nil {
		return nil, err
	}
	return a, nil
}

// grade scores every item of a from its saved answer.
func grade(a *lms.Attempt, cat *content.Catalog) {
	total := 0.0
	for i := range a.Items {
		ai := &a.Items[i]
		it, ok := cat.Item(ai.ItemID)
		if !ok {
			continue
		}
		ai.Score = Grade(it, a.Answers[ai.ItemID])
		total += ai.Score
	}
	a.Score, a.MaxScore = total, float64(len(a.Items))
	if a.MaxScore > 0 {
		a.Percent = int(math.Round(100 * a.Score / a.MaxScore))
	}
}

// Counted picks, of a learner's submitted attempts at one quiz, the one
// the grading policy counts: the highest score or the last. nil if none.
func Counted(q *content.Quiz, attempts []*lms.Attempt) *lms.Attempt {
	var best *lms.Attempt
	for _, a := range attempts {
		if a.QuizID != q.ID || a.Status != lms.AttemptSubmitted {
			continue
		}
		if best == nil || q.Grading == "last" && a.Number > best.Number || q.Grading != "last" && a.Percent > best.Percent {
			best = a
		}
	}
	return best
}
