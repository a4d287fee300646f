package report

import (
	"context"

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
	if s.mastery == nil {
		return nil, lms.Internal("report: mastery", errNoMastery)
	}
	q.By = ByUnit
	if err := s.scope(ctx, viewer, &q); err != nil {
		return nil, err
	}
	learners, err := s.store.UsersInUnits(ctx, lms.RoleLearner, s.communesOf(q.Unit))
	if err != nil {
		return nil, err
	}
	classes := map[string]*lms.Class{}
	fs, err := s.facts(ctx, learners, classes)
	if err != nil {
		return nil, err
	}
	counted := map[string]bool{}
	for _, f := range fs {
		if (q.Course == "" || f.course == q.Course) && (q.Class == "" || contains(f.classes, q.Class)) {
			counted[f.learner.ID] = true
		}
	}
	skills := s.catalog.Taxonomy.Skills
	if q.Course != "" {
		if c, ok := s.catalog.Course(q.Course); ok {
			var only []content.Skill
			for _, sk := range skills {
				if contains(c.Skills, sk.Tag) {
					only = append(only, sk)
				}
			}
			skills = only
		}
	}
	t := &MasteryTable{Unit: q.Unit, Course: q.Course, Class: q.Class}
	rows := map[string]*SkillRow{}
	for _, sk := range skills {
		r := &SkillRow{Skill: sk.Tag, Name: sk.Name}
		rows[sk.Tag] = r
		t.Rows = append(t.Rows, r)
	}
	var ids []string
	for _, u := range learners {
		if counted[u.ID] {
			ids = append(ids, u.ID)
		}
	}
	for start := 0; start < len(ids); start += batchSize {
		batch := ids[start:min(start+batchSize, len(ids))]
		rec, err := s.store.LearnerRecords(ctx, batch)
		if err != nil {
			return nil, err
		}
		byUser := map[string][]*lms.Attempt{}
		for _, a := range rec.Attempts {
			byUser[a.UserID] = append(byUser[a.UserID], a)
		}
		for _, id := range batch {
			levels := s.mastery(byUser[id])
			for tag, r := range rows {
				l := levels[tag] // absent: not started
				r.Levels[l]++
				r.LearnersNow++
				if l >= assess.Proficient {
					r.Proficient++
				}
			}
		}
	}
	for _, r := range t.Rows {
		r.Rate = percent(r.Proficient, r.LearnersNow)
	}
	return t, nil
}

type reportError string

func (e reportError) Error() string { return string(e) }

const errNoMastery = reportError("mastery is not configured; call SetMastery")

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}
