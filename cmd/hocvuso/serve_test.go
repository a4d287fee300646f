package main

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestServeAnswersOpsEndpoints(t *testing.T) {
	m := startMain(t, Config{})
	for path, want := range map[string]string{
		"/healthz":             `"status":"ok"`,
		"/readyz":              `"status":"ok"`,
		"/metrics":             "go_goroutines",
		"/api/v1/openapi.json": `"openapi"`,
	} {
		resp, err := http.Get("http://" + m.Addr() + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(body), want) {
			t.Errorf("%s: %d, body lacks %q", path, resp.StatusCode, want)
		}
	}
}

func TestRegisterSignInMeThroughTheRealServer(t *testing.T) {
	m := startMain(t, Config{})
	c := newAPIClient(m.Addr())
	reg := newRegistration(1)
	var created meJSON
	if status, err := c.do("POST", "/api/v1/auth/register", "", reg, &created); err != nil || status != 201 {
		t.Fatalf("register: %d %v", status, err)
	}
	token := c.login(t, reg.Phone, reg.Password)
	var me meJSON
	if status, err := c.do("GET", "/api/v1/me", token, nil, &me); err != nil || status != 200 {
		t.Fatalf("me: %d %v", status, err)
	}
	if me.ID != created.ID || me.Name != "Lò Văn Páo" || me.Phone != "0912000001" || me.UnitCode != "06970" {
		t.Fatalf("me = %+v", me)
	}
	if status, _ := c.do("POST", "/api/v1/auth/logout", token, nil, nil); status != 204 {
		t.Fatalf("logout: %d", status)
	}
	if status, _ := c.do("GET", "/api/v1/me", token, nil, nil); status != 401 {
		t.Fatalf("me after logout: %d, want 401", status)
	}
}

func TestServeRejectsABadDBFlag(t *testing.T) {
	m := &Main{Config: Config{Addr: "127.0.0.1:0", DataDir: t.TempDir(), DB: "postgres://x", LogLevel: "info", LogFormat: "text"}}
	if err := m.Run(t.Context(), io.Discard); err == nil || !strings.Contains(err.Error(), "mongodb://") {
		m.Close()
		t.Fatalf("err = %v", err)
	}
}
