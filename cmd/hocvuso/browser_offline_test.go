package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
)

// TestBrowserOfflineLessons follows a learner on a 360×640 phone who saves a
// course for offline use, loses the network in the middle of a lesson and
// finishes it anyway: the lesson comes from the service worker's cache, the
// completion waits in localStorage, and it reaches the server once the
// network is back.
func TestBrowserOfflineLessons(t *testing.T) {
	chromium := browserFindChromium(t)
	base := startBrowserTestServer(t)
	p := newBrowserPhone(t, chromium, 40*time.Second)
	p.base = base

	const (
		name      = "Trần Văn Bình"
		phoneIn   = "0987 654 321"
		phoneNorm = "0987654321"
		pin       = "730264"
		slug      = "smartphone"
	)
	ids := browserOfflineLessonIDs(t, base, slug)
	lesson1, lesson2 := base+"/courses/"+slug+"/lessons/"+ids[0], base+"/courses/"+slug+"/lessons/"+ids[1]

	// 1. Sign up through the page, as a learner would.
	browserSignUp(p, name, phoneIn, pin, "1955")

	// 2. The course page: once the service worker controls it, save the
	// course for offline use.
	p.do("open the course page", chromedp.Navigate(base+"/courses/"+slug), chromedp.WaitReady(chromedp.CSS("html.js")))
	if !p.browserOfflineControlled(5 * time.Second) {
		t.Log("the service worker does not control the course page yet: reload once")
		p.do("reload the course page", chromedp.Reload(), chromedp.WaitReady(chromedp.CSS("html.js")))
		if !p.browserOfflineControlled(10 * time.Second) {
			p.fatal("wait for the service worker", browserOfflineError("navigator.serviceWorker.controller is still null after a reload"))
		}
	}
	p.browserOfflineDoWithin("save the course for offline use", 10*time.Second,
		chromedp.WaitVisible(chromedp.CSS("[data-save-offline]")),
		chromedp.Tap(chromedp.CSS("[data-save-offline]")),
		chromedp.WaitVisible(chromedp.CSS("[data-offline-status]")),
	)
	if got := p.text("[data-offline-status]"); got == "" {
		t.Error("[data-offline-status] is visible but empty")
	} else {
		t.Logf("after saving the course: %q", got)
	}
	p.checkLayout("course, saved for offline")
	p.screenshot("offline-course-saved")

	// 3. Lesson 1 online: the completion button leads to lesson 2.
	p.do("open lesson 1", chromedp.Navigate(lesson1), chromedp.WaitVisible(chromedp.CSS("form[data-complete] button")))
	p.checkLayout("lesson 1")
	p.screenshot("offline-lesson1-online")
	resp := p.submit("complete lesson 1", "form[data-complete] button")
	if resp.Status != http.StatusOK || resp.URL != lesson2 {
		t.Fatalf("completing lesson 1 led to %s with status %d, want %s with 200", resp.URL, resp.Status, lesson2)
	}
	p.do("wait for lesson 2's completion button", chromedp.WaitVisible(chromedp.CSS("form[data-complete] button")))
	onlineH1 := p.text("h1")

	// 4. Offline: lesson 2 reloads from the service worker's cache, and its
	// completion is queued on the phone.
	p.browserOfflineSetNetwork(true)
	if p.eval(`navigator.onLine`) {
		t.Error("navigator.onLine is still true under offline emulation")
	}
	lesson2Offline := p.browserOfflineReload()
	if !lesson2Offline.FromServiceWorker || lesson2Offline.ServiceWorkerResponseSource != network.ServiceWorkerResponseSourceCacheStorage {
		t.Errorf("lesson 2 reloaded offline: from the service worker %v, source %q; want the service worker's cache (%q)",
			lesson2Offline.FromServiceWorker, lesson2Offline.ServiceWorkerResponseSource, network.ServiceWorkerResponseSourceCacheStorage)
	}
	if lesson2Offline.Status != http.StatusOK {
		t.Errorf("lesson 2 reloaded offline: status %d, want 200", lesson2Offline.Status)
	}
	t.Logf("lesson 2 offline: status %d, from service worker %v, source %q", lesson2Offline.Status,
		lesson2Offline.FromServiceWorker, lesson2Offline.ServiceWorkerResponseSource)
	if h1 := p.text("h1"); h1 != onlineH1 {
		t.Errorf("lesson 2 offline shows h1 %q, want %q as online", h1, onlineH1)
	}
	// The network really is off for this page: a request the service worker
	// does not answer fails.
	if ok, err := chromedp.Run(p.ctx, chromedp.Evaluate[bool](`fetch("/api/v1/courses", {cache: "no-store"}).then(() => true, () => false)`,
		chromedp.EvalAwaitPromise)); err != nil || ok {
		t.Errorf("offline emulation is not in effect: fetch(/api/v1/courses) succeeded %v (%v)", ok, err)
	}
	p.do("wait for lesson 2's completion button (offline)", chromedp.WaitVisible(chromedp.CSS("form[data-complete] button")))
	p.checkLayout("lesson 2 offline")
	p.screenshot("offline-lesson2-offline")

	p.browserOfflineDoWithin("complete lesson 2 offline", 10*time.Second,
		chromedp.Tap(chromedp.CSS("form[data-complete] button")),
		chromedp.WaitVisible(chromedp.CSS("[data-complete-status]")),
		chromedp.WaitNotVisible(chromedp.CSS("form[data-complete]")),
	)
	const queuedMsg = "Đã ghi lại trên máy. Sẽ gửi khi có mạng."
	if got := p.text("[data-complete-status]"); got != queuedMsg {
		t.Errorf("[data-complete-status] = %q, want %q", got, queuedMsg)
	}
	queue := p.browserOfflineQueue()
	if len(queue) != 1 || !strings.HasSuffix(queue[0].URL, "/courses/"+slug+"/lessons/"+ids[1]+"/complete") || queue[0].At == "" {
		t.Errorf("localStorage hv-queue = %+v, want one completion of lesson %s with a time", queue, ids[1])
	}
	p.checkLayout("lesson 2 offline, completion queued")
	p.screenshot("offline-lesson2-queued")

	// 5. The server has only lesson 1 so far.
	token := browserOfflineLogin(t, base, phoneNorm, pin)
	if got := browserOfflineCompleted(t, base, token, slug); browserOfflineCount(got) != 1 || !got[0] {
		t.Errorf("server while offline: %s lessons completed %v, want only lesson 1", slug, got)
	}

	// 6. Back online: the page hears "online" and sends the queue.
	p.browserOfflineSetNetwork(false)
	online := time.Now()
	if !p.eval(`navigator.onLine`) {
		t.Error("navigator.onLine is still false after the offline emulation ended")
	}
	done := browserOfflineWaitCompleted(t, base, token, slug, 2, 10*time.Second)
	if done {
		t.Logf("the server had the queued completion %v after the network came back", time.Since(online).Round(time.Millisecond))
	} else {
		// The "online" event did not do it: any page load flushes too.
		t.Log("the queue was not sent on the online event; open the course page, whose load flushes it")
		p.do("open the course page", chromedp.Navigate(base+"/courses/"+slug))
		done = browserOfflineWaitCompleted(t, base, token, slug, 2, 10*time.Second)
	}
	if got := browserOfflineCompleted(t, base, token, slug); !done || browserOfflineCount(got) != 2 || !got[0] || !got[1] {
		t.Errorf("server after the network came back: %s lessons completed %v, want lessons 1 and 2 (2 in all)", slug, got)
	}
	if err := chromedp.Do(p.ctx, chromedp.Poll[chromedp.Void](`JSON.parse(localStorage.getItem("hv-queue") || "[]").length === 0`,
		chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Errorf("hv-queue is not empty after the flush: %+v (%v)", p.browserOfflineQueue(), err)
	}

	// The course page, online again, shows the progress the server has.
	p.do("open the course page online", chromedp.Navigate(base+"/courses/"+slug), chromedp.WaitVisible(chromedp.CSS("progress")))
	if v := p.eval(`document.querySelector("progress").value === 2`); !v {
		t.Errorf("course page after the flush: progress value %s, want 2", p.text("p.meta"))
	}
	p.screenshot("offline-course-after-sync")
	p.checkConsole()
}

type browserOfflineError string

func (e browserOfflineError) Error() string { return string(e) }

// browserOfflineDoWithin is p.do with a time limit for these steps, so a
// step that waits for ever fails at once with what the pages' scripts threw.
func (p *browserPhone) browserOfflineDoWithin(what string, limit time.Duration, steps ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, limit)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		p.checkConsole()
		p.fatal(what, err)
	}
}

// browserOfflineControlled waits until a service worker controls the page.
func (p *browserPhone) browserOfflineControlled(wait time.Duration) bool {
	p.t.Helper()
	err := chromedp.Do(p.ctx, chromedp.Poll[chromedp.Void](`navigator.serviceWorker.controller !== null`,
		chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(wait)))
	return err == nil
}

// browserOfflineSetNetwork cuts the tab and its service worker off the
// network, or gives the network back.
//
// cdproto v0.159 no longer has Network.emulateNetworkConditions. Its
// replacement, emulateNetworkConditionsByRule, on the page's session fails
// the page's own requests, but not the fetches of the service worker, even
// with emulateOfflineServiceWorker (the worker fetched the lesson from the
// server, and so did the deprecated command sent raw): the worker is a
// target of its own, so the same emulation is set in a session attached to
// it. emulateNetworkConditionsByRule leaves navigator.onLine alone;
// overrideNetworkState sets it and fires "offline" and "online".
func (p *browserPhone) browserOfflineSetNetwork(offline bool) {
	p.t.Helper()
	what := "go online"
	if offline {
		what = "go offline"
	}
	conds := []*network.Conditions{}
	if offline {
		conds = append(conds, &network.Conditions{Offline: true, DownloadThroughput: -1, UploadThroughput: -1})
	}
	rules := network.EmulateNetworkConditionsByRuleParams{EmulateOfflineServiceWorker: &offline, MatchedNetworkConditions: conds}
	for _, ctx := range []context.Context{p.ctx, p.browserOfflineWorker()} {
		if _, err := chromedp.Call(ctx, network.EmulateNetworkConditionsByRule, rules); err != nil {
			p.fatal(what, err)
		}
	}
	if _, err := chromedp.Call(p.ctx, network.OverrideNetworkState, network.OverrideNetworkStateParams{
		Offline: offline, DownloadThroughput: -1, UploadThroughput: -1,
	}); err != nil {
		p.fatal(what, err)
	}
}

// browserOfflineWorkers holds, per phone, a session attached to the
// service worker of the site.
var browserOfflineWorkers sync.Map // *browserPhone → context.Context

// browserOfflineWorker returns a context whose target is the service worker
// of p.base.
func (p *browserPhone) browserOfflineWorker() context.Context {
	p.t.Helper()
	if ctx, ok := browserOfflineWorkers.Load(p); ok {
		return ctx.(context.Context)
	}
	infos, err := chromedp.Targets(p.ctx)
	if err != nil {
		p.fatal("list the targets", err)
	}
	var id target.ID
	for _, info := range infos {
		if info.Type == "service_worker" && info.URL == p.base+"/sw.js" {
			id = info.TargetID
		}
	}
	if id == "" {
		p.fatal("find the service worker", browserOfflineError("no service_worker target for "+p.base+"/sw.js"))
	}
	// Detach only when the test ends: the worker must not be closed.
	ctx, cancel := chromedp.NewContext(p.ctx, chromedp.WithTargetID(id), chromedp.WithDetachOnCancel())
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		p.fatal("attach to the service worker", err)
	}
	p.t.Cleanup(func() {
		cancel()
		browserOfflineWorkers.Delete(p)
	})
	browserOfflineWorkers.Store(p, ctx)
	return ctx
}

// browserOfflineReload reloads the page and returns the response of its
// document.
func (p *browserPhone) browserOfflineReload() *network.Response {
	p.t.Helper()
	resp, err := chromedp.RunResponse(p.ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, page.Reload, page.ReloadParams{})
		return err
	}))
	if err != nil {
		p.fatal("reload", err)
	}
	return resp
}

// browserOfflineItem is one completion waiting in localStorage.
type browserOfflineItem struct {
	URL string `json:"url"`
	At  string `json:"at"`
}

func (p *browserPhone) browserOfflineQueue() []browserOfflineItem {
	p.t.Helper()
	q, err := chromedp.Run(p.ctx, chromedp.Evaluate[[]browserOfflineItem](`JSON.parse(localStorage.getItem("hv-queue") || "[]")`))
	if err != nil {
		p.fatal("read localStorage hv-queue", err)
	}
	return q
}

// browserOfflineLessonIDs lists the lesson ids of a course from the API.
func browserOfflineLessonIDs(t *testing.T, base, slug string) []string {
	t.Helper()
	var course struct {
		Lessons []struct {
			ID string `json:"id"`
		} `json:"lessons"`
	}
	browserCallJSON(t, http.MethodGet, base+"/api/v1/courses/"+slug, "", nil, &course)
	if len(course.Lessons) < 2 {
		t.Fatalf("course %s has %d lessons, want at least 2", slug, len(course.Lessons))
	}
	ids := make([]string, len(course.Lessons))
	for i, l := range course.Lessons {
		ids[i] = l.ID
	}
	return ids
}

func browserOfflineLogin(t *testing.T, base, phone, pin string) string {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"phone": phone, "password": pin})
	var login struct {
		Token string `json:"token"`
	}
	browserCallJSON(t, http.MethodPost, base+"/api/v1/auth/login", "", bytes.NewReader(body), &login)
	if login.Token == "" {
		t.Fatal("POST /api/v1/auth/login returned no token")
	}
	return login.Token
}

// browserOfflineCompleted returns, for each lesson of the course in order,
// whether GET /api/v1/me/progress says it is completed. It fails the test
// when the course's completed count disagrees with the lessons.
func browserOfflineCompleted(t *testing.T, base, token, slug string) []bool {
	t.Helper()
	var out struct {
		Courses []struct {
			Slug     string `json:"slug"`
			Progress struct {
				Completed int `json:"completed"`
			} `json:"progress"`
			Lessons []struct {
				Completed bool `json:"completed"`
			} `json:"lessons"`
		} `json:"courses"`
	}
	browserCallJSON(t, http.MethodGet, base+"/api/v1/me/progress", token, nil, &out)
	for _, c := range out.Courses {
		if c.Slug != slug {
			continue
		}
		var done []bool
		n := 0
		for _, l := range c.Lessons {
			done = append(done, l.Completed)
			if l.Completed {
				n++
			}
		}
		if n != c.Progress.Completed {
			t.Errorf("GET /api/v1/me/progress: %s progress.completed %d, but %d lessons completed", slug, c.Progress.Completed, n)
		}
		return done
	}
	t.Fatalf("GET /api/v1/me/progress has no course %s", slug)
	return nil
}

// browserOfflineWaitCompleted polls the API until the course has n lessons
// completed.
func browserOfflineWaitCompleted(t *testing.T, base, token, slug string, n int, wait time.Duration) bool {
	t.Helper()
	deadline := time.Now().Add(wait)
	for {
		if browserOfflineCount(browserOfflineCompleted(t, base, token, slug)) >= n {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func browserOfflineCount(done []bool) int {
	n := 0
	for _, d := range done {
		if d {
			n++
		}
	}
	return n
}
