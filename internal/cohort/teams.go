package cohort

import (
	"context"
	"strings"
	"time"

	"github.com/hocvuso/hocvuso/internal/auth"
	"github.com/hocvuso/hocvuso/internal/lms"
	"github.com/hocvuso/hocvuso/internal/phone"
	"github.com/hocvuso/hocvuso/internal/validation"
)

// TeamInput creates a team.
type TeamInput struct {
	Name     string `json:"name" validate:"required,min=3,max=120"`
	UnitCode string `json:"unit_code" validate:"required,unit"`
}

// CreateTeam creates a team led by u, a trainer, official or admin.
// EFORBIDDEN for learners; EINVALID for bad fields.
func (s *Service) CreateTeam(ctx context.Context, u *lms.User, in TeamInput) (*lms.Team, error) {
	if !isStaff(u) {
		return nil, lms.Errorf(lms.EFORBIDDEN, "Chỉ người hướng dẫn mới lập được đội.", "Only trainers can create a team.")
	}
	in.Name = strings.TrimSpace(in.Name)
	if err := s.validate.Struct(in); err != nil {
		return nil, err
	}
	t := &lms.Team{ID: auth.NewID(), Name: in.Name, UnitCode: in.UnitCode, LeaderID: u.ID, CreatedAt: s.clock()}
	if err := s.store.CreateTeam(ctx, t); err != nil {
		return nil, err
	}
	return t, s.store.AddTeamMember(ctx, &lms.TeamMember{TeamID: t.ID, UserID: u.ID, Role: lms.TeamLeader, JoinedAt: t.CreatedAt})
}

// MyTeams lists the teams u belongs to.
func (s *Service) MyTeams(ctx context.Context, u *lms.User) ([]*lms.Team, error) {
	ms, err := s.store.MembershipsOf(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	var out []*lms.Team
	for _, m := range ms {
		if t, err := s.store.TeamByID(ctx, m.TeamID); err == nil {
			out = append(out, t)
		}
	}
	return out, nil
}

// Invite creates a one-time code with which the trainer owning phone
// joins the team; only the leader invites. The code is shown to the
// leader, who passes it on (by SMS or in person).
func (s *Service) Invite(ctx context.Context, leader *lms.User, teamID, rawPhone string) (*lms.Invite, error) {
	t, err := s.store.TeamByID(ctx, teamID)
	if err != nil || t.LeaderID != leader.ID {
		return nil, errNoTeam()
	}
	p, ok := phone.Normalize(rawPhone)
	if !ok {
		return nil, validation.FieldInvalid("phone", lms.Text{VI: "Số điện thoại không đúng.", EN: "This phone number is not valid."})
	}
	for try := 0; try < 5; try++ {
		inv := &lms.Invite{Code: randomCode("0123456789", 6), TeamID: teamID, Phone: p, CreatedBy: leader.ID, ExpiresAt: s.clock().Add(24 * time.Hour)}
		err = s.store.CreateInvite(ctx, inv)
		if lms.ErrorCode(err) != lms.ECONFLICT {
			return inv, err
		}
	}
	return nil, err
}

// AcceptInvite adds u to the invited team as a trainer, once, if the code
// was made for u's phone and has not expired. A learner account becomes a
// trainer account. ENOTFOUND for any other code.
func (s *Service) AcceptInvite(ctx context.Context, u *lms.User, code string) (*lms.Team, error) {
	bad := lms.Errorf(lms.ENOTFOUND, "Mã mời không đúng, đã dùng hoặc đã hết hạn.", "The invitation code is wrong, used or expired.")
	code = strings.TrimSpace(code)
	if len(code) != 6 {
		return nil, bad
	}
	inv, err := s.store.UseInvite(ctx, code, u.ID, s.clock())
	if err != nil {
		return nil, bad
	}
	if inv.Phone != u.Phone {
		return nil, bad
	}
	if err := s.store.AddTeamMember(ctx, &lms.TeamMember{TeamID: inv.TeamID, UserID: u.ID, Role: lms.TeamTrainer, JoinedAt: s.clock()}); err != nil {
		return nil, err
	}
	if u.Role == lms.RoleLearner {
		next := *u
		next.Role, next.UpdatedAt = lms.RoleTrainer, s.clock()
		if err := s.store.UpdateUser(ctx, &next); err != nil {
			return nil, err
		}
	}
	return s.store.TeamByID(ctx, inv.TeamID)
}
