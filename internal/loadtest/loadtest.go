// Package loadtest drives a running hocvuso server through its real HTTP
// API the way learners do — sign in, start a quiz, answer every question,
// submit — and reports throughput and latency percentiles per operation.
// It only ever talks to the target it is given.
package loadtest

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"
)

// Config is one load run.
type Config struct {
	Target   string        // base URL, e.g. http://127.0.0.1:8080
	Learners int           // concurrent virtual learners
	Duration time.Duration // how long the quiz loop runs
	Quiz     string        // quiz to take; a lesson check allows unlimited attempts
	Unit     string        // commune the virtual learners register in
}

// Report is what a run measured.
type Report struct {
	Elapsed time.Duration
	Ops     map[string]*OpStats
	Errors  map[string]int
}

// OpStats are one operation's latencies.
type OpStats struct {
	Count     int
	latencies []time.Duration
}

// Percentile returns the p-th percentile latency (0 < p <= 100).
func (o *OpStats) Percentile(p float64) time.Duration {
	if len(o.latencies) == 0 {
		return 0
	}
	sort.Slice(o.latencies, func(i, j int) bool { return o.latencies[i] < o.latencies[j] })
	i := int(float64(len(o.latencies))*p/100+0.5) - 1
	return o.latencies[max(0, min(i, len(o.latencies)-1))]
}

type recorder struct {
	mu     sync.Mutex
	ops    map[string]*OpStats
	errors map[string]int
}

func (r *recorder) record(op string, d time.Duration, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if err != nil {
		r.errors[op+": "+err.Error()]++
		return
	}
	s := r.ops[op]
	if s == nil {
		s = &OpStats{}
		r.ops[op] = s
	}
	s.Count++
	s.latencies = append(s.latencies, d)
}

// Run registers and signs in cfg.Learners learners, then has each take the
// quiz over and over until cfg.Duration has passed or ctx ends.
func Run(ctx context.Context, cfg Config, progress io.Writer) (*Report, error) {
	if cfg.Learners < 1 || cfg.Duration <= 0 {
		return nil, fmt.Errorf("loadtest: learners and duration must be positive")
	}
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: cfg.Learners + 4}}
	rec := &recorder{ops: map[string]*OpStats{}, errors: map[string]int{}}
	run := randomDigits(3) // so repeated runs against one server use new phones
	learners := make([]*learner, cfg.Learners)
	var wg sync.WaitGroup
	sem := make(chan struct{}, 8) // sign-ups hash PINs: do not flood the server
	for i := range learners {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			l := &learner{c: client, base: strings.TrimRight(cfg.Target, "/"), rec: rec}
			if err := l.signUp(ctx, fmt.Sprintf("039%s%04d", run, i), cfg.Unit); err != nil {
				rec.record("signup", 0, err)
				return
			}
			learners[i] = l
		}()
	}
	wg.Wait()
	fmt.Fprintf(progress, "signed up %d learners; taking %s for %v\n", countReady(learners), cfg.Quiz, cfg.Duration)
	start := time.Now()
	loopCtx, cancel := context.WithTimeout(ctx, cfg.Duration)
	defer cancel()
	for _, l := range learners {
		if l == nil {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for loopCtx.Err() == nil {
				if err := l.takeQuiz(loopCtx, cfg.Quiz); err != nil && loopCtx.Err() == nil {
					time.Sleep(50 * time.Millisecond)
				}
			}
		}()
	}
	wg.Wait()
	return &Report{Elapsed: time.Since(start), Ops: rec.ops, Errors: rec.errors}, nil
}

func countReady(ls []*learner) int {
	n := 0
	for _, l := range ls {
		if l != nil {
			n++
		}
	}
	return n
}

// Print writes the report as a table.
func (r *Report) Print(w io.Writer) {
	fmt.Fprintf(w, "elapsed %v\n%-8s %8s %9s %9s %9s %9s %9s\n", r.Elapsed.Round(time.Millisecond), "op", "count", "per sec", "p50", "p90", "p99", "max")
	var names []string
	for k := range r.Ops {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		o := r.Ops[k]
		fmt.Fprintf(w, "%-8s %8d %9.1f %9v %9v %9v %9v\n", k, o.Count, float64(o.Count)/r.Elapsed.Seconds(),
			o.Percentile(50).Round(time.Microsecond*10), o.Percentile(90).Round(time.Microsecond*10),
			o.Percentile(99).Round(time.Microsecond*10), o.Percentile(100).Round(time.Microsecond*10))
	}
	errs := 0
	for e, n := range r.Errors {
		errs += n
		if len(e) > 160 {
			e = e[:160] + "…"
		}
		fmt.Fprintf(w, "error x%d: %s\n", n, e)
	}
	fmt.Fprintf(w, "%d errors\n", errs)
}

func randomDigits(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	for i := range b {
		b[i] = '0' + b[i]%10
	}
	return string(b)
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// learner is one virtual learner with their session token.
type learner struct {
	c     *http.Client
	base  string
	token string
	rec   *recorder
}

func (l *learner) call(ctx context.Context, op, method, path string, body any, header map[string]string, out any) (int, error) {
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, l.base+path, rd)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	if l.token != "" {
		req.Header.Set("Authorization", "Bearer "+l.token)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	start := time.Now()
	resp, err := l.c.Do(req)
	if err != nil {
		if ctx.Err() == nil { // not the end of the run cutting a request short
			l.rec.record(op, 0, err)
		}
		return 0, err
	}
	data, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	d := time.Since(start)
	if resp.StatusCode >= 400 {
		err = fmt.Errorf("status %d", resp.StatusCode)
		l.rec.record(op, d, err)
		return resp.StatusCode, err
	}
	l.rec.record(op, d, nil)
	if out != nil {
		return resp.StatusCode, json.Unmarshal(data, out)
	}
	return resp.StatusCode, nil
}

func (l *learner) signUp(ctx context.Context, phone, unit string) error {
	reg := map[string]any{"phone": phone, "password": "482915", "name": "Người Thử Tải", "birth_year": 1960, "gender": "female", "unit_code": unit}
	if status, err := l.call(ctx, "signup", "POST", "/api/v1/auth/register", reg, nil, nil); err != nil && status != http.StatusConflict {
		return err
	}
	var out struct {
		Token string `json:"token"`
	}
	if _, err := l.call(ctx, "login", "POST", "/api/v1/auth/login", map[string]string{"phone": phone, "password": "482915"}, nil, &out); err != nil {
		return err
	}
	l.token = out.Token
	return nil
}

type choice struct {
	ID string `json:"id"`
}

type item struct {
	ID      string   `json:"id"`
	Type    string   `json:"type"`
	Options []choice `json:"options"`
	Steps   []choice `json:"steps"`
	Lefts   []choice `json:"lefts"`
	Rights  []choice `json:"rights"`
}

type attempt struct {
	ID     string `json:"id"`
	Status string `json:"status"`
	Items  []item `json:"items"`
}

// takeQuiz is one pass: start (or resume), answer every item, submit.
func (l *learner) takeQuiz(ctx context.Context, quiz string) error {
	var a attempt
	if _, err := l.call(ctx, "start", "POST", "/api/v1/quizzes/"+quiz+"/attempts", nil, nil, &a); err != nil {
		return err
	}
	for _, it := range a.Items {
		if _, err := l.call(ctx, "answer", "PUT", "/api/v1/attempts/"+a.ID+"/answers/"+it.ID, answerFor(it), nil, nil); err != nil {
			return err
		}
	}
	_, err := l.call(ctx, "submit", "POST", "/api/v1/attempts/"+a.ID+"/submit", nil, map[string]string{"Idempotency-Key": randomHex(8)}, nil)
	return err
}

// answerFor gives a well-formed answer: right or wrong does not matter
// for load.
func answerFor(it item) map[string]any {
	switch it.Type {
	case "single", "scenario":
		return map[string]any{"choice": it.Options[0].ID}
	case "multiple":
		return map[string]any{"choices": []string{it.Options[0].ID}}
	case "truefalse":
		return map[string]any{"bool": true}
	case "ordering":
		var ids []string
		for _, s := range it.Steps {
			ids = append(ids, s.ID)
		}
		return map[string]any{"order": ids}
	case "matching":
		m := map[string]string{}
		for i, left := range it.Lefts {
			m[left.ID] = it.Rights[i%len(it.Rights)].ID
		}
		return map[string]any{"matches": m}
	case "numeric":
		return map[string]any{"number": 1}
	}
	return map[string]any{"text": "không biết"}
}
