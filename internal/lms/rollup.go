package lms

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The reports' roll-up: officials' figures read precomputed counters, not
// every learner's records, so a province dashboard costs the same at a
// million enrolments as at a thousand.
//
// Every write that can change a learner's figures marks the learner dirty
// (in the same transaction where the database has them). A refresher, which
// knows the rules of the figures (report.Service), reads the dirty learners'
// source records, computes their LearnerFacts and hands them back with
// ApplyFacts; the adapter replaces the learner's old contribution to the
// counters with the new one. Reports count the dirty learners before they
// read (a backlog of up to a thousand, to the end; see report.Service),
// so an answer includes every write answered before it was asked.

// Dimensions of the roll-up. Each learner-course pair counts once in each
// dimension, except DimClass, where it counts once per class teaching the
// course (or once under "" when in none).
const (
	DimBirthYear = "birth"
	DimGender    = "gender"
	DimEthnicity = "ethnicity"
	DimClass     = "class"
)

// RollupDims lists the dimensions every learner-course pair is counted in.
var RollupDims = []string{DimBirthYear, DimGender, DimEthnicity, DimClass}

// LearnerFacts is one learner's contribution to the figures: where they
// count (their profile) and their standing in each course they are enrolled
// in. It is what a refresher computes from the source records.
type LearnerFacts struct {
	UserID    string         `json:"user_id" bson:"_id"`
	UnitCode  string         `json:"unit" bson:"unit"`
	BirthYear int            `json:"birth_year" bson:"birth_year"`
	Gender    Gender         `json:"gender" bson:"gender"`
	Ethnicity string         `json:"ethnicity" bson:"ethnicity"`
	Courses   []CourseFact   `json:"courses" bson:"courses"`
	Levels    map[string]int `json:"levels,omitempty" bson:"levels,omitempty"` // skill → mastery level, only above 0
	// Reach is when and where the person was reached by the campaign (in
	// a class that met, or named in a support activity), kept only where
	// the store precomputes campaign figures (CampaignRollupStore).
	Reach []Reach `json:"reach,omitempty" bson:"reach,omitempty"`
	// FirstCertified is the DayNumber of the learner's earliest valid
	// (unrevoked) certificate of any course; 0 if none.
	FirstCertified int `json:"first_certified,omitempty" bson:"first_certified,omitempty"`
}

// CourseFact is a learner's standing in one course.
type CourseFact struct {
	Course    string   `json:"course" bson:"course"`
	Classes   []string `json:"classes,omitempty" bson:"classes,omitempty"` // their classes teaching it
	Started   bool     `json:"started,omitempty" bson:"started,omitempty"`
	Completed bool     `json:"completed,omitempty" bson:"completed,omitempty"`
	Certified bool     `json:"certified,omitempty" bson:"certified,omitempty"`
	TookFinal bool     `json:"took_final,omitempty" bson:"took_final,omitempty"`
	Passed    bool     `json:"passed,omitempty" bson:"passed,omitempty"`
	Days      int      `json:"days" bson:"days"` // first lesson to completion in whole days; -1 unless both exist
}

// DirtyLearner is a learner whose figures may be stale. Token changes each
// time the learner is marked again, so ApplyFacts can tell whether facts
// computed after reading the mark are still current.
type DirtyLearner struct {
	UserID string
	Token  string
}

// Counts is one group's counters.
type Counts struct {
	Key       string      // a commune code, or the dimension's value
	Enrolled  int         //
	Started   int         //
	Completed int         //
	Certified int         //
	TookFinal int         //
	Passed    int         //
	Days      map[int]int // whole days to complete → how many
}

// RollupQuery chooses counters: learner-course pairs of learners whose home
// unit is one of Communes, in Course (every course when empty), in
// dimension Dim, grouped by commune when ByCommune is set and by the
// dimension's value otherwise.
type RollupQuery struct {
	Communes  []string
	Course    string
	Dim       string
	ByCommune bool
}

// MasteryCounts is how many learners of a group (those enrolled in the
// course, or in any course) are at each level above 0 of each skill, and
// how many learners the group has: the rest have not started that skill.
type MasteryCounts struct {
	Learners int
	Levels   map[string]map[int]int // skill → level → learners
}

// RollupStore keeps the reports' counters.
type RollupStore interface {
	// DirtyLearners returns up to limit learners marked dirty, oldest mark
	// first.
	DirtyLearners(ctx context.Context, limit int) ([]DirtyLearner, error)
	// ApplyFacts replaces each learner's contribution with facts[i] (nil:
	// the learner counts nowhere) and clears the mark, for each dirty[i]
	// whose mark still has the same token; learners marked again since
	// are left for the next round. It returns how many were applied.
	ApplyFacts(ctx context.Context, dirty []DirtyLearner, facts []*LearnerFacts) (int, error)
	// RollupCounts sums the counters q chooses, one Counts per group.
	RollupCounts(ctx context.Context, q RollupQuery) ([]*Counts, error)
	// MasteryCounts sums the mastery counters of learners in the communes
	// enrolled in course ("" for any course).
	MasteryCounts(ctx context.Context, communes []string, course string) (*MasteryCounts, error)
	// MarkAllDirty marks every learner (and, where the store keeps when
	// people were reached, everyone) dirty, so the next refresh
	// recomputes every contribution. With reset, the counters and stored
	// facts are emptied first: a rebuild from nothing, which repairs drift
	// (until the refresh ends, the figures are short).
	MarkAllDirty(ctx context.Context, reset bool) error
	// CertifiedLearners counts, per commune, the learners born in bornBy
	// or earlier whose first valid certificate was issued on day or
	// before (a DayNumber): the certified adults of a share target.
	CertifiedLearners(ctx context.Context, communes []string, bornBy, day int) (map[string]int, error)
	// RollupRules records stamp, a fingerprint of the rules the facts are
	// computed with (the content and its calibration, for mastery). When it
	// differs from the stamp recorded before, everyone is marked dirty as
	// by MarkAllDirty and changed is true.
	RollupRules(ctx context.Context, stamp string) (changed bool, err error)
}

// Contribution is what one learner-course pair adds to the counters of one
// dimension's key (and, for the days histogram, Days when 0 or more).
type Contribution struct {
	Course, Dim, Key string
	Fact             *CourseFact
}

// Contributions lists f's contributions: one per course and dimension,
// and one per class in DimClass.
func (f *LearnerFacts) Contributions() []Contribution {
	if f == nil {
		return nil
	}
	var out []Contribution
	for i := range f.Courses {
		c := &f.Courses[i]
		out = append(out,
			Contribution{c.Course, DimBirthYear, strconv.Itoa(f.BirthYear), c},
			Contribution{c.Course, DimGender, string(f.Gender), c},
			Contribution{c.Course, DimEthnicity, f.Ethnicity, c})
		if len(c.Classes) == 0 {
			out = append(out, Contribution{c.Course, DimClass, "", c})
		}
		for _, id := range c.Classes {
			out = append(out, Contribution{c.Course, DimClass, id, c})
		}
	}
	return out
}

// Add adds one learner-course pair (sign +1) or takes it away (-1).
func (c *Counts) Add(f *CourseFact, sign int) {
	c.Enrolled += sign
	c.Started += sign * b2i(f.Started)
	c.Completed += sign * b2i(f.Completed)
	c.Certified += sign * b2i(f.Certified)
	c.TookFinal += sign * b2i(f.TookFinal)
	c.Passed += sign * b2i(f.Passed)
	if f.Days >= 0 {
		if c.Days == nil {
			c.Days = map[int]int{}
		}
		c.Days[f.Days] += sign
		if c.Days[f.Days] == 0 {
			delete(c.Days, f.Days)
		}
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Tally sums facts the way RollupCounts does, for adapters that keep the
// facts and count them when asked. Facts outside q.Communes are skipped.
func Tally(facts []*LearnerFacts, q RollupQuery) []*Counts {
	in := make(map[string]bool, len(q.Communes))
	for _, c := range q.Communes {
		in[c] = true
	}
	groups := map[string]*Counts{}
	for _, f := range facts {
		if !in[f.UnitCode] {
			continue
		}
		for _, c := range f.Contributions() {
			if c.Dim != q.Dim || (q.Course != "" && c.Course != q.Course) {
				continue
			}
			key := c.Key
			if q.ByCommune {
				key = f.UnitCode
			}
			g := groups[key]
			if g == nil {
				g = &Counts{Key: key}
				groups[key] = g
			}
			g.Add(c.Fact, 1)
		}
	}
	out := make([]*Counts, 0, len(groups))
	for _, g := range groups {
		out = append(out, g)
	}
	slices.SortFunc(out, func(a, b *Counts) int { return strings.Compare(a.Key, b.Key) })
	return out
}

// TallyMastery sums facts the way MasteryCounts does.
func TallyMastery(facts []*LearnerFacts, communes []string, course string) *MasteryCounts {
	out := &MasteryCounts{Levels: map[string]map[int]int{}}
	for _, f := range facts {
		if !slices.Contains(communes, f.UnitCode) || len(f.Courses) == 0 {
			continue
		}
		if course != "" && !slices.ContainsFunc(f.Courses, func(c CourseFact) bool { return c.Course == course }) {
			continue
		}
		out.Learners++
		for skill, level := range f.Levels {
			if out.Levels[skill] == nil {
				out.Levels[skill] = map[int]int{}
			}
			out.Levels[skill][level]++
		}
	}
	return out
}

// Reach is the days (DayNumber, ascending, distinct) on which a person was
// reached in one scope: a commune, or a province for the province's total
// (where being reached in two of its communes counts once).
type Reach struct {
	Scope string `json:"scope" bson:"scope"`
	Days  []int  `json:"days" bson:"days"`
}

// DayNumber is t's day in Vietnam time (UTC+7, no daylight saving),
// counted from 1 January 1970: the unit campaign figures are kept in.
func DayNumber(t time.Time) int {
	return int(floorDiv(t.Unix()+7*3600, 86400))
}

// DayDate is the YYYY-MM-DD of a DayNumber.
func DayDate(n int) string {
	return time.Unix(int64(n)*86400, 0).UTC().Format(time.DateOnly)
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// CampaignCounts are a period's campaign figures that a store keeps
// precomputed.
type CampaignCounts struct {
	Units   map[string]*UnitCampaign // by commune
	Days    map[int]*DayCampaign     // by DayNumber, over the communes
	Reached int                      // distinct people reached in the scope
}

// UnitCampaign is one commune's precomputed campaign figures.
type UnitCampaign struct {
	ClassesHeld  int // classes with a session in the period
	Sessions     int
	TrainerTurns int // each trainer of each session
	Certificates int // issued in the period, revoked or not
	Reached      int // distinct people in the classes held or named in activities
}

// DayCampaign is one day's precomputed figures.
type DayCampaign struct {
	Sessions     int
	Certificates int
}

// CampaignRollupStore is kept by adapters that precompute campaign figures
// (SQLite); report computes them from the records on others.
type CampaignRollupStore interface {
	// CampaignCounts sums the figures of the communes for the days from
	// to to (DayNumbers, both included); Reached counts scope (a province,
	// or the one commune) once per person.
	CampaignCounts(ctx context.Context, communes []string, scope string, from, to int) (*CampaignCounts, error)
	// ActivitiesNaming lists the support activities that name any of the
	// users, so a refresh can work out when they were reached.
	ActivitiesNaming(ctx context.Context, userIDs []string) ([]*Activity, error)
}

// TallyCertified counts facts the way CertifiedLearners does.
func TallyCertified(facts []*LearnerFacts, communes []string, bornBy, day int) map[string]int {
	out := map[string]int{}
	for _, f := range facts {
		if f.FirstCertified > 0 && f.FirstCertified <= day && f.BirthYear <= bornBy && slices.Contains(communes, f.UnitCode) {
			out[f.UnitCode]++
		}
	}
	return out
}
