package web

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/hocvuso/hocvuso/internal/learning"
	"github.com/hocvuso/hocvuso/internal/lms"
)

type progressJSON struct {
	Completed    int    `json:"completed"`
	Total        int    `json:"total"`
	Percent      int    `json:"percent"`
	Finished     bool   `json:"finished"`
	ResumeLesson string `json:"resume_lesson"`
}

type lessonSummaryJSON struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Minutes   int    `json:"minutes"`
	Completed bool   `json:"completed"`
	Locked    bool   `json:"locked"`
}

type quizSummaryJSON struct {
	ID     string `json:"id"`
	Kind   string `json:"kind"`
	Lesson string `json:"lesson,omitempty"`
	Title  string `json:"title"`
}

type courseJSON struct {
	Slug        string              `json:"slug"`
	Title       string              `json:"title"`
	Summary     string              `json:"summary"`
	LessonCount int                 `json:"lesson_count"`
	Minutes     int                 `json:"minutes"`
	Skills      []string            `json:"skills"`
	Unlock      string              `json:"unlock"`
	Version     string              `json:"version"`
	Progress    *progressJSON       `json:"progress,omitempty"` // only when signed in
	Lessons     []lessonSummaryJSON `json:"lessons,omitempty"`  // only for one course
	Quizzes     []quizSummaryJSON   `json:"quizzes,omitempty"`
}

func courseToJSON(p *learning.CourseProgress, lang string, signedIn, withLessons bool) courseJSON {
	c := p.Course
	out := courseJSON{Slug: c.Slug, Title: c.Title.In(lang), Summary: c.Summary.In(lang), LessonCount: len(c.Lessons),
		Minutes: c.Minutes(), Skills: c.Skills, Unlock: c.Unlock, Version: c.Hash}
	if signedIn {
		out.Progress = &progressJSON{Completed: p.Done(), Total: p.Total(), Percent: p.Percent(), Finished: p.Finished(),
			ResumeLesson: p.Resume().ID}
	}
	if withLessons {
		for _, q := range c.Quizzes {
			out.Quizzes = append(out.Quizzes, quizSummaryJSON{ID: q.ID, Kind: q.Kind, Lesson: q.Lesson, Title: q.Title.In(lang)})
		}
		if len(c.Bank) > 0 {
			out.Quizzes = append(out.Quizzes, quizSummaryJSON{ID: c.Slug + "-placement", Kind: "placement",
				Title: lms.Text{VI: "Kiểm tra đầu vào", EN: "Placement test"}.In(lang)})
		}
		for _, l := range c.Lessons {
			out.Lessons = append(out.Lessons, lessonSummaryJSON{ID: l.ID, Title: l.Text(lang).Title, Minutes: l.Minutes,
				Completed: p.IsCompleted(l.ID), Locked: !p.Unlocked(l)})
		}
	}
	return out
}

func (s *Server) apiCourses(c *fiber.Ctx) error {
	u := userOf(c)
	all, err := s.deps.Learning.Progress(c.UserContext(), u)
	if err != nil {
		return err
	}
	out := make([]courseJSON, len(all))
	for i, p := range all {
		out[i] = courseToJSON(p, langOf(c), u != nil, false)
	}
	return c.JSON(fiber.Map{"courses": out})
}

func (s *Server) apiCourse(c *fiber.Ctx) error {
	u := userOf(c)
	p, err := s.deps.Learning.CourseProgress(c.UserContext(), u, c.Params("slug"))
	if err != nil {
		return err
	}
	return c.JSON(courseToJSON(p, langOf(c), u != nil, true))
}

type lessonJSON struct {
	Course    string   `json:"course"`
	ID        string   `json:"id"`
	Number    int      `json:"number"`
	Title     string   `json:"title"`
	Minutes   int      `json:"minutes"`
	Skills    []string `json:"skills"`
	HTML      string   `json:"html"`
	Version   string   `json:"version"`
	Prev      string   `json:"prev,omitempty"`
	Next      string   `json:"next,omitempty"`
	Completed bool     `json:"completed"`
	Locked    bool     `json:"locked"`
}

func (s *Server) apiLesson(c *fiber.Ctx) error {
	lang := langOf(c)
	course, lesson, p, err := s.openLesson(c)
	if err != nil {
		return err
	}
	t := lesson.Text(lang)
	out := lessonJSON{Course: course.Slug, ID: lesson.ID, Number: lesson.Index + 1, Title: t.Title, Minutes: lesson.Minutes,
		Skills: lesson.Skills, HTML: string(t.HTML), Version: lesson.Hash, Completed: p.IsCompleted(lesson.ID), Locked: !p.Unlocked(lesson)}
	prev, next := learning.Neighbours(course, lesson)
	if prev != nil {
		out.Prev = prev.ID
	}
	if next != nil {
		out.Next = next.ID
	}
	return c.JSON(out)
}

type completeRequest struct {
	// CompletedAt is when the learner finished, for completions queued
	// while offline; empty means now.
	CompletedAt *time.Time `json:"completed_at,omitempty"`
}

type completeJSON struct {
	Course    string       `json:"course"`
	Lesson    string       `json:"lesson"`
	FirstTime bool         `json:"first_time"`
	Next      string       `json:"next,omitempty"`
	Progress  progressJSON `json:"progress"`
}

// apiComplete marks a lesson completed. It is idempotent: sending it again
// (a retry, the offline queue) returns 200 with first_time false.
func (s *Server) apiComplete(c *fiber.Ctx) error {
	var in completeRequest
	if len(c.Body()) > 0 {
		if err := decodeJSON(c, &in); err != nil {
			return err
		}
	}
	at := time.Time{}
	if in.CompletedAt != nil {
		at = *in.CompletedAt
	}
	res, err := s.deps.Learning.Complete(c.UserContext(), userOf(c), c.Params("slug"), c.Params("lesson"), at)
	if err != nil {
		return err
	}
	s.issueIfComplete(c, c.Params("slug"))
	p := res.Progress
	out := completeJSON{Course: p.Course.Slug, Lesson: c.Params("lesson"), FirstTime: res.FirstTime,
		Progress: progressJSON{Completed: p.Done(), Total: p.Total(), Percent: p.Percent(), Finished: p.Finished(), ResumeLesson: p.Resume().ID}}
	if res.Next != nil {
		out.Next = res.Next.ID
	}
	return c.JSON(out)
}

func (s *Server) apiMyProgress(c *fiber.Ctx) error {
	all, err := s.deps.Learning.Progress(c.UserContext(), userOf(c))
	if err != nil {
		return err
	}
	out := make([]courseJSON, len(all))
	for i, p := range all {
		out[i] = courseToJSON(p, langOf(c), true, true)
	}
	return c.JSON(fiber.Map{"courses": out})
}

type prefsJSON struct {
	TextSize     int  `json:"text_size"`
	HighContrast bool `json:"high_contrast"`
}

func (s *Server) apiPutPrefs(c *fiber.Ctx) error {
	var in prefsJSON
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	u, err := s.deps.Auth.UpdatePrefs(c.UserContext(), userOf(c), lms.Prefs{TextSize: in.TextSize, HighContrast: in.HighContrast})
	if err != nil {
		return err
	}
	return c.JSON(prefsJSON{TextSize: u.Prefs.TextSize, HighContrast: u.Prefs.HighContrast})
}
