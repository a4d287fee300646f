package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// TestBrowserQuizOffline follows a learner on a 360×640 phone through the
// final quiz of the smartphone course. She answers the first half of the
// questions online. Then the network goes (the page and its service worker
// both): the attempt page reloads from the service worker's cache, the
// other answers and the submit wait in localStorage, and the server still
// has only the first half. When the network comes back, the queue is sent
// in order, and the attempt is graded once, with every answer.
func TestBrowserQuizOffline(t *testing.T) {
	chromium := browserFindChromium(t)
	base := startBrowserTestServer(t)
	p := newBrowserPhone(t, chromium, 60*time.Second)
	p.base = base

	const (
		name      = "Lê Thị Mai"
		phoneIn   = "0977 123 456"
		phoneNorm = "0977123456"
		pin       = "615284"
		quizID    = "smartphone-final"
		queuedMsg = "Đã lưu trên máy. Sẽ gửi khi có mạng."
		savedMsg  = "Đã lưu"
	)

	// 1. Sign up through the page.
	browserSignUp(p, name, phoneIn, pin, "1955")
	token := browserOfflineLogin(t, base, phoneNorm, pin)

	// 2. The quiz page: tap the start button, land on the attempt.
	startButton := `form[action="/quizzes/` + quizID + `/start"] button[type=submit]`
	p.do("open the quiz page", chromedp.Navigate(base+"/quizzes/"+quizID), chromedp.WaitVisible(chromedp.CSS(startButton)))
	p.checkLayout("quiz page")
	resp := p.submit("start the quiz", startButton)
	attemptURL := resp.URL
	attemptID, ok := strings.CutPrefix(attemptURL, base+"/attempts/")
	if resp.Status != http.StatusOK || !ok || attemptID == "" || strings.ContainsAny(attemptID, "/?#") {
		t.Fatalf("starting the quiz led to %s with status %d, want %s/attempts/<id> with 200", resp.URL, resp.Status, base)
	}
	p.do("wait for the attempt page", chromedp.WaitReady(chromedp.CSS("html.js")), chromedp.WaitVisible(chromedp.CSS("form[data-submit] button")))
	if !p.browserOfflineControlled(5 * time.Second) {
		t.Log("the service worker does not control the attempt page yet: reload once")
		p.do("reload the attempt page", chromedp.Reload(), chromedp.WaitReady(chromedp.CSS("html.js")))
		if !p.browserOfflineControlled(10 * time.Second) {
			p.fatal("wait for the service worker", browserOfflineError("navigator.serviceWorker.controller is still null after a reload"))
		}
	}

	items := p.browserQuizItems()
	view := browserQuizGet(t, base, token, attemptID)
	if view.Status != "open" || len(view.Items) != len(items) || len(items) == 0 {
		t.Fatalf("GET /api/v1/attempts/%s: status %q with %d items; the page shows %d questions; want open and the same questions",
			attemptID, view.Status, len(view.Items), len(items))
	}
	for i, it := range items {
		if view.Items[i].ID != it.ID || view.Items[i].Type != it.Type {
			t.Fatalf("question %d: the page shows %s (%s), the API %s (%s)", i+1, it.ID, it.Type, view.Items[i].ID, view.Items[i].Type)
		}
	}
	var kinds []string
	for _, it := range items {
		kinds = append(kinds, it.Type)
	}
	t.Logf("attempt %s: %d questions: %s", attemptID, len(items), strings.Join(kinds, ", "))
	online, offline := items[:len(items)/2], items[len(items)/2:]

	// 3. The first half, online: each answer is saved as it is given.
	for _, it := range online {
		for i, step := range it.steps() {
			p.do(fmt.Sprintf("answer question %d (%s) online", it.Number, it.Type), step...)
			p.do(fmt.Sprintf("wait for question %d to show it is saved", it.Number), chromedp.WaitVisible(chromedp.CSS(it.sel("[data-saved]"))))
			// A matching question is saved at every select; wait for each
			// on the server, so that the saves cannot overtake each other.
			browserQuizWaitAnswer(t, base, token, attemptID, it, i+1)
		}
		if got := p.text(it.sel("[data-saved]")); got != savedMsg {
			t.Errorf("question %d (%s) answered online: [data-saved] = %q, want %q", it.Number, it.Type, got, savedMsg)
		}
	}
	if blank := p.browserQuizBlank(online); len(blank) > 0 {
		t.Errorf("after the online answers the page shows questions %v blank", blank)
	}
	if got := p.text("[data-answered]"); got != fmt.Sprint(len(online)) {
		t.Errorf("after the online answers the page counts %s answered, want %d", got, len(online))
	}
	p.checkLayout("attempt, online")
	p.screenshot("quiz-online")

	// 4. Offline, the page and the service worker: the attempt page comes
	// from the service worker's cache.
	p.browserOfflineSetNetwork(true)
	if p.eval(`navigator.onLine`) {
		t.Error("navigator.onLine is still true under offline emulation")
	}
	reloaded := p.browserOfflineReload()
	if !reloaded.FromServiceWorker || reloaded.ServiceWorkerResponseSource != network.ServiceWorkerResponseSourceCacheStorage || reloaded.Status != http.StatusOK {
		t.Errorf("attempt page reloaded offline: status %d, from the service worker %v, source %q; want 200 from the service worker's cache (%q)",
			reloaded.Status, reloaded.FromServiceWorker, reloaded.ServiceWorkerResponseSource, network.ServiceWorkerResponseSourceCacheStorage)
	}
	if ok, err := chromedp.Run(p.ctx, chromedp.Evaluate[bool](`fetch("/api/v1/quizzes/`+quizID+`", {cache: "no-store"}).then(() => true, () => false)`,
		chromedp.EvalAwaitPromise)); err != nil || ok {
		t.Errorf("offline emulation is not in effect: a fetch of the API succeeded %v (%v)", ok, err)
	}
	p.do("wait for the attempt page (offline)", chromedp.WaitReady(chromedp.CSS("html.js")), chromedp.WaitVisible(chromedp.CSS("form[data-submit] button")))
	if got := p.browserQuizItems(); !reflect.DeepEqual(browserQuizIDs(got), browserQuizIDs(items)) {
		t.Fatalf("the attempt page offline shows questions %v, want %v", browserQuizIDs(got), browserQuizIDs(items))
	}
	// The copy must show the answers the server has: a learner who sees
	// her answers gone thinks they are lost.
	if blank := p.browserQuizBlank(online); len(blank) > 0 {
		t.Errorf("the attempt page reloaded offline (the service worker's copy) shows questions %v blank, though the server has their answers, and counts %s answered: the copy is the page as it was first opened",
			blank, p.text("[data-answered]"))
	}

	// The second half, offline: each save waits in hv-queue.
	queued := 0
	for _, it := range offline {
		for _, step := range it.steps() {
			p.do(fmt.Sprintf("answer question %d (%s) offline", it.Number, it.Type), step...)
			queued++
			if err := chromedp.Do(p.ctx, chromedp.Poll[chromedp.Void](fmt.Sprintf(`JSON.parse(localStorage.getItem("hv-queue") || "[]").length >= %d`, queued),
				chromedp.WithPollingInterval(20*time.Millisecond), chromedp.WithPollingTimeout(5*time.Second))); err != nil {
				p.fatal(fmt.Sprintf("wait for answer %d of question %d in hv-queue", queued, it.Number), err)
			}
			q := p.browserQuizQueue()
			if len(q) != queued {
				t.Fatalf("after question %d (%s) offline, hv-queue has %d requests, want %d: %+v", it.Number, it.Type, len(q), queued, q)
			}
			last := q[len(q)-1]
			if last.Method != http.MethodPut || last.URL != "/api/v1/attempts/"+attemptID+"/answers/"+it.ID || last.Body == "" {
				t.Errorf("question %d offline: the last queued request is %s %s %q, want PUT /api/v1/attempts/%s/answers/%s with a body",
					it.Number, last.Method, last.URL, last.Body, attemptID, it.ID)
			}
		}
		p.do(fmt.Sprintf("wait for question %d to show it is queued", it.Number), chromedp.WaitVisible(chromedp.CSS(it.sel("[data-saved]"))))
		if got := p.text(it.sel("[data-saved]")); got != queuedMsg {
			t.Errorf("question %d (%s) answered offline: [data-saved] = %q, want %q", it.Number, it.Type, got, queuedMsg)
		}
	}

	// The phone may drop the page while it waits for the network: reloaded
	// offline again, the queue is intact, and the page shows the answers
	// waiting in it.
	p.browserOfflineReload()
	p.do("wait for the attempt page (offline, again)", chromedp.WaitReady(chromedp.CSS("html.js")), chromedp.WaitVisible(chromedp.CSS("form[data-submit] button")))
	if q := p.browserQuizQueue(); len(q) != queued {
		t.Fatalf("after another reload offline, hv-queue has %d requests, want %d", len(q), queued)
	}
	if blank := p.browserQuizBlank(offline); len(blank) > 0 {
		t.Errorf("the attempt page reloaded offline again shows questions %v blank, though their answers wait in hv-queue", blank)
	}

	// Tap "Nộp bài": the submit waits too, last in the queue.
	key := p.value(`form[data-submit] input[name=key]`)
	if got := p.text("form[data-submit] button"); got != "Nộp bài" {
		t.Errorf("the submit button reads %q, want %q", got, "Nộp bài")
	}
	p.browserOfflineDoWithin("tap Nộp bài offline", 10*time.Second,
		chromedp.Tap(chromedp.CSS("form[data-submit] button")),
		chromedp.WaitVisible(chromedp.CSS("[data-submit-status]")),
		chromedp.WaitNotVisible(chromedp.CSS("form[data-submit]")),
	)
	if got := p.text("[data-submit-status]"); got != queuedMsg {
		t.Errorf("[data-submit-status] = %q, want %q", got, queuedMsg)
	}
	q := p.browserQuizQueue()
	if len(q) != queued+1 {
		t.Errorf("hv-queue after the submit has %d requests, want %d answers and the submit", len(q), queued)
	} else if last := q[len(q)-1]; last.Method != http.MethodPost || last.URL != "/api/v1/attempts/"+attemptID+"/submit" || last.Key != key || key == "" {
		t.Errorf("the last queued request is %s %s with key %q, want POST /api/v1/attempts/%s/submit with the page's key %q",
			last.Method, last.URL, last.Key, attemptID, key)
	}
	p.checkLayout("attempt, offline, submit queued")
	p.screenshot("quiz-offline")

	// 5. The server has only the online half, and the attempt is open.
	view = browserQuizGet(t, base, token, attemptID)
	if view.Status != "open" || view.Answered != len(online) {
		t.Errorf("server while offline: status %q with %d answered, want open with %d", view.Status, view.Answered, len(online))
	}
	for i, it := range view.Items {
		if want := i < len(online); (it.Answer != nil) != want {
			t.Errorf("server while offline: question %d (%s) answered %v, want %v", i+1, it.Type, it.Answer != nil, want)
		}
	}

	// 6. Back online: the page hears "online" and sends the queue in order.
	p.browserOfflineSetNetwork(false)
	back := time.Now()
	if !p.eval(`navigator.onLine`) {
		t.Error("navigator.onLine is still false after the offline emulation ended")
	}
	view, done := browserQuizWaitSubmitted(t, base, token, attemptID, 10*time.Second)
	if done {
		t.Logf("the server had the queued answers and the submit %v after the network came back", time.Since(back).Round(time.Millisecond))
	} else {
		t.Log("the queue was not sent on the online event; open the quiz page, whose load sends it")
		p.do("open the quiz page", chromedp.Navigate(base+"/quizzes/"+quizID), chromedp.WaitReady(chromedp.CSS("html.js")))
		view, done = browserQuizWaitSubmitted(t, base, token, attemptID, 10*time.Second)
	}
	if !done {
		t.Fatalf("server 10 s after the network came back: status %q, %d of %d answered; hv-queue %+v",
			view.Status, view.Answered, len(view.Items), p.browserQuizQueue())
	}
	// Once its queued submit is through, the page reloads to show the result.
	p.do("wait for the page to show the result after the queued submit",
		chromedp.WaitVisible(chromedp.CSS(`div.notice[role="status"]`)), chromedp.WaitReady(chromedp.CSS("html.js")))
	if err := chromedp.Do(p.ctx, chromedp.Poll[chromedp.Void](`JSON.parse(localStorage.getItem("hv-queue") || "[]").length === 0`,
		chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Errorf("hv-queue is not empty after the flush: %+v (%v)", p.browserQuizQueue(), err)
	}
	for i, it := range items {
		a := view.Items[i].Answer
		if err := it.check(a); err != nil {
			t.Errorf("server after the flush: question %d (%s): %v", it.Number, it.Type, err)
		} else if i >= len(online) && !a.AnsweredAt.Before(back) {
			t.Errorf("server after the flush: question %d answered at %v, want the time it was given offline, before the network came back at %v",
				it.Number, a.AnsweredAt, back)
		}
	}
	if view.Result == nil {
		t.Fatal("the submitted attempt has no result (the quiz's review is 'answers', so it should)")
	}
	t.Logf("result: %d%% (%.2f of %.0f), passed %v", view.Result.Percent, view.Result.Score, view.Result.Max, view.Result.Passed)
	if got := p.text(`div.notice[role="status"]`); !strings.Contains(got, "Kết quả") {
		t.Errorf("after the queued submit the page shows %q, want the result", got)
	}

	// Graded once: a second submit with another key returns the first result.
	first := browserQuizRaw(t, http.MethodGet, base+"/api/v1/attempts/"+attemptID, token, "")
	again := browserQuizRaw(t, http.MethodPost, base+"/api/v1/attempts/"+attemptID+"/submit", token, "another-key-"+key)
	delete(first, "server_time")
	delete(again, "server_time")
	if !reflect.DeepEqual(first, again) {
		a, _ := json.Marshal(first)
		b, _ := json.Marshal(again)
		t.Errorf("a second submit with another Idempotency-Key changed the attempt:\nbefore %s\nafter  %s", a, b)
	}
	var quiz struct {
		AttemptsUsed int    `json:"attempts_used"`
		OpenAttempt  string `json:"open_attempt"`
		Counted      *struct {
			Percent int `json:"percent"`
		} `json:"counted"`
	}
	browserCallJSON(t, http.MethodGet, base+"/api/v1/quizzes/"+quizID, token, nil, &quiz)
	if quiz.AttemptsUsed != 1 || quiz.OpenAttempt != "" || quiz.Counted == nil || quiz.Counted.Percent != view.Result.Percent {
		t.Errorf("GET /api/v1/quizzes/%s = %+v, want 1 attempt used, none open, counted %d%%", quizID, quiz, view.Result.Percent)
	}

	// 7. The attempt page online shows the result.
	p.do("open the attempt page online", chromedp.Navigate(attemptURL), chromedp.WaitVisible(chromedp.CSS(".notice[role=status] strong")))
	if got, want := p.text(".notice[role=status] strong"), fmt.Sprintf("%d%%", view.Result.Percent); !strings.HasSuffix(got, want) {
		t.Errorf("the result on the attempt page reads %q, want it to end in %q", got, want)
	}
	if p.eval(`document.querySelector("form[data-submit]") !== null`) {
		t.Error("the submitted attempt page still has the submit form")
	}
	p.checkLayout("attempt, result")
	p.screenshot("quiz-result")
	p.checkConsole()
}

// browserQuizItem is one question of the attempt page, as the page shows it.
type browserQuizItem struct {
	ID      string `json:"id"`
	Number  int    `json:"number"`
	Type    string `json:"type"`
	First   string `json:"first"` // the value of the first radio or checkbox
	Selects []struct {
		Name    string   `json:"name"`
		Options []string `json:"options"` // the values, without the empty one
	} `json:"selects"`
}

const browserQuizItemsJS = `[...document.querySelectorAll("li.question")].map((li, i) => {
  const f = li.querySelector("form[data-answer]"), first = f.querySelector("input[type=radio], input[type=checkbox]");
  return {id: li.id.slice(2), number: i + 1, type: f.dataset.type, first: first ? first.value : "",
    selects: [...f.querySelectorAll("select")].map(s => ({name: s.name, options: [...s.options].map(o => o.value).filter(v => v)}))};
})`

func (p *browserPhone) browserQuizItems() []browserQuizItem {
	p.t.Helper()
	items, err := chromedp.Run(p.ctx, chromedp.Evaluate[[]browserQuizItem](browserQuizItemsJS))
	if err != nil {
		p.fatal("list the questions of the attempt page", err)
	}
	return items
}

func browserQuizIDs(items []browserQuizItem) []string {
	var ids []string
	for _, it := range items {
		ids = append(ids, it.ID)
	}
	return ids
}

// sel is a selector inside the question.
func (it browserQuizItem) sel(inner string) string {
	return `li[id="q-` + it.ID + `"] ` + inner
}

// steps are the taps and typing that answer the question, each ending in
// one save by the page: one step for most questions; for matching one per
// select, as the page saves every change of a match.
func (it browserQuizItem) steps() [][]chromedp.Action[chromedp.Void] {
	switch it.Type {
	case "single", "scenario":
		return [][]chromedp.Action[chromedp.Void]{{chromedp.Tap(chromedp.CSS(it.sel(`input[name=choice]`)))}}
	case "multiple":
		return [][]chromedp.Action[chromedp.Void]{{chromedp.Tap(chromedp.CSS(it.sel(`input[name=choices]`)))}}
	case "truefalse":
		return [][]chromedp.Action[chromedp.Void]{{chromedp.Tap(chromedp.CSS(it.sel(`input[name=bool]`)))}}
	case "text":
		return [][]chromedp.Action[chromedp.Void]{{chromedp.SendKeys(chromedp.CSS(it.sel(`input[name=text]`)), "công an"),
			chromedp.Blur(chromedp.CSS(it.sel(`input[name=text]`)))}}
	case "numeric":
		return [][]chromedp.Action[chromedp.Void]{{chromedp.SendKeys(chromedp.CSS(it.sel(`input[name=number]`)), "113"),
			chromedp.Blur(chromedp.CSS(it.sel(`input[name=number]`)))}}
	case "ordering": // the page saves once every step has its place
		var step []chromedp.Action[chromedp.Void]
		for i, s := range it.Selects {
			step = append(step, browserSelect(it.sel(`select[name="`+s.Name+`"]`), fmt.Sprint(i+1)))
		}
		return [][]chromedp.Action[chromedp.Void]{step}
	case "matching":
		var steps [][]chromedp.Action[chromedp.Void]
		for i, s := range it.Selects {
			steps = append(steps, []chromedp.Action[chromedp.Void]{browserSelect(it.sel(`select[name="`+s.Name+`"]`), s.Options[i%len(s.Options)])})
		}
		return steps
	}
	panic("browserQuizItem.steps: unknown question type " + it.Type)
}

// browserQuizAnswer is the part of a saved answer the test checks.
type browserQuizAnswer struct {
	Choice     string            `json:"choice"`
	Choices    []string          `json:"choices"`
	Bool       *bool             `json:"bool"`
	Order      []string          `json:"order"`
	Matches    map[string]string `json:"matches"`
	Text       string            `json:"text"`
	Number     *float64          `json:"number"`
	AnsweredAt time.Time         `json:"answered_at"`
}

// check reports how a saved answer differs from the one steps gave.
func (it browserQuizItem) check(a *browserQuizAnswer) error {
	if a == nil {
		return fmt.Errorf("no answer")
	}
	var got, want any
	switch it.Type {
	case "single", "scenario":
		got, want = a.Choice, it.First
	case "multiple":
		got, want = a.Choices, []string{it.First}
	case "truefalse":
		got, want = a.Bool != nil && *a.Bool, it.First == "true"
	case "text":
		got, want = a.Text, "công an"
	case "numeric":
		got, want = a.Number != nil && *a.Number == 113, true
	case "ordering":
		var order []string
		for _, s := range it.Selects {
			order = append(order, strings.TrimPrefix(s.Name, "pos_"))
		}
		got, want = a.Order, order
	case "matching":
		m := map[string]string{}
		for i, s := range it.Selects {
			m[strings.TrimPrefix(s.Name, "match_")] = s.Options[i%len(s.Options)]
		}
		got, want = a.Matches, m
	}
	if !reflect.DeepEqual(got, want) {
		return fmt.Errorf("saved %v, want %v", got, want)
	}
	return nil
}

// browserQuizBlank returns the numbers of the questions the page shows
// without an answer.
func (p *browserPhone) browserQuizBlank(items []browserQuizItem) []int {
	p.t.Helper()
	var blank []int
	for _, it := range items {
		var js string
		switch it.Type {
		case "single", "scenario", "multiple", "truefalse":
			js = `f.querySelector("input:checked:not([type=hidden])") !== null`
		case "text", "numeric":
			js = `f.querySelector("input[name=text], input[name=number]").value !== ""`
		default:
			js = `[...f.querySelectorAll("select")].every(s => s.value !== "")`
		}
		if !p.eval(`(() => { const f = document.querySelector(` + browserJSString(it.sel("form[data-answer]")) + `); return ` + js + `; })()`) {
			blank = append(blank, it.Number)
		}
	}
	return blank
}

// browserQuizQueued is one request waiting in localStorage hv-queue.
type browserQuizQueued struct {
	Method string `json:"method"`
	URL    string `json:"url"`
	Body   string `json:"body"`
	Key    string `json:"key"`
}

func (p *browserPhone) browserQuizQueue() []browserQuizQueued {
	p.t.Helper()
	q, err := chromedp.Run(p.ctx, chromedp.Evaluate[[]browserQuizQueued](`JSON.parse(localStorage.getItem("hv-queue") || "[]")`))
	if err != nil {
		p.fatal("read localStorage hv-queue", err)
	}
	return q
}

// browserQuizView is the part of GET /api/v1/attempts/<id> the test checks.
type browserQuizView struct {
	Status   string                `json:"status"`
	Answered int                   `json:"answered"`
	Items    []browserQuizViewItem `json:"items"`
	Result   *struct {
		Score   float64 `json:"score"`
		Max     float64 `json:"max_score"`
		Percent int     `json:"percent"`
		Passed  bool    `json:"passed"`
	} `json:"result"`
}

type browserQuizViewItem struct {
	ID     string             `json:"id"`
	Type   string             `json:"type"`
	Answer *browserQuizAnswer `json:"answer"`
}

func browserQuizGet(t *testing.T, base, token, id string) browserQuizView {
	t.Helper()
	var v browserQuizView
	browserCallJSON(t, http.MethodGet, base+"/api/v1/attempts/"+id, token, nil, &v)
	return v
}

// browserQuizWaitAnswer waits until the server has the answer to it, and
// for a matching question, n of its matches.
func browserQuizWaitAnswer(t *testing.T, base, token, id string, it browserQuizItem, n int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		for _, got := range browserQuizGet(t, base, token, id).Items {
			if got.ID == it.ID && got.Answer != nil && (it.Type != "matching" || len(got.Answer.Matches) >= n) {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server does not have the answer to question %d (%s) 5 s after it was given online", it.Number, it.Type)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// browserQuizWaitSubmitted polls the API until the attempt is submitted
// with every question answered.
func browserQuizWaitSubmitted(t *testing.T, base, token, id string, wait time.Duration) (browserQuizView, bool) {
	t.Helper()
	deadline := time.Now().Add(wait)
	for {
		v := browserQuizGet(t, base, token, id)
		if v.Status == "submitted" && v.Answered == len(v.Items) && !slices.ContainsFunc(v.Items, func(it browserQuizViewItem) bool { return it.Answer == nil }) {
			return v, true
		}
		if time.Now().After(deadline) {
			return v, false
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// browserQuizRaw calls the API and returns its JSON object; key, if set,
// is sent as the Idempotency-Key.
func browserQuizRaw(t *testing.T, method, url, token, key string) map[string]any {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s %s: status %d: %s", method, url, resp.StatusCode, raw)
	}
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("%s %s: %v: %s", method, url, err, raw)
	}
	return out
}
