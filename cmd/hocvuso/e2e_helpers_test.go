package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// startMain runs the real program in this process on 127.0.0.1:0.
func startMain(tb testing.TB, cfg Config) *Main {
	tb.Helper()
	cfg.Addr = "127.0.0.1:0"
	if cfg.DataDir == "" {
		cfg.DataDir = tb.TempDir()
	}
	cfg.LogLevel, cfg.LogFormat = "warn", "text"
	m := &Main{Config: cfg}
	if err := m.Run(context.Background(), io.Discard); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := m.Close(); err != nil {
			tb.Errorf("close: %v", err)
		}
	})
	return m
}

// buildOnce maps a package dir to its *buildResult; binDir holds them all.
var (
	buildOnce sync.Map
	binDir    string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

var binDirOnce sync.Once

type buildResult struct {
	once sync.Once
	path string
	err  error
}

// buildBinary compiles a command of this module once per test run, reusing
// the build cache that `go test` already filled.
func buildBinary(tb testing.TB, pkgDir string) string {
	tb.Helper()
	v, _ := buildOnce.LoadOrStore(pkgDir, &buildResult{})
	r := v.(*buildResult)
	r.once.Do(func() {
		binDirOnce.Do(func() { binDir, r.err = os.MkdirTemp("", "hocvuso-bin-") })
		if r.err != nil || binDir == "" {
			r.err = fmt.Errorf("temp dir for binaries: %v", r.err)
			return
		}
		dir := binDir
		abs, err := filepath.Abs(pkgDir)
		if err != nil {
			r.err = err
			return
		}
		r.path = filepath.Join(dir, filepath.Base(abs))
		out, err := exec.Command("go", "build", "-o", r.path, pkgDir).CombinedOutput()
		if err != nil {
			r.err = fmt.Errorf("go build %s: %v\n%s", pkgDir, err, out)
		}
	})
	if r.err != nil {
		tb.Fatal(r.err)
	}
	return r.path
}

// freeAddr returns a loopback address with a port nobody listens on.
func freeAddr(tb testing.TB) string {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// process is a server started as a separate OS process.
type process struct {
	cmd *exec.Cmd
	log *bytes.Buffer
}

// httpReady is ready once url answers 200.
func httpReady(url string) func() bool {
	return func() bool {
		resp, err := http.Get(url)
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	}
}

// tcpReady is ready once addr accepts connections.
func tcpReady(addr string) func() bool {
	return func() bool {
		c, err := net.DialTimeout("tcp", addr, 100*time.Millisecond)
		if err == nil {
			c.Close()
		}
		return err == nil
	}
}

// startProcess runs binary with args and waits until ready says so.
func startProcess(tb testing.TB, binary string, ready func() bool, args ...string) *process {
	tb.Helper()
	p := &process{cmd: exec.Command(binary, args...), log: &bytes.Buffer{}}
	p.cmd.Stdout, p.cmd.Stderr = p.log, p.log
	if err := p.cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if p.cmd.ProcessState == nil {
			p.cmd.Process.Kill()
			p.cmd.Wait()
		}
	})
	deadline := time.Now().Add(60 * time.Second)
	for !ready() {
		if time.Now().After(deadline) {
			tb.Fatalf("%s did not become ready; log:\n%s", binary, p.log)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return p
}

// apiClient speaks the JSON API of one server.
type apiClient struct {
	base string
	http *http.Client
}

func newAPIClient(addr string) *apiClient {
	return &apiClient{base: "http://" + addr, http: &http.Client{Timeout: 30 * time.Second}}
}

// do sends a JSON request and decodes a JSON answer into out (if non-nil).
func (c *apiClient) do(method, path, token string, body, out any) (int, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return 0, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, c.base+path, rd)
	if err != nil {
		return 0, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return resp.StatusCode, err
	}
	if out != nil && len(data) > 0 {
		if err := json.Unmarshal(data, out); err != nil {
			return resp.StatusCode, fmt.Errorf("decode %s: %w", data, err)
		}
	}
	return resp.StatusCode, nil
}

type registration struct {
	Phone     string `json:"phone"`
	Password  string `json:"password"`
	Name      string `json:"name"`
	BirthYear int    `json:"birth_year"`
	Gender    string `json:"gender"`
	UnitCode  string `json:"unit_code"`
}

func newRegistration(i int) registration {
	return registration{Phone: fmt.Sprintf("0912%06d", i), Password: "482915", Name: "Lò Văn Páo",
		BirthYear: 1950 + i%50, Gender: "male", UnitCode: "06970"}
}

type meJSON struct {
	ID       string `json:"id"`
	Phone    string `json:"phone"`
	Name     string `json:"name"`
	UnitCode string `json:"unit_code"`
}

// login signs in through the API and returns the token.
func (c *apiClient) login(tb testing.TB, phone, password string) string {
	tb.Helper()
	var out struct {
		Token string `json:"token"`
	}
	status, err := c.do("POST", "/api/v1/auth/login", "", map[string]string{"phone": phone, "password": password}, &out)
	if err != nil || status != 200 || out.Token == "" {
		tb.Fatalf("login %s: status %d, %v", phone, status, err)
	}
	return out.Token
}
