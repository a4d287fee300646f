package content

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"slices"

	"gopkg.in/yaml.v3"

	"github.com/hocvuso/hocvuso/internal/lms"
)

// Item types.
const (
	TypeSingle    = "single"
	TypeMultiple  = "multiple"
	TypeTrueFalse = "truefalse"
	TypeOrdering  = "ordering"
	TypeMatching  = "matching"
	TypeText      = "text"
	TypeNumeric   = "numeric"
	TypeScenario  = "scenario"
)

// Item is one question of a bank.
type Item struct {
	ID          string    `yaml:"id" validate:"required"`
	Version     int       `yaml:"version" validate:"required,min=1"`
	Type        string    `yaml:"type" validate:"required,oneof=single multiple truefalse ordering matching text numeric scenario"`
	Skills      []string  `yaml:"skills" validate:"required,min=1"`
	Difficulty  int       `yaml:"difficulty" validate:"required,min=1,max=3"`
	Lesson      string    `yaml:"lesson" validate:"required"`
	Question    lms.Text  `yaml:"question" validate:"required"`
	Explanation lms.Text  `yaml:"explanation" validate:"required"`
	Options     []Option  `yaml:"options" validate:"omitempty,dive"`
	Answer      *bool     `yaml:"answer"`
	Steps       []Step    `yaml:"steps" validate:"omitempty,dive"`
	Pairs       []Pair    `yaml:"pairs" validate:"omitempty,dive"`
	Accept      *Accepted `yaml:"accept"`
	Number      *Number   `yaml:"number"`
	Scenario    *Scenario `yaml:"scenario"`

	Course string `yaml:"-"`
	Hash   string `yaml:"-"` // of the item's definition; with Version, what an attempt keeps
}

// Option is a choice of a single, multiple or scenario item.
type Option struct {
	ID      string   `yaml:"id" validate:"required"`
	Text    lms.Text `yaml:"text" validate:"required"`
	Correct bool     `yaml:"correct"`
}

// Step is one step of an ordering item, listed in the correct order.
type Step struct {
	ID   string   `yaml:"id" validate:"required"`
	Text lms.Text `yaml:"text" validate:"required"`
}

// Pair is one correct match of a matching item.
type Pair struct {
	ID    string   `yaml:"id" validate:"required"`
	Left  lms.Text `yaml:"left" validate:"required"`
	Right lms.Text `yaml:"right" validate:"required"`
}

// Accepted are the accepted answers of a text item, per language.
type Accepted struct {
	VI []string `yaml:"vi" validate:"required,min=1"`
	EN []string `yaml:"en" validate:"required,min=1"`
}

// Number is the answer of a numeric item.
type Number struct {
	Value     float64 `yaml:"value"`
	Tolerance float64 `yaml:"tolerance" validate:"min=0"`
}

// Scenario is the screen a scenario item shows.
type Scenario struct {
	Kind string   `yaml:"kind" validate:"required,oneof=sms call web app"`
	From string   `yaml:"from" validate:"required"`
	Time string   `yaml:"time"`
	Body lms.Text `yaml:"body" validate:"required"`
	Scam *bool    `yaml:"scam" validate:"required"`
}

type bankFile struct {
	Items []Item `yaml:"items" validate:"required,min=1,dive"`
}

// loadBank reads assessments/<slug>/items.yaml.
func (l *loader) loadBank(afs fs.FS, aprefix, slug string, course *Course, items map[string]*Item) []*Item {
	path := aprefix + slug + "/items.yaml"
	data, err := fs.ReadFile(afs, slug+"/items.yaml")
	if err != nil {
		l.problems.add(path, 1, "a question bank needs an items.yaml")
		return nil
	}
	var root yaml.Node
	var f bankFile
	if !l.decode(path, 0, data, &root, &f) {
		return nil
	}
	var out []*Item
	for i := range f.Items {
		it := &f.Items[i]
		line := lineOf(&root, "items", i)
		if !idPattern.MatchString(it.ID) {
			l.problems.add(path, line, "item id %q: use lowercase letters, digits and hyphens", it.ID)
			continue
		}
		if _, dup := items[it.ID]; dup {
			l.problems.add(path, line, "item %q is defined twice", it.ID)
			continue
		}
		it.Course = slug
		l.checkSkills(path, line, it.Skills)
		if course != nil {
			if _, ok := course.Lesson(it.Lesson); !ok {
				l.problems.add(path, line, "item %q: lesson %q is not in course %q", it.ID, it.Lesson, slug)
			}
		}
		for _, msg := range checkItemShape(it) {
			l.problems.add(path, line, "item %q: %s", it.ID, msg)
		}
		def, _ := json.Marshal(it)
		sum := sha256.Sum256(def)
		it.Hash = hex.EncodeToString(sum[:])
		items[it.ID] = it
		out = append(out, it)
	}
	return out
}

// checkItemShape checks the fields each type needs, and that a type does
// not carry another type's fields by mistake.
func checkItemShape(it *Item) []string {
	var bad []string
	need := func(ok bool, format string, args ...any) {
		if !ok {
			bad = append(bad, fmt.Sprintf(format, args...))
		}
	}
	correct := 0
	ids := map[string]bool{}
	for _, o := range it.Options {
		if o.Correct {
			correct++
		}
		need(!ids[o.ID], "option id %q is used twice", o.ID)
		ids[o.ID] = true
	}
	has := map[string]bool{"options": len(it.Options) > 0, "answer": it.Answer != nil, "steps": len(it.Steps) > 0,
		"pairs": len(it.Pairs) > 0, "accept": it.Accept != nil, "number": it.Number != nil, "scenario": it.Scenario != nil}
	uses := map[string][]string{
		TypeSingle: {"options"}, TypeMultiple: {"options"}, TypeTrueFalse: {"answer"}, TypeOrdering: {"steps"},
		TypeMatching: {"pairs"}, TypeText: {"accept"}, TypeNumeric: {"number"}, TypeScenario: {"options", "scenario"},
	}[it.Type]
	for _, field := range []string{"options", "answer", "steps", "pairs", "accept", "number", "scenario"} {
		want := slices.Contains(uses, field)
		need(!want || has[field], "a %s item needs %s", it.Type, field)
		need(want || !has[field], "a %s item does not take %s", it.Type, field)
	}
	switch it.Type {
	case TypeSingle, TypeScenario:
		need(len(it.Options) >= 2 && len(it.Options) <= 5, "needs 2 to 5 options")
		need(correct == 1, "needs exactly one correct option, has %d", correct)
	case TypeMultiple:
		need(len(it.Options) >= 3 && len(it.Options) <= 6, "needs 3 to 6 options")
		need(correct >= 2 && correct < len(it.Options), "needs at least two correct options and one wrong, has %d correct", correct)
	case TypeOrdering:
		need(len(it.Steps) >= 3 && len(it.Steps) <= 6, "needs 3 to 6 steps")
	case TypeMatching:
		need(len(it.Pairs) >= 3 && len(it.Pairs) <= 5, "needs 3 to 5 pairs")
	}
	return dedupe(bad)
}

func dedupe(s []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, v := range s {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}
