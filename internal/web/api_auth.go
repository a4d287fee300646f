package web

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/hocvuso/hocvuso/internal/auth"
	"github.com/hocvuso/hocvuso/internal/lms"
	"github.com/hocvuso/hocvuso/internal/phone"
)

// userJSON is an account as the API shows it; the secret hash never
// leaves the server, and the phone is masked where the viewer may not see
// it in full.
type userJSON struct {
	ID        string    `json:"id"`
	Phone     string    `json:"phone"`
	Name      string    `json:"name"`
	BirthYear int       `json:"birth_year,omitempty"`
	Gender    string    `json:"gender,omitempty"`
	Ethnicity string    `json:"ethnicity,omitempty"`
	UnitCode  string    `json:"unit_code"`
	UnitName  string    `json:"unit_name"`
	Role      string    `json:"role"`
	Assisted  bool      `json:"assisted"`
	CreatedAt time.Time `json:"created_at"`
}

func (s *Server) userJSON(u *lms.User, v auth.Visibility, lang string) userJSON {
	p := phone.Local(u.Phone)
	if v != auth.Full {
		p = phone.Mask(u.Phone)
	}
	return userJSON{ID: u.ID, Phone: p, Name: u.Name, BirthYear: u.BirthYear, Gender: string(u.Gender),
		Ethnicity: u.Ethnicity, UnitCode: u.UnitCode, UnitName: s.deps.Units.FullName(u.UnitCode, lang),
		Role: string(u.Role), Assisted: u.Assisted, CreatedAt: u.CreatedAt}
}

func (s *Server) apiRegister(c *fiber.Ctx) error {
	var in auth.RegisterInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	u, err := s.deps.Auth.Register(c.UserContext(), in)
	if err != nil {
		return err
	}
	c.Location("/api/v1/users/" + u.ID)
	return c.Status(fiber.StatusCreated).JSON(s.userJSON(u, auth.Full, langOf(c)))
}

type loginJSON struct {
	Token     string    `json:"token"`
	ExpiresAt time.Time `json:"expires_at"`
	User      userJSON  `json:"user"`
}

func (s *Server) apiLogin(c *fiber.Ctx) error {
	var in auth.LoginInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	u, token, err := s.deps.Auth.Login(c.UserContext(), in, c.IP())
	if err != nil {
		return err
	}
	return c.JSON(loginJSON{Token: token, ExpiresAt: time.Now().Add(s.deps.Auth.SessionTTL()).UTC(),
		User: s.userJSON(u, auth.Full, langOf(c))})
}

// apiLogout revokes the caller's token; without one it does nothing.
func (s *Server) apiLogout(c *fiber.Ctx) error {
	if err := s.deps.Auth.Logout(c.UserContext(), tokenOf(c)); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (s *Server) apiMe(c *fiber.Ctx) error {
	return c.JSON(s.userJSON(userOf(c), auth.Full, langOf(c)))
}

func (s *Server) apiUpdateMe(c *fiber.Ctx) error {
	var in auth.ProfileInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	u, err := s.deps.Auth.UpdateProfile(c.UserContext(), userOf(c), in)
	if err != nil {
		return err
	}
	return c.JSON(s.userJSON(u, auth.Full, langOf(c)))
}

type secretJSON struct {
	Current     string `json:"current_password"`
	NewPassword string `json:"new_password"`
}

func (s *Server) apiChangeSecret(c *fiber.Ctx) error {
	var in secretJSON
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if err := s.deps.Auth.ChangeSecret(c.UserContext(), userOf(c), in.Current, in.NewPassword, tokenOf(c)); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// apiUser shows an account to someone allowed to see it: the person
// themselves, officials of their unit (phone masked), and the trainers of
// their classes (in full).
func (s *Server) apiUser(c *fiber.Ctx) error {
	viewer, id := userOf(c), c.Params("id")
	u, v, err := s.deps.Auth.UserFor(c.UserContext(), viewer, id)
	if lms.ErrorCode(err) == lms.ENOTFOUND && s.deps.Cohort != nil && s.deps.Cohort.TrainsLearner(c.UserContext(), viewer, id) {
		u, err = s.deps.Auth.UserByID(c.UserContext(), id)
		v = auth.Full
	}
	if err != nil {
		return err
	}
	return c.JSON(s.userJSON(u, v, langOf(c)))
}
