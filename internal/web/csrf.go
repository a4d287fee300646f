package web

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/hocvuso/hocvuso/internal/lms"
)

const (
	sessionCookie = "hv_session"
	csrfCookie    = "hv_csrf"
	csrfField     = "_csrf"
	csrfHeader    = "X-CSRF-Token"
)

// csrf protects page forms with the double-submit pattern: a random token
// in an HttpOnly, SameSite cookie must come back in the form. It needs no
// server state, so any instance can check a form another instance served.
func (s *Server) csrf(c *fiber.Ctx) error {
	token := c.Cookies(csrfCookie)
	if len(token) != 43 {
		b := make([]byte, 32)
		rand.Read(b)
		token = base64.RawURLEncoding.EncodeToString(b)
		c.Cookie(&fiber.Cookie{Name: csrfCookie, Value: token, Path: "/", HTTPOnly: true,
			Secure: s.cfg.SecureCookies, SameSite: fiber.CookieSameSiteLaxMode, Expires: time.Now().Add(365 * 24 * time.Hour)})
		if !isSafeMethod(c.Method()) {
			return errStaleForm()
		}
	}
	c.Locals(localCSRF, token)
	if isSafeMethod(c.Method()) {
		return c.Next()
	}
	if subtle.ConstantTimeCompare([]byte(c.FormValue(csrfField)), []byte(token)) != 1 {
		return errStaleForm()
	}
	return c.Next()
}

// apiCSRF applies only when an API call is authenticated by the page's
// session cookie (the site's own script): then an unsafe method must echo
// the CSRF token in a header. Bearer-token clients are not exposed to CSRF.
func (s *Server) apiCSRF(c *fiber.Ctx) error {
	if isSafeMethod(c.Method()) || c.Locals(localTokenFrom) != "cookie" {
		return c.Next()
	}
	token := c.Cookies(csrfCookie)
	if token == "" || subtle.ConstantTimeCompare([]byte(c.Get(csrfHeader)), []byte(token)) != 1 {
		return lms.Errorf(lms.EFORBIDDEN, "Thiếu mã bảo vệ CSRF.", "Missing CSRF token.")
	}
	return c.Next()
}

func errStaleForm() *lms.Error {
	return lms.Errorf(lms.EFORBIDDEN, "Trang đã cũ. Vui lòng tải lại trang rồi thử lại.",
		"This page has expired. Please reload it and try again.")
}

func isSafeMethod(m string) bool {
	return m == fiber.MethodGet || m == fiber.MethodHead || m == fiber.MethodOptions
}

func csrfOf(c *fiber.Ctx) string {
	t, _ := c.Locals(localCSRF).(string)
	return t
}

// setSessionCookie stores the session token in the browser. The cookie
// outlives any session (browsers cap it at 400 days); the server decides
// when the session ends, sliding it forward while it is used.
func (s *Server) setSessionCookie(c *fiber.Ctx, token string) {
	c.Cookie(&fiber.Cookie{Name: sessionCookie, Value: token, Path: "/", HTTPOnly: true, Secure: s.cfg.SecureCookies,
		SameSite: fiber.CookieSameSiteLaxMode, Expires: time.Now().Add(400 * 24 * time.Hour)})
}

func (s *Server) clearSessionCookie(c *fiber.Ctx) {
	c.Cookie(&fiber.Cookie{Name: sessionCookie, Value: "", Path: "/", HTTPOnly: true, Secure: s.cfg.SecureCookies,
		SameSite: fiber.CookieSameSiteLaxMode, Expires: time.Unix(1, 0)})
}
