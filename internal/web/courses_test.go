package web

import (
	"encoding/json"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

type coursesBody struct {
	Courses []courseJSON `json:"courses"`
}

func signedIn(t *testing.T, s *Server) string {
	t.Helper()
	if resp, body := call(t, s, "POST", "/api/v1/auth/register", hoa, nil); resp.StatusCode != 201 {
		t.Fatalf("register: %d %s", resp.StatusCode, body)
	}
	return loginToken(t, s, "0912345678", "482915")
}

func smartphone(t *testing.T, s *Server, token string) courseJSON {
	t.Helper()
	h := map[string]string{}
	if token != "" {
		h = bearer(token)
	}
	resp, body := call(t, s, "GET", "/api/v1/courses/smartphone", "", h)
	var c courseJSON
	if err := json.Unmarshal([]byte(body), &c); err != nil || resp.StatusCode != 200 || len(c.Lessons) < 6 {
		t.Fatalf("course: %d %.300s", resp.StatusCode, body)
	}
	return c
}

func TestAPICatalogue(t *testing.T) {
	s := newTestServer(t)
	_, body := call(t, s, "GET", "/api/v1/courses", "", nil)
	var out coursesBody
	json.Unmarshal([]byte(body), &out)
	slugs := map[string]bool{}
	for _, c := range out.Courses {
		slugs[c.Slug] = true
		if c.Progress != nil || c.LessonCount < 6 || c.Title == "" || c.Version == "" {
			t.Errorf("anonymous catalogue entry %+v", c)
		}
	}
	for _, want := range []string{"smartphone", "public-services", "scam-awareness", "ai-basics"} {
		if !slugs[want] {
			t.Errorf("catalogue lacks %s", want)
		}
	}
	token := signedIn(t, s)
	_, body = call(t, s, "GET", "/api/v1/courses", "", bearer(token))
	json.Unmarshal([]byte(body), &out)
	if out.Courses[0].Progress == nil || out.Courses[0].Progress.Completed != 0 {
		t.Fatalf("signed-in catalogue lacks progress: %.300s", body)
	}
	_, bodyEN := call(t, s, "GET", "/api/v1/courses", "", map[string]string{"Accept-Language": "en"})
	if bodyEN == body || !strings.Contains(bodyEN, `"title":"Using a smartphone"`) {
		t.Errorf("English catalogue: %.300s", bodyEN)
	}
}

func TestAPICompleteLessonsInOrderAndIdempotently(t *testing.T) {
	s := newTestServer(t)
	token := signedIn(t, s)
	c := smartphone(t, s, token)
	l1, l2 := c.Lessons[0], c.Lessons[1]
	if l1.Locked || !l2.Locked {
		t.Fatalf("sequential course: first open, second locked; got %+v %+v", l1, l2)
	}
	complete := func(id, body string) (int, completeJSON, string) {
		h := bearer(token)
		if body != "" {
			h["Content-Type"] = "application/json"
		}
		resp, b := call(t, s, "POST", "/api/v1/courses/smartphone/lessons/"+id+"/complete", body, h)
		var out completeJSON
		json.Unmarshal([]byte(b), &out)
		return resp.StatusCode, out, b
	}
	if status, _, body := complete(l2.ID, ""); status != 409 || !strings.Contains(body, "bài trước") {
		t.Fatalf("completing lesson 2 first: %d %s", status, body)
	}
	// Completed offline an hour ago, sent now.
	at := time.Now().Add(-time.Hour).UTC().Truncate(time.Second)
	status, out, body := complete(l1.ID, `{"completed_at":"`+at.Format(time.RFC3339)+`"}`)
	if status != 200 || !out.FirstTime || out.Progress.Completed != 1 || out.Next != l2.ID {
		t.Fatalf("complete lesson 1: %d %s", status, body)
	}
	// The offline queue sends it again: same answer, counted once.
	status, out, _ = complete(l1.ID, `{"completed_at":"`+at.Format(time.RFC3339)+`"}`)
	if status != 200 || out.FirstTime || out.Progress.Completed != 1 {
		t.Fatalf("repeat: %d %+v", status, out)
	}
	if status, _, _ := complete(l2.ID, `{"completed_at":"2999-01-01T00:00:00Z"}`); status != 200 {
		t.Fatalf("lesson 2 after lesson 1: %d", status)
	}
	_, body = call(t, s, "GET", "/api/v1/me/progress", "", bearer(token))
	var prog coursesBody
	json.Unmarshal([]byte(body), &prog)
	for _, pc := range prog.Courses {
		if pc.Slug == "smartphone" && (pc.Progress.Completed != 2 || !pc.Lessons[1].Completed || pc.Lessons[2].Locked) {
			t.Fatalf("progress: %+v", pc)
		}
	}
	for _, bad := range []struct{ path, body string }{
		{"/api/v1/courses/nope/lessons/x/complete", ""},
		{"/api/v1/courses/smartphone/lessons/nope/complete", ""},
	} {
		if resp, _ := call(t, s, "POST", bad.path, bad.body, bearer(token)); resp.StatusCode != 404 {
			t.Errorf("%s: %d, want 404", bad.path, resp.StatusCode)
		}
	}
	h := bearer(token)
	h["Content-Type"] = "application/json"
	if resp, _ := call(t, s, "POST", "/api/v1/courses/smartphone/lessons/"+l1.ID+"/complete", `{"completed_at":"yesterday"}`, h); resp.StatusCode != 400 {
		t.Errorf("bad completed_at: %d, want 400", resp.StatusCode)
	}
	if resp, _ := call(t, s, "POST", "/api/v1/courses/smartphone/lessons/"+l1.ID+"/complete", "", nil); resp.StatusCode != 401 {
		t.Errorf("anonymous complete: %d, want 401", resp.StatusCode)
	}
}

func TestLessonPagesForVisitorsAndLearners(t *testing.T) {
	s := newTestServer(t)
	c := smartphone(t, s, "")
	first := "/courses/smartphone/lessons/" + c.Lessons[0].ID
	b := newBrowser(t, s)
	resp, page := b.do("GET", first, nil)
	if resp.StatusCode != 200 || !strings.Contains(page, `id="lesson-text"`) || !strings.Contains(page, "Tự làm thử") ||
		strings.Contains(page, "data-complete") || !strings.Contains(page, "Đăng nhập để lưu tiến độ") {
		t.Fatalf("visitor lesson page: %d", resp.StatusCode)
	}
	// Sign up through the pages, then read and complete without JavaScript.
	_, page = b.do("GET", "/signup?province=22", nil)
	if resp, _ := b.do("POST", "/signup", signupForm(b.csrf(page))); resp.StatusCode != 303 {
		t.Fatalf("sign-up: %d", resp.StatusCode)
	}
	_, page = b.do("GET", first, nil)
	if !strings.Contains(page, "data-complete") {
		t.Fatalf("learner lesson page has no completion form")
	}
	resp, _ = b.do("POST", first+"/complete", url.Values{"_csrf": {b.csrf(page)}})
	second := "/courses/smartphone/lessons/" + c.Lessons[1].ID
	if resp.StatusCode != 303 || resp.Header.Get("Location") != second {
		t.Fatalf("complete form: %d → %s, want %s", resp.StatusCode, resp.Header.Get("Location"), second)
	}
	b.do("GET", second, nil)
	_, page = b.do("GET", "/courses/smartphone", nil)
	if !strings.Contains(page, "Học tiếp") || !strings.Contains(page, "Đã học 1/") {
		t.Fatalf("course page does not offer to resume:\n%s", page)
	}
	_, page = b.do("GET", "/progress", nil)
	if !strings.Contains(page, `data-course="smartphone"`) || !regexp.MustCompile(`<span data-done>1/\d+</span>`).MatchString(page) {
		t.Fatalf("progress page:\n%s", page)
	}
	if resp, _ := b.do("GET", "/courses/nope", nil); resp.StatusCode != 404 {
		t.Fatalf("unknown course page: %d", resp.StatusCode)
	}
}

func TestReadingSettingsAreRemembered(t *testing.T) {
	s := newTestServer(t)
	visitor := newBrowser(t, s)
	_, page := visitor.do("GET", "/settings", nil)
	resp, _ := visitor.do("POST", "/settings", url.Values{"_csrf": {visitor.csrf(page)}, "text_size": {"150"}, "high_contrast": {"1"}})
	if resp.StatusCode != 303 || visitor.cookies["prefs"] != "150c" {
		t.Fatalf("visitor settings: %d %v", resp.StatusCode, visitor.cookies)
	}
	_, page = visitor.do("GET", "/courses", nil)
	if !strings.Contains(page, `<html lang="vi" class="ts-150 hc">`) {
		t.Fatalf("settings not applied: %.200s", page)
	}
	// A learner's settings follow them to another phone.
	token := signedIn(t, s)
	h := bearer(token)
	h["Content-Type"] = "application/json"
	if resp, body := call(t, s, "PUT", "/api/v1/me/prefs", `{"text_size":200,"high_contrast":false}`, h); resp.StatusCode != 200 {
		t.Fatalf("put prefs: %d %s", resp.StatusCode, body)
	}
	if resp, _ := call(t, s, "PUT", "/api/v1/me/prefs", `{"text_size":175,"high_contrast":false}`, h); resp.StatusCode != 400 {
		t.Fatalf("bad size: %d", resp.StatusCode)
	}
	other := newBrowser(t, s)
	other.cookies[sessionCookie] = loginToken(t, s, "0912345678", "482915")
	_, page = other.do("GET", "/courses", nil)
	if !strings.Contains(page, `class="ts-200"`) {
		t.Fatalf("settings did not follow the learner: %.200s", page)
	}
}

func TestImagesAndServiceWorker(t *testing.T) {
	s := newTestServer(t)
	c := smartphone(t, s, "")
	_, page := call(t, s, "GET", "/courses/smartphone/lessons/"+c.Lessons[0].ID, "", nil)
	m := regexp.MustCompile(`src="(/courses/smartphone/images/[^"]+)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no illustration in the lesson")
	}
	resp, body := call(t, s, "GET", strings.ReplaceAll(m[1], "&amp;", "&"), "", nil)
	if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Cache-Control"), "immutable") || !strings.Contains(body, "<svg") {
		t.Fatalf("image: %d %v", resp.StatusCode, resp.Header)
	}
	if resp, _ := call(t, s, "GET", "/courses/smartphone/images/nope.svg", "", nil); resp.StatusCode != 404 {
		t.Fatalf("missing image: %d", resp.StatusCode)
	}
	resp, body = call(t, s, "GET", "/sw.js", "", nil)
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/javascript") ||
		!regexp.MustCompile(`/static/app\.[0-9a-f]{8}\.js`).MatchString(body) {
		t.Fatalf("service worker: %d %.200s", resp.StatusCode, body)
	}
}
