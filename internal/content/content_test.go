package content_test

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hocvuso/hocvuso/internal/content"
	"github.com/hocvuso/hocvuso/internal/sqlite"
)

// realCourses is the repository's content folder.
const realCourses = "../../courses"

// sources reads the courses in dir and the question banks beside it.
func sources(dir string) content.Sources {
	return content.Sources{Courses: os.DirFS(dir), CoursesPrefix: "courses/",
		Assessments: os.DirFS(filepath.Join(filepath.Dir(dir), "assessments")), AssessmentsPrefix: "assessments/"}
}

func mustLoad(tb testing.TB, dir string) *content.Catalog {
	tb.Helper()
	cat, err := content.Load(sources(dir))
	if err != nil {
		tb.Fatalf("content has problems:\n%v", err)
	}
	return cat
}

// TestRealContentLoadsAndRenders renders every lesson of the real courses
// in both languages.
func TestRealContentLoadsAndRenders(t *testing.T) {
	cat := mustLoad(t, realCourses)
	want := map[string]bool{"smartphone": true, "public-services": true, "scam-awareness": true, "ai-basics": true}
	for _, c := range cat.Courses {
		delete(want, c.Slug)
		if len(c.Lessons) < 6 {
			t.Errorf("%s has %d lessons, want at least 6", c.Slug, len(c.Lessons))
		}
		for _, l := range c.Lessons {
			for _, lang := range content.Languages {
				txt := l.Text(lang)
				html := string(txt.HTML)
				if txt.Title == "" || len(html) < 1000 || !strings.Contains(html, "<img") || !strings.Contains(html, "<h2") {
					t.Errorf("%s/%s (%s): rendered lesson looks empty or lacks its picture or sections", c.Slug, l.ID, lang)
				}
				if strings.Contains(strings.ToLower(html), "<script") || strings.Contains(html, "javascript:") {
					t.Errorf("%s/%s (%s): unsafe HTML survived rendering", c.Slug, l.ID, lang)
				}
				if txt.Words < 300 || txt.Words > 900 {
					t.Errorf("%s/%s (%s): %d words", c.Slug, l.ID, lang, txt.Words)
				}
			}
		}
	}
	for slug := range want {
		t.Errorf("course %s is missing", slug)
	}
}

// copyCourses copies the real content (courses/ and assessments/) into a
// temporary folder to break, and returns the courses folder.
func copyCourses(tb testing.TB) string {
	tb.Helper()
	root := tb.TempDir()
	if err := os.CopyFS(filepath.Join(root, "assessments"), os.DirFS("../../assessments")); err != nil {
		tb.Fatal(err)
	}
	dst := filepath.Join(root, "courses")
	err := filepath.WalkDir(realCourses, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(realCourses, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		tb.Fatal(err)
	}
	return dst
}

func edit(tb testing.TB, path string, fn func(string) string) {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	out := fn(string(data))
	if out == string(data) {
		tb.Fatalf("edit of %s changed nothing", path)
	}
	if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
		tb.Fatal(err)
	}
}

// firstLesson returns the id of the first lesson of the smartphone course.
func firstLesson(tb testing.TB, cat *content.Catalog) (*content.Course, *content.Lesson) {
	c, ok := cat.Course("smartphone")
	if !ok {
		tb.Fatal("no smartphone course")
	}
	return c, c.Lessons[0]
}

// TestCheckReportsEachKindOfProblem breaks a copy of the real content in
// each way the check must catch, and expects a path:line message for it.
func TestCheckReportsEachKindOfProblem(t *testing.T) {
	cat := mustLoad(t, realCourses)
	_, l1 := firstLesson(t, cat)
	course := "smartphone"
	lessonVI := course + "/lessons/" + l1.ID + ".vi.md"
	lessonEN := course + "/lessons/" + l1.ID + ".en.md"
	tests := []struct {
		name   string
		break_ func(dir string)
		want   string // "path:line: fragment"; line may be "*" for any
	}{
		{"YAML syntax", func(d string) {
			edit(t, filepath.Join(d, course, "course.yaml"), func(s string) string { return strings.Replace(s, "unlock:", "unlock: [", 1) })
		}, "courses/smartphone/course.yaml:*: "},
		{"required field", func(d string) {
			edit(t, filepath.Join(d, course, "course.yaml"), func(s string) string { return strings.Replace(s, "unlock: sequential", "unlock: ''", 1) })
		}, "courses/smartphone/course.yaml:*: unlock: is required"},
		{"unknown field", func(d string) {
			edit(t, filepath.Join(d, lessonVI), func(s string) string { return strings.Replace(s, "\nminutes:", "\ncolour: red\nminutes:", 1) })
		}, "courses/" + lessonVI + ":*: field colour not found"},
		{"duplicate lesson id", func(d string) {
			edit(t, filepath.Join(d, course, "course.yaml"), func(s string) string {
				return strings.Replace(s, "  - "+l1.ID+"\n", "  - "+l1.ID+"\n  - "+l1.ID+"\n", 1)
			})
		}, "courses/smartphone/course.yaml:*: lesson \"" + l1.ID + "\" is listed twice"},
		{"unknown skill", func(d string) {
			edit(t, filepath.Join(d, lessonEN), func(s string) string { return strings.Replace(s, "skills: [", "skills: [phone.juggling, ", 1) })
		}, "courses/" + lessonEN + ":2: unknown skill \"phone.juggling\""},
		{"listed but missing", func(d string) {
			edit(t, filepath.Join(d, course, "course.yaml"), func(s string) string {
				return strings.Replace(s, "  - "+l1.ID+"\n", "  - "+l1.ID+"\n  - 99-ghost\n", 1)
			})
		}, "courses/smartphone/course.yaml:*: lesson \"99-ghost\" has no Vietnamese version"},
		{"file not listed", func(d string) {
			data, _ := os.ReadFile(filepath.Join(d, lessonVI))
			os.WriteFile(filepath.Join(d, course, "lessons", "98-extra.vi.md"), data, 0o644)
		}, "courses/smartphone/lessons/98-extra.vi.md:1: lesson \"98-extra\" (vi) is not listed in course.yaml"},
		{"language missing", func(d string) { os.Remove(filepath.Join(d, lessonEN)) },
			"courses/smartphone/course.yaml:*: lesson \"" + l1.ID + "\" has no English version"},
		{"broken image link", func(d string) {
			edit(t, filepath.Join(d, lessonVI), func(s string) string { return strings.Replace(s, "](images/", "](images/missing-", 1) })
		}, "courses/" + lessonVI + ":*: image \"images/missing-"},
		{"image without alt text", func(d string) {
			edit(t, filepath.Join(d, lessonVI), func(s string) string {
				i := strings.Index(s, "![")
				j := strings.Index(s[i:], "](")
				return s[:i+2] + s[i+j:]
			})
		}, "courses/" + lessonVI + ":*: image \"images/"},
		{"script in an SVG", func(d string) {
			imgs, _ := filepath.Glob(filepath.Join(d, course, "lessons", "images", "*.svg"))
			edit(t, imgs[0], func(s string) string { return strings.Replace(s, "</svg>", "<script>alert(1)</script></svg>", 1) })
		}, "contains a script"},
		{"too short", func(d string) {
			edit(t, filepath.Join(d, lessonVI), func(s string) string {
				i := strings.Index(s[4:], "---") + 4 + 4
				return s[:i] + "\nNgắn quá.\n\n![Ảnh](" + strings.SplitN(strings.SplitN(s, "](", 2)[1], ")", 2)[0] + ")\n\n## Tự làm thử\n\nThử.\n"
			})
		}, "courses/" + lessonVI + ":*: the lesson has "},
		{"no try-it section", func(d string) {
			edit(t, filepath.Join(d, lessonEN), func(s string) string { return strings.Replace(s, "## Try it yourself", "## Practice", 1) })
		}, "courses/" + lessonEN + ":*: the lesson needs a section \"## Try it yourself\""},
		{"id differs from file name", func(d string) {
			edit(t, filepath.Join(d, lessonVI), func(s string) string { return strings.Replace(s, "id: "+l1.ID, "id: other-id", 1) })
		}, "courses/" + lessonVI + ":2: id \"other-id\" must equal"},
		{"skill defined twice", func(d string) {
			edit(t, filepath.Join(d, "skills.yaml"), func(s string) string {
				return strings.Replace(s, "  - tag: phone.settings", "  - tag: phone.basics", 1)
			})
		}, "courses/skills.yaml:*: skill \"phone.basics\" is defined twice"},
		{"no sources", func(d string) { os.Remove(filepath.Join(d, course, "sources.md")) },
			"courses/smartphone/sources.md:1: a course needs a sources.md"},
		{"multiple-choice item with one right option", func(d string) {
			edit(t, bank(d), func(s string) string { return strings.Replace(s, "type: single", "type: multiple", 1) })
		}, "needs at least two correct options and one wrong, has 1 correct"},
		{"unknown item type", func(d string) {
			edit(t, bank(d), func(s string) string { return strings.Replace(s, "type: single", "type: essay", 1) })
		}, "assessments/smartphone/items.yaml:*: items[0].type: must be one of"},
		{"item for an unknown lesson", func(d string) {
			edit(t, bank(d), func(s string) string { return strings.Replace(s, "lesson: "+l1.ID, "lesson: 42-nowhere", 1) })
		}, "lesson \"42-nowhere\" is not in course \"smartphone\""},
		{"quiz lists an unknown item", func(d string) {
			edit(t, quizzes(d), func(s string) string { return strings.Replace(s, "items: [sp-", "items: [sp-999, sp-", 1) })
		}, "assessments/smartphone/quizzes.yaml:*: quiz \"smartphone-01-check\": item \"sp-999\" is not in this bank"},
		{"draw rule the bank cannot meet", func(d string) {
			edit(t, quizzes(d), func(s string) string { return strings.Replace(s, "count: 1", "count: 99", 1) })
		}, "assessments/smartphone/quizzes.yaml:*: quiz \"smartphone-final\": draw rule"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := copyCourses(t)
			tt.break_(dir)
			_, err := content.Load(sources(dir))
			var problems content.Problems
			if !errors.As(err, &problems) {
				t.Fatalf("broken content loaded without problems (err %v)", err)
			}
			if !matchesProblem(problems, tt.want) {
				t.Fatalf("no problem matching %q in:\n%v", tt.want, problems)
			}
		})
	}
}

func bank(coursesDir string) string {
	return filepath.Join(filepath.Dir(coursesDir), "assessments", "smartphone", "items.yaml")
}

func quizzes(coursesDir string) string {
	return filepath.Join(filepath.Dir(coursesDir), "assessments", "smartphone", "quizzes.yaml")
}

// matchesProblem accepts "path:*: text" for any line.
func matchesProblem(ps content.Problems, want string) bool {
	for _, p := range ps {
		s := p.String()
		if strings.Contains(want, ":*: ") {
			head, tail, _ := strings.Cut(want, ":*: ")
			if strings.HasPrefix(s, head+":") && strings.Contains(s, tail) && p.Line > 0 {
				return true
			}
		} else if strings.Contains(s, want) {
			return true
		}
	}
	return false
}

// TestSyncWritesOnlyChanges checks versioning by content hash: a restart
// with the same files writes nothing; an edited lesson writes that lesson
// and its course.
func TestSyncWritesOnlyChanges(t *testing.T) {
	store, err := sqlite.Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	ctx, now := context.Background(), time.Now()
	dir := copyCourses(t)
	cat := mustLoad(t, dir)
	items := 0
	for _, c := range cat.Courses {
		items += 1 + len(c.Lessons)
	}
	if n, err := content.Sync(ctx, store, cat, now); err != nil || n != items {
		t.Fatalf("first sync wrote %d of %d items, %v", n, items, err)
	}
	if n, err := content.Sync(ctx, store, mustLoad(t, dir), now); err != nil || n != 0 {
		t.Fatalf("unchanged content rewrote %d items, %v", n, err)
	}
	_, l1 := firstLesson(t, cat)
	edit(t, filepath.Join(dir, "smartphone", "lessons", l1.ID+".en.md"), func(s string) string { return s + "\nOne more sentence.\n" })
	cat2 := mustLoad(t, dir)
	if n, err := content.Sync(ctx, store, cat2, now); err != nil || n != 2 {
		t.Fatalf("one edited lesson wrote %d items, want 2 (lesson and course), %v", n, err)
	}
	_, l1v2 := firstLesson(t, cat2)
	if _, err := store.ContentVersion(ctx, "lesson", "smartphone/"+l1.ID, l1.Hash); err != nil {
		t.Fatalf("the old version is gone: %v", err)
	}
	cur, err := store.CurrentContent(ctx, "lesson", "smartphone/"+l1.ID)
	if err != nil || cur.Hash != l1v2.Hash || cur.Hash == l1.Hash {
		t.Fatalf("current version not the edited one: %v", err)
	}
}
