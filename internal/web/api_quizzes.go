package web

import (
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/hocvuso/hocvuso/internal/assess"
	"github.com/hocvuso/hocvuso/internal/lms"
	"github.com/hocvuso/hocvuso/internal/validation"
)

// apiStartAttempt starts an attempt, or resumes the learner's open one:
// 201 when new, 200 when resumed.
func (s *Server) apiStartAttempt(c *fiber.Ctx) error {
	a, created, err := s.deps.Assess.Start(c.UserContext(), userOf(c), c.Params("id"))
	if err != nil {
		return err
	}
	status := fiber.StatusOK
	if created {
		status = fiber.StatusCreated
		c.Location("/api/v1/attempts/" + a.ID)
	}
	return c.Status(status).JSON(s.attemptView(a, langOf(c)))
}

func (s *Server) apiAttempt(c *fiber.Ctx) error {
	a, err := s.deps.Assess.Attempt(c.UserContext(), userOf(c), c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(s.attemptView(a, langOf(c)))
}

// answerRequest is a saved answer: exactly one field of the item's type,
// and optionally when it was given (for answers kept offline).
type answerRequest struct {
	Choice     *string           `json:"choice"`
	Choices    []string          `json:"choices"`
	Bool       *bool             `json:"bool"`
	Order      []string          `json:"order"`
	Matches    map[string]string `json:"matches"`
	Text       *string           `json:"text"`
	Number     *float64          `json:"number"`
	AnsweredAt *time.Time        `json:"answered_at"`
}

func (r answerRequest) answer() (lms.Answer, time.Time) {
	a := lms.Answer{Choices: r.Choices, Bool: r.Bool, Order: r.Order, Matches: r.Matches, Number: r.Number}
	if r.Choice != nil {
		a.Choice = *r.Choice
	}
	if r.Text != nil {
		a.Text = *r.Text
	}
	var at time.Time
	if r.AnsweredAt != nil {
		at = *r.AnsweredAt
	}
	return a, at
}

type answerResponse struct {
	Saved    bool      `json:"saved"`
	Answered int       `json:"answered"`
	Total    int       `json:"total"`
	Feedback *itemView `json:"feedback,omitempty"` // lesson checks: right or not, and why
	Status   string    `json:"status"`             // the placement test may finish with this answer
	Next     *itemView `json:"next,omitempty"`     // the placement test's next question
}

func (s *Server) apiSaveAnswer(c *fiber.Ctx) error {
	var in answerRequest
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	ans, at := in.answer()
	res, err := s.deps.Assess.SaveAnswer(c.UserContext(), userOf(c), c.Params("id"), c.Params("item"), ans, at)
	if err != nil {
		return err
	}
	return c.JSON(s.answerResponse(res, c.Params("item"), langOf(c)))
}

// answerResponse reports a saved answer. The full attempt view is built
// only when the learner needs more than a count: feedback (lesson checks)
// or the next question (placement), so the common autosave stays cheap.
func (s *Server) answerResponse(res *assess.AnswerResult, itemID, lang string) answerResponse {
	a := res.Attempt
	out := answerResponse{Saved: true, Answered: len(a.Answers), Total: len(a.Items), Status: a.Status}
	if res.Feedback == nil && a.Kind != "placement" {
		return out
	}
	v := s.attemptView(a, lang)
	for i := range v.Items {
		if v.Items[i].ID == itemID && res.Feedback != nil {
			out.Feedback = &v.Items[i]
		}
	}
	if v.Kind == "placement" && v.Status == lms.AttemptOpen && len(v.Items) > 0 {
		out.Next = &v.Items[len(v.Items)-1]
	}
	return out
}

// apiSubmit grades the attempt once; a retry with the same
// Idempotency-Key, or any later submit, returns the first result.
func (s *Server) apiSubmit(c *fiber.Ctx) error {
	key := strings.TrimSpace(c.Get("Idempotency-Key"))
	if len(key) > 100 {
		return validation.FieldInvalid("Idempotency-Key", lms.Text{VI: "Khóa quá dài (tối đa 100 ký tự).", EN: "The key is too long (at most 100 characters)."})
	}
	a, err := s.deps.Assess.Submit(c.UserContext(), userOf(c), c.Params("id"), key)
	if err != nil {
		return err
	}
	s.issueIfComplete(c, a.CourseSlug)
	return c.JSON(s.attemptView(a, langOf(c)))
}

type quizJSON struct {
	ID               string      `json:"id"`
	Kind             string      `json:"kind"`
	Course           string      `json:"course"`
	Lesson           string      `json:"lesson,omitempty"`
	Title            string      `json:"title"`
	Items            int         `json:"items"`
	PassPercent      int         `json:"pass_percent"`
	MaxAttempts      int         `json:"max_attempts"`
	TimeLimitMinutes int         `json:"time_limit_minutes,omitempty"`
	Grading          string      `json:"grading"`
	Review           string      `json:"review"`
	AttemptsUsed     int         `json:"attempts_used"`
	OpenAttempt      string      `json:"open_attempt,omitempty"`
	Counted          *resultView `json:"counted,omitempty"`
}

func (s *Server) apiQuiz(c *fiber.Ctx) error {
	q, err := s.deps.Assess.Quiz(c.Params("id"))
	if err != nil {
		return err
	}
	out := quizJSON{ID: q.ID, Kind: q.Kind, Course: q.Course, Lesson: q.Lesson, Title: q.Title.In(langOf(c)), Items: q.Size(),
		PassPercent: q.PassPercent, MaxAttempts: q.MaxAttempts, TimeLimitMinutes: q.TimeLimitMinutes, Grading: q.Grading, Review: q.Review}
	if u := userOf(c); u != nil {
		p, err := s.deps.Learning.CourseProgress(c.UserContext(), u, q.Course)
		if err != nil {
			return err
		}
		for _, a := range p.Attempts {
			if a.QuizID == q.ID {
				out.AttemptsUsed++
				if a.Status == lms.AttemptOpen {
					out.OpenAttempt = a.ID
				}
			}
		}
		if a := assess.Counted(q, p.Attempts); a != nil {
			out.Counted = &resultView{Score: a.Score, Max: a.MaxScore, Percent: a.Percent, Passed: a.Passed, Review: q.Review}
		}
	}
	return c.JSON(out)
}

type itemStatsJSON struct {
	ItemID         string         `json:"item_id"`
	Responses      int            `json:"responses"`
	Facility       float64        `json:"facility"`
	Discrimination float64        `json:"discrimination"`
	OptionCounts   map[string]int `json:"option_counts,omitempty"`
	Flags          []string       `json:"flags,omitempty"`
}

// apiQuizStats gives trainers, officials and admins the item statistics
// of a quiz.
func (s *Server) apiQuizStats(c *fiber.Ctx) error {
	if u := userOf(c); u.Role == lms.RoleLearner {
		return lms.Errorf(lms.EFORBIDDEN, "Chỉ người hướng dẫn và cán bộ xem được thống kê câu hỏi.", "Only trainers and officials can see item statistics.")
	}
	stats, n, err := s.deps.Assess.ItemStatistics(c.UserContext(), c.Params("id"), nil)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"quiz_id": c.Params("id"), "attempts": n, "items": itemStatsOf(stats)})
}

// itemStatsOf is item statistics as the API gives them, rates to two
// decimals.
func itemStatsOf(stats []assess.ItemStats) []itemStatsJSON {
	out := make([]itemStatsJSON, len(stats))
	for i, st := range stats {
		out[i] = itemStatsJSON{ItemID: st.ItemID, Responses: st.Responses, Facility: round2(st.Facility),
			Discrimination: round2(st.Discrimination), OptionCounts: st.OptionCounts, Flags: st.Flags}
	}
	return out
}

type skillJSON struct {
	Tag   string `json:"tag"`
	Name  string `json:"name"`
	Level string `json:"level"`
	Label string `json:"label"`
}

// apiMySkills is the learner's mastery level on every skill of the courses.
func (s *Server) apiMySkills(c *fiber.Ctx) error {
	levels, err := s.deps.Learning.Mastery(c.UserContext(), userOf(c))
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"skills": s.skillList(levels, langOf(c))})
}

func (s *Server) skillList(levels map[string]assess.Level, lang string) []skillJSON {
	var out []skillJSON
	for _, sk := range s.deps.Learning.Catalog().Taxonomy.Skills {
		l := levels[sk.Tag]
		out = append(out, skillJSON{Tag: sk.Tag, Name: sk.Name.In(lang), Level: l.String(), Label: l.Name().In(lang)})
	}
	return out
}

func round2(f float64) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(f, 'f', 2, 64), 64)
	return v
}

func trimFloat(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
