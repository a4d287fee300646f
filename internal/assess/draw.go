package assess

import (
	"math/rand/v2"

	"github.com/hocvuso/hocvuso/internal/content"
	"github.com/hocvuso/hocvuso/internal/lms"
)

// draw fixes the items of a new attempt: a lesson check's listed items in
// order, or for a final quiz a random draw per rule (no item twice), then
// shuffled; and each item's options, steps or right-hand sides shuffled.
func draw(q *content.Quiz, cat *content.Catalog, rng *rand.Rand) []lms.AttemptItem {
	var picked []*content.Item
	if len(q.Items) > 0 {
		for _, id := range q.Items {
			it, _ := cat.Item(id)
			picked = append(picked, it)
		}
	} else {
		course, _ := cat.Course(q.Course)
		taken := map[string]bool{}
		for _, r := range q.Draw {
			var pool []*content.Item
			for _, it := range course.Bank {
				if r.Matches(it) && !taken[it.ID] {
					pool = append(pool, it)
				}
			}
			rng.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
			for _, it := range pool[:min(r.Count, len(pool))] {
				taken[it.ID] = true
				picked = append(picked, it)
			}
		}
		rng.Shuffle(len(picked), func(i, j int) { picked[i], picked[j] = picked[j], picked[i] })
	}
	out := make([]lms.AttemptItem, len(picked))
	for i, it := range picked {
		out[i] = fixItem(it, rng)
	}
	return out
}

// fixItem records an item's version and the order its parts are shown in.
func fixItem(it *content.Item, rng *rand.Rand) lms.AttemptItem {
	var order []string
	switch it.Type {
	case content.TypeSingle, content.TypeMultiple, content.TypeScenario:
		for _, o := range it.Options {
			order = append(order, o.ID)
		}
	case content.TypeOrdering:
		for _, s := range it.Steps {
			order = append(order, s.ID)
		}
	case content.TypeMatching:
		for _, p := range it.Pairs {
			order = append(order, p.ID)
		}
	}
	rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
	if it.Type == content.TypeOrdering && len(order) > 1 && isIdentity(it, order) {
		order[0], order[1] = order[1], order[0] // never show the steps already in order
	}
	return lms.AttemptItem{ItemID: it.ID, Version: it.Version, Hash: it.Hash, Order: order}
}

func isIdentity(it *content.Item, order []string) bool {
	for i, s := range it.Steps {
		if order[i] != s.ID {
			return false
		}
	}
	return true
}
