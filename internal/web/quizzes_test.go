package web

import (
	"encoding/json"
	"net/url"
	"strings"
	"sync"
	"testing"
)

func startQuiz(t *testing.T, s *Server, token, quiz string) (int, attemptView) {
	t.Helper()
	resp, body := call(t, s, "POST", "/api/v1/quizzes/"+quiz+"/attempts", "", bearer(token))
	var a attemptView
	json.Unmarshal([]byte(body), &a)
	return resp.StatusCode, a
}

func jsonHeaders(token string) map[string]string {
	h := bearer(token)
	h["Content-Type"] = "application/json"
	return h
}

// anyAnswer is a well-formed answer for an item as the API shows it.
func anyAnswer(it itemView) string {
	switch it.Type {
	case "single", "scenario":
		return `{"choice":"` + it.Options[0].ID + `"}`
	case "multiple":
		return `{"choices":["` + it.Options[0].ID + `"]}`
	case "truefalse":
		return `{"bool":true}`
	case "ordering":
		var ids []string
		for _, st := range it.Steps {
			ids = append(ids, `"`+st.ID+`"`)
		}
		return `{"order":[` + strings.Join(ids, ",") + `]}`
	case "matching":
		return `{"matches":{"` + it.Lefts[0].ID + `":"` + it.Rights[0].ID + `"}}`
	case "numeric":
		return `{"number":113}`
	}
	return `{"text":"công an"}`
}

func TestAPIQuizAttemptLifecycle(t *testing.T) {
	s := newTestServer(t)
	token := signedIn(t, s)
	status, a := startQuiz(t, s, token, "smartphone-final")
	if status != 201 || len(a.Items) != 12 || a.Deadline == nil || a.Status != "open" {
		t.Fatalf("start: %d %+v", status, a)
	}
	for _, it := range a.Items {
		for _, o := range it.Options {
			if o.Correct != nil {
				t.Fatalf("an open final quiz shows which option is correct")
			}
		}
	}
	// Starting again resumes the same attempt.
	if status, again := startQuiz(t, s, token, "smartphone-final"); status != 200 || again.ID != a.ID {
		t.Fatalf("resume: %d %s", status, again.ID)
	}
	for _, it := range a.Items {
		resp, body := call(t, s, "PUT", "/api/v1/attempts/"+url.PathEscape(a.ID)+"/answers/"+it.ID, anyAnswer(it), jsonHeaders(token))
		if resp.StatusCode != 200 || strings.Contains(body, `"feedback"`) {
			t.Fatalf("answer %s (%s): %d %s", it.ID, it.Type, resp.StatusCode, body)
		}
	}
	// Bad answers: wrong shape, unknown item, operator object.
	for _, bad := range []struct {
		item, body string
		status     int
	}{
		{a.Items[0].ID, `{"choice":"zzz","text":"x"}`, 400},
		{"sp-999", `{"choice":"a"}`, 404},
		{a.Items[0].ID, `{"choice":{"$gt":""}}`, 400},
		{a.Items[0].ID, `{"colour":"red"}`, 400},
	} {
		if resp, body := call(t, s, "PUT", "/api/v1/attempts/"+url.PathEscape(a.ID)+"/answers/"+bad.item, bad.body, jsonHeaders(token)); resp.StatusCode != bad.status {
			t.Errorf("%s %s: %d %s, want %d", bad.item, bad.body, resp.StatusCode, body, bad.status)
		}
	}
	// Another learner sees nothing.
	call(t, s, "POST", "/api/v1/auth/register", strings.Replace(hoa, "0912 345 678", "0987 654 321", 1), nil)
	other := loginToken(t, s, "0987654321", "482915")
	if resp, _ := call(t, s, "GET", "/api/v1/attempts/"+url.PathEscape(a.ID), "", bearer(other)); resp.StatusCode != 404 {
		t.Fatalf("another learner's attempt: %d", resp.StatusCode)
	}
	// Concurrent submits with one Idempotency-Key: one result.
	var wg sync.WaitGroup
	bodies := make([]string, 6)
	for i := range bodies {
		wg.Add(1)
		go func() {
			defer wg.Done()
			h := bearer(token)
			h["Idempotency-Key"] = "retry-1"
			_, bodies[i] = call(t, s, "POST", "/api/v1/attempts/"+url.PathEscape(a.ID)+"/submit", "", h)
		}()
	}
	wg.Wait()
	var first attemptView
	json.Unmarshal([]byte(bodies[0]), &first)
	if first.Status != "submitted" || first.Result == nil {
		t.Fatalf("submit: %s", bodies[0])
	}
	for _, b := range bodies[1:] {
		var v attemptView
		json.Unmarshal([]byte(b), &v)
		if v.Result == nil || v.Result.Percent != first.Result.Percent || v.Status != "submitted" {
			t.Fatalf("retried submits disagree: %s vs %s", b, bodies[0])
		}
	}
	if resp, _ := call(t, s, "PUT", "/api/v1/attempts/"+url.PathEscape(a.ID)+"/answers/"+a.Items[0].ID, anyAnswer(a.Items[0]), jsonHeaders(token)); resp.StatusCode != 409 {
		t.Fatalf("answer after submit: %d", resp.StatusCode)
	}
	// The review setting of the final quiz shows scores, not the key.
	if first.Items[0].Score == nil || first.Items[0].Explain != "" {
		t.Fatalf("review 'answers' should show scores without explanations: %+v", first.Items[0])
	}
	// Item statistics are for trainers and officials.
	if resp, _ := call(t, s, "GET", "/api/v1/quizzes/smartphone-final/stats", "", bearer(token)); resp.StatusCode != 403 {
		t.Fatalf("a learner read item statistics: %d", resp.StatusCode)
	}
	_, body := call(t, s, "GET", "/api/v1/quizzes/smartphone-final", "", bearer(token))
	if !strings.Contains(body, `"attempts_used":1`) || !strings.Contains(body, `"counted"`) {
		t.Fatalf("quiz: %s", body)
	}
	_, body = call(t, s, "GET", "/api/v1/me/skills", "", bearer(token))
	if !strings.Contains(body, `"tag":"phone.basics"`) || !strings.Contains(body, `"level":`) {
		t.Fatalf("skills: %.300s", body)
	}
}

func TestLessonCheckThroughThePagesWithoutJavaScript(t *testing.T) {
	s := newTestServer(t)
	b := newBrowser(t, s)
	_, page := b.do("GET", "/signup?province=22", nil)
	b.do("POST", "/signup", signupForm(b.csrf(page)))
	_, page = b.do("GET", "/quizzes/smartphone-01-check", nil)
	resp, _ := b.do("POST", "/quizzes/smartphone-01-check/start", url.Values{"_csrf": {b.csrf(page)}})
	loc := resp.Header.Get("Location")
	if resp.StatusCode != 303 || !strings.HasPrefix(loc, "/attempts/") {
		t.Fatalf("start: %d %s", resp.StatusCode, loc)
	}
	_, page = b.do("GET", loc, nil)
	m := strings.Index(page, `id="q-`)
	itemID := page[m+6 : m+6+strings.Index(page[m+6:], `"`)]
	// Saving with nothing chosen is refused with a message, changing nothing.
	resp, page = b.do("POST", loc+"/answers/"+itemID, url.Values{"_csrf": {b.csrf(page)}})
	if resp.StatusCode != 400 || !strings.Contains(page, "Hãy chọn hoặc nhập câu trả lời") {
		t.Fatalf("empty answer: %d", resp.StatusCode)
	}
	form := url.Values{"_csrf": {b.csrf(page)}, "choice": {"a"}, "bool": {"true"}, "choices": {"a"}, "text": {"x"}, "number": {"1"}}
	resp, _ = b.do("POST", loc+"/answers/"+itemID, form)
	if resp.StatusCode != 303 {
		_, p := b.do("GET", loc, nil)
		t.Fatalf("save: %d\n%.500s", resp.StatusCode, p)
	}
	_, page = b.do("GET", loc, nil)
	if !strings.Contains(page, "Đúng rồi!") && !strings.Contains(page, "Chưa đúng.") {
		t.Fatalf("a lesson check shows no feedback after answering")
	}
	resp, _ = b.do("POST", loc+"/submit", url.Values{"_csrf": {b.csrf(page)}, "key": {"k1"}})
	if resp.StatusCode != 303 {
		t.Fatalf("submit: %d", resp.StatusCode)
	}
	_, page = b.do("GET", loc, nil)
	if !strings.Contains(page, "Kết quả") {
		t.Fatalf("no result after submitting")
	}
}
