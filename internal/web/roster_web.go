package web

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/hocvuso/hocvuso/internal/cohort"
	"github.com/hocvuso/hocvuso/internal/lms"
	"github.com/hocvuso/hocvuso/internal/roster"
	"github.com/hocvuso/hocvuso/internal/validation"
)

type importedJSON struct {
	Line    int    `json:"line"`
	UserID  string `json:"user_id"`
	Name    string `json:"name"`
	Phone   string `json:"phone"`
	New     bool   `json:"new_account"`
	PIN     string `json:"first_pin,omitempty"`
	Matched bool   `json:"matched_existing"`
}

type rejectedJSON struct {
	Line    int      `json:"line"`
	Reasons []string `json:"reasons"`
}

type importJSON struct {
	Added    []importedJSON `json:"added"`
	Already  []importedJSON `json:"already_in_class"`
	Rejected []rejectedJSON `json:"rejected"`
	Warnings []string       `json:"warnings,omitempty"`
}

func toImportJSON(r *cohort.ImportResult, lang string) importJSON {
	out := importJSON{Added: []importedJSON{}, Already: []importedJSON{}, Rejected: []rejectedJSON{}}
	conv := func(l cohort.ImportedLearner) importedJSON {
		return importedJSON{Line: l.Line, UserID: l.UserID, Name: l.Name, Phone: l.Phone, New: l.New, PIN: l.PIN, Matched: l.Matched}
	}
	for _, l := range r.Added {
		out.Added = append(out.Added, conv(l))
	}
	for _, l := range r.Already {
		out.Already = append(out.Already, conv(l))
	}
	for _, rj := range r.Rejected {
		j := rejectedJSON{Line: rj.Line}
		for _, t := range rj.Reasons {
			j.Reasons = append(j.Reasons, t.In(lang))
		}
		out.Rejected = append(out.Rejected, j)
	}
	for _, w := range r.Warnings {
		out.Warnings = append(out.Warnings, w.In(lang))
	}
	return out
}

// importRoster reads the uploaded file of the form field "file".
func (s *Server) importRoster(c *fiber.Ctx) (*cohort.ImportResult, error) {
	fh, err := c.FormFile("file")
	if err != nil {
		return nil, validation.FieldInvalid("file", lms.Text{VI: "Hãy chọn tệp danh sách (.csv hoặc .xlsx).", EN: "Choose a roster file (.csv or .xlsx)."})
	}
	if fh.Size > roster.MaxBytes {
		return nil, &lms.Error{Code: lms.ETOOLARGE, Message: lms.Text{VI: "Tệp quá lớn: tối đa 5 MB.", EN: "The file is too large: the limit is 5 MB."}}
	}
	f, err := fh.Open()
	if err != nil {
		return nil, lms.Internal("web: open upload", err)
	}
	defer f.Close()
	return s.deps.Cohort.ImportRoster(c.UserContext(), userOf(c), c.Params("id"), fh.Filename, f)
}

func (s *Server) apiImportRoster(c *fiber.Ctx) error {
	res, err := s.importRoster(c)
	if err != nil {
		return err
	}
	return c.JSON(toImportJSON(res, langOf(c)))
}

// rosterSubmit shows the import's row-by-row report on a page.
func (s *Server) rosterSubmit(c *fiber.Ctx) error {
	res, err := s.importRoster(c)
	if err != nil {
		if lms.ErrorCode(err) == lms.ENOTFOUND || lms.ErrorCode(err) == lms.EINTERNAL {
			return err
		}
		return s.renderClass(c, statusOf[lms.ErrorCode(err)], err)
	}
	return s.render(c, fiber.StatusOK, "import", &page{Data: struct {
		ClassID string
		Report  importJSON
	}{c.Params("id"), toImportJSON(res, langOf(c))}})
}

// exportClass downloads the roster with progress as CSV or XLSX; cells are
// written so that no spreadsheet runs them as formulas.
func (s *Server) exportClass(c *fiber.Ctx) error {
	g, err := s.deps.Cohort.Grid(c.UserContext(), userOf(c), c.Params("id"))
	if err != nil {
		return err
	}
	lang := langOf(c)
	header := []string{uiText("field.name").In(lang), uiText("field.phone").In(lang), uiText("field.birth_year").In(lang),
		uiText("field.gender").In(lang)}
	for _, co := range g.Courses {
		header = append(header, co.Title.In(lang))
		if co.FinalQuiz() != nil {
			header = append(header, co.Title.In(lang)+" — "+uiText("quiz.final").In(lang))
		}
	}
	header = append(header, uiText("class.attendance").In(lang), uiText("class.stuck").In(lang))
	var rows [][]string
	for _, r := range g.Rows {
		row := []string{r.User.Name, r.Phone, strconv.Itoa(r.User.BirthYear), uiText("gender." + string(r.User.Gender)).In(lang)}
		for _, co := range g.Courses {
			row = append(row, strconv.Itoa(len(r.Done[co.Slug]))+"/"+strconv.Itoa(len(co.Lessons)))
			if co.FinalQuiz() != nil {
				cell := ""
				if a := r.Final[co.Slug]; a != nil {
					cell = strconv.Itoa(a.Percent) + "%"
				}
				row = append(row, cell)
			}
		}
		present := 0
		for _, p := range r.Present {
			if p {
				present++
			}
		}
		var stuck []string
		for _, st := range r.Stuck {
			stuck = append(stuck, uiText("stuck."+st).In(lang))
		}
		rows = append(rows, append(row, strconv.Itoa(present)+"/"+strconv.Itoa(len(g.Sessions)), strings.Join(stuck, ", ")))
	}
	format := c.Params("format")
	if !tableFormat(format) {
		return fiber.ErrNotFound
	}
	cells := make([][]any, len(rows))
	for i, row := range rows {
		for _, v := range row {
			cells[i] = append(cells[i], v) // strings: text cells, as the roster is
		}
	}
	return sendTable(c, format, "lop-"+g.Class.JoinCode, "Lop", header, cells)
}
