package cohort

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/hocvuso/hocvuso/internal/auth"
	"github.com/hocvuso/hocvuso/internal/lms"
	"github.com/hocvuso/hocvuso/internal/phone"
	"github.com/hocvuso/hocvuso/internal/roster"
	"github.com/hocvuso/hocvuso/internal/validation"
)

// ImportResult is the row-by-row outcome of a roster import.
type ImportResult struct {
	Added    []ImportedLearner // new to the class
	Already  []ImportedLearner // already in the class: a re-import changes nothing
	Rejected []roster.Rejected // not imported, with every reason
	Warnings []lms.Text
}

// ImportedLearner is one imported row. PIN is set only when an account was
// created: the first PIN, which the trainer hands to the learner, who
// changes it on first sign-in.
type ImportedLearner struct {
	Line    int
	UserID  string
	Name    string
	Phone   string
	New     bool // an account was created
	PIN     string
	Matched bool // the phone already had an account
}

// ImportRoster enrols the learners of a roster file (CSV or XLSX) into a
// class the trainer runs. It is idempotent: phones are matched to existing
// accounts, so importing the same file again adds nobody. A row that has
// any problem is rejected whole with its reasons; rows without a phone are
// rejected too (register those learners in class, one to one).
func (s *Service) ImportRoster(ctx context.Context, trainer *lms.User, classID, name string, r io.Reader) (*ImportResult, error) {
	c, err := s.managed(ctx, trainer, classID)
	if err != nil {
		return nil, err
	}
	if c.Status == lms.ClassFinished {
		return nil, lms.Errorf(lms.ECONFLICT, "Lớp này đã kết thúc, không nhận thêm học viên.", "This class has finished and takes no more learners.")
	}
	rep, err := roster.Parse(name, r, roster.Lookups{IsCommune: s.units.IsCommune, EthnicityCode: roster.EthnicityCode,
		DefaultUnit: c.UnitCode, Now: s.now})
	if err != nil {
		return nil, err
	}
	res := &ImportResult{Rejected: rep.Rejected, Warnings: rep.Warnings}
	enrolled, err := s.store.Enrolments(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	in := map[string]bool{}
	for _, e := range enrolled {
		in[e.UserID] = true
	}
	for _, row := range rep.Rows {
		if row.Phone == "" {
			res.Rejected = append(res.Rejected, roster.Rejected{Line: row.Line, Reasons: []lms.Text{{
				VI: "Thiếu số điện thoại: hãy đăng ký giúp học viên này tại lớp.", EN: "No phone number: register this learner in class, one to one."}}})
			continue
		}
		il := ImportedLearner{Line: row.Line, Name: row.Name, Phone: phone.Local(row.Phone)}
		u, err := s.store.UserByPhone(ctx, row.Phone)
		switch lms.ErrorCode(err) {
		case "":
			il.Matched = true
		case lms.ENOTFOUND:
			il.PIN = firstPIN()
			u, err = s.auth.RegisterAssisted(ctx, auth.RegisterInput{Phone: row.Phone, Password: il.PIN, Name: row.Name,
				BirthYear: row.BirthYear, Gender: row.Gender, Ethnicity: row.Ethnicity, UnitCode: row.UnitCode})
			if err != nil {
				res.Rejected = append(res.Rejected, roster.Rejected{Line: row.Line, Reasons: reasons(err)})
				continue
			}
			il.New = true
		default:
			return nil, err
		}
		il.UserID = u.ID
		if in[u.ID] {
			il.PIN = ""
			res.Already = append(res.Already, il)
			continue
		}
		if c.Capacity > 0 && len(in) >= c.Capacity {
			res.Rejected = append(res.Rejected, roster.Rejected{Line: row.Line, Reasons: []lms.Text{{
				VI: "Lớp đã đủ người.", EN: "The class is full."}}})
			continue
		}
		if _, err := s.store.Enrol(ctx, &lms.Enrolment{ClassID: c.ID, UserID: u.ID, Via: lms.ViaRoster, At: s.clock()}, c.Capacity); err != nil {
			if errors.Is(err, lms.ErrClassFull) { // learners joined by code meanwhile
				res.Rejected = append(res.Rejected, roster.Rejected{Line: row.Line, Reasons: []lms.Text{lms.AsError(err).Message}})
				continue
			}
			return nil, err
		}
		in[u.ID] = true
		res.Added = append(res.Added, il)
	}
	return res, nil
}

// firstPIN is a PIN the learner can read off a slip of paper, never one
// anyone would guess.
func firstPIN() string {
	for {
		p := randomCode("0123456789", 6)
		if validation.ValidSecret(p) {
			return p
		}
	}
}

func reasons(err error) []lms.Text {
	e := lms.AsError(err)
	if len(e.Fields) == 0 {
		return []lms.Text{e.Message}
	}
	var out []lms.Text
	for _, f := range e.Fields {
		out = append(out, lms.Text{VI: fmt.Sprintf("%s: %s", f.Field, f.Message.VI), EN: fmt.Sprintf("%s: %s", f.Field, f.Message.EN)})
	}
	return out
}
