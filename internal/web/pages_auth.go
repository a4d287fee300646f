package web

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/hocvuso/hocvuso/internal/auth"
	"github.com/hocvuso/hocvuso/internal/lms"
	"github.com/hocvuso/hocvuso/internal/phone"
)

func (s *Server) homePage(c *fiber.Ctx) error {
	return s.render(c, fiber.StatusOK, "home", &page{})
}

// setLanguage remembers the chosen language and goes back to the page.
func (s *Server) setLanguage(c *fiber.Ctx) error {
	lang := c.Params("lang")
	if lang != "vi" && lang != "en" {
		return fiber.ErrNotFound
	}
	c.Cookie(&fiber.Cookie{Name: "lang", Value: lang, Path: "/", MaxAge: 400 * 24 * 3600,
		Secure: s.cfg.SecureCookies, SameSite: fiber.CookieSameSiteLaxMode})
	return c.Redirect(safeNext(c.Query("next")), fiber.StatusSeeOther)
}

type signupData struct {
	Provinces, Communes, Ethnicities []option
	Genders                          []string
	Province                         string
	Form                             auth.RegisterInput
	BirthYear                        string
	Next                             string // where to go after signing up, e.g. back to a class's join link
}

func (s *Server) signupData(c *fiber.Ctx, province string) *signupData {
	lang := langOf(c)
	if !s.deps.Units.IsProvince(province) {
		province = ""
	}
	d := &signupData{Provinces: s.provinceOptions(), Ethnicities: ethnicOptions(lang), Genders: genders, Province: province,
		Next: safeNext(c.Query("next", c.FormValue("next")))}
	if province != "" {
		d.Communes = s.communeOptions(province, lang)
	}
	return d
}

func (s *Server) signupPage(c *fiber.Ctx) error {
	if userOf(c) != nil {
		return c.Redirect("/", fiber.StatusSeeOther)
	}
	return s.render(c, fiber.StatusOK, "signup", &page{Data: s.signupData(c, c.Query("province"))})
}

// signupSubmit registers, signs in and goes home; on a problem it shows
// the form again with what was typed (except the secret) and a message
// beside each field.
func (s *Server) signupSubmit(c *fiber.Ctx) error {
	in := auth.RegisterInput{Phone: c.FormValue("phone"), Password: c.FormValue("password"), Name: c.FormValue("name"),
		Gender: c.FormValue("gender"), UnitCode: c.FormValue("unit_code"), Ethnicity: c.FormValue("ethnicity")}
	province := c.FormValue("province")
	if province == "" {
		province = s.deps.Units.ProvinceOf(in.UnitCode)
	}
	d := s.signupData(c, province)
	d.Form, d.BirthYear = in, c.FormValue("birth_year")
	d.Form.Password = ""
	year, err := parseBirthYear(d.BirthYear)
	if err == nil {
		in.BirthYear = year
		_, err = s.deps.Auth.Register(c.UserContext(), in)
	}
	if err == nil {
		var token string
		_, token, err = s.deps.Auth.Login(c.UserContext(), auth.LoginInput{Phone: in.Phone, Password: in.Password}, c.IP())
		if err == nil {
			s.setSessionCookie(c, token)
			return c.Redirect(d.Next, fiber.StatusSeeOther)
		}
	}
	p := &page{Data: d}
	if !formErrors(p, err, langOf(c)) {
		return err
	}
	return s.render(c, statusOf[lms.ErrorCode(err)], "signup", p)
}

type signinData struct {
	Phone, Next string
}

func (s *Server) signinPage(c *fiber.Ctx) error {
	return s.render(c, fiber.StatusOK, "signin", &page{Data: signinData{Next: safeNext(c.Query("next"))}})
}

func (s *Server) signinSubmit(c *fiber.Ctx) error {
	in := auth.LoginInput{Phone: c.FormValue("phone"), Password: c.FormValue("password")}
	next := safeNext(c.FormValue("next"))
	_, token, err := s.deps.Auth.Login(c.UserContext(), in, c.IP())
	if err != nil {
		p := &page{Data: signinData{Phone: in.Phone, Next: next}}
		if !formErrors(p, err, langOf(c)) {
			return err
		}
		if e := lms.AsError(err); e.RetryAfter > 0 {
			c.Set(fiber.HeaderRetryAfter, retryAfterSeconds(e))
		}
		return s.render(c, statusOf[lms.ErrorCode(err)], "signin", p)
	}
	s.setSessionCookie(c, token)
	return c.Redirect(next, fiber.StatusSeeOther)
}

func (s *Server) signoutSubmit(c *fiber.Ctx) error {
	if err := s.deps.Auth.Logout(c.UserContext(), c.Cookies(sessionCookie)); err != nil {
		return err
	}
	s.clearSessionCookie(c)
	return c.Redirect("/", fiber.StatusSeeOther)
}

type profileData struct {
	Phone, UnitName, Notice, BirthYear string
	Form                               auth.ProfileInput
	Genders                            []string
	Ethnicities                        []option
}

func (s *Server) profileData(c *fiber.Ctx, u *lms.User) *profileData {
	lang := langOf(c)
	return &profileData{Phone: phone.Local(u.Phone), UnitName: s.deps.Units.FullName(u.UnitCode, lang),
		Genders: genders, Ethnicities: ethnicOptions(lang), BirthYear: yearString(u.BirthYear),
		Form: auth.ProfileInput{Name: u.Name, BirthYear: u.BirthYear, Gender: string(u.Gender), Ethnicity: u.Ethnicity}}
}

func (s *Server) profilePage(c *fiber.Ctx) error {
	d := s.profileData(c, userOf(c))
	switch c.Query("done") {
	case "saved":
		d.Notice = uiText("profile.saved").In(langOf(c))
	case "secret":
		d.Notice = uiText("profile.changed").In(langOf(c))
	}
	return s.render(c, fiber.StatusOK, "profile", &page{Data: d})
}

func (s *Server) profileSubmit(c *fiber.Ctx) error {
	u := userOf(c)
	in := auth.ProfileInput{Name: c.FormValue("name"), Gender: c.FormValue("gender"), Ethnicity: c.FormValue("ethnicity")}
	year, err := parseBirthYear(c.FormValue("birth_year"))
	if err == nil {
		in.BirthYear = year
		_, err = s.deps.Auth.UpdateProfile(c.UserContext(), u, in)
	}
	if err == nil {
		return c.Redirect("/profile?done=saved", fiber.StatusSeeOther)
	}
	d := s.profileData(c, u)
	d.Form, d.BirthYear = in, c.FormValue("birth_year")
	p := &page{Data: d}
	if !formErrors(p, err, langOf(c)) {
		return err
	}
	return s.render(c, statusOf[lms.ErrorCode(err)], "profile", p)
}

func (s *Server) secretSubmit(c *fiber.Ctx) error {
	u := userOf(c)
	err := s.deps.Auth.ChangeSecret(c.UserContext(), u, c.FormValue("current_password"), c.FormValue("new_password"), c.Cookies(sessionCookie))
	if err == nil {
		return c.Redirect("/profile?done=secret", fiber.StatusSeeOther)
	}
	p := &page{Data: s.profileData(c, u)}
	if !formErrors(p, err, langOf(c)) {
		return err
	}
	return s.render(c, statusOf[lms.ErrorCode(err)], "profile", p)
}

func yearString(y int) string {
	if y == 0 {
		return ""
	}
	return strconv.Itoa(y)
}
