package content

import (
	"bytes"
	"html/template"
	"strings"
	"unicode"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

// renderer turns lesson Markdown into safe HTML. Raw HTML in the Markdown
// is dropped by goldmark (it is not in unsafe mode), and the result is
// sanitised again by an allow-list, so no author mistake reaches a
// learner's browser as script.
type renderer struct {
	md     goldmark.Markdown
	policy *bluemonday.Policy
}

func newRenderer() *renderer {
	p := bluemonday.UGCPolicy()
	p.AllowAttrs("loading", "width", "height").OnElements("img")
	p.RequireNoFollowOnLinks(true)
	p.AddTargetBlankToFullyQualifiedLinks(true)
	return &renderer{md: goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough)), policy: p}
}

// renderedLesson is a lesson body after rendering, with what the checks
// need to know about it.
type renderedLesson struct {
	html     template.HTML
	words    int
	hasTryIt bool
	links    int // image links, resolved or not
	images   []Image
}

// renderLesson renders body, checking and resolving its images against
// the course's lessons/images folder.
func (l *loader) renderLesson(c *Course, path, lang string, body []byte, bodyLine int) *renderedLesson {
	doc := l.render.md.Parser().Parse(text.NewReader(body))
	out := &renderedLesson{}
	err := ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Image:
			out.links++
			line := bodyLine + lineIn(body, string(n.Destination))
			img, ok := l.resolveImage(c, path, line, string(n.Destination), plainText(n, body))
			if ok {
				out.images = append(out.images, img)
				n.Destination = []byte(imageURL(c.Slug, string(n.Destination), img))
				n.SetAttributeString("loading", []byte("lazy"))
			}
			return ast.WalkSkipChildren, nil // alt text is not lesson text
		case *ast.Heading:
			if n.Level == 2 && strings.TrimSpace(plainText(n, body)) == tryItHeading[lang] {
				out.hasTryIt = true
			}
		case *ast.Text:
			out.words += countWords(n.Segment.Value(body))
		}
		return ast.WalkContinue, nil
	})
	if err != nil {
		l.problems.add(path, bodyLine, "cannot render: %v", err)
		return nil
	}
	var buf bytes.Buffer
	if err := l.render.md.Renderer().Render(&buf, body, doc); err != nil {
		l.problems.add(path, bodyLine, "cannot render: %v", err)
		return nil
	}
	out.html = template.HTML(l.render.policy.SanitizeBytes(buf.Bytes()))
	return out
}

// plainText is the text inside an inline container, as a reader sees it.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			b.Write(t.Segment.Value(src))
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// countWords counts runs of letters or digits; Vietnamese syllables count
// one each, as people count words in Vietnamese writing.
func countWords(b []byte) int {
	return len(strings.FieldsFunc(string(b), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r) }))
}

// lineIn is the 0-based line of the first occurrence of s in src.
func lineIn(src []byte, s string) int {
	i := bytes.Index(src, []byte(s))
	if i < 0 {
		return 0
	}
	return bytes.Count(src[:i], []byte("\n"))
}
