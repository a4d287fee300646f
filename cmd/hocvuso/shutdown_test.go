package main

import (
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// TestSIGTERMFinishesInFlightRequests sends SIGTERM during a burst of
// registrations: every request that reached the server gets its answer,
// the process exits 0, and the database is closed cleanly (its WAL
// checkpointed into the main file).
func TestSIGTERMFinishesInFlightRequests(t *testing.T) {
	if testing.Short() {
		t.Skip("starts real server processes")
	}
	bin := buildBinary(t, ".")
	dataDir := t.TempDir()
	addr := freeAddr(t)
	p := startProcess(t, bin, httpReady("http://"+addr+"/readyz"), "serve", "--addr", addr, "--data", dataDir, "--log-level", "error")
	c := newAPIClient(addr)

	var next, answered, refused atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < 6; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				status, err := c.do("POST", "/api/v1/auth/register", "", newRegistration(int(next.Add(1))), nil)
				switch {
				case err != nil:
					refused.Add(1) // connection refused or closed: the server stopped accepting
					return
				case status == 201:
					answered.Add(1)
				default:
					t.Errorf("status %d during shutdown", status)
					return
				}
			}
		}()
	}
	time.Sleep(500 * time.Millisecond)
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	err := p.cmd.Wait()
	wg.Wait()
	if err != nil {
		t.Fatalf("exit after SIGTERM: %v\n%s", err, p.log)
	}
	if answered.Load() == 0 {
		t.Fatal("no registration was answered before the signal")
	}
	if fi, err := os.Stat(filepath.Join(dataDir, "hocvuso.db-wal")); err == nil && fi.Size() > 0 {
		t.Fatalf("WAL not checkpointed on shutdown: %d bytes", fi.Size())
	}
	// Every answered registration is there after a restart.
	startProcess(t, bin, httpReady("http://"+addr+"/readyz"), "serve", "--addr", addr, "--data", dataDir, "--log-level", "error")
	for i := 1; i <= int(next.Load()); i++ {
		r := newRegistration(i)
		status, _ := c.do("POST", "/api/v1/auth/register", "", r, nil)
		if status != 409 && status != 201 {
			t.Fatalf("%s: %d", r.Phone, status)
		}
	}
	t.Logf("%d answered before exit, %d clients saw the server stop", answered.Load(), refused.Load())
}
