package web

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/hocvuso/hocvuso/internal/auth"
	"github.com/hocvuso/hocvuso/internal/cohort"
	"github.com/hocvuso/hocvuso/internal/lms"
)

type teamJSON struct {
	ID       string    `json:"id"`
	Name     string    `json:"name"`
	UnitCode string    `json:"unit_code"`
	UnitName string    `json:"unit_name"`
	LeaderID string    `json:"leader_id"`
	Created  time.Time `json:"created_at"`
}

func (s *Server) teamJSON(t *lms.Team, lang string) teamJSON {
	return teamJSON{ID: t.ID, Name: t.Name, UnitCode: t.UnitCode, UnitName: s.deps.Units.FullName(t.UnitCode, lang), LeaderID: t.LeaderID, Created: t.CreatedAt}
}

type classJSON struct {
	ID         string             `json:"id"`
	TeamID     string             `json:"team_id"`
	Name       string             `json:"name"`
	UnitCode   string             `json:"unit_code"`
	UnitName   string             `json:"unit_name"`
	Place      string             `json:"place"`
	Sessions   []lms.ClassSession `json:"sessions"`
	Courses    []string           `json:"courses"`
	TrainerIDs []string           `json:"trainer_ids"`
	Capacity   int                `json:"capacity"`
	Status     string             `json:"status"`
	JoinCode   string             `json:"join_code,omitempty"` // for those who run the class
	JoinURL    string             `json:"join_url,omitempty"`
}

func (s *Server) classJSON(c *fiber.Ctx, cl *lms.Class, manager bool) classJSON {
	out := classJSON{ID: cl.ID, TeamID: cl.TeamID, Name: cl.Name, UnitCode: cl.UnitCode, UnitName: s.deps.Units.FullName(cl.UnitCode, langOf(c)),
		Place: cl.Place, Sessions: cl.Sessions, Courses: cl.Courses, TrainerIDs: cl.TrainerIDs, Capacity: cl.Capacity, Status: cl.Status}
	if manager {
		out.JoinCode, out.JoinURL = cl.JoinCode, c.BaseURL()+"/join/"+cl.JoinCode
	}
	return out
}

func (s *Server) apiCreateTeam(c *fiber.Ctx) error {
	var in cohort.TeamInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	t, err := s.deps.Cohort.CreateTeam(c.UserContext(), userOf(c), in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(s.teamJSON(t, langOf(c)))
}

func (s *Server) apiMyTeams(c *fiber.Ctx) error {
	ts, err := s.deps.Cohort.MyTeams(c.UserContext(), userOf(c))
	if err != nil {
		return err
	}
	out := []teamJSON{}
	for _, t := range ts {
		out = append(out, s.teamJSON(t, langOf(c)))
	}
	return c.JSON(fiber.Map{"teams": out})
}

type inviteRequest struct {
	Phone string `json:"phone"`
}

func (s *Server) apiInvite(c *fiber.Ctx) error {
	var in inviteRequest
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	inv, err := s.deps.Cohort.Invite(c.UserContext(), userOf(c), c.Params("id"), in.Phone)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(fiber.Map{"code": inv.Code, "expires_at": inv.ExpiresAt})
}

type codeRequest struct {
	Code string `json:"code"`
}

func (s *Server) apiAcceptInvite(c *fiber.Ctx) error {
	var in codeRequest
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	t, err := s.deps.Cohort.AcceptInvite(c.UserContext(), userOf(c), in.Code)
	if err != nil {
		return err
	}
	return c.JSON(s.teamJSON(t, langOf(c)))
}

func (s *Server) apiCreateClass(c *fiber.Ctx) error {
	var in cohort.ClassInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	cl, err := s.deps.Cohort.CreateClass(c.UserContext(), userOf(c), in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(s.classJSON(c, cl, true))
}

func (s *Server) apiMyClasses(c *fiber.Ctx) error {
	cs, err := s.deps.Cohort.MyClasses(c.UserContext(), userOf(c))
	if err != nil {
		return err
	}
	out := []classJSON{}
	for _, cl := range cs {
		out = append(out, s.classJSON(c, cl, true))
	}
	return c.JSON(fiber.Map{"classes": out})
}

type statusRequest struct {
	Status string `json:"status"`
}

func (s *Server) apiClassStatus(c *fiber.Ctx) error {
	var in statusRequest
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	cl, err := s.deps.Cohort.SetStatus(c.UserContext(), userOf(c), c.Params("id"), in.Status)
	if err != nil {
		return err
	}
	return c.JSON(s.classJSON(c, cl, true))
}

type gridRowJSON struct {
	UserID     string                    `json:"user_id"`
	Name       string                    `json:"name"`
	Phone      string                    `json:"phone"`
	Assisted   bool                      `json:"assisted"`
	Lessons    map[string][]string       `json:"lessons_completed"` // course → lesson ids
	Finals     map[string]*finalCellJSON `json:"final_quiz"`
	Present    map[string]bool           `json:"attendance"`
	LastActive time.Time                 `json:"last_active"`
	Stuck      []string                  `json:"stuck,omitempty"`
}

type finalCellJSON struct {
	Percent int  `json:"percent"`
	Passed  bool `json:"passed"`
	Failed  int  `json:"failed_attempts"`
}

// apiClass is the class with its cohort: learners × lessons and quizzes.
func (s *Server) apiClass(c *fiber.Ctx) error {
	g, err := s.deps.Cohort.Grid(c.UserContext(), userOf(c), c.Params("id"))
	if err != nil {
		return err
	}
	rows := []gridRowJSON{}
	for _, r := range g.Rows {
		row := gridRowJSON{UserID: r.User.ID, Name: r.User.Name, Phone: r.Phone, Assisted: r.User.Assisted, Lessons: map[string][]string{},
			Finals: map[string]*finalCellJSON{}, Present: r.Present, LastActive: r.LastActive, Stuck: r.Stuck}
		for slug, done := range r.Done {
			row.Lessons[slug] = []string{}
			for id := range done {
				row.Lessons[slug] = append(row.Lessons[slug], id)
			}
		}
		for slug, a := range r.Final {
			cell := &finalCellJSON{Failed: r.Failed[slug]}
			if a != nil {
				cell.Percent, cell.Passed = a.Percent, a.Passed
			}
			row.Finals[slug] = cell
		}
		rows = append(rows, row)
	}
	manager := s.deps.Cohort.CanManage(c.UserContext(), userOf(c), g.Class)
	return c.JSON(fiber.Map{"class": s.classJSON(c, g.Class, manager), "learners": rows})
}

func (s *Server) apiJoinClass(c *fiber.Ctx) error {
	var in codeRequest
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	cl, err := s.deps.Cohort.JoinByCode(c.UserContext(), userOf(c), in.Code)
	if err != nil {
		return err
	}
	return c.JSON(s.classJSON(c, cl, false))
}

func (s *Server) apiAssisted(c *fiber.Ctx) error {
	var in auth.RegisterInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	res, err := s.deps.Cohort.RegisterAssisted(c.UserContext(), userOf(c), c.Params("id"), in)
	if err != nil {
		return err
	}
	status := fiber.StatusCreated
	if res.Existing {
		status = fiber.StatusOK
	}
	return c.Status(status).JSON(fiber.Map{"existing": res.Existing, "user": s.userJSON(res.Learner, auth.Full, langOf(c))})
}

type attendanceRequest struct {
	Marks []cohort.Mark `json:"marks"`
}

func (s *Server) apiAttendance(c *fiber.Ctx) error {
	var in attendanceRequest
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if err := s.deps.Cohort.MarkAttendance(c.UserContext(), userOf(c), c.Params("id"), c.Params("session"), in.Marks); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (s *Server) apiClassStats(c *fiber.Ctx) error {
	stats, n, err := s.deps.Cohort.ItemStatistics(c.UserContext(), userOf(c), c.Params("id"), c.Params("quiz"))
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"quiz_id": c.Params("quiz"), "attempts": n, "items": itemStatsOf(stats)})
}

type activityJSON struct {
	ID         string    `json:"id"`
	TeamID     string    `json:"team_id,omitempty"`
	Kind       string    `json:"kind"`
	Date       string    `json:"date"`
	UnitCode   string    `json:"unit_code"`
	People     int       `json:"people"`
	LearnerIDs []string  `json:"learner_ids,omitempty"`
	Note       string    `json:"note,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
}

func toActivityJSON(a *lms.Activity) activityJSON {
	return activityJSON{ID: a.ID, TeamID: a.TeamID, Kind: a.Kind, Date: a.Date.Format("2006-01-02"), UnitCode: a.UnitCode,
		People: a.People, LearnerIDs: a.LearnerIDs, Note: a.Note, CreatedAt: a.CreatedAt}
}

func (s *Server) apiLogActivity(c *fiber.Ctx) error {
	var in cohort.ActivityInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	a, created, err := s.deps.Cohort.LogActivity(c.UserContext(), userOf(c), in)
	if err != nil {
		return err
	}
	status := fiber.StatusOK
	if created {
		status = fiber.StatusCreated
	}
	return c.Status(status).JSON(toActivityJSON(a))
}

func (s *Server) apiMyActivities(c *fiber.Ctx) error {
	list, err := s.deps.Cohort.MyActivities(c.UserContext(), userOf(c))
	if err != nil {
		return err
	}
	out := []activityJSON{}
	for _, a := range list {
		out = append(out, toActivityJSON(a))
	}
	return c.JSON(fiber.Map{"activities": out})
}
