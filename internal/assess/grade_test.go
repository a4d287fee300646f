package assess

import (
	"math"
	"testing"

	"github.com/hocvuso/hocvuso/internal/content"
	"github.com/hocvuso/hocvuso/internal/lms"
)

func ptr[T any](v T) *T { return &v }

func opts(correct ...string) []content.Option {
	out := []content.Option{}
	for _, id := range []string{"a", "b", "c", "d"} {
		o := content.Option{ID: id}
		for _, c := range correct {
			o.Correct = o.Correct || c == id
		}
		out = append(out, o)
	}
	return out
}

func TestGradeEveryType(t *testing.T) {
	single := &content.Item{Type: content.TypeSingle, Options: opts("b")}
	scenario := &content.Item{Type: content.TypeScenario, Options: opts("a")}
	multiple := &content.Item{Type: content.TypeMultiple, Options: opts("a", "c")}
	tf := &content.Item{Type: content.TypeTrueFalse, Answer: ptr(false)}
	ordering := &content.Item{Type: content.TypeOrdering, Steps: []content.Step{{ID: "s1"}, {ID: "s2"}, {ID: "s3"}, {ID: "s4"}}}
	matching := &content.Item{Type: content.TypeMatching, Pairs: []content.Pair{{ID: "p1"}, {ID: "p2"}, {ID: "p3"}, {ID: "p4"}}}
	text := &content.Item{Type: content.TypeText, Accept: &content.Accepted{VI: []string{"công an xã"}, EN: []string{"commune police"}}}
	numeric := &content.Item{Type: content.TypeNumeric, Number: &content.Number{Value: 113}}
	approx := &content.Item{Type: content.TypeNumeric, Number: &content.Number{Value: 12, Tolerance: 0.5}}
	tests := []struct {
		name string
		it   *content.Item
		ans  *lms.Answer
		want float64
	}{
		{"single right", single, &lms.Answer{Choice: "b"}, 1},
		{"single wrong", single, &lms.Answer{Choice: "a"}, 0},
		{"no answer", single, nil, 0},
		{"scenario right", scenario, &lms.Answer{Choice: "a"}, 1},
		{"scenario wrong", scenario, &lms.Answer{Choice: "d"}, 0},
		{"multiple all right", multiple, &lms.Answer{Choices: []string{"c", "a"}}, 1},
		{"multiple half", multiple, &lms.Answer{Choices: []string{"a"}}, 0.5},
		{"multiple right and wrong cancel", multiple, &lms.Answer{Choices: []string{"a", "b"}}, 0},
		{"multiple everything ticked", multiple, &lms.Answer{Choices: []string{"a", "b", "c", "d"}}, 0},
		{"true/false right", tf, &lms.Answer{Bool: ptr(false)}, 1},
		{"true/false wrong", tf, &lms.Answer{Bool: ptr(true)}, 0},
		{"ordering right", ordering, &lms.Answer{Order: []string{"s1", "s2", "s3", "s4"}}, 1},
		{"ordering two adjacent pairs", ordering, &lms.Answer{Order: []string{"s1", "s2", "s4", "s3"}}, 1.0 / 3},
		{"ordering reversed", ordering, &lms.Answer{Order: []string{"s4", "s3", "s2", "s1"}}, 0},
		{"ordering block moved", ordering, &lms.Answer{Order: []string{"s3", "s4", "s1", "s2"}}, 2.0 / 3},
		{"matching right", matching, &lms.Answer{Matches: map[string]string{"p1": "p1", "p2": "p2", "p3": "p3", "p4": "p4"}}, 1},
		{"matching half", matching, &lms.Answer{Matches: map[string]string{"p1": "p1", "p2": "p3", "p3": "p2", "p4": "p4"}}, 0.5},
		{"matching none", matching, &lms.Answer{Matches: map[string]string{"p1": "p2"}}, 0},
		{"text exact", text, &lms.Answer{Text: "công an xã"}, 1},
		{"text without tone marks, extra spaces and case", text, &lms.Answer{Text: "  Cong   An  XA "}, 1},
		{"text in English", text, &lms.Answer{Text: "Commune police."}, 1},
		{"text wrong", text, &lms.Answer{Text: "ngân hàng"}, 0},
		{"numeric right", numeric, &lms.Answer{Number: ptr(113.0)}, 1},
		{"numeric wrong", numeric, &lms.Answer{Number: ptr(114.0)}, 0},
		{"numeric within tolerance", approx, &lms.Answer{Number: ptr(12.4)}, 1},
		{"numeric outside tolerance", approx, &lms.Answer{Number: ptr(12.6)}, 0},
	}
	for _, tt := range tests {
		if got := Grade(tt.it, tt.ans); math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestCheckAnswerRejectsMalformed(t *testing.T) {
	single := &content.Item{Type: content.TypeSingle, Options: opts("b")}
	ordering := &content.Item{Type: content.TypeOrdering, Steps: []content.Step{{ID: "s1"}, {ID: "s2"}, {ID: "s3"}}}
	ai := &lms.AttemptItem{Order: []string{"c", "a", "b", "d"}}
	ordAI := &lms.AttemptItem{Order: []string{"s2", "s1", "s3"}}
	for name, tc := range map[string]struct {
		it  *content.Item
		ai  *lms.AttemptItem
		ans lms.Answer
	}{
		"unknown option":        {single, ai, lms.Answer{Choice: "z"}},
		"two kinds of answer":   {single, ai, lms.Answer{Choice: "a", Text: "x"}},
		"nothing":               {single, ai, lms.Answer{}},
		"ordering missing step": {ordering, ordAI, lms.Answer{Order: []string{"s1", "s2"}}},
		"ordering repeats":      {ordering, ordAI, lms.Answer{Order: []string{"s1", "s1", "s2"}}},
	} {
		if err := CheckAnswer(tc.it, tc.ai, &tc.ans); lms.ErrorCode(err) != lms.EINVALID {
			t.Errorf("%s: %v, want invalid", name, err)
		}
	}
	if err := CheckAnswer(single, ai, &lms.Answer{Choice: "a"}); err != nil {
		t.Errorf("a valid answer was refused: %v", err)
	}
}
