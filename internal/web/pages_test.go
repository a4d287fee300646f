package web

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// browser keeps cookies between page requests, like a phone's browser.
type browser struct {
	tb      testing.TB
	s       *Server
	cookies map[string]string
}

func newBrowser(tb testing.TB, s *Server) *browser {
	return &browser{tb: tb, s: s, cookies: map[string]string{}}
}

func (b *browser) do(method, path string, form url.Values) (*http.Response, string) {
	b.tb.Helper()
	var req *http.Request
	if form != nil {
		req = httptest.NewRequest(method, path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		req = httptest.NewRequest(method, path, nil)
	}
	for k, v := range b.cookies {
		req.AddCookie(&http.Cookie{Name: k, Value: v})
	}
	resp, err := b.s.App().Test(req, -1)
	if err != nil {
		b.tb.Fatal(err)
	}
	for _, c := range resp.Cookies() {
		if c.MaxAge < 0 || c.Value == "" {
			delete(b.cookies, c.Name)
		} else {
			b.cookies[c.Name] = c.Value
		}
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, string(body)
}

var csrfInput = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

func (b *browser) csrf(page string) string {
	b.tb.Helper()
	m := csrfInput.FindStringSubmatch(page)
	if m == nil {
		b.tb.Fatalf("no CSRF field in page")
	}
	return m[1]
}

func signupForm(csrf string) url.Values {
	return url.Values{"_csrf": {csrf}, "province": {"22"}, "unit_code": {"06970"}, "phone": {"0912 345 678"},
		"name": {"Nguyễn Thị Hoa"}, "birth_year": {"1958"}, "gender": {"female"}, "password": {"482915"}}
}

func TestSignUpWithoutJavaScript(t *testing.T) {
	s := newTestServer(t)
	b := newBrowser(t, s)
	resp, page := b.do("GET", "/signup?province=22", nil)
	if resp.StatusCode != 200 || !strings.Contains(page, `<option value="06970">Xã Ba Chẽ</option>`) || !strings.Contains(page, `lang="vi"`) {
		t.Fatalf("sign-up page: %d", resp.StatusCode)
	}
	csrf := b.csrf(page)

	// A bad phone: the form comes back with the message under the field and
	// what was typed kept, except the PIN.
	form := signupForm(csrf)
	form.Set("phone", "12345")
	resp, page = b.do("POST", "/signup", form)
	if resp.StatusCode != 400 || !strings.Contains(page, `id="phone-error"`) || !strings.Contains(page, "Số điện thoại không đúng") ||
		!strings.Contains(page, `value="Nguyễn Thị Hoa"`) || strings.Contains(page, "482915") ||
		!strings.Contains(page, `<option value="06970" selected>`) {
		t.Fatalf("bad phone: %d\n%s", resp.StatusCode, page)
	}

	resp, _ = b.do("POST", "/signup", signupForm(csrf))
	if resp.StatusCode != 303 || resp.Header.Get("Location") != "/" || b.cookies[sessionCookie] == "" {
		t.Fatalf("sign-up: %d %v", resp.StatusCode, resp.Header)
	}
	_, page = b.do("GET", "/", nil)
	if !strings.Contains(page, "Xin chào, Nguyễn Thị Hoa") {
		t.Fatalf("home after sign-up lacks the greeting")
	}
	_, page = b.do("GET", "/profile", nil)
	if !strings.Contains(page, "0912345678") || !strings.Contains(page, "Xã Ba Chẽ, Tỉnh Quảng Ninh") {
		t.Fatalf("profile:\n%s", page)
	}
}

func TestFormsWithoutCSRFTokenAreRefused(t *testing.T) {
	s := newTestServer(t)
	b := newBrowser(t, s)
	_, page := b.do("GET", "/signup", nil)
	_ = b.csrf(page)
	form := signupForm("forged-token-value-of-the-wrong-size")
	resp, page := b.do("POST", "/signup", form)
	if resp.StatusCode != 403 || !strings.Contains(page, "Vui lòng tải lại trang") {
		t.Fatalf("forged CSRF: %d", resp.StatusCode)
	}
	// A fresh browser without the cookie is refused too, and nothing is created.
	fresh := newBrowser(t, s)
	if resp, _ := fresh.do("POST", "/signup", signupForm("x")); resp.StatusCode != 403 {
		t.Fatalf("no cookie: %d", resp.StatusCode)
	}
	if resp, _ := call(t, s, "POST", "/api/v1/auth/login", `{"phone":"0912345678","password":"482915"}`, nil); resp.StatusCode != 401 {
		t.Fatalf("refused forms created an account: %d", resp.StatusCode)
	}
}

func TestSignInSignOutPages(t *testing.T) {
	s := newTestServer(t)
	call(t, s, "POST", "/api/v1/auth/register", hoa, nil)
	b := newBrowser(t, s)
	resp, _ := b.do("GET", "/profile", nil)
	if resp.StatusCode != 303 || resp.Header.Get("Location") != "/signin?next=/profile" {
		t.Fatalf("profile when signed out: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	_, page := b.do("GET", "/signin?next=/profile", nil)
	csrf := b.csrf(page)
	resp, page = b.do("POST", "/signin", url.Values{"_csrf": {csrf}, "phone": {"0912345678"}, "password": {"000001"}, "next": {"/profile"}})
	if resp.StatusCode != 401 || !strings.Contains(page, "Số điện thoại hoặc mật khẩu không đúng") || !strings.Contains(page, `value="0912345678"`) {
		t.Fatalf("wrong PIN: %d", resp.StatusCode)
	}
	resp, _ = b.do("POST", "/signin", url.Values{"_csrf": {csrf}, "phone": {"0912345678"}, "password": {"482915"}, "next": {"https://evil.example/"}})
	if resp.StatusCode != 303 || resp.Header.Get("Location") != "/" {
		t.Fatalf("sign-in must not redirect off-site: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	_, page = b.do("GET", "/", nil)
	resp, _ = b.do("POST", "/signout", url.Values{"_csrf": {b.csrf(page)}})
	if resp.StatusCode != 303 {
		t.Fatalf("sign-out: %d", resp.StatusCode)
	}
	if resp, _ := b.do("GET", "/profile", nil); resp.StatusCode != 303 {
		t.Fatalf("still signed in after sign-out: %d", resp.StatusCode)
	}
}

func TestEnglishSwitchAndHeaders(t *testing.T) {
	s := newTestServer(t)
	b := newBrowser(t, s)
	resp, _ := b.do("GET", "/lang/en?next=/signin", nil)
	if resp.StatusCode != 303 || resp.Header.Get("Location") != "/signin" {
		t.Fatalf("lang switch: %d", resp.StatusCode)
	}
	resp, page := b.do("GET", "/signin", nil)
	if !strings.Contains(page, `lang="en"`) || !strings.Contains(page, "Mobile phone number") {
		t.Fatalf("English page expected")
	}
	for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy", "X-Request-Id"} {
		if resp.Header.Get(h) == "" {
			t.Errorf("missing header %s", h)
		}
	}
	resp, page = b.do("GET", "/no-such-page", nil)
	if resp.StatusCode != 404 || !strings.Contains(page, "This page was not found") {
		t.Fatalf("404 page: %d", resp.StatusCode)
	}
}

func TestStaticAssetsAreFingerprinted(t *testing.T) {
	s := newTestServer(t)
	_, page := call(t, s, "GET", "/", "", nil)
	m := regexp.MustCompile(`href="(/static/app\.[0-9a-f]{8}\.css)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no fingerprinted stylesheet in the page")
	}
	resp, body := call(t, s, "GET", m[1], "", nil)
	if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Cache-Control"), "immutable") || !strings.Contains(body, "box-sizing") {
		t.Fatalf("asset: %d %v", resp.StatusCode, resp.Header)
	}
	if resp, _ := call(t, s, "GET", "/static/app.00000000.css", "", nil); resp.StatusCode != 404 {
		t.Fatalf("stale asset name: %d", resp.StatusCode)
	}
}
