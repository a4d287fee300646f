package web

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// call sends one request through the Fiber app and returns the response
// and its body.
func call(tb testing.TB, s *Server, method, path, body string, header map[string]string) (*http.Response, string) {
	tb.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := s.App().Test(req, -1)
	if err != nil {
		tb.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, string(b)
}

const hoa = `{"phone":"0912 345 678","password":"482915","name":"Nguyễn Thị Hoa","birth_year":1958,"gender":"female","unit_code":"06970","ethnicity":"kinh"}`

type apiError struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Fields  []struct {
			Field   string `json:"field"`
			Message string `json:"message"`
		} `json:"fields"`
		RetryAfter int `json:"retry_after_seconds"`
	} `json:"error"`
}

func bearer(token string) map[string]string {
	return map[string]string{"Authorization": "Bearer " + token}
}

func loginToken(tb testing.TB, s *Server, phone, pw string) string {
	tb.Helper()
	resp, body := call(tb, s, "POST", "/api/v1/auth/login", `{"phone":"`+phone+`","password":"`+pw+`"}`, nil)
	var out struct {
		Token string `json:"token"`
	}
	json.Unmarshal([]byte(body), &out)
	if resp.StatusCode != 200 || out.Token == "" {
		tb.Fatalf("login: %d %s", resp.StatusCode, body)
	}
	return out.Token
}

// TestAPIBadInputIsAClearErrorThatChangesNothing walks the bad inputs of the
// foundation issue: each is a 4xx naming what is wrong, never a 500, and
// afterwards the store holds exactly the one valid account.
func TestAPIBadInputIsAClearErrorThatChangesNothing(t *testing.T) {
	s := newTestServer(t)
	if resp, body := call(t, s, "POST", "/api/v1/auth/register", hoa, nil); resp.StatusCode != 201 {
		t.Fatalf("register: %d %s", resp.StatusCode, body)
	}
	other := strings.Replace(hoa, "0912 345 678", "0987 654 321", 1)
	tests := []struct {
		name, path, body string
		header           map[string]string
		status           int
		code, field      string
	}{
		{"operator in phone", "/api/v1/auth/register", strings.Replace(other, `"0987 654 321"`, `{"$gt": ""}`, 1), nil, 400, "invalid", "phone"},
		{"operator in login", "/api/v1/auth/login", `{"phone":{"$gt":""},"password":{"$gt":""}}`, nil, 400, "invalid", "phone"},
		{"operator as a string", "/api/v1/auth/login", `{"phone":"{\"$gt\": \"\"}","password":"x"}`, nil, 401, "unauthorized", ""},
		{"unknown field", "/api/v1/auth/register", strings.Replace(other, `"gender"`, `"role":"admin","gender"`, 1), nil, 400, "invalid", "role"},
		{"mistyped birth year", "/api/v1/auth/register", strings.Replace(other, `1958`, `"1958"`, 1), nil, 400, "invalid", "birth_year"},
		{"invalid UTF-8", "/api/v1/auth/register", strings.Replace(other, "Hoa", "Ho\xff", 1), nil, 400, "invalid", ""},
		{"invalid phone", "/api/v1/auth/register", strings.Replace(other, "0987 654 321", "0241 234 567", 1), nil, 400, "invalid", "phone"},
		{"province as home commune", "/api/v1/auth/register", strings.Replace(other, `"06970"`, `"22"`, 1), nil, 400, "invalid", "unit_code"},
		{"unknown unit", "/api/v1/auth/register", strings.Replace(other, `"06970"`, `"06978"`, 1), nil, 400, "invalid", "unit_code"},
		{"weak PIN", "/api/v1/auth/register", strings.Replace(other, `"482915"`, `"123456"`, 1), nil, 400, "invalid", "password"},
		{"not JSON", "/api/v1/auth/register", "phone=1", map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, 400, "invalid", ""},
		{"malformed JSON", "/api/v1/auth/register", `{"phone":`, nil, 400, "invalid", ""},
		{"two objects", "/api/v1/auth/register", other + other, nil, 400, "invalid", ""},
		{"an array", "/api/v1/auth/register", `[1,2]`, nil, 400, "invalid", ""},
		{"duplicate phone", "/api/v1/auth/register", strings.Replace(hoa, "0912 345 678", "+84912345678", 1), nil, 409, "conflict", "phone"},
		{"no token", "/api/v1/me", "", nil, 401, "unauthorized", ""},
		{"garbage token", "/api/v1/me", "", bearer("garbage"), 401, "unauthorized", ""},
		{"unknown route", "/api/v1/nothing", "", nil, 404, "not_found", ""},
		{"unknown province", "/api/v1/units?province=99", "", nil, 400, "invalid", "province"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			method := "POST"
			if tt.body == "" {
				method = "GET"
			}
			resp, body := call(t, s, method, tt.path, tt.body, tt.header)
			var e apiError
			if err := json.Unmarshal([]byte(body), &e); err != nil {
				t.Fatalf("not a JSON error: %d %q", resp.StatusCode, body)
			}
			if resp.StatusCode != tt.status || e.Error.Code != tt.code || e.Error.Message == "" {
				t.Fatalf("got %d %s, want %d %s", resp.StatusCode, body, tt.status, tt.code)
			}
			if tt.field != "" && (len(e.Error.Fields) == 0 || e.Error.Fields[0].Field != tt.field || e.Error.Fields[0].Message == "") {
				t.Fatalf("field not named: %s, want %s", body, tt.field)
			}
		})
	}
	// Nothing but the first account exists.
	resp, _ := call(t, s, "POST", "/api/v1/auth/login", `{"phone":"0987654321","password":"482915"}`, nil)
	if resp.StatusCode != 401 {
		t.Fatalf("a rejected registration created an account: %d", resp.StatusCode)
	}
}

func TestAPIMessagesFollowTheLanguage(t *testing.T) {
	s := newTestServer(t)
	bad := strings.Replace(hoa, "0912 345 678", "12345", 1)
	for lang, want := range map[string]string{"vi": "Số điện thoại không đúng", "en": "This phone number is not valid"} {
		_, body := call(t, s, "POST", "/api/v1/auth/register", bad, map[string]string{"Accept-Language": lang})
		if !strings.Contains(body, want) {
			t.Errorf("%s: %s lacks %q", lang, body, want)
		}
	}
	_, body := call(t, s, "POST", "/api/v1/auth/register", bad, map[string]string{"Cookie": "lang=en", "Accept-Language": "vi"})
	if !strings.Contains(body, "This phone number is not valid") {
		t.Errorf("the lang cookie should win: %s", body)
	}
}

func TestAPIRepeatedWrongPINsAre429WithRetryAfter(t *testing.T) {
	s := newTestServer(t)
	call(t, s, "POST", "/api/v1/auth/register", hoa, nil)
	for i := 0; i < 5; i++ {
		if resp, body := call(t, s, "POST", "/api/v1/auth/login", `{"phone":"0912345678","password":"000001"}`, nil); resp.StatusCode != 401 {
			t.Fatalf("attempt %d: %d %s", i, resp.StatusCode, body)
		}
	}
	resp, body := call(t, s, "POST", "/api/v1/auth/login", `{"phone":"0912345678","password":"482915"}`, nil)
	var e apiError
	json.Unmarshal([]byte(body), &e)
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") == "" || e.Error.RetryAfter <= 0 || !strings.Contains(e.Error.Message, "phút") {
		t.Fatalf("got %d %q Retry-After=%q", resp.StatusCode, body, resp.Header.Get("Retry-After"))
	}
}

func TestAPIAccountLifecycle(t *testing.T) {
	s := newTestServer(t)
	resp, body := call(t, s, "POST", "/api/v1/auth/register", hoa, nil)
	var u userJSON
	json.Unmarshal([]byte(body), &u)
	if resp.StatusCode != 201 || u.Phone != "0912345678" || u.UnitName != "Xã Ba Chẽ, Tỉnh Quảng Ninh" || strings.Contains(body, "argon2") {
		t.Fatalf("register: %d %s", resp.StatusCode, body)
	}
	token := loginToken(t, s, "0912345678", "482915")
	if resp, body := call(t, s, "GET", "/api/v1/me", "", bearer(token)); resp.StatusCode != 200 || !strings.Contains(body, `"name":"Nguyễn Thị Hoa"`) {
		t.Fatalf("me: %d %s", resp.StatusCode, body)
	}
	patch := `{"name":"Nguyễn Thị Hoà","birth_year":1959,"gender":"female","unit_code":"06994"}`
	req := map[string]string{"Authorization": "Bearer " + token, "Content-Type": "application/json"}
	resp, body = call(t, s, "PATCH", "/api/v1/me", patch, req)
	if resp.StatusCode != 200 || !strings.Contains(body, "Đặc khu Vân Đồn") || !strings.Contains(body, `"birth_year":1959`) {
		t.Fatalf("patch me: %d %s", resp.StatusCode, body)
	}
	resp, _ = call(t, s, "POST", "/api/v1/me/secret", `{"current_password":"482915","new_password":"730194"}`, req)
	if resp.StatusCode != 204 {
		t.Fatalf("change secret: %d", resp.StatusCode)
	}
	loginToken(t, s, "0912345678", "730194")
	if resp, _ := call(t, s, "POST", "/api/v1/auth/logout", "", bearer(token)); resp.StatusCode != 204 {
		t.Fatalf("logout: %d", resp.StatusCode)
	}
	if resp, _ := call(t, s, "GET", "/api/v1/me", "", bearer(token)); resp.StatusCode != 401 {
		t.Fatalf("me after logout: %d", resp.StatusCode)
	}
}

func TestAPIOtherUsersDataIs404(t *testing.T) {
	s := newTestServer(t)
	var a, b userJSON
	_, body := call(t, s, "POST", "/api/v1/auth/register", hoa, nil)
	json.Unmarshal([]byte(body), &a)
	_, body = call(t, s, "POST", "/api/v1/auth/register", strings.Replace(hoa, "0912 345 678", "0987 654 321", 1), nil)
	json.Unmarshal([]byte(body), &b)
	token := loginToken(t, s, "0912345678", "482915")
	if resp, _ := call(t, s, "GET", "/api/v1/users/"+a.ID, "", bearer(token)); resp.StatusCode != 200 {
		t.Fatalf("own account: %d", resp.StatusCode)
	}
	for _, id := range []string{b.ID, "does-not-exist"} {
		if resp, body := call(t, s, "GET", "/api/v1/users/"+id, "", bearer(token)); resp.StatusCode != 404 {
			t.Fatalf("%s: %d %s", id, resp.StatusCode, body)
		}
	}
}

func TestAPIUnits(t *testing.T) {
	s := newTestServer(t)
	var out unitsJSON
	_, body := call(t, s, "GET", "/api/v1/units?province=22", "", nil)
	json.Unmarshal([]byte(body), &out)
	if len(out.Units) != 54 || out.Version == "" {
		t.Fatalf("Quảng Ninh has %d units, want 54", len(out.Units))
	}
	// Labels start with the unit type, capitalised whole: "Đ" is two bytes.
	for _, want := range []string{`"label":"Đặc khu Vân Đồn"`, `"label":"Xã Ba Chẽ"`, `"label":"Phường Hạ Long"`} {
		if !strings.Contains(body, want) {
			t.Errorf("communes of 22 lack %s", want)
		}
	}
	_, body = call(t, s, "GET", "/api/v1/units", "", nil)
	json.Unmarshal([]byte(body), &out)
	if len(out.Units) != 34 {
		t.Fatalf("%d provinces, want 34", len(out.Units))
	}
	_, body = call(t, s, "GET", "/api/v1/ethnicities", "", nil)
	if !strings.Contains(body, `{"code":"kinh","number":1,"name":"Kinh"}`) {
		t.Fatalf("ethnicities: %.200s", body)
	}
	_, body = call(t, s, "GET", "/api/v1/units?q=ha%20long&limit=5", "", nil)
	if !strings.Contains(body, `"name":"Hạ Long"`) {
		t.Fatalf("search: %s", body)
	}
}

func TestCookieSessionNeedsCSRFHeaderForAPIWrites(t *testing.T) {
	s := newTestServer(t)
	call(t, s, "POST", "/api/v1/auth/register", hoa, nil)
	token := loginToken(t, s, "0912345678", "482915")
	cookies := map[string]string{"Cookie": "hv_session=" + token + "; hv_csrf=abc", "Content-Type": "application/json"}
	resp, _ := call(t, s, "POST", "/api/v1/auth/logout", "", cookies)
	if resp.StatusCode != 403 {
		t.Fatalf("cookie-authenticated write without CSRF header: %d, want 403", resp.StatusCode)
	}
	cookies["X-CSRF-Token"] = "abc"
	if resp, _ := call(t, s, "POST", "/api/v1/auth/logout", "", cookies); resp.StatusCode != 204 {
		t.Fatalf("with the header: %d", resp.StatusCode)
	}
}

// TestBodyOverTheLimitIs413 needs a real listener: the limit is enforced
// while reading the request, before Fiber's handlers run. It announces a
// 50 MB upload and sends only its start, as a client on a slow network
// would; the server must answer without waiting for the rest. A JSON body
// has a smaller limit (1 MiB) than an upload (6 MiB).
func TestBodyOverTheLimitIs413(t *testing.T) {
	s := newTestServer(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go s.Serve(ln)
	t.Cleanup(func() { s.Shutdown(context.Background()) })
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	fmt.Fprintf(conn, "POST /api/v1/auth/register HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"+
		"Accept-Language: en\r\nContent-Length: %d\r\n\r\n{\"name\":\"", 50<<20)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 413 || !strings.Contains(string(b), `"code":"too_large"`) || !strings.Contains(string(b), "The request is too large") {
		t.Fatalf("got %d %s", resp.StatusCode, b)
	}
}

func TestJSONBodyOverItsLimitIs413(t *testing.T) {
	s := newTestServer(t)
	body := `{"name":"` + strings.Repeat("a", 2<<20) + `"}`
	resp, out := call(t, s, "POST", "/api/v1/auth/register", body, nil)
	if resp.StatusCode != 413 || !strings.Contains(out, `"code":"too_large"`) {
		t.Fatalf("got %d %.200s", resp.StatusCode, out)
	}
}
