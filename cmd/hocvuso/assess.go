package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/hocvuso/hocvuso/internal/assess"
)

// assessCommand is "hocvuso assess calibrate": re-estimate every item's
// difficulty from real responses, for the placement test.
func assessCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "calibrate" {
		return errors.New("usage: hocvuso assess calibrate [--data DIR | --db URI]")
	}
	var m Main
	fs := flag.NewFlagSet("assess calibrate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	m.Config.storeFlags(fs)
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if err := m.openServices(ctx, stderr); err != nil {
		return err
	}
	defer m.store.Close()
	n, err := assess.NewService(m.store, m.catalog, time.Now).Calibrate(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "calibrated %d items; items with at least %d responses now use their calibrated difficulty\n", n, assess.MinCalibrationResponses)
	return nil
}
