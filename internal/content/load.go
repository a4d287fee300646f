package content

import (
	"io/fs"
	"sort"

	"github.com/hocvuso/hocvuso/internal/lms"

	"github.com/go-playground/validator/v10"
)

// loader carries the state of one load: where files are, what is known so
// far, and every problem found.
type loader struct {
	fsys     fs.FS
	prefix   string // how paths are shown, e.g. "courses/"
	v        *validator.Validate
	render   *renderer
	taxonomy *Taxonomy
	problems Problems
}

// Sources are where content is read from: the courses folder (skills.yaml
// and one folder per course) and the assessments folder (one folder per
// course, optional). Prefixes are how paths are shown in problems.
type Sources struct {
	Courses           fs.FS
	CoursesPrefix     string
	Assessments       fs.FS // nil: no question banks
	AssessmentsPrefix string
}

// Load reads all the content. If anything is wrong it returns every
// problem as Problems and no catalog: the server does not start on broken
// content.
func Load(src Sources) (*Catalog, error) {
	fsys, prefix := src.Courses, src.CoursesPrefix
	l := &loader{fsys: fsys, prefix: prefix, v: newValidator(), render: newRenderer()}
	cat := &Catalog{bySlug: map[string]*Course{}, items: map[string]*Item{}, quizzes: map[string]*Quiz{}}
	l.taxonomy = l.loadTaxonomy()
	cat.Taxonomy = l.taxonomy
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		l.problems.add(prefix, 1, "cannot read the content folder: %v", err)
		return nil, l.problems
	}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		if c := l.loadCourse(e.Name()); c != nil {
			cat.Courses = append(cat.Courses, c)
			cat.bySlug[c.Slug] = c
		}
	}
	if len(cat.Courses) == 0 && len(l.problems) == 0 {
		l.problems.add(prefix, 1, "no course found")
	}
	if src.Assessments != nil {
		l.loadAssessments(src.Assessments, src.AssessmentsPrefix, cat)
	}
	for _, c := range cat.Courses {
		if c.Completion.Quiz == QuizFinal && c.FinalQuiz() == nil {
			l.problems.add(prefix+c.Slug+"/course.yaml", 1, "completion needs the final quiz, but the course has none")
		}
	}
	if len(l.problems) > 0 {
		return nil, l.problems.sorted()
	}
	sort.Slice(cat.Courses, func(i, j int) bool {
		a, b := cat.Courses[i], cat.Courses[j]
		if (a.Order == 0) != (b.Order == 0) {
			return b.Order == 0
		}
		if a.Order != b.Order {
			return a.Order < b.Order
		}
		return a.Slug < b.Slug
	})
	return cat, nil
}

// loadAssessments reads one folder per course from afs.
func (l *loader) loadAssessments(afs fs.FS, aprefix string, cat *Catalog) {
	entries, err := fs.ReadDir(afs, ".")
	if err != nil {
		l.problems.add(aprefix, 1, "cannot read the assessments folder: %v", err)
		return
	}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		slug := e.Name()
		course, ok := cat.bySlug[slug]
		if !ok {
			l.problems.add(aprefix+slug, 1, "no course %q for this question bank", slug)
			continue
		}
		course.Bank = l.loadBank(afs, aprefix, slug, course, cat.items)
		course.Quizzes = l.loadQuizzes(afs, aprefix, slug, course, course.Bank, cat.items, cat.quizzes)
		sort.SliceStable(course.Quizzes, func(i, j int) bool {
			return quizOrder(course, course.Quizzes[i]) < quizOrder(course, course.Quizzes[j])
		})
		if len(course.Bank) > 0 {
			p := &Quiz{ID: slug + "-placement", Kind: QuizPlacement, Course: slug, Grading: "last", Review: ReviewScore,
				Title: lms.Text{VI: "Kiểm tra đầu vào", EN: "Placement test"}}
			cat.quizzes[p.ID] = p
		}
	}
}

func quizOrder(c *Course, q *Quiz) int {
	if l, ok := c.Lesson(q.Lesson); ok && q.Kind == QuizLesson {
		return l.Index
	}
	return len(c.Lessons)
}
