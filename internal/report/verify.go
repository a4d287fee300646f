package report

import (
	"context"
	"fmt"
	"maps"
	"slices"
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
