package assess

import (
	"context"
	"slices"
	"time"

	"github.com/hocvuso/hocvuso/internal/content"
	"github.com/hocvuso/hocvuso/internal/lms"
)

// Feedback is what a learner is told right after answering, in quizzes
// that give feedback at once (lesson checks).
type Feedback struct {
	Score       float64
	Explanation lms.Text
}

// AnswerResult is the outcome of saving an answer.
type AnswerResult struct {
	Attempt  *lms.Attempt
	Feedback *Feedback // nil unless the quiz gives feedback at once
}

// SaveAnswer saves the learner's answer to one item, replacing an earlier
// one; saving the same answer again changes nothing. answeredAt is when the
// learner answered, for answers kept on the phone while offline (zero:
// now); it counts only if it falls between the start and the time limit.
//
// ENOTFOUND for an unknown attempt or an item not in it; ECONFLICT after
// submission or past the time limit; EINVALID for an answer that does not
// fit the item.
func (s *Service) SaveAnswer(ctx context.Context, u *lms.User, attemptID, itemID string, ans lms.Answer, answeredAt time.Time) (*AnswerResult, error) {
	for try := 0; try < 8; try++ {
		a, err := s.store.AttemptByID(ctx, attemptID)
		if err != nil || a.UserID != u.ID {
			return nil, errNoAttempt()
		}
		res, err := s.applyAnswer(a, itemID, ans, answeredAt)
		if err != nil {
			return nil, err
		}
		if res == nil { // the same answer is saved already
			return &AnswerResult{Attempt: a, Feedback: s.feedback(a, itemID)}, nil
		}
		err = s.store.UpdateAttempt(ctx, a, a.Rev)
		if err == nil {
			return res, nil
		}
		if lms.ErrorCode(err) != lms.ECONFLICT {
			return nil, err
		}
	}
	return nil, lms.Errorf(lms.ECONFLICT, "Vui lòng thử lại.", "Please try again.")
}

// applyAnswer changes a in memory; nil result means nothing to change.
func (s *Service) applyAnswer(a *lms.Attempt, itemID string, ans lms.Answer, answeredAt time.Time) (*AnswerResult, error) {
	if a.Status != lms.AttemptOpen {
		return nil, lms.Errorf(lms.ECONFLICT, "Bài này đã nộp, không sửa câu trả lời được nữa.", "This attempt is submitted; answers can no longer change.")
	}
	i := slices.IndexFunc(a.Items, func(ai lms.AttemptItem) bool { return ai.ItemID == itemID })
	if i < 0 {
		return nil, lms.Errorf(lms.ENOTFOUND, "Câu hỏi này không có trong bài làm.", "This question is not part of the attempt.")
	}
	now := s.clock()
	at := answeredAt.UTC().Truncate(time.Millisecond)
	if at.IsZero() || at.After(now) || at.Before(a.StartedAt) {
		at = now
	}
	if !a.Deadline.IsZero() && at.After(a.Deadline.Add(Grace)) {
		return nil, lms.Errorf(lms.ECONFLICT, "Đã hết giờ làm bài; câu trả lời này không được tính.", "Time is up; this answer does not count.")
	}
	it, ok := s.cat.Item(itemID)
	if !ok {
		return nil, lms.Errorf(lms.ENOTFOUND, "Câu hỏi này không còn trong ngân hàng đề.", "This question is no longer in the bank.")
	}
	if err := CheckAnswer(it, &a.Items[i], &ans); err != nil {
		return nil, err
	}
	if a.Kind == content.QuizPlacement && a.Answers[itemID] != nil {
		return nil, lms.Errorf(lms.ECONFLICT, "Câu này đã trả lời rồi.", "This question is answered already.")
	}
	if prev := a.Answers[itemID]; prev != nil && sameAnswer(prev, &ans) {
		return nil, nil
	}
	ans.AnsweredAt = at
	if a.Kind == content.QuizLesson || a.Kind == content.QuizPlacement {
		ans.Score, ans.Graded = Grade(it, &ans), true
	}
	a.Answers[itemID] = &ans
	a.UpdatedAt = now
	if a.Kind == content.QuizPlacement {
		s.placementStep(a)
	}
	return &AnswerResult{Attempt: a, Feedback: s.feedback(a, itemID)}, nil
}

func (s *Service) feedback(a *lms.Attempt, itemID string) *Feedback {
	ans := a.Answers[itemID]
	if a.Kind != content.QuizLesson || ans == nil || !ans.Graded {
		return nil
	}
	it, _ := s.cat.Item(itemID)
	return &Feedback{Score: ans.Score, Explanation: it.Explanation}
}

func sameAnswer(a, b *lms.Answer) bool {
	return a.Choice == b.Choice && slices.Equal(a.Choices, b.Choices) && slices.Equal(a.Order, b.Order) &&
		equalMaps(a.Matches, b.Matches) && a.Text == b.Text && equalPtr(a.Bool, b.Bool) && equalPtr(a.Number, b.Number)
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func equalPtr[T comparable](a, b *T) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}
