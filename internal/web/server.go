// Package web is hocvuso's HTTP surface: server-rendered pages for people
// and the JSON API under /api/v1, both on one Fiber app, both calling the
// same capability services.
package web

import (
	"context"
	"log/slog"
	"net"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/hocvuso/hocvuso/internal/assess"
	"github.com/hocvuso/hocvuso/internal/auth"
	"github.com/hocvuso/hocvuso/internal/cert"
	"github.com/hocvuso/hocvuso/internal/cohort"
	"github.com/hocvuso/hocvuso/internal/learning"
	"github.com/hocvuso/hocvuso/internal/lms"
	"github.com/hocvuso/hocvuso/internal/report"
	"github.com/hocvuso/hocvuso/internal/units"
)

// Config is the web layer's part of the program's configuration.
type Config struct {
	// SecureCookies marks cookies Secure; set it when clients reach the
	// server over HTTPS (directly or through a proxy).
	SecureCookies bool
	// ProxyHeader, when set (e.g. X-Forwarded-For), is where the client's
	// address is read from; only set it behind a proxy that sets it.
	ProxyHeader string
	// BodyLimit is the largest request body accepted, in bytes: a roster
	// upload. JSON bodies have their own, smaller limit (jsonLimit).
	BodyLimit int
}

// Deps are the services the web layer calls.
type Deps struct {
	Auth     *auth.Service
	Learning *learning.Service
	Assess   *assess.Service
	Cohort   *cohort.Service
	Cert     *cert.Service
	Report   *report.Service
	Units    *units.Registry
	Store    lms.Store // for /readyz only
	Logger   *slog.Logger
}

// Server is the HTTP server.
type Server struct {
	app     *fiber.App
	cfg     Config
	deps    Deps
	views   *views
	assets  *assets
	metrics *metrics
	openAPI []byte
	sw      []byte
}

// New builds the app: it parses templates, fingerprints assets and
// registers every route. A broken template fails here, not on a request.
func New(cfg Config, deps Deps) (*Server, error) {
	if cfg.BodyLimit == 0 {
		cfg.BodyLimit = 6 << 20
	}
	s := &Server{cfg: cfg, deps: deps, metrics: newMetrics()}
	var err error
	if s.assets, err = loadAssets(); err != nil {
		return nil, err
	}
	if s.views, err = loadViews(s.assets); err != nil {
		return nil, err
	}
	if s.openAPI, err = loadOpenAPI(); err != nil {
		return nil, err
	}
	if s.sw, err = buildServiceWorker(s.assets); err != nil {
		return nil, err
	}
	s.app = fiber.New(fiber.Config{
		AppName:               "hocvuso",
		ErrorHandler:          s.handleError,
		BodyLimit:             cfg.BodyLimit,
		ReadTimeout:           30 * time.Second,
		WriteTimeout:          30 * time.Second,
		IdleTimeout:           2 * time.Minute,
		ProxyHeader:           cfg.ProxyHeader,
		DisableStartupMessage: true,
		// Handlers keep strings from the request past its lifetime (in
		// errors and logs); immutable strings make that safe.
		Immutable: true,
	})
	s.routes()
	return s, nil
}

// App returns the Fiber app, for tests through app.Test.
func (s *Server) App() *fiber.App { return s.app }

// Serve answers requests on ln until Shutdown.
func (s *Server) Serve(ln net.Listener) error { return s.app.Listener(ln) }

// Shutdown stops accepting connections and waits for in-flight requests
// to finish, or for ctx to end.
func (s *Server) Shutdown(ctx context.Context) error { return s.app.ShutdownWithContext(ctx) }
