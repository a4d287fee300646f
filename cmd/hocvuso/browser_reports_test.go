package main

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"github.com/hocvuso/hocvuso/internal/auth"
)

// TestBrowserOfficialReports follows a commune official on a phone: the
// reports link, a dashboard that shows their commune and nothing of the
// next one, a drill-down into a class, and the XLSX download, opened as a
// spreadsheet.
func TestBrowserOfficialReports(t *testing.T) {
	chromium := browserFindChromium(t)
	m, base := browserStartProgram(t)
	api := newAPIClient(strings.TrimPrefix(base, "http://"))

	// Two communes of Quảng Ninh, each with a class and one learner who
	// has done a lesson.
	classIn := func(commune, trainerPhone, className, learnerPhone string) {
		t.Helper()
		if _, err := m.auth.CreateStaff(context.Background(), "", auth.StaffInput{Phone: trainerPhone, Password: "s3cret-pass",
			Name: "Hoàng Văn Tuấn", Role: "trainer", UnitCode: commune}); err != nil {
			t.Fatal(err)
		}
		tok := api.login(t, trainerPhone, "s3cret-pass")
		var team struct{ ID string }
		if st, err := api.do("POST", "/api/v1/teams", tok, map[string]string{"name": "Đội xung kích", "unit_code": commune}, &team); st != 201 || err != nil {
			t.Fatalf("team: %d %v", st, err)
		}
		var class struct {
			ID       string `json:"id"`
			JoinCode string `json:"join_code"`
		}
		if st, err := api.do("POST", "/api/v1/classes", tok, map[string]any{"team_id": team.ID, "name": className, "unit_code": commune,
			"courses": []string{"smartphone"}, "capacity": 30}, &class); st != 201 || err != nil {
			t.Fatalf("class: %d %v", st, err)
		}
		reg := registration{Phone: learnerPhone, Password: "482915", Name: "Lò Thị Xuân", BirthYear: 1956, Gender: "female", UnitCode: commune}
		if st, err := api.do("POST", "/api/v1/auth/register", "", reg, nil); st != 201 || err != nil {
			t.Fatalf("register: %d %v", st, err)
		}
		lt := api.login(t, learnerPhone, "482915")
		if st, err := api.do("POST", "/api/v1/classes/join", lt, map[string]string{"code": class.JoinCode}, nil); st != 200 || err != nil {
			t.Fatalf("join: %d %v", st, err)
		}
		var course struct {
			Lessons []struct{ ID string } `json:"lessons"`
		}
		api.do("GET", "/api/v1/courses/smartphone", lt, nil, &course)
		if st, err := api.do("POST", "/api/v1/courses/smartphone/lessons/"+course.Lessons[0].ID+"/complete", lt, map[string]any{}, nil); st != 200 || err != nil {
			t.Fatalf("complete: %d %v", st, err)
		}
	}
	classIn("06970", "0933000001", "Lớp thôn Nà Làng", "0977555111") // Xã Ba Chẽ
	classIn("06994", "0933000002", "Lớp đặc khu Vân Đồn", "0977555222")
	if _, err := m.auth.CreateStaff(context.Background(), "", auth.StaffInput{Phone: "0944000001", Password: "s3cret-pass",
		Name: "Trần Thị Mai", Role: "official", UnitCode: "06970"}); err != nil {
		t.Fatal(err)
	}

	p := newBrowserPhone(t, chromium, 40*time.Second)
	p.base = base
	browserTrainerSignIn(p, "0944000001", "s3cret-pass")
	resp, err := chromedp.RunResponse(p.ctx, chromedp.Tap(chromedp.CSS(`header a[href="/reports"]`)))
	if err != nil || resp.Status != http.StatusOK {
		p.fatal("open the reports link", err)
	}
	p.do("wait for the report table", chromedp.WaitVisible(chromedp.CSS("table[data-report]")))
	if h1 := p.text("h1"); !strings.Contains(h1, "Ba Chẽ") {
		t.Errorf("report heading %q does not name Xã Ba Chẽ", h1)
	}
	if main := p.text("main"); strings.Contains(main, "Vân Đồn") {
		t.Errorf("a Ba Chẽ official sees Vân Đồn:\n%s", main)
	}
	if rows := p.text("table[data-report] tbody"); !strings.Contains(rows, "Ba Chẽ") || strings.Count(rows, "\n") > 1 {
		t.Errorf("report rows = %q, want Ba Chẽ alone", rows)
	}
	if !p.eval(`!!document.querySelector("figure.chart svg[role=img] title")`) {
		t.Error("the chart has no accessible title")
	}
	p.checkLayout("reports, commune")
	p.screenshot("reports-commune")

	// Drill down: by class, then into the class.
	resp, err = chromedp.RunResponse(p.ctx, chromedp.Tap(chromedp.CSS(`nav.choices a[href*="by=class"]`)))
	if err != nil || resp.Status != http.StatusOK {
		p.fatal("choose the class breakdown", err)
	}
	p.do("wait for the class rows", chromedp.WaitVisible(chromedp.CSS("table[data-report]")))
	if rows := p.text("table[data-report] tbody"); !strings.Contains(rows, "Lớp thôn Nà Làng") || strings.Contains(rows, "Vân Đồn") {
		t.Errorf("class rows = %q", rows)
	}
	resp, err = chromedp.RunResponse(p.ctx, chromedp.Tap(chromedp.CSS(`table[data-report] tbody th a`)))
	if err != nil || resp.Status != http.StatusOK {
		p.fatal("open the class", err)
	}
	p.do("wait for the class report", chromedp.WaitVisible(chromedp.CSS("table[data-report]")))
	if h1 := p.text("h1"); !strings.Contains(h1, "Lớp thôn Nà Làng") {
		t.Errorf("class report heading = %q", h1)
	}
	if total := p.text(`tr[data-row="total"]`); !strings.Contains(total, "1") {
		t.Errorf("class total row = %q", total)
	}
	p.checkLayout("reports, class")

	// Download the class's table as XLSX, as a phone saves a file.
	dir := t.TempDir()
	if _, err := chromedp.Call(p.ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir}); err != nil {
		p.fatal("allow downloads", err)
	}
	p.do("tap the XLSX link", chromedp.Tap(chromedp.CSS(`a[data-download="xlsx"]`)))
	var file string
	for deadline := time.Now().Add(15 * time.Second); file == "" && time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		matches, _ := filepath.Glob(filepath.Join(dir, "*.xlsx"))
		if len(matches) == 1 {
			file = matches[0]
		}
	}
	if file == "" {
		entries, _ := os.ReadDir(dir)
		t.Fatalf("no XLSX downloaded after 15 s; the folder holds %v", entries)
	}
	f, err := excelize.OpenFile(file)
	if err != nil {
		t.Fatalf("open the download: %v", err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetName(0))
	if err != nil || len(rows) != 6 || rows[0][0] != "Độ tuổi" || rows[5][0] != "Tổng" || rows[5][1] != "1" {
		t.Fatalf("downloaded sheet %q: %v %v", filepath.Base(file), rows, err)
	}

	// The campaign figures: this month, Ba Chẽ, with the weekly table.
	resp, err = chromedp.RunResponse(p.ctx, chromedp.Navigate(base+"/reports/campaign"))
	if err != nil || resp.Status != http.StatusOK {
		p.fatal("open the campaign figures", err)
	}
	p.do("wait for the campaign table", chromedp.WaitVisible(chromedp.CSS("table[data-campaign]")))
	if rows := p.text("table[data-campaign] tbody"); !strings.Contains(rows, "Ba Chẽ") || strings.Contains(rows, "Vân Đồn") {
		t.Errorf("campaign rows = %q, want Ba Chẽ alone", rows)
	}
	p.checkLayout("campaign figures, commune")
	p.screenshot("reports-campaign")

	// Another commune's figures are not there to be typed into the address bar.
	resp, err = chromedp.RunResponse(p.ctx, chromedp.Navigate(base+"/reports?unit=06994"))
	if err != nil || resp.Status != http.StatusNotFound {
		t.Errorf("/reports?unit=06994 for a Ba Chẽ official: %v %v, want 404", resp.Status, err)
	}
}
