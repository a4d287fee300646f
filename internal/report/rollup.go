package report

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/hocvuso/hocvuso/internal/assess"
	"github.com/hocvuso/hocvuso/internal/lms"
)

// The roll-up (see lms.RollupStore): the refresher half. The store marks
// learners dirty as their records change; Refresh computes their facts with
// the same code the exact reports use (factsFrom) and hands them back.

// drainAll is the backlog a report request counts to the end before it
// reads the counters, so its answer includes every write answered before
// it: ordinary activity leaves a few dozen dirty learners between two runs
// of the background refresher (KeepFresh). drainAllBudget still bounds it,
// for a slow database.
const (
	drainAll       = 1000
	drainAllBudget = 5 * time.Second
)

// drainBudget bounds how long a request spends on a larger backlog (after a
// rebuild or a change of the rules: hundreds of thousands). The background
// refresher does that work; the request counts for this long, then answers
// with the counters as they are (each learner counted once, by the old or
// the new rules) and says the figures are still being updated.
const drainBudget = 80 * time.Millisecond

// drainBatch is how many dirty learners one step of a budgeted drain
// counts: small, so the budget is kept.
const drainBatch = 100

// drain refreshes dirty learners before a report reads the counters;
// pending reports whether some are left. Neither running out of time nor
// a failing refresh fails the report: it answers from the counters, which
// are consistent whatever was counted, and says they are being updated
// (a refresh cut short leaves its learners marked, to be counted again).
// Failures go to the error log, as the background refresher's do.
func (s *Service) drain(ctx context.Context) (pending bool) {
	dctx, cancel := context.WithTimeout(ctx, drainAllBudget)
	defer cancel()
	backlog, err := s.store.DirtyLearners(dctx, drainAll+1)
	if err != nil {
		s.refreshFailed(ctx, err)
		return true
	}
	if len(backlog) == 0 {
		return false
	}
	batch := batchSize
	if len(backlog) > drainAll {
		var c2 context.CancelFunc
		dctx, c2 = context.WithTimeout(ctx, drainBudget)
		defer c2()
		batch = drainBatch
	}
	for {
		pending, err := s.refresh(dctx, batch, batch)
		switch {
		case err != nil:
			s.refreshFailed(ctx, err)
			return true
		case !pending:
			return false
		case dctx.Err() != nil:
			return true
		}
	}
}

// refreshFailed logs a failed refresh, unless it only ran out of time.
func (s *Service) refreshFailed(ctx context.Context, err error) {
	if ctx.Err() == nil && !errors.Is(err, context.DeadlineExceeded) && s.logErr != nil {
		s.logErr(err)
	}
}

// SetErrorLog sets where failures of the refreshes reports run go.
func (s *Service) SetErrorLog(f func(error)) { s.logErr = f }

// Refresh recomputes the facts of up to limit dirty learners, oldest mark
// first. pending reports whether dirty learners remain.
func (s *Service) Refresh(ctx context.Context, limit int) (pending bool, err error) {
	return s.refresh(ctx, limit, batchSize)
}

func (s *Service) refresh(ctx context.Context, limit, batch int) (pending bool, err error) {
	for done := 0; done < limit; {
		dirty, err := s.store.DirtyLearners(ctx, min(batch, limit-done))
		if err != nil {
			return false, err
		}
		if len(dirty) == 0 {
			return false, nil
		}
		facts, err := s.learnerFacts(ctx, dirty)
		if err != nil {
			return false, err
		}
		if _, err := s.store.ApplyFacts(ctx, dirty, facts); err != nil {
			return false, err
		}
		done += len(dirty)
	}
	d, err := s.store.DirtyLearners(ctx, 1)
	return len(d) > 0, err
}

// RefreshAll refreshes until no learner is dirty, for the verify command
// and tests.
func (s *Service) RefreshAll(ctx context.Context) error {
	for {
		pending, err := s.Refresh(ctx, 100_000)
		if err != nil || !pending {
			return err
		}
	}
}

// learnerFacts computes the facts of the dirty learners from their source
// records: nil for anyone who is not (or no longer) a learner. Classes are
// read afresh for each batch, after the marks: a class read earlier may
// have changed its courses since, and the learners' new marks would then
// be cleared with facts computed from the old ones.
func (s *Service) learnerFacts(ctx context.Context, dirty []lms.DirtyLearner) ([]*lms.LearnerFacts, error) {
	classes := map[string]*lms.Class{}
	ids := make([]string, len(dirty))
	for i, d := range dirty {
		ids[i] = d.UserID
	}
	r, err := s.store.LearnerRecords(ctx, ids)
	if err != nil {
		return nil, err
	}
	var learners []*lms.User
	for _, u := range r.Users {
		if u.Role == lms.RoleLearner {
			learners = append(learners, u)
		}
	}
	var levels map[string]map[string]assess.Level
	if s.mastery != nil {
		levels = map[string]map[string]assess.Level{}
	}
	fs, err := s.factsFrom(ctx, learners, r, classes, levels)
	if err != nil {
		return nil, err
	}
	byUser := map[string]*lms.LearnerFacts{}
	for _, u := range learners {
		lf := newLearnerFacts(u)
		for skill, l := range levels[u.ID] {
			if l > 0 {
				if lf.Levels == nil {
					lf.Levels = map[string]int{}
				}
				lf.Levels[skill] = int(l)
			}
		}
		byUser[u.ID] = lf
	}
	for _, f := range fs {
		lf := byUser[f.learner.ID]
		lf.Courses = append(lf.Courses, lms.CourseFact{Course: f.course, Classes: f.classes, Started: !f.started.IsZero(),
			Completed: !f.completed.IsZero(), Certified: f.certified, TookFinal: f.tookFinal, Passed: f.passed, Days: f.days()})
	}
	for id, day := range firstCertified(fs) {
		byUser[id].FirstCertified = day
	}
	if cr, ok := s.store.(lms.CampaignRollupStore); ok {
		if err := s.reach(ctx, cr, r, classes, byUser); err != nil {
			return nil, err
		}
	}
	out := make([]*lms.LearnerFacts, len(dirty))
	for i, d := range dirty {
		if lf := byUser[d.UserID]; lf != nil && (len(lf.Courses) > 0 || len(lf.Reach) > 0) {
			slices.SortFunc(lf.Courses, func(a, b lms.CourseFact) int { return strings.Compare(a.Course, b.Course) })
			out[i] = lf
		}
	}
	return out, nil
}

// newLearnerFacts is u's facts before any course or reach: where they
// count.
func newLearnerFacts(u *lms.User) *lms.LearnerFacts {
	return &lms.LearnerFacts{UserID: u.ID, UnitCode: u.UnitCode, BirthYear: u.BirthYear, Gender: u.Gender, Ethnicity: ethnicKey(u.Ethnicity)}
}

// reach works out when and where each user of r was reached by the
// campaign, as the campaign figures count it: each session of a class they
// are enrolled in (on the class's commune), and each support activity that
// names them (on its commune); under the commune and under its province.
// Anyone can be reached, learner or not, so users without facts get some.
func (s *Service) reach(ctx context.Context, cr lms.CampaignRollupStore, r *lms.LearnerRecords,
	classes map[string]*lms.Class, byUser map[string]*lms.LearnerFacts) error {
	days := map[string]map[string]map[int]bool{} // user → scope → days
	add := func(user, unit string, day int) {
		if days[user] == nil {
			days[user] = map[string]map[int]bool{}
		}
		for _, scope := range []string{unit, s.units.ProvinceOf(unit)} {
			if scope == "" {
				continue
			}
			if days[user][scope] == nil {
				days[user][scope] = map[int]bool{}
			}
			days[user][scope][day] = true
		}
	}
	users := map[string]*lms.User{}
	for _, u := range r.Users {
		users[u.ID] = u
	}
	for _, e := range r.Enrolments {
		if users[e.UserID] == nil {
			continue
		}
		c, err := s.class(ctx, classes, e.ClassID)
		if err != nil {
			return err
		}
		for _, ss := range c.Sessions {
			add(e.UserID, c.UnitCode, lms.DayNumber(ss.Starts))
		}
	}
	ids := make([]string, 0, len(users))
	for id := range users {
		ids = append(ids, id)
	}
	acts, err := cr.ActivitiesNaming(ctx, ids)
	if err != nil {
		return err
	}
	for _, a := range acts {
		for _, id := range a.LearnerIDs {
			if users[id] != nil {
				add(id, a.UnitCode, lms.DayNumber(a.Date))
			}
		}
	}
	for id, scopes := range days {
		lf := byUser[id]
		if lf == nil {
			lf = newLearnerFacts(users[id])
			byUser[id] = lf
		}
		for _, scope := range slices.Sorted(maps.Keys(scopes)) {
			lf.Reach = append(lf.Reach, lms.Reach{Scope: scope, Days: slices.Sorted(maps.Keys(scopes[scope]))})
		}
	}
	return nil
}

// days is the whole days, counted in Vietnam, from the first lesson to
// completion; -1 unless both happened. A completion dated before the first
// lesson (an offline record synced late) counts as 0.
func (f *fact) days() int {
	if f.started.IsZero() || f.completed.IsZero() {
		return -1
	}
	day := func(t time.Time) time.Time {
		y, m, d := t.In(vietnam).Date()
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
	return max(0, int(day(f.completed).Sub(day(f.started)).Hours()/24))
}

// rolledUp answers a completion report from the counters: one grouped read
// for the breakdown and, unless that already partitions every
// learner-course pair once, one for the total.
func (s *Service) rolledUp(ctx context.Context, q Query, communes []string) (*Table, error) {
	t := &Table{Unit: q.Unit, Course: q.Course, By: q.By, Total: &Row{Key: "total", Label: lms.Text{VI: "Tổng", EN: "Total"}}}
	dim := map[string]string{ByUnit: lms.DimGender, ByAge: lms.DimBirthYear, ByGender: lms.DimGender,
		ByEthnicity: lms.DimEthnicity, ByClass: lms.DimClass}[q.By]
	groups, err := s.store.RollupCounts(ctx, lms.RollupQuery{Communes: communes, Course: q.Course, Dim: dim, ByCommune: q.By == ByUnit})
	if err != nil {
		return nil, err
	}
	totals := groups
	if q.By == ByClass {
		if totals, err = s.store.RollupCounts(ctx, lms.RollupQuery{Communes: communes, Course: q.Course, Dim: lms.DimGender}); err != nil {
			return nil, err
		}
	}
	for _, g := range totals {
		addCounts(t.Total, g)
	}
	rows := map[string]*Row{}
	row := func(key string, label lms.Text) *Row {
		if rows[key] == nil {
			rows[key] = &Row{Key: key, Label: label}
		}
		return rows[key]
	}
	s.emptyRows(q.By, communes, row)
	var classes map[string]*lms.Class
	if q.By == ByClass {
		if classes, err = s.classesByID(ctx, communes, groups); err != nil {
			return nil, err
		}
	}
	year := s.clock().Year()
	for _, g := range groups {
		switch q.By {
		case ByUnit:
			addCounts(row(g.Key, s.unitLabel(g.Key)), g)
		case ByAge:
			var born int
			fmt.Sscan(g.Key, &born)
			b := ageBand(year - born)
			addCounts(row(b.key, b.label), g)
		case ByGender:
			addCounts(row(g.Key, genderLabel(lms.Gender(g.Key))), g)
		case ByEthnicity:
			addCounts(row(g.Key, ethnicLabel(g.Key)), g)
		case ByClass:
			addCounts(row(g.Key, classLabel(classes[g.Key])), g)
		}
	}
	for _, r := range rows {
		t.Rows = append(t.Rows, r)
	}
	sortRows(q.By, t.Rows)
	for _, r := range append(t.Rows, t.Total) {
		finish(r)
	}
	return t, nil
}

// classesByID reads the classes the groups name: the unit's in one query,
// any others (a learner in a class of a neighbouring commune) one by one.
func (s *Service) classesByID(ctx context.Context, communes []string, groups []*lms.Counts) (map[string]*lms.Class, error) {
	out := map[string]*lms.Class{}
	cs, err := s.store.ClassesInUnits(ctx, communes)
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		out[c.ID] = c
	}
	for _, g := range groups {
		if g.Key != "" {
			if _, err := s.class(ctx, out, g.Key); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

func addCounts(r *Row, c *lms.Counts) {
	r.Enrolled += c.Enrolled
	r.Started += c.Started
	r.Completed += c.Completed
	r.Certified += c.Certified
	r.TookFinal += c.TookFinal
	r.PassedFinal += c.Passed
	for d, n := range c.Days {
		if r.days == nil {
			r.days = map[int]int{}
		}
		r.days[d] += n
	}
}

// rolledUpMastery answers a mastery table from the counters.
func (s *Service) rolledUpMastery(ctx context.Context, q Query, communes []string) (*MasteryTable, error) {
	m, err := s.store.MasteryCounts(ctx, communes, q.Course)
	if err != nil {
		return nil, err
	}
	t := &MasteryTable{Unit: q.Unit, Course: q.Course}
	for _, sk := range s.skillsOf(q.Course) {
		r := &SkillRow{Skill: sk.Tag, Name: sk.Name, LearnersNow: m.Learners}
		r.Levels[0] = m.Learners
		for level, n := range m.Levels[sk.Tag] {
			if level > 0 && level < len(r.Levels) {
				r.Levels[level] += n
				r.Levels[0] -= n
				if assess.Level(level) >= assess.Proficient {
					r.Proficient += n
				}
			}
		}
		r.Rate = percent(r.Proficient, r.LearnersNow)
		t.Rows = append(t.Rows, r)
	}
	return t, nil
}

// RulesStamp fingerprints what the facts are computed from besides the
// records: the courses, their question banks and quizzes, and the items'
// calibrated difficulties. The server records it at start-up
// (lms.RollupStore.RollupRules); a change marks every learner for refresh.
func (s *Service) RulesStamp(ctx context.Context) (string, error) {
	h := sha256.New()
	if s.catalog != nil {
		for _, c := range s.catalog.Courses {
			fmt.Fprintf(h, "course %s %s %v %v\n", c.Slug, c.Hash, c.Skills, c.Completion)
			for _, it := range c.Bank {
				fmt.Fprintf(h, "item %s %d %s\n", it.ID, it.Version, it.Hash)
			}
			for _, q := range c.Quizzes {
				fmt.Fprintf(h, "quiz %s %s %v %v %d\n", q.ID, q.Kind, q.Items, q.Draw, q.PassPercent)
			}
		}
	}
	cal, err := s.store.Calibrations(ctx)
	if err != nil {
		return "", err
	}
	ids := make([]string, 0, len(cal))
	for id := range cal {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		fmt.Fprintf(h, "calibration %s %v\n", id, cal[id].Difficulty)
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}

// KeepFresh refreshes the roll-up every interval until ctx ends, so
// reports rarely have anything to count before they answer. It is
// what keeps the dashboards current after a rebuild or a burst of
// activity; reports stay exact without it, only slower.
func (s *Service) KeepFresh(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, err := s.Refresh(ctx, 50_000); err != nil {
				s.refreshFailed(ctx, err)
			}
		}
	}
}
