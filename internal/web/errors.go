package web

import (
	"errors"
	"log/slog"
	"math"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/hocvuso/hocvuso/internal/lms"
)

// statusOf is the one place where error codes become HTTP statuses.
var statusOf = map[string]int{
	lms.EINVALID:      fiber.StatusBadRequest,
	lms.ENOTFOUND:     fiber.StatusNotFound,
	lms.ECONFLICT:     fiber.StatusConflict,
	lms.EUNAUTHORIZED: fiber.StatusUnauthorized,
	lms.EFORBIDDEN:    fiber.StatusForbidden,
	lms.ETOOMANY:      fiber.StatusTooManyRequests,
	lms.ETOOLARGE:     fiber.StatusRequestEntityTooLarge,
	lms.EINTERNAL:     fiber.StatusInternalServerError,
}

// fiberErrors gives Fiber's own errors (unknown route, body too large...)
// a code and a message people can read.
func fromFiberError(fe *fiber.Error) *lms.Error {
	switch fe.Code {
	case fiber.StatusNotFound:
		return lms.Errorf(lms.ENOTFOUND, "Không tìm thấy trang này.", "This page was not found.")
	case fiber.StatusRequestEntityTooLarge:
		return &lms.Error{Code: lms.ETOOLARGE, Message: lms.Text{VI: "Dữ liệu gửi lên quá lớn.", EN: "The request is too large."}}
	case fiber.StatusMethodNotAllowed:
		return &lms.Error{Code: "method_not_allowed", Message: lms.Text{VI: "Thao tác này không được hỗ trợ.", EN: "This method is not allowed here."}}
	}
	if fe.Code >= 500 {
		return lms.Internal("fiber", fe)
	}
	return lms.Errorf(lms.EINVALID, "Yêu cầu không hợp lệ.", "The request is not valid.")
}

type errorBody struct {
	Error errorJSON `json:"error"`
}

type errorJSON struct {
	Code              string      `json:"code"`
	Message           string      `json:"message"`
	Fields            []fieldJSON `json:"fields,omitempty"`
	RetryAfterSeconds int         `json:"retry_after_seconds,omitempty"`
	RequestID         string      `json:"request_id,omitempty"`
}

type fieldJSON struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// handleError renders every error: JSON under /api, a page elsewhere.
// Only internal errors are logged in detail; clients get the safe message.
func (s *Server) handleError(c *fiber.Ctx, err error) error {
	var e *lms.Error
	status := fiber.StatusInternalServerError
	var fe *fiber.Error
	if errors.As(err, &fe) {
		e, status = fromFiberError(fe), fe.Code
	} else {
		e = lms.AsError(err)
		status = statusOf[e.Code]
		if status == 0 {
			status = fiber.StatusInternalServerError
		}
	}
	if status >= 500 {
		s.logger(c).Error("request failed", slog.String("error", err.Error()))
	}
	if e.RetryAfter > 0 {
		c.Set(fiber.HeaderRetryAfter, retryAfterSeconds(e))
	}
	lang := langOf(c)
	if strings.HasPrefix(c.Path(), "/api/") {
		body := errorJSON{Code: e.Code, Message: e.Message.In(lang), RequestID: requestIDOf(c),
			RetryAfterSeconds: int(math.Ceil(e.RetryAfter.Seconds()))}
		for _, f := range e.Fields {
			body.Fields = append(body.Fields, fieldJSON{Field: f.Field, Message: f.Message.In(lang)})
		}
		return c.Status(status).JSON(errorBody{Error: body})
	}
	return s.renderError(c, status, e)
}

// apiNotFound answers an unknown /api/v1 path with JSON.
func (s *Server) apiNotFound(c *fiber.Ctx) error {
	return lms.Errorf(lms.ENOTFOUND, "Không có API này.", "No such API endpoint.")
}

// pageNotFound answers any other unknown path with a page.
func (s *Server) pageNotFound(c *fiber.Ctx) error {
	return fiber.ErrNotFound
}

// retryAfterSeconds is the Retry-After header value of a rate-limit error.
func retryAfterSeconds(e *lms.Error) string {
	return strconv.Itoa(int(math.Ceil(e.RetryAfter.Seconds())))
}
