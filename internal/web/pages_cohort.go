package web

import (
	"crypto/rand"
	"encoding/hex"
	"html/template"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/hocvuso/hocvuso/internal/auth"
	"github.com/hocvuso/hocvuso/internal/cohort"
	"github.com/hocvuso/hocvuso/internal/lms"
)

type trainerData struct {
	Teams      []teamJSON
	Classes    []classJSON
	Courses    []option
	Activities []activityJSON
	Kinds      []string
	Today      string
	Notice     string
	ActivityID string
}

var activityKinds = []string{lms.ActVNeID, lms.ActDossier, lms.ActHealthIns, lms.ActScamReport, lms.ActPhoneSetup, lms.ActOther}

func (s *Server) trainerPage(c *fiber.Ctx) error {
	return s.renderTrainer(c, fiber.StatusOK, nil)
}

func (s *Server) renderTrainer(c *fiber.Ctx, status int, problem error) error {
	u, lang := userOf(c), langOf(c)
	ctx := c.UserContext()
	d := trainerData{Kinds: activityKinds, Today: time.Now().Format("2006-01-02"), Notice: c.Query("notice"), ActivityID: "web-" + randomID()}
	teams, err := s.deps.Cohort.MyTeams(ctx, u)
	if err != nil {
		return err
	}
	for _, t := range teams {
		d.Teams = append(d.Teams, s.teamJSON(t, lang))
	}
	classes, err := s.deps.Cohort.MyClasses(ctx, u)
	if err != nil {
		return err
	}
	for _, cl := range classes {
		d.Classes = append(d.Classes, s.classJSON(c, cl, true))
	}
	for _, co := range s.deps.Learning.Catalog().Courses {
		d.Courses = append(d.Courses, option{Code: co.Slug, Label: co.Title.In(lang)})
	}
	acts, err := s.deps.Cohort.MyActivities(ctx, u)
	if err != nil {
		return err
	}
	for _, a := range acts {
		d.Activities = append(d.Activities, toActivityJSON(a))
	}
	p := &page{Data: d}
	if problem != nil && !formErrors(p, problem, lang) {
		return problem
	}
	return s.render(c, status, "trainer", p)
}

func randomID() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// trainerForm handles the dashboard's forms; each redirects back with a
// notice, or shows the page again with the problem.
func (s *Server) trainerForm(c *fiber.Ctx) error {
	u, ctx := userOf(c), c.UserContext()
	var err error
	notice := ""
	switch c.Params("form") {
	case "team":
		_, err = s.deps.Cohort.CreateTeam(ctx, u, cohort.TeamInput{Name: c.FormValue("name"), UnitCode: strings.TrimSpace(c.FormValue("unit_code"))})
	case "invite":
		var inv *lms.Invite
		if inv, err = s.deps.Cohort.Invite(ctx, u, c.FormValue("team_id"), c.FormValue("phone")); err == nil {
			notice = uiText("trainer.invitecode").In(langOf(c)) + ": " + inv.Code
		}
	case "accept":
		_, err = s.deps.Cohort.AcceptInvite(ctx, u, c.FormValue("code"))
	case "class":
		in := cohort.ClassInput{TeamID: c.FormValue("team_id"), Name: c.FormValue("name"), UnitCode: strings.TrimSpace(c.FormValue("unit_code")),
			Place: c.FormValue("place")}
		in.Capacity, _ = strconv.Atoi(c.FormValue("capacity"))
		for _, v := range c.Request().PostArgs().PeekMulti("courses") {
			in.Courses = append(in.Courses, string(v))
		}
		for _, v := range c.Request().PostArgs().PeekMulti("sessions") {
			if t, perr := time.ParseInLocation("2006-01-02T15:04", string(v), vietnam); perr == nil {
				in.Sessions = append(in.Sessions, t)
			}
		}
		var cl *lms.Class
		if cl, err = s.deps.Cohort.CreateClass(ctx, u, in); err == nil {
			return c.Redirect("/classes/"+cl.ID, fiber.StatusSeeOther)
		}
	case "activity":
		people, _ := strconv.Atoi(c.FormValue("people"))
		_, _, err = s.deps.Cohort.LogActivity(ctx, u, cohort.ActivityInput{ID: c.FormValue("id"), TeamID: c.FormValue("team_id"),
			Kind: c.FormValue("kind"), Date: c.FormValue("date"), UnitCode: strings.TrimSpace(c.FormValue("unit_code")), People: people, Note: c.FormValue("note")})
	default:
		return fiber.ErrNotFound
	}
	if err != nil {
		return s.renderTrainer(c, statusOf[lms.ErrorCode(err)], err)
	}
	return c.Redirect("/trainer?notice="+url.QueryEscape(notice), fiber.StatusSeeOther)
}

// vietnam is the time zone of class sessions typed in forms.
var vietnam = time.FixedZone("ICT", 7*3600)

type classPageData struct {
	Class    classJSON
	Manager  bool
	QR       template.HTML
	Grid     *cohort.Grid
	Lessons  []gridCourse
	Notice   string
	Genders  []string
	Sessions []sessionView
	Stats    []classStats
}

// classStats is how the class answered one quiz, item by item.
type classStats struct {
	Title    string
	Attempts int
	Items    []itemStatsJSON
}

type gridCourse struct {
	Slug, Title string
	Lessons     []string // ids
	Final       bool
}

type sessionView struct {
	ID, When string
}

func (s *Server) classPage(c *fiber.Ctx) error {
	return s.renderClass(c, fiber.StatusOK, nil)
}

func (s *Server) renderClass(c *fiber.Ctx, status int, problem error) error {
	u, lang := userOf(c), langOf(c)
	g, err := s.deps.Cohort.Grid(c.UserContext(), u, c.Params("id"))
	if err != nil {
		return err
	}
	manager := s.deps.Cohort.CanManage(c.UserContext(), u, g.Class)
	d := classPageData{Class: s.classJSON(c, g.Class, manager), Manager: manager, Grid: g, Notice: c.Query("notice"), Genders: genders}
	if manager {
		if d.QR, err = qrSVG(d.Class.JoinURL, uiText("class.joincode").In(lang)+" "+g.Class.JoinCode); err != nil {
			return lms.Internal("web: qr", err)
		}
	}
	for _, co := range g.Courses {
		gc := gridCourse{Slug: co.Slug, Title: co.Title.In(lang), Final: co.FinalQuiz() != nil}
		for _, l := range co.Lessons {
			gc.Lessons = append(gc.Lessons, l.ID)
		}
		d.Lessons = append(d.Lessons, gc)
	}
	for _, co := range g.Courses {
		q := co.FinalQuiz()
		if q == nil {
			continue
		}
		stats, n, err := s.deps.Cohort.ItemStatistics(c.UserContext(), u, g.Class.ID, q.ID)
		if err != nil {
			return err
		}
		if n == 0 {
			continue
		}
		cs := classStats{Title: q.Title.In(lang), Attempts: n}
		for _, st := range stats {
			cs.Items = append(cs.Items, itemStatsJSON{ItemID: st.ItemID, Responses: st.Responses, Facility: round2(st.Facility),
				Discrimination: round2(st.Discrimination), Flags: st.Flags})
		}
		d.Stats = append(d.Stats, cs)
	}
	for _, ss := range g.Class.Sessions {
		d.Sessions = append(d.Sessions, sessionView{ID: ss.ID, When: ss.Starts.In(vietnam).Format("02/01/2006 15:04")})
	}
	p := &page{Title: g.Class.Name, Data: d}
	if problem != nil && !formErrors(p, problem, lang) {
		return problem
	}
	return s.render(c, status, "class", p)
}

// classForm handles the class page's forms: assisted registration,
// attendance, status.
func (s *Server) classForm(c *fiber.Ctx) error {
	u, ctx, id := userOf(c), c.UserContext(), c.Params("id")
	var err error
	notice := ""
	switch c.Params("form") {
	case "learner":
		in := auth.RegisterInput{Phone: c.FormValue("phone"), Password: c.FormValue("password"), Name: c.FormValue("name"),
			Gender: c.FormValue("gender"), Ethnicity: c.FormValue("ethnicity")}
		if in.BirthYear, err = parseBirthYear(c.FormValue("birth_year")); err == nil {
			var res *cohort.AssistedResult
			if res, err = s.deps.Cohort.RegisterAssisted(ctx, u, id, in); err == nil {
				notice = uiText("class.added").In(langOf(c)) + ": " + res.Learner.Name
			}
		}
	case "attendance":
		g, gerr := s.deps.Cohort.Grid(ctx, u, id)
		if gerr != nil {
			return gerr
		}
		var marks []cohort.Mark
		for _, r := range g.Rows {
			marks = append(marks, cohort.Mark{UserID: r.User.ID, Present: c.FormValue("present_"+r.User.ID) == "1"})
		}
		err = s.deps.Cohort.MarkAttendance(ctx, u, id, c.FormValue("session"), marks)
	case "status":
		_, err = s.deps.Cohort.SetStatus(ctx, u, id, c.FormValue("status"))
	default:
		return fiber.ErrNotFound
	}
	if err != nil {
		if lms.ErrorCode(err) == lms.ENOTFOUND {
			return err
		}
		return s.renderClass(c, statusOf[lms.ErrorCode(err)], err)
	}
	return c.Redirect("/classes/"+id+"?notice="+url.QueryEscape(notice), fiber.StatusSeeOther)
}

type joinData struct {
	Code, ClassName, Place string
	Joined                 bool
}

// joinPage is where the QR code leads: a visitor is asked to sign up or in
// (and comes back here), a learner confirms with one tap.
func (s *Server) joinPage(c *fiber.Ctx) error {
	d := joinData{Code: c.Params("code", c.Query("code"))}
	if d.Code != "" {
		cl, err := s.deps.Cohort.ClassByCode(c.UserContext(), d.Code)
		if err != nil {
			p := &page{Data: d}
			formErrors(p, err, langOf(c))
			return s.render(c, fiber.StatusNotFound, "join", p)
		}
		d.Code, d.ClassName, d.Place = cl.JoinCode, cl.Name, cl.Place
	}
	return s.render(c, fiber.StatusOK, "join", &page{Data: d})
}

func (s *Server) joinSubmit(c *fiber.Ctx) error {
	code := c.FormValue("code")
	cl, err := s.deps.Cohort.JoinByCode(c.UserContext(), userOf(c), code)
	if err != nil {
		p := &page{Data: joinData{Code: code}}
		if !formErrors(p, err, langOf(c)) {
			return err
		}
		return s.render(c, statusOf[lms.ErrorCode(err)], "join", p)
	}
	dest := "/courses"
	if len(cl.Courses) > 0 {
		dest = "/courses/" + cl.Courses[0]
	}
	return c.Redirect(dest, fiber.StatusSeeOther)
}
