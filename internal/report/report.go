package report

import (
	"context"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/hocvuso/hocvuso/internal/assess"
	"github.com/hocvuso/hocvuso/internal/content"
	"github.com/hocvuso/hocvuso/internal/ethnic"
	"github.com/hocvuso/hocvuso/internal/lms"
	"github.com/hocvuso/hocvuso/internal/units"
)

// Breakdowns a completion report can be grouped by.
const (
	ByUnit      = "unit"      // each commune of a province, or the one commune
	ByClass     = "class"     // each class teaching the course; "" for self-learners
	ByAge       = "age"       // age bands
	ByGender    = "gender"    //
	ByEthnicity = "ethnicity" //
)

// Breakdowns lists them in the order pages offer them.
var Breakdowns = []string{ByUnit, ByClass, ByAge, ByGender, ByEthnicity}

// Age bands, by age reached in the report's year.
var ageBands = []struct {
	key      string
	from, to int
	label    lms.Text
}{
	{"under18", 0, 17, lms.Text{VI: "Dưới 18 tuổi", EN: "Under 18"}},
	{"18-39", 18, 39, lms.Text{VI: "18–39 tuổi", EN: "18–39"}},
	{"40-59", 40, 59, lms.Text{VI: "40–59 tuổi", EN: "40–59"}},
	{"60plus", 60, 200, lms.Text{VI: "Từ 60 tuổi", EN: "60 and over"}},
}

// Store is what reports read.
type Store interface {
	lms.UserStore
	lms.ProgressStore
	lms.AttemptStore
	lms.CohortStore
	lms.CertificateStore
	lms.CampaignStore
	lms.TargetStore
	lms.ReportStore
	lms.RollupStore
}

// Service computes reports.
type Service struct {
	store   Store
	units   *units.Registry
	clock   func() time.Time
	mastery MasteryFunc      // nil until SetMastery
	catalog *content.Catalog // the taxonomy and courses, with mastery
	logErr  func(error)      // refresh failures; nil drops them
}

// NewService returns a Service; clock gives the report's "now" (age bands).
func NewService(store Store, reg *units.Registry, clock func() time.Time) *Service {
	return &Service{store: store, units: reg, clock: clock}
}

// Query chooses a completion report.
type Query struct {
	Unit   string // a province or commune; the viewer's unit when empty
	Course string // a course slug; every course when empty
	By     string // one of Breakdowns; ByUnit when empty
	Class  string // only this class's learners, for a class in Unit
}

// Row is one group's figures. Rates are whole-number percentages of the
// group, -1 where the denominator is zero (shown as "–", not as 0%).
type Row struct {
	Key            string      `json:"key"`
	Label          lms.Text    `json:"label"`
	Enrolled       int         `json:"enrolled"`
	Started        int         `json:"started"`
	Completed      int         `json:"completed"`
	Certified      int         `json:"certified"`
	CompletionRate int         `json:"completion_rate"` // completed of enrolled
	TookFinal      int         `json:"took_final"`
	PassedFinal    int         `json:"passed_final"`
	FinalPassRate  int         `json:"final_pass_rate"` // passed of those who took it
	MedianDays     float64     `json:"median_days"`     // whole days in Vietnam from first lesson to certificate; -1 if none completed
	days           map[int]int // days to complete → how many
}

// Table is a completion report: one row per group and the total. Every
// learner-course pair counts once, so with every course chosen a learner in
// two courses counts twice.
type Table struct {
	Unit   string `json:"unit"`
	Course string `json:"course"`
	By     string `json:"by"`
	Class  string `json:"class,omitempty"`
	Rows   []*Row `json:"rows"`
	Total  *Row   `json:"total"`
	// Pending is set when learners' changes were still waiting to be
	// counted when the request's counting budget ran out (after a rebuild
	// or a change of the rules): the figures are not yet up to date.
	Pending bool `json:"pending,omitempty"`
}

// scope fills q's defaults and checks viewer may see it: the unit, and the
// class inside it.
func (s *Service) scope(ctx context.Context, viewer *lms.User, q *Query) error {
	if viewer == nil {
		return errNoReport()
	}
	if q.Unit == "" {
		q.Unit = viewer.UnitCode
	}
	if q.By == "" {
		q.By = ByUnit
	}
	if !slices.Contains(Breakdowns, q.By) {
		return &lms.Error{Code: lms.EINVALID, Op: "report: completion", Message: lms.Text{
			VI: "Cách chia báo cáo không hợp lệ; hãy chọn: " + joinKeys(), EN: "Unknown breakdown; choose one of: " + joinKeys()},
			Fields: []lms.FieldError{{Field: "by", Message: lms.Text{VI: "Hãy chọn một trong: " + joinKeys(), EN: "Choose one of: " + joinKeys()}}}}
	}
	if !s.mayView(viewer, q.Unit) {
		return errNoReport()
	}
	// A province has thousands of classes: a table of them all is no
	// dashboard (and no 120 KB page). Classes are listed for one commune,
	// which the drill-down reaches in one tap.
	if q.By == ByClass && !s.units.IsCommune(q.Unit) {
		return invalidField("report: completion", "by", "Xem theo lớp chỉ có ở một xã, phường hoặc đặc khu: hãy chọn một đơn vị trước.",
			"The class breakdown is for one commune, ward or special zone: choose one first.")
	}
	if q.Class != "" {
		c, err := s.store.ClassByID(ctx, q.Class)
		if err != nil || !s.units.Contains(q.Unit, c.UnitCode) {
			return lms.Errorf(lms.ENOTFOUND, "Không có lớp này trong đơn vị.", "There is no such class in this unit.")
		}
	}
	return nil
}

// Completion computes a completion report for viewer, an official or admin
// who may see q.Unit (their unit or a commune under it). Anyone else, and
// any unit outside their scope, gets ENOTFOUND, the same answer as for a
// unit that does not exist.
func (s *Service) Completion(ctx context.Context, viewer *lms.User, q Query) (*Table, error) {
	if err := s.scope(ctx, viewer, &q); err != nil {
		return nil, err
	}
	if q.Class == "" {
		pending := s.drain(ctx)
		t, err := s.rolledUp(ctx, q, s.communesOf(q.Unit))
		if t != nil {
			t.Pending = pending
		}
		return t, err
	}
	r, err := s.read(ctx, q, false)
	if err != nil {
		return nil, err
	}
	return s.completionTable(q, r), nil
}

// Exact computes the completion report from the source records, without
// the roll-up: the oracle "report verify" checks the roll-up against. It
// does not check the viewer; callers are trusted.
func (s *Service) Exact(ctx context.Context, q Query) (*Table, error) {
	r, err := s.read(ctx, q, false)
	if err != nil {
		return nil, err
	}
	return s.completionTable(q, r), nil
}

// records is what one read of a unit's learners gives the tables.
type records struct {
	communes []string
	learners []*lms.User
	facts    []*fact
	classes  map[string]*lms.Class
	levels   map[string]map[string]assess.Level // by learner, then skill; only when asked for
}

// read loads the unit's learners and their facts in batches, with the
// unit's classes in one query (others are read as met), and with their
// mastery levels when levels is set: one pass over the records serves
// both the completion and the mastery table.
func (s *Service) read(ctx context.Context, q Query, levels bool) (*records, error) {
	r := &records{communes: s.communesOf(q.Unit), classes: map[string]*lms.Class{}}
	ids, keep, err := s.learnersOf(ctx, q, r.communes)
	if err != nil {
		return nil, err
	}
	if len(r.communes) > 0 {
		cs, err := s.store.ClassesInUnits(ctx, r.communes)
		if err != nil {
			return nil, err
		}
		for _, c := range cs {
			r.classes[c.ID] = c
		}
	}
	if levels {
		r.levels = map[string]map[string]assess.Level{}
	}
	r.learners, r.facts, err = s.facts(ctx, ids, keep, r.classes, r.levels)
	return r, err
}

// learnersOf chooses whose records a report reads: the learners living in
// the communes, or, for a class report, those of them in the class (a
// class report reads its few dozen learners, not the province's). It
// gives their IDs and the test their accounts, read with their records,
// must pass.
func (s *Service) learnersOf(ctx context.Context, q Query, communes []string) ([]string, func(*lms.User) bool, error) {
	in := make(map[string]bool, len(communes))
	for _, c := range communes {
		in[c] = true
	}
	keep := func(u *lms.User) bool { return u.Role == lms.RoleLearner && in[u.UnitCode] }
	var ids []string
	if q.Class == "" {
		us, err := s.store.UsersInUnits(ctx, lms.RoleLearner, communes)
		for _, u := range us {
			ids = append(ids, u.ID)
		}
		return ids, keep, err
	}
	es, err := s.store.Enrolments(ctx, q.Class)
	for _, e := range es {
		ids = append(ids, e.UserID)
	}
	return ids, keep, err
}

// counts reports whether fact f is in q's course and class.
func (q Query) counts(f *fact) bool {
	return (q.Course == "" || f.course == q.Course) && (q.Class == "" || slices.Contains(f.classes, q.Class))
}

// completionTable tabulates the facts by q.By.
func (s *Service) completionTable(q Query, rec *records) *Table {
	communes, classes := rec.communes, rec.classes
	t := &Table{Unit: q.Unit, Course: q.Course, By: q.By, Class: q.Class, Total: &Row{Key: "total", Label: lms.Text{VI: "Tổng", EN: "Total"}}}
	rows := map[string]*Row{}
	row := func(key string, label lms.Text) *Row {
		r := rows[key]
		if r == nil {
			r = &Row{Key: key, Label: label}
			rows[key] = r
		}
		return r
	}
	s.emptyRows(q.By, communes, row)
	year := s.clock().Year()
	for _, f := range rec.facts {
		u := f.learner
		if !q.counts(f) {
			continue
		}
		add(t.Total, f)
		switch q.By {
		case ByUnit:
			add(row(u.UnitCode, s.unitLabel(u.UnitCode)), f)
		case ByAge:
			b := ageBand(year - u.BirthYear)
			add(row(b.key, b.label), f)
		case ByGender:
			add(row(string(u.Gender), genderLabel(u.Gender)), f)
		case ByEthnicity:
			add(row(ethnicKey(u.Ethnicity), ethnicLabel(u.Ethnicity)), f)
		case ByClass:
			if len(f.classes) == 0 {
				add(row("", classLabel(nil)), f)
			}
			for _, id := range f.classes {
				if q.Class != "" && id != q.Class {
					continue
				}
				add(row(id, classLabel(classes[id])), f)
			}
		}
	}
	for _, r := range rows {
		t.Rows = append(t.Rows, r)
	}
	sortRows(q.By, t.Rows)
	for _, r := range append(t.Rows, t.Total) {
		finish(r)
	}
	return t
}

// emptyRows lists the groups a breakdown shows even when nobody is in
// them, so a commune with nobody yet shows as 0, not as missing.
func (s *Service) emptyRows(by string, communes []string, row func(string, lms.Text) *Row) {
	switch by {
	case ByUnit:
		for _, c := range communes {
			row(c, s.unitLabel(c))
		}
	case ByAge:
		for _, b := range ageBands {
			row(b.key, b.label)
		}
	case ByGender:
		for _, g := range []lms.Gender{lms.GenderFemale, lms.GenderMale, lms.GenderOther} {
			row(string(g), genderLabel(g))
		}
	}
}

// sortRows puts age bands in age order and other groups by name.
func sortRows(by string, rows []*Row) {
	order := map[string]int{}
	for i, b := range ageBands {
		order[b.key] = i
	}
	sort.Slice(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if by == ByAge {
			return order[a.Key] < order[b.Key]
		}
		if a.Label.VI != b.Label.VI {
			return a.Label.VI < b.Label.VI
		}
		return a.Key < b.Key
	})
}

func classLabel(c *lms.Class) lms.Text {
	if c == nil {
		return lms.Text{VI: "Tự học (không theo lớp)", EN: "On their own (no class)"}
	}
	return lms.Text{VI: c.Name, EN: c.Name}
}

// mayView reports whether viewer may see reports on unit.
func (s *Service) mayView(viewer *lms.User, unit string) bool {
	if viewer == nil || (viewer.Role != lms.RoleOfficial && viewer.Role != lms.RoleAdmin) {
		return false
	}
	return s.units.Contains(viewer.UnitCode, unit)
}

func add(r *Row, f *fact) {
	r.Enrolled++
	if !f.started.IsZero() {
		r.Started++
	}
	if !f.completed.IsZero() {
		r.Completed++
	}
	if d := f.days(); d >= 0 {
		if r.days == nil {
			r.days = map[int]int{}
		}
		r.days[d]++
	}
	if f.certified {
		r.Certified++
	}
	if f.tookFinal {
		r.TookFinal++
	}
	if f.passed {
		r.PassedFinal++
	}
}

func finish(r *Row) {
	r.CompletionRate = percent(r.Completed, r.Enrolled)
	r.FinalPassRate = percent(r.PassedFinal, r.TookFinal)
	r.MedianDays = median(r.days)
}

// percent rounds half up; -1 when there is nothing to divide by.
func percent(n, of int) int {
	if of == 0 {
		return -1
	}
	return (200*n + of) / (2 * of)
}

// median of the days histogram, to one decimal (a half when the middle
// falls between two values); -1 when empty.
func median(hist map[int]int) float64 {
	n := 0
	keys := make([]int, 0, len(hist))
	for d, c := range hist {
		n += c
		keys = append(keys, d)
	}
	if n == 0 {
		return -1
	}
	slices.Sort(keys)
	// nth returns the i-th smallest value, from 0.
	nth := func(i int) int {
		for _, d := range keys {
			if i < hist[d] {
				return d
			}
			i -= hist[d]
		}
		return keys[len(keys)-1]
	}
	if n%2 == 1 {
		return float64(nth(n / 2))
	}
	return float64(nth(n/2-1)+nth(n/2)) / 2
}

func ageBand(age int) struct {
	key      string
	from, to int
	label    lms.Text
} {
	for _, b := range ageBands {
		if age >= b.from && age <= b.to {
			return b
		}
	}
	return ageBands[len(ageBands)-1]
}

func genderLabel(g lms.Gender) lms.Text {
	switch g {
	case lms.GenderFemale:
		return lms.Text{VI: "Nữ", EN: "Female"}
	case lms.GenderMale:
		return lms.Text{VI: "Nam", EN: "Male"}
	}
	return lms.Text{VI: "Khác", EN: "Other"}
}

func ethnicKey(code string) string {
	if code == "" {
		return "unstated"
	}
	return code
}

func ethnicLabel(code string) lms.Text {
	if g, ok := ethnic.Get(code); ok {
		return lms.Text{VI: g.Name("vi"), EN: g.Name("en")}
	}
	return lms.Text{VI: "Không khai", EN: "Not stated"}
}

func (s *Service) unitLabel(code string) lms.Text {
	if _, ok := s.units.Get(code); !ok {
		return lms.Text{VI: code, EN: code}
	}
	// Without the province: every row of a table is in the same one.
	short := func(lang string) string {
		name := s.units.FullName(code, lang)
		if p := s.units.ProvinceOf(code); p != "" && p != code {
			name = strings.TrimSuffix(name, ", "+s.units.FullName(p, lang))
		}
		return name
	}
	return lms.Text{VI: short("vi"), EN: short("en")}
}

func joinKeys() string {
	out := ""
	for i, k := range Breakdowns {
		if i > 0 {
			out += ", "
		}
		out += k
	}
	return out
}
