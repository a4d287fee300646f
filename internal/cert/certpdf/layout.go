package certpdf

import (
	"fmt"
	"math"

	"time"

	"github.com/go-pdf/fpdf"
	"rsc.io/qr"
)

const (
	fontFamily = "DejaVu"
	program    = "Bình dân học vụ số — hocvuso"
	verifyHead = "Mã xác minh / Verification code: "
)

type labelSet struct {
	heading   string // the certificate's title, in capitals
	certifies string // before the name
	completed string // between the name and the course
	dated     string // before the date, with %s for it
	issuedBy  string // before the issuer
	scanHint  string // under the verification link
	title     string // the PDF's title
	subject   string // the PDF's subject
	pdfLang   string
}

var labels = map[string]labelSet{
	"vi": {
		heading:   "GIẤY CHỨNG NHẬN",
		certifies: "Chứng nhận",
		completed: "đã hoàn thành khóa học",
		dated:     "Cấp %s",
		issuedBy:  "Đơn vị cấp: ",
		scanHint:  "Quét mã QR để kiểm tra giấy chứng nhận này",
		title:     "Giấy chứng nhận",
		subject:   "Giấy chứng nhận hoàn thành khóa học",
		pdfLang:   "vi-VN",
	},
	"en": {
		heading:   "CERTIFICATE OF COMPLETION",
		certifies: "This certifies that",
		completed: "has completed the course",
		dated:     "Issued on %s",
		issuedBy:  "Issued by: ",
		scanHint:  "Scan the QR code to verify this certificate",
		title:     "Certificate of completion",
		subject:   "Certificate of course completion",
		pdfLang:   "en",
	},
}

// labelStrings lists every fixed text printed for lang.
func labelStrings(lang string) []string {
	l := labels[lang]
	return []string{program, verifyHead, l.heading, l.certifies, l.completed, l.dated, l.issuedBy,
		l.scanHint, l.title, l.subject, formatDate(lang, labelCheckDate)}
}

// labelCheckDate is a date whose wording NewRenderer checks is printable.
var labelCheckDate = time.Date(2026, 9, 28, 12, 0, 0, 0, vietnam)

// The page, in millimetres, y downwards from the top edge.
const (
	pageW   = 297.0
	pageH   = 210.0
	centreX = pageW / 2

	// Two rules form the border: a heavy outer one and a thin inner one.
	outerInset = 10.0
	innerInset = 13.5

	// The QR code (quiet zone included) sits in the bottom right corner
	// inside the inner border.
	qrSize = 35.0
	qrX    = pageW - innerInset - 2.5 - qrSize
	qrY    = pageH - innerInset - 2.5 - qrSize

	// The text between the heading and the QR code: wide lines must end
	// above the QR code; lines lower down are kept narrow enough to pass it.
	bodyTop    = 57.0
	bodyBottom = qrY - 4
	wideW      = 240.0
	narrowW    = 2 * (qrX - 4 - centreX)

	// em fractions for placing lines: ascent room (covers Vietnamese
	// capitals with two stacked marks, such as Ễ), descent, and the
	// distance between the baselines of a wrapped text.
	ascentEm  = 1.02
	descentEm = 0.26
	leadingEm = 1.32
)

const ptToMM = 25.4 / 72

type rgb struct{ r, g, b int }

var (
	navy  = rgb{0x1b, 0x2f, 0x55} // border, heading, name
	ink   = rgb{0x1a, 0x1a, 0x1a} // body text
	muted = rgb{0x4a, 0x4a, 0x4a} // small print
)

// textLine is one line of text: left edge x, baseline y, width w, all mm.
type textLine struct {
	bold  bool
	size  float64 // points
	x, y  float64
	w     float64
	text  string
	color rgb
}

// top and bottom are the line's extent including marks above capitals and
// descenders.
func (t textLine) top() float64    { return t.y - ascentEm*t.size*ptToMM }
func (t textLine) bottom() float64 { return t.y + descentEm*t.size*ptToMM }

// pageLayout is everything drawn on one page.
type pageLayout struct {
	lines []textLine
	code  *qr.Code
}

// measurer measures text in the document's fonts.
type measurer struct{ f *fpdf.Fpdf }

func (m measurer) width(bold bool, size float64, s string) float64 {
	m.setFont(bold, size)
	return m.f.GetStringWidth(s)
}

func (m measurer) setFont(bold bool, size float64) {
	style := ""
	if bold {
		style = "B"
	}
	m.f.SetFont(fontFamily, style, size)
}

// fit sets text within maxW: on one line at the largest size from maxPt down
// to minPt; failing that, wrapped at the largest size from minPt down to
// floorPt whose lines fit within maxH. Wrapped lines are balanced (no lone
// last word). Below floorPt it does not go: the field limits keep that from
// happening.
func (m measurer) fit(text string, bold bool, maxPt, minPt, floorPt, maxW, maxH float64) (float64, []string) {
	for pt := maxPt; pt >= minPt; pt -= 0.5 {
		if m.width(bold, pt, text) <= maxW {
			return pt, []string{text}
		}
	}
	var lines []string
	pt := minPt
	for ; pt >= floorPt; pt -= 0.5 {
		lines = m.wrap(text, bold, pt, maxW)
		if blockHeight(len(lines), pt) <= maxH {
			break
		}
	}
	if pt < floorPt {
		pt = floorPt
	}
	return pt, m.wrap(text, bold, pt, maxW)
}

// wrap breaks text into as few lines as fit maxW, then evens them out by
// finding the narrowest width that still needs no more lines.
func (m measurer) wrap(text string, bold bool, pt, maxW float64) []string {
	m.setFont(bold, pt)
	lines := m.split(text, maxW)
	lo, hi := 0.0, maxW
	for i := 0; i < 14; i++ {
		mid := (lo + hi) / 2
		if len(m.split(text, mid)) <= len(lines) {
			hi = mid
		} else {
			lo = mid
		}
	}
	return m.split(text, hi)
}

// split breaks text at spaces (inside a word only if the word alone is wider
// than w) so every line is at most w wide in the current font.
func (m measurer) split(text string, w float64) []string {
	lines := m.f.SplitText(text, w)
	// SplitText rounds widths to font units; trim any overshoot.
	var out []string
	for _, l := range lines {
		for m.f.GetStringWidth(l) > w && len([]rune(l)) > 1 {
			r := []rune(l)
			cut := len(r) - 1
			out = append(out, string(r[:cut]))
			l = string(r[cut:])
		}
		out = append(out, l)
	}
	return out
}

// blockHeight is the height of n lines of size pt.
func blockHeight(n int, pt float64) float64 {
	if n == 0 {
		return 0
	}
	return (float64(n-1)*leadingEm + ascentEm + descentEm) * pt * ptToMM
}

// block is a text of one or more lines, centred, in the page's body.
type block struct {
	gap   float64 // space above, mm
	bold  bool
	pt    float64
	lines []string
	color rgb
}

func (b block) height() float64 { return blockHeight(len(b.lines), b.pt) }

// layoutPage places p's text; f supplies the fonts' metrics.
func layoutPage(f *fpdf.Fpdf, p *Page) (*pageLayout, error) {
	lab := labels[p.Lang]
	m := measurer{f}
	lay := &pageLayout{}
	add := func(bold bool, pt float64, x, y float64, s string, c rgb) textLine {
		t := textLine{bold: bold, size: pt, x: x, y: y, w: m.width(bold, pt, s), text: s, color: c}
		lay.lines = append(lay.lines, t)
		return t
	}
	centred := func(bold bool, pt, y float64, s string, c rgb) textLine {
		return add(bold, pt, centreX-m.width(bold, pt, s)/2, y, s, c)
	}

	// Heading.
	hpt, _ := m.fit(lab.heading, true, 30, 20, 20, wideW, 20)
	centred(true, hpt, 38, lab.heading, navy)
	centred(false, 13, 47.5, program, muted)

	// Body: who completed what, when, and who issued it. The name and
	// course may take up to nameH and courseH when wrapped; if the body
	// then overflows its space (only with extreme texts), they get less.
	date := fmt.Sprintf(lab.dated, formatDate(p.Lang, p.Date))
	datePt, dateLines := m.fit(date, false, 13, 10, 10, narrowW, 6)
	issuer := lab.issuedBy + p.Issuer
	issuerPt, issuerLines := m.fit(issuer, false, 13, 10, 8, narrowW, 11)
	var blocks []block
	var total float64
	for nameH, courseH := 34.0, 24.0; ; nameH, courseH = nameH-1, courseH-0.5 {
		namePt, name := m.fit(p.Name, true, 34, 22, 13, wideW, nameH)
		coursePt, course := m.fit(p.Course, true, 20, 15, 11, wideW, courseH)
		blocks = []block{
			{gap: 0, pt: 15, lines: []string{lab.certifies}, color: ink},
			{gap: 4, bold: true, pt: namePt, lines: name, color: navy},
			{gap: 4, pt: 15, lines: []string{lab.completed}, color: ink},
			{gap: 2.5, bold: true, pt: coursePt, lines: course, color: ink},
			{gap: 11, pt: datePt, lines: dateLines, color: ink},
			{gap: 1.5, pt: issuerPt, lines: issuerLines, color: ink},
		}
		total = 0
		for _, b := range blocks {
			total += b.gap + b.height()
		}
		if total <= bodyBottom-bodyTop || nameH <= 15 {
			break
		}
	}
	// Centre the body in its space.
	y := bodyTop + math.Max(0, (bodyBottom-bodyTop-total)/2)
	for _, b := range blocks {
		y += b.gap
		for i, s := range b.lines {
			centred(b.bold, b.pt, y+(ascentEm+float64(i)*leadingEm)*b.pt*ptToMM, s, b.color)
		}
		y += b.height()
	}

	// Verification: the QR code with the code and link to its left, the
	// three lines centred on the code's height.
	code, err := qr.Encode(p.VerifyURL, qr.Q)
	if err != nil {
		return nil, fmt.Errorf("QR code: %w", err)
	}
	lay.code = code
	right := qrX - 0.5
	left := innerInset + 8
	maxW := right - left
	const headPt, hintPt = 9.5, 8.5
	headW := m.width(false, headPt, verifyHead)
	codePt, _ := m.fit(p.Code, true, 12, 8, 8, maxW-headW, 10)
	codeW := m.width(true, codePt, p.Code)
	urlPt, urlLines := m.fit(p.VerifyURL, false, 9, 6.5, 6, maxW, 12)
	codeOnOwnLine := headW+codeW > maxW // a very long code goes under its label
	height := blockHeight(1, codePt) + 1.5 + blockHeight(len(urlLines), urlPt) + 1.5 + blockHeight(1, hintPt)
	if codeOnOwnLine {
		height += blockHeight(1, headPt) + 1
	}
	y = qrY + (qrSize-height)/2
	if codeOnOwnLine {
		add(false, headPt, right-headW, y+ascentEm*headPt*ptToMM, verifyHead, muted)
		y += blockHeight(1, headPt) + 1
		add(true, codePt, right-codeW, y+ascentEm*codePt*ptToMM, p.Code, navy)
	} else {
		base := y + ascentEm*codePt*ptToMM
		add(false, headPt, right-codeW-headW, base, verifyHead, muted)
		add(true, codePt, right-codeW, base, p.Code, navy)
	}
	y += blockHeight(1, codePt) + 1.5
	for i, s := range urlLines {
		add(false, urlPt, right-m.width(false, urlPt, s), y+(ascentEm+float64(i)*leadingEm)*urlPt*ptToMM, s, muted)
	}
	y += blockHeight(len(urlLines), urlPt) + 1.5
	add(false, hintPt, right-m.width(false, hintPt, lab.scanHint), y+ascentEm*hintPt*ptToMM, lab.scanHint, muted)
	return lay, nil
}

// drawPage draws lay on the current page.
func drawPage(f *fpdf.Fpdf, lay *pageLayout) {
	f.SetDrawColor(navy.r, navy.g, navy.b)
	f.SetLineWidth(1.0)
	f.Rect(outerInset, outerInset, pageW-2*outerInset, pageH-2*outerInset, "D")
	f.SetLineWidth(0.3)
	f.Rect(innerInset, innerInset, pageW-2*innerInset, pageH-2*innerInset, "D")
	// A short rule under the heading.
	f.SetLineWidth(0.4)
	f.Line(centreX-35, 51.5, centreX+35, 51.5)

	for _, t := range lay.lines {
		m := measurer{f}
		m.setFont(t.bold, t.size)
		f.SetTextColor(t.color.r, t.color.g, t.color.b)
		f.Text(t.x, t.y, t.text)
	}
	drawQRCode(f, lay.code, qrX, qrY, qrSize)
}
