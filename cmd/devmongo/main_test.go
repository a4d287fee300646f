package main

import (
	"bufio"
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/hocvuso/hocvuso/internal/mongodb"
)

// TestRun starts devmongo on a free port, opens the adapter on the URI it
// prints, and stops it as SIGINT would.
func TestRun(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out, w := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"--addr", "127.0.0.1:0", "--dir", t.TempDir()}, w, io.Discard)
		w.Close()
	}()
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("no URI printed: %v (run: %v)", err, <-done)
	}
	uri := strings.TrimSpace(line)
	if !strings.HasPrefix(uri, "mongodb://127.0.0.1:") || !strings.HasSuffix(uri, "/hocvuso") {
		t.Fatalf("URI = %q", uri)
	}
	octx, ocancel := context.WithTimeout(ctx, 30*time.Second)
	defer ocancel()
	db, err := mongodb.Open(octx, uri)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Ping(octx); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("devmongo did not stop")
	}
}

func TestRunBadFlag(t *testing.T) {
	err := run(context.Background(), []string{"--log-level", "loud"}, io.Discard, io.Discard)
	if err == nil {
		t.Fatal("no error for a bad --log-level")
	}
}
