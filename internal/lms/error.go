package lms

import (
	"errors"
	"fmt"
	"time"
)

// Error codes. Each maps to exactly one HTTP status in the web package.
const (
	EINVALID      = "invalid"      // the request is malformed or fails validation
	ENOTFOUND     = "not_found"    // nothing the caller may see exists there
	ECONFLICT     = "conflict"     // it would duplicate or contradict existing data
	EUNAUTHORIZED = "unauthorized" // not signed in, or wrong credentials
	EFORBIDDEN    = "forbidden"    // signed in, but not allowed
	ETOOMANY      = "too_many"     // rate limited; RetryAfter says for how long
	ETOOLARGE     = "too_large"    // the request or file is larger than allowed
	EINTERNAL     = "internal"     // anything else; details stay in the logs
)

// Text is a message in each of the product's languages. Vietnamese is the
// default; English is the second language.
type Text struct {
	VI string `json:"vi"`
	EN string `json:"en"`
}

// In returns the message in lang ("vi" or "en"), Vietnamese by default.
func (t Text) In(lang string) string {
	if lang == "en" && t.EN != "" {
		return t.EN
	}
	return t.VI
}

// FieldError names one invalid input field and says what is wrong with it.
type FieldError struct {
	Field   string
	Message Text
}

// Error is the one error type of hocvuso. Message is safe to show to a
// client; Err and Op are for logs only.
type Error struct {
	Code       string
	Message    Text
	Fields     []FieldError
	RetryAfter time.Duration // with ETOOMANY
	Op         string        // the operation that failed, for logs
	Err        error         // the underlying cause, for logs
}

func (e *Error) Error() string {
	msg := e.Message.EN
	if msg == "" {
		msg = e.Code
	}
	switch {
	case e.Op != "" && e.Err != nil:
		return fmt.Sprintf("%s: %s: %v", e.Op, msg, e.Err)
	case e.Op != "":
		return e.Op + ": " + msg
	case e.Err != nil:
		return msg + ": " + e.Err.Error()
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the given code and bilingual message.
func Errorf(code string, vi, en string) *Error {
	return &Error{Code: code, Message: Text{VI: vi, EN: en}}
}

// Internal wraps an unexpected failure of op. The cause is kept for the logs
// and never shown to a client.
func Internal(op string, err error) *Error {
	return &Error{Code: EINTERNAL, Op: op, Err: err,
		Message: Text{VI: "Đã có lỗi xảy ra. Vui lòng thử lại sau.", EN: "Something went wrong. Please try again later."}}
}

// ErrorCode returns the code of err: the code of the first *Error in its
// chain, or EINTERNAL for any other non-nil error.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// AsError returns err as an *Error, wrapping any other error as internal.
func AsError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return Internal("", err)
}
