// Command hocvuso is the learning platform's one binary: the server and
// its administrative subcommands.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

const usage = `hocvuso — học vụ số, a learning platform for digital skills

Usage:
  hocvuso serve [flags]          run the server (embedded SQLite in --data by default)
  hocvuso user create [flags]    create a trainer, official or admin account
  hocvuso demo [--learners 300]  fill an empty database with a demo province (Quảng Ninh)
  hocvuso content check [DIR]    check the course files and question banks under DIR (default .)
  hocvuso assess calibrate       re-estimate item difficulties from real answers
  hocvuso loadtest [flags]       drive a running server like many learners; print throughput and latency
  hocvuso cert verify FILE       verify a certificate's signed credential offline (--jwks FILE)
  hocvuso cert rotate-key        start signing with a new issuer key (old keys stay published)
  hocvuso report verify [--unit CODE] [--repair]
                                 check the dashboards' precomputed figures against the records
  hocvuso help                   show this text

Run "hocvuso <command> -h" for a command's flags.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "hocvuso:", err)
		os.Exit(1)
	}
}

// run dispatches a subcommand; it is main without the process, for tests.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		args = []string{"serve"}
	}
	switch args[0] {
	case "serve":
		return serve(ctx, args[1:], stderr)
	case "user":
		return userCommand(ctx, args[1:], stdout, stderr)
	case "content":
		return contentCommand(ctx, args[1:], stdout, stderr)
	case "assess":
		return assessCommand(ctx, args[1:], stdout, stderr)
	case "demo":
		return demoCommand(ctx, args[1:], stdout, stderr)
	case "loadtest":
		return loadtestCommand(ctx, args[1:], stdout, stderr)
	case "cert":
		return certCommand(ctx, args[1:], stdout, stderr)
	case "report":
		return reportCommand(ctx, args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", args[0])
}
