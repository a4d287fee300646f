package web

import (
	"net/url"

	"github.com/gofiber/fiber/v2"

	"github.com/hocvuso/hocvuso/internal/lms"
	"github.com/hocvuso/hocvuso/internal/report"
)

// reportQuery reads a completion report's choices from the query string,
// the same for the page, its downloads and the API.
func (s *Server) reportQuery(c *fiber.Ctx) (report.Query, error) {
	q := report.Query{Unit: c.Query("unit"), Course: c.Query("course"), By: c.Query("by"), Class: c.Query("class")}
	if q.Course != "" {
		if _, ok := s.deps.Learning.Catalog().Course(q.Course); !ok {
			return q, &lms.Error{Code: lms.EINVALID, Op: "web: report query",
				Message: lms.Text{VI: "Không có khóa học này.", EN: "There is no such course."},
				Fields: []lms.FieldError{{Field: "course", Message: lms.Text{
					VI: "Hãy chọn một khóa học trong danh sách, hoặc để trống để xem mọi khóa.",
					EN: "Choose a course from the list, or leave it empty for every course."}}}}
		}
	}
	return q, nil
}

func (s *Server) completion(c *fiber.Ctx) (*report.Table, error) {
	q, err := s.reportQuery(c)
	if err != nil {
		return nil, err
	}
	return s.deps.Report.Completion(c.UserContext(), userOf(c), q)
}

// apiCompletionReport is GET /api/v1/reports/completion.
func (s *Server) apiCompletionReport(c *fiber.Ctx) error {
	t, err := s.completion(c)
	if err != nil {
		return err
	}
	return c.JSON(t)
}

// reportColumns are the figures' column titles, in table order.
var reportColumns = []string{"report.enrolled", "report.started", "report.completed", "report.certified",
	"report.rate", "report.tookfinal", "report.passedfinal", "report.passrate", "report.mediandays"}

// reportCells is one row's figures for a download: numbers stay numbers;
// a rate or median that cannot be computed is an empty cell, not 0.
func reportCells(r *report.Row) []any {
	opt := func(v int) any {
		if v < 0 {
			return ""
		}
		return v
	}
	days := any("")
	if r.MedianDays >= 0 {
		days = r.MedianDays
	}
	return []any{r.Enrolled, r.Started, r.Completed, r.Certified, opt(r.CompletionRate), r.TookFinal, r.PassedFinal, opt(r.FinalPassRate), days}
}

// exportReport is GET /reports/completion.csv and .xlsx: the table on the
// page, as a file.
func (s *Server) exportReport(c *fiber.Ctx) error {
	format := c.Params("format")
	if !tableFormat(format) {
		return lms.Errorf(lms.ENOTFOUND, "Không có định dạng tải về này.", "There is no such download format.")
	}
	t, err := s.completion(c)
	if err != nil {
		return err
	}
	lang := langOf(c)
	header := []string{uiText("report.by." + t.By).In(lang)}
	for _, k := range reportColumns {
		header = append(header, uiText(k).In(lang))
	}
	var rows [][]any
	for _, r := range append(t.Rows, t.Total) {
		rows = append(rows, append([]any{rowLabel(r, lang)}, reportCells(r)...))
	}
	return sendTable(c, format, "bao-cao-"+t.Unit+"-"+t.By, "Bao cao", header, rows)
}

func rowLabel(r *report.Row, lang string) string {
	if r.Label.In(lang) == "" {
		return r.Key
	}
	return r.Label.In(lang)
}

// reportRow is a table row as the page shows it.
type reportRow struct {
	*report.Row
	Label string
	Link  string // drill-down, or ""
}

type reportData struct {
	Table     *report.Table
	UnitName  string
	ClassName string
	Crumbs    []crumb
	Rows      []reportRow
	Total     reportRow
	Chart     *barChart
	Courses   []choice
	Bys       []choice
	Download  string // the query string for the download links
	Mastery   *report.MasteryTable
}

type crumb struct{ Label, Link string }

type choice struct {
	Label, Link string
	Current     bool
}

// reportsPage is GET /reports: the completion dashboard.
func (s *Server) reportsPage(c *fiber.Ctx) error {
	q, err := s.reportQuery(c)
	if err != nil {
		return err
	}
	t, mastery, err := s.deps.Report.Dashboard(c.UserContext(), userOf(c), q)
	if err != nil {
		return err
	}
	lang := langOf(c)
	link := func(unit, course, by, class string) string {
		v := url.Values{}
		for k, x := range map[string]string{"unit": unit, "course": course, "by": by, "class": class} {
			if x != "" {
				v.Set(k, x)
			}
		}
		return "/reports?" + v.Encode()
	}
	d := reportData{Table: t, Mastery: mastery, UnitName: s.deps.Units.FullName(t.Unit, lang)}
	viewer := userOf(c)
	if p := s.deps.Units.ProvinceOf(t.Unit); p != "" && p != t.Unit && s.deps.Units.Contains(viewer.UnitCode, p) {
		d.Crumbs = append(d.Crumbs, crumb{s.deps.Units.FullName(p, lang), link(p, t.Course, report.ByUnit, "")})
	}
	if t.Class != "" {
		d.Crumbs = append(d.Crumbs, crumb{d.UnitName, link(t.Unit, t.Course, report.ByClass, "")})
		if cl, err := s.deps.Cohort.Class(c.UserContext(), viewer, t.Class); err == nil {
			d.ClassName = cl.Name
		}
	}
	for _, r := range t.Rows {
		rr := reportRow{Row: r, Label: rowLabel(r, lang)}
		switch {
		case t.By == report.ByUnit && r.Key != t.Unit:
			rr.Link = link(r.Key, t.Course, report.ByClass, "")
		case t.By == report.ByClass && r.Key != "" && t.Class == "":
			rr.Link = link(t.Unit, t.Course, report.ByAge, r.Key)
		}
		d.Rows = append(d.Rows, rr)
	}
	d.Total = reportRow{Row: t.Total, Label: rowLabel(t.Total, lang)}
	d.Chart = newBarChart(d.Rows, lang)
	d.Courses = append(d.Courses, choice{uiText("report.allcourses").In(lang), link(t.Unit, "", t.By, t.Class), t.Course == ""})
	for _, co := range s.deps.Learning.Catalog().Courses {
		d.Courses = append(d.Courses, choice{co.Title.In(lang), link(t.Unit, co.Slug, t.By, t.Class), t.Course == co.Slug})
	}
	for _, by := range report.Breakdowns {
		if (by == report.ByUnit && t.Class != "") || (by == report.ByClass && !s.deps.Units.IsCommune(t.Unit)) {
			continue // a class has no communes; a province's classes are listed commune by commune
		}
		d.Bys = append(d.Bys, choice{uiText("report.by." + by).In(lang), link(t.Unit, t.Course, by, t.Class), t.By == by})
	}
	d.Download = "?" + c.Context().QueryArgs().String()
	return s.render(c, fiber.StatusOK, "reports", &page{Data: d, Title: uiText("report.title").In(lang)})
}

// apiMasteryReport is GET /api/v1/reports/mastery: learners per level of
// each skill, for the same unit, course and class choices.
func (s *Server) apiMasteryReport(c *fiber.Ctx) error {
	q, err := s.reportQuery(c)
	if err != nil {
		return err
	}
	t, err := s.deps.Report.Mastery(c.UserContext(), userOf(c), q)
	if err != nil {
		return err
	}
	return c.JSON(t)
}
