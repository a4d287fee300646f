package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	"github.com/hocvuso/hocvuso/internal/lms"
)

// The roll-up's counters (lms.RollupStore). Triggers (migration 9) mark a
// learner dirty in the transaction of each write that can change their
// figures; ApplyFacts moves their contribution from the facts stored last
// time to the new ones, in one transaction, so the counters always equal
// the sum of the stored facts.

// DirtyLearners implements lms.RollupStore.
func (db *DB) DirtyLearners(ctx context.Context, limit int) ([]lms.DirtyLearner, error) {
	var out []lms.DirtyLearner
	err := db.each(ctx, "sqlite: dirty learners", func(scan func(...any) error) error {
		var d lms.DirtyLearner
		var token int64
		if err := scan(&d.UserID, &token); err != nil {
			return err
		}
		d.Token = strconv.FormatInt(token, 10)
		out = append(out, d)
		return nil
	}, `SELECT user_id, token FROM rollup_dirty ORDER BY token LIMIT ?`, limit)
	return out, err
}

// counterKey is one row of rollup_counts (and, with days, of rollup_days).
type counterKey struct{ commune, dim, course, key string }

// masteryKey is one row of rollup_mastery; skill "" counts the learners.
type masteryKey struct {
	commune, course, skill string
	level                  int
}

// deltas gathers the changes of one ApplyFacts call, so each counter row
// is written once however many learners touch it.
type deltas struct {
	counts  map[counterKey]*lms.Counts
	mastery map[masteryKey]int
	reach   map[reachKey]int
	cert    map[certKey]int
}

// certKey is one row of rollup_certified.
type certKey struct {
	commune   string
	birthYear int
	day       int
}

// reachKey is one row of rollup_reach: a span (first and last day a person
// was reached in the scope) or a gap (two consecutive reach days with at
// least one day between them). A period [a, b] reaches a person iff their
// span meets it and no gap of theirs contains it, so the people reached
// are the spans meeting it less the gaps containing it: two range sums.
type reachKey struct {
	scope string
	gap   bool
	x, y  int
}

func (d *deltas) add(f *lms.LearnerFacts, sign int) {
	if f == nil {
		return
	}
	if f.FirstCertified > 0 {
		d.cert[certKey{f.UnitCode, f.BirthYear, f.FirstCertified}] += sign
	}
	for _, r := range f.Reach {
		if len(r.Days) == 0 {
			continue
		}
		d.reach[reachKey{r.Scope, false, r.Days[0], r.Days[len(r.Days)-1]}] += sign
		for i := 1; i < len(r.Days); i++ {
			if r.Days[i]-r.Days[i-1] >= 2 {
				d.reach[reachKey{r.Scope, true, r.Days[i-1], r.Days[i]}] += sign
			}
		}
	}
	for _, c := range f.Contributions() {
		k := counterKey{f.UnitCode, c.Dim, c.Course, c.Key}
		if d.counts[k] == nil {
			d.counts[k] = &lms.Counts{}
		}
		d.counts[k].Add(c.Fact, sign)
	}
	if len(f.Courses) == 0 {
		return
	}
	courses := []string{""} // "" is "any course": each learner once
	for _, c := range f.Courses {
		courses = append(courses, c.Course)
	}
	for _, course := range courses {
		d.mastery[masteryKey{f.UnitCode, course, "", 0}] += sign
		for skill, level := range f.Levels {
			d.mastery[masteryKey{f.UnitCode, course, skill, level}] += sign
		}
	}
}

// ApplyFacts implements lms.RollupStore.
func (db *DB) ApplyFacts(ctx context.Context, dirty []lms.DirtyLearner, facts []*lms.LearnerFacts) (int, error) {
	const op = "sqlite: apply facts"
	if len(facts) != len(dirty) {
		return 0, lms.Internal(op, errors.New("facts and dirty learners differ in number"))
	}
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return 0, translate(op, err)
	}
	defer tx.Rollback()
	d := &deltas{counts: map[counterKey]*lms.Counts{}, mastery: map[masteryKey]int{}, reach: map[reachKey]int{}, cert: map[certKey]int{}}
	applied := 0
	for i, dl := range dirty {
		var token string
		err := tx.QueryRowContext(ctx, `SELECT CAST(token AS TEXT) FROM rollup_dirty WHERE user_id = ?`, dl.UserID).Scan(&token)
		if err == sql.ErrNoRows || (err == nil && token != dl.Token) {
			continue // applied by another refresher, or marked again since the facts were read
		}
		if err != nil {
			return 0, translate(op, err)
		}
		var data string
		switch err := tx.QueryRowContext(ctx, `SELECT data FROM rollup_facts WHERE user_id = ?`, dl.UserID).Scan(&data); {
		case err == nil:
			var old lms.LearnerFacts
			if err := json.Unmarshal([]byte(data), &old); err != nil {
				return 0, lms.Internal(op, err)
			}
			d.add(&old, -1)
		case err != sql.ErrNoRows:
			return 0, translate(op, err)
		}
		d.add(facts[i], +1)
		if facts[i] == nil || (len(facts[i].Courses) == 0 && len(facts[i].Reach) == 0) {
			_, err = tx.ExecContext(ctx, `DELETE FROM rollup_facts WHERE user_id = ?`, dl.UserID)
		} else {
			b, merr := json.Marshal(facts[i])
			if merr != nil {
				return 0, lms.Internal(op, merr)
			}
			_, err = tx.ExecContext(ctx, `INSERT INTO rollup_facts (user_id, data) VALUES (?, ?)
				ON CONFLICT (user_id) DO UPDATE SET data = excluded.data`, dl.UserID, string(b))
		}
		if err != nil {
			return 0, translate(op, err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM rollup_dirty WHERE user_id = ?`, dl.UserID); err != nil {
			return 0, translate(op, err)
		}
		applied++
	}
	if err := d.write(ctx, tx); err != nil {
		return 0, translate(op, err)
	}
	return applied, translate(op, tx.Commit())
}

// write adds the deltas to the counter rows and drops rows that fall to
// zero, so the tables hold only groups that have someone in them.
func (d *deltas) write(ctx context.Context, tx *sql.Tx) error {
	for k, c := range d.counts {
		if c.Enrolled != 0 || c.Started != 0 || c.Completed != 0 || c.Certified != 0 || c.TookFinal != 0 || c.Passed != 0 {
			if _, err := tx.ExecContext(ctx, `INSERT INTO rollup_counts (commune, dim, course, key, enrolled, started, completed, certified, took, passed)
				VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT DO UPDATE SET enrolled = enrolled + excluded.enrolled,
				started = started + excluded.started, completed = completed + excluded.completed,
				certified = certified + excluded.certified, took = took + excluded.took, passed = passed + excluded.passed`,
				k.commune, k.dim, k.course, k.key, c.Enrolled, c.Started, c.Completed, c.Certified, c.TookFinal, c.Passed); err != nil {
				return err
			}
			if c.Enrolled < 0 {
				if _, err := tx.ExecContext(ctx, `DELETE FROM rollup_counts WHERE commune = ? AND dim = ? AND course = ? AND key = ? AND enrolled = 0`,
					k.commune, k.dim, k.course, k.key); err != nil {
					return err
				}
			}
		}
		for days, n := range c.Days {
			if err := addToCount(ctx, tx, "rollup_days", daysCols, []any{k.commune, k.dim, k.course, k.key, days}, n); err != nil {
				return err
			}
		}
	}
	for k, n := range d.cert {
		if err := addToCount(ctx, tx, "rollup_certified", certifiedCols, []any{k.commune, k.birthYear, k.day}, n); err != nil {
			return err
		}
	}
	for k, n := range d.reach {
		if err := addToCount(ctx, tx, "rollup_reach", reachCols, []any{k.scope, k.gap, k.x, k.y}, n); err != nil {
			return err
		}
	}
	for k, n := range d.mastery {
		if err := addToCount(ctx, tx, "rollup_mastery", masteryCols, []any{k.commune, k.course, k.skill, k.level}, n); err != nil {
			return err
		}
	}
	return nil
}

// The key columns of the tables that hold one count, n, per key.
var (
	daysCols      = []string{"commune", "dim", "course", "key", "days"}
	certifiedCols = []string{"commune", "birth_year", "day"}
	reachCols     = []string{"scope", "gap", "x", "y"}
	masteryCols   = []string{"commune", "course", "skill", "level"}
)

// addToCount adds n to the count of table's row with the key, inserting
// the row if it is missing and deleting it when it falls to zero. table
// and cols are this file's constants, never input.
func addToCount(ctx context.Context, tx *sql.Tx, table string, cols []string, key []any, n int) error {
	if n == 0 {
		return nil
	}
	marks := strings.Repeat("?,", len(cols))
	if _, err := tx.ExecContext(ctx, `INSERT INTO `+table+` (`+strings.Join(cols, ", ")+`, n) VALUES (`+marks+`?)
		ON CONFLICT DO UPDATE SET n = n + excluded.n`, append(key, n)...); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	_, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE `+strings.Join(cols, " = ? AND ")+` = ? AND n = 0`, key...)
	return err
}

// RollupCounts implements lms.RollupStore: two grouped reads of the
// counter tables through their primary keys.
func (db *DB) RollupCounts(ctx context.Context, q lms.RollupQuery) ([]*lms.Counts, error) {
	const op = "sqlite: rollup counts"
	group := "key"
	if q.ByCommune {
		group = "commune"
	}
	where := ` WHERE commune IN (SELECT value FROM json_each(?1)) AND dim = ?2 AND (?3 = '' OR course = ?3)`
	var out []*lms.Counts
	byKey := map[string]*lms.Counts{}
	err := db.each(ctx, op, func(scan func(...any) error) error {
		c := &lms.Counts{}
		if err := scan(&c.Key, &c.Enrolled, &c.Started, &c.Completed, &c.Certified, &c.TookFinal, &c.Passed); err != nil {
			return err
		}
		out = append(out, c)
		byKey[c.Key] = c
		return nil
	}, `SELECT `+group+`, sum(enrolled), sum(started), sum(completed), sum(certified), sum(took), sum(passed)
		FROM rollup_counts`+where+` GROUP BY 1 HAVING sum(enrolled) > 0 ORDER BY 1`, jsonList(q.Communes), q.Dim, q.Course)
	if err != nil {
		return nil, err
	}
	err = db.each(ctx, op, func(scan func(...any) error) error {
		var key string
		var d, n int
		if err := scan(&key, &d, &n); err != nil {
			return err
		}
		if c := byKey[key]; c != nil {
			if c.Days == nil {
				c.Days = map[int]int{}
			}
			c.Days[d] = n
		}
		return nil
	}, `SELECT `+group+`, days, sum(n) FROM rollup_days`+where+` GROUP BY 1, 2 HAVING sum(n) > 0`, jsonList(q.Communes), q.Dim, q.Course)
	return out, err
}

// MasteryCounts implements lms.RollupStore.
func (db *DB) MasteryCounts(ctx context.Context, communes []string, course string) (*lms.MasteryCounts, error) {
	out := &lms.MasteryCounts{Levels: map[string]map[int]int{}}
	err := db.each(ctx, "sqlite: mastery counts", func(scan func(...any) error) error {
		var skill string
		var level, n int
		if err := scan(&skill, &level, &n); err != nil {
			return err
		}
		if skill == "" {
			out.Learners = n
			return nil
		}
		if out.Levels[skill] == nil {
			out.Levels[skill] = map[int]int{}
		}
		out.Levels[skill][level] = n
		return nil
	}, `SELECT skill, level, sum(n) FROM rollup_mastery
		WHERE commune IN (SELECT value FROM json_each(?)) AND course = ? GROUP BY 1, 2`, jsonList(communes), course)
	return out, err
}

// CertifiedLearners implements lms.RollupStore.
func (db *DB) CertifiedLearners(ctx context.Context, communes []string, bornBy, day int) (map[string]int, error) {
	out := map[string]int{}
	err := db.each(ctx, "sqlite: certified learners", func(scan func(...any) error) error {
		var c string
		var n int
		if err := scan(&c, &n); err != nil {
			return err
		}
		out[c] = n
		return nil
	}, `SELECT commune, sum(n) FROM rollup_certified WHERE commune IN (SELECT value FROM json_each(?))
		AND birth_year <= ? AND day <= ? GROUP BY 1 HAVING sum(n) > 0`, jsonList(communes), bornBy, day)
	return out, err
}

// markAll marks everyone dirty: learners for their figures, anyone for
// when they were reached.
const markAll = `UPDATE rollup_seq SET n = n + 1;
	INSERT INTO rollup_dirty (user_id, token)
		SELECT id, (SELECT n FROM rollup_seq) FROM users WHERE true
		ON CONFLICT (user_id) DO UPDATE SET token = excluded.token;`

// MarkAllDirty implements lms.RollupStore.
func (db *DB) MarkAllDirty(ctx context.Context, reset bool) error {
	stmt := markAll
	if reset {
		stmt = `DELETE FROM rollup_counts; DELETE FROM rollup_days; DELETE FROM rollup_mastery; DELETE FROM rollup_reach;
			DELETE FROM rollup_certified; DELETE FROM rollup_facts; ` + markAll
	}
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return translate("sqlite: mark all dirty", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, stmt); err != nil {
		return translate("sqlite: mark all dirty", err)
	}
	return translate("sqlite: mark all dirty", tx.Commit())
}

// RollupRules implements lms.RollupStore.
func (db *DB) RollupRules(ctx context.Context, stamp string) (bool, error) {
	const op = "sqlite: rollup rules"
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return false, translate(op, err)
	}
	defer tx.Rollback()
	var old string
	if err := tx.QueryRowContext(ctx, `SELECT value FROM rollup_meta WHERE key = 'rules'`).Scan(&old); err != nil && err != sql.ErrNoRows {
		return false, translate(op, err)
	}
	if old == stamp {
		return false, nil
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO rollup_meta (key, value) VALUES ('rules', ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, stamp); err != nil {
		return false, translate(op, err)
	}
	if _, err := tx.ExecContext(ctx, markAll); err != nil {
		return false, translate(op, err)
	}
	return true, translate(op, tx.Commit())
}
