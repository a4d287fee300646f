package content

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/hocvuso/hocvuso/internal/lms"
)

// courseFile is course.yaml as written.
type courseFile struct {
	Slug       string     `yaml:"slug" validate:"required"`
	Order      int        `yaml:"order" validate:"min=0"` // position in the catalogue; 0 sorts last
	Title      lms.Text   `yaml:"title" validate:"required"`
	Summary    lms.Text   `yaml:"summary" validate:"required"`
	Skills     []string   `yaml:"skills" validate:"required,min=1"`
	Unlock     string     `yaml:"unlock" validate:"required,oneof=sequential free"`
	Completion Completion `yaml:"completion" validate:"required"`
	Lessons    []string   `yaml:"lessons" validate:"required,min=1"`
}

var idPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

func (l *loader) loadCourse(dir string) *Course {
	path := l.prefix + dir + "/course.yaml"
	data, err := fs.ReadFile(l.fsys, dir+"/course.yaml")
	if err != nil {
		l.problems.add(l.prefix+dir, 1, "a course folder needs a course.yaml")
		return nil
	}
	var root yaml.Node
	var f courseFile
	if !l.decode(path, 0, data, &root, &f) {
		return nil
	}
	if f.Slug != dir {
		l.problems.add(path, lineOf(&root, "slug"), "slug %q must equal the folder name %q", f.Slug, dir)
	}
	l.checkSkills(path, lineOf(&root, "skills"), f.Skills)
	if src, err := fs.ReadFile(l.fsys, dir+"/sources.md"); err != nil || len(strings.TrimSpace(string(src))) == 0 {
		l.problems.add(l.prefix+dir+"/sources.md", 1, "a course needs a sources.md listing the sources of its facts")
	}
	c := &Course{Slug: dir, Order: f.Order, Title: f.Title, Summary: f.Summary, Skills: f.Skills, Unlock: f.Unlock,
		Completion: f.Completion, byID: map[string]*Lesson{}, images: map[string]Image{}}
	h := sha256.New()
	h.Write(data)
	for i, id := range f.Lessons {
		line := lineOf(&root, "lessons", i)
		if !idPattern.MatchString(id) {
			l.problems.add(path, line, "lesson id %q: use lowercase letters, digits and hyphens", id)
			continue
		}
		if _, dup := c.byID[id]; dup {
			l.problems.add(path, line, "lesson %q is listed twice", id)
			continue
		}
		lesson := l.loadLesson(c, id, path, line)
		if lesson == nil {
			continue
		}
		lesson.Index = len(c.Lessons)
		c.Lessons = append(c.Lessons, lesson)
		c.byID[id] = lesson
		h.Write([]byte(lesson.Hash))
	}
	l.checkUnlisted(dir, f.Lessons)
	c.Hash = hex.EncodeToString(h.Sum(nil))
	return c
}

// checkUnlisted reports lesson files that course.yaml does not list, which
// learners would never see.
func (l *loader) checkUnlisted(dir string, listed []string) {
	entries, err := fs.ReadDir(l.fsys, dir+"/lessons")
	if err != nil {
		l.problems.add(l.prefix+dir+"/lessons", 1, "a course needs a lessons folder")
		return
	}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".md") {
			continue
		}
		id, lang, ok := splitLessonFile(name)
		if !ok {
			l.problems.add(l.prefix+dir+"/lessons/"+name, 1, "a lesson file is named <id>.vi.md or <id>.en.md")
			continue
		}
		if !slices.Contains(listed, id) {
			l.problems.add(l.prefix+dir+"/lessons/"+name, 1, "lesson %q (%s) is not listed in course.yaml", id, lang)
		}
	}
}

func splitLessonFile(name string) (id, lang string, ok bool) {
	base := strings.TrimSuffix(name, ".md")
	id, lang = strings.TrimSuffix(base, path.Ext(base)), strings.TrimPrefix(path.Ext(base), ".")
	return id, lang, slices.Contains(Languages, lang)
}

func (l *loader) checkSkills(path string, line int, tags []string) {
	if l.taxonomy == nil {
		return
	}
	for _, t := range tags {
		if _, ok := l.taxonomy.Skill(t); !ok {
			l.problems.add(path, line, "unknown skill %q (see %sskills.yaml)", t, l.prefix)
		}
	}
}
