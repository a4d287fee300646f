package assess

import (
	"context"
	"math"

	"github.com/hocvuso/hocvuso/internal/lms"
)

// MinCalibrationResponses is how many responses an item needs before its
// calibrated difficulty replaces the declared one.
const MinCalibrationResponses = 30

// Calibrate re-estimates every item's Rasch difficulty from all submitted
// and graded responses, by joint maximum likelihood: abilities and
// difficulties are alternately re-estimated, difficulties centred on the
// declared levels' mean so the scale stays put. It stores items with at
// least one response and returns how many items it calibrated.
func (s *Service) Calibrate(ctx context.Context) (int, error) {
	type resp struct {
		person string
		item   string
		score  float64
	}
	var data []resp
	for _, q := range s.allQuizIDs() {
		attempts, err := s.store.AttemptsByQuiz(ctx, q)
		if err != nil {
			return 0, err
		}
		for _, a := range attempts {
			for _, ai := range a.Items {
				if ans := a.Answers[ai.ItemID]; ans != nil || a.Kind != "placement" {
					data = append(data, resp{person: a.ID, item: ai.ItemID, score: ai.Score})
				}
			}
		}
	}
	theta, b, n := map[string]float64{}, map[string]float64{}, map[string]int{}
	for _, r := range data {
		theta[r.person] = 0
		if _, ok := b[r.item]; !ok {
			it, _ := s.cat.Item(r.item)
			if it == nil {
				continue
			}
			b[r.item] = declaredDifficulty[it.Difficulty]
		}
		n[r.item]++
	}
	for iter := 0; iter < 50; iter++ {
		// One Newton step for each person, then for each item.
		grad, info := map[string]float64{}, map[string]float64{}
		for _, r := range data {
			p := P(theta[r.person], b[r.item])
			grad[r.person] += r.score - p
			info[r.person] += p * (1 - p)
		}
		for k := range theta {
			theta[k] = clamp(theta[k]+grad[k]/math.Max(info[k], 0.1), -4, 4)
		}
		gradB, infoB := map[string]float64{}, map[string]float64{}
		for _, r := range data {
			p := P(theta[r.person], b[r.item])
			gradB[r.item] += p - r.score
			infoB[r.item] += p * (1 - p)
		}
		for k := range b {
			b[k] = clamp(b[k]+gradB[k]/math.Max(infoB[k], 0.1), -4, 4)
		}
	}
	now := s.clock()
	for id, d := range b {
		if err := s.store.PutCalibration(ctx, &lms.Calibration{ItemID: id, Difficulty: d, Responses: n[id], UpdatedAt: now}); err != nil {
			return 0, err
		}
	}
	return len(b), nil
}

func (s *Service) allQuizIDs() []string {
	var ids []string
	for _, c := range s.cat.Courses {
		for _, q := range c.Quizzes {
			ids = append(ids, q.ID)
		}
		if len(c.Bank) > 0 {
			ids = append(ids, c.Slug+"-placement")
		}
	}
	return ids
}

func clamp(v, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, v)) }
