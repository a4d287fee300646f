package report

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/hocvuso/hocvuso/internal/lms"
)

// Drift is one figure where the roll-up disagrees with the source records.
type Drift struct {
	Unit   string // the unit verified
	Course string // "" for every course
	Table  string // a breakdown, or "mastery"
	Key    string // the row
	Figure string
	RollUp float64 // what the dashboard shows
	Source float64 // what the records say
}

func (d Drift) String() string {
	course := d.Course
	if course == "" {
		course = "all courses"
	}
	return fmt.Sprintf("%s, %s, by %s, row %q: %s is %v in the roll-up, %v from the records",
		d.Unit, course, d.Table, d.Key, d.Figure, d.RollUp, d.Source)
}

// Verify refreshes the roll-up, then recomputes every completion breakdown
// and the mastery table of unit, for every course and for all courses,
// from the source records, and lists every figure that differs. It reads
// all of the unit's records once; with activity going on meanwhile it can
// report changes that landed between the two reads, so run it when quiet
// (or run it twice).
func (s *Service) Verify(ctx context.Context, unit string) ([]Drift, error) {
	if err := s.RefreshAll(ctx); err != nil {
		return nil, err
	}
	rec, err := s.read(ctx, Query{Unit: unit}, s.mastery != nil)
	if err != nil {
		return nil, err
	}
	courses := []string{""}
	if s.catalog != nil {
		for _, c := range s.catalog.Courses {
			courses = append(courses, c.Slug)
		}
	}
	var out []Drift
	for _, course := range courses {
		for _, by := range Breakdowns {
			q := Query{Unit: unit, Course: course, By: by}
			got, err := s.rolledUp(ctx, q, rec.communes)
			if err != nil {
				return nil, err
			}
			want := s.completionTable(q, rec)
			out = append(out, compareTables(q, got, want)...)
		}
		if s.mastery == nil {
			continue
		}
		q := Query{Unit: unit, Course: course}
		got, err := s.rolledUpMastery(ctx, q, rec.communes)
		if err != nil {
			return nil, err
		}
		out = append(out, compareMastery(q, got, s.masteryTable(q, rec))...)
	}
	drift, err := s.verifyCertified(ctx, unit, rec)
	if err != nil {
		return nil, err
	}
	out = append(out, drift...)
	if cr, ok := s.store.(lms.CampaignRollupStore); ok {
		drift, err := s.verifyCampaign(ctx, cr, unit)
		if err != nil {
			return nil, err
		}
		out = append(out, drift...)
	}
	return out, nil
}

// verifyCertified compares the certified adults of share targets, as of
// today and as of the end of last month, with the records.
func (s *Service) verifyCertified(ctx context.Context, unit string, rec *records) ([]Drift, error) {
	now := s.clock().In(vietnam)
	first := firstCertified(rec.facts)
	var out []Drift
	for _, asOf := range []time.Time{now, time.Date(now.Year(), now.Month(), 0, 12, 0, 0, 0, vietnam)} {
		bornBy, day := asOf.Year()-AdultAge, lms.DayNumber(asOf)
		want := map[string]int{}
		for _, u := range rec.learners {
			if d := first[u.ID]; d > 0 && d <= day && u.BirthYear <= bornBy {
				want[u.UnitCode]++
			}
		}
		got, err := s.store.CertifiedLearners(ctx, rec.communes, bornBy, day)
		if err != nil {
			return nil, err
		}
		byCommune := func(m map[string]int) figures {
			f := figures{}
			for c, n := range m {
				f[c] = map[string]float64{"learners": float64(n)}
			}
			return f
		}
		out = append(out, diff(Drift{Unit: unit, Table: "certified adults as of " + asOf.Format(time.DateOnly)}, byCommune(got), byCommune(want))...)
	}
	return out, nil
}

// verifyCampaign compares the campaign figures of each of the last four
// months and of the last year, rolled up and from the records.
func (s *Service) verifyCampaign(ctx context.Context, cr lms.CampaignRollupStore, unit string) ([]Drift, error) {
	now := s.clock().In(vietnam)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, vietnam)
	periods := [][2]time.Time{{today.AddDate(0, 0, -(MaxPeriodDays - 1)), today}}
	for m := range 4 {
		first := time.Date(now.Year(), now.Month()-time.Month(m), 1, 0, 0, 0, 0, vietnam)
		periods = append(periods, [2]time.Time{first, first.AddDate(0, 1, -1)})
	}
	var out []Drift
	for _, p := range periods {
		got, err := s.campaignRolledUp(ctx, cr, unit, p[0], p[1])
		if err != nil {
			return nil, err
		}
		want, err := s.campaignExact(ctx, unit, p[0], p[1])
		if err != nil {
			return nil, err
		}
		out = append(out, diff(Drift{Unit: unit, Table: "campaign " + want.From + "…" + want.To}, campaignFigures(got), campaignFigures(want))...)
	}
	return out, nil
}

// campaignFigures are a campaign's figures by row (communes, total, days).
func campaignFigures(c *Campaign) figures {
	f := figures{}
	for _, r := range append(c.Rows, c.Total) {
		f[r.Key] = map[string]float64{"teams": float64(r.Teams), "classes_held": float64(r.ClassesHeld), "sessions": float64(r.Sessions),
			"participations": float64(r.Participations), "activities": float64(r.Activities), "people_supported": float64(r.PeopleSupported),
			"learners_reached": float64(r.LearnersReached), "certificates": float64(r.Certificates)}
	}
	for _, d := range c.Days {
		f["day "+d.Start] = map[string]float64{"sessions": float64(d.Sessions), "activities": float64(d.Activities),
			"people_supported": float64(d.People), "certificates": float64(d.Certificates)}
	}
	return f
}

// compareTables lists the differences of two completion tables; a group
// one of them lacks counts as empty (rates and median "–").
func compareTables(q Query, got, want *Table) []Drift {
	rowFigures := func(r *Row) map[string]float64 {
		return map[string]float64{"enrolled": float64(r.Enrolled), "started": float64(r.Started),
			"completed": float64(r.Completed), "certified": float64(r.Certified), "completion_rate": float64(r.CompletionRate),
			"took_final": float64(r.TookFinal), "passed_final": float64(r.PassedFinal),
			"final_pass_rate": float64(r.FinalPassRate), "median_days": r.MedianDays}
	}
	tableFigures := func(t *Table) figures {
		f := figures{"total": rowFigures(t.Total)}
		for _, r := range t.Rows {
			f[r.Key] = rowFigures(r)
		}
		return f
	}
	g, w := tableFigures(got), tableFigures(want)
	empty := rowFigures(&Row{CompletionRate: -1, FinalPassRate: -1, MedianDays: -1})
	for k := range g {
		if w[k] == nil {
			w[k] = empty
		}
	}
	for k := range w {
		if g[k] == nil {
			g[k] = empty
		}
	}
	return diff(Drift{Unit: q.Unit, Course: q.Course, Table: q.By}, g, w)
}

// compareMastery lists the differences of two mastery tables of the same
// skills.
func compareMastery(q Query, got, want *MasteryTable) []Drift {
	tableFigures := func(t *MasteryTable) figures {
		f := figures{}
		for _, r := range t.Rows {
			f[r.Skill] = map[string]float64{"learners": float64(r.LearnersNow)}
			for level, n := range r.Levels {
				f[r.Skill][fmt.Sprintf("level %d", level)] = float64(n)
			}
		}
		return f
	}
	return diff(Drift{Unit: q.Unit, Course: q.Course, Table: "mastery"}, tableFigures(got), tableFigures(want))
}

// figures are a table's figures by row and name, as verify compares them.
type figures map[string]map[string]float64

// diff lists, in row and figure order, each figure where got and want
// differ (one missing counts as 0), as copies of base naming it.
func diff(base Drift, got, want figures) []Drift {
	var out []Drift
	for _, k := range keysOf(got, want) {
		for _, n := range keysOf(got[k], want[k]) {
			if got[k][n] != want[k][n] {
				d := base
				d.Key, d.Figure, d.RollUp, d.Source = k, n, got[k][n], want[k][n]
				out = append(out, d)
			}
		}
	}
	return out
}

// keysOf is the keys of the maps, each once, in order.
func keysOf[V any](ms ...map[string]V) []string {
	set := map[string]bool{}
	for _, m := range ms {
		for k := range m {
			set[k] = true
		}
	}
	return slices.Sorted(maps.Keys(set))
}
