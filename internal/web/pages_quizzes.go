package web

import (
	"crypto/rand"
	"encoding/hex"
	"net/url"

	"github.com/gofiber/fiber/v2"

	"github.com/hocvuso/hocvuso/internal/assess"
	"github.com/hocvuso/hocvuso/internal/lms"
)

type quizPageData struct {
	Quiz    quizJSON
	Course  string
	Blocked string // why no new attempt can start, if so
}

func (s *Server) quizPage(c *fiber.Ctx) error {
	q, err := s.deps.Assess.Quiz(c.Params("id"))
	if err != nil {
		return err
	}
	lang := langOf(c)
	d := quizPageData{Quiz: quizJSON{ID: q.ID, Kind: q.Kind, Title: q.Title.In(lang), Items: q.Size(), PassPercent: q.PassPercent,
		MaxAttempts: q.MaxAttempts, TimeLimitMinutes: q.TimeLimitMinutes, Course: q.Course}}
	course, _ := s.deps.Learning.Catalog().Course(q.Course)
	d.Course = course.Title.In(lang)
	if u := userOf(c); u != nil {
		p, err := s.deps.Learning.CourseProgress(c.UserContext(), u, q.Course)
		if err != nil {
			return err
		}
		for _, a := range p.Attempts {
			if a.QuizID == q.ID {
				d.Quiz.AttemptsUsed++
				if a.Status == lms.AttemptOpen {
					d.Quiz.OpenAttempt = a.ID
				}
			}
		}
		if a := assess.Counted(q, p.Attempts); a != nil {
			d.Quiz.Counted = &resultView{Percent: a.Percent, Passed: a.Passed}
		}
		if q.MaxAttempts > 0 && d.Quiz.AttemptsUsed >= q.MaxAttempts && d.Quiz.OpenAttempt == "" {
			d.Blocked = uiText("quiz.noattempts").In(lang)
		}
	}
	return s.render(c, fiber.StatusOK, "quiz", &page{Title: d.Quiz.Title, Data: d})
}

func (s *Server) quizStart(c *fiber.Ctx) error {
	a, _, err := s.deps.Assess.Start(c.UserContext(), userOf(c), c.Params("id"))
	if err != nil {
		return err
	}
	return c.Redirect(attemptURL(a.ID), fiber.StatusSeeOther)
}

func attemptURL(id string) string { return "/attempts/" + url.PathEscape(id) }

type attemptPageData struct {
	attemptView
	URL       string
	SubmitKey string // a fresh Idempotency-Key for this page's submit
	CourseURL string
	Error     string
}

func (s *Server) attemptPage(c *fiber.Ctx) error {
	a, err := s.deps.Assess.Attempt(c.UserContext(), userOf(c), c.Params("id"))
	if err != nil {
		return err
	}
	return s.renderAttempt(c, fiber.StatusOK, a, "")
}

func (s *Server) renderAttempt(c *fiber.Ctx, status int, a *lms.Attempt, problem string) error {
	v := s.attemptView(a, langOf(c))
	b := make([]byte, 16)
	rand.Read(b)
	d := attemptPageData{attemptView: v, URL: attemptURL(a.ID), SubmitKey: hex.EncodeToString(b), CourseURL: "/courses/" + a.CourseSlug, Error: problem}
	return s.render(c, status, "attempt", &page{Title: v.QuizTitle, Data: d})
}

// answerSubmit saves one question's answer from the page's form, then
// returns to that question.
func (s *Server) answerSubmit(c *fiber.Ctx) error {
	u, id, itemID := userOf(c), c.Params("id"), c.Params("item")
	a, err := s.deps.Assess.Attempt(c.UserContext(), u, id)
	if err != nil {
		return err
	}
	it, ok := s.deps.Assess.Item(itemID)
	if !ok {
		return lms.Errorf(lms.ENOTFOUND, "Câu hỏi này không có trong bài làm.", "This question is not part of the attempt.")
	}
	ans, err := formAnswer(c, it)
	if err == nil {
		_, err = s.deps.Assess.SaveAnswer(c.UserContext(), u, id, itemID, ans, timeZero)
	}
	if err != nil {
		e := lms.AsError(err)
		if e.Code == lms.EINTERNAL || e.Code == lms.ENOTFOUND {
			return err
		}
		msg := e.Message.In(langOf(c))
		if len(e.Fields) > 0 {
			msg = e.Fields[0].Message.In(langOf(c)) // says what to do
		}
		return s.renderAttempt(c, statusOf[e.Code], a, msg)
	}
	return c.Redirect(attemptURL(id)+"#q-"+itemID, fiber.StatusSeeOther)
}

func (s *Server) submitForm(c *fiber.Ctx) error {
	a, err := s.deps.Assess.Submit(c.UserContext(), userOf(c), c.Params("id"), c.FormValue("key"))
	if err != nil {
		return err
	}
	s.issueIfComplete(c, a.CourseSlug)
	return c.Redirect(attemptURL(a.ID), fiber.StatusSeeOther)
}

func (s *Server) skillsData(c *fiber.Ctx) ([]skillJSON, error) {
	levels, err := s.deps.Learning.Mastery(c.UserContext(), userOf(c))
	if err != nil {
		return nil, err
	}
	return s.skillList(levels, langOf(c)), nil
}
