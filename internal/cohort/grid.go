package cohort

import (
	"context"
	"time"

	"github.com/hocvuso/hocvuso/internal/assess"
	"github.com/hocvuso/hocvuso/internal/content"
	"github.com/hocvuso/hocvuso/internal/lms"
	"github.com/hocvuso/hocvuso/internal/phone"
)

// InactiveAfter is how long without activity marks a learner as stuck.
const InactiveAfter = 7 * 24 * time.Hour

// Reasons a learner is stuck, as the grid flags them.
const (
	StuckNeverStarted = "never_started"
	StuckInactive     = "inactive"
	StuckFailedTwice  = "failed_final_twice"
)

// Grid is a class's learners × the lessons and quizzes of its courses.
type Grid struct {
	Class    *lms.Class
	Courses  []*content.Course
	Sessions []lms.ClassSession
	Rows     []*GridRow
}

// GridRow is one learner of the class.
type GridRow struct {
	User       *lms.User
	Phone      string                     // full for the class's trainers, masked for officials
	Done       map[string]map[string]bool // course → lesson → completed
	Final      map[string]*lms.Attempt    // course → the counted final attempt
	Failed     map[string]int             // course → failed final attempts
	Present    map[string]bool            // session → present
	LastActive time.Time
	Stuck      []string
}

// Grid builds the class view trainers and officials read. Officials see
// phones masked; the class's trainers see them in full.
func (s *Service) Grid(ctx context.Context, viewer *lms.User, classID string) (*Grid, error) {
	c, err := s.Class(ctx, viewer, classID)
	if err != nil {
		return nil, err
	}
	manager := s.CanManage(ctx, viewer, c)
	g := &Grid{Class: c, Sessions: c.Sessions}
	for _, slug := range c.Courses {
		if co, ok := s.learning.Catalog().Course(slug); ok {
			g.Courses = append(g.Courses, co)
		}
	}
	es, err := s.store.Enrolments(ctx, classID)
	if err != nil {
		return nil, err
	}
	marks, err := s.store.AttendanceOf(ctx, classID)
	if err != nil {
		return nil, err
	}
	now := s.clock()
	for _, e := range es {
		u, err := s.store.UserByID(ctx, e.UserID)
		if err != nil {
			continue
		}
		row := &GridRow{User: u, Phone: phone.Mask(u.Phone), Done: map[string]map[string]bool{}, Final: map[string]*lms.Attempt{},
			Failed: map[string]int{}, Present: map[string]bool{}, LastActive: e.At}
		if manager {
			row.Phone = phone.Local(u.Phone)
		}
		progress, err := s.learning.Progress(ctx, u)
		if err != nil {
			return nil, err
		}
		started := false
		for _, p := range progress {
			if !contains(c.Courses, p.Course.Slug) {
				continue
			}
			row.Done[p.Course.Slug] = map[string]bool{}
			for id, at := range p.Completed {
				row.Done[p.Course.Slug][id] = true
				row.LastActive = later(row.LastActive, at)
			}
			for _, a := range p.Attempts {
				row.LastActive = later(row.LastActive, a.UpdatedAt)
				if a.Kind == content.QuizFinal && a.Status == lms.AttemptSubmitted && !a.Passed {
					row.Failed[p.Course.Slug]++
				}
			}
			if p.Last != nil || len(p.Completed) > 0 || len(p.Attempts) > 0 {
				started = true
			}
			if f := p.Course.FinalQuiz(); f != nil {
				row.Final[p.Course.Slug] = assess.Counted(f, p.Attempts)
			}
			if row.Failed[p.Course.Slug] >= 2 && (row.Final[p.Course.Slug] == nil || !row.Final[p.Course.Slug].Passed) {
				row.Stuck = append(row.Stuck, StuckFailedTwice)
			}
		}
		for _, m := range marks {
			if m.UserID == u.ID {
				row.Present[m.SessionID] = m.Present
			}
		}
		switch {
		case !started:
			row.Stuck = append(row.Stuck, StuckNeverStarted)
		case now.Sub(row.LastActive) > InactiveAfter:
			row.Stuck = append(row.Stuck, StuckInactive)
		}
		g.Rows = append(g.Rows, row)
	}
	return g, nil
}

// ItemStatistics is a quiz's item statistics over this class's learners.
func (s *Service) ItemStatistics(ctx context.Context, viewer *lms.User, classID, quizID string) ([]assess.ItemStats, int, error) {
	c, err := s.Class(ctx, viewer, classID)
	if err != nil {
		return nil, 0, err
	}
	es, err := s.store.Enrolments(ctx, c.ID)
	if err != nil {
		return nil, 0, err
	}
	learners := map[string]bool{}
	for _, e := range es {
		learners[e.UserID] = true
	}
	return s.assess.ItemStatistics(ctx, quizID, learners)
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
