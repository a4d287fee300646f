package web

import (
	"time"

	"github.com/hocvuso/hocvuso/internal/content"
	"github.com/hocvuso/hocvuso/internal/lms"
)

// attemptView is an attempt as the learner may see it, in one language:
// the JSON of the API and the data of the attempt page. Correct answers
// appear only as the quiz's review setting allows.
type attemptView struct {
	ID          string       `json:"id"`
	QuizID      string       `json:"quiz_id"`
	QuizTitle   string       `json:"quiz_title"`
	Course      string       `json:"course"`
	Kind        string       `json:"kind"`
	Number      int          `json:"number"`
	Status      string       `json:"status"`
	StartedAt   time.Time    `json:"started_at"`
	Deadline    *time.Time   `json:"deadline,omitempty"`
	SubmittedAt *time.Time   `json:"submitted_at,omitempty"`
	ServerTime  time.Time    `json:"server_time"`
	SecondsLeft int          `json:"seconds_left,omitempty"`
	Answered    int          `json:"answered"`
	Items       []itemView   `json:"items"`
	Result      *resultView  `json:"result,omitempty"`
	Placement   *placementRV `json:"placement,omitempty"`
}

type resultView struct {
	Score   float64 `json:"score"`
	Max     float64 `json:"max_score"`
	Percent int     `json:"percent"`
	Passed  bool    `json:"passed"`
	Review  string  `json:"review"`
}

type placementRV struct {
	Ability  float64  `json:"ability"`
	SE       float64  `json:"standard_error"`
	Mastered []string `json:"mastered_skills"`
}

type choiceView struct {
	ID      string `json:"id"`
	Text    string `json:"text"`
	Correct *bool  `json:"correct,omitempty"`
}

type scenarioView struct {
	Kind string `json:"kind"`
	From string `json:"from"`
	Time string `json:"time,omitempty"`
	Body string `json:"body"`
}

type itemView struct {
	ID       string        `json:"id"`
	Number   int           `json:"number"`
	Type     string        `json:"type"`
	Question string        `json:"question"`
	Options  []choiceView  `json:"options,omitempty"` // single, multiple, scenario, in the attempt's order
	Steps    []choiceView  `json:"steps,omitempty"`   // ordering, shuffled
	Lefts    []choiceView  `json:"lefts,omitempty"`   // matching, in order
	Rights   []choiceView  `json:"rights,omitempty"`  // matching, shuffled
	Scenario *scenarioView `json:"scenario,omitempty"`
	Answer   *lms.Answer   `json:"answer,omitempty"`
	Score    *float64      `json:"score,omitempty"` // shown per the review setting
	Correct  any           `json:"correct_answer,omitempty"`
	Explain  string        `json:"explanation,omitempty"`
}

// Positions lists 1..n for the ordering selects.
func (v itemView) Positions() []int {
	out := make([]int, len(v.Steps))
	for i := range out {
		out[i] = i + 1
	}
	return out
}

// Chosen helpers for the templates.
func (v itemView) IsChosen(id string) bool {
	if v.Answer == nil {
		return false
	}
	if v.Answer.Choice == id {
		return true
	}
	for _, c := range v.Answer.Choices {
		if c == id {
			return true
		}
	}
	return false
}

// PositionOf is where the learner put a step (1-based), or 0.
func (v itemView) PositionOf(id string) int {
	if v.Answer != nil {
		for i, s := range v.Answer.Order {
			if s == id {
				return i + 1
			}
		}
	}
	return 0
}

// MatchOf is the right side the learner matched to left id.
func (v itemView) MatchOf(id string) string {
	if v.Answer == nil {
		return ""
	}
	return v.Answer.Matches[id]
}

// BoolIs reports whether the saved true/false answer is b.
func (v itemView) BoolIs(b bool) bool {
	return v.Answer != nil && v.Answer.Bool != nil && *v.Answer.Bool == b
}

// TextAnswer and NumberAnswer are the saved typed answers.
func (v itemView) TextAnswer() string {
	if v.Answer == nil {
		return ""
	}
	return v.Answer.Text
}

func (v itemView) NumberAnswer() string {
	if v.Answer == nil || v.Answer.Number == nil {
		return ""
	}
	return trimFloat(*v.Answer.Number)
}

// Right reports whether a shown score is full marks.
func (v itemView) Right() bool { return v.Score != nil && *v.Score >= 1 }

func (s *Server) attemptView(a *lms.Attempt, lang string) attemptView {
	q, _ := s.deps.Assess.Quiz(a.QuizID)
	now := time.Now().UTC()
	v := attemptView{ID: a.ID, QuizID: a.QuizID, QuizTitle: q.Title.In(lang), Course: a.CourseSlug, Kind: a.Kind, Number: a.Number,
		Status: a.Status, StartedAt: a.StartedAt, ServerTime: now}
	if !a.Deadline.IsZero() {
		d := a.Deadline
		v.Deadline = &d
		if a.Status == lms.AttemptOpen {
			v.SecondsLeft = max(0, int(d.Sub(now).Seconds()))
		}
	}
	submitted := a.Status == lms.AttemptSubmitted
	if submitted {
		at := a.SubmittedAt
		v.SubmittedAt = &at
	}
	review := q.Review
	for i, ai := range a.Items {
		it, ok := s.deps.Assess.Item(ai.ItemID)
		if !ok {
			continue
		}
		iv := itemView{ID: it.ID, Number: i + 1, Type: it.Type, Question: it.Question.In(lang), Answer: a.Answers[it.ID]}
		if iv.Answer != nil {
			v.Answered++
		}
		// Lesson checks and the placement test grade each answer at once.
		instant := iv.Answer != nil && iv.Answer.Graded && a.Kind == content.QuizLesson
		showScore := submitted && (review == content.ReviewAnswers || review == content.ReviewFull) || instant
		showKey := submitted && review == content.ReviewFull || instant
		if showScore {
			sc := ai.Score
			if instant {
				sc = iv.Answer.Score
			}
			iv.Score = &sc
		}
		if showKey {
			iv.Explain = it.Explanation.In(lang)
		}
		fillParts(&iv, it, ai, lang, showKey)
		v.Items = append(v.Items, iv)
	}
	if submitted && review != content.ReviewNone {
		v.Result = &resultView{Score: a.Score, Max: a.MaxScore, Percent: a.Percent, Passed: a.Passed, Review: review}
	}
	if a.Kind == content.QuizPlacement && submitted {
		v.Placement = &placementRV{Ability: a.Ability, SE: a.AbilitySE, Mastered: s.deps.Assess.PlacementMastered(a)}
	}
	return v
}

// fillParts lays out an item's options, steps or pairs in the order fixed
// for the attempt, marking the correct ones only when showKey.
func fillParts(iv *itemView, it *content.Item, ai lms.AttemptItem, lang string, showKey bool) {
	mark := func(ok bool) *bool {
		if !showKey {
			return nil
		}
		return &ok
	}
	switch it.Type {
	case content.TypeSingle, content.TypeMultiple, content.TypeScenario:
		for _, id := range ai.Order {
			for _, o := range it.Options {
				if o.ID == id {
					iv.Options = append(iv.Options, choiceView{ID: o.ID, Text: o.Text.In(lang), Correct: mark(o.Correct)})
				}
			}
		}
		if it.Scenario != nil {
			iv.Scenario = &scenarioView{Kind: it.Scenario.Kind, From: it.Scenario.From, Time: it.Scenario.Time, Body: it.Scenario.Body.In(lang)}
		}
	case content.TypeOrdering:
		for _, id := range ai.Order {
			for _, st := range it.Steps {
				if st.ID == id {
					iv.Steps = append(iv.Steps, choiceView{ID: st.ID, Text: st.Text.In(lang)})
				}
			}
		}
		if showKey {
			var order []string
			for _, st := range it.Steps {
				order = append(order, st.Text.In(lang))
			}
			iv.Correct = order
		}
	case content.TypeMatching:
		for _, p := range it.Pairs {
			iv.Lefts = append(iv.Lefts, choiceView{ID: p.ID, Text: p.Left.In(lang)})
		}
		for _, id := range ai.Order {
			for _, p := range it.Pairs {
				if p.ID == id {
					iv.Rights = append(iv.Rights, choiceView{ID: p.ID, Text: p.Right.In(lang)})
				}
			}
		}
		if showKey {
			m := map[string]string{}
			for _, p := range it.Pairs {
				m[p.Left.In(lang)] = p.Right.In(lang)
			}
			iv.Correct = m
		}
	case content.TypeTrueFalse:
		if showKey {
			iv.Correct = *it.Answer
		}
	case content.TypeText:
		if showKey {
			if lang == "en" {
				iv.Correct = it.Accept.EN[0]
			} else {
				iv.Correct = it.Accept.VI[0]
			}
		}
	case content.TypeNumeric:
		if showKey {
			iv.Correct = it.Number.Value
		}
	}
}
