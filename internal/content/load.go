package content

import (
	"io/fs"
	"sort"

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

// Load reads the whole content tree from fsys, whose root holds
// skills.yaml and one folder per course. Paths in problems start with
// prefix. If anything is wrong it returns every problem as Problems and no
// catalog: the server does not start on broken content.
func Load(fsys fs.FS, prefix string) (*Catalog, error) {
	l := &loader{fsys: fsys, prefix: prefix, v: newValidator(), render: newRenderer()}
	cat := &Catalog{bySlug: map[string]*Course{}}
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
