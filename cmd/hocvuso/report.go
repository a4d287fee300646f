package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"
)

// reportCommand is "hocvuso report verify": check the dashboards'
// precomputed figures against the source records.
func reportCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "verify" {
		fmt.Fprint(stderr, usage)
		return errors.New(`report: the only subcommand is "verify"`)
	}
	var m Main
	fs := flag.NewFlagSet("report verify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	m.Config.storeFlags(fs)
	unit := fs.String("unit", "", "a province or commune code; every province when empty")
	repair := fs.Bool("repair", false, "when figures drift, rebuild the roll-up from the records and verify again")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if err := m.openServices(ctx, stderr); err != nil {
		return err
	}
	defer m.store.Close()
	unitsToCheck := []string{*unit}
	if *unit == "" {
		unitsToCheck = nil
		for _, p := range m.units.Provinces() {
			unitsToCheck = append(unitsToCheck, p.Code)
		}
	} else if !m.units.IsProvince(*unit) && !m.units.IsCommune(*unit) {
		return fmt.Errorf("report verify: no unit %q", *unit)
	}
	drift, err := m.verify(ctx, unitsToCheck, stdout)
	if err != nil || drift == 0 {
		return err
	}
	if !*repair {
		return fmt.Errorf("report verify: %d figures drift; run again with --repair to rebuild the roll-up", drift)
	}
	started := time.Now()
	if err := m.store.MarkAllDirty(ctx, true); err != nil {
		return err
	}
	if err := m.reports.RefreshAll(ctx); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "report verify: roll-up rebuilt from the records in %s\n", time.Since(started).Round(time.Millisecond))
	if drift, err = m.verify(ctx, unitsToCheck, stdout); err == nil && drift > 0 {
		err = fmt.Errorf("report verify: %d figures still drift after the rebuild", drift)
	}
	return err
}

// verify prints each drifting figure of the units and how long each took.
func (m *Main) verify(ctx context.Context, units []string, out io.Writer) (int, error) {
	total := 0
	for _, u := range units {
		started := time.Now()
		drift, err := m.reports.Verify(ctx, u)
		if err != nil {
			return total, err
		}
		for _, d := range drift {
			fmt.Fprintln(out, "drift:", d)
		}
		total += len(drift)
		fmt.Fprintf(out, "report verify: %s: %d figures drift (%s)\n", m.units.FullName(u, "vi"), len(drift), time.Since(started).Round(time.Millisecond))
	}
	return total, nil
}
