// Package mongotest gives tests a MongoDB to talk to: an in-process
// FerretDB with an SQLite backend in a temporary directory, or the real
// MongoDB named by HOCVUSO_TEST_MONGODB_URI.
//
// It is imported by tests only, so FerretDB never reaches the product
// binary.
package mongotest

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// EnvURI names the environment variable holding a real MongoDB's URI.
const EnvURI = "HOCVUSO_TEST_MONGODB_URI"

// newFerret guards ferretdb.New, which writes a package-level variable of
// FerretDB's and so must not run in two parallel tests at once.
var newFerret sync.Mutex

// StartFerret starts FerretDB in-process on a free port of 127.0.0.1, with
// its SQLite files in tb.TempDir(), waits until it answers, and stops it
// when the test ends. It returns the server's URI, without a database name.
// FerretDB logs only errors (it logs every failed command as a warning),
// and to standard error: its goroutines may outlive the test, whose log
// they must not write to.
func StartFerret(tb testing.TB) string {
	tb.Helper()
	newFerret.Lock()
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: "127.0.0.1:0"},
		Handler:   "sqlite",
		SQLiteURL: "file:" + tb.TempDir() + "/",
		Logger:    slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError})),
	})
	newFerret.Unlock()
	if err != nil {
		tb.Fatalf("mongotest: start FerretDB: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = f.Run(ctx) // returns nil once ctx is cancelled
	}()
	tb.Cleanup(func() {
		cancel()
		<-done
	})
	uri := f.MongoDBURI()
	waitUntilUp(tb, uri)
	return uri
}

// waitUntilUp pings uri until it answers, for at most 30 seconds.
func waitUntilUp(tb testing.TB, uri string) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	client, err := mongo.Connect(options.Client().ApplyURI(uri))
	if err != nil {
		tb.Fatalf("mongotest: %v", err)
	}
	defer client.Disconnect(context.Background())
	for {
		err := client.Ping(ctx, nil)
		if err == nil {
			return
		}
		select {
		case <-ctx.Done():
			tb.Fatalf("mongotest: %s does not answer: %v", uri, err)
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// URI returns the URI of a database of its own for this test: on the
// MongoDB named by HOCVUSO_TEST_MONGODB_URI if that is set, and on a new
// in-process FerretDB otherwise. The database is dropped when the test
// ends.
func URI(tb testing.TB) string {
	tb.Helper()
	server := os.Getenv(EnvURI)
	if server == "" {
		server = StartFerret(tb)
	}
	return NewDatabase(tb, server)
}

// NewDatabase returns server's URI with the path replaced by the name of a
// fresh database, which is dropped when the test ends. Tests that need
// many databases start one server and call NewDatabase for each.
func NewDatabase(tb testing.TB, server string) string {
	tb.Helper()
	u, err := url.Parse(server)
	if err != nil {
		tb.Fatalf("mongotest: %s: %v", EnvURI, err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	name := "test_" + hex.EncodeToString(b)
	if q := u.Query(); u.User != nil && q.Get("authSource") == "" {
		// The path also names the database credentials are checked in.
		q.Set("authSource", cmp.Or(strings.TrimPrefix(u.Path, "/"), "admin"))
		u.RawQuery = q.Encode()
	}
	u.Path = "/" + name
	uri := u.String()
	tb.Cleanup(func() { dropDatabase(tb, server, name) })
	return uri
}

func dropDatabase(tb testing.TB, server, name string) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	client, err := mongo.Connect(options.Client().ApplyURI(server))
	if err != nil {
		tb.Errorf("mongotest: drop %s: %v", name, err)
		return
	}
	defer client.Disconnect(ctx)
	if err := client.Database(name).Drop(ctx); err != nil {
		tb.Errorf("mongotest: drop %s: %v", name, err)
	}
}
