package demo_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/hocvuso/hocvuso/internal/assess"
	"github.com/hocvuso/hocvuso/internal/auth"
	"github.com/hocvuso/hocvuso/internal/cert"
	"github.com/hocvuso/hocvuso/internal/content/contenttest"
	"github.com/hocvuso/hocvuso/internal/demo"
	"github.com/hocvuso/hocvuso/internal/ethnic"
	"github.com/hocvuso/hocvuso/internal/learning"
	"github.com/hocvuso/hocvuso/internal/lms"
	"github.com/hocvuso/hocvuso/internal/mongodb"
	"github.com/hocvuso/hocvuso/internal/mongodb/mongotest"
	"github.com/hocvuso/hocvuso/internal/report"
	"github.com/hocvuso/hocvuso/internal/sqlite"
	"github.com/hocvuso/hocvuso/internal/units"
	"github.com/hocvuso/hocvuso/internal/validation"
)

var now = time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)

func deps(t *testing.T, s lms.Store) (demo.Deps, *learning.Service) {
	t.Helper()
	ctx := context.Background()
	reg, err := units.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	cat := contenttest.Catalog(t)
	v := validation.New(validation.Lookups{IsCommune: reg.IsCommune, IsEthnicity: ethnic.Valid,
		IsUnit: func(c string) bool { return reg.IsProvince(c) || reg.IsCommune(c) }})
	a, err := auth.NewService(ctx, s, auth.NewHasher(auth.HashParams{MemoryKiB: 1024, Time: 1, Threads: 1}), v, reg, auth.Config{})
	if err != nil {
		t.Fatal(err)
	}
	as := assess.NewService(s, cat, time.Now)
	ls := learning.NewService(s, cat, as, time.Now)
	return demo.Deps{Store: s, Units: reg, Catalog: cat, Auth: a, NewCert: func(clock func() time.Time) (*cert.Service, error) {
		return cert.NewService(ctx, s, ls, reg, "https://demo.example.vn", clock)
	}}, ls
}

// The demo must be a dataset the dashboards can be trusted on: what Seed
// says it wrote is what the reports count, its certificates verify, the
// demo officials see it, and a second run adds nothing.
func TestDemoSeedsWhatTheReportsCount(t *testing.T) {
	stores := map[string]func(t *testing.T) lms.Store{
		"SQLite": func(t *testing.T) lms.Store {
			s, err := sqlite.Open(context.Background(), t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			return s
		},
		"MongoDB": func(t *testing.T) lms.Store {
			s, err := mongodb.Open(context.Background(), mongotest.URI(t))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			return s
		},
	}
	for name, open := range stores {
		t.Run(name, func(t *testing.T) {
			s := open(t)
			d, _ := deps(t, s)
			ctx := context.Background()
			res, err := demo.Seed(ctx, d, 120, 7, now)
			if err != nil {
				t.Fatal(err)
			}
			if res.Learners != 120 || res.Teams < 40 || res.Classes < res.Teams || res.Certificates == 0 || res.Activities == 0 {
				t.Fatalf("seeded %+v", res)
			}
			official, err := s.UserByPhone(ctx, "+84"+demo.OfficialPhone[1:])
			if err != nil || official.Role != lms.RoleOfficial || official.UnitCode != demo.Province {
				t.Fatalf("demo official: %+v %v", official, err)
			}
			svc := report.NewService(s, d.Units, func() time.Time { return now })
			// Count every seeded learner into the roll-up, as the server's
			// refresher does (a report alone stops after its time budget,
			// which FerretDB under a loaded machine can exceed).
			if err := svc.RefreshAll(ctx); err != nil {
				t.Fatal(err)
			}
			comp, err := svc.Completion(ctx, official, report.Query{})
			if err != nil {
				t.Fatal(err)
			}
			if comp.Pending {
				t.Errorf("report still pending after a full refresh")
			}
			if comp.Total.Certified != res.Certificates || comp.Total.TookFinal != res.Attempts || comp.Total.Enrolled < res.Learners {
				t.Errorf("completion report total %+v, seeded %+v", comp.Total, res)
			}
			camp, err := svc.Campaign(ctx, official, report.CampaignQuery{From: "2026-06-01", To: "2026-11-26"})
			if err != nil {
				t.Fatal(err)
			}
			if camp.Total.Activities != res.Activities || camp.Total.Certificates != res.Certificates || camp.Total.Teams != res.Teams {
				t.Errorf("campaign total %+v, seeded %+v", camp.Total, res)
			}
			cs, err := d.NewCert(time.Now)
			if err != nil {
				t.Fatal(err)
			}
			certs, err := s.CertificatesIssued(ctx, now.AddDate(0, -6, 0), now)
			if err != nil || len(certs) != res.Certificates {
				t.Fatalf("%d certificates in the last six months, %v", len(certs), err)
			}
			if p, _, err := cs.Lookup(ctx, certs[0].Code, false); err != nil || p.Status != "valid" {
				t.Errorf("a demo certificate does not verify: %+v %v", p, err)
			}
			again, err := demo.Seed(ctx, d, 120, 7, now)
			if err != nil || !again.Skipped {
				t.Errorf("seeding twice: %+v %v", again, err)
			}
		})
	}
}

func TestDemoRefusesADatabaseWithLearners(t *testing.T) {
	s, err := sqlite.Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	d, _ := deps(t, s)
	ctx := context.Background()
	if _, err := d.Auth.Register(ctx, auth.RegisterInput{Phone: "0912345678", Password: "482915", Name: "Nguyễn Thị Hoa",
		BirthYear: 1958, Gender: "female", UnitCode: "06970"}); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Seed(ctx, d, 10, 1, now); !errors.Is(err, demo.ErrNotEmpty) {
		t.Fatalf("seeding a database with a real learner: %v, want ErrNotEmpty", err)
	}
}
