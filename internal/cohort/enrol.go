package cohort

import (
	"context"
	"strings"

	"github.com/hocvuso/hocvuso/internal/auth"
	"github.com/hocvuso/hocvuso/internal/lms"
	"github.com/hocvuso/hocvuso/internal/phone"
)

// ClassByCode finds the class behind a join code, as a learner types it
// (case and spaces do not matter). The messages are for people.
func (s *Service) ClassByCode(ctx context.Context, code string) (*lms.Class, error) {
	code = strings.ToUpper(strings.Join(strings.Fields(code), ""))
	c, err := s.store.ClassByJoinCode(ctx, code)
	if err != nil {
		return nil, lms.Errorf(lms.ENOTFOUND, "Mã lớp không đúng. Hãy xem lại mã người hướng dẫn đưa cho bạn.",
			"This class code is wrong. Check the code your trainer gave you.")
	}
	return c, nil
}

// open checks that a class can take one more learner, before a trainer
// types in a whole registration for nothing. The store's Enrol enforces the
// capacity again, atomically.
func (s *Service) open(ctx context.Context, c *lms.Class) error {
	if err := notFinished(c); err != nil {
		return err
	}
	es, err := s.store.Enrolments(ctx, c.ID)
	if err != nil {
		return err
	}
	if c.Capacity > 0 && len(es) >= c.Capacity {
		return lms.ClassFull("cohort: open")
	}
	return nil
}

func notFinished(c *lms.Class) error {
	if c.Status == lms.ClassFinished {
		return lms.Errorf(lms.ECONFLICT, "Lớp này đã kết thúc, không nhận thêm học viên.", "This class has finished and takes no more learners.")
	}
	return nil
}

// JoinByCode enrols learner u in the class with the code. Joining again
// is fine and changes nothing. ENOTFOUND for an unknown code; ECONFLICT for
// a finished or full class.
func (s *Service) JoinByCode(ctx context.Context, u *lms.User, code string) (*lms.Class, error) {
	c, err := s.ClassByCode(ctx, code)
	if err != nil {
		return nil, err
	}
	return c, s.enrol(ctx, c, u.ID, lms.ViaCode)
}

func (s *Service) enrol(ctx context.Context, c *lms.Class, userID, via string) error {
	es, err := s.store.EnrolmentsOf(ctx, userID)
	if err != nil {
		return err
	}
	for _, e := range es {
		if e.ClassID == c.ID {
			return nil // already in the class
		}
	}
	if err := notFinished(c); err != nil {
		return err
	}
	_, err = s.store.Enrol(ctx, &lms.Enrolment{ClassID: c.ID, UserID: userID, Via: via, At: s.clock()}, c.Capacity)
	return err
}

// AssistedResult says what registering on a learner's behalf did.
type AssistedResult struct {
	Learner  *lms.User
	Existing bool // the phone already had an account; it was enrolled as it is
}

// RegisterAssisted creates an account for a learner who has no smartphone
// or cannot type ("1 kèm 1"): the trainer fills in the form, the learner
// chooses the PIN. The account is marked assisted and enrolled in the
// class. If the phone already has an account, that learner is enrolled
// instead and no second account is made.
func (s *Service) RegisterAssisted(ctx context.Context, trainer *lms.User, classID string, in auth.RegisterInput) (*AssistedResult, error) {
	c, err := s.managed(ctx, trainer, classID)
	if err != nil {
		return nil, err
	}
	if err := s.open(ctx, c); err != nil {
		return nil, err
	}
	if p, ok := phone.Normalize(in.Phone); ok {
		if existing, err := s.store.UserByPhone(ctx, p); err == nil {
			return &AssistedResult{Learner: existing, Existing: true}, s.enrol(ctx, c, existing.ID, lms.ViaAssisted)
		}
	}
	if in.UnitCode == "" {
		in.UnitCode = c.UnitCode
	}
	u, err := s.auth.RegisterAssisted(ctx, in)
	if err != nil {
		return nil, err
	}
	return &AssistedResult{Learner: u}, s.enrol(ctx, c, u.ID, lms.ViaAssisted)
}
