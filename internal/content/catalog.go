package content

import (
	"html/template"

	"github.com/hocvuso/hocvuso/internal/lms"
)

// Unlock rules of a course.
const (
	UnlockSequential = "sequential" // a lesson opens once the one before is completed
	UnlockFree       = "free"       // any order
)

// Catalog is all the content, loaded once at start-up and read-only after.
type Catalog struct {
	Taxonomy *Taxonomy
	Courses  []*Course // in catalogue order

	bySlug  map[string]*Course
	items   map[string]*Item
	quizzes map[string]*Quiz
}

// Item returns a bank item by id.
func (c *Catalog) Item(id string) (*Item, bool) {
	it, ok := c.items[id]
	return it, ok
}

// Quiz returns a quiz by id, including each course's placement test
// ("<slug>-placement").
func (c *Catalog) Quiz(id string) (*Quiz, bool) {
	q, ok := c.quizzes[id]
	return q, ok
}

// Course returns the course with slug.
func (c *Catalog) Course(slug string) (*Course, bool) {
	co, ok := c.bySlug[slug]
	return co, ok
}

// Course is one course and its lessons in order.
type Course struct {
	Slug       string
	Order      int
	Title      lms.Text
	Summary    lms.Text
	Skills     []string
	Unlock     string
	Completion Completion
	Lessons    []*Lesson
	Hash       string  // of course.yaml and every lesson and image
	Bank       []*Item // the course's question bank, in file order
	Quizzes    []*Quiz // lesson checks in lesson order, then the final quiz

	byID   map[string]*Lesson
	images map[string]Image // by file name, as served
}

// Completion says when a course counts as completed.
type Completion struct {
	Lessons string `yaml:"lessons" validate:"required,oneof=all"`
	Quiz    string `yaml:"quiz" validate:"omitempty,oneof=final"` // "final": the final quiz passed too
}

// FinalQuiz is the course's final quiz, or nil.
func (c *Course) FinalQuiz() *Quiz {
	for _, q := range c.Quizzes {
		if q.Kind == QuizFinal {
			return q
		}
	}
	return nil
}

// LessonQuiz is the check at the end of lesson id, or nil.
func (c *Course) LessonQuiz(id string) *Quiz {
	for _, q := range c.Quizzes {
		if q.Kind == QuizLesson && q.Lesson == id {
			return q
		}
	}
	return nil
}

// Lesson returns the lesson with id.
func (c *Course) Lesson(id string) (*Lesson, bool) {
	l, ok := c.byID[id]
	return l, ok
}

// Image returns an image of the course by file name.
func (c *Course) Image(name string) (Image, bool) {
	img, ok := c.images[name]
	return img, ok
}

// Minutes is the estimated time of all lessons.
func (c *Course) Minutes() int {
	n := 0
	for _, l := range c.Lessons {
		n += l.Minutes
	}
	return n
}

// Image is an illustration served with a course.
type Image struct {
	Data        []byte
	ContentType string
	Hash        string // short hex, for cache-busting URLs
}

// Lesson is one lesson in both languages.
type Lesson struct {
	ID         string
	CourseSlug string
	Index      int // 0-based position in the course
	Skills     []string
	Minutes    int
	Hash       string // of both language files and their images

	text map[string]*LessonText // "vi", "en"
}

// LessonText is a lesson in one language.
type LessonText struct {
	Title    string
	Markdown string
	HTML     template.HTML // rendered and sanitised once, at load
	Words    int
}

// Text returns the lesson in lang, Vietnamese when lang is anything else.
func (l *Lesson) Text(lang string) *LessonText {
	if t, ok := l.text[lang]; ok {
		return t
	}
	return l.text["vi"]
}

// Title returns the title in both languages.
func (l *Lesson) Title() lms.Text {
	return lms.Text{VI: l.text["vi"].Title, EN: l.text["en"].Title}
}

// Languages are the languages every lesson is written in, the first the
// default.
var Languages = []string{"vi", "en"}
