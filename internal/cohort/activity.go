package cohort

import (
	"context"
	"strings"
	"time"

	"github.com/hocvuso/hocvuso/internal/lms"
)

// ActivityInput is a support activity a trainer logs.
type ActivityInput struct {
	ID         string   `json:"id" validate:"required,min=8,max=64"` // chosen by the phone, so a retry counts once
	TeamID     string   `json:"team_id"`
	Kind       string   `json:"kind" validate:"required,oneof=vneid dossier health-insurance scam-report phone-setup other"`
	Date       string   `json:"date" validate:"required,datetime=2006-01-02"`
	UnitCode   string   `json:"unit_code" validate:"required,commune"`
	People     int      `json:"people" validate:"min=1,max=1000"`
	LearnerIDs []string `json:"learner_ids" validate:"max=1000"`
	Note       string   `json:"note" validate:"max=500"`
}

// LogActivity records help given outside courses: the campaign figures.
// created is false when the same id was logged before (a retry).
func (s *Service) LogActivity(ctx context.Context, trainer *lms.User, in ActivityInput) (*lms.Activity, bool, error) {
	if !isStaff(trainer) {
		return nil, false, lms.Errorf(lms.EFORBIDDEN, "Chỉ người hướng dẫn mới ghi hoạt động hỗ trợ.", "Only trainers log support activities.")
	}
	in.Note = strings.TrimSpace(in.Note)
	if err := s.validate.Struct(in); err != nil {
		return nil, false, err
	}
	day, _ := time.Parse("2006-01-02", in.Date)
	if day.After(s.clock()) || day.Before(s.clock().AddDate(-1, 0, 0)) {
		return nil, false, lms.Errorf(lms.EINVALID, "Ngày phải trong vòng một năm qua, không phải ngày mai.", "The date must be within the past year, not in the future.")
	}
	if in.TeamID != "" {
		if _, err := s.store.TeamByID(ctx, in.TeamID); err != nil {
			return nil, false, errNoTeam()
		}
	}
	a := &lms.Activity{ID: in.ID, TrainerID: trainer.ID, TeamID: in.TeamID, Kind: in.Kind, Date: day, UnitCode: in.UnitCode,
		People: max(in.People, len(in.LearnerIDs)), LearnerIDs: in.LearnerIDs, Note: in.Note, CreatedAt: s.clock()}
	created, err := s.store.LogActivity(ctx, a)
	return a, created, err
}

// MyActivities lists what the trainer logged, newest first.
func (s *Service) MyActivities(ctx context.Context, trainer *lms.User) ([]*lms.Activity, error) {
	return s.store.ActivitiesByTrainer(ctx, trainer.ID)
}
