package web

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hocvuso/hocvuso/internal/cert/credential"
	"github.com/hocvuso/hocvuso/internal/content"
)

// rightJSON is an item's key as an API answer body.
func rightJSON(it *content.Item) string {
	switch it.Type {
	case content.TypeSingle, content.TypeScenario:
		for _, o := range it.Options {
			if o.Correct {
				return `{"choice":"` + o.ID + `"}`
			}
		}
	case content.TypeMultiple:
		var ids []string
		for _, o := range it.Options {
			if o.Correct {
				ids = append(ids, `"`+o.ID+`"`)
			}
		}
		return `{"choices":[` + strings.Join(ids, ",") + `]}`
	case content.TypeTrueFalse:
		return fmt.Sprintf(`{"bool":%v}`, *it.Answer)
	case content.TypeOrdering:
		var ids []string
		for _, s := range it.Steps {
			ids = append(ids, `"`+s.ID+`"`)
		}
		return `{"order":[` + strings.Join(ids, ",") + `]}`
	case content.TypeMatching:
		var m []string
		for _, p := range it.Pairs {
			m = append(m, `"`+p.ID+`":"`+p.ID+`"`)
		}
		return `{"matches":{` + strings.Join(m, ",") + `}}`
	case content.TypeText:
		b, _ := json.Marshal(map[string]string{"text": it.Accept.VI[0]})
		return string(b)
	case content.TypeNumeric:
		return fmt.Sprintf(`{"number":%v}`, it.Number.Value)
	}
	return ""
}

// finishCourse completes a course through the API as a learner would.
func finishCourse(t *testing.T, s *Server, token, slug string) {
	t.Helper()
	course, _ := s.deps.Learning.Catalog().Course(slug)
	for _, l := range course.Lessons {
		if resp, body := call(t, s, "POST", "/api/v1/courses/"+slug+"/lessons/"+l.ID+"/complete", "", bearer(token)); resp.StatusCode != 200 {
			t.Fatalf("complete %s: %d %s", l.ID, resp.StatusCode, body)
		}
	}
	_, a := startQuiz(t, s, token, course.FinalQuiz().ID)
	for _, it := range a.Items {
		item, _ := s.deps.Learning.Catalog().Item(it.ID)
		if resp, body := call(t, s, "PUT", "/api/v1/attempts/"+url.PathEscape(a.ID)+"/answers/"+it.ID, rightJSON(item), jsonHeaders(token)); resp.StatusCode != 200 {
			t.Fatalf("answer: %d %s", resp.StatusCode, body)
		}
	}
	if resp, body := call(t, s, "POST", "/api/v1/attempts/"+url.PathEscape(a.ID)+"/submit", "", bearer(token)); resp.StatusCode != 200 || !strings.Contains(body, `"passed":true`) {
		t.Fatalf("submit: %d %.300s", resp.StatusCode, body)
	}
}

func TestCertificateIssuedVerifiedAndRevoked(t *testing.T) {
	s := newTestServer(t)
	token := signedIn(t, s)
	_, body := call(t, s, "GET", "/api/v1/me/certificates", "", bearer(token))
	if !strings.Contains(body, `"certificates":[]`) {
		t.Fatalf("certificates before finishing: %s", body)
	}
	finishCourse(t, s, token, "ai-basics")
	_, body = call(t, s, "GET", "/api/v1/me/certificates", "", bearer(token))
	var mine struct {
		Certificates []certificateJSON `json:"certificates"`
	}
	json.Unmarshal([]byte(body), &mine)
	if len(mine.Certificates) != 1 || mine.Certificates[0].Status != "valid" {
		t.Fatalf("after finishing: %s", body)
	}
	code := mine.Certificates[0].Code
	// The public page, without signing in.
	resp, page := call(t, s, "GET", "/verify/"+code, "", nil)
	if resp.StatusCode != 200 || !strings.Contains(page, `data-status="valid"`) || !strings.Contains(page, "Nguyễn Thị Hoa") {
		t.Fatalf("verify page: %d", resp.StatusCode)
	}
	_, page = call(t, s, "GET", "/verify/"+code+"?masked=1", "", nil)
	if !strings.Contains(page, "N. T. Hoa") || strings.Contains(page, "Nguyễn Thị Hoa") {
		t.Fatal("the masked page shows the full name")
	}
	// The credential verifies against the published keys.
	_, jwt := call(t, s, "GET", "/api/v1/certificates/"+code+"/credential", "", nil)
	_, jwks := call(t, s, "GET", "/.well-known/jwks.json", "", nil)
	keys, err := credential.ParseJWKS([]byte(jwks))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := credential.Verify(jwt, keys, time.Now()); err != nil {
		t.Fatalf("the published credential does not verify with the published keys: %v", err)
	}
	if resp, body := call(t, s, "GET", "/.well-known/did.json", "", nil); resp.StatusCode != 200 || !strings.Contains(body, "did:web:hocvuso.example.vn") {
		t.Fatalf("did document: %d %.200s", resp.StatusCode, body)
	}
	// Bad codes: a clear answer, never a 500, never valid.
	for _, bad := range []string{"NOPE", "ZZZZZZZZZZ", "%7B%22%24gt%22%3A%22%22%7D", strings.Repeat("A", 200)} {
		if resp, body := call(t, s, "GET", "/api/v1/certificates/"+bad, "", nil); resp.StatusCode != 404 || strings.Contains(body, "valid") {
			t.Errorf("code %q: %d %s", bad, resp.StatusCode, body)
		}
		if resp, page := call(t, s, "GET", "/verify/"+bad, "", nil); resp.StatusCode != 404 || strings.Contains(page, `data-status`) {
			t.Errorf("page %q: %d", bad, resp.StatusCode)
		}
	}
	// A learner cannot revoke; an official of the province can.
	if resp, _ := call(t, s, "POST", "/api/v1/certificates/"+code+"/revoke", `{"reason":"Cấp nhầm người"}`, jsonHeaders(token)); resp.StatusCode != 404 {
		t.Fatalf("a learner revoked: %d", resp.StatusCode)
	}
	official := staffToken(t, s, "0933000009", "official", "22")
	if resp, body := call(t, s, "POST", "/api/v1/certificates/"+code+"/revoke", `{"reason":"Cấp nhầm người"}`, jsonHeaders(official)); resp.StatusCode != 200 || !strings.Contains(body, `"status":"revoked"`) {
		t.Fatalf("revoke: %d %s", resp.StatusCode, body)
	}
	if resp, _ := call(t, s, "POST", "/api/v1/certificates/"+code+"/revoke", `{"reason":"Cấp nhầm người"}`, jsonHeaders(official)); resp.StatusCode != 409 {
		t.Fatalf("revoking twice: %d", resp.StatusCode)
	}
	_, page = call(t, s, "GET", "/verify/"+code, "", nil)
	if !strings.Contains(page, `data-status="revoked"`) || !strings.Contains(page, "Cấp nhầm người") || strings.Contains(page, `data-status="valid"`) {
		t.Fatal("the page does not show the revocation")
	}
	_, list := call(t, s, "GET", "/api/v1/status/1", "", nil)
	claims, err := credential.Verify(list, keys, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	cred, _ := credential.Verify(jwt, keys, time.Now())
	index, _ := strconv.Atoi(fmt.Sprint(cred["credentialStatus"].(map[string]any)["statusListIndex"]))
	if set, _ := credential.StatusAt(claims["credentialSubject"].(map[string]any)["encodedList"].(string), index); !set {
		t.Fatal("the status list does not show the revocation")
	}
	// The learner downloads the PDF; another learner cannot.
	b := newBrowser(t, s)
	b.cookies[sessionCookie] = token
	if resp, pdf := b.do("GET", "/certificates/"+code+".pdf", nil); resp.StatusCode != 200 || !strings.HasPrefix(pdf, "%PDF") {
		t.Fatalf("pdf: %d", resp.StatusCode)
	}
	o := newBrowser(t, s)
	o.cookies[sessionCookie] = official
	if resp, _ := o.do("GET", "/certificates/"+code+".pdf", nil); resp.StatusCode != 404 {
		t.Fatalf("someone else's PDF: %d", resp.StatusCode)
	}
}
