package assess

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestAdaptiveTestFindsKnownAbilities simulates learners of known ability
// answering an adaptive test drawn from a calibrated bank, and checks the
// stopping rule and the estimates.
func TestAdaptiveTestFindsKnownAbilities(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	bank := make([]float64, 60)
	for i := range bank {
		bank[i] = -2.5 + 5*float64(i)/float64(len(bank)-1)
	}
	const learners = 400
	within, totalErr := 0, 0.0
	for range learners {
		truth := rng.NormFloat64()
		used := make([]bool, len(bank))
		var rs []Response
		theta, se := Estimate(nil)
		for !Done(se, len(rs), len(bank)) {
			i := NextItem(theta, bank, used)
			used[i] = true
			score := 0.0
			if rng.Float64() < P(truth, bank[i]) {
				score = 1
			}
			rs = append(rs, Response{B: bank[i], Score: score})
			theta, se = Estimate(rs)
		}
		if len(rs) > MaxItems || (se > TargetSE && len(rs) < MaxItems) {
			t.Fatalf("stopping rule broken: %d items, SE %.2f", len(rs), se)
		}
		err := math.Abs(theta - truth)
		totalErr += err
		if err <= 0.5 {
			within++
		}
	}
	share := float64(within) / learners
	t.Logf("%.0f%% of %d simulated learners estimated within 0.5 logits; mean absolute error %.2f", 100*share, learners, totalErr/learners)
	if share < 0.7 {
		t.Fatalf("only %.0f%% within 0.5 logits", 100*share)
	}
}

func TestEstimateMovesWithAnswers(t *testing.T) {
	base, _ := Estimate(nil)
	right, _ := Estimate([]Response{{B: 0, Score: 1}, {B: 0.5, Score: 1}})
	wrong, _ := Estimate([]Response{{B: 0, Score: 0}, {B: -0.5, Score: 0}})
	if !(wrong < base && base < right) || math.Abs(base) > 1e-6 {
		t.Fatalf("estimates: wrong %.2f, none %.2f, right %.2f", wrong, base, right)
	}
	_, se1 := Estimate([]Response{{B: 0, Score: 1}})
	_, se5 := Estimate([]Response{{B: 0, Score: 1}, {B: 0, Score: 0}, {B: 0, Score: 1}, {B: 0, Score: 0}, {B: 0, Score: 1}})
	if se5 >= se1 {
		t.Fatalf("more answers should narrow the estimate: %.2f vs %.2f", se5, se1)
	}
}
