package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// The budget of a learner page (DESIGN.md §6): on a first load, at most
// 60 KB on the wire in all (compressed HTML, CSS, JS, fonts, images) and at
// most 20 KB of JavaScript. KB here is 1000 bytes, the stricter reading.
const (
	browserBudgetTotal = 60_000
	browserBudgetJS    = 20_000
	// browserBudgetQuiet is how long the network must be silent for a load
	// to count as finished.
	browserBudgetQuiet = 500 * time.Millisecond
)

// TestBrowserPageBudgets loads the catalogue, a course and a lesson, each in
// a new browser profile on a 360×640 phone, and checks the bytes the browser
// downloads against the budget; then it reloads each page and checks that
// the CSS, the script and the pictures come from a cache. The lesson is
// measured again for a signed-in learner, whose page has the completion form.
//
// The bytes of the page's own requests are Chrome's (encodedDataLength of
// Network.loadingFinished, in the page's session). The service worker is a
// target of its own, and its fetches (/sw.js, the app shell of its install,
// what it fetches for the page once it controls it) are not in the page's
// session; chromedp cannot attach to the worker before it starts (its attach
// evaluates `self`, which waits for ever in a worker paused on start). So the
// browser talks to the server through a proxy in this test that counts the
// bytes of each response on the wire: the responses no page request accounts
// for are the service worker's, and the proxy's total checks Chrome's.
func TestBrowserPageBudgets(t *testing.T) {
	chromium := browserFindChromium(t)
	proxy := browserBudgetStartProxy(t, startBrowserTestServer(t))
	base := proxy.base

	lesson := "/courses/smartphone/lessons/" + browserBudgetFirstLesson(t, base, "smartphone")
	pages := []struct{ name, path string }{
		{"catalogue", "/courses"},
		{"course", "/courses/smartphone"},
		{"lesson", lesson},
		{"verify", "/verify"}, // the public certificate check: same layout as with a code
	}
	for _, pg := range pages {
		t.Run(pg.name, func(t *testing.T) {
			browserBudgetMeasure(t, chromium, proxy, pg.path, "")
		})
	}

	// A signed-in learner: a session cookie from the API, in a new profile.
	api := newAPIClient(strings.TrimPrefix(base, "http://"))
	reg := registration{Phone: "0977123456", Password: "194857", Name: "Hà Thị Lan", BirthYear: 1957,
		Gender: "female", UnitCode: "06970"}
	if status, err := api.do(http.MethodPost, "/api/v1/auth/register", "", reg, nil); err != nil || status/100 != 2 {
		t.Fatalf("register %s: status %d, %v", reg.Phone, status, err)
	}
	token := api.login(t, reg.Phone, reg.Password)
	t.Run("lesson-signed-in", func(t *testing.T) {
		p := browserBudgetMeasure(t, chromium, proxy, lesson, token)
		if !p.eval(`document.querySelector("form[data-complete]") !== null`) {
			t.Error("the signed-in lesson page has no completion form: was the learner signed in?")
		}
	})
}

// browserBudgetMeasure loads path in a new browser profile (signed in with
// the session token when there is one), checks the first load against the
// budget, then reloads the page and checks the repeat load.
func browserBudgetMeasure(t *testing.T, chromium string, proxy *browserBudgetProxy, path, token string) *browserPhone {
	t.Helper()
	p := newBrowserPhone(t, chromium, 20*time.Second)
	p.base = proxy.base
	if token != "" {
		if _, err := chromedp.Call(p.ctx, network.SetCookie, network.SetCookieParams{
			Name: "hv_session", Value: token, URL: proxy.base + "/", HTTPOnly: new(true), SameSite: network.CookieSameSiteLax,
		}); err != nil {
			t.Fatalf("set the session cookie: %v", err)
		}
	}

	// First load: the page, its script registers the service worker, the
	// worker installs (caching the app shell) and takes control.
	rec := browserBudgetRecord(t, p, proxy)
	p.do("open "+path, chromedp.Navigate(proxy.base+path), chromedp.WaitReady(chromedp.CSS("html.js")))
	p.do("wait for the service worker",
		chromedp.Poll[chromedp.Void](`navigator.serviceWorker.controller !== null`,
			chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(10*time.Second)))
	first := rec.settle()
	first.log(t, "first load of "+path)
	if first.total > browserBudgetTotal {
		t.Errorf("first load of %s: %d bytes on the wire, budget %d", path, first.total, browserBudgetTotal)
	}
	if first.js > browserBudgetJS {
		t.Errorf("first load of %s: %d bytes of JavaScript, budget %d", path, first.js, browserBudgetJS)
	}
	if d := first.proxyTotal - first.total; d > 2000 || d < -2000 {
		t.Errorf("first load of %s: the proxy counted %d bytes, Chrome and the proxy together %d", path, first.proxyTotal, first.total)
	}
	for _, r := range first.rows {
		if r.status >= 400 {
			t.Errorf("first load of %s: %s answered %d", path, r.url, r.status)
		}
	}

	// Repeat load: the static files come from a cache, not the network.
	rec = browserBudgetRecord(t, p, proxy)
	p.do("reload "+path, chromedp.Reload(), chromedp.WaitReady(chromedp.CSS("html.js")))
	again := rec.settle()
	again.log(t, "repeat load of "+path)
	for _, r := range again.rows {
		if r.static() && r.bytes > 0 {
			t.Errorf("repeat load of %s: %s (%s) downloaded again: %d bytes (%s)", path, r.url, r.kind, r.bytes, r.source)
		}
	}
	p.checkConsole()
	return p
}

// browserBudgetRow is one download of a page load.
type browserBudgetRow struct {
	url, kind, source string
	status            int64
	bytes             int64
	by                string // "page" or "worker"
}

// static tells the files with content-hashed URLs, which a repeat load must
// not download. The service worker's script is not one: the browser checks
// it for updates.
func (r browserBudgetRow) static() bool {
	switch r.kind {
	case "Stylesheet", "Script", "Image", "Font":
		return !strings.HasPrefix(r.url, "/sw.js")
	}
	return false
}

func (r browserBudgetRow) js() bool {
	return r.kind == "Script" || strings.HasSuffix(r.url, ".js")
}

// browserBudgetLoad is what one page load downloaded.
type browserBudgetLoad struct {
	rows                  []browserBudgetRow
	total, js, proxyTotal int64
	page, worker          int64
}

func (l browserBudgetLoad) log(t *testing.T, what string) {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d bytes on the wire (page %d, service worker %d), JavaScript %d; the proxy counted %d\n",
		what, l.total, l.page, l.worker, l.js, l.proxyTotal)
	fmt.Fprintf(&b, "  %-7s %-11s %6s %7s  %-24s %s\n", "by", "type", "status", "bytes", "source", "URL")
	for _, r := range l.rows {
		fmt.Fprintf(&b, "  %-7s %-11s %6d %7d  %-24s %s\n", r.by, r.kind, r.status, r.bytes, r.source, r.url)
	}
	t.Log(b.String())
}

// browserBudgetRequest is what Chrome tells of one request of the page.
type browserBudgetRequest struct {
	url, kind, source string
	status            int64
	bytes             float64
	network           bool // fetched by the page itself, not from a cache or the service worker
	done              bool
}

// browserBudgetRecorder gathers the network events of the page and the
// responses of the proxy during one load.
type browserBudgetRecorder struct {
	t      *testing.T
	p      *browserPhone
	proxy  *browserBudgetProxy
	cancel context.CancelFunc
	mark   int // the proxy's first response of this load

	mu    sync.Mutex
	reqs  map[network.RequestID]*browserBudgetRequest
	order []network.RequestID
	last  time.Time
}

func browserBudgetRecord(t *testing.T, p *browserPhone, proxy *browserBudgetProxy) *browserBudgetRecorder {
	t.Helper()
	r := &browserBudgetRecorder{t: t, p: p, proxy: proxy, reqs: map[network.RequestID]*browserBudgetRequest{}, last: time.Now()}
	r.mark = proxy.mark()
	ctx, cancel := context.WithCancel(p.ctx)
	r.cancel = cancel
	t.Cleanup(cancel)
	err := chromedp.Listen(ctx, func(ev any) {
		r.mu.Lock()
		defer r.mu.Unlock()
		get := func(id network.RequestID) *browserBudgetRequest {
			q := r.reqs[id]
			if q == nil {
				q = &browserBudgetRequest{}
				r.reqs[id] = q
				r.order = append(r.order, id)
			}
			r.last = time.Now()
			return q
		}
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			q := get(ev.RequestID)
			q.url, q.kind = ev.Request.URL, string(ev.Type)
		case *network.EventRequestServedFromCache:
			get(ev.RequestID).source = "memory cache"
		case *network.EventResponseReceived:
			q, resp := get(ev.RequestID), ev.Response
			q.url, q.kind, q.status = resp.URL, string(ev.Type), resp.Status
			switch {
			case resp.FromServiceWorker:
				q.source = "service worker (" + string(resp.ServiceWorkerResponseSource) + ")"
			case resp.FromDiskCache:
				q.source = "disk cache"
			case resp.FromPrefetchCache:
				q.source = "prefetch cache"
			case q.source == "":
				q.source, q.network = "network", true
			}
		case *network.EventLoadingFinished:
			q := get(ev.RequestID)
			q.bytes, q.done = ev.EncodedDataLength, true
		case *network.EventLoadingFailed:
			q := get(ev.RequestID)
			q.source, q.done = "failed: "+ev.ErrorText, true
		}
	})
	if err != nil {
		t.Fatalf("listen to the network events: %v", err)
	}
	return r
}

// settle waits until neither the page nor the proxy has had a request in
// flight or a new event for the quiet period, then adds up the load.
func (r *browserBudgetRecorder) settle() browserBudgetLoad {
	r.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		r.mu.Lock()
		busy := r.last
		open := 0
		for _, q := range r.reqs {
			if !q.done && strings.HasPrefix(q.url, "http") {
				open++
			}
		}
		r.mu.Unlock()
		if pl := r.proxy.lastActivity(); pl.After(busy) {
			busy = pl
		}
		if open == 0 && r.proxy.inFlight() == 0 && time.Since(busy) >= browserBudgetQuiet {
			break
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("the network did not go quiet within 10 s: %d requests of the page open, %d at the proxy", open, r.proxy.inFlight())
		}
		time.Sleep(50 * time.Millisecond)
	}
	r.cancel()

	r.mu.Lock()
	defer r.mu.Unlock()
	served := r.proxy.since(r.mark)
	var l browserBudgetLoad
	for _, s := range served {
		l.proxyTotal += s.bytes
	}
	used := make([]bool, len(served))
	for _, id := range r.order {
		q := r.reqs[id]
		if !strings.HasPrefix(q.url, "http") {
			continue // data: URLs
		}
		row := browserBudgetRow{url: browserBudgetPath(q.url), kind: q.kind, source: q.source, status: q.status,
			bytes: int64(q.bytes), by: "page"}
		if q.network { // the proxy served it: it must be there
			found := false
			for i, s := range served {
				if !used[i] && s.path == row.url {
					used[i], found = true, true
					break
				}
			}
			if !found {
				r.t.Errorf("Chrome fetched %s from the network, but the proxy did not serve it", q.url)
			}
		}
		l.rows = append(l.rows, row)
	}
	// The rest the proxy served went to the service worker.
	for i, s := range served {
		if used[i] {
			continue
		}
		l.rows = append(l.rows, browserBudgetRow{url: s.path, kind: s.kind(), source: "network", status: int64(s.status),
			bytes: s.bytes, by: "worker"})
	}
	for _, row := range l.rows {
		l.total += row.bytes
		if row.by == "page" {
			l.page += row.bytes
		} else {
			l.worker += row.bytes
		}
		if row.js() {
			l.js += row.bytes
		}
	}
	return l
}

func browserBudgetPath(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	return u.RequestURI()
}

// browserBudgetFirstLesson returns the id of the first lesson of a course.
func browserBudgetFirstLesson(t *testing.T, base, slug string) string {
	t.Helper()
	var course struct {
		Lessons []struct {
			ID string `json:"id"`
		} `json:"lessons"`
	}
	browserCallJSON(t, http.MethodGet, base+"/api/v1/courses/"+slug, "", nil, &course)
	if len(course.Lessons) == 0 {
		t.Fatalf("course %s has no lessons", slug)
	}
	return course.Lessons[0].ID
}

// browserBudgetProxy stands between the browser and the server and counts
// the bytes of each response as they go on the wire: status line, headers,
// body (compressed as the server sent it) and framing. Chrome sends one
// request at a time on an HTTP/1.1 connection, so the bytes a connection
// carries from the start of one request to the start of the next are the
// response to the first.
type browserBudgetProxy struct {
	base string

	mu       sync.Mutex
	served   []*browserBudgetServed
	open     map[*browserBudgetConn]*browserBudgetServed // the latest response on each connection
	inflight int
	last     time.Time
}

// browserBudgetServed is one response of the proxy.
type browserBudgetServed struct {
	path, contentType string
	status            int
	conn              *browserBudgetConn
	start             int64 // bytes the connection had written when the request came
	bytes             int64 // set when the next request on the connection comes, or on since
}

func (s *browserBudgetServed) kind() string {
	switch ct := s.contentType; {
	case strings.Contains(ct, "javascript"):
		return "Script"
	case strings.Contains(ct, "css"):
		return "Stylesheet"
	case strings.HasPrefix(ct, "image/"):
		return "Image"
	case strings.HasPrefix(ct, "font/"):
		return "Font"
	case strings.Contains(ct, "html"):
		return "Document"
	}
	return "Other"
}

type browserBudgetConn struct {
	net.Conn
	written atomic.Int64
}

func (c *browserBudgetConn) Write(b []byte) (int, error) {
	n, err := c.Conn.Write(b)
	c.written.Add(int64(n))
	return n, err
}

type browserBudgetListener struct{ net.Listener }

func (l browserBudgetListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &browserBudgetConn{Conn: c}, nil
}

type browserBudgetConnKey struct{}

func browserBudgetStartProxy(t *testing.T, server string) *browserBudgetProxy {
	t.Helper()
	target, err := url.Parse(server)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &browserBudgetProxy{base: "http://" + ln.Addr().String(), open: map[*browserBudgetConn]*browserBudgetServed{}, last: time.Now()}
	rp := httputil.NewSingleHostReverseProxy(target)
	// Pass the browser's Accept-Encoding through and the compressed body back.
	rp.Transport = &http.Transport{DisableCompression: true, MaxIdleConnsPerHost: 16}
	srv := &http.Server{
		ReadHeaderTimeout: 10 * time.Second,
		ConnContext: func(ctx context.Context, c net.Conn) context.Context {
			return context.WithValue(ctx, browserBudgetConnKey{}, c)
		},
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			c := r.Context().Value(browserBudgetConnKey{}).(*browserBudgetConn)
			s := &browserBudgetServed{path: r.URL.RequestURI(), conn: c, start: c.written.Load()}
			p.mu.Lock()
			if prev := p.open[c]; prev != nil {
				prev.bytes = s.start - prev.start
			}
			p.open[c] = s
			p.served = append(p.served, s)
			p.inflight++
			p.last = time.Now()
			p.mu.Unlock()

			sw := &browserBudgetStatus{ResponseWriter: w, status: http.StatusOK}
			rp.ServeHTTP(sw, r)

			p.mu.Lock()
			s.status, s.contentType = sw.status, w.Header().Get("Content-Type")
			p.inflight--
			p.last = time.Now()
			p.mu.Unlock()
		}),
	}
	go srv.Serve(browserBudgetListener{ln})
	t.Cleanup(func() { srv.Close() })
	return p
}

type browserBudgetStatus struct {
	http.ResponseWriter
	status int
}

func (w *browserBudgetStatus) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

func (w *browserBudgetStatus) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// mark is the index of the next response.
func (p *browserBudgetProxy) mark() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.served)
}

func (p *browserBudgetProxy) inFlight() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.inflight
}

func (p *browserBudgetProxy) lastActivity() time.Time {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.last
}

// since returns the responses from mark on, with their bytes; the last
// response of each connection counts what the connection wrote until now.
func (p *browserBudgetProxy) since(mark int) []browserBudgetServed {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []browserBudgetServed
	for _, s := range p.served[mark:] {
		c := *s
		if p.open[s.conn] == s {
			c.bytes = s.conn.written.Load() - s.start
		}
		out = append(out, c)
	}
	return out
}
