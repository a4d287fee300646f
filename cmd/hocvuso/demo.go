package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/hocvuso/hocvuso/internal/cert"
	"github.com/hocvuso/hocvuso/internal/demo"
)

// demoCommand is "hocvuso demo": fill an empty database with the demo
// province and print how to sign in.
func demoCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var m Main
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	m.Config.storeFlags(fs)
	fs.IntVar(&m.Config.Demo, "learners", 300, "how many demo learners")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := m.openServices(ctx, stderr); err != nil {
		return err
	}
	defer m.store.Close()
	return m.seedDemo(ctx, stdout)
}

// seedDemo seeds Config.Demo learners unless a demo is already there.
func (m *Main) seedDemo(ctx context.Context, out io.Writer) error {
	if m.Config.Demo < 1 || m.Config.Demo > 100_000 {
		return errors.New("demo: choose between 1 and 100000 learners")
	}
	started := time.Now()
	res, err := demo.Seed(ctx, demo.Deps{Store: m.store, Units: m.units, Catalog: m.catalog, Auth: m.auth,
		NewCert: func(now func() time.Time) (*cert.Service, error) {
			return cert.NewService(ctx, m.store, m.learning, m.units, m.publicURL(), now)
		}}, m.Config.Demo, 2025, time.Now())
	if err != nil {
		return err
	}
	if res.Skipped {
		fmt.Fprintln(out, "demo: already seeded; nothing added")
	} else {
		fmt.Fprintf(out, "demo: Tỉnh Quảng Ninh with %d teams, %d classes, %d learners, %d lessons done, %d final quizzes, %d support activities, %d certificates (%s)\n",
			res.Teams, res.Classes, res.Learners, res.Lessons, res.Attempts, res.Activities, res.Certificates, time.Since(started).Round(time.Millisecond))
	}
	fmt.Fprintf(out, "demo: sign in at /signin as the provincial official %s or the Xã Ba Chẽ official %s, password %s; then open /reports\n",
		demo.OfficialPhone, demo.CommunePhone, demo.Password)
	return nil
}
