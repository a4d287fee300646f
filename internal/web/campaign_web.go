package web

import (
	"net/url"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/hocvuso/hocvuso/internal/lms"
	"github.com/hocvuso/hocvuso/internal/report"
)

func (s *Server) campaign(c *fiber.Ctx) (*report.Campaign, error) {
	return s.deps.Report.Campaign(c.UserContext(), userOf(c),
		report.CampaignQuery{Unit: c.Query("unit"), From: c.Query("from"), To: c.Query("to")})
}

// apiCampaignReport is GET /api/v1/reports/campaign.
func (s *Server) apiCampaignReport(c *fiber.Ctx) error {
	r, err := s.campaign(c)
	if err != nil {
		return err
	}
	return c.JSON(r)
}

var campaignColumns = []string{"campaign.teams", "campaign.classes", "campaign.sessions", "campaign.participations",
	"campaign.activities", "campaign.people", "campaign.reached", "campaign.certificates"}

func campaignCells(r *report.CampaignRow) []any {
	return []any{r.Teams, r.ClassesHeld, r.Sessions, r.Participations, r.Activities, r.PeopleSupported, r.LearnersReached, r.Certificates}
}

// exportCampaign is GET /reports/campaign.csv and .xlsx.
func (s *Server) exportCampaign(c *fiber.Ctx) error {
	format := c.Params("format")
	if !tableFormat(format) {
		return lms.Errorf(lms.ENOTFOUND, "Không có định dạng tải về này.", "There is no such download format.")
	}
	r, err := s.campaign(c)
	if err != nil {
		return err
	}
	lang := langOf(c)
	header := []string{uiText("report.by.unit").In(lang)}
	for _, k := range campaignColumns {
		header = append(header, uiText(k).In(lang))
	}
	var rows [][]any
	for _, row := range append(r.Rows, r.Total) {
		rows = append(rows, append([]any{row.Label.In(lang)}, campaignCells(row)...))
	}
	return sendTable(c, format, "chien-dich-"+r.Unit+"-"+r.From+"-"+r.To, "Chien dich", header, rows)
}

type campaignData struct {
	C        *report.Campaign
	UnitName string
	Rows     []campaignRow
	Chart    *lineChart
	Download string
}

type campaignRow struct {
	*report.CampaignRow
	Label, Link string
}

// campaignPage is GET /reports/campaign: the figures a province reports
// monthly, with a weekly trend.
func (s *Server) campaignPage(c *fiber.Ctx) error {
	r, err := s.campaign(c)
	if err != nil {
		return err
	}
	lang := langOf(c)
	d := campaignData{C: r, UnitName: s.deps.Units.FullName(r.Unit, lang)}
	for _, row := range r.Rows {
		cr := campaignRow{CampaignRow: row, Label: row.Label.In(lang)}
		if row.Key != r.Unit {
			cr.Link = "/reports/campaign?" + url.Values{"unit": {row.Key}, "from": {r.From}, "to": {r.To}}.Encode()
		}
		d.Rows = append(d.Rows, cr)
	}
	d.Chart = newLineChart(r.Weeks, lang)
	d.Download = "?" + url.Values{"unit": {r.Unit}, "from": {r.From}, "to": {r.To}}.Encode()
	return s.render(c, fiber.StatusOK, "campaign", &page{Data: d, Title: uiText("campaign.title").In(lang)})
}

// lineChart draws weekly certificates and activities as two lines with
// labelled points; the table holds every figure.
type lineChart struct {
	Title         string
	Width, Height int
	Certs, Acts   string // SVG polyline points
	Points        []linePoint
	Max           int
	CertLabel     string
	ActLabel      string
}

type linePoint struct {
	X, YC, YA int
	Label     string // the week's first day, dd/mm
	C, A      int
}

func newLineChart(weeks []*report.TrendPoint, lang string) *lineChart {
	if len(weeks) < 2 {
		return nil
	}
	const left, top, plotW, plotH = 30, 10, 280, 120
	ch := &lineChart{Title: uiText("campaign.chart").In(lang), Width: left + plotW + 20, Height: top + plotH + 40,
		CertLabel: uiText("campaign.certificates").In(lang), ActLabel: uiText("campaign.activities").In(lang)}
	// The axis runs from 0 to at least 1, so a period with nothing yet
	// shows flat lines at 0 under a "1", not two zeros.
	ch.Max = 1
	for _, w := range weeks {
		ch.Max = max(ch.Max, w.Certificates, w.Activities)
	}
	scale := ch.Max
	for i, w := range weeks {
		x := left + i*plotW/(len(weeks)-1)
		p := linePoint{X: x, YC: top + plotH - w.Certificates*plotH/scale, YA: top + plotH - w.Activities*plotH/scale,
			Label: w.Start[8:10] + "/" + w.Start[5:7], C: w.Certificates, A: w.Activities}
		ch.Points = append(ch.Points, p)
		ch.Certs += strconv.Itoa(p.X) + "," + strconv.Itoa(p.YC) + " "
		ch.Acts += strconv.Itoa(p.X) + "," + strconv.Itoa(p.YA) + " "
	}
	return ch
}
