package web

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/hocvuso/hocvuso/internal/auth"
	"github.com/hocvuso/hocvuso/internal/lms"
)

// prefsCookie remembers a visitor's reading settings, e.g. "150c" for
// 150% text with high contrast. A signed-in person's settings are kept on
// their account instead, so they follow them to any phone.
const prefsCookie = "prefs"

func parsePrefs(v string) lms.Prefs {
	var p lms.Prefs
	p.HighContrast = strings.HasSuffix(v, "c")
	if n, err := strconv.Atoi(strings.TrimSuffix(v, "c")); err == nil && slices.Contains(auth.TextSizes, n) {
		p.TextSize = n
	}
	return p
}

func formatPrefs(p lms.Prefs) string {
	v := strconv.Itoa(max(p.TextSize, 100))
	if p.HighContrast {
		v += "c"
	}
	return v
}

// prefsOf is the reading settings for this request.
func prefsOf(c *fiber.Ctx) lms.Prefs {
	if u := userOf(c); u != nil && (u.Prefs.TextSize != 0 || u.Prefs.HighContrast) {
		return u.Prefs
	}
	return parsePrefs(c.Cookies(prefsCookie))
}

// htmlClass turns settings into classes on <html> (no inline styles: the
// content security policy forbids them).
func htmlClass(p lms.Prefs) string {
	var cls []string
	if p.TextSize > 100 {
		cls = append(cls, "ts-"+strconv.Itoa(p.TextSize))
	}
	if p.HighContrast {
		cls = append(cls, "hc")
	}
	return strings.Join(cls, " ")
}

type settingsData struct {
	Sizes    []int
	Size     int
	Contrast bool
	Next     string
	Notice   string
}

func (s *Server) settingsPage(c *fiber.Ctx) error {
	p := prefsOf(c)
	d := settingsData{Sizes: auth.TextSizes, Size: max(p.TextSize, 100), Contrast: p.HighContrast, Next: safeNext(c.Query("next", c.Get(fiber.HeaderReferer)))}
	if c.Query("done") != "" {
		d.Notice = uiText("settings.saved").In(langOf(c))
	}
	return s.render(c, fiber.StatusOK, "settings", &page{Data: d})
}

// settingsSubmit saves the settings in a cookie and, when signed in, on
// the account.
func (s *Server) settingsSubmit(c *fiber.Ctx) error {
	size, _ := strconv.Atoi(c.FormValue("text_size"))
	p := lms.Prefs{TextSize: size, HighContrast: c.FormValue("high_contrast") == "1"}
	if u := userOf(c); u != nil {
		updated, err := s.deps.Auth.UpdatePrefs(c.UserContext(), u, p)
		if err != nil {
			return err
		}
		c.Locals(localUser, updated)
	} else if !slices.Contains(auth.TextSizes, size) {
		p.TextSize = 0
	}
	c.Cookie(&fiber.Cookie{Name: prefsCookie, Value: formatPrefs(p), Path: "/", Expires: time.Now().Add(400 * 24 * time.Hour),
		Secure: s.cfg.SecureCookies, SameSite: fiber.CookieSameSiteLaxMode})
	return c.Redirect("/settings?done=1&next="+safeNext(c.FormValue("next")), fiber.StatusSeeOther)
}
