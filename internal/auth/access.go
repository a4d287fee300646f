package auth

import (
	"context"

	"github.com/hocvuso/hocvuso/internal/lms"
)

// Visibility says how much of an account a viewer may see.
type Visibility int

// Visibility levels.
const (
	Hidden Visibility = iota // not at all: the account looks like it does not exist
	Masked                   // the account, with the phone masked
	Full                     // everything but the secret hash
)

// VisibilityOf returns what viewer may see of u. A user sees themselves in
// full; an official or admin sees accounts in their unit and below, with
// phones masked. Trainers see their own classes' learners, which the cohort
// capability decides; here they see no one else.
func (s *Service) VisibilityOf(viewer, u *lms.User) Visibility {
	switch {
	case viewer.ID == u.ID:
		return Full
	case (viewer.Role == lms.RoleOfficial || viewer.Role == lms.RoleAdmin) && s.units.Contains(viewer.UnitCode, u.UnitCode):
		return Masked
	}
	return Hidden
}

// UserFor returns the account id as viewer may see it. ENOTFOUND both when
// it does not exist and when viewer may not see it, so that ids cannot be
// probed.
func (s *Service) UserFor(ctx context.Context, viewer *lms.User, id string) (*lms.User, Visibility, error) {
	u, err := s.store.UserByID(ctx, id)
	if err != nil {
		return nil, Hidden, err
	}
	v := s.VisibilityOf(viewer, u)
	if v == Hidden {
		return nil, Hidden, errNotFound()
	}
	return u, v, nil
}

// UserByID returns an account; callers check visibility first.
func (s *Service) UserByID(ctx context.Context, id string) (*lms.User, error) {
	return s.store.UserByID(ctx, id)
}
