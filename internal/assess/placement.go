package assess

import (
	"context"
	"slices"

	"github.com/hocvuso/hocvuso/internal/content"
	"github.com/hocvuso/hocvuso/internal/lms"
)

// difficulty is an item's Rasch difficulty: calibrated once enough real
// responses exist, else from its declared level.
func (s *Service) difficulty(it *content.Item) float64 {
	if c, ok := s.calibrations()[it.ID]; ok && c.Responses >= MinCalibrationResponses {
		return c.Difficulty
	}
	return declaredDifficulty[it.Difficulty]
}

// startPlacement gives a new placement attempt its first item: the most
// informative at the prior's mean.
func (s *Service) startPlacement(a *lms.Attempt) {
	course, _ := s.cat.Course(a.CourseSlug)
	s.addNextItem(a, course, 0)
}

// placementStep runs after each answer: estimate the ability, then stop or
// add the next item.
func (s *Service) placementStep(a *lms.Attempt) {
	course, _ := s.cat.Course(a.CourseSlug)
	rs := s.responses(a)
	theta, se := Estimate(rs)
	a.Ability, a.AbilitySE = theta, se
	if Done(se, len(rs), len(course.Bank)) || !s.addNextItem(a, course, theta) {
		grade(a, s.cat)
		a.Status, a.SubmittedAt, a.SubmitKey = lms.AttemptSubmitted, s.clock(), "placement"
		a.Passed = true
	}
}

func (s *Service) addNextItem(a *lms.Attempt, course *content.Course, theta float64) bool {
	bs := make([]float64, len(course.Bank))
	used := make([]bool, len(course.Bank))
	for i, it := range course.Bank {
		bs[i] = s.difficulty(it)
		used[i] = slices.ContainsFunc(a.Items, func(ai lms.AttemptItem) bool { return ai.ItemID == it.ID })
	}
	i := NextItem(theta, bs, used)
	if i < 0 {
		return false
	}
	a.Items = append(a.Items, fixItem(course.Bank[i], s.rng()))
	return true
}

func (s *Service) responses(a *lms.Attempt) []Response {
	var rs []Response
	for _, ai := range a.Items {
		ans := a.Answers[ai.ItemID]
		it, ok := s.cat.Item(ai.ItemID)
		if ans == nil || !ans.Graded || !ok {
			continue
		}
		rs = append(rs, Response{B: s.difficulty(it), Score: ans.Score})
	}
	return rs
}

// PlacementMastered returns the skills a finished placement attempt shows
// the learner has already mastered: at least two answers on the skill,
// 80% right, and an ability at or above the skill's average difficulty.
// The learner may skip the lessons that teach only those skills.
func (s *Service) PlacementMastered(a *lms.Attempt) []string {
	if a.Kind != content.QuizPlacement || a.Status != lms.AttemptSubmitted {
		return nil
	}
	course, _ := s.cat.Course(a.CourseSlug)
	type tally struct{ n, score, bsum float64 }
	seen := map[string]*tally{}
	for _, ai := range a.Items {
		it, ok := s.cat.Item(ai.ItemID)
		ans := a.Answers[ai.ItemID]
		if !ok || ans == nil {
			continue
		}
		for _, sk := range it.Skills {
			if seen[sk] == nil {
				seen[sk] = &tally{}
			}
			seen[sk].n++
			seen[sk].score += ans.Score
		}
	}
	var out []string
	for _, sk := range course.Skills {
		t := seen[sk]
		if t == nil || t.n < 2 || t.score/t.n < 0.8 {
			continue
		}
		var bsum, bn float64
		for _, it := range course.Bank {
			if slices.Contains(it.Skills, sk) {
				bsum += s.difficulty(it)
				bn++
			}
		}
		if bn > 0 && a.Ability >= bsum/bn {
			out = append(out, sk)
		}
	}
	return out
}

// LoadCalibrations reads item difficulties calibrated from real responses;
// the server calls it at start-up.
func (s *Service) LoadCalibrations(ctx context.Context) error {
	c, err := s.store.Calibrations(ctx)
	if err != nil {
		return err
	}
	s.calib.Store(&c)
	return nil
}

func (s *Service) calibrations() map[string]*lms.Calibration {
	if p := s.calib.Load(); p != nil {
		return *p
	}
	return nil
}
