package cohort

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/hocvuso/hocvuso/internal/auth"
	"github.com/hocvuso/hocvuso/internal/lms"
	"github.com/hocvuso/hocvuso/internal/validation"
)

// ClassInput creates a class.
type ClassInput struct {
	TeamID   string      `json:"team_id" validate:"required"`
	Name     string      `json:"name" validate:"required,min=3,max=120"`
	UnitCode string      `json:"unit_code" validate:"required,commune"`
	Place    string      `json:"place" validate:"max=200"`
	Sessions []time.Time `json:"sessions" validate:"max=50"`
	Courses  []string    `json:"courses" validate:"required,min=1"`
	Capacity int         `json:"capacity" validate:"min=1,max=500"`
}

// CreateClass creates a class of team in.TeamID, taught by u, who must be
// a member of the team. Its join code is generated.
func (s *Service) CreateClass(ctx context.Context, u *lms.User, in ClassInput) (*lms.Class, error) {
	ms, err := s.store.MembershipsOf(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	member := false
	for _, m := range ms {
		member = member || m.TeamID == in.TeamID
	}
	if !member {
		return nil, errNoTeam()
	}
	in.Name, in.Place = strings.TrimSpace(in.Name), strings.TrimSpace(in.Place)
	if err := s.validate.Struct(in); err != nil {
		return nil, err
	}
	for _, slug := range in.Courses {
		if _, ok := s.learning.Catalog().Course(slug); !ok {
			return nil, validation.FieldInvalid("courses", lms.Text{VI: "Không có khóa học " + slug + ".", EN: "There is no course " + slug + "."})
		}
	}
	now := s.clock()
	c := &lms.Class{ID: auth.NewID(), TeamID: in.TeamID, Name: in.Name, UnitCode: in.UnitCode, Place: in.Place,
		Courses: in.Courses, TrainerIDs: []string{u.ID}, Capacity: in.Capacity, Status: lms.ClassPlanned,
		CreatedBy: u.ID, CreatedAt: now, UpdatedAt: now}
	for i, at := range in.Sessions {
		c.Sessions = append(c.Sessions, lms.ClassSession{ID: "s" + strconv.Itoa(i+1), Starts: at.UTC()})
	}
	for try := 0; try < 5; try++ {
		c.JoinCode = randomCode(joinAlphabet, 6)
		err = s.store.CreateClass(ctx, c)
		if lms.ErrorCode(err) != lms.ECONFLICT {
			break
		}
	}
	return c, err
}

// SetStatus moves a class between planned, running and finished.
func (s *Service) SetStatus(ctx context.Context, u *lms.User, classID, status string) (*lms.Class, error) {
	c, err := s.managed(ctx, u, classID)
	if err != nil {
		return nil, err
	}
	if status != lms.ClassPlanned && status != lms.ClassRunning && status != lms.ClassFinished {
		return nil, validation.FieldInvalid("status", lms.Text{VI: "Trạng thái phải là planned, running hoặc finished.", EN: "The status must be planned, running or finished."})
	}
	c.Status, c.UpdatedAt = status, s.clock()
	return c, s.store.UpdateClass(ctx, c)
}

// MyClasses lists the classes of every team u belongs to that u may see.
func (s *Service) MyClasses(ctx context.Context, u *lms.User) ([]*lms.Class, error) {
	teams, err := s.MyTeams(ctx, u)
	if err != nil {
		return nil, err
	}
	var out []*lms.Class
	for _, t := range teams {
		cs, err := s.store.ClassesByTeam(ctx, t.ID)
		if err != nil {
			return nil, err
		}
		for _, c := range cs {
			if s.CanManage(ctx, u, c) {
				out = append(out, c)
			}
		}
	}
	return out, nil
}
