package report

import (
	"context"
	"slices"

	"github.com/hocvuso/hocvuso/internal/assess"
	"github.com/hocvuso/hocvuso/internal/content"
	"github.com/hocvuso/hocvuso/internal/lms"
)

// MasteryFunc computes a learner's level on each skill from their attempts
// (assess.Service.Mastery): reports use the same rules learners see.
type MasteryFunc func([]*lms.Attempt) map[string]assess.Level

// SetMastery lets the service report mastery per skill, for the skills of
// the taxonomy in its order.
func (s *Service) SetMastery(f MasteryFunc, cat *content.Catalog) {
	s.mastery, s.catalog = f, cat
}

// SkillRow is how many learners of the group are at each level of a skill.
type SkillRow struct {
	Skill       string   `json:"skill"`
	Name        lms.Text `json:"name"`
	Levels      [5]int   `json:"levels"`     // not started, attempted, familiar, proficient, mastered
	Proficient  int      `json:"proficient"` // proficient or mastered
	Rate        int      `json:"rate"`       // proficient of learners, whole percent; -1 with none
	LearnersNow int      `json:"learners"`   // learners counted
}

// MasteryTable is mastery per skill for a unit (and optionally a course or
// class): the learners enrolled there, each counted once per skill.
type MasteryTable struct {
	Unit   string      `json:"unit"`
	Course string      `json:"course"`
	Class  string      `json:"class,omitempty"`
	Rows   []*SkillRow `json:"rows"`
}

// Mastery computes mastery per skill, with the scope rule of Completion.
// With a course, only its skills and its learners count.
func (s *Service) Mastery(ctx context.Context, viewer *lms.User, q Query) (*MasteryTable, error) {
	q.By = ByUnit // the table has no breakdown
	_, m, err := s.tables(ctx, viewer, q, false)
	return m, err
}

// Dashboard is the completion and the mastery table of one query, from one
// read of the records.
func (s *Service) Dashboard(ctx context.Context, viewer *lms.User, q Query) (*Table, *MasteryTable, error) {
	return s.tables(ctx, viewer, q, true)
}

func (s *Service) tables(ctx context.Context, viewer *lms.User, q Query, completion bool) (*Table, *MasteryTable, error) {
	if s.mastery == nil {
		return nil, nil, lms.Internal("report: mastery", errNoMastery)
	}
	if err := s.scope(ctx, viewer, &q); err != nil {
		return nil, nil, err
	}
	if q.Class == "" {
		pending := s.drain(ctx)
		communes := s.communesOf(q.Unit)
		var t *Table
		if completion {
			var err error
			if t, err = s.rolledUp(ctx, q, communes); err != nil {
				return nil, nil, err
			}
			t.Pending = pending
		}
		m, err := s.rolledUpMastery(ctx, q, communes)
		return t, m, err
	}
	rec, err := s.read(ctx, q, true)
	if err != nil {
		return nil, nil, err
	}
	var t *Table
	if completion {
		t = s.completionTable(q, rec)
	}
	return t, s.masteryTable(q, rec), nil
}

// masteryTable counts the learners enrolled in q's course and class at
// each level of each skill.
func (s *Service) masteryTable(q Query, rec *records) *MasteryTable {
	counted := map[string]bool{}
	for _, f := range rec.facts {
		if q.counts(f) {
			counted[f.learner.ID] = true
		}
	}
	t := &MasteryTable{Unit: q.Unit, Course: q.Course, Class: q.Class}
	for _, sk := range s.skillsOf(q.Course) {
		t.Rows = append(t.Rows, &SkillRow{Skill: sk.Tag, Name: sk.Name})
	}
	for _, u := range rec.learners {
		if !counted[u.ID] {
			continue
		}
		levels := rec.levels[u.ID]
		for _, r := range t.Rows {
			l := levels[r.Skill] // absent: not started
			r.Levels[l]++
			r.LearnersNow++
			if l >= assess.Proficient {
				r.Proficient++
			}
		}
	}
	for _, r := range t.Rows {
		r.Rate = percent(r.Proficient, r.LearnersNow)
	}
	return t
}

// skillsOf lists the taxonomy's skills, only the course's when one is
// chosen, in taxonomy order.
func (s *Service) skillsOf(course string) []content.Skill {
	skills := s.catalog.Taxonomy.Skills
	if c, ok := s.catalog.Course(course); ok {
		var only []content.Skill
		for _, sk := range skills {
			if slices.Contains(c.Skills, sk.Tag) {
				only = append(only, sk)
			}
		}
		skills = only
	}
	return skills
}

// ExactMastery computes the mastery table from the source records, the
// oracle "report verify" checks the roll-up against.
func (s *Service) ExactMastery(ctx context.Context, q Query) (*MasteryTable, error) {
	if s.mastery == nil {
		return nil, lms.Internal("report: mastery", errNoMastery)
	}
	rec, err := s.read(ctx, q, true)
	if err != nil {
		return nil, err
	}
	return s.masteryTable(q, rec), nil
}

type reportError string

func (e reportError) Error() string { return string(e) }

const errNoMastery = reportError("mastery is not configured; call SetMastery")
