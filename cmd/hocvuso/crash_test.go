package main

import (
	"database/sql"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"github.com/hocvuso/hocvuso/internal/sqlite"
)

// TestKill9DuringRegistrations kills the server with SIGKILL in the middle
// of a burst of registrations, restarts it on the same data, and checks
// that every registration answered 201 survived whole (the learner can
// sign in with their PIN) and that nothing half-written was left.
func TestKill9DuringRegistrations(t *testing.T) {
	if testing.Short() {
		t.Skip("starts real server processes")
	}
	bin := buildBinary(t, ".")
	dataDir := t.TempDir()
	addr := freeAddr(t)
	args := []string{"serve", "--addr", addr, "--data", dataDir, "--log-level", "error"}
	p := startProcess(t, bin, httpReady("http://"+addr+"/readyz"), args...)
	c := newAPIClient(addr)

	var next atomic.Int64
	var mu sync.Mutex
	answered := map[string]registration{} // 201s
	attempted := map[string]registration{}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				reg := newRegistration(int(next.Add(1)))
				mu.Lock()
				attempted[reg.Phone] = reg
				mu.Unlock()
				status, err := c.do("POST", "/api/v1/auth/register", "", reg, nil)
				if err == nil && status == 201 {
					mu.Lock()
					answered[reg.Phone] = reg
					mu.Unlock()
				} else if err != nil {
					return // the server is gone
				}
			}
		}()
	}
	// Kill once a good number of registrations are through, mid-burst.
	deadline := time.Now().Add(30 * time.Second)
	for {
		mu.Lock()
		n := len(answered)
		mu.Unlock()
		if n >= 150 || time.Now().After(deadline) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	p.cmd.Wait()
	close(stop)
	wg.Wait()
	if len(answered) < 50 {
		t.Fatalf("only %d registrations answered before the kill; the test proves little", len(answered))
	}
	t.Logf("%d registrations answered 201, %d attempted, then SIGKILL", len(answered), len(attempted))

	// The database file is sound after the crash.
	raw, err := sql.Open("sqlite", "file:"+dataDir+"/"+sqlite.FileName+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	var check string
	if err := raw.QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check = %q, %v", check, err)
	}
	raw.Close()

	// Restart on the same data and look at every attempted registration.
	startProcess(t, bin, httpReady("http://"+addr+"/readyz"), args...)
	found := 0
	for phone, reg := range attempted {
		var me meJSON
		var login struct {
			Token string `json:"token"`
		}
		status, err := c.do("POST", "/api/v1/auth/login", "", map[string]string{"phone": phone, "password": reg.Password}, &login)
		if err != nil {
			t.Fatal(err)
		}
		_, wasAnswered := answered[phone]
		switch {
		case status == 200:
			found++
			if s, err := c.do("GET", "/api/v1/me", login.Token, nil, &me); err != nil || s != 200 || me.Name != reg.Name || me.UnitCode != reg.UnitCode {
				t.Errorf("%s: restored account incomplete: %d %+v %v", phone, s, me, err)
			}
		case wasAnswered:
			t.Errorf("%s was answered 201 but is lost after the crash (login %d)", phone, status)
		case status != 401:
			t.Errorf("%s: login after restart answered %d", phone, status)
		}
	}
	if found < len(answered) {
		t.Fatalf("%d accounts after restart, %d were answered 201", found, len(answered))
	}
}
