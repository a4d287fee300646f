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
		for _, c := range rec.communes {
			if got[c] != want[c] {
				out = append(out, Drift{Unit: unit, Table: "certified adults as of " + asOf.Format(time.DateOnly), Key: c,
					Figure: "learners", RollUp: float64(got[c]), Source: float64(want[c])})
			}
		}
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
		table := "campaign " + want.From + "…" + want.To
		rows := func(c *Campaign) map[string]map[string]float64 {
			m := map[string]map[string]float64{}
			for _, r := range append(c.Rows, c.Total) {
				m[r.Key] = map[string]float64{"teams": float64(r.Teams), "classes_held": float64(r.ClassesHeld), "sessions": float64(r.Sessions),
					"participations": float64(r.Participations), "activities": float64(r.Activities), "people_supported": float64(r.PeopleSupported),
					"learners_reached": float64(r.LearnersReached), "certificates": float64(r.Certificates)}
			}
			for _, d := range c.Days {
				m["day "+d.Start] = map[string]float64{"sessions": float64(d.Sessions), "activities": float64(d.Activities),
					"people_supported": float64(d.People), "certificates": float64(d.Certificates)}
			}
			return m
		}
		g, w := rows(got), rows(want)
		for _, key := range slices.Sorted(maps.Keys(w)) {
			for _, fig := range slices.Sorted(maps.Keys(w[key])) {
				if g[key][fig] != w[key][fig] {
					out = append(out, Drift{Unit: unit, Table: table, Key: key, Figure: fig, RollUp: g[key][fig], Source: w[key][fig]})
				}
			}
		}
	}
	return out, nil
}

func compareTables(q Query, got, want *Table) []Drift {
	figures := func(r *Row) map[string]float64 {
		if r == nil {
			r = &Row{CompletionRate: -1, FinalPassRate: -1, MedianDays: -1}
		}
		return map[string]float64{"enrolled": float64(r.Enrolled), "started": float64(r.Started),
			"completed": float64(r.Completed), "certified": float64(r.Certified), "completion_rate": float64(r.CompletionRate),
			"took_final": float64(r.TookFinal), "passed_final": float64(r.PassedFinal),
			"final_pass_rate": float64(r.FinalPassRate), "median_days": r.MedianDays}
	}
	index := func(t *Table) map[string]*Row {
		m := map[string]*Row{"total": t.Total}
		for _, r := range t.Rows {
			m[r.Key] = r
		}
		return m
	}
	g, w := index(got), index(want)
	var keys []string
	for k := range g {
		keys = append(keys, k)
	}
	for k := range w {
		if g[k] == nil {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	var out []Drift
	for _, k := range keys {
		gf, wf := figures(g[k]), figures(w[k])
		for _, name := range slices.Sorted(maps.Keys(gf)) {
			if gf[name] != wf[name] {
				out = append(out, Drift{Unit: q.Unit, Course: q.Course, Table: q.By, Key: k, Figure: name, RollUp: gf[name], Source: wf[name]})
			}
		}
	}
	return out
}

func compareMastery(q Query, got, want *MasteryTable) []Drift {
	var out []Drift
	for i, w := range want.Rows {
		g := got.Rows[i]
		for level := range w.Levels {
			if g.Levels[level] != w.Levels[level] {
				out = append(out, Drift{Unit: q.Unit, Course: q.Course, Table: "mastery", Key: w.Skill,
					Figure: fmt.Sprintf("level %d", level), RollUp: float64(g.Levels[level]), Source: float64(w.Levels[level])})
			}
		}
		if g.LearnersNow != w.LearnersNow {
			out = append(out, Drift{Unit: q.Unit, Course: q.Course, Table: "mastery", Key: w.Skill,
				Figure: "learners", RollUp: float64(g.LearnersNow), Source: float64(w.LearnersNow)})
		}
	}
	return out
}
