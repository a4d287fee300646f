package content

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// frontMatter is the YAML block at the top of a lesson file.
type frontMatter struct {
	ID      string   `yaml:"id" validate:"required"`
	Title   string   `yaml:"title" validate:"required"`
	Skills  []string `yaml:"skills" validate:"required,min=1"`
	Minutes int      `yaml:"minutes" validate:"required,min=1,max=60"`
}

// Word limits of a lesson body, per language.
const (
	minWords = 300
	maxWords = 900
)

// tryItHeading is the practice section every lesson ends with.
var tryItHeading = map[string]string{"vi": "Tự làm thử", "en": "Try it yourself"}

// loadLesson reads both language files of lesson id. listPath and listLine
// locate the lesson in course.yaml, where a missing file is reported.
func (l *loader) loadLesson(c *Course, id, listPath string, listLine int) *Lesson {
	lesson := &Lesson{ID: id, CourseSlug: c.Slug, text: map[string]*LessonText{}}
	h := sha256.New()
	var skills [][]string
	ok := true
	for _, lang := range Languages {
		file := c.Slug + "/lessons/" + id + "." + lang + ".md"
		data, err := fs.ReadFile(l.fsys, file)
		if err != nil {
			l.problems.add(listPath, listLine, "lesson %q has no %s version (%s%s)", id, languageName[lang], l.prefix, file)
			ok = false
			continue
		}
		h.Write(data)
		fm, text, imgs := l.parseLessonFile(c, l.prefix+file, lang, data)
		if fm == nil {
			ok = false
			continue
		}
		if fm.ID != id {
			l.problems.add(l.prefix+file, 2, "id %q must equal the file name's %q", fm.ID, id)
		}
		l.checkSkills(l.prefix+file, 2, fm.Skills)
		skills = append(skills, fm.Skills)
		lesson.Skills, lesson.Minutes = fm.Skills, fm.Minutes
		lesson.text[lang] = text
		for _, img := range imgs {
			h.Write(img.Data)
		}
	}
	if len(skills) == 2 && !slices.Equal(sorted(skills[0]), sorted(skills[1])) {
		l.problems.add(l.prefix+c.Slug+"/lessons/"+id+".en.md", 2, "skills differ between the Vietnamese and English versions")
	}
	if !ok {
		return nil
	}
	lesson.Hash = hex.EncodeToString(h.Sum(nil))
	return lesson
}

var languageName = map[string]string{"vi": "Vietnamese", "en": "English"}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

// parseLessonFile splits front matter from the body, checks both, and
// renders the body.
func (l *loader) parseLessonFile(c *Course, path, lang string, data []byte) (*frontMatter, *LessonText, []Image) {
	head, body, bodyLine, found := splitFrontMatter(data)
	if !found {
		l.problems.add(path, 1, "a lesson starts with front matter between two --- lines")
		return nil, nil, nil
	}
	var root yaml.Node
	var fm frontMatter
	if !l.decode(path, 1, head, &root, &fm) {
		return nil, nil, nil
	}
	doc := l.renderLesson(c, path, lang, body, bodyLine)
	if doc == nil {
		return nil, nil, nil
	}
	if doc.words < minWords || doc.words > maxWords {
		l.problems.add(path, bodyLine, "the lesson has %d words; write %d to %d", doc.words, minWords, maxWords)
	}
	if !doc.hasTryIt {
		l.problems.add(path, bodyLine, "the lesson needs a section \"## %s\"", tryItHeading[lang])
	}
	if doc.links == 0 {
		l.problems.add(path, bodyLine, "the lesson needs at least one illustration")
	}
	return &fm, &LessonText{Title: fm.Title, Markdown: string(body), HTML: doc.html, Words: doc.words}, doc.images
}

// splitFrontMatter returns the YAML between the first two "---" lines, the
// rest, and the line number the rest starts on.
func splitFrontMatter(data []byte) (head, body []byte, bodyLine int, ok bool) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if !bytes.HasPrefix(data, []byte("---\n")) && !bytes.HasPrefix(data, []byte("---\r\n")) {
		return nil, nil, 0, false
	}
	lines := strings.SplitAfter(string(data), "\n")
	for i := 1; i < len(lines); i++ {
		if strings.TrimRight(lines[i], "\r\n") == "---" {
			return []byte(strings.Join(lines[1:i], "")), []byte(strings.Join(lines[i+1:], "")), i + 2, true
		}
	}
	return nil, nil, 0, false
}
