package content

import (
	"io/fs"

	"gopkg.in/yaml.v3"

	"github.com/hocvuso/hocvuso/internal/lms"
)

// Quiz kinds.
const (
	QuizLesson    = "lesson"    // a short check at the end of a lesson
	QuizFinal     = "final"     // the course's final quiz
	QuizPlacement = "placement" // the adaptive placement test, one per course, built from the bank
)

// Review settings: how much a learner sees after submitting.
const (
	ReviewNone    = "none"
	ReviewScore   = "score"
	ReviewAnswers = "answers"
	ReviewFull    = "full"
)

// Quiz is a quiz over a course's bank.
type Quiz struct {
	ID               string     `yaml:"id" validate:"required"`
	Kind             string     `yaml:"kind" validate:"required,oneof=lesson final"`
	Lesson           string     `yaml:"lesson"`
	Title            lms.Text   `yaml:"title" validate:"required"`
	Items            []string   `yaml:"items"`
	Draw             []DrawRule `yaml:"draw" validate:"omitempty,dive"`
	PassPercent      int        `yaml:"pass_percent" validate:"min=0,max=100"`
	MaxAttempts      int        `yaml:"max_attempts" validate:"min=0"`
	TimeLimitMinutes int        `yaml:"time_limit_minutes" validate:"min=0,max=180"`
	Grading          string     `yaml:"grading" validate:"omitempty,oneof=highest last"`
	Review           string     `yaml:"review" validate:"required,oneof=none score answers full"`

	Course string `yaml:"-"`
}

// DrawRule draws count items at random from the bank's items that have one
// of skills and the difficulty.
type DrawRule struct {
	Skills     []string `yaml:"skills" validate:"required,min=1"`
	Difficulty int      `yaml:"difficulty" validate:"required,min=1,max=3"`
	Count      int      `yaml:"count" validate:"required,min=1"`
}

// Matches reports whether it may be drawn by the rule.
func (r DrawRule) Matches(it *Item) bool {
	if it.Difficulty != r.Difficulty {
		return false
	}
	for _, s := range it.Skills {
		for _, want := range r.Skills {
			if s == want {
				return true
			}
		}
	}
	return false
}

// Size is how many items an attempt at the quiz has.
func (q *Quiz) Size() int {
	if len(q.Items) > 0 {
		return len(q.Items)
	}
	n := 0
	for _, r := range q.Draw {
		n += r.Count
	}
	return n
}

type quizFile struct {
	Quizzes []Quiz `yaml:"quizzes" validate:"required,min=1,dive"`
}

// loadQuizzes reads assessments/<slug>/quizzes.yaml and checks each quiz
// against the bank: listed items exist, draw rules can always be met.
func (l *loader) loadQuizzes(afs fs.FS, aprefix, slug string, course *Course, bank []*Item, items map[string]*Item, quizzes map[string]*Quiz) []*Quiz {
	path := aprefix + slug + "/quizzes.yaml"
	data, err := fs.ReadFile(afs, slug+"/quizzes.yaml")
	if err != nil {
		l.problems.add(path, 1, "a question bank needs a quizzes.yaml")
		return nil
	}
	var root yaml.Node
	var f quizFile
	if !l.decode(path, 0, data, &root, &f) {
		return nil
	}
	var out []*Quiz
	finals := 0
	for i := range f.Quizzes {
		q := &f.Quizzes[i]
		line := lineOf(&root, "quizzes", i)
		if _, dup := quizzes[q.ID]; dup || !idPattern.MatchString(q.ID) {
			l.problems.add(path, line, "quiz id %q is invalid or used twice", q.ID)
			continue
		}
		q.Course = slug
		if q.Grading == "" {
			q.Grading = "highest"
		}
		switch q.Kind {
		case QuizLesson:
			if course != nil {
				if _, ok := course.Lesson(q.Lesson); !ok {
					l.problems.add(path, line, "quiz %q: lesson %q is not in course %q", q.ID, q.Lesson, slug)
				}
			}
			if len(q.Items) < 3 || len(q.Items) > 5 || len(q.Draw) > 0 {
				l.problems.add(path, line, "quiz %q: a lesson check lists 3 to 5 items and draws none", q.ID)
			}
		case QuizFinal:
			finals++
			if len(q.Draw) == 0 || len(q.Items) > 0 {
				l.problems.add(path, line, "quiz %q: a final quiz draws its items (draw:) and lists none", q.ID)
			}
		}
		for _, id := range q.Items {
			it, ok := items[id]
			if !ok || it.Course != slug {
				l.problems.add(path, line, "quiz %q: item %q is not in this bank", q.ID, id)
			}
		}
		l.checkDraw(path, line, q, bank)
		quizzes[q.ID] = q
		out = append(out, q)
	}
	if finals != 1 {
		l.problems.add(path, 1, "a course has exactly one final quiz, found %d", finals)
	}
	return out
}

// checkDraw makes sure every attempt can be drawn. Rules draw in order,
// each excluding what the earlier ones drew; in the worst case an earlier
// rule j drew min(count_j, overlap) items from rule i's pool, so rule i
// needs count_i more than that.
func (l *loader) checkDraw(path string, line int, q *Quiz, bank []*Item) {
	pools := make([]map[string]bool, len(q.Draw))
	for i, r := range q.Draw {
		l.checkSkills(path, line, r.Skills)
		pools[i] = map[string]bool{}
		for _, it := range bank {
			if r.Matches(it) {
				pools[i][it.ID] = true
			}
		}
		need := r.Count
		for j := range i {
			overlap := 0
			for id := range pools[j] {
				if pools[i][id] {
					overlap++
				}
			}
			need += min(q.Draw[j].Count, overlap)
		}
		if len(pools[i]) < need {
			l.problems.add(path, line, "quiz %q: draw rule %d needs %d matching items in the worst case, the bank has %d",
				q.ID, i+1, need, len(pools[i]))
		}
	}
}
