// Package certpdf renders course certificates as a printable PDF: one A4
// landscape page per certificate, Vietnamese or English labels, the
// learner's name set large, and a QR code that opens the public
// verification page.
//
// The text is set in DejaVu Sans (embedded, see fonts/LICENSE), which has
// every Vietnamese letter as a precomposed glyph. Input is normalised to
// NFC, so names typed with combining marks print the same as precomposed
// ones, and any character the font cannot print is refused rather than
// printed as an empty box.
package certpdf

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/go-pdf/fpdf"
	"golang.org/x/text/unicode/norm"
	"rsc.io/qr"
)

// Page is one certificate.
type Page struct {
	Lang      string // "vi" or "en": the labels' language
	Name      string // learner's full name
	Course    string // course title in Lang
	Date      time.Time
	Issuer    string // e.g. "Xã Ba Chẽ, Tỉnh Quảng Ninh" — the issuing unit
	Code      string // verification code, e.g. "HV7K2Q9MXD"
	VerifyURL string // e.g. "https://hocvuso.example/verify/HV7K2Q9MXD" — what the QR code holds
}

// Limits on the fields, in characters. Within them every certificate fits
// its page (tested with the widest letters); beyond them Write refuses.
const (
	MaxName   = 200
	MaxCourse = 200
	MaxIssuer = 160
	MaxCode   = 40
	MaxURL    = 300
)

// vietnam is the time zone the certificate's date is shown in: Vietnam
// has kept UTC+7 all year since 1975, so a fixed zone needs no tzdata.
var vietnam = time.FixedZone("ICT", 7*60*60)

// Renderer renders certificates. It holds the embedded fonts and the set of
// characters they can print; it is immutable, so one Renderer may be used
// from many goroutines at once.
type Renderer struct {
	regular, bold []byte
	printable     *runeSet // characters both fonts have a glyph for
}

// NewRenderer prepares the embedded fonts and returns a Renderer.
func NewRenderer() (*Renderer, error) {
	regular, regSet, err := trimFont(fontRegular, inPrintableRanges)
	if err != nil {
		return nil, fmt.Errorf("certpdf: DejaVuSans.ttf: %w", err)
	}
	bold, boldSet, err := trimFont(fontBold, inPrintableRanges)
	if err != nil {
		return nil, fmt.Errorf("certpdf: DejaVuSans-Bold.ttf: %w", err)
	}
	regSet.intersect(boldSet)
	r := &Renderer{regular: regular, bold: bold, printable: regSet}
	for _, lang := range []string{"vi", "en"} {
		for _, s := range labelStrings(lang) {
			if err := r.checkPrintable(s); err != nil {
				return nil, fmt.Errorf("certpdf: label %q: %w", s, err)
			}
		}
	}
	return r, nil
}

// Write renders pages as one PDF, one A4 landscape page each (a class's
// certificates print as one file). It is NewRenderer followed by
// Renderer.Write; callers writing many PDFs should keep a Renderer.
func Write(w io.Writer, pages []Page) error {
	r, err := NewRenderer()
	if err != nil {
		return err
	}
	return r.Write(w, pages)
}

// Write renders pages as one PDF, one A4 landscape page each.
//
// Text fields are normalised to NFC, invisible format characters (such as
// zero-width spaces) are dropped and runs of white space collapse to one
// space. The date is shown as the calendar day in Vietnam (UTC+7), so a
// certificate issued at 06:00 in Hà Nội (23:00 UTC the day before) carries
// the Vietnamese date. Output is deterministic: the same pages give the same
// bytes (the PDF's creation date is the latest page's Date).
func (r *Renderer) Write(w io.Writer, pages []Page) error {
	if len(pages) == 0 {
		return errors.New("certpdf: no pages")
	}
	clean := make([]Page, len(pages))
	for i, p := range pages {
		c, err := r.clean(p)
		if err != nil {
			if len(pages) > 1 {
				return fmt.Errorf("certpdf: page %d: %w", i+1, err)
			}
			return fmt.Errorf("certpdf: %w", err)
		}
		clean[i] = c
	}

	f := r.newDoc(clean)
	for i := range clean {
		lay, err := layoutPage(f, &clean[i])
		if err != nil {
			return fmt.Errorf("certpdf: page %d: %w", i+1, err)
		}
		f.AddPage()
		drawPage(f, lay)
	}
	if err := f.Error(); err != nil {
		return fmt.Errorf("certpdf: %w", err)
	}
	if err := f.Output(w); err != nil {
		return fmt.Errorf("certpdf: %w", err)
	}
	return nil
}

// newDoc starts an empty A4 landscape document with the fonts loaded.
func (r *Renderer) newDoc(pages []Page) *fpdf.Fpdf {
	f := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "L", UnitStr: "mm", SizeStr: "A4"})
	f.SetAutoPageBreak(false, 0)
	f.SetMargins(0, 0, 0)
	f.SetCellMargin(0)
	f.SetCompression(true)
	f.SetCatalogSort(true)
	f.AddUTF8FontFromBytes(fontFamily, "", r.regular)
	f.AddUTF8FontFromBytes(fontFamily, "B", r.bold)

	var latest time.Time
	for _, p := range pages {
		if p.Date.After(latest) {
			latest = p.Date
		}
	}
	latest = latest.In(time.UTC).Truncate(time.Second)
	f.SetCreationDate(latest)
	f.SetModificationDate(latest)
	lab := labels[pages[0].Lang]
	title := lab.title
	if len(pages) == 1 {
		title += " — " + pages[0].Name
	}
	f.SetTitle(title, true)
	f.SetSubject(lab.subject, true)
	f.SetCreator(program, true)
	f.SetLang(lab.pdfLang)
	return f
}

// clean validates p and returns it with its text normalised.
func (r *Renderer) clean(p Page) (Page, error) {
	if _, ok := labels[p.Lang]; !ok {
		return p, fmt.Errorf("unknown Lang %q: want \"vi\" or \"en\"", p.Lang)
	}
	if p.Date.IsZero() {
		return p, errors.New("missing Date")
	}
	fields := []struct {
		name string
		v    *string
		max  int
	}{
		{"Name", &p.Name, MaxName},
		{"Course", &p.Course, MaxCourse},
		{"Issuer", &p.Issuer, MaxIssuer},
		{"Code", &p.Code, MaxCode},
		{"VerifyURL", &p.VerifyURL, MaxURL},
	}
	for _, fl := range fields {
		if !utf8.ValidString(*fl.v) {
			return p, fmt.Errorf("%s is not valid UTF-8", fl.name)
		}
		*fl.v = normalise(*fl.v)
		if *fl.v == "" {
			return p, fmt.Errorf("missing %s", fl.name)
		}
		if n := utf8.RuneCountInString(*fl.v); n > fl.max {
			return p, fmt.Errorf("%s has %d characters, more than %d", fl.name, n, fl.max)
		}
		if err := r.checkPrintable(*fl.v); err != nil {
			return p, fmt.Errorf("%s %q: %w", fl.name, *fl.v, err)
		}
	}
	if strings.Contains(p.VerifyURL, " ") {
		return p, fmt.Errorf("VerifyURL %q contains a space", p.VerifyURL)
	}
	return p, nil
}

// normalise returns s in NFC without invisible format characters (such as
// zero-width spaces and joiners, soft hyphens and byte order marks, which
// copying from web pages and spreadsheets brings along) and with each run
// of white space made one space.
func normalise(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.Fields(norm.NFC.String(s)), " ")
}

func (r *Renderer) checkPrintable(s string) error {
	for _, c := range s {
		if !r.printable.has(c) {
			return fmt.Errorf("character %q (U+%04X) cannot be printed: certificates take Latin letters (Vietnamese included), punctuation and common symbols", c, c)
		}
	}
	return nil
}

// Check reports whether p would render, and why not: a missing field, an
// unknown language, a text too long or a character the font cannot print.
// It is what Write checks first, without the rendering.
func (r *Renderer) Check(p Page) error {
	if _, err := r.clean(p); err != nil {
		return fmt.Errorf("certpdf: %w", err)
	}
	return nil
}

// formatDate writes t's calendar day in Vietnam in lang's style.
//
// Vietnamese follows the administrative convention (Nghị định
// 30/2020/NĐ-CP): a day below 10 and the months 1 and 2 take a leading zero,
// "ngày 05 tháng 01 năm 2027", so the figures cannot be altered by hand.
func formatDate(lang string, t time.Time) string {
	t = t.In(vietnam)
	y, m, d := t.Date()
	if lang == "en" {
		return fmt.Sprintf("%d %s %d", d, m, y)
	}
	ms := fmt.Sprint(int(m))
	if m <= 2 {
		ms = fmt.Sprintf("%02d", int(m))
	}
	return fmt.Sprintf("ngày %02d tháng %s năm %d", d, ms, y)
}

// drawQRCode draws code with a quiet zone of four modules inside the square
// (x, y, size): each horizontal run of dark modules is one rectangle, all
// filled as a single path so no seams show between neighbouring modules. It
// returns the runs it drew.
func drawQRCode(f *fpdf.Fpdf, code *qr.Code, x, y, size float64) []qrRun {
	runs := qrRuns(code)
	m := size / float64(code.Size+2*qrQuiet)
	f.SetFillColor(0, 0, 0)
	for _, r := range runs {
		x0 := x + float64(qrQuiet+r.x0)*m
		x1 := x + float64(qrQuiet+r.x1)*m
		y0 := y + float64(qrQuiet+r.y)*m
		y1 := y0 + m
		f.MoveTo(x0, y0)
		f.LineTo(x1, y0)
		f.LineTo(x1, y1)
		f.LineTo(x0, y1)
		f.ClosePath()
	}
	f.DrawPath("F")
	return runs
}

// qrQuiet is the quiet zone around the QR code, in modules (the standard
// asks for four).
const qrQuiet = 4

// qrRun is a horizontal run of dark modules [x0, x1) in row y.
type qrRun struct{ y, x0, x1 int }

func qrRuns(code *qr.Code) []qrRun {
	var runs []qrRun
	for y := 0; y < code.Size; y++ {
		for x := 0; x < code.Size; {
			if !code.Black(x, y) {
				x++
				continue
			}
			x0 := x
			for x < code.Size && code.Black(x, y) {
				x++
			}
			runs = append(runs, qrRun{y, x0, x})
		}
	}
	return runs
}
