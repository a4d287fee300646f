package report

import (
	"context"
	"maps"
	"slices"
	"sort"
	"time"

	"github.com/hocvuso/hocvuso/internal/lms"
)

// vietnam is the time zone periods and days are counted in: an activity at
// 06:00 on 1 October belongs to 1 October, not to 30 September UTC.
var vietnam = time.FixedZone("ICT", 7*3600)

// MaxPeriodDays bounds a campaign period, so one request cannot ask for
// decades of figures.
const MaxPeriodDays = 366

// CampaignQuery chooses campaign figures: a unit and a period of whole
// days, both ends included, in Vietnam time.
type CampaignQuery struct {
	Unit     string // a province or commune; the viewer's unit when empty
	From, To string // YYYY-MM-DD; To defaults to today, From to the first of To's month
}

// CampaignRow is one unit's figures for the period, as a province reports
// them monthly.
type CampaignRow struct {
	Key             string   `json:"key"`
	Label           lms.Text `json:"label"`
	Teams           int      `json:"teams"`            // volunteer teams formed by the end of the period
	ClassesHeld     int      `json:"classes_held"`     // classes with a session in the period
	Sessions        int      `json:"sessions"`         // class sessions in the period
	Participations  int      `json:"participations"`   // volunteer turns: each trainer at each session, and each activity logged
	Activities      int      `json:"activities"`       // support activities logged
	PeopleSupported int      `json:"people_supported"` // people helped by those activities (lượt)
	LearnersReached int      `json:"learners_reached"` // distinct learners in the classes held or named in activities
	Certificates    int      `json:"certificates"`     // certificates issued
	reached         map[string]bool
}

// TrendPoint is one day's or week's counts.
type TrendPoint struct {
	Start        string `json:"start"` // YYYY-MM-DD; a week starts on Monday
	Sessions     int    `json:"sessions"`
	Activities   int    `json:"activities"`
	People       int    `json:"people_supported"`
	Certificates int    `json:"certificates"`
}

// Campaign is the campaign figures of a unit for a period.
type Campaign struct {
	Unit  string         `json:"unit"`
	From  string         `json:"from"`
	To    string         `json:"to"`
	Rows  []*CampaignRow `json:"rows"`
	Total *CampaignRow   `json:"total"`
	Days  []*TrendPoint  `json:"days"`
	Weeks []*TrendPoint  `json:"weeks"`
	// Pending is set, as on the completion report, when people's changes
	// were still waiting to be counted when the request's budget ran out.
	Pending bool `json:"pending,omitempty"`
}

// Campaign computes campaign figures for viewer, with the same scope rule as
// Completion.
func (s *Service) Campaign(ctx context.Context, viewer *lms.User, q CampaignQuery) (*Campaign, error) {
	if viewer == nil {
		return nil, errNoReport()
	}
	if q.Unit == "" {
		q.Unit = viewer.UnitCode
	}
	from, to, err := s.period(q)
	if err != nil {
		return nil, err
	}
	if !s.mayView(viewer, q.Unit) {
		return nil, errNoReport()
	}
	if cr, ok := s.store.(lms.CampaignRollupStore); ok {
		pending := s.drain(ctx)
		c, err := s.campaignRolledUp(ctx, cr, q.Unit, from, to)
		if c != nil {
			c.Pending = pending
		}
		return c, err
	}
	return s.campaignExact(ctx, q.Unit, from, to)
}

// campaignTable builds a Campaign: a row per commune, the total, and the
// days of the trend.
type campaignTable struct {
	out  *Campaign
	rows map[string]*CampaignRow
	days map[string]*TrendPoint
}

func (s *Service) newCampaignTable(unit string, communes []string, from, to time.Time) *campaignTable {
	b := &campaignTable{rows: map[string]*CampaignRow{}, days: map[string]*TrendPoint{},
		out: &Campaign{Unit: unit, From: from.Format(time.DateOnly), To: to.Format(time.DateOnly),
			Total: &CampaignRow{Key: "total", Label: lms.Text{VI: "Tổng", EN: "Total"}, reached: map[string]bool{}}}}
	for _, c := range communes {
		b.rows[c] = &CampaignRow{Key: c, Label: s.unitLabel(c), reached: map[string]bool{}}
	}
	return b
}

// point is the trend point of t's day in Vietnam.
func (b *campaignTable) point(t time.Time) *TrendPoint {
	d := t.In(vietnam).Format(time.DateOnly)
	p := b.days[d]
	if p == nil {
		p = &TrendPoint{Start: d}
		b.days[d] = p
	}
	return p
}

// both applies f to the unit's row and the total, for units in the table.
func (b *campaignTable) both(unit string, f func(r *CampaignRow)) {
	if r := b.rows[unit]; r != nil {
		f(r)
		f(b.out.Total)
	}
}

// teamsAndActivities adds what both ways read from the records: teams
// formed by the end of the period, and the support activities in it.
// reach says whether the people activities name go into the learners
// reached (the roll-up counts them itself).
func (s *Service) teamsAndActivities(ctx context.Context, b *campaignTable, communes []string, from, end time.Time, reach bool) error {
	teams, err := s.store.TeamsInUnits(ctx, communes)
	if err != nil {
		return err
	}
	for _, t := range teams {
		if t.CreatedAt.Before(end) {
			b.both(t.UnitCode, func(r *CampaignRow) { r.Teams++ })
		}
	}
	acts, err := s.store.ActivitiesInUnits(ctx, communes, from, end)
	if err != nil {
		return err
	}
	for _, a := range acts {
		if b.rows[a.UnitCode] == nil {
			continue
		}
		p := b.point(a.Date)
		p.Activities++
		p.People += a.People
		b.both(a.UnitCode, func(r *CampaignRow) {
			r.Activities++
			r.Participations++
			r.PeopleSupported += a.People
			if reach {
				for _, id := range a.LearnerIDs {
					r.reached[id] = true
				}
			}
		})
	}
	return nil
}

// finish lists the rows in name order and the trend. LearnersReached is
// already set: counted from the reached sets by campaignExact, read from
// the store by campaignRolledUp.
func (b *campaignTable) finish(from, to time.Time) *Campaign {
	for _, r := range b.rows {
		b.out.Rows = append(b.out.Rows, r)
	}
	sort.Slice(b.out.Rows, func(i, j int) bool { return b.out.Rows[i].Label.VI < b.out.Rows[j].Label.VI })
	b.out.Days, b.out.Weeks = trend(b.days, from, to)
	return b.out
}

// campaignExact computes the campaign figures from the records: what
// verify checks the roll-up against, and how they are computed on stores
// that keep no campaign roll-up.
func (s *Service) campaignExact(ctx context.Context, unit string, from, to time.Time) (*Campaign, error) {
	communes := s.communesOf(unit)
	end := to.AddDate(0, 0, 1) // the period is [from, end)
	b := s.newCampaignTable(unit, communes, from, to)
	if err := s.teamsAndActivities(ctx, b, communes, from, end, true); err != nil {
		return nil, err
	}
	classes, err := s.store.ClassesInUnits(ctx, communes)
	if err != nil {
		return nil, err
	}
	for _, c := range classes {
		held := 0
		for _, ss := range c.Sessions {
			if ss.Starts.Before(from) || !ss.Starts.Before(end) {
				continue
			}
			held++
			b.point(ss.Starts).Sessions++
			b.both(c.UnitCode, func(r *CampaignRow) { r.Sessions++; r.Participations += len(c.TrainerIDs) })
		}
		if held == 0 {
			continue
		}
		es, err := s.store.Enrolments(ctx, c.ID)
		if err != nil {
			return nil, err
		}
		b.both(c.UnitCode, func(r *CampaignRow) {
			r.ClassesHeld++
			for _, e := range es {
				r.reached[e.UserID] = true
			}
		})
	}
	certs, err := s.store.CertificatesIssued(ctx, from, end)
	if err != nil {
		return nil, err
	}
	for _, c := range certs {
		if b.rows[c.UnitCode] != nil {
			b.point(c.IssuedAt).Certificates++
		}
		b.both(c.UnitCode, func(r *CampaignRow) { r.Certificates++ })
	}
	for _, r := range append(slices.Collect(maps.Values(b.rows)), b.out.Total) {
		r.LearnersReached = len(r.reached)
	}
	return b.finish(from, to), nil
}

// campaignRolledUp reads the sessions, certificates and people reached
// from the store's campaign roll-up, and teams and activities (a few per
// commune and month) from the records.
func (s *Service) campaignRolledUp(ctx context.Context, cr lms.CampaignRollupStore, unit string, from, to time.Time) (*Campaign, error) {
	communes := s.communesOf(unit)
	end := to.AddDate(0, 0, 1)
	b := s.newCampaignTable(unit, communes, from, to)
	if err := s.teamsAndActivities(ctx, b, communes, from, end, false); err != nil {
		return nil, err
	}
	counts, err := cr.CampaignCounts(ctx, communes, unit, lms.DayNumber(from), lms.DayNumber(to))
	if err != nil {
		return nil, err
	}
	for c, u := range counts.Units {
		b.both(c, func(r *CampaignRow) {
			r.ClassesHeld += u.ClassesHeld
			r.Sessions += u.Sessions
			r.Participations += u.TrainerTurns
			r.Certificates += u.Certificates
		})
		if r := b.rows[c]; r != nil {
			r.LearnersReached = u.Reached
		}
	}
	b.out.Total.LearnersReached = counts.Reached
	for d, n := range counts.Days {
		p := b.point(time.Unix(int64(d)*86400-7*3600, 0)) // the day's midnight in Vietnam
		p.Sessions += n.Sessions
		p.Certificates += n.Certificates
	}
	return b.finish(from, to), nil
}

// trend lists every day of the period (zeros included, so a chart shows
// the quiet days) and every week that overlaps it.
func trend(days map[string]*TrendPoint, from, to time.Time) (daily, weekly []*TrendPoint) {
	weeks := map[string]*TrendPoint{}
	for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
		key := d.Format(time.DateOnly)
		p := days[key]
		if p == nil {
			p = &TrendPoint{Start: key}
		}
		daily = append(daily, p)
		monday := d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7)).Format(time.DateOnly)
		w := weeks[monday]
		if w == nil {
			w = &TrendPoint{Start: monday}
			weeks[monday] = w
			weekly = append(weekly, w)
		}
		w.Sessions += p.Sessions
		w.Activities += p.Activities
		w.People += p.People
		w.Certificates += p.Certificates
	}
	return daily, weekly
}

// period reads q's dates: both days included, at most MaxPeriodDays.
func (s *Service) period(q CampaignQuery) (from, to time.Time, err error) {
	now := s.clock().In(vietnam)
	to = time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, vietnam)
	if q.To != "" {
		if to, err = time.ParseInLocation(time.DateOnly, q.To, vietnam); err != nil {
			return from, to, invalidField("report: period", "to", "Ngày cuối phải viết dạng năm-tháng-ngày, ví dụ 2026-10-31.", "Write the last day as year-month-day, for example 2026-10-31.")
		}
	}
	from = time.Date(to.Year(), to.Month(), 1, 0, 0, 0, 0, vietnam)
	if q.From != "" {
		if from, err = time.ParseInLocation(time.DateOnly, q.From, vietnam); err != nil {
			return from, to, invalidField("report: period", "from", "Ngày đầu phải viết dạng năm-tháng-ngày, ví dụ 2026-10-01.", "Write the first day as year-month-day, for example 2026-10-01.")
		}
	}
	switch {
	case to.Before(from):
		return from, to, invalidField("report: period", "to", "Ngày cuối phải sau hoặc trùng ngày đầu.", "The last day must not be before the first day.")
	case to.Sub(from) >= MaxPeriodDays*24*time.Hour:
		return from, to, invalidField("report: period", "from", "Mỗi lần xem tối đa 366 ngày.", "A period can be at most 366 days.")
	}
	return from, to, nil
}

// invalidField is an EINVALID error about one field, with the same message
// as summary and as the field's.
func invalidField(op, field, vi, en string) error {
	msg := lms.Text{VI: vi, EN: en}
	return &lms.Error{Code: lms.EINVALID, Op: op, Message: msg, Fields: []lms.FieldError{{Field: field, Message: msg}}}
}

func errNoReport() error {
	return lms.Errorf(lms.ENOTFOUND, "Không có báo cáo cho đơn vị này.", "There is no report for this unit.")
}

// communesOf is the commune itself, or every commune of a province.
func (s *Service) communesOf(unit string) []string {
	if !s.units.IsProvince(unit) {
		return []string{unit}
	}
	var out []string
	for _, c := range s.units.Communes(unit) {
		out = append(out, c.Code)
	}
	return out
}
