// Command devmongo runs FerretDB v1 in-process, with its data in SQLite
// files, so that a developer can try hocvuso's MongoDB adapter without
// installing MongoDB:
//
//	go run ./cmd/devmongo --addr 127.0.0.1:27017 --dir ./data/devmongo
//	hocvuso serve --db mongodb://127.0.0.1:27017/hocvuso
//
// It is a developer tool, not part of the product: FerretDB v1 scans whole
// collections and is far too slow for real use.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "devmongo:", err)
		}
		os.Exit(2)
	}
}

// run serves until ctx is cancelled. It prints the MongoDB URI to stdout
// once FerretDB listens.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("devmongo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:27017", "TCP address to listen on")
	dir := fs.String("dir", filepath.Join("data", "devmongo"), "directory for FerretDB's SQLite files")
	db := fs.String("db", "hocvuso", "database name to put in the printed URI")
	logLevel := fs.String("log-level", "error", "FerretDB log level: debug, info, warn or error "+
		"(warn logs every failed command, even the driver's harmless endSessions)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		return fmt.Errorf("--log-level: %w", err)
	}
	abs, err := filepath.Abs(*dir)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		return err
	}
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: *addr},
		Handler:   "sqlite",
		SQLiteURL: "file:" + abs + "/",
		Logger:    slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level})),
	})
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, strings.TrimSuffix(f.MongoDBURI(), "/")+"/"+*db)
	return f.Run(ctx) // stops listening and closes the SQLite files when ctx ends
}
