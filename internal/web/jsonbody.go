package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"github.com/hocvuso/hocvuso/internal/lms"
	"github.com/hocvuso/hocvuso/internal/validation"
)

// decodeJSON reads a request body strictly: JSON content type, valid UTF-8,
// one object, no unknown fields, every value of its declared type. So
// {"phone": {"$gt": ""}} is a 400 naming "phone", never a query operator.
// jsonLimit is the largest JSON body accepted; only file uploads may be
// larger (up to Config.BodyLimit).
const jsonLimit = 1 << 20

func decodeJSON(c *fiber.Ctx, dst any) error {
	if len(c.Body()) > jsonLimit {
		return &lms.Error{Code: lms.ETOOLARGE, Message: lms.Text{VI: "Dữ liệu gửi lên quá lớn.", EN: "The request is too large."}}
	}
	if !strings.HasPrefix(strings.ToLower(c.Get(fiber.HeaderContentType)), fiber.MIMEApplicationJSON) {
		return lms.Errorf(lms.EINVALID, "Dữ liệu phải ở dạng JSON (Content-Type: application/json).",
			"The body must be JSON (Content-Type: application/json).")
	}
	body := c.Body()
	if !utf8.Valid(body) {
		return lms.Errorf(lms.EINVALID, "Dữ liệu có ký tự không hợp lệ (không phải UTF-8).", "The body is not valid UTF-8.")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return jsonError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return lms.Errorf(lms.EINVALID, "Chỉ gửi một đối tượng JSON.", "Send exactly one JSON object.")
	}
	return nil
}

func jsonError(err error) error {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &typeErr) && typeErr.Field != "":
		want := "một chuỗi"
		wantEN := "a string"
		if strings.HasPrefix(typeErr.Type.Kind().String(), "int") || strings.HasPrefix(typeErr.Type.Kind().String(), "float") {
			want, wantEN = "một số", "a number"
		}
		return validation.FieldInvalid(typeErr.Field, lms.Text{
			VI: validation.Label(typeErr.Field).VI + ": giá trị phải là " + want + ".",
			EN: validation.Label(typeErr.Field).EN + ": the value must be " + wantEN + "."})
	case errors.As(err, &typeErr):
		return lms.Errorf(lms.EINVALID, "Dữ liệu phải là một đối tượng JSON.", "The body must be a JSON object.")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return validation.FieldInvalid(field, lms.Text{VI: "Trường không được hỗ trợ: " + field + ".", EN: "Unknown field: " + field + "."})
	case errors.As(err, &syntaxErr), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return lms.Errorf(lms.EINVALID, "Dữ liệu JSON bị lỗi cú pháp.", "The JSON body is malformed.")
	}
	return lms.Errorf(lms.EINVALID, "Dữ liệu JSON không hợp lệ.", "The JSON body is not valid.")
}
