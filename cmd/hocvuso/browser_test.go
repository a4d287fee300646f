package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// The phone the learners use: a 360×640 screen, touch, portrait.
const (
	browserPhoneWidth  = 360
	browserPhoneHeight = 640
	browserUserAgent   = "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/138.0.0.0 Mobile Safari/537.36"
)

// TestBrowserSignUpSignIn drives the real program with a headless Chromium
// emulating a 360×640 phone: sign-up (the commune list filled by the page's
// script, a wrong phone number, then the corrected form), the profile,
// sign-out and sign-in, and finally the JSON API sees the same account.
func TestBrowserSignUpSignIn(t *testing.T) {
	chromium := browserFindChromium(t)
	base := startBrowserTestServer(t)
	p := newBrowserPhone(t, chromium, 60*time.Second)
	p.base = base

	const (
		name      = "Nguyễn Thị Hoa"
		phoneIn   = "0912 345 678"
		phoneNorm = "0912345678"
		pin       = "482915"
		province  = "22"    // Quảng Ninh
		commune   = "06970" // Xã Ba Chẽ
	)

	// Step 1: the province. With JavaScript the "Chọn" button is hidden and
	// choosing a province fills the commune list without reloading.
	p.do("open /signup",
		chromedp.Navigate(base+"/signup"),
		chromedp.WaitVisible(chromedp.CSS("#province")),
		chromedp.WaitReady(chromedp.CSS("html.js")),
		chromedp.WaitNotVisible(chromedp.CSS("button[data-nojs]")),
	)
	p.checkLayout("signup")
	p.screenshot("signup")
	p.do("choose province 22, wait for the communes",
		browserSelect("#province", province),
		chromedp.WaitReady(chromedp.CSS(`#unit_code option[value="`+commune+`"]`)),
		browserSelect("#unit_code", commune),
	)
	if got := p.value(`input[name=province][data-province-copy]`); got != province {
		t.Errorf("hidden province field of the sign-up form = %q, want %q", got, province)
	}
	p.checkLayout("signup with communes")

	// Step 2 with a wrong phone number: the form comes back with a message
	// under the phone field and everything typed except the PIN.
	p.do("fill the form with a bad phone",
		chromedp.SendKeys(chromedp.CSS("#phone"), "12345"),
		chromedp.SendKeys(chromedp.CSS("#name"), name),
		chromedp.SendKeys(chromedp.CSS("#birth_year"), "1958"),
		chromedp.Tap(chromedp.CSS(`input[name=gender][value=female]`)),
		chromedp.SendKeys(chromedp.CSS("#password"), pin),
	)
	if got := p.value("#name"); got != name {
		t.Fatalf("typed name reads back %q, want %q", got, name)
	}
	resp := p.submit("submit sign-up with a bad phone", `form[action="/signup"][method=post] button[type=submit]`)
	if resp.Status < 400 || resp.Status > 499 {
		t.Errorf("sign-up with a bad phone: status %d, want 4xx", resp.Status)
	}
	p.do("wait for the phone error", chromedp.WaitVisible(chromedp.CSS("#phone-error")))
	if msg := p.text("#phone-error"); !strings.Contains(msg, "Số điện thoại không đúng") {
		t.Errorf("#phone-error = %q, want the Vietnamese message about the phone number", msg)
	}
	for sel, want := range map[string]string{"#name": name, "#phone": "12345", "#birth_year": "1958",
		"#unit_code": commune, "#province": province, "#password": ""} {
		if got := p.value(sel); got != want {
			t.Errorf("after the error, %s = %q, want %q", sel, got, want)
		}
	}
	if !p.eval(`document.querySelector('input[name=gender][value=female]').checked`) {
		t.Error("after the error, the gender female is no longer checked")
	}
	p.checkLayout("signup with an error")
	p.screenshot("signup-error")

	// Correct the phone, type the PIN again and sign up: home greets by name.
	p.do("correct the phone, retype the PIN",
		chromedp.Clear(chromedp.CSS("#phone")),
		chromedp.SendKeys(chromedp.CSS("#phone"), phoneIn),
		chromedp.SendKeys(chromedp.CSS("#password"), pin),
	)
	resp = p.submit("submit sign-up", `form[action="/signup"][method=post] button[type=submit]`)
	if resp.Status != http.StatusOK || !strings.HasSuffix(resp.URL, "/") {
		t.Fatalf("sign-up ended at %s with status %d, want / with 200", resp.URL, resp.Status)
	}
	if h1 := p.text("h1"); !strings.Contains(h1, "Xin chào, "+name) {
		t.Fatalf("home h1 after sign-up = %q, want it to contain %q", h1, "Xin chào, "+name)
	}
	p.checkLayout("home")

	// The profile shows the normalised phone and the commune.
	p.do("open /profile", chromedp.Navigate(base+"/profile"), chromedp.WaitVisible(chromedp.CSS("[data-phone]")))
	if got := p.text("[data-phone]"); got != phoneNorm {
		t.Errorf("profile phone = %q, want %q", got, phoneNorm)
	}
	if got := p.text("[data-unit]"); !strings.Contains(got, "Ba Chẽ") {
		t.Errorf("profile unit = %q, want it to contain %q", got, "Ba Chẽ")
	}
	p.checkLayout("profile")
	p.screenshot("profile")

	// Sign out with the header button: home no longer greets anyone.
	resp = p.submit("sign out", `header form[action="/signout"] button[type=submit]`)
	if resp.Status != http.StatusOK {
		t.Errorf("sign-out ended at %s with status %d", resp.URL, resp.Status)
	}
	p.do("wait for the sign-in link", chromedp.WaitVisible(chromedp.CSS(`header a[href="/signin"]`)))
	if h1 := p.text("h1"); strings.Contains(h1, "Xin chào") {
		t.Errorf("home h1 after sign-out = %q, still greets", h1)
	}

	// Sign in again with the phone as stored and the PIN.
	p.do("open /signin, fill it",
		chromedp.Navigate(base+"/signin"),
		chromedp.WaitVisible(chromedp.CSS("#phone")),
		chromedp.SendKeys(chromedp.CSS("#phone"), phoneNorm),
		chromedp.SendKeys(chromedp.CSS("#password"), pin),
	)
	p.checkLayout("signin")
	resp = p.submit("submit sign-in", `form[action="/signin"] button[type=submit]`)
	if resp.Status != http.StatusOK || !strings.HasSuffix(resp.URL, "/") {
		t.Fatalf("sign-in ended at %s with status %d, want / with 200", resp.URL, resp.Status)
	}
	if h1 := p.text("h1"); !strings.Contains(h1, "Xin chào, "+name) {
		t.Errorf("home h1 after sign-in = %q, want it to contain %q", h1, "Xin chào, "+name)
	}

	// The JSON API sees the same account, with the diacritics intact.
	me := browserAPIMe(t, base, phoneNorm, pin)
	if me.Name != name || me.UnitCode != commune || me.Phone != phoneNorm || me.BirthYear != 1958 || me.Gender != "female" {
		t.Errorf("GET /api/v1/me = %+v, want name %q, unit_code %s, phone %s, birth_year 1958, gender female",
			me, name, commune, phoneNorm)
	}

	p.checkConsole()
}

// browserFindChromium returns the Chromium to drive. Without one the test skips,
// except in CI (CI=true), where the browser test must run.
func browserFindChromium(t *testing.T) string {
	t.Helper()
	if st, err := os.Stat("/usr/bin/chromium"); err == nil && !st.IsDir() {
		return "/usr/bin/chromium"
	}
	if path, err := exec.LookPath("chromium"); err == nil {
		return path
	}
	const msg = "Chromium not installed; .ci/run installs it (apt-get install -y chromium)"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg + "; CI=true, so the browser test must not be skipped")
	}
	t.Skip(msg)
	return ""
}

// startBrowserTestServer runs the real program on a free port with the
// embedded database in a temporary directory, and returns its address.
func startBrowserTestServer(t *testing.T) string {
	_, base := browserStartProgram(t)
	return base
}

// browserStartProgram is startBrowserTestServer keeping the program, for
// tests that create staff accounts the way "hocvuso user create" does. Its
// log is shown only when the test fails.
func browserStartProgram(t *testing.T) (*Main, string) {
	t.Helper()
	var logs browserBuffer
	m := &Main{Config: Config{Addr: "127.0.0.1:0", DataDir: t.TempDir(), LogLevel: "info", LogFormat: "text"}}
	if err := m.Run(context.Background(), &logs); err != nil {
		t.Fatalf("start the program: %v", err)
	}
	t.Cleanup(func() {
		if err := m.Close(); err != nil {
			t.Errorf("close the program: %v", err)
		}
		if t.Failed() {
			t.Logf("server log:\n%s", logs.String())
		}
	})
	return m, "http://" + m.Addr()
}

// browserSignUp signs a learner of Xã Ba Chẽ up through /signup.
func browserSignUp(p *browserPhone, name, phone, pin, birthYear string) {
	p.t.Helper()
	p.do("open /signup, fill it",
		chromedp.Navigate(p.base+"/signup"),
		chromedp.WaitReady(chromedp.CSS("html.js")),
		browserSelect("#province", "22"),
		chromedp.WaitReady(chromedp.CSS(`#unit_code option[value="06970"]`)),
		browserSelect("#unit_code", "06970"),
		chromedp.SendKeys(chromedp.CSS("#phone"), phone),
		chromedp.SendKeys(chromedp.CSS("#name"), name),
		chromedp.SendKeys(chromedp.CSS("#birth_year"), birthYear),
		chromedp.Tap(chromedp.CSS(`input[name=gender][value=male]`)),
		chromedp.SendKeys(chromedp.CSS("#password"), pin),
	)
	resp := p.submit("submit sign-up", `form[action="/signup"][method=post] button[type=submit]`)
	if resp.Status != http.StatusOK || !strings.HasSuffix(resp.URL, "/") {
		p.t.Fatalf("sign-up ended at %s with status %d, want / with 200", resp.URL, resp.Status)
	}
	if h1 := p.text("h1"); !strings.Contains(h1, name) {
		p.t.Fatalf("home h1 after sign-up = %q, want the learner's name", h1)
	}
}

// browserPhone is one tab of a headless Chromium that emulates a phone.
type browserPhone struct {
	t     *testing.T
	ctx   context.Context
	base  string
	shots string

	mu      sync.Mutex
	console []chromedp.ConsoleMessage
}

func newBrowserPhone(t *testing.T, chromium string, timeout time.Duration) *browserPhone {
	t.Helper()
	profile := t.TempDir() // removed after the browser has exited (cleanups run last-in first-out)
	var browserLog browserBuffer
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(browserPhoneWidth, browserPhoneHeight),
		chromedp.CombinedOutput(&browserLog),
	)
	ctx, cancelTimeout := context.WithTimeout(context.Background(), timeout)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	tabCtx, cancelTab := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancelTab()
		cancelAlloc() // waits for the browser to exit
		cancelTimeout()
		if t.Failed() {
			out := browserLog.String()
			if len(out) > 4000 {
				out = "…" + out[len(out)-4000:]
			}
			t.Logf("browser output:\n%s", out)
		}
	})

	p := &browserPhone{t: t, ctx: tabCtx, shots: browserScreenshotDir(t)}
	start := time.Now()
	if err := chromedp.Do(tabCtx); err != nil { // starts the browser and opens the tab
		t.Fatalf("start %s: %v", chromium, err)
	}
	t.Logf("started %s in %v", chromium, time.Since(start).Round(time.Millisecond))
	go func() { // collected for checkConsole; ends with the tab
		for m, err := range chromedp.Console(tabCtx) {
			if err != nil {
				return
			}
			p.mu.Lock()
			p.console = append(p.console, m)
			p.mu.Unlock()
		}
	}()
	p.do("emulate a 360×640 Android phone set to Vietnamese",
		chromedp.EmulateViewport(browserPhoneWidth, browserPhoneHeight, chromedp.EmulatePortrait, chromedp.EmulateMobile, chromedp.EmulateTouch),
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := cdp.Call(ctx, t, emulation.SetUserAgentOverride, emulation.SetUserAgentOverrideParams{
				UserAgent:      browserUserAgent,
				AcceptLanguage: "vi-VN,vi",
				Platform:       "Linux armv8l",
			})
			return err
		}),
	)
	return p
}

// do runs steps, failing the test with what was being done.
func (p *browserPhone) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, steps...); err != nil {
		p.fatal(what, err)
	}
}

// submit taps a submit button and waits for the page it leads to.
func (p *browserPhone) submit(what, button string) *network.Response {
	p.t.Helper()
	resp, err := chromedp.RunResponse(p.ctx, chromedp.Tap(chromedp.CSS(button)))
	if err != nil {
		p.fatal(what, err)
	}
	return resp
}

func (p *browserPhone) text(sel string) string {
	p.t.Helper()
	s, err := chromedp.Run(p.ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		p.fatal("read the text of "+sel, err)
	}
	return strings.TrimSpace(s)
}

func (p *browserPhone) value(sel string) string {
	p.t.Helper()
	s, err := chromedp.Run(p.ctx, chromedp.Value(chromedp.CSS(sel)))
	if err != nil {
		p.fatal("read the value of "+sel, err)
	}
	return s
}

func (p *browserPhone) eval(expr string) bool {
	p.t.Helper()
	b, err := chromedp.Run(p.ctx, chromedp.Evaluate[bool](expr))
	if err != nil {
		p.fatal("evaluate "+expr, err)
	}
	return b
}

func (p *browserPhone) fatal(what string, err error) {
	p.t.Helper()
	if p.ctx.Err() != nil { // out of time: the browser is gone
		p.t.Fatalf("%s: %v", what, err)
	}
	ctx, cancel := p.afterwardsCtx()
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	cancel()
	p.screenshot("failure")
	p.t.Fatalf("%s (page %s): %v", what, loc, err)
}

// afterwardsCtx is for screenshots and diagnostics, which must work even
// when the step before them ran out of time, and must not hang when the
// browser is gone.
func (p *browserPhone) afterwardsCtx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(p.ctx), 5*time.Second)
}

// browserSelect chooses an option the way a person does: the value changes
// and the page hears "change", so its script reacts as it would to a tap.
func browserSelect(sel, value string) chromedp.Action[chromedp.Void] {
	js := fmt.Sprintf(`(() => {
  const el = document.querySelector(%s), v = %s;
  if (!el) return "no element";
  if (![...el.options].some(o => o.value === v)) return "no option with that value";
  el.value = v;
  el.dispatchEvent(new Event("input", {bubbles: true}));
  el.dispatchEvent(new Event("change", {bubbles: true}));
  return "";
})()`, browserJSString(sel), browserJSString(value))
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		if _, err := chromedp.WaitReady(chromedp.CSS(sel))(ctx, t); err != nil {
			return err
		}
		msg, err := chromedp.Evaluate[string](js)(ctx, t)
		if err == nil && msg != "" {
			err = fmt.Errorf("select %s in %s: %s", value, sel, msg)
		}
		return err
	})
}

func browserJSString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// browserLayout is what a person on a 360px phone would notice: sideways
// scrolling, tiny text and small tap targets.
type browserLayout struct {
	ClientWidth  int      `json:"clientWidth"`
	ScrollWidth  int      `json:"scrollWidth"`
	Overflowing  []string `json:"overflowing"`
	MinFontPx    float64  `json:"minFontPx"`
	MinFontOf    string   `json:"minFontOf"`
	SmallTargets []string `json:"smallTargets"`
}

const browserLayoutJS = `(() => {
  const vw = document.documentElement.clientWidth;
  const describe = el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).join(".") : "");
  const visible = el => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== "hidden" && s.display !== "none"; };
  const r = {clientWidth: vw, scrollWidth: document.documentElement.scrollWidth, overflowing: [],
    minFontPx: 1000, minFontOf: "", smallTargets: []};
  for (const el of document.body.querySelectorAll("*")) {
    if (!visible(el)) continue;
    const rect = el.getBoundingClientRect();
    if (rect.right <= 0) continue; // moved off-screen on purpose, like the skip link until it has focus
    if (rect.right > vw + 0.5 || rect.left < -0.5) r.overflowing.push(describe(el) + " [" + Math.round(rect.left) + "," + Math.round(rect.right) + "]");
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim() !== "");
    const px = parseFloat(getComputedStyle(el).fontSize);
    if (own && px < r.minFontPx) { r.minFontPx = px; r.minFontOf = describe(el); }
    if (el.matches("a, button, input, select, textarea") && el.type !== "hidden" && !el.closest("label") &&
        (rect.height < 44 || (el.type !== "radio" && el.type !== "checkbox" && rect.width < 44)))
      r.smallTargets.push(describe(el) + " " + Math.round(rect.width) + "×" + Math.round(rect.height));
  }
  return r;
})()`

// checkLayout fails when the page scrolls sideways on the 360px screen and
// logs the smallest text and the small tap targets.
func (p *browserPhone) checkLayout(page string) {
	p.t.Helper()
	r, err := chromedp.Run(p.ctx, chromedp.Evaluate[browserLayout](browserLayoutJS))
	if err != nil {
		p.fatal("measure the layout of "+page, err)
	}
	if r.ClientWidth != browserPhoneWidth {
		p.t.Errorf("%s: the page is %dpx wide, want %dpx (is the phone emulation on?)", page, r.ClientWidth, browserPhoneWidth)
	}
	if r.ScrollWidth > browserPhoneWidth {
		p.t.Errorf("%s scrolls sideways on a %dpx phone: scrollWidth %d; elements past the edge: %s",
			page, browserPhoneWidth, r.ScrollWidth, strings.Join(r.Overflowing, ", "))
	}
	p.t.Logf("%s: scrollWidth %d, smallest text %.1fpx (%s), tap targets under 44px: %v",
		page, r.ScrollWidth, r.MinFontPx, r.MinFontOf, r.SmallTargets)
}

// screenshot saves the viewport and the whole page as PNGs, into
// $HOCVUSO_SCREENSHOTS when it is set.
func (p *browserPhone) screenshot(name string) {
	p.t.Helper()
	ctx, cancel := p.afterwardsCtx()
	defer cancel()
	for _, shot := range []struct {
		suffix string
		action chromedp.Action[[]byte]
	}{{"", chromedp.CaptureScreenshot()}, {"-full", chromedp.FullScreenshot(100)}} {
		png, err := chromedp.Run(ctx, shot.action)
		if err != nil {
			p.t.Errorf("screenshot %s: %v", name, err)
			return
		}
		file := filepath.Join(p.shots, name+shot.suffix+".png")
		if err := os.WriteFile(file, png, 0o644); err != nil {
			p.t.Errorf("screenshot %s: %v", name, err)
			return
		}
		p.t.Logf("screenshot %s", file)
	}
}

func browserScreenshotDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("HOCVUSO_SCREENSHOTS")
	if dir == "" {
		return t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatalf("HOCVUSO_SCREENSHOTS: %v", err)
	}
	return dir
}

// checkConsole fails on uncaught exceptions in the pages and logs the other
// errors and warnings the pages wrote.
func (p *browserPhone) checkConsole() {
	p.t.Helper()
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, m := range p.console {
		switch {
		case m.IsException():
			p.t.Errorf("JavaScript exception in %s: %s", m.URL, m)
		case m.Type == chromedp.ConsoleError || m.Type == chromedp.ConsoleWarning:
			p.t.Logf("console %s in %s: %s", m.Type, m.URL, m)
		}
	}
}

// browserMe is the part of GET /api/v1/me the test checks.
type browserMe struct {
	Phone     string `json:"phone"`
	Name      string `json:"name"`
	BirthYear int    `json:"birth_year"`
	Gender    string `json:"gender"`
	UnitCode  string `json:"unit_code"`
	UnitName  string `json:"unit_name"`
}

// browserAPIMe logs in through the JSON API and returns the account it sees.
func browserAPIMe(t *testing.T, base, phone, password string) browserMe {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"phone": phone, "password": password})
	var login struct {
		Token string `json:"token"`
	}
	browserCallJSON(t, http.MethodPost, base+"/api/v1/auth/login", "", bytes.NewReader(body), &login)
	if login.Token == "" {
		t.Fatal("POST /api/v1/auth/login returned no token")
	}
	var me browserMe
	browserCallJSON(t, http.MethodGet, base+"/api/v1/me", login.Token, nil, &me)
	return me
}

func browserCallJSON(t *testing.T, method, url, token string, body io.Reader, out any) {
	t.Helper()
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	client := &http.Client{Timeout: 10 * time.Second}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s %s: status %d: %s", method, url, resp.StatusCode, raw)
	}
	if err := json.Unmarshal(raw, out); err != nil {
		t.Fatalf("%s %s: %v: %s", method, url, err, raw)
	}
}

// browserBuffer is a bytes.Buffer safe for the writers of the server and the
// browser and the reader of the test.
type browserBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *browserBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *browserBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
