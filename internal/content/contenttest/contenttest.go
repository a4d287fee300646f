// Package contenttest helps tests load the real courses and answer the
// real question banks.
package contenttest

import (
	"testing"

	"github.com/hocvuso/hocvuso/assessments"
	"github.com/hocvuso/hocvuso/courses"
	"github.com/hocvuso/hocvuso/internal/content"
	"github.com/hocvuso/hocvuso/internal/lms"
)

// RightAnswer is an item's key, given the way a learner would give it.
func RightAnswer(it *content.Item) lms.Answer {
	var a lms.Answer
	switch it.Type {
	case content.TypeSingle, content.TypeScenario:
		for _, o := range it.Options {
			if o.Correct {
				a.Choice = o.ID
			}
		}
	case content.TypeMultiple:
		for _, o := range it.Options {
			if o.Correct {
				a.Choices = append(a.Choices, o.ID)
			}
		}
	case content.TypeTrueFalse:
		v := *it.Answer
		a.Bool = &v
	case content.TypeOrdering:
		for _, s := range it.Steps {
			a.Order = append(a.Order, s.ID)
		}
	case content.TypeMatching:
		a.Matches = map[string]string{}
		for _, p := range it.Pairs {
			a.Matches[p.ID] = p.ID
		}
	case content.TypeText:
		a.Text = it.Accept.VI[0]
	case content.TypeNumeric:
		v := it.Number.Value
		a.Number = &v
	}
	return a
}

// Catalog loads the real courses and question banks built into the
// binary, as the server does when given no --content.
func Catalog(tb testing.TB) *content.Catalog {
	tb.Helper()
	cat, err := content.Load(content.Sources{Courses: courses.FS, CoursesPrefix: "courses/", Assessments: assessments.FS, AssessmentsPrefix: "assessments/"})
	if err != nil {
		tb.Fatalf("content: %v", err)
	}
	return cat
}
