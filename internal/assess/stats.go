package assess

import (
	"context"
	"math"
	"sort"
)

// Thresholds beyond which an item is flagged for its authors.
const (
	MinFacility       = 0.2
	MaxFacility       = 0.95
	MinDiscrimination = 0.15
)

// ItemStats describes how one item behaved in a quiz's submitted attempts.
type ItemStats struct {
	ItemID         string
	Responses      int
	Facility       float64        // mean score, 0..1: the share who got it right
	Discrimination float64        // correlation of the item's score with the rest of the attempt's
	OptionCounts   map[string]int // how often each option was chosen (choice items)
	Flags          []string       // "too_hard", "too_easy", "low_discrimination"
}

// ItemStatistics computes item statistics over the submitted attempts at
// quiz quizID, optionally only those of the given learners (a class).
func (s *Service) ItemStatistics(ctx context.Context, quizID string, learners map[string]bool) ([]ItemStats, int, error) {
	if _, err := s.Quiz(quizID); err != nil {
		return nil, 0, err
	}
	attempts, err := s.store.AttemptsByQuiz(ctx, quizID)
	if err != nil {
		return nil, 0, err
	}
	type obs struct{ item, rest float64 }
	byItem := map[string][]obs{}
	counts := map[string]map[string]int{}
	n := 0
	for _, a := range attempts {
		if learners != nil && !learners[a.UserID] {
			continue
		}
		n++
		for _, ai := range a.Items {
			byItem[ai.ItemID] = append(byItem[ai.ItemID], obs{item: ai.Score, rest: a.Score - ai.Score})
			if counts[ai.ItemID] == nil {
				counts[ai.ItemID] = map[string]int{}
			}
			if ans := a.Answers[ai.ItemID]; ans != nil {
				if ans.Choice != "" {
					counts[ai.ItemID][ans.Choice]++
				}
				for _, c := range ans.Choices {
					counts[ai.ItemID][c]++
				}
			}
		}
	}
	out := make([]ItemStats, 0, len(byItem))
	for id, os := range byItem {
		xs, ys := make([]float64, len(os)), make([]float64, len(os))
		for i, o := range os {
			xs[i], ys[i] = o.item, o.rest
		}
		st := ItemStats{ItemID: id, Responses: len(os), Facility: mean(xs), Discrimination: pearson(xs, ys), OptionCounts: counts[id]}
		if st.Facility < MinFacility {
			st.Flags = append(st.Flags, "too_hard")
		}
		if st.Facility > MaxFacility {
			st.Flags = append(st.Flags, "too_easy")
		}
		if st.Discrimination < MinDiscrimination {
			st.Flags = append(st.Flags, "low_discrimination")
		}
		out = append(out, st)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ItemID < out[j].ItemID })
	return out, n, nil
}

func mean(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

// pearson is the correlation of xs and ys; 0 when either does not vary.
func pearson(xs, ys []float64) float64 {
	mx, my := mean(xs), mean(ys)
	var sxy, sxx, syy float64
	for i := range xs {
		dx, dy := xs[i]-mx, ys[i]-my
		sxy += dx * dy
		sxx += dx * dx
		syy += dy * dy
	}
	if sxx == 0 || syy == 0 {
		return 0
	}
	return sxy / math.Sqrt(sxx*syy)
}
