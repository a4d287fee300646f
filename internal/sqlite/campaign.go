package sqlite

import (
	"context"
	"encoding/json"
	"time"

	"github.com/hocvuso/hocvuso/internal/lms"
)

// jsonList is the JSON array parameter "IN (SELECT value FROM json_each(?))"
// takes, so a province's communes or a batch of user ids need no query
// building.
func jsonList(codes []string) string {
	b, _ := json.Marshal(codes) // strings always marshal
	return string(b)
}

// TeamsInUnits implements lms.CampaignStore.
func (db *DB) TeamsInUnits(ctx context.Context, unitCodes []string) ([]*lms.Team, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id, name, unit_code, leader_id, created_at FROM teams
		WHERE unit_code IN (SELECT value FROM json_each(?)) ORDER BY id`, jsonList(unitCodes))
	if err != nil {
		return nil, translate("sqlite: teams in units", err)
	}
	defer rows.Close()
	out := []*lms.Team{}
	for rows.Next() {
		var t lms.Team
		var created int64
		if err := rows.Scan(&t.ID, &t.Name, &t.UnitCode, &t.LeaderID, &created); err != nil {
			return nil, translate("sqlite: teams in units", err)
		}
		t.CreatedAt = fromMS(created)
		out = append(out, &t)
	}
	return out, translate("sqlite: teams in units", rows.Err())
}

// ClassesInUnits implements lms.CampaignStore.
func (db *DB) ClassesInUnits(ctx context.Context, unitCodes []string) ([]*lms.Class, error) {
	return jsonRows[lms.Class](ctx, db, "classes in units",
		`SELECT data FROM classes WHERE unit_code IN (SELECT value FROM json_each(?)) ORDER BY id`, jsonList(unitCodes))
}

// ActivitiesInUnits implements lms.CampaignStore.
func (db *DB) ActivitiesInUnits(ctx context.Context, unitCodes []string, from, to time.Time) ([]*lms.Activity, error) {
	return jsonRows[lms.Activity](ctx, db, "activities in units",
		`SELECT data FROM activities WHERE unit_code IN (SELECT value FROM json_each(?)) AND date >= ? AND date < ? ORDER BY date, id`,
		jsonList(unitCodes), ms(from), ms(to))
}

// CertificatesIssued implements lms.CampaignStore.
func (db *DB) CertificatesIssued(ctx context.Context, from, to time.Time) ([]*lms.Certificate, error) {
	return jsonRows[lms.Certificate](ctx, db, "certificates issued",
		`SELECT data FROM certificates WHERE issued_at >= ? AND issued_at < ? ORDER BY issued_at, code`, ms(from), ms(to))
}

// jsonRows runs a query whose one column is a record stored as JSON.
func jsonRows[T any](ctx context.Context, db *DB, op, q string, args ...any) ([]*T, error) {
	rows, err := db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, translate("sqlite: "+op, err)
	}
	defer rows.Close()
	out := []*T{}
	for rows.Next() {
		var data string
		if err := rows.Scan(&data); err != nil {
			return nil, translate("sqlite: "+op, err)
		}
		v := new(T)
		if err := json.Unmarshal([]byte(data), v); err != nil {
			return nil, lms.Internal("sqlite: decode "+op, err)
		}
		out = append(out, v)
	}
	return out, translate("sqlite: "+op, rows.Err())
}

// PutTarget implements lms.TargetStore.
func (db *DB) PutTarget(ctx context.Context, t *lms.Target) error {
	_, err := db.write.ExecContext(ctx, `INSERT INTO targets (unit_code, metric, period_from, period_to, goal, base, set_by, set_at)
		VALUES (?,?,?,?,?,?,?,?) ON CONFLICT (unit_code, metric, period_from, period_to)
		DO UPDATE SET goal = excluded.goal, base = excluded.base, set_by = excluded.set_by, set_at = excluded.set_at`,
		t.UnitCode, t.Metric, t.From, t.To, t.Goal, t.Base, t.SetBy, ms(t.SetAt))
	return translate("sqlite: put target", err)
}

// TargetsInUnits implements lms.TargetStore.
func (db *DB) TargetsInUnits(ctx context.Context, unitCodes []string) ([]*lms.Target, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT unit_code, metric, period_from, period_to, goal, base, set_by, set_at FROM targets
		WHERE unit_code IN (SELECT value FROM json_each(?)) ORDER BY unit_code, metric, period_from, period_to`, jsonList(unitCodes))
	if err != nil {
		return nil, translate("sqlite: targets", err)
	}
	defer rows.Close()
	out := []*lms.Target{}
	for rows.Next() {
		var t lms.Target
		var at int64
		if err := rows.Scan(&t.UnitCode, &t.Metric, &t.From, &t.To, &t.Goal, &t.Base, &t.SetBy, &at); err != nil {
			return nil, translate("sqlite: targets", err)
		}
		t.SetAt = fromMS(at)
		out = append(out, &t)
	}
	return out, translate("sqlite: targets", rows.Err())
}

// LearnerRecords implements lms.ReportStore: five queries whatever the
// number of users, each through the table's user index.
func (db *DB) LearnerRecords(ctx context.Context, userIDs []string) (*lms.LearnerRecords, error) {
	ids := jsonList(userIDs)
	out := &lms.LearnerRecords{}
	var err error
	if out.Users, err = db.users(ctx, "sqlite: learner records", `SELECT `+userColumns+` FROM users
		WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id`, ids); err != nil {
		return nil, err
	}
	if out.Enrolments, err = db.enrolments(ctx, `SELECT class_id, user_id, via, at FROM enrolments
		WHERE user_id IN (SELECT value FROM json_each(?)) ORDER BY at`, ids); err != nil {
		return nil, err
	}
	if out.Completions, err = db.completions(ctx, `SELECT user_id, course_slug, lesson_id, content_hash, completed_at, recorded_at
		FROM lesson_completions WHERE user_id IN (SELECT value FROM json_each(?))`, ids); err != nil {
		return nil, err
	}
	if out.Attempts, err = db.attempts(ctx, "sqlite: learner attempts", `SELECT data FROM attempts
		WHERE user_id IN (SELECT value FROM json_each(?)) ORDER BY started_at`, ids); err != nil {
		return nil, err
	}
	if out.Certificates, err = jsonRows[lms.Certificate](ctx, db, "learner certificates", `SELECT data FROM certificates
		WHERE user_id IN (SELECT value FROM json_each(?)) ORDER BY issued_at`, ids); err != nil {
		return nil, err
	}
	return out, nil
}
