package certpdf

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/go-pdf/fpdf"
	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
	"golang.org/x/text/unicode/norm"
	"rsc.io/qr"
)

var issued = time.Date(2026, 11, 26, 9, 30, 0, 0, vietnam)

func hoa() Page {
	return Page{
		Lang:      "vi",
		Name:      "Nguyễn Thị Hoà",
		Course:    "Kỹ năng số cơ bản: dùng điện thoại thông minh an toàn",
		Date:      issued,
		Issuer:    "Đặc khu Vân Đồn, Tỉnh Quảng Ninh",
		Code:      "HV7K2Q9MXD",
		VerifyURL: "https://hocvuso.example/verify/HV7K2Q9MXD",
	}
}

func pao() Page {
	return Page{
		Lang:      "en",
		Name:      "Lò Văn Páo",
		Course:    "Digital skills: online public services (Dịch vụ công trực tuyến)",
		Date:      issued,
		Issuer:    "Xã Ba Chẽ, Tỉnh Quảng Ninh",
		Code:      "HV3PW8RT2K",
		VerifyURL: "https://hocvuso.example/verify/HV3PW8RT2K",
	}
}

var (
	rendererOnce sync.Once
	renderer     *Renderer
	rendererErr  error
)

func testRenderer(t testing.TB) *Renderer {
	t.Helper()
	rendererOnce.Do(func() { renderer, rendererErr = NewRenderer() })
	if rendererErr != nil {
		t.Fatal(rendererErr)
	}
	return renderer
}

func render(t testing.TB, pages ...Page) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := testRenderer(t).Write(&buf, pages); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// needPoppler skips when a poppler-utils tool is missing, except in CI.
func needPoppler(t *testing.T, tool string) {
	t.Helper()
	if _, err := exec.LookPath(tool); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s not found: poppler-utils must be installed in CI", tool)
		}
		t.Skip("poppler-utils not installed; .ci/run installs it")
	}
}

// extract runs pdftotext -layout on pdf and returns each page's text, NFC.
func extract(t *testing.T, pdf []byte) []string {
	t.Helper()
	needPoppler(t, "pdftotext")
	path := filepath.Join(t.TempDir(), "cert.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", "-enc", "UTF-8", path, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	pages := strings.Split(norm.NFC.String(string(out)), "\f")
	if pages[len(pages)-1] == "" || strings.TrimSpace(pages[len(pages)-1]) == "" {
		pages = pages[:len(pages)-1]
	}
	return pages
}

// words is s's words in order.
func words(s string) []string { return strings.Fields(s) }

// containsWords reports whether want's words appear consecutively in got's
// (so a text wrapped over several lines still matches).
func containsWords(got, want string) bool {
	g, w := words(got), words(want)
	for i := 0; i+len(w) <= len(g); i++ {
		match := true
		for j := range w {
			if g[i+j] != w[j] {
				match = false
				break
			}
		}
		if match {
			return true
		}
	}
	return false
}

func TestTextExtraction(t *testing.T) {
	h, p := hoa(), pao()
	// The third page's name arrives decomposed (base letters and combining
	// marks, as some keyboards produce it): it must print precomposed.
	nfd := hoa()
	nfd.Name = norm.NFD.String("Nguyễn Thị Hoà")
	if nfd.Name == h.Name {
		t.Fatal("test setup: NFD name equals NFC name")
	}
	pdf := render(t, h, p, nfd)
	pages := extract(t, pdf)
	if len(pages) != 3 {
		t.Fatalf("pdftotext found %d pages, want 3", len(pages))
	}
	for i, want := range []struct {
		Page
		date, labels []string
	}{
		{h, []string{"ngày 26 tháng 11 năm 2026"}, []string{"GIẤY CHỨNG NHẬN", "Bình dân học vụ số — hocvuso", "Chứng nhận", "đã hoàn thành khóa học", "Mã xác minh / Verification code:"}},
		{p, []string{"26 November 2026"}, []string{"CERTIFICATE OF COMPLETION", "Bình dân học vụ số — hocvuso", "This certifies that", "has completed the course", "Mã xác minh / Verification code:"}},
		{h, []string{"ngày 26 tháng 11 năm 2026"}, nil},
	} {
		got := pages[i]
		for _, s := range append(append([]string{want.Name, want.Course, want.Issuer, want.Code, want.VerifyURL}, want.date...), want.labels...) {
			if !strings.Contains(got, s) {
				t.Errorf("page %d: %q missing from pdftotext output:\n%s", i+1, s, got)
			}
		}
	}
	// The exact strings of the brief, on one file's two pages.
	for i, s := range []string{"Nguyễn Thị Hoà", "Lò Văn Páo"} {
		if !strings.Contains(pages[i], s) {
			t.Errorf("page %d lacks %q", i+1, s)
		}
	}
	if !strings.Contains(pages[0], "Đặc khu Vân Đồn, Tỉnh Quảng Ninh") {
		t.Errorf("issuer missing")
	}
}

func TestPageSizeAndCount(t *testing.T) {
	needPoppler(t, "pdfinfo")
	path := filepath.Join(t.TempDir(), "cert.pdf")
	if err := os.WriteFile(path, render(t, hoa(), pao()), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdfinfo", path).CombinedOutput()
	if err != nil {
		t.Fatalf("pdfinfo: %v\n%s", err, out)
	}
	info := strings.Join(words(string(out)), " ")
	for _, want := range []string{"Pages: 2", "Page size: 841.89 x 595.28 pts (A4)", "Title: Giấy chứng nhận"} {
		if !strings.Contains(info, want) {
			t.Errorf("pdfinfo lacks %q:\n%s", want, out)
		}
	}
}

// vietnameseLetters is the full alphabet in lower case: the twelve vowels
// with each of the six tones (none, huyền, hỏi, ngã, sắc, nặng), then the
// consonants.
const vietnameseLetters = "aàảãáạ ăằẳẵắặ âầẩẫấậ eèẻẽéẹ êềểễếệ iìỉĩíị oòỏõóọ ôồổỗốộ ơờởỡớợ uùủũúụ ưừửữứự yỳỷỹýỵ bcdđghklmnpqrstvx"

// TestAlphabetIsComplete builds the alphabet from base vowels and combining
// tone marks, to check the constant above lacks no letter.
func TestAlphabetIsComplete(t *testing.T) {
	var groups []string
	for _, v := range []string{"a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"} {
		g := ""
		for _, tone := range []string{"", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"} {
			c := norm.NFC.String(v + tone)
			if utf8.RuneCountInString(c) != 1 {
				t.Fatalf("%q has no precomposed form", v+tone)
			}
			g += c
		}
		groups = append(groups, g)
	}
	groups = append(groups, "bcdđghklmnpqrstvx")
	if got := strings.Join(groups, " "); got != vietnameseLetters {
		t.Fatalf("alphabet:\n got %s\nwant %s", got, vietnameseLetters)
	}
}

// TestFontsCoverVietnamese checks both fonts have a glyph for every letter,
// by the package's cmap reader and by fpdf's own TrueType parser, and that
// the two readers agree on the whole BMP.
func TestFontsCoverVietnamese(t *testing.T) {
	all := vietnameseLetters + strings.ToUpper(vietnameseLetters)
	if !strings.Contains(all, "Đ") || !strings.Contains(all, "Ự") {
		t.Fatal("upper case alphabet lacks Đ or Ự")
	}
	for _, file := range []string{"DejaVuSans.ttf", "DejaVuSans-Bold.ttf"} {
		data, err := os.ReadFile(filepath.Join("fonts", file))
		if err != nil {
			t.Fatal(err)
		}
		set, err := cmapCoverage(data)
		if err != nil {
			t.Fatal(err)
		}
		rec, err := fpdf.TtfParse(filepath.Join("fonts", file))
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range all {
			if r == ' ' {
				continue
			}
			if !set.has(r) || rec.Chars[uint16(r)] == 0 {
				t.Errorf("%s: no glyph for %q (U+%04X)", file, r, r)
			}
		}
		n := 0
		for r := rune(0); r <= 0xFFFF; r++ {
			if set.has(r) != (rec.Chars[uint16(r)] != 0) {
				t.Errorf("%s: U+%04X: cmap reader says %v, fpdf says glyph %d", file, r, set.has(r), rec.Chars[uint16(r)])
			}
			if set.has(r) {
				n++
			}
		}
		t.Logf("%s: %d BMP characters", file, n)
	}
	for _, fileAndLicence := range []string{"DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "LICENSE"} {
		if _, err := os.Stat(filepath.Join("fonts", fileAndLicence)); err != nil {
			t.Error(err)
		}
	}
	lic, _ := os.ReadFile(filepath.Join("fonts", "LICENSE"))
	if !bytes.Contains(lic, []byte("Bitstream Vera")) || !bytes.Contains(lic, []byte("DejaVu changes are in public domain")) {
		t.Error("fonts/LICENSE is not the DejaVu licence")
	}
	if !bytes.Equal(fontRegular, mustRead(t, "fonts/DejaVuSans.ttf")) || !bytes.Equal(fontBold, mustRead(t, "fonts/DejaVuSans-Bold.ttf")) {
		t.Error("embedded fonts differ from the files")
	}
}

// TestTrimmedFonts checks the fonts NewRenderer prepares: fpdf's own parser
// reads their character map as this package wrote it, every Vietnamese
// letter is in it, and all other tables are the original bytes.
func TestTrimmedFonts(t *testing.T) {
	r := testRenderer(t)
	all := strings.ReplaceAll(vietnameseLetters+strings.ToUpper(vietnameseLetters), " ", "")
	for _, c := range all {
		if !r.printable.has(c) {
			t.Errorf("%q not printable", c)
		}
	}
	for name, fonts := range map[string][2][]byte{"regular": {fontRegular, r.regular}, "bold": {fontBold, r.bold}} {
		orig, trimmed := fonts[0], fonts[1]
		origMap, err := cmapGlyphs(orig)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), name+".ttf")
		if err := os.WriteFile(path, trimmed, 0o644); err != nil {
			t.Fatal(err)
		}
		rec, err := fpdf.TtfParse(path)
		if err != nil {
			t.Fatalf("%s: fpdf cannot parse the trimmed font: %v", name, err)
		}
		kept := 0
		for c := rune(0); c < 0xFFFF; c++ {
			want := uint16(0)
			if inPrintableRanges(c) {
				want = origMap[c]
			}
			if got := rec.Chars[uint16(c)]; got != want {
				t.Fatalf("%s: U+%04X maps to glyph %d, want %d", name, c, got, want)
			}
			if want != 0 {
				kept++
			}
		}
		t.Logf("%s: %d of %d characters kept", name, kept, len(rec.Chars))
		// Every table but cmap is where it was, unchanged.
		n := int(binary.BigEndian.Uint16(orig[4:]))
		for i := 0; i < n; i++ {
			tag := string(orig[12+16*i : 12+16*i+4])
			_, o1, l1, err1 := ttfTable(orig, tag)
			_, o2, l2, err2 := ttfTable(trimmed, tag)
			if err1 != nil || err2 != nil {
				t.Fatal(err1, err2)
			}
			if tag != "cmap" && (o1 != o2 || !bytes.Equal(orig[o1:o1+l1], trimmed[o2:o2+l2])) {
				t.Errorf("%s: table %q changed", name, tag)
			}
		}
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestAlphabetSurvivesExtraction prints the whole alphabet, upper case as
// the name (bold) and lower case as the course and issuer, and reads it back.
func TestAlphabetSurvivesExtraction(t *testing.T) {
	upper := strings.ToUpper(vietnameseLetters)
	vi := hoa()
	vi.Name, vi.Course, vi.Issuer = upper, vietnameseLetters, vietnameseLetters
	en := pao()
	en.Name, en.Course, en.Issuer = vietnameseLetters, upper, upper
	pages := extract(t, render(t, vi, en))
	if len(pages) != 2 {
		t.Fatalf("%d pages", len(pages))
	}
	for i, p := range []Page{vi, en} {
		for _, s := range []string{p.Name, p.Course, p.Issuer} {
			if !containsWords(pages[i], s) {
				t.Errorf("page %d: %q not extracted unchanged; got:\n%s", i+1, s, pages[i])
			}
		}
	}
}

// longName is a 200-character name of real words; longCourse 150.
func longText(n int, vocabulary string) string {
	w := words(vocabulary)
	var b strings.Builder
	for i := 0; utf8.RuneCountInString(b.String()) < n; i++ {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w[i%len(w)])
	}
	r := []rune(b.String())[:n]
	if r[n-1] == ' ' {
		r[n-1] = 'x'
	}
	return string(r)
}

var (
	longName   = longText(200, "Nguyễn Thị Hoà Lò Văn Páo Đặng Thùy Trâm Hoàng Thị Ngọc Bích Tòng Văn Khiêm Huỳnh Ngọc Phượng")
	longCourse = longText(150, "Kỹ năng số cho người cao tuổi: sử dụng dịch vụ công trực tuyến, thanh toán không dùng tiền mặt và phòng tránh lừa đảo")
)

func TestLongTextFits(t *testing.T) {
	if n := utf8.RuneCountInString(longName); n != 200 {
		t.Fatalf("name has %d characters", n)
	}
	if n := utf8.RuneCountInString(longCourse); n != 150 {
		t.Fatalf("course has %d characters", n)
	}
	for _, lang := range []string{"vi", "en"} {
		p := hoa()
		p.Lang, p.Name, p.Course = lang, longName, longCourse
		lay := layoutFor(t, p)
		checkGeometry(t, lay)
		// The name wraps but stays larger than the course.
		var namePt, coursePt float64
		for _, l := range lay.lines {
			if strings.HasPrefix(longName, l.text) && l.bold {
				namePt = l.size
			}
			if strings.HasPrefix(longCourse, l.text) && l.bold {
				coursePt = l.size
			}
		}
		t.Logf("%s: name %.1f pt, course %.1f pt", lang, namePt, coursePt)
		if namePt < 13 || coursePt < 11 {
			t.Errorf("%s: name %.1f pt, course %.1f pt: too small", lang, namePt, coursePt)
		}

		if _, err := exec.LookPath("pdftotext"); err == nil || os.Getenv("CI") == "true" {
			got := extract(t, render(t, p))[0]
			for _, s := range []string{longName, longCourse} {
				if !containsWords(got, s) {
					t.Errorf("%s: %q not all extracted:\n%s", lang, s, got)
				}
			}
		}
	}
}

// TestWorstCaseFits fills every field to its limit with the widest letters,
// with and without spaces, and checks nothing leaves its place.
func TestWorstCaseFits(t *testing.T) {
	fill := func(unit string, n int) string {
		return string([]rune(strings.Repeat(unit, n))[:n])
	}
	for _, unit := range []string{"W", "WWWWWWW ", "Ễ", "Ẫm ", "i ", "ĐỨC "} {
		p := hoa()
		p.Name = strings.TrimSpace(fill(unit, MaxName))
		p.Course = strings.TrimSpace(fill(unit, MaxCourse))
		p.Issuer = strings.TrimSpace(fill(unit, MaxIssuer))
		p.Code = strings.TrimSpace(fill(strings.TrimSpace(unit), MaxCode))
		p.VerifyURL = "https://hocvuso.example/verify/" + strings.ReplaceAll(fill(unit, MaxURL-31), " ", "")
		for _, lang := range []string{"vi", "en"} {
			p.Lang = lang
			t.Run(fmt.Sprintf("%s/%q", lang, unit), func(t *testing.T) {
				checkGeometry(t, layoutFor(t, p))
				render(t, p)
			})
		}
	}
}

func layoutFor(t *testing.T, p Page) *pageLayout {
	t.Helper()
	r := testRenderer(t)
	c, err := r.clean(p)
	if err != nil {
		t.Fatal(err)
	}
	f := r.newDoc([]Page{c})
	lay, err := layoutPage(f, &c)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Error(); err != nil {
		t.Fatal(err)
	}
	return lay
}

type rect struct{ x0, y0, x1, y1 float64 }

func (a rect) overlaps(b rect) bool {
	const eps = 0.01
	return a.x0 < b.x1-eps && b.x0 < a.x1-eps && a.y0 < b.y1-eps && b.y0 < a.y1-eps
}

// checkGeometry checks every line lies inside the inner border with a
// margin, and that no line overlaps another, the QR code or the rule under
// the heading.
func checkGeometry(t *testing.T, lay *pageLayout) {
	t.Helper()
	const margin = 2
	inner := rect{innerInset + margin, innerInset + margin, pageW - innerInset - margin, pageH - innerInset - margin}
	obstacles := map[string]rect{
		"QR code":        {qrX, qrY, qrX + qrSize, qrY + qrSize},
		"heading's rule": {centreX - 35, 51.3, centreX + 35, 51.7},
	}
	boxes := make([]rect, len(lay.lines))
	for i, l := range lay.lines {
		b := rect{l.x, l.top(), l.x + l.w, l.bottom()}
		boxes[i] = b
		if b.x0 < inner.x0 || b.x1 > inner.x1 || b.y0 < inner.y0 || b.y1 > inner.y1 {
			t.Errorf("line %q (%.1f pt) at %.1f,%.1f–%.1f,%.1f leaves the border", l.text, l.size, b.x0, b.y0, b.x1, b.y1)
		}
		for name, o := range obstacles {
			if b.overlaps(o) {
				t.Errorf("line %q overlaps the %s", l.text, name)
			}
		}
		for j := 0; j < i; j++ {
			if b.overlaps(boxes[j]) {
				t.Errorf("line %q overlaps line %q", l.text, lay.lines[j].text)
			}
		}
	}
}

// TestQRModules re-reads the drawn runs as a module matrix and compares it
// with the code.
func TestQRModules(t *testing.T) {
	for _, url := range []string{hoa().VerifyURL, "https://hocvuso.quangninh.gov.vn/verify/HV7K2Q9MXD", "https://x.example/v/" + strings.Repeat("A", 200)} {
		code, err := qr.Encode(url, qr.Q)
		if err != nil {
			t.Fatal(err)
		}
		f := fpdf.New("L", "mm", "A4", "")
		f.AddPage()
		runs := drawQRCode(f, code, qrX, qrY, qrSize)
		if err := f.Error(); err != nil {
			t.Fatal(err)
		}
		grid := make([][]bool, code.Size)
		for i := range grid {
			grid[i] = make([]bool, code.Size)
		}
		for _, r := range runs {
			if r.x0 >= r.x1 {
				t.Fatalf("empty run %+v", r)
			}
			for x := r.x0; x < r.x1; x++ {
				if grid[r.y][x] {
					t.Fatalf("module %d,%d drawn twice", x, r.y)
				}
				grid[r.y][x] = true
			}
		}
		for y := 0; y < code.Size; y++ {
			for x := 0; x < code.Size; x++ {
				if grid[y][x] != code.Black(x, y) {
					t.Fatalf("%s: module %d,%d: drawn %v, code %v", url, x, y, grid[y][x], code.Black(x, y))
				}
			}
		}
		module := qrSize / float64(code.Size+2*qrQuiet)
		t.Logf("%d characters: %d×%d modules of %.2f mm, quiet zone %.1f mm", len(url), code.Size, code.Size, module, qrQuiet*module)
	}
}

// TestQRDecodes renders each page at 150 dpi and decodes the QR code from
// the picture, as a phone would from the paper.
func TestQRDecodes(t *testing.T) {
	needPoppler(t, "pdftoppm")
	long := pao()
	long.VerifyURL = "https://hocvuso.quangninh.gov.vn/verify/HV3PW8RT2K?lang=en&from=paper-certificate"
	pages := []Page{hoa(), pao(), long}
	dir := t.TempDir()
	path := filepath.Join(dir, "cert.pdf")
	if err := os.WriteFile(path, render(t, pages...), 0o644); err != nil {
		t.Fatal(err)
	}
	const dpi = 150
	px := func(mm float64) string { return fmt.Sprint(int(mm / 25.4 * dpi)) }
	for i, p := range pages {
		n := fmt.Sprint(i + 1)
		prefix := filepath.Join(dir, "page"+n)
		// Crop to the QR code and a few millimetres around it.
		out, err := exec.Command("pdftoppm", "-r", fmt.Sprint(dpi), "-png", "-f", n, "-l", n, "-singlefile",
			"-x", px(qrX-5), "-y", px(qrY-5), "-W", px(qrSize+10), "-H", px(qrSize+10), path, prefix).CombinedOutput()
		if err != nil {
			t.Fatalf("pdftoppm: %v\n%s", err, out)
		}
		img := decodePNG(t, prefix+".png")
		bmp, err := gozxing.NewBinaryBitmapFromImage(img)
		if err != nil {
			t.Fatal(err)
		}
		res, err := qrcode.NewQRCodeReader().Decode(bmp, nil)
		if err != nil {
			t.Fatalf("page %d: decoding the QR code: %v", i+1, err)
		}
		if res.GetText() != p.VerifyURL {
			t.Errorf("page %d: QR code holds %q, want %q", i+1, res.GetText(), p.VerifyURL)
		}
	}
}

func decodePNG(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func TestFormatDate(t *testing.T) {
	for _, c := range []struct {
		t      time.Time
		vi, en string
	}{
		{issued, "ngày 26 tháng 11 năm 2026", "26 November 2026"},
		{time.Date(2027, 1, 5, 8, 0, 0, 0, vietnam), "ngày 05 tháng 01 năm 2027", "5 January 2027"},
		{time.Date(2026, 2, 9, 8, 0, 0, 0, vietnam), "ngày 09 tháng 02 năm 2026", "9 February 2026"},
		{time.Date(2026, 3, 10, 8, 0, 0, 0, vietnam), "ngày 10 tháng 3 năm 2026", "10 March 2026"},
		// 23:30 UTC is 06:30 the next morning in Vietnam.
		{time.Date(2026, 11, 25, 23, 30, 0, 0, time.UTC), "ngày 26 tháng 11 năm 2026", "26 November 2026"},
		{time.Date(2026, 12, 31, 16, 59, 0, 0, time.UTC), "ngày 31 tháng 12 năm 2026", "31 December 2026"},
		{time.Date(2026, 12, 31, 17, 0, 0, 0, time.UTC), "ngày 01 tháng 01 năm 2027", "1 January 2027"},
	} {
		if got := formatDate("vi", c.t); got != c.vi {
			t.Errorf("vi %v: %q, want %q", c.t, got, c.vi)
		}
		if got := formatDate("en", c.t); got != c.en {
			t.Errorf("en %v: %q, want %q", c.t, got, c.en)
		}
	}
}

func TestInvalidPages(t *testing.T) {
	r := testRenderer(t)
	if err := r.Write(&bytes.Buffer{}, nil); err == nil {
		t.Error("no pages: no error")
	}
	for name, edit := range map[string]func(*Page){
		"lang":        func(p *Page) { p.Lang = "fr" },
		"no lang":     func(p *Page) { p.Lang = "" },
		"no name":     func(p *Page) { p.Name = "  \t " },
		"no course":   func(p *Page) { p.Course = "" },
		"no issuer":   func(p *Page) { p.Issuer = "" },
		"no code":     func(p *Page) { p.Code = "" },
		"no url":      func(p *Page) { p.VerifyURL = "" },
		"url space":   func(p *Page) { p.VerifyURL = "https://x.example/a b" },
		"no date":     func(p *Page) { p.Date = time.Time{} },
		"emoji":       func(p *Page) { p.Name = "Hoà 😀" },
		"cjk":         func(p *Page) { p.Name = "阮氏和" },
		"control":     func(p *Page) { p.Name = "Hoà\x00" },
		"bad utf-8":   func(p *Page) { p.Name = "Ho\xe0" },
		"long name":   func(p *Page) { p.Name = strings.Repeat("a", MaxName+1) },
		"long course": func(p *Page) { p.Course = strings.Repeat("a", MaxCourse+1) },
		"long issuer": func(p *Page) { p.Issuer = strings.Repeat("a", MaxIssuer+1) },
		"long code":   func(p *Page) { p.Code = strings.Repeat("A", MaxCode+1) },
		"long url":    func(p *Page) { p.VerifyURL = "https://x.example/" + strings.Repeat("a", MaxURL) },
		"second page": nil,
		"private use": func(p *Page) { p.Issuer = "Xã \ue000" },
		"greek":       func(p *Page) { p.Course = "Toán học: số π" },
		"only zwsp":   func(p *Page) { p.Name = "\u200b" },
	} {
		pages := []Page{hoa()}
		if edit == nil {
			bad := pao()
			bad.Name = "😀"
			pages = append(pages, bad)
		} else {
			edit(&pages[0])
		}
		err := r.Write(&bytes.Buffer{}, pages)
		if err == nil {
			t.Errorf("%s: no error", name)
			continue
		}
		t.Logf("%s: %v", name, err)
		if edit != nil && r.Check(pages[0]) == nil {
			t.Errorf("%s: Check finds no error", name)
		}
	}
}

func TestCheck(t *testing.T) {
	r := testRenderer(t)
	for _, p := range []Page{hoa(), pao()} {
		if err := r.Check(p); err != nil {
			t.Error(err)
		}
	}
	p := hoa()
	p.Course = "Toán ∑ ₫ € № → ✓ ★ ① — “đúng” …"
	if err := r.Check(p); err != nil {
		t.Errorf("common symbols: %v", err)
	}
}

func TestNormalisesWhitespace(t *testing.T) {
	p := hoa()
	p.Name = "\ufeff Nguyễn   Thị\u00a0Ho\u00adà\u200b \n"
	c, err := testRenderer(t).clean(p)
	if err != nil {
		t.Fatal(err)
	}
	if c.Name != "Nguyễn Thị Hoà" {
		t.Errorf("name %q", c.Name)
	}
}

func TestDeterministic(t *testing.T) {
	a, b := render(t, hoa(), pao()), render(t, hoa(), pao())
	if !bytes.Equal(a, b) {
		t.Error("two renderings of the same pages differ")
	}
	if !bytes.HasPrefix(a, []byte("%PDF-")) {
		t.Error("not a PDF")
	}
	var buf bytes.Buffer
	if err := Write(&buf, []Page{hoa(), pao()}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, buf.Bytes()) {
		t.Error("package-level Write differs from Renderer.Write")
	}
}

// TestConcurrent shares one Renderer among goroutines (run with -race).
func TestConcurrent(t *testing.T) {
	r := testRenderer(t)
	want := render(t, hoa())
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			if err := r.Write(&buf, []Page{hoa()}); err != nil {
				errs <- err
				return
			}
			if !bytes.Equal(buf.Bytes(), want) {
				errs <- fmt.Errorf("concurrent rendering differs")
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestWritePreview writes the sample certificates to $CERTPDF_PREVIEW, to
// look at: CERTPDF_PREVIEW=/tmp/cert.pdf go test -run Preview.
func TestWritePreview(t *testing.T) {
	path := os.Getenv("CERTPDF_PREVIEW")
	if path == "" {
		t.Skip("set CERTPDF_PREVIEW to a file name to write sample certificates")
	}
	long := hoa()
	long.Name, long.Course = longName, longCourse
	if err := os.WriteFile(path, render(t, hoa(), pao(), long), 0o644); err != nil {
		t.Fatal(err)
	}
}

func BenchmarkWrite(b *testing.B) {
	r := testRenderer(b)
	pages := []Page{hoa()}
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := r.Write(&buf, pages); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "bytes/pdf")
}

// BenchmarkWriteParallel renders single-page certificates on every core at
// once, as a busy server would; certs/s is the throughput.
func BenchmarkWriteParallel(b *testing.B) {
	r := testRenderer(b)
	pages := []Page{hoa()}
	start := time.Now()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		var buf bytes.Buffer
		for pb.Next() {
			buf.Reset()
			if err := r.Write(&buf, pages); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "certs/s")
}

// BenchmarkWriteClass is a class of 30 certificates in one file.
func BenchmarkWriteClass(b *testing.B) {
	r := testRenderer(b)
	pages := make([]Page, 30)
	for i := range pages {
		pages[i] = hoa()
	}
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := r.Write(&buf, pages); err != nil {
			b.Fatal(err)
		}
	}
}
