package assess

import "math"

// The placement test uses the Rasch model: a learner of ability θ answers
// an item of difficulty b correctly with probability 1 / (1 + e^-(θ-b)).

// Stopping rule of the adaptive placement test.
const (
	TargetSE = 0.4 // stop once the ability is known this precisely
	MaxItems = 20  // or after this many questions
)

// declaredDifficulty maps a bank's difficulty level to logits until the
// item is calibrated from real responses.
var declaredDifficulty = map[int]float64{1: -1, 2: 0, 3: 1}

// P is the probability of a right answer.
func P(theta, b float64) float64 { return 1 / (1 + math.Exp(b-theta)) }

// Information is the Fisher information an item gives at θ.
func Information(theta, b float64) float64 {
	p := P(theta, b)
	return p * (1 - p)
}

// Response is one answered item: its difficulty and the score (0..1).
type Response struct {
	B     float64
	Score float64
}

// Estimate is the expected a posteriori ability and its standard error,
// with a standard normal prior (so a few answers, all right or all wrong,
// still give a finite, sensible estimate).
func Estimate(rs []Response) (theta, se float64) {
	const lo, hi, step = -5.0, 5.0, 0.05
	var sum, sumT, sumT2 float64
	for t := lo; t <= hi+1e-9; t += step {
		logL := -t * t / 2
		for _, r := range rs {
			p := P(t, r.B)
			logL += r.Score*math.Log(p) + (1-r.Score)*math.Log(1-p)
		}
		w := math.Exp(logL)
		sum += w
		sumT += w * t
		sumT2 += w * t * t
	}
	theta = sumT / sum
	return theta, math.Sqrt(math.Max(sumT2/sum-theta*theta, 0))
}

// NextItem returns the index of the unused item most informative at θ, or
// -1 when none is left. used[i] marks items already given.
func NextItem(theta float64, bs []float64, used []bool) int {
	best, bestInfo := -1, -1.0
	for i, b := range bs {
		if used[i] {
			continue
		}
		if info := Information(theta, b); info > bestInfo {
			best, bestInfo = i, info
		}
	}
	return best
}

// Done reports whether the placement test stops.
func Done(se float64, answered, available int) bool {
	return (answered > 0 && se <= TargetSE) || answered >= MaxItems || answered >= available
}
