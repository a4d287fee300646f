package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/compress"

	"github.com/hocvuso/hocvuso/internal/lms"
)

// Keys of values kept on the request.
const (
	localRequestID = "request_id"
	localLang      = "lang"
	localUser      = "user"
	localToken     = "token"
	localTokenFrom = "token_from" // "cookie" or "bearer"
	localCSRF      = "csrf"
)

func (s *Server) recoverPanics(c *fiber.Ctx) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = lms.Internal("panic", fmt.Errorf("%v\n%s", r, debug.Stack()))
		}
	}()
	return c.Next()
}

// requestTimeout bounds every request's work, database calls included.
const requestTimeout = 15 * time.Second

// deadline gives the request's context a deadline, which every service and
// store call inherits through c.UserContext().
func (s *Server) deadline(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(c.UserContext(), requestTimeout)
	defer cancel()
	c.SetUserContext(ctx)
	return c.Next()
}

// requestID gives every request an id, echoed in X-Request-ID and in every
// log line and error body, so a report from the field can be traced.
func (s *Server) requestID(c *fiber.Ctx) error {
	id := c.Get(fiber.HeaderXRequestID)
	if id == "" || len(id) > 64 || strings.ContainsFunc(id, func(r rune) bool { return r < '!' || r > '~' }) {
		b := make([]byte, 8)
		rand.Read(b)
		id = hex.EncodeToString(b)
	}
	c.Locals(localRequestID, id)
	c.Set(fiber.HeaderXRequestID, id)
	return c.Next()
}

func requestIDOf(c *fiber.Ctx) string {
	id, _ := c.Locals(localRequestID).(string)
	return id
}

// logger returns the logger for this request, carrying its id, route and
// user.
func (s *Server) logger(c *fiber.Ctx) *slog.Logger {
	l := s.deps.Logger.With(slog.String("request_id", requestIDOf(c)), slog.String("route", c.Route().Path))
	if u := userOf(c); u != nil {
		l = l.With(slog.String("user_id", u.ID))
	}
	return l
}

// accessLog renders errors in place (so the status is known), then logs
// and counts every request.
func (s *Server) accessLog(c *fiber.Ctx) error {
	start := time.Now()
	if err := c.Next(); err != nil {
		if herr := s.handleError(c, err); herr != nil {
			c.Status(fiber.StatusInternalServerError)
		}
	}
	status := c.Response().StatusCode()
	elapsed := time.Since(start)
	s.metrics.observe(c.Method(), c.Route().Path, status, elapsed)
	s.logger(c).Info("request", slog.String("method", c.Method()), slog.String("path", c.Path()),
		slog.Int("status", status), slog.Duration("duration", elapsed))
	return nil
}

func (s *Server) securityHeaders(c *fiber.Ctx) error {
	c.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "+
		"object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'")
	c.Set("X-Content-Type-Options", "nosniff")
	c.Set("X-Frame-Options", "DENY")
	c.Set("Referrer-Policy", "same-origin")
	c.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
	if s.cfg.SecureCookies {
		c.Set("Strict-Transport-Security", "max-age=31536000")
	}
	return c.Next()
}

func (s *Server) compress() fiber.Handler {
	return compress.New(compress.Config{Level: compress.LevelBestSpeed})
}

// language picks Vietnamese unless the person chose English (cookie) or
// their browser asks for English first.
func (s *Server) language(c *fiber.Ctx) error {
	lang := detectLang(c)
	c.Locals(localLang, lang)
	c.Set(fiber.HeaderContentLanguage, lang)
	return c.Next()
}

func detectLang(c *fiber.Ctx) string {
	switch c.Cookies("lang") {
	case "en":
		return "en"
	case "vi":
		return "vi"
	}
	if strings.HasPrefix(strings.ToLower(c.Get(fiber.HeaderAcceptLanguage)), "en") {
		return "en"
	}
	return "vi"
}

// langOf is the request's language. Errors raised before the middleware
// ran (a body over the limit) still get the person's language.
func langOf(c *fiber.Ctx) string {
	if l, ok := c.Locals(localLang).(string); ok {
		return l
	}
	return detectLang(c)
}

// loadSession finds the signed-in user from a bearer token (API clients)
// or the session cookie (pages). An invalid token means "not signed in",
// not an error: a page still renders, and protected routes ask to sign in.
func (s *Server) loadSession(c *fiber.Ctx) error {
	token, from := "", ""
	if h := c.Get(fiber.HeaderAuthorization); strings.HasPrefix(h, "Bearer ") {
		token, from = strings.TrimSpace(strings.TrimPrefix(h, "Bearer ")), "bearer"
	} else if v := c.Cookies(sessionCookie); v != "" {
		token, from = v, "cookie"
	}
	if token == "" {
		return c.Next()
	}
	u, err := s.deps.Auth.Authenticate(c.UserContext(), token)
	switch lms.ErrorCode(err) {
	case "":
		c.Locals(localUser, u)
		c.Locals(localToken, token)
		c.Locals(localTokenFrom, from)
	case lms.EUNAUTHORIZED:
		if from == "cookie" {
			s.clearSessionCookie(c)
		}
	default:
		return err
	}
	return c.Next()
}

func userOf(c *fiber.Ctx) *lms.User {
	u, _ := c.Locals(localUser).(*lms.User)
	return u
}

func tokenOf(c *fiber.Ctx) string {
	t, _ := c.Locals(localToken).(string)
	return t
}

func (s *Server) requireAPIUser(c *fiber.Ctx) error {
	if userOf(c) == nil {
		return lms.Errorf(lms.EUNAUTHORIZED, "Vui lòng đăng nhập.", "Please sign in.")
	}
	return c.Next()
}

func (s *Server) requirePageUser(c *fiber.Ctx) error {
	if userOf(c) == nil {
		return c.Redirect("/signin?next="+safeNext(c.OriginalURL()), fiber.StatusSeeOther)
	}
	return c.Next()
}

// safeNext keeps a post-sign-in redirect on this site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n") {
		return "/"
	}
	return next
}
