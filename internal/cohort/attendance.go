package cohort

import (
	"context"
	"time"

	"github.com/hocvuso/hocvuso/internal/lms"
	"github.com/hocvuso/hocvuso/internal/validation"
)

// Mark is one tap on the attendance list.
type Mark struct {
	UserID   string    `json:"user_id" validate:"required"`
	Present  bool      `json:"present"`
	MarkedAt time.Time `json:"marked_at"` // when the trainer tapped, possibly offline; zero: now
}

// MarkAttendance records taps for one session of a class the trainer runs.
// Marks taken offline and sent later keep their time; the newest mark of
// each learner wins. Learners not in the class are refused, and nothing of
// the batch is written.
func (s *Service) MarkAttendance(ctx context.Context, trainer *lms.User, classID, sessionID string, marks []Mark) error {
	c, err := s.managed(ctx, trainer, classID)
	if err != nil {
		return err
	}
	found := false
	for _, ss := range c.Sessions {
		found = found || ss.ID == sessionID
	}
	if !found {
		return lms.Errorf(lms.ENOTFOUND, "Lớp không có buổi học này.", "The class has no such session.")
	}
	es, err := s.store.Enrolments(ctx, classID)
	if err != nil {
		return err
	}
	in := map[string]bool{}
	for _, e := range es {
		in[e.UserID] = true
	}
	now := s.clock()
	for i := range marks {
		if !in[marks[i].UserID] {
			return validation.FieldInvalid("user_id", lms.Text{VI: "Có người không thuộc lớp này trong danh sách điểm danh.", EN: "The list names someone who is not in this class."})
		}
		if marks[i].MarkedAt.IsZero() || marks[i].MarkedAt.After(now) {
			marks[i].MarkedAt = now
		}
	}
	for _, m := range marks {
		if err := s.store.MarkAttendance(ctx, &lms.Attendance{ClassID: classID, SessionID: sessionID, UserID: m.UserID,
			Present: m.Present, MarkedBy: trainer.ID, MarkedAt: m.MarkedAt.UTC().Truncate(time.Millisecond)}); err != nil {
			return err
		}
	}
	return nil
}
