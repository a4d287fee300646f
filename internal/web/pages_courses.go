package web

import (
	"encoding/json"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/hocvuso/hocvuso/internal/content"
	"github.com/hocvuso/hocvuso/internal/learning"
)

func lessonURL(slug, id string) string { return "/courses/" + slug + "/lessons/" + id }

type courseCard struct {
	Slug, Title, Summary          string
	Lessons, Minutes, Done, Total int
	Started, Finished             bool
	ResumeURL, ResumeTitle        string
}

func newCourseCard(p *learning.CourseProgress, lang string) courseCard {
	c, r := p.Course, p.Resume()
	return courseCard{Slug: c.Slug, Title: c.Title.In(lang), Summary: c.Summary.In(lang), Lessons: len(c.Lessons),
		Minutes: c.Minutes(), Done: p.Done(), Total: p.Total(), Started: p.Started(), Finished: p.Finished(),
		ResumeURL: lessonURL(c.Slug, r.ID), ResumeTitle: r.Text(lang).Title}
}

func (s *Server) coursesPage(c *fiber.Ctx) error {
	all, err := s.deps.Learning.Progress(c.UserContext(), userOf(c))
	if err != nil {
		return err
	}
	cards := make([]courseCard, len(all))
	for i, p := range all {
		cards[i] = newCourseCard(p, langOf(c))
	}
	return s.render(c, fiber.StatusOK, "courses", &page{Data: struct{ Courses []courseCard }{cards}})
}

type lessonItem struct {
	Title, URL   string
	Minutes      int
	Done, Locked bool
	Skippable    bool   // the placement test showed its skills mastered
	CheckURL     string // the lesson's quick check, if any
}

type courseView struct {
	courseCard
	Lessons      []lessonItem
	OfflineURLs  string // JSON list of the pages "save for offline" caches
	FinalURL     string
	FinalTitle   string
	FinalPercent int
	FinalPassed  bool
	FinalTaken   bool
	PlacementURL string
}

func (s *Server) coursePage(c *fiber.Ctx) error {
	lang := langOf(c)
	p, err := s.deps.Learning.CourseProgress(c.UserContext(), userOf(c), c.Params("slug"))
	if err != nil {
		return err
	}
	v := courseView{courseCard: newCourseCard(p, lang)}
	v.courseCard.Lessons = 0
	urls := []string{"/courses/" + p.Course.Slug}
	for _, l := range p.Course.Lessons {
		u := lessonURL(p.Course.Slug, l.ID)
		urls = append(urls, u)
		item := lessonItem{Title: l.Text(lang).Title, URL: u, Minutes: l.Minutes,
			Done: p.IsCompleted(l.ID), Locked: !p.Unlocked(l), Skippable: p.Quizzes.Skippable[l.ID]}
		if q := p.Course.LessonQuiz(l.ID); q != nil {
			item.CheckURL = "/quizzes/" + q.ID
		}
		v.Lessons = append(v.Lessons, item)
	}
	if q := p.Course.FinalQuiz(); q != nil {
		v.FinalURL, v.FinalTitle = "/quizzes/"+q.ID, q.Title.In(lang)
		if f := p.Quizzes.Final; f != nil {
			v.FinalTaken, v.FinalPercent, v.FinalPassed = true, f.Percent, f.Passed
		}
	}
	if len(p.Course.Bank) > 0 {
		v.PlacementURL = "/quizzes/" + p.Course.Slug + "-placement"
	}
	b, _ := json.Marshal(urls)
	v.OfflineURLs = string(b)
	return s.render(c, fiber.StatusOK, "course", &page{Title: v.Title, Data: v})
}

type lessonView struct {
	Slug, CourseTitle, ID, Title, URL string
	Number, Total, Minutes            int
	HTML                              any
	Done, Locked                      bool
	ResumeURL, ResumeTitle            string
	PrevURL, NextURL, AfterURL        string
	CheckURL                          string
}

// lessonPage shows a lesson. Anyone may read it; a signed-in learner's
// place in the course is remembered so they can resume.
func (s *Server) lessonPage(c *fiber.Ctx) error {
	lang := langOf(c)
	course, lesson, p, err := s.openLesson(c)
	if err != nil {
		return err
	}
	t := lesson.Text(lang)
	v := lessonView{Slug: course.Slug, CourseTitle: course.Title.In(lang), ID: lesson.ID, Title: t.Title,
		URL: lessonURL(course.Slug, lesson.ID), Number: lesson.Index + 1, Total: len(course.Lessons),
		Minutes: lesson.Minutes, HTML: t.HTML, Done: p.IsCompleted(lesson.ID), Locked: !p.Unlocked(lesson),
		AfterURL: "/courses/" + course.Slug}
	r := p.Resume()
	v.ResumeURL, v.ResumeTitle = lessonURL(course.Slug, r.ID), r.Text(lang).Title
	if q := course.LessonQuiz(lesson.ID); q != nil {
		v.CheckURL = "/quizzes/" + q.ID
	}
	prev, next := learning.Neighbours(course, lesson)
	if prev != nil {
		v.PrevURL = lessonURL(course.Slug, prev.ID)
	}
	if next != nil {
		v.NextURL = lessonURL(course.Slug, next.ID)
		v.AfterURL = v.NextURL
	}
	return s.render(c, fiber.StatusOK, "lesson", &page{Title: t.Title, Data: v})
}

// completeSubmit is the form behind "I have finished this lesson" when
// the page's script is not running; it goes on to the next lesson.
func (s *Server) completeSubmit(c *fiber.Ctx) error {
	res, err := s.deps.Learning.Complete(c.UserContext(), userOf(c), c.Params("slug"), c.Params("lesson"), timeZero)
	if err != nil {
		return err
	}
	s.issueIfComplete(c, res.Progress.Course.Slug)
	if res.Next != nil {
		return c.Redirect(lessonURL(res.Progress.Course.Slug, res.Next.ID), fiber.StatusSeeOther)
	}
	return c.Redirect("/courses/"+res.Progress.Course.Slug, fiber.StatusSeeOther)
}

func (s *Server) progressPage(c *fiber.Ctx) error {
	all, err := s.deps.Learning.Progress(c.UserContext(), userOf(c))
	if err != nil {
		return err
	}
	data := struct {
		Courses []courseCard
		Any     bool
		Skills  []skillJSON
	}{}
	for _, p := range all {
		data.Courses = append(data.Courses, newCourseCard(p, langOf(c)))
		data.Any = data.Any || p.Started()
	}
	if data.Skills, err = s.skillsData(c); err != nil {
		return err
	}
	return s.render(c, fiber.StatusOK, "progress", &page{Data: data})
}

// courseImage serves an illustration; with the ?v= hash the lesson links
// to, it may be cached for a year.
func (s *Server) courseImage(c *fiber.Ctx) error {
	course, ok := s.deps.Learning.Catalog().Course(c.Params("slug"))
	if !ok {
		return fiber.ErrNotFound
	}
	img, ok := course.Image(c.Params("file"))
	if !ok {
		return fiber.ErrNotFound
	}
	c.Set(fiber.HeaderContentType, img.ContentType)
	c.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	if c.Query("v") == img.Hash {
		c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
	} else {
		c.Set(fiber.HeaderCacheControl, "public, max-age=300")
	}
	return c.Send(img.Data)
}

func (s *Server) offlinePage(c *fiber.Ctx) error {
	return s.render(c, fiber.StatusOK, "offline", &page{})
}

// timeZero asks Complete to date a completion now.
var timeZero time.Time

// openLesson finds the lesson of the request and the learner's progress in
// its course, and remembers it as where to resume. Only a person opening
// the lesson moves their place, not "save for offline" fetching every
// lesson in the background (Sec-Fetch-Mode: cors).
func (s *Server) openLesson(c *fiber.Ctx) (*content.Course, *content.Lesson, *learning.CourseProgress, error) {
	u := userOf(c)
	course, lesson, err := s.deps.Learning.Lesson(c.Params("slug"), c.Params("lesson"))
	if err != nil {
		return nil, nil, nil, err
	}
	p, err := s.deps.Learning.CourseProgress(c.UserContext(), u, course.Slug)
	if err != nil {
		return nil, nil, nil, err
	}
	if mode := c.Get("Sec-Fetch-Mode"); mode == "" || mode == "navigate" {
		if err := s.deps.Learning.Opened(c.UserContext(), u, p, lesson); err != nil {
			s.logger(c).Warn("remember position", "error", err.Error()) // reading matters more than resuming
		}
	}
	return course, lesson, p, nil
}
