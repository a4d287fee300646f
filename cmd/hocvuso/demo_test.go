package main

import (
	"testing"

	"github.com/hocvuso/hocvuso/internal/demo"
)

// The README's run command: serve --demo seeds the province once, and the
// demo official it prints can sign in and read the dashboards.
func TestServeWithDemo(t *testing.T) {
	dir := t.TempDir()
	m := startMain(t, Config{DataDir: dir, Demo: 60})
	api := newAPIClient(m.Addr())
	token := api.login(t, demo.OfficialPhone, demo.Password)
	var comp struct {
		Rows  []struct{} `json:"rows"`
		Total struct {
			Enrolled  int `json:"enrolled"`
			Certified int `json:"certified"`
		} `json:"total"`
	}
	if st, err := api.do("GET", "/api/v1/reports/completion", token, nil, &comp); st != 200 || err != nil {
		t.Fatalf("completion report: %d %v", st, err)
	}
	if len(comp.Rows) != 54 || comp.Total.Enrolled < 60 || comp.Total.Certified == 0 {
		t.Fatalf("demo province report: %d rows, total %+v", len(comp.Rows), comp.Total)
	}
	communeToken := api.login(t, demo.CommunePhone, demo.Password)
	if st, _ := api.do("GET", "/api/v1/reports/completion?unit=22", communeToken, nil, nil); st != 404 {
		t.Errorf("the Ba Chẽ demo official reading the province: %d, want 404", st)
	}
}
