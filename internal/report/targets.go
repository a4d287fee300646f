package report

import (
	"context"
	"slices"
	"sort"
	"time"

	"github.com/hocvuso/hocvuso/internal/lms"
)

// Metrics a target can be set for, in the order pages offer them.
var Metrics = []string{lms.MetricCertificates, lms.MetricLearnersReached, lms.MetricPeopleSupported}

// MaxGoal bounds a goal: more than any province's population.
const MaxGoal = 10_000_000

// Target statuses.
const (
	StatusUpcoming = "upcoming" // the period has not begun
	StatusOnTrack  = "on_track" // at or ahead of an even pace to the goal
	StatusBehind   = "behind"   // below that pace: the unit lags
	StatusMet      = "met"      // the goal is reached
	StatusMissed   = "missed"   // the period ended short of the goal
)

// TargetInput is an official's goal as typed.
type TargetInput struct {
	Unit   string `json:"unit"`
	Metric string `json:"metric"`
	From   string `json:"from"`
	To     string `json:"to"`
	Goal   int    `json:"goal"`
}

// TargetProgress is a target with what has been done towards it.
type TargetProgress struct {
	Unit     string   `json:"unit"`
	Label    lms.Text `json:"label"`
	Metric   string   `json:"metric"`
	From     string   `json:"from"`
	To       string   `json:"to"`
	Goal     int      `json:"goal"`
	Actual   int      `json:"actual"`
	Percent  int      `json:"percent"`  // of the goal, whole percent (may pass 100)
	Expected int      `json:"expected"` // what an even pace would have reached by today
	Status   string   `json:"status"`
}

// SetTarget stores an official's target for a unit they oversee. Bad input
// is EINVALID naming the field; a unit outside their scope is ENOTFOUND.
func (s *Service) SetTarget(ctx context.Context, viewer *lms.User, in TargetInput) (*lms.Target, error) {
	if viewer == nil || !s.mayView(viewer, in.Unit) {
		return nil, errNoReport()
	}
	if !slices.Contains(Metrics, in.Metric) {
		return nil, invalidField("report: set target", "metric", "Hãy chọn chỉ tiêu: chứng nhận đã cấp, người học được tiếp cận hoặc lượt người được hỗ trợ.",
			"Choose what to count: certificates issued, learners reached or people supported.")
	}
	if in.From == "" || in.To == "" {
		return nil, invalidField("report: set target", "from", "Hãy nhập cả ngày đầu và ngày cuối của kỳ.", "Enter both the first and the last day of the period.")
	}
	if _, _, err := s.period(CampaignQuery{From: in.From, To: in.To}); err != nil {
		return nil, err
	}
	if in.Goal < 1 || in.Goal > MaxGoal {
		return nil, invalidField("report: set target", "goal", "Chỉ tiêu phải là số từ 1 đến 10.000.000.", "The goal must be a number from 1 to 10,000,000.")
	}
	t := &lms.Target{UnitCode: in.Unit, Metric: in.Metric, From: in.From, To: in.To, Goal: in.Goal, SetBy: viewer.ID, SetAt: s.clock()}
	if err := s.store.PutTarget(ctx, t); err != nil {
		return nil, err
	}
	return t, nil
}

// Targets lists the targets of unit and of the units under it with their
// progress, those that lag first.
func (s *Service) Targets(ctx context.Context, viewer *lms.User, unit string) ([]*TargetProgress, error) {
	if viewer == nil {
		return nil, errNoReport()
	}
	if unit == "" {
		unit = viewer.UnitCode
	}
	if !s.mayView(viewer, unit) {
		return nil, errNoReport()
	}
	units := s.communesOf(unit)
	if s.units.IsProvince(unit) {
		units = append(units, unit)
	}
	ts, err := s.store.TargetsInUnits(ctx, units)
	if err != nil {
		return nil, err
	}
	// One campaign computation per period, for the unit asked about: its
	// total serves the unit's own targets and its rows the communes'
	// (a commune's row is its figures, learners reached included).
	figures := map[string]*Campaign{} // by from|to
	today := s.clock().In(vietnam).Format(time.DateOnly)
	var out []*TargetProgress
	for _, t := range ts {
		key := t.From + "|" + t.To
		c := figures[key]
		if c == nil {
			if c, err = s.Campaign(ctx, viewer, CampaignQuery{Unit: unit, From: t.From, To: t.To}); err != nil {
				return nil, err
			}
			figures[key] = c
		}
		row := c.Total
		if t.UnitCode != unit {
			for _, r := range c.Rows {
				if r.Key == t.UnitCode {
					row = r
				}
			}
		}
		p := &TargetProgress{Unit: t.UnitCode, Label: s.unitLabel(t.UnitCode), Metric: t.Metric, From: t.From, To: t.To, Goal: t.Goal}
		switch t.Metric {
		case lms.MetricCertificates:
			p.Actual = row.Certificates
		case lms.MetricLearnersReached:
			p.Actual = row.LearnersReached
		case lms.MetricPeopleSupported:
			p.Actual = row.PeopleSupported
		}
		p.Percent = p.Actual * 100 / t.Goal
		p.Expected, p.Status = pace(t, p.Actual, today)
		out = append(out, p)
	}
	rank := map[string]int{StatusBehind: 0, StatusMissed: 1, StatusOnTrack: 2, StatusUpcoming: 3, StatusMet: 4}
	sort.SliceStable(out, func(i, j int) bool {
		if rank[out[i].Status] != rank[out[j].Status] {
			return rank[out[i].Status] < rank[out[j].Status]
		}
		return out[i].Label.VI < out[j].Label.VI
	})
	return out, nil
}

// pace compares actual with an even pace from the first day to the goal on
// the last: by the end of day k of n, k/n of the goal, rounded down.
func pace(t *lms.Target, actual int, today string) (expected int, status string) {
	from, _ := time.Parse(time.DateOnly, t.From)
	to, _ := time.Parse(time.DateOnly, t.To)
	now, _ := time.Parse(time.DateOnly, today)
	total := int(to.Sub(from).Hours()/24) + 1
	elapsed := min(max(int(now.Sub(from).Hours()/24)+1, 0), total)
	expected = t.Goal * elapsed / total
	switch {
	case actual >= t.Goal:
		return expected, StatusMet
	case elapsed == 0:
		return expected, StatusUpcoming
	case now.After(to):
		return expected, StatusMissed
	case actual < expected:
		return expected, StatusBehind
	}
	return expected, StatusOnTrack
}
