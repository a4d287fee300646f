package web

import (
	"net/url"
	"time"

	"bytes"
	"encoding/json"
	"github.com/hocvuso/hocvuso/internal/lms"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

type reportJSON struct {
	Unit string `json:"unit"`
	By   string `json:"by"`
	Rows []struct {
		Key       string `json:"key"`
		Enrolled  int    `json:"enrolled"`
		Started   int    `json:"started"`
		Completed int    `json:"completed"`
		Rate      int    `json:"completion_rate"`
	} `json:"rows"`
	Total struct {
		Enrolled int `json:"enrolled"`
		Started  int `json:"started"`
	} `json:"total"`
}

// reportWorld is a class in Ba Chẽ with Hoa in it, who has done the first
// smartphone lesson, and a token for each kind of viewer.
type reportWorld struct {
	s                                                  *Server
	learner, trainer, baChe, vanDon, province, outside string
	classID                                            string
}

func newReportWorld(t *testing.T) *reportWorld {
	s := newTestServer(t)
	w := &reportWorld{s: s}
	w.trainer = staffToken(t, s, "0933000001", "trainer", "06970")
	w.baChe = staffToken(t, s, "0933000002", "official", "06970")
	w.vanDon = staffToken(t, s, "0933000003", "official", "06994")
	w.province = staffToken(t, s, "0933000004", "official", "22")
	w.outside = staffToken(t, s, "0933000005", "official", "01")
	_, body := call(t, s, "POST", "/api/v1/teams", `{"name":"Đội A","unit_code":"06970"}`, jsonHeaders(w.trainer))
	var team teamJSON
	json.Unmarshal([]byte(body), &team)
	_, body = call(t, s, "POST", "/api/v1/classes", `{"team_id":"`+team.ID+`","name":"Lớp thôn Nà Làng","unit_code":"06970","courses":["smartphone"],"capacity":30}`, jsonHeaders(w.trainer))
	var class classJSON
	json.Unmarshal([]byte(body), &class)
	w.classID = class.ID
	w.learner = signedIn(t, s)
	if resp, body := call(t, s, "POST", "/api/v1/classes/join", `{"code":"`+class.JoinCode+`"}`, jsonHeaders(w.learner)); resp.StatusCode != 200 {
		t.Fatalf("join: %d %s", resp.StatusCode, body)
	}
	c := smartphone(t, s, w.learner)
	if resp, body := call(t, s, "POST", "/api/v1/courses/smartphone/lessons/"+c.Lessons[0].ID+"/complete", `{}`, jsonHeaders(w.learner)); resp.StatusCode != 200 {
		t.Fatalf("complete: %d %s", resp.StatusCode, body)
	}
	return w
}

func TestCompletionReportAPI(t *testing.T) {
	w := newReportWorld(t)
	get := func(token, query string) (int, reportJSON, string) {
		t.Helper()
		resp, body := call(t, w.s, "GET", "/api/v1/reports/completion"+query, "", bearer(token))
		var r reportJSON
		json.Unmarshal([]byte(body), &r)
		return resp.StatusCode, r, body
	}
	status, r, body := get(w.baChe, "?course=smartphone")
	if status != 200 || r.Unit != "06970" || len(r.Rows) != 1 || r.Rows[0].Enrolled != 1 || r.Rows[0].Started != 1 || r.Rows[0].Rate != 0 {
		t.Fatalf("commune official, own commune: %d %s", status, body)
	}
	status, r, body = get(w.province, "?course=smartphone")
	if status != 200 || r.Unit != "22" || len(r.Rows) != 54 || r.Total.Enrolled != 1 {
		t.Fatalf("provincial official: %d, %d rows, %s", status, len(r.Rows), body[:min(len(body), 300)])
	}
	status, r, _ = get(w.province, "?unit=06970&by=class")
	if status != 200 || len(r.Rows) != 1 || r.Rows[0].Key != w.classID {
		t.Fatalf("provincial official, drilled into Ba Chẽ by class: %d %+v", status, r.Rows)
	}
	for _, c := range []struct {
		name, token, query string
		status             int
	}{
		{"no token", "", "", 401},
		{"learner", w.learner, "", 404},
		{"trainer", w.trainer, "?unit=06970", 404},
		{"commune official, province", w.baChe, "?unit=22", 404},
		{"commune official, other commune", w.vanDon, "?unit=06970", 404},
		{"other commune's class", w.vanDon, "?class=" + w.classID, 404},
		{"other province", w.outside, "?unit=06970", 404},
		{"unknown unit", w.province, "?unit=99999", 404},
		{"unknown course", w.baChe, "?course=nope", 400},
		{"unknown breakdown", w.baChe, "?by=district", 400},
	} {
		status, _, body := get(c.token, c.query)
		if status != c.status {
			t.Errorf("%s: %d %s, want %d", c.name, status, body, c.status)
		}
		if c.status == 400 && !strings.Contains(body, `"field"`) {
			t.Errorf("%s: the error names no field: %s", c.name, body)
		}
	}
}

// The page and its downloads follow the same scope as the API, route by
// route.
func TestReportPagesAndDownloadsAreScoped(t *testing.T) {
	w := newReportWorld(t)
	for _, path := range []string{"/reports", "/reports/completion.csv", "/reports/completion.xlsx"} {
		for _, c := range []struct {
			name, token, query string
			status             int
		}{
			{"commune official", w.baChe, "", 200},
			{"provincial official, commune", w.province, "?unit=06970", 200},
			{"learner", w.learner, "", 404},
			{"trainer", w.trainer, "", 404},
			{"commune official, province", w.baChe, "?unit=22", 404},
			{"other commune", w.vanDon, "?unit=06970", 404},
			{"other province", w.outside, "?unit=06970", 404},
		} {
			b := newBrowser(t, w.s)
			b.cookies[sessionCookie] = c.token
			resp, _ := b.do("GET", path+c.query, nil)
			if resp.StatusCode != c.status {
				t.Errorf("%s %s%s: %d, want %d", c.name, path, c.query, resp.StatusCode, c.status)
			}
		}
		b := newBrowser(t, w.s)
		if resp, _ := b.do("GET", path, nil); resp.StatusCode == 200 {
			t.Errorf("%s without signing in: 200", path)
		}
	}
}

func TestReportPageDrillsDown(t *testing.T) {
	w := newReportWorld(t)
	b := newBrowser(t, w.s)
	b.cookies[sessionCookie] = w.province
	resp, page := b.do("GET", "/reports?course=smartphone", nil)
	if resp.StatusCode != 200 || !strings.Contains(page, `data-row="06970"`) || !strings.Contains(page, "<svg") || !strings.Contains(page, `<title id="chart-title">`) {
		t.Fatalf("province page: %d", resp.StatusCode)
	}
	if !strings.Contains(page, `href="/reports?by=class&amp;course=smartphone&amp;unit=06970"`) {
		t.Fatalf("no drill-down link to Ba Chẽ's classes")
	}
	resp, page = b.do("GET", "/reports?by=class&course=smartphone&unit=06970", nil)
	if resp.StatusCode != 200 || !strings.Contains(page, "Lớp thôn Nà Làng") || !strings.Contains(page, "class="+w.classID) {
		t.Fatalf("commune page by class: %d", resp.StatusCode)
	}
	resp, page = b.do("GET", "/reports?by=age&class="+w.classID+"&course=smartphone&unit=06970", nil)
	if resp.StatusCode != 200 || !strings.Contains(page, `data-row="60plus"`) || !strings.Contains(page, "/classes/"+w.classID) {
		t.Fatalf("class page by age: %d", resp.StatusCode)
	}
}

func TestReportDownloadContents(t *testing.T) {
	w := newReportWorld(t)
	b := newBrowser(t, w.s)
	b.cookies[sessionCookie] = w.baChe
	resp, csv := b.do("GET", "/reports/completion.csv?course=smartphone&by=gender", nil)
	lines := strings.Split(strings.TrimSpace(strings.TrimPrefix(csv, "\ufeff")), "\n")
	if resp.StatusCode != 200 || !strings.HasPrefix(csv, "\ufeff") || len(lines) != 5 {
		t.Fatalf("csv: %d %q", resp.StatusCode, csv)
	}
	want := []string{
		"Giới tính,Tham gia,Đã bắt đầu,Đã hoàn thành,Có chứng nhận,Tỷ lệ hoàn thành,Đã làm bài kiểm tra cuối,Đạt bài kiểm tra cuối,Tỷ lệ đạt bài cuối,Số ngày để hoàn thành (trung vị)",
		"Khác,0,0,0,0,,0,0,,",
		"Nam,0,0,0,0,,0,0,,",
		"Nữ,1,1,0,0,0,0,0,,",
		"Tổng,1,1,0,0,0,0,0,,",
	}
	for i := range want {
		if lines[i] != want[i] {
			t.Errorf("csv line %d:\n got %s\nwant %s", i+1, lines[i], want[i])
		}
	}
	resp, body := b.do("GET", "/reports/completion.xlsx?course=smartphone&by=gender", nil)
	if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Type"), "spreadsheetml") {
		t.Fatalf("xlsx: %d", resp.StatusCode)
	}
	f, err := excelize.OpenReader(bytes.NewReader([]byte(body)))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("Bao cao")
	if err != nil || len(rows) != 5 || rows[3][0] != "Nữ" || rows[3][1] != "1" || rows[4][0] != "Tổng" {
		t.Fatalf("xlsx rows: %v %v", rows, err)
	}
	if typ, _ := f.GetCellType("Bao cao", "B4"); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
		t.Errorf("figures are text cells, so they cannot be summed")
	}
	if v, _ := f.GetCellValue("Bao cao", "F2"); v != "" {
		t.Errorf("a rate with nobody to count shows %q, want empty", v)
	}
}

func TestCampaignReportRoutes(t *testing.T) {
	w := newReportWorld(t)
	today := time.Now().In(time.FixedZone("ICT", 7*3600))
	if _, err := w.s.deps.Store.LogActivity(t.Context(), &lms.Activity{ID: "act-1", TrainerID: "tr", TeamID: "t", Kind: "vneid",
		Date: today, UnitCode: "06970", People: 4, CreatedAt: today}); err != nil {
		t.Fatal(err)
	}
	var r struct {
		Unit  string `json:"unit"`
		Total struct {
			Activities int `json:"activities"`
			People     int `json:"people_supported"`
			Teams      int `json:"teams"`
		} `json:"total"`
		Weeks []struct{} `json:"weeks"`
	}
	resp, body := call(t, w.s, "GET", "/api/v1/reports/campaign", "", bearer(w.baChe))
	json.Unmarshal([]byte(body), &r)
	if resp.StatusCode != 200 || r.Unit != "06970" || r.Total.Activities != 1 || r.Total.People != 4 || r.Total.Teams != 1 || len(r.Weeks) == 0 {
		t.Fatalf("this month in Ba Chẽ: %d %s", resp.StatusCode, body)
	}
	for _, c := range []struct {
		name, token, query string
		status             int
		field              string
	}{
		{"other commune", w.vanDon, "?unit=06970", 404, ""},
		{"commune official, province", w.baChe, "?unit=22", 404, ""},
		{"learner", w.learner, "", 404, ""},
		{"no token", "", "", 401, ""},
		{"backwards period", w.baChe, "?from=2026-10-31&to=2026-10-01", 400, "to"},
		{"day-first date", w.baChe, "?from=01/10/2026", 400, "from"},
	} {
		resp, body := call(t, w.s, "GET", "/api/v1/reports/campaign"+c.query, "", bearer(c.token))
		if resp.StatusCode != c.status || (c.field != "" && !strings.Contains(body, `"field":"`+c.field+`"`)) {
			t.Errorf("%s: %d %s, want %d naming %q", c.name, resp.StatusCode, body, c.status, c.field)
		}
	}
	for _, path := range []string{"/reports/campaign", "/reports/campaign.csv", "/reports/campaign.xlsx"} {
		b := newBrowser(t, w.s)
		b.cookies[sessionCookie] = w.province
		if resp, _ := b.do("GET", path+"?unit=06970", nil); resp.StatusCode != 200 {
			t.Errorf("provincial official %s: %d", path, resp.StatusCode)
		}
		b.cookies[sessionCookie] = w.vanDon
		if resp, _ := b.do("GET", path+"?unit=06970", nil); resp.StatusCode != 404 {
			t.Errorf("Vân Đồn official %s for Ba Chẽ: %d, want 404", path, resp.StatusCode)
		}
	}
	b := newBrowser(t, w.s)
	b.cookies[sessionCookie] = w.province
	resp, page := b.do("GET", "/reports/campaign", nil)
	if resp.StatusCode != 200 || !strings.Contains(page, `data-row="06970"`) || strings.Count(page, "<tr data-row=") != 55 {
		t.Fatalf("province campaign page: %d, %d rows", resp.StatusCode, strings.Count(page, "<tr data-row="))
	}
	resp, csv := b.do("GET", "/reports/campaign.csv?unit=06970", nil)
	lines := strings.Split(strings.TrimSpace(strings.TrimPrefix(csv, "\ufeff")), "\n")
	if resp.StatusCode != 200 || len(lines) != 3 ||
		lines[0] != "Đơn vị hành chính,Số đội,Số lớp đã mở,Số buổi học,Lượt tình nguyện viên,Hoạt động hỗ trợ,Lượt người được hỗ trợ,Người học được tiếp cận,Chứng nhận đã cấp" ||
		lines[1] != "Xã Ba Chẽ,1,0,0,1,1,4,0,0" || lines[2] != "Tổng,1,0,0,1,1,4,0,0" {
		t.Fatalf("campaign csv: %d\n%s", resp.StatusCode, csv)
	}
}

func TestTargetRoutes(t *testing.T) {
	w := newReportWorld(t)
	put := func(token, body string) (int, string) {
		t.Helper()
		resp, out := call(t, w.s, "PUT", "/api/v1/reports/targets", body, jsonHeaders(token))
		return resp.StatusCode, out
	}
	if st, out := put(w.baChe, `{"unit":"06970","metric":"learners_reached","from":"2026-01-01","to":"2026-12-31","goal":200}`); st != 200 {
		t.Fatalf("commune official, own commune: %d %s", st, out)
	}
	for _, c := range []struct {
		name, token, body string
		status            int
		field             string
	}{
		{"other commune", w.vanDon, `{"unit":"06970","metric":"certificates","from":"2026-01-01","to":"2026-12-31","goal":5}`, 404, ""},
		{"province from a commune", w.baChe, `{"unit":"22","metric":"certificates","from":"2026-01-01","to":"2026-12-31","goal":5}`, 404, ""},
		{"learner", w.learner, `{"unit":"06970","metric":"certificates","from":"2026-01-01","to":"2026-12-31","goal":5}`, 404, ""},
		{"goal zero", w.baChe, `{"unit":"06970","metric":"certificates","from":"2026-01-01","to":"2026-12-31","goal":0}`, 400, "goal"},
		{"goal as text", w.baChe, `{"unit":"06970","metric":"certificates","from":"2026-01-01","to":"2026-12-31","goal":"năm mươi"}`, 400, "goal"},
		{"unknown metric", w.baChe, `{"unit":"06970","metric":"likes","from":"2026-01-01","to":"2026-12-31","goal":5}`, 400, "metric"},
	} {
		st, out := put(c.token, c.body)
		if st != c.status || (c.field != "" && !strings.Contains(out, `"field":"`+c.field+`"`)) {
			t.Errorf("%s: %d %s, want %d naming %q", c.name, st, out, c.status, c.field)
		}
	}
	var list struct {
		Targets []struct {
			Unit, Metric, Status string
			Goal, Actual         int
		} `json:"targets"`
	}
	resp, body := call(t, w.s, "GET", "/api/v1/reports/targets", "", bearer(w.province))
	json.Unmarshal([]byte(body), &list)
	if resp.StatusCode != 200 || len(list.Targets) != 1 || list.Targets[0].Goal != 200 || list.Targets[0].Metric != "learners_reached" {
		t.Fatalf("provincial official's list: %d %s", resp.StatusCode, body)
	}
	if resp, _ := call(t, w.s, "GET", "/api/v1/reports/targets?unit=06970", "", bearer(w.vanDon)); resp.StatusCode != 404 {
		t.Errorf("Vân Đồn official listing Ba Chẽ's targets: %d", resp.StatusCode)
	}

	// The page form, without JavaScript: a mistake is shown on the form and
	// stores nothing; a good target is saved and listed.
	b := newBrowser(t, w.s)
	b.cookies[sessionCookie] = w.province
	resp, page := b.do("GET", "/reports/targets", nil)
	if resp.StatusCode != 200 || !strings.Contains(page, `<option value="06970"`) {
		t.Fatalf("targets page: %d", resp.StatusCode)
	}
	form := url.Values{"_csrf": {b.csrf(page)}, "unit": {"06994"}, "metric": {"certificates"}, "from": {"2026-10-01"}, "to": {"2026-09-01"}, "goal": {"40"}}
	resp, page = b.do("POST", "/reports/targets", form)
	if resp.StatusCode != 422 || !strings.Contains(page, `id="error-summary"`) || !strings.Contains(page, "Ngày cuối phải sau") || !strings.Contains(page, `value="40"`) {
		t.Fatalf("bad period on the form: %d", resp.StatusCode)
	}
	form.Set("to", "2026-12-31")
	form.Set("_csrf", b.csrf(page))
	if resp, _ = b.do("POST", "/reports/targets", form); resp.StatusCode != 303 {
		t.Fatalf("saving the target: %d", resp.StatusCode)
	}
	resp, page = b.do("GET", "/reports/targets?saved=1", nil)
	if !strings.Contains(page, `data-target="06994|certificates"`) || !strings.Contains(page, "Đã lưu chỉ tiêu") {
		t.Fatalf("the saved target is not listed: %d", resp.StatusCode)
	}
	// A share of adults certified needs the unit's adults; the goal is a
	// percentage of them.
	share := url.Values{"_csrf": {b.csrf(page)}, "unit": {"06994"}, "metric": {"certified_adults"}, "from": {"2026-10-01"},
		"to": {"2026-12-31"}, "goal": {"50"}}
	resp, page = b.do("POST", "/reports/targets", share)
	if resp.StatusCode != 422 || !strings.Contains(page, "Hãy nhập số người từ 18 tuổi trở lên") || !strings.Contains(page, `id="base"`) {
		t.Fatalf("a share target without its base: %d", resp.StatusCode)
	}
	share.Set("base", "2000")
	share.Set("_csrf", b.csrf(page))
	if resp, _ = b.do("POST", "/reports/targets", share); resp.StatusCode != 303 {
		t.Fatalf("saving the share target: %d", resp.StatusCode)
	}
	resp, page = b.do("GET", "/reports/targets", nil)
	if !strings.Contains(page, `data-target="06994|certified_adults"`) || !strings.Contains(page, "50% của 2000") {
		t.Fatalf("the share target is not listed as 50%% of 2000: %d", resp.StatusCode)
	}
	b.cookies[sessionCookie] = w.vanDon
	if resp, _ := b.do("GET", "/reports/targets?unit=06970", nil); resp.StatusCode != 404 {
		t.Errorf("Vân Đồn official on Ba Chẽ's targets page: %d", resp.StatusCode)
	}
}

func TestMasteryReportRoute(t *testing.T) {
	w := newReportWorld(t)
	var m struct {
		Unit string `json:"unit"`
		Rows []struct {
			Skill    string `json:"skill"`
			Levels   []int  `json:"levels"`
			Learners int    `json:"learners"`
		} `json:"rows"`
	}
	resp, body := call(t, w.s, "GET", "/api/v1/reports/mastery?course=smartphone", "", bearer(w.baChe))
	json.Unmarshal([]byte(body), &m)
	if resp.StatusCode != 200 || m.Unit != "06970" || len(m.Rows) == 0 || m.Rows[0].Learners != 1 || len(m.Rows[0].Levels) != 5 {
		t.Fatalf("mastery for Ba Chẽ: %d %s", resp.StatusCode, body)
	}
	for _, c := range []struct {
		token, query string
		status       int
	}{{w.vanDon, "?unit=06970", 404}, {w.learner, "", 404}, {w.baChe, "?unit=22", 404}, {"", "", 401}, {w.baChe, "?course=nope", 400}} {
		if resp, body := call(t, w.s, "GET", "/api/v1/reports/mastery"+c.query, "", bearer(c.token)); resp.StatusCode != c.status {
			t.Errorf("%s: %d %s, want %d", c.query, resp.StatusCode, body, c.status)
		}
	}
	b := newBrowser(t, w.s)
	b.cookies[sessionCookie] = w.baChe
	if resp, page := b.do("GET", "/reports?course=smartphone", nil); resp.StatusCode != 200 || !strings.Contains(page, "data-mastery") {
		t.Fatalf("the report page has no mastery table: %d", resp.StatusCode)
	}
}
