package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"time"

	"github.com/hocvuso/hocvuso/internal/assess"
	"github.com/hocvuso/hocvuso/internal/auth"
	"github.com/hocvuso/hocvuso/internal/cert"
	"github.com/hocvuso/hocvuso/internal/cohort"
	"github.com/hocvuso/hocvuso/internal/content"
	"github.com/hocvuso/hocvuso/internal/demo"
	"github.com/hocvuso/hocvuso/internal/ethnic"
	"github.com/hocvuso/hocvuso/internal/learning"
	"github.com/hocvuso/hocvuso/internal/lms"
	"github.com/hocvuso/hocvuso/internal/mongodb"
	"github.com/hocvuso/hocvuso/internal/report"
	"github.com/hocvuso/hocvuso/internal/sqlite"
	"github.com/hocvuso/hocvuso/internal/units"
	"github.com/hocvuso/hocvuso/internal/validation"
	"github.com/hocvuso/hocvuso/internal/web"
)

// Main is the running program: the store, the services and the server.
// Tests start the real program with Run on 127.0.0.1:0 and stop it with
// Close.
type Main struct {
	Config Config
	Logger *slog.Logger

	store    lms.Store
	units    *units.Registry
	catalog  *content.Catalog
	auth     *auth.Service
	learning *learning.Service
	assess   *assess.Service
	cohort   *cohort.Service
	cert     *cert.Service
	reports  *report.Service
	validate *validation.Validator
	server   *web.Server
	ln       net.Listener
	served   chan error

	stopFresh context.CancelFunc // stops the roll-up refresher
	freshDone chan struct{}
}

// openServices opens the store and builds the capability services.
func (m *Main) openServices(ctx context.Context, logOut io.Writer) error {
	if m.Logger == nil {
		l, err := m.Config.logger(logOut)
		if err != nil {
			return err
		}
		m.Logger = l
	}
	var err error
	if m.units, err = loadUnits(m.Config.UnitsDir); err != nil {
		return err
	}
	if m.catalog, err = loadContent(m.Config.ContentDir); err != nil {
		return fmt.Errorf("the course files have problems; fix them and start again:\n%w", err)
	}
	if m.store, err = openStore(ctx, m.Config); err != nil {
		return err
	}
	m.assess = assess.NewService(m.store, m.catalog, time.Now)
	if err := m.assess.LoadCalibrations(ctx); err != nil {
		m.store.Close()
		return fmt.Errorf("item calibrations: %w", err)
	}
	m.learning = learning.NewService(m.store, m.catalog, m.assess, time.Now)
	m.validate = validation.New(validation.Lookups{IsCommune: m.units.IsCommune, IsEthnicity: ethnic.Valid,
		IsUnit: func(c string) bool { return m.units.IsProvince(c) || m.units.IsCommune(c) }})
	m.auth, err = auth.NewService(ctx, m.store, auth.NewHasher(auth.DefaultHashParams), m.validate, m.units, auth.Config{})
	if err != nil {
		m.store.Close()
		return fmt.Errorf("auth: %w", err)
	}
	m.cohort = cohort.NewService(m.store, m.units, m.auth, m.learning, m.assess, m.validate, time.Now)
	if m.cert, err = cert.NewService(ctx, m.store, m.learning, m.units, m.publicURL(), time.Now); err != nil {
		m.store.Close()
		return fmt.Errorf("certificates: %w", err)
	}
	m.reports = report.NewService(m.store, m.units, time.Now)
	m.reports.SetMastery(m.assess.Mastery, m.catalog)
	m.reports.SetErrorLog(func(err error) { m.Logger.Warn("report roll-up refresh", "err", err.Error()) })
	return nil
}

// startRollup records the rules the reports' figures are computed with
// (a changed course, question bank or calibration marks every learner for
// recount) and starts the refresher that keeps the roll-up current.
func (m *Main) startRollup(ctx context.Context) error {
	stamp, err := m.reports.RulesStamp(ctx)
	if err != nil {
		return err
	}
	if changed, err := m.store.RollupRules(ctx, stamp); err != nil {
		return err
	} else if changed {
		m.Logger.Info("report figures will be recounted", "rules", stamp)
	}
	fctx, cancel := context.WithCancel(context.Background())
	m.stopFresh, m.freshDone = cancel, make(chan struct{})
	go func() {
		defer close(m.freshDone)
		m.reports.KeepFresh(fctx, 2*time.Second)
	}()
	return nil
}

// publicURL is the site's address printed on certificates.
func (m *Main) publicURL() string {
	if m.Config.PublicURL == "" {
		return "http://localhost:8080"
	}
	return m.Config.PublicURL
}

// Run opens everything and starts serving on Config.Addr. It returns once
// the server listens; Close stops it.
func (m *Main) Run(ctx context.Context, logOut io.Writer) error {
	if err := m.openServices(ctx, logOut); err != nil {
		return err
	}
	var err error
	written, err := content.Sync(ctx, m.store, m.catalog, time.Now().UTC())
	if err != nil {
		m.store.Close()
		return fmt.Errorf("store content versions: %w", err)
	}
	m.Logger.Info("content loaded", "courses", len(m.catalog.Courses), "new_versions", written)
	if m.Config.Demo > 0 {
		if err := m.seedDemo(ctx, logOut); err != nil && !errors.Is(err, demo.ErrNotEmpty) {
			m.store.Close()
			return err
		} else if err != nil {
			m.Logger.Warn("demo not seeded", "reason", err.Error())
		}
	}
	m.server, err = web.New(web.Config{SecureCookies: m.Config.SecureCookies, ProxyHeader: m.Config.ProxyHeader},
		web.Deps{Auth: m.auth, Learning: m.learning, Assess: m.assess, Cohort: m.cohort, Cert: m.cert, Report: m.reports, Units: m.units, Store: m.store, Logger: m.Logger})
	if err != nil {
		m.store.Close()
		return err
	}
	if m.ln, err = net.Listen("tcp", m.Config.Addr); err != nil {
		m.store.Close()
		return err
	}
	if err := m.startRollup(ctx); err != nil {
		m.ln.Close()
		m.store.Close()
		return fmt.Errorf("report roll-up: %w", err)
	}
	m.served = make(chan error, 1)
	go func() { m.served <- m.server.Serve(m.ln) }()
	m.Logger.Info("serving", "addr", m.ln.Addr().String(), "store", storeKind(m.Config), "units", m.units.Version())
	return nil
}

// Addr is the address the server listens on, once Run has returned.
func (m *Main) Addr() string { return m.ln.Addr().String() }

// Close shuts down gracefully: no new connections, in-flight requests
// finish (up to 20 seconds), then the database closes cleanly.
func (m *Main) Close() error {
	var errs []error
	if m.server != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		errs = append(errs, m.server.Shutdown(ctx))
		cancel()
		<-m.served
	}
	if m.stopFresh != nil {
		m.stopFresh()
		<-m.freshDone
	}
	if m.store != nil {
		errs = append(errs, m.store.Close())
	}
	return errors.Join(errs...)
}

func loadUnits(dir string) (*units.Registry, error) {
	if dir == "" {
		return units.Embedded()
	}
	return units.LoadDir(dir)
}

// openStore picks the adapter: a MongoDB URI selects MongoDB, nothing
// selects the embedded SQLite database in the data directory.
func openStore(ctx context.Context, c Config) (lms.Store, error) {
	switch {
	case c.DB == "":
		return sqlite.Open(ctx, c.DataDir)
	case strings.HasPrefix(c.DB, "mongodb://"), strings.HasPrefix(c.DB, "mongodb+srv://"):
		octx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		return mongodb.Open(octx, c.DB)
	}
	return nil, fmt.Errorf("--db must be a mongodb:// or mongodb+srv:// URI, or empty for the embedded database")
}

func storeKind(c Config) string {
	if c.DB == "" {
		return "sqlite"
	}
	return "mongodb"
}
