package main

import (
	"bytes"
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hocvuso/hocvuso/internal/sqlite"
)

// report verify on a demo province: no drift; a counter changed behind the
// roll-up's back is reported, with exit status 1, and --repair rebuilds it.
func TestReportVerifyCommand(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	var out, errs bytes.Buffer
	if err := run(ctx, []string{"demo", "--data", dir, "--learners", "40", "--log-level", "error"}, &out, &errs); err != nil {
		t.Fatalf("demo: %v\n%s", err, errs.String())
	}
	verify := func(args ...string) (string, error) {
		out.Reset()
		err := run(ctx, append([]string{"report", "verify", "--data", dir, "--unit", "22", "--log-level", "error"}, args...), &out, &errs)
		return out.String(), err
	}
	if got, err := verify(); err != nil || !strings.Contains(got, "Tỉnh Quảng Ninh: 0 figures drift") {
		t.Fatalf("fresh demo: %v\n%s", err, got)
	}

	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, sqlite.FileName))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`UPDATE rollup_counts SET enrolled = enrolled + 5
		WHERE (commune, dim, course, key) = (SELECT commune, dim, course, key FROM rollup_counts WHERE dim = 'gender' LIMIT 1)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	got, err := verify()
	if err == nil || !strings.Contains(got, "drift: ") || !strings.Contains(got, "enrolled is") {
		t.Fatalf("after tampering: %v\n%s", err, got)
	}
	got, err = verify("--repair")
	if err != nil || !strings.Contains(got, "roll-up rebuilt") || !strings.HasSuffix(strings.TrimSpace(got), ")") ||
		!strings.Contains(got[strings.Index(got, "roll-up rebuilt"):], "0 figures drift") {
		t.Fatalf("--repair: %v\n%s", err, got)
	}
}
