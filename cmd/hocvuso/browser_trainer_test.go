package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/hocvuso/hocvuso/internal/auth"
)

// TestBrowserTrainerClass follows a trainer on a 360×640 phone through a
// class: the team and the class are created on the dashboard, a learner
// who signed up on their own joins with the class code, a second learner
// is registered on their behalf, attendance is taken with the tap list,
// and the cohort grid shows both. The JSON API sees the same class.
func TestBrowserTrainerClass(t *testing.T) {
	chromium := browserFindChromium(t)
	m, base := browserStartProgram(t)
	p := newBrowserPhone(t, chromium, 40*time.Second)
	p.base = base

	const (
		trainerName  = "Hoàng Văn Tuấn"
		trainerPhone = "0933000001"
		trainerPass  = "s3cret-pass"
		commune      = "06970" // Xã Ba Chẽ, Quảng Ninh
		teamName     = "Đội xung kích xã Ba Chẽ"
		className    = "Lớp thôn Làng Mới"
		place        = "Nhà văn hóa thôn"
		course       = "smartphone"

		learner1Name  = "Đặng Văn Sơn"
		learner1Phone = "0977 555 111"
		learner1PIN   = "518243"

		learner2Name  = "Lò Thị Xuân"
		learner2Phone = "0977 555 222"
		learner2PIN   = "730194"
	)

	// 1. The trainer account, made as "hocvuso user create" makes it.
	if _, err := m.auth.CreateStaff(context.Background(), "", auth.StaffInput{Phone: "0933 000 001", Password: trainerPass,
		Name: trainerName, Role: "trainer", UnitCode: commune}); err != nil {
		t.Fatalf("create the trainer: %v", err)
	}

	// 2. Sign in, create the team, then the class.
	browserTrainerSignIn(p, trainerPhone, trainerPass)
	p.do("open /trainer", chromedp.Navigate(base+"/trainer"), chromedp.WaitVisible(chromedp.CSS("h1")))
	if p.eval(`!!document.querySelector('form[action="/trainer/class"]')`) {
		t.Error("/trainer offers the class form before the trainer has a team")
	}
	p.checkLayout("trainer dashboard, empty")
	p.do("open “Lập đội mới” and fill it",
		chromedp.Tap(chromedp.CSS(`details:has(form[action="/trainer/team"]) > summary`)),
		chromedp.WaitVisible(chromedp.CSS("#t-name")),
		chromedp.SendKeys(chromedp.CSS("#t-name"), teamName),
		chromedp.SendKeys(chromedp.CSS("#t-unit"), commune),
	)
	resp := p.submit("create the team", `form[action="/trainer/team"] button[type=submit]`)
	if resp.Status != http.StatusOK || !strings.Contains(resp.URL, "/trainer") {
		t.Fatalf("creating the team ended at %s with status %d, want /trainer with 200", resp.URL, resp.Status)
	}
	p.do("wait for the class form", chromedp.WaitReady(chromedp.CSS(`form[action="/trainer/class"]`)))
	if body := p.text("main"); !strings.Contains(body, teamName) || !strings.Contains(body, "Ba Chẽ") {
		t.Errorf("dashboard after creating the team does not list %q in Ba Chẽ:\n%s", teamName, body)
	}

	tomorrow := time.Now().In(browserTrainerICT).AddDate(0, 0, 1)
	session := tomorrow.Format("2006-01-02") + "T08:00"
	p.do("open “Mở lớp mới” and fill it",
		chromedp.Tap(chromedp.CSS(`details:has(form[action="/trainer/class"]) > summary`)),
		chromedp.WaitVisible(chromedp.CSS("#c-name")),
		chromedp.SendKeys(chromedp.CSS("#c-name"), className),
		chromedp.SendKeys(chromedp.CSS("#c-unit"), commune),
		chromedp.SendKeys(chromedp.CSS("#c-place"), place),
		browserTrainerSetValue("#c-s1", session),
		chromedp.Tap(chromedp.CSS(`input[name=courses][value=`+course+`]`)),
		chromedp.Clear(chromedp.CSS("#c-cap")),
		chromedp.SendKeys(chromedp.CSS("#c-cap"), "30"),
	)
	if got := p.browserTrainerString(`document.querySelector("#c-team").selectedOptions[0]?.text ?? ""`); got != teamName {
		t.Errorf("team chosen in the class form = %q, want %q", got, teamName)
	}
	if !p.eval(`document.querySelector('input[name=courses][value=` + course + `]').checked`) {
		t.Errorf("course %s is not checked after tapping it", course)
	}
	if got := p.value("#c-s1"); got != session {
		t.Errorf("first session = %q, want %q", got, session)
	}
	p.checkLayout("trainer dashboard, class form open")
	p.screenshot("trainer-dashboard")

	resp = p.submit("create the class", `form[action="/trainer/class"] button[type=submit]`)
	classURL := resp.URL
	match := regexp.MustCompile(`^` + regexp.QuoteMeta(base) + `/classes/([^/?#]+)$`).FindStringSubmatch(classURL)
	if resp.Status != http.StatusOK || match == nil {
		t.Fatalf("creating the class ended at %s with status %d, want /classes/<id> with 200", classURL, resp.Status)
	}
	classID := match[1]
	p.do("wait for the join code and the QR code",
		chromedp.WaitVisible(chromedp.CSS("[data-join-code]")),
		chromedp.WaitVisible(chromedp.CSS("svg.qr")),
	)
	if h1 := p.text("h1"); h1 != className {
		t.Errorf("class page h1 = %q, want %q", h1, className)
	}
	if meta := p.text("main p.meta"); !strings.Contains(meta, "Ba Chẽ") || !strings.Contains(meta, place) {
		t.Errorf("class page meta = %q, want the commune and %q", meta, place)
	}
	code := p.text("[data-join-code]")
	if !regexp.MustCompile(`^[0-9A-Z]{6}$`).MatchString(code) {
		t.Fatalf("join code = %q, want 6 capital letters or digits", code)
	}
	qr, err := chromedp.Run(p.ctx, chromedp.Evaluate[browserTrainerBox](`(() => {
  const q = document.querySelector("svg.qr"), r = q.getBoundingClientRect();
  return {w: r.width, h: r.height, left: r.left, right: r.right, label: q.getAttribute("aria-label") || "",
    paths: q.querySelectorAll("path").length};
})()`))
	if err != nil {
		p.fatal("measure the QR code", err)
	}
	if qr.W < 150 || qr.H < 150 || qr.Left < 0 || qr.Right > browserPhoneWidth || qr.Paths == 0 || !strings.Contains(qr.Label, code) {
		t.Errorf("QR code %+v: want at least 150×150 px, inside the 360px screen, drawn, labelled with %s", qr, code)
	}
	// With no learners yet there is nothing to take attendance of.
	if n := p.browserTrainerCount("form[data-attendance]"); n != 0 {
		t.Errorf("an empty class shows %d attendance forms", n)
	}
	p.checkLayout("class page, new")
	p.screenshot("trainer-class")

	// 3. A learner who signs up alone joins with the code.
	browserTrainerSignOut(p)
	p.do("open the join link as a visitor", chromedp.Navigate(base+"/join/"+code), chromedp.WaitVisible(chromedp.CSS("h1")))
	if !p.eval(`!!document.querySelector('a[href="/signin?next=/join/` + code + `"]')`) {
		t.Errorf("/join/%s for a visitor has no sign-in link back to the class", code)
	}
	if lead := p.text("main"); !strings.Contains(lead, className) {
		t.Errorf("/join/%s for a visitor does not name the class %q", code, className)
	}
	browserSignUp(p, learner1Name, learner1Phone, learner1PIN, "1961")
	p.do("open the join link", chromedp.Navigate(base+"/join/"+code), chromedp.WaitVisible(chromedp.CSS("#code")))
	if got := p.value("#code"); got != code {
		t.Errorf("join form code = %q, want %q", got, code)
	}
	p.checkLayout("join page")
	resp = p.submit("tap “Vào lớp”", `form[action="/join"] button[type=submit]`)
	if resp.Status != http.StatusOK || !strings.HasSuffix(resp.URL, "/courses/"+course) {
		t.Fatalf("joining ended at %s with status %d, want /courses/%s with 200", resp.URL, resp.Status, course)
	}

	// 4. The trainer registers a second learner on her behalf.
	browserTrainerSignOut(p)
	browserTrainerSignIn(p, trainerPhone, trainerPass)
	p.do("open the class page", chromedp.Navigate(classURL), chromedp.WaitVisible(chromedp.CSS("table[data-grid]")))
	learnerForm := `form[action="/classes/` + classID + `/learner"]`
	p.do("fill the assisted registration",
		chromedp.SendKeys(chromedp.CSS("#l-name"), learner2Name),
		chromedp.SendKeys(chromedp.CSS("#l-phone"), learner2Phone),
		chromedp.SendKeys(chromedp.CSS("#l-year"), "1952"),
		chromedp.Tap(chromedp.CSS(learnerForm+` input[name=gender][value=female]`)),
		chromedp.SendKeys(chromedp.CSS("#l-pin"), learner2PIN),
	)
	resp = p.submit("register the learner", learnerForm+` button[type=submit]`)
	if resp.Status != http.StatusOK || !strings.Contains(resp.URL, "/classes/"+classID) {
		t.Fatalf("assisted registration ended at %s with status %d, want the class page with 200", resp.URL, resp.Status)
	}
	p.do("wait for the notice", chromedp.WaitVisible(chromedp.CSS("p.notice")))
	if got := p.text("p.notice"); !strings.Contains(got, learner2Name) {
		t.Errorf("notice after the assisted registration = %q, want it to name %q", got, learner2Name)
	}

	// 5. Attendance: tick both, save, the page says ✓.
	att := `form[data-attendance]`
	if got := p.text(att + " h3"); !strings.Contains(got, tomorrow.Format("02/01/2006")+" 08:00") {
		t.Errorf("attendance session heading = %q, want tomorrow %s 08:00", got, tomorrow.Format("02/01/2006"))
	}
	if n := p.browserTrainerCount(att + ` input[data-user]`); n != 2 {
		t.Fatalf("the attendance list has %d learners, want 2", n)
	}
	p.do("tick both learners",
		chromedp.Tap(chromedp.CSS(att+` label:nth-of-type(1) input[data-user]`)),
		chromedp.Tap(chromedp.CSS(att+` label:nth-of-type(2) input[data-user]`)),
	)
	if !p.eval(`[...document.querySelectorAll('` + att + ` input[data-user]')].every(i => i.checked)`) {
		t.Error("after tapping both, not every attendance box is ticked")
	}
	p.checkLayout("class page, two learners")
	p.do("save the attendance",
		chromedp.Tap(chromedp.CSS(att+` button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(att+` [data-saved]`)),
		chromedp.Poll[chromedp.Void](`document.querySelector('`+att+` [data-saved]').textContent.trim() !== ""`,
			chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(5*time.Second)),
	)
	if got := p.text(att + ` [data-saved]`); got != "✓" {
		t.Errorf("after saving the attendance, [data-saved] = %q, want ✓", got)
	}

	token := browserTrainerLogin(t, base, trainerPhone, trainerPass)
	var class struct {
		Class struct {
			JoinCode string `json:"join_code"`
			Courses  []string
			Sessions []struct{ ID string }
		} `json:"class"`
		Learners []struct {
			Name       string          `json:"name"`
			Assisted   bool            `json:"assisted"`
			Attendance map[string]bool `json:"attendance"`
		} `json:"learners"`
	}
	browserCallJSON(t, http.MethodGet, base+"/api/v1/classes/"+classID, token, nil, &class)
	if class.Class.JoinCode != code || len(class.Class.Sessions) != 1 || class.Class.Sessions[0].ID != "s1" ||
		len(class.Class.Courses) != 1 || class.Class.Courses[0] != course {
		t.Errorf("GET /api/v1/classes/%s class = %+v, want join code %s, one session s1, course %s", classID, class.Class, code, course)
	}
	seen := map[string]bool{}
	for _, l := range class.Learners {
		seen[l.Name] = true
		if wantAssisted := l.Name == learner2Name; l.Assisted != wantAssisted {
			t.Errorf("learner %s: assisted %v, want %v", l.Name, l.Assisted, wantAssisted)
		}
		if !l.Attendance["s1"] {
			t.Errorf("learner %s: attendance %v, want s1 present", l.Name, l.Attendance)
		}
	}
	if len(class.Learners) != 2 || !seen[learner1Name] || !seen[learner2Name] {
		t.Errorf("GET /api/v1/classes/%s learners = %+v, want %s and %s", classID, class.Learners, learner1Name, learner2Name)
	}

	// 6. The grid, reloaded, lists both; the boxes stay ticked.
	p.do("reload the class page", chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("table[data-grid]")))
	if n := p.browserTrainerCount(`table[data-grid] tr[data-learner]`); n != 2 {
		t.Errorf("the grid has %d learner rows, want 2", n)
	}
	grid := p.text("table[data-grid] tbody")
	for _, name := range []string{learner1Name, learner2Name} {
		if !strings.Contains(grid, name) {
			t.Errorf("the grid does not show %s:\n%s", name, grid)
		}
	}
	if !p.eval(`[...document.querySelectorAll('` + att + ` input[data-user]')].every(i => i.checked)`) {
		t.Error("after a reload, the attendance boxes are not all ticked")
	}
	wrap, err := chromedp.Run(p.ctx, chromedp.Evaluate[browserTrainerBox](`(() => {
  const g = document.querySelector(".gridwrap"), r = g.getBoundingClientRect();
  return {w: g.clientWidth, h: g.scrollWidth, left: r.left, right: r.right};
})()`))
	if err != nil {
		p.fatal("measure .gridwrap", err)
	}
	if wrap.Left < 0 || wrap.Right > browserPhoneWidth {
		t.Errorf(".gridwrap spans [%.0f, %.0f], want it inside the %dpx screen", wrap.Left, wrap.Right, browserPhoneWidth)
	}
	t.Logf("the grid is %.0fpx wide in a %.0fpx .gridwrap (it scrolls sideways inside it)", wrap.H, wrap.W)
	p.checkLayout("class page, grid")
	// The full-page capture is taken from the top: taken scrolled down,
	// Chromium leaves the sideways-scrolling grid blank in it.
	p.do("scroll to the top", chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`))
	p.screenshot("trainer-grid")
	p.browserTrainerShot("trainer-grid-only", ".gridwrap")

	p.checkConsole()
}

// browserTrainerICT is the time zone the class forms are typed in.
var browserTrainerICT = time.FixedZone("ICT", 7*3600)

// browserTrainerBox is where the QR code is drawn.
type browserTrainerBox struct {
	W     float64 `json:"w"`
	H     float64 `json:"h"`
	Left  float64 `json:"left"`
	Right float64 `json:"right"`
	Label string  `json:"label"`
	Paths int     `json:"paths"`
}

// browserTrainerSetValue types a value the way the phone's picker does for
// a date-time field (whose keyboard order depends on the locale): the value
// changes and the page hears "input" and "change".
func browserTrainerSetValue(sel, value string) chromedp.Action[chromedp.Void] {
	js := fmt.Sprintf(`(() => {
  const el = document.querySelector(%s);
  if (!el) return "no element";
  el.value = %s;
  if (el.value !== %s) return "the field refused the value, it reads " + JSON.stringify(el.value);
  el.dispatchEvent(new Event("input", {bubbles: true}));
  el.dispatchEvent(new Event("change", {bubbles: true}));
  return "";
})()`, browserJSString(sel), browserJSString(value), browserJSString(value))
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		if _, err := chromedp.WaitReady(chromedp.CSS(sel))(ctx, t); err != nil {
			return err
		}
		msg, err := chromedp.Evaluate[string](js)(ctx, t)
		if err == nil && msg != "" {
			err = fmt.Errorf("set %s to %s: %s", sel, value, msg)
		}
		return err
	})
}

// browserTrainerCount is the number of elements sel matches.
func (p *browserPhone) browserTrainerCount(sel string) int {
	p.t.Helper()
	n, err := chromedp.Run(p.ctx, chromedp.Evaluate[int](`document.querySelectorAll(`+browserJSString(sel)+`).length`))
	if err != nil {
		p.fatal("count "+sel, err)
	}
	return n
}

// browserTrainerShot saves a screenshot of the first element sel matches.
func (p *browserPhone) browserTrainerShot(name, sel string) {
	p.t.Helper()
	ctx, cancel := p.afterwardsCtx()
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS(sel)))
	if err == nil {
		err = os.WriteFile(filepath.Join(p.shots, name+".png"), png, 0o644)
	}
	if err != nil {
		p.t.Errorf("screenshot %s: %v", name, err)
		return
	}
	p.t.Logf("screenshot %s", filepath.Join(p.shots, name+".png"))
}

// browserTrainerString evaluates a JavaScript expression whose value is a string.
func (p *browserPhone) browserTrainerString(expr string) string {
	p.t.Helper()
	s, err := chromedp.Run(p.ctx, chromedp.Evaluate[string](expr))
	if err != nil {
		p.fatal("evaluate "+expr, err)
	}
	return s
}

// browserTrainerLogin logs in through the JSON API and returns the token.
func browserTrainerLogin(t *testing.T, base, phone, password string) string {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"phone": phone, "password": password})
	var login struct {
		Token string `json:"token"`
	}
	browserCallJSON(t, http.MethodPost, base+"/api/v1/auth/login", "", bytes.NewReader(body), &login)
	if login.Token == "" {
		t.Fatal("POST /api/v1/auth/login returned no token")
	}
	return login.Token
}

// browserTrainerSignIn signs in at /signin and expects home.
func browserTrainerSignIn(p *browserPhone, phone, password string) {
	p.t.Helper()
	p.do("open /signin, fill it",
		chromedp.Navigate(p.base+"/signin"),
		chromedp.WaitVisible(chromedp.CSS("#phone")),
		chromedp.SendKeys(chromedp.CSS("#phone"), phone),
		chromedp.SendKeys(chromedp.CSS("#password"), password),
	)
	resp := p.submit("sign in as "+phone, `form[action="/signin"] button[type=submit]`)
	if resp.Status != http.StatusOK || !strings.HasSuffix(resp.URL, "/") {
		p.t.Fatalf("sign-in as %s ended at %s with status %d, want / with 200", phone, resp.URL, resp.Status)
	}
	p.do("wait for the sign-out button", chromedp.WaitReady(chromedp.CSS(`header form[action="/signout"] button`)))
}

// browserTrainerSignOut taps the header's sign-out button.
func browserTrainerSignOut(p *browserPhone) {
	p.t.Helper()
	resp := p.submit("sign out", `header form[action="/signout"] button[type=submit]`)
	if resp.Status != http.StatusOK {
		p.t.Errorf("sign-out ended at %s with status %d", resp.URL, resp.Status)
	}
	p.do("wait for the sign-in link", chromedp.WaitReady(chromedp.CSS(`header a[href="/signin"]`)))
}
