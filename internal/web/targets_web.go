package web

import (
	"net/url"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/hocvuso/hocvuso/internal/lms"
	"github.com/hocvuso/hocvuso/internal/report"
)

// apiTargets is GET /api/v1/reports/targets: the targets of a unit and the
// units under it, lagging ones first.
func (s *Server) apiTargets(c *fiber.Ctx) error {
	ts, err := s.deps.Report.Targets(c.UserContext(), userOf(c), c.Query("unit"))
	if err != nil {
		return err
	}
	if ts == nil {
		ts = []*report.TargetProgress{}
	}
	return c.JSON(fiber.Map{"targets": ts})
}

// apiPutTarget is PUT /api/v1/reports/targets: set or replace a target.
func (s *Server) apiPutTarget(c *fiber.Ctx) error {
	var in report.TargetInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	t, err := s.deps.Report.SetTarget(c.UserContext(), userOf(c), in)
	if err != nil {
		return err
	}
	return c.JSON(report.TargetInput{Unit: t.UnitCode, Metric: t.Metric, From: t.From, To: t.To, Goal: t.Goal, Base: t.Base})
}

type targetsData struct {
	Unit, UnitName string
	Targets        []*report.TargetProgress
	Units          []choice // the unit and the communes under it, for the form
	Metrics        []string
	Form           report.TargetInput
	Notice         string
}

// targetsPage is GET /reports/targets.
func (s *Server) targetsPage(c *fiber.Ctx) error {
	return s.renderTargets(c, report.TargetInput{}, "", nil)
}

// targetSubmit is POST /reports/targets: the form, without JavaScript.
func (s *Server) targetSubmit(c *fiber.Ctx) error {
	goal, _ := strconv.Atoi(c.FormValue("goal"))
	base, _ := strconv.Atoi(c.FormValue("base"))
	in := report.TargetInput{Unit: c.FormValue("unit"), Metric: c.FormValue("metric"), From: c.FormValue("from"), To: c.FormValue("to"),
		Goal: goal, Base: base}
	if _, err := s.deps.Report.SetTarget(c.UserContext(), userOf(c), in); err != nil {
		if e := lms.AsError(err); e.Code == lms.EINVALID {
			return s.renderTargets(c, in, "", e)
		}
		return err
	}
	return c.Redirect("/reports/targets?"+url.Values{"unit": {c.Query("unit")}, "saved": {"1"}}.Encode(), fiber.StatusSeeOther)
}

func (s *Server) renderTargets(c *fiber.Ctx, form report.TargetInput, notice string, formErr *lms.Error) error {
	viewer := userOf(c)
	unit := c.Query("unit")
	if unit == "" {
		unit = viewer.UnitCode
	}
	ts, err := s.deps.Report.Targets(c.UserContext(), viewer, unit)
	if err != nil {
		return err
	}
	lang := langOf(c)
	d := targetsData{Unit: unit, UnitName: s.deps.Units.FullName(unit, lang), Targets: ts, Metrics: report.Metrics, Form: form}
	if form.Unit == "" {
		d.Form.Unit = unit
	}
	d.Units = append(d.Units, choice{Label: d.UnitName, Link: unit, Current: d.Form.Unit == unit})
	if s.deps.Units.IsProvince(unit) {
		for _, cm := range s.deps.Units.Communes(unit) {
			d.Units = append(d.Units, choice{Label: s.deps.Units.FullName(cm.Code, lang), Link: cm.Code, Current: d.Form.Unit == cm.Code})
		}
	}
	if c.Query("saved") == "1" {
		d.Notice = uiText("targets.saved").In(lang)
	}
	p := &page{Data: d, Title: uiText("targets.title").In(lang)}
	status := fiber.StatusOK
	if formErr != nil && formErrors(p, formErr, lang) {
		status = fiber.StatusUnprocessableEntity
	}
	return s.render(c, status, "targets", p)
}
