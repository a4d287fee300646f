package web

import (
	"time"

	"context"
	"github.com/hocvuso/hocvuso/internal/content/contenttest"
	"github.com/hocvuso/hocvuso/internal/learning"
	"io"
	"log/slog"
	"testing"

	"github.com/hocvuso/hocvuso/internal/assess"
	"github.com/hocvuso/hocvuso/internal/auth"
	"github.com/hocvuso/hocvuso/internal/cert"
	"github.com/hocvuso/hocvuso/internal/cohort"
	"github.com/hocvuso/hocvuso/internal/ethnic"
	"github.com/hocvuso/hocvuso/internal/report"
	"github.com/hocvuso/hocvuso/internal/sqlite"
	"github.com/hocvuso/hocvuso/internal/units"
	"github.com/hocvuso/hocvuso/internal/validation"
)

// testHashParams make argon2id cheap, so tests that register and sign in
// stay fast. Never use them outside tests.
var testHashParams = auth.HashParams{MemoryKiB: 1024, Time: 1, Threads: 1}

// newTestServer builds the server the way cmd/hocvuso does, with real
// dependencies: the embedded units, a fresh SQLite store in a temporary
// directory (closed when the test ends), the auth service with cheap hash
// parameters, and a logger that discards its output. Drive it with
// s.App().Test(req).
func newTestServer(tb testing.TB) *Server {
	tb.Helper()
	ctx := context.Background()
	reg, err := units.Embedded()
	if err != nil {
		tb.Fatalf("units.Embedded: %v", err)
	}
	store, err := sqlite.Open(ctx, tb.TempDir())
	if err != nil {
		tb.Fatalf("sqlite.Open: %v", err)
	}
	tb.Cleanup(func() {
		if err := store.Close(); err != nil {
			tb.Errorf("close store: %v", err)
		}
	})
	v := validation.New(validation.Lookups{IsCommune: reg.IsCommune, IsEthnicity: ethnic.Valid,
		IsUnit: func(c string) bool { return reg.IsProvince(c) || reg.IsCommune(c) }})
	svc, err := auth.NewService(ctx, store, auth.NewHasher(testHashParams), v, reg, auth.Config{})
	if err != nil {
		tb.Fatalf("auth.NewService: %v", err)
	}
	cat := contenttest.Catalog(tb)
	as := assess.NewService(store, cat, time.Now)
	ls := learning.NewService(store, cat, as, time.Now)
	cs := cohort.NewService(store, reg, svc, ls, as, v, time.Now)
	certs, err := cert.NewService(ctx, store, ls, reg, "https://hocvuso.example.vn", time.Now)
	if err != nil {
		tb.Fatalf("cert.NewService: %v", err)
	}
	reports := report.NewService(store, reg, time.Now)
	reports.SetMastery(as.Mastery, cat)
	s, err := New(Config{}, Deps{Auth: svc, Learning: ls, Assess: as, Cohort: cs, Cert: certs, Report: reports, Units: reg, Store: store, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		tb.Fatalf("web.New: %v", err)
	}
	return s
}

func authStaff(phone, role, unit string) auth.StaffInput {
	return auth.StaffInput{Phone: phone, Password: "s3cret-pass", Name: "Cán Bộ Thử", Role: role, UnitCode: unit}
}
