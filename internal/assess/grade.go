package assess

import (
	"math"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"github.com/hocvuso/hocvuso/internal/content"
	"github.com/hocvuso/hocvuso/internal/lms"
	"github.com/hocvuso/hocvuso/internal/validation"
)

// Grade scores an answer from 0 (wrong) to 1 (right). Types that allow it
// give partial credit: multiple choice, ordering and matching.
func Grade(it *content.Item, ans *lms.Answer) float64 {
	if ans == nil {
		return 0
	}
	switch it.Type {
	case content.TypeSingle, content.TypeScenario:
		for _, o := range it.Options {
			if o.ID == ans.Choice {
				return b2f(o.Correct)
			}
		}
		return 0
	case content.TypeMultiple:
		right, wrong, correct := 0, 0, 0
		for _, o := range it.Options {
			chosen := slices.Contains(ans.Choices, o.ID)
			switch {
			case o.Correct:
				correct++
				if chosen {
					right++
				}
			case chosen:
				wrong++
			}
		}
		return math.Max(0, float64(right-wrong)/float64(correct))
	case content.TypeTrueFalse:
		return b2f(ans.Bool != nil && it.Answer != nil && *ans.Bool == *it.Answer)
	case content.TypeOrdering:
		return orderingScore(it, ans.Order)
	case content.TypeMatching:
		right := 0
		for _, p := range it.Pairs {
			if ans.Matches[p.ID] == p.ID {
				right++
			}
		}
		return float64(right) / float64(len(it.Pairs))
	case content.TypeText:
		got := foldAnswer(ans.Text)
		for _, a := range append(slices.Clone(it.Accept.VI), it.Accept.EN...) {
			if got != "" && got == foldAnswer(a) {
				return 1
			}
		}
		return 0
	case content.TypeNumeric:
		return b2f(ans.Number != nil && math.Abs(*ans.Number-it.Number.Value) <= it.Number.Tolerance+1e-9)
	}
	return 0
}

// orderingScore is the share of neighbouring steps the learner put in
// the right order relative to each other.
func orderingScore(it *content.Item, order []string) float64 {
	if len(order) != len(it.Steps) {
		return 0
	}
	pos := map[string]int{}
	for i, id := range order {
		pos[id] = i
	}
	right := 0
	for i := 1; i < len(it.Steps); i++ {
		a, okA := pos[it.Steps[i-1].ID]
		b, okB := pos[it.Steps[i].ID]
		if okA && okB && b == a+1 {
			right++
		}
	}
	return float64(right) / float64(len(it.Steps)-1)
}

// foldAnswer compares typed answers kindly: case, spacing, punctuation and
// Vietnamese tone marks do not matter ("Công an" = "cong an"), đ = d.
func foldAnswer(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, _ := transform.String(t, strings.ToLower(s))
	out = strings.NewReplacer("đ", "d").Replace(out)
	return strings.Join(strings.FieldsFunc(out, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }), " ")
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// CheckAnswer rejects an answer that does not fit the item: a choice that
// is not one of its options, an ordering that is not a permutation of its
// steps, a field of another type. EINVALID naming "answer".
func CheckAnswer(it *content.Item, ai *lms.AttemptItem, ans *lms.Answer) error {
	bad := func(vi, en string) error { return validation.FieldInvalid("answer", lms.Text{VI: vi, EN: en}) }
	ids := map[string]bool{}
	for _, id := range ai.Order {
		ids[id] = true
	}
	set := ans.FieldsSet()
	switch it.Type {
	case content.TypeSingle, content.TypeScenario:
		if set != 1 || !ids[ans.Choice] {
			return bad("Hãy chọn một trong các phương án.", "Choose one of the options.")
		}
	case content.TypeMultiple:
		if set != 1 || len(ans.Choices) == 0 || !allIn(ans.Choices, ids) || hasDup(ans.Choices) {
			return bad("Hãy chọn một hoặc nhiều phương án trong danh sách.", "Choose one or more of the options.")
		}
	case content.TypeTrueFalse:
		if set != 1 || ans.Bool == nil {
			return bad("Hãy chọn Đúng hoặc Sai.", "Choose True or False.")
		}
	case content.TypeOrdering:
		if set != 1 || len(ans.Order) != len(it.Steps) || !allIn(ans.Order, ids) || hasDup(ans.Order) {
			return bad("Hãy xếp tất cả các bước, mỗi bước một lần.", "Put every step in order, each once.")
		}
	case content.TypeMatching:
		if set != 1 || len(ans.Matches) == 0 || len(ans.Matches) > len(it.Pairs) {
			return bad("Hãy nối mỗi mục bên trái với một mục bên phải.", "Match each item on the left with one on the right.")
		}
		for left, right := range ans.Matches {
			if !slices.ContainsFunc(it.Pairs, func(p content.Pair) bool { return p.ID == left }) || !ids[right] {
				return bad("Cách nối có mục không có trong câu hỏi.", "The matches name something not in the question.")
			}
		}
	case content.TypeText:
		if set != 1 || strings.TrimSpace(ans.Text) == "" || len(ans.Text) > 200 {
			return bad("Hãy gõ câu trả lời ngắn (tối đa 200 ký tự).", "Type a short answer (at most 200 characters).")
		}
	case content.TypeNumeric:
		if set != 1 || ans.Number == nil || math.IsNaN(*ans.Number) || math.IsInf(*ans.Number, 0) {
			return bad("Hãy nhập một con số.", "Enter a number.")
		}
	}
	return nil
}

func allIn(list []string, set map[string]bool) bool {
	for _, v := range list {
		if !set[v] {
			return false
		}
	}
	return true
}

func hasDup(list []string) bool {
	s := slices.Clone(list)
	slices.Sort(s)
	return len(slices.Compact(s)) != len(list)
}
