// Package cohort is the trainer's side: volunteer teams and their
// members, classes tied to a commune, the ways learners join a class (join
// code or QR, an account made on their behalf, a roster file), attendance
// taken on a phone that may be offline, support activities, and the
// class's view of its learners' progress.
package cohort

import (
	"context"
	"crypto/rand"
	"math/big"
	"slices"
	"time"

	"github.com/hocvuso/hocvuso/internal/assess"
	"github.com/hocvuso/hocvuso/internal/auth"
	"github.com/hocvuso/hocvuso/internal/learning"
	"github.com/hocvuso/hocvuso/internal/lms"
	"github.com/hocvuso/hocvuso/internal/units"
	"github.com/hocvuso/hocvuso/internal/validation"
)

// Service runs teams and classes.
type Service struct {
	store    lms.Store
	units    *units.Registry
	auth     *auth.Service
	learning *learning.Service
	assess   *assess.Service
	validate *validation.Validator
	now      func() time.Time
}

// NewService returns a Service.
func NewService(store lms.Store, u *units.Registry, a *auth.Service, l *learning.Service, as *assess.Service,
	v *validation.Validator, now func() time.Time) *Service {
	return &Service{store: store, units: u, auth: a, learning: l, assess: as, validate: v, now: now}
}

func (s *Service) clock() time.Time { return s.now().UTC().Truncate(time.Millisecond) }

// joinAlphabet leaves out letters and digits people confuse (0/O, 1/I/L).
const joinAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

func randomCode(alphabet string, n int) string {
	b := make([]byte, n)
	for i := range b {
		k, _ := rand.Int(rand.Reader, big.NewInt(int64(len(alphabet))))
		b[i] = alphabet[k.Int64()]
	}
	return string(b)
}

func errNoClass() *lms.Error {
	return lms.Errorf(lms.ENOTFOUND, "Không tìm thấy lớp này.", "There is no such class.")
}

func errNoTeam() *lms.Error {
	return lms.Errorf(lms.ENOTFOUND, "Không tìm thấy đội này.", "There is no such team.")
}

func isStaff(u *lms.User) bool { return u.Role != lms.RoleLearner }

// inScope reports whether an official or admin's unit covers unit.
func (s *Service) inScope(u *lms.User, unit string) bool {
	return (u.Role == lms.RoleOfficial || u.Role == lms.RoleAdmin) && s.units.Contains(u.UnitCode, unit)
}

// CanManage reports whether u runs class c: one of its trainers, or the
// leader of its team.
func (s *Service) CanManage(ctx context.Context, u *lms.User, c *lms.Class) bool {
	if slices.Contains(c.TrainerIDs, u.ID) {
		return true
	}
	t, err := s.store.TeamByID(ctx, c.TeamID)
	return err == nil && t.LeaderID == u.ID
}

// CanView reports whether u may see class c and its learners: those who
// manage it, and officials of its unit or above.
func (s *Service) CanView(ctx context.Context, u *lms.User, c *lms.Class) bool {
	return s.CanManage(ctx, u, c) || s.inScope(u, c.UnitCode)
}

// Class returns a class u may see. ENOTFOUND otherwise, so class ids
// cannot be probed.
func (s *Service) Class(ctx context.Context, u *lms.User, id string) (*lms.Class, error) {
	c, err := s.store.ClassByID(ctx, id)
	if err != nil || !s.CanView(ctx, u, c) {
		return nil, errNoClass()
	}
	return c, nil
}

// managed returns a class u runs. ENOTFOUND otherwise.
func (s *Service) managed(ctx context.Context, u *lms.User, id string) (*lms.Class, error) {
	c, err := s.store.ClassByID(ctx, id)
	if err != nil || !s.CanManage(ctx, u, c) {
		return nil, errNoClass()
	}
	return c, nil
}

// TrainsLearner reports whether viewer runs a class that learnerID is in:
// then the trainer may see the learner's account, phone included.
func (s *Service) TrainsLearner(ctx context.Context, viewer *lms.User, learnerID string) bool {
	if !isStaff(viewer) {
		return false
	}
	es, err := s.store.EnrolmentsOf(ctx, learnerID)
	if err != nil {
		return false
	}
	for _, e := range es {
		if c, err := s.store.ClassByID(ctx, e.ClassID); err == nil && s.CanManage(ctx, viewer, c) {
			return true
		}
	}
	return false
}
