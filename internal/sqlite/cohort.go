package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/hocvuso/hocvuso/internal/lms"
)

// CreateTeam implements lms.CohortStore.
func (db *DB) CreateTeam(ctx context.Context, t *lms.Team) error {
	_, err := db.write.ExecContext(ctx, `INSERT INTO teams (id, name, unit_code, leader_id, created_at) VALUES (?,?,?,?,?)`,
		t.ID, t.Name, t.UnitCode, t.LeaderID, ms(t.CreatedAt))
	return translate("sqlite: create team", err)
}

// TeamByID implements lms.CohortStore.
func (db *DB) TeamByID(ctx context.Context, id string) (*lms.Team, error) {
	t := lms.Team{ID: id}
	var created int64
	err := db.read.QueryRowContext(ctx, `SELECT name, unit_code, leader_id, created_at FROM teams WHERE id = ?`, id).
		Scan(&t.Name, &t.UnitCode, &t.LeaderID, &created)
	if err != nil {
		return nil, translate("sqlite: team", err)
	}
	t.CreatedAt = fromMS(created)
	return &t, nil
}

// AddTeamMember implements lms.CohortStore.
func (db *DB) AddTeamMember(ctx context.Context, m *lms.TeamMember) error {
	_, err := db.write.ExecContext(ctx, `INSERT INTO team_members (team_id, user_id, role, joined_at) VALUES (?,?,?,?)
		ON CONFLICT DO NOTHING`, m.TeamID, m.UserID, m.Role, ms(m.JoinedAt))
	return translate("sqlite: add team member", err)
}

// TeamMembers implements lms.CohortStore.
func (db *DB) TeamMembers(ctx context.Context, teamID string) ([]*lms.TeamMember, error) {
	return db.members(ctx, `SELECT team_id, user_id, role, joined_at FROM team_members WHERE team_id = ? ORDER BY joined_at`, teamID)
}

// MembershipsOf implements lms.CohortStore.
func (db *DB) MembershipsOf(ctx context.Context, userID string) ([]*lms.TeamMember, error) {
	return db.members(ctx, `SELECT team_id, user_id, role, joined_at FROM team_members WHERE user_id = ?`, userID)
}

func (db *DB) members(ctx context.Context, q string, arg string) ([]*lms.TeamMember, error) {
	rows, err := db.read.QueryContext(ctx, q, arg)
	if err != nil {
		return nil, translate("sqlite: team members", err)
	}
	defer rows.Close()
	out := []*lms.TeamMember{}
	for rows.Next() {
		var m lms.TeamMember
		var joined int64
		if err := rows.Scan(&m.TeamID, &m.UserID, &m.Role, &joined); err != nil {
			return nil, translate("sqlite: team members", err)
		}
		m.JoinedAt = fromMS(joined)
		out = append(out, &m)
	}
	return out, translate("sqlite: team members", rows.Err())
}

// CreateInvite implements lms.CohortStore.
func (db *DB) CreateInvite(ctx context.Context, inv *lms.Invite) error {
	_, err := db.write.ExecContext(ctx, `INSERT INTO invites (code, team_id, phone, created_by, expires_at) VALUES (?,?,?,?,?)`,
		inv.Code, inv.TeamID, inv.Phone, inv.CreatedBy, ms(inv.ExpiresAt))
	return translate("sqlite: create invite", err)
}

// UseInvite implements lms.CohortStore with one conditional update.
func (db *DB) UseInvite(ctx context.Context, code, userID string, now time.Time) (*lms.Invite, error) {
	inv := lms.Invite{Code: code}
	var expires, used int64
	err := db.write.QueryRowContext(ctx, `UPDATE invites SET used_by = ?, used_at = ?
		WHERE code = ? AND used_by = '' AND expires_at > ?
		RETURNING team_id, phone, created_by, expires_at, used_by, used_at`, userID, ms(now), code, ms(now)).
		Scan(&inv.TeamID, &inv.Phone, &inv.CreatedBy, &expires, &inv.UsedBy, &used)
	if err != nil {
		return nil, translate("sqlite: use invite", err)
	}
	inv.ExpiresAt, inv.UsedAt = fromMS(expires), fromMS(used)
	return &inv, nil
}

// CreateClass implements lms.CohortStore.
func (db *DB) CreateClass(ctx context.Context, c *lms.Class) error {
	data, err := json.Marshal(c)
	if err != nil {
		return lms.Internal("sqlite: encode class", err)
	}
	_, err = db.write.ExecContext(ctx, `INSERT INTO classes (id, team_id, unit_code, join_code, status, data) VALUES (?,?,?,?,?,?)`,
		c.ID, c.TeamID, c.UnitCode, c.JoinCode, c.Status, string(data))
	return translate("sqlite: create class", err)
}

// ClassByID implements lms.CohortStore.
func (db *DB) ClassByID(ctx context.Context, id string) (*lms.Class, error) {
	return db.oneClass(ctx, `SELECT data FROM classes WHERE id = ?`, id)
}

// ClassByJoinCode implements lms.CohortStore.
func (db *DB) ClassByJoinCode(ctx context.Context, code string) (*lms.Class, error) {
	return db.oneClass(ctx, `SELECT data FROM classes WHERE join_code = ?`, code)
}

func (db *DB) oneClass(ctx context.Context, q, arg string) (*lms.Class, error) {
	var data string
	if err := db.read.QueryRowContext(ctx, q, arg).Scan(&data); err != nil {
		return nil, translate("sqlite: class", err)
	}
	var c lms.Class
	if err := json.Unmarshal([]byte(data), &c); err != nil {
		return nil, lms.Internal("sqlite: decode class", err)
	}
	return &c, nil
}

// ClassesByTeam implements lms.CohortStore.
func (db *DB) ClassesByTeam(ctx context.Context, teamID string) ([]*lms.Class, error) {
	return jsonRows[lms.Class](ctx, db, "classes", `SELECT data FROM classes WHERE team_id = ? ORDER BY rowid`, teamID)
}

// UpdateClass implements lms.CohortStore.
func (db *DB) UpdateClass(ctx context.Context, c *lms.Class) error {
	data, err := json.Marshal(c)
	if err != nil {
		return lms.Internal("sqlite: encode class", err)
	}
	res, err := db.write.ExecContext(ctx, `UPDATE classes SET status = ?, unit_code = ?, data = ? WHERE id = ?`,
		c.Status, c.UnitCode, string(data), c.ID)
	if err != nil {
		return translate("sqlite: update class", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return lms.Errorf(lms.ENOTFOUND, "Không có lớp này.", "There is no such class.")
	}
	return nil
}

// Enrol implements lms.CohortStore.
//
// The count and the insert are one statement, so under SQLite's single
// writer no other enrolment can slip in between them.
func (db *DB) Enrol(ctx context.Context, e *lms.Enrolment, capacity int) (bool, error) {
	res, err := db.write.ExecContext(ctx, `INSERT INTO enrolments (class_id, user_id, via, at)
		SELECT ?1, ?2, ?3, ?4 WHERE ?5 <= 0 OR (SELECT count(*) FROM enrolments WHERE class_id = ?1) < ?5
		ON CONFLICT DO NOTHING`,
		e.ClassID, e.UserID, e.Via, ms(e.At), capacity)
	if err != nil {
		return false, translate("sqlite: enrol", err)
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return true, nil
	}
	// Nothing inserted: either the learner is already in the class (no
	// enrolment is ever removed, so this answer cannot go stale) or it is full.
	var one int
	err = db.write.QueryRowContext(ctx, `SELECT 1 FROM enrolments WHERE class_id = ? AND user_id = ?`, e.ClassID, e.UserID).Scan(&one)
	switch {
	case err == nil:
		return false, nil
	case errors.Is(err, sql.ErrNoRows):
		return false, lms.ClassFull("sqlite: enrol")
	}
	return false, translate("sqlite: enrol", err)
}

// Enrolments implements lms.CohortStore.
func (db *DB) Enrolments(ctx context.Context, classID string) ([]*lms.Enrolment, error) {
	return db.enrolments(ctx, `SELECT class_id, user_id, via, at FROM enrolments WHERE class_id = ? ORDER BY at`, classID)
}

// EnrolmentsOf implements lms.CohortStore.
func (db *DB) EnrolmentsOf(ctx context.Context, userID string) ([]*lms.Enrolment, error) {
	return db.enrolments(ctx, `SELECT class_id, user_id, via, at FROM enrolments WHERE user_id = ? ORDER BY at`, userID)
}

func (db *DB) enrolments(ctx context.Context, q, arg string) ([]*lms.Enrolment, error) {
	rows, err := db.read.QueryContext(ctx, q, arg)
	if err != nil {
		return nil, translate("sqlite: enrolments", err)
	}
	defer rows.Close()
	out := []*lms.Enrolment{}
	for rows.Next() {
		var e lms.Enrolment
		var at int64
		if err := rows.Scan(&e.ClassID, &e.UserID, &e.Via, &at); err != nil {
			return nil, translate("sqlite: enrolments", err)
		}
		e.At = fromMS(at)
		out = append(out, &e)
	}
	return out, translate("sqlite: enrolments", rows.Err())
}

// MarkAttendance implements lms.CohortStore: an upsert that keeps the
// newest mark.
func (db *DB) MarkAttendance(ctx context.Context, a *lms.Attendance) error {
	_, err := db.write.ExecContext(ctx, `INSERT INTO attendance (class_id, session_id, user_id, present, marked_by, marked_at)
		VALUES (?,?,?,?,?,?) ON CONFLICT (class_id, session_id, user_id) DO UPDATE SET
		present = excluded.present, marked_by = excluded.marked_by, marked_at = excluded.marked_at
		WHERE excluded.marked_at >= attendance.marked_at`,
		a.ClassID, a.SessionID, a.UserID, a.Present, a.MarkedBy, ms(a.MarkedAt))
	return translate("sqlite: mark attendance", err)
}

// AttendanceOf implements lms.CohortStore.
func (db *DB) AttendanceOf(ctx context.Context, classID string) ([]*lms.Attendance, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT session_id, user_id, present, marked_by, marked_at FROM attendance WHERE class_id = ?`, classID)
	if err != nil {
		return nil, translate("sqlite: attendance", err)
	}
	defer rows.Close()
	out := []*lms.Attendance{}
	for rows.Next() {
		a := lms.Attendance{ClassID: classID}
		var at int64
		if err := rows.Scan(&a.SessionID, &a.UserID, &a.Present, &a.MarkedBy, &at); err != nil {
			return nil, translate("sqlite: attendance", err)
		}
		a.MarkedAt = fromMS(at)
		out = append(out, &a)
	}
	return out, translate("sqlite: attendance", rows.Err())
}

// LogActivity implements lms.CohortStore.
func (db *DB) LogActivity(ctx context.Context, a *lms.Activity) (bool, error) {
	data, err := json.Marshal(a)
	if err != nil {
		return false, lms.Internal("sqlite: encode activity", err)
	}
	res, err := db.write.ExecContext(ctx, `INSERT INTO activities (id, trainer_id, unit_code, kind, date, created_at, data)
		VALUES (?,?,?,?,?,?,?) ON CONFLICT DO NOTHING`, a.ID, a.TrainerID, a.UnitCode, a.Kind, ms(a.Date), ms(a.CreatedAt), string(data))
	if err != nil {
		return false, translate("sqlite: log activity", err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// ActivitiesByTrainer implements lms.CohortStore.
func (db *DB) ActivitiesByTrainer(ctx context.Context, trainerID string) ([]*lms.Activity, error) {
	return jsonRows[lms.Activity](ctx, db, "activities", `SELECT data FROM activities WHERE trainer_id = ? ORDER BY created_at DESC`, trainerID)
}
