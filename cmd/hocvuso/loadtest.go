package main

import (
	"context"
	"errors"
	"flag"
	"io"
	"time"

	"github.com/hocvuso/hocvuso/internal/loadtest"
)

// loadtestCommand is "hocvuso loadtest --target URL --learners N
// --duration D": it drives the real HTTP API like N learners and prints
// throughput and latency percentiles. Point it only at a server you run.
func loadtestCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg loadtest.Config
	fs := flag.NewFlagSet("loadtest", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.Target, "target", "", "base URL of the server, e.g. http://127.0.0.1:8080 (required)")
	fs.IntVar(&cfg.Learners, "learners", 50, "concurrent virtual learners")
	fs.DurationVar(&cfg.Duration, "duration", 30*time.Second, "how long to keep taking quizzes")
	fs.StringVar(&cfg.Quiz, "quiz", "smartphone-01-check", "quiz to take (a lesson check allows unlimited attempts)")
	fs.StringVar(&cfg.Unit, "unit", "06970", "commune the virtual learners register in")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if cfg.Target == "" {
		return errors.New("loadtest: --target is required")
	}
	rep, err := loadtest.Run(ctx, cfg, stdout)
	if err != nil {
		return err
	}
	rep.Print(stdout)
	return nil
}
