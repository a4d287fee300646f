package main

import (
	"context"
	"flag"
	"io"
)

// serve runs the server until ctx ends (SIGINT or SIGTERM), then shuts
// down gracefully.
func serve(ctx context.Context, args []string, stderr io.Writer) error {
	m := &Main{}
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	m.Config.serveFlags(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := m.Run(ctx, stderr); err != nil {
		return err
	}
	select {
	case <-ctx.Done():
	case err := <-m.served:
		m.served <- err // let Close see it
	}
	m.Logger.Info("shutting down")
	return m.Close()
}
