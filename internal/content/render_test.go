package content

import (
	"strings"
	"testing"
	"testing/fstest"
)

// TestRenderRemovesUnsafeMarkup feeds the renderer what a careless or
// hostile author might write.
func TestRenderRemovesUnsafeMarkup(t *testing.T) {
	svg := []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><title>x</title></svg>`)
	l := &loader{fsys: fstest.MapFS{"c/lessons/images/a.svg": {Data: svg}}, prefix: "courses/", v: newValidator(), render: newRenderer()}
	c := &Course{Slug: "c", images: map[string]Image{}}
	body := "Hello <script>alert(1)</script> [click](javascript:alert(2)) <img src=x onerror=alert(3)>\n\n" +
		"![A picture](images/a.svg)\n\n## Try it yourself\n\nDo it.\n"
	out := l.renderLesson(c, "courses/c/lessons/x.en.md", "en", []byte(body), 5)
	if out == nil {
		t.Fatalf("render failed: %v", l.problems)
	}
	html := strings.ToLower(string(out.html))
	for _, bad := range []string{"<script", "javascript:", "onerror"} {
		if strings.Contains(html, bad) {
			t.Errorf("rendered HTML contains %q: %s", bad, html)
		}
	}
	if !strings.Contains(html, `src="/courses/c/images/a.svg?v=`) || !out.hasTryIt || out.links != 1 {
		t.Errorf("image not resolved or section not found: %s", html)
	}
}
