package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/hocvuso/hocvuso/internal/content"
	"github.com/hocvuso/hocvuso/internal/lms"
)

//go:embed templates
var templateFS embed.FS

// views holds every page template, each parsed once with the layout.
type views struct {
	pages map[string]*template.Template
}

func loadViews(a *assets) (*views, error) {
	funcs := template.FuncMap{"asset": a.url,
		"deref":   func(b *bool) bool { return b != nil && *b },
		"minutes": func(sec int) int { return (sec + 59) / 60 },
		"inc":     func(i int) int { return i + 1 },
		"pct": func(v int) string { // -1: nothing to divide by
			if v < 0 {
				return "–"
			}
			return strconv.Itoa(v) + "%"
		},
		"days": func(v float64) string {
			if v < 0 {
				return "–"
			}
			return strconv.FormatFloat(v, 'f', 1, 64)
		},
		"barEnd": func(w int) int { return chartLabelW + w + 2 },
	}
	layout, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html")
	if err != nil {
		return nil, fmt.Errorf("web: layout: %w", err)
	}
	files, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	v := &views{pages: map[string]*template.Template{}}
	for _, f := range files {
		name := strings.TrimSuffix(strings.TrimPrefix(f, "templates/"), ".html")
		if name == "layout" {
			continue
		}
		t, err := template.Must(layout.Clone()).ParseFS(templateFS, f)
		if err != nil {
			return nil, fmt.Errorf("web: template %s: %w", name, err)
		}
		v.pages[name] = t
	}
	return v, nil
}

// page is what every template receives.
type page struct {
	Lang      string
	HTMLClass string
	Title     string
	User      *lms.User
	CSRF      string
	Path      string
	Data      any
	// Errors maps field names to messages; Error is the form's summary.
	Error     string
	Errors    map[string]string
	taxonomy  *content.Taxonomy
	FieldList []fieldLink // the same, in order, for the summary at the top
}

// T returns the UI string key in the page's language.
func (p *page) T(key string) string { return uiText(key).In(p.Lang) }

// render executes the named page template with the layout.
func (s *Server) render(c *fiber.Ctx, status int, name string, p *page) error {
	t, ok := s.views.pages[name]
	if !ok {
		return lms.Internal("web: render", fmt.Errorf("no template %q", name))
	}
	p.Lang, p.User, p.CSRF, p.Path = langOf(c), userOf(c), csrfOf(c), c.Path()
	p.HTMLClass = htmlClass(prefsOf(c))
	if s.deps.Learning != nil {
		p.taxonomy = s.deps.Learning.Catalog().Taxonomy
	}
	if p.Title == "" {
		p.Title = p.T(name + ".title")
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", p); err != nil {
		return lms.Internal("web: render "+name, err)
	}
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Status(status).Send(buf.Bytes())
}

// renderError shows an error as a page.
func (s *Server) renderError(c *fiber.Ctx, status int, e *lms.Error) error {
	p := &page{Error: e.Message.In(langOf(c)), Data: status}
	if err := s.render(c, status, "error", p); err != nil {
		c.Set(fiber.HeaderContentType, fiber.MIMETextPlainCharsetUTF8)
		return c.Status(status).SendString(e.Message.In(langOf(c)))
	}
	return nil
}

// formErrors turns an error into the form's summary and per-field messages.
// It returns false for errors a form cannot show (internal ones).
func formErrors(p *page, err error, lang string) bool {
	e := lms.AsError(err)
	if e.Code == lms.EINTERNAL {
		return false
	}
	p.Error = e.Message.In(lang)
	p.Errors = map[string]string{}
	for _, f := range e.Fields {
		p.Errors[f.Field] = f.Message.In(lang)
		p.FieldList = append(p.FieldList, fieldLink{Field: f.Field, Message: f.Message.In(lang)})
	}
	return true
}

// FieldError returns the message for one form field, or "".
func (p *page) FieldError(field string) string { return p.Errors[field] }

// fieldLink is one line of a form's error summary, linking to the field.
type fieldLink struct {
	Field, Message string
}

// SkillName is a skill's name in the page's language.
func (p *page) SkillName(tag string) string {
	if p.taxonomy != nil {
		if sk, ok := p.taxonomy.Skill(tag); ok {
			return sk.Name.In(p.Lang)
		}
	}
	return tag
}
