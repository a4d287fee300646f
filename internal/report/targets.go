package report

import (
	"context"
	"slices"
	"sort"
	"time"

	"github.com/hocvuso/hocvuso/internal/lms"
)

// Metrics a target can be set for, in the order pages offer them.
var Metrics = []string{lms.MetricCertificates, lms.MetricLearnersReached, lms.MetricPeopleSupported, lms.MetricCertifiedAdults}

// AdultAge is the age from which a learner counts as an adult in a share
// target, reached in the period's last year.
const AdultAge = 18

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
	Goal   int    `json:"goal"`           // a count; for certified_adults a percentage
	Base   int    `json:"base,omitempty"` // certified_adults only: the unit's adults, from the official's statistics
}

// TargetProgress is a target with what has been done towards it.
type TargetProgress struct {
	Unit     string   `json:"unit"`
	Label    lms.Text `json:"label"`
	Metric   string   `json:"metric"`
	From     string   `json:"from"`
	To       string   `json:"to"`
	Goal     int      `json:"goal"`            // a count; a percentage of Base for certified_adults
	Base     int      `json:"base,omitempty"`  // certified_adults: the people the percentage is of
	Actual   int      `json:"actual"`          // a count, also for certified_adults
	Share    int      `json:"share,omitempty"` // certified_adults: Actual of Base, whole percent rounded down
	Percent  int      `json:"percent"`         // of the goal, whole percent (may pass 100)
	Expected int      `json:"expected"`        // what an even pace would have reached by today (a percentage for certified_adults)
	Status   string   `json:"status"`
}

// SetTarget stores an official's target for a unit they oversee. Bad input
// is EINVALID naming the field; a unit outside their scope is ENOTFOUND.
func (s *Service) SetTarget(ctx context.Context, viewer *lms.User, in TargetInput) (*lms.Target, error) {
	if viewer == nil || !s.mayView(viewer, in.Unit) {
		return nil, errNoReport()
	}
	if !slices.Contains(Metrics, in.Metric) {
		return nil, invalidField("report: set target", "metric", "Hãy chọn chỉ tiêu: chứng nhận đã cấp, người học được tiếp cận, lượt người được hỗ trợ hoặc tỉ lệ người lớn có chứng nhận.",
			"Choose what to count: certificates issued, learners reached, people supported or the share of adults certified.")
	}
	if in.From == "" || in.To == "" {
		return nil, invalidField("report: set target", "from", "Hãy nhập cả ngày đầu và ngày cuối của kỳ.", "Enter both the first and the last day of the period.")
	}
	if _, _, err := s.period(CampaignQuery{From: in.From, To: in.To}); err != nil {
		return nil, err
	}
	if in.Metric == lms.MetricCertifiedAdults {
		if in.Goal < 1 || in.Goal > 100 {
			return nil, invalidField("report: set target", "goal", "Với chỉ tiêu người lớn có chứng nhận, hãy nhập tỉ lệ phần trăm từ 1 đến 100, ví dụ 50.",
				"For certified adults, enter a percentage from 1 to 100, for example 50.")
		}
		if in.Base < 1 || in.Base > MaxGoal {
			return nil, invalidField("report: set target", "base", "Hãy nhập số người từ 18 tuổi trở lên của đơn vị theo số liệu của địa phương (từ 1 đến 10.000.000).",
				"Enter how many people aged 18 and over the unit has, from your local statistics (1 to 10,000,000).")
		}
	} else {
		if in.Goal < 1 || in.Goal > MaxGoal {
			return nil, invalidField("report: set target", "goal", "Chỉ tiêu phải là số từ 1 đến 10.000.000.", "The goal must be a number from 1 to 10,000,000.")
		}
		in.Base = 0 // only a share has one
	}
	t := &lms.Target{UnitCode: in.Unit, Metric: in.Metric, From: in.From, To: in.To, Goal: in.Goal, Base: in.Base, SetBy: viewer.ID, SetAt: s.clock()}
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
	figures := map[string]*Campaign{}        // by from|to
	certified := map[string]map[string]int{} // by from|to, then commune
	today := s.clock().In(vietnam).Format(time.DateOnly)
	var out []*TargetProgress
	for _, t := range ts {
		key := t.From + "|" + t.To
		p := &TargetProgress{Unit: t.UnitCode, Label: s.unitLabel(t.UnitCode), Metric: t.Metric, From: t.From, To: t.To, Goal: t.Goal, Base: t.Base}
		progress := 0 // what the goal is in: a count, or a share's percentage
		if t.Metric == lms.MetricCertifiedAdults {
			byCommune := certified[key]
			if byCommune == nil {
				if byCommune, err = s.certifiedAdults(ctx, unit, t, today); err != nil {
					return nil, err
				}
				certified[key] = byCommune
			}
			for _, c := range s.communesOf(t.UnitCode) {
				p.Actual += byCommune[c]
			}
			p.Share = p.Actual * 100 / t.Base
			progress = p.Share
		} else {
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
			switch t.Metric {
			case lms.MetricCertificates:
				p.Actual = row.Certificates
			case lms.MetricLearnersReached:
				p.Actual = row.LearnersReached
			case lms.MetricPeopleSupported:
				p.Actual = row.PeopleSupported
			}
			progress = p.Actual
		}
		p.Percent = progress * 100 / t.Goal
		p.Expected, p.Status = pace(t, progress, today)
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

// certifiedAdults counts, per commune of unit, the learners aged AdultAge
// or more in the period's last year whose first valid certificate was
// issued by the period's end (or today, if earlier).
func (s *Service) certifiedAdults(ctx context.Context, unit string, t *lms.Target, today string) (map[string]int, error) {
	s.drain(ctx)
	end := t.To
	if today < end {
		end = today
	}
	day, err := time.ParseInLocation(time.DateOnly, end, vietnam)
	if err != nil {
		return nil, lms.Internal("report: target period", err)
	}
	to, _ := time.ParseInLocation(time.DateOnly, t.To, vietnam)
	return s.store.CertifiedLearners(ctx, s.communesOf(unit), to.Year()-AdultAge, lms.DayNumber(day))
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
