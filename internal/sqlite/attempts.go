package sqlite

import (
	"context"
	"encoding/json"

	"github.com/hocvuso/hocvuso/internal/lms"
)

// CreateAttempt implements lms.AttemptStore.
func (db *DB) CreateAttempt(ctx context.Context, a *lms.Attempt) error {
	a.Rev = 0
	data, err := json.Marshal(a)
	if err != nil {
		return lms.Internal("sqlite: encode attempt", err)
	}
	_, err = db.write.ExecContext(ctx, `INSERT INTO attempts (id, user_id, quiz_id, course_slug, status, rev, started_at, data)
		VALUES (?,?,?,?,?,0,?,?)`, a.ID, a.UserID, a.QuizID, a.CourseSlug, a.Status, ms(a.StartedAt), string(data))
	return translate("sqlite: create attempt", err)
}

// AttemptByID implements lms.AttemptStore.
func (db *DB) AttemptByID(ctx context.Context, id string) (*lms.Attempt, error) {
	var data []byte
	if err := db.read.QueryRowContext(ctx, `SELECT data FROM attempts WHERE id = ?`, id).Scan(&data); err != nil {
		return nil, translate("sqlite: attempt", err)
	}
	return decodeAttempt(data)
}

// AttemptsByUser implements lms.AttemptStore.
func (db *DB) AttemptsByUser(ctx context.Context, userID string) ([]*lms.Attempt, error) {
	return db.attempts(ctx, "sqlite: attempts by user", `SELECT data FROM attempts WHERE user_id = ? ORDER BY started_at`, userID)
}

// AttemptsByUserQuiz implements lms.AttemptStore.
func (db *DB) AttemptsByUserQuiz(ctx context.Context, userID, quizID string) ([]*lms.Attempt, error) {
	return db.attempts(ctx, "sqlite: attempts by user and quiz",
		`SELECT data FROM attempts WHERE user_id = ? AND quiz_id = ? ORDER BY started_at`, userID, quizID)
}

// AttemptsByQuiz implements lms.AttemptStore.
func (db *DB) AttemptsByQuiz(ctx context.Context, quizID string) ([]*lms.Attempt, error) {
	return db.attempts(ctx, "sqlite: attempts by quiz", `SELECT data FROM attempts WHERE quiz_id = ? AND status = ?`, quizID, lms.AttemptSubmitted)
}

func (db *DB) attempts(ctx context.Context, op, query string, args ...any) ([]*lms.Attempt, error) {
	rows, err := db.read.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, translate(op, err)
	}
	defer rows.Close()
	out := []*lms.Attempt{}
	for rows.Next() {
		var data []byte
		if err := rows.Scan(&data); err != nil {
			return nil, translate(op, err)
		}
		a, err := decodeAttempt(data)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, translate(op, rows.Err())
}

// UpdateAttempt implements lms.AttemptStore: one conditional UPDATE.
func (db *DB) UpdateAttempt(ctx context.Context, a *lms.Attempt, rev int) error {
	a.Rev = rev + 1
	data, err := json.Marshal(a)
	if err != nil {
		a.Rev = rev
		return lms.Internal("sqlite: encode attempt", err)
	}
	res, err := db.write.ExecContext(ctx, `UPDATE attempts SET status = ?, rev = ?, data = ? WHERE id = ? AND rev = ?`,
		a.Status, a.Rev, string(data), a.ID, rev)
	if err != nil {
		a.Rev = rev
		return translate("sqlite: update attempt", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		a.Rev = rev
		return &lms.Error{Code: lms.ECONFLICT, Op: "sqlite: update attempt",
			Message: lms.Text{VI: "Bài làm vừa được thay đổi ở nơi khác.", EN: "The attempt was changed elsewhere."}}
	}
	return nil
}

func decodeAttempt(data []byte) (*lms.Attempt, error) {
	var a lms.Attempt
	if err := json.Unmarshal(data, &a); err != nil {
		return nil, lms.Internal("sqlite: decode attempt", err)
	}
	return &a, nil
}

// PutCalibration implements lms.AttemptStore.
func (db *DB) PutCalibration(ctx context.Context, c *lms.Calibration) error {
	_, err := db.write.ExecContext(ctx, `INSERT INTO item_calibrations (item_id, difficulty, responses, updated_at) VALUES (?,?,?,?)
		ON CONFLICT (item_id) DO UPDATE SET difficulty = excluded.difficulty, responses = excluded.responses, updated_at = excluded.updated_at`,
		c.ItemID, c.Difficulty, c.Responses, ms(c.UpdatedAt))
	return translate("sqlite: put calibration", err)
}

// Calibrations implements lms.AttemptStore.
func (db *DB) Calibrations(ctx context.Context) (map[string]*lms.Calibration, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT item_id, difficulty, responses, updated_at FROM item_calibrations`)
	if err != nil {
		return nil, translate("sqlite: calibrations", err)
	}
	defer rows.Close()
	out := map[string]*lms.Calibration{}
	for rows.Next() {
		var c lms.Calibration
		var updated int64
		if err := rows.Scan(&c.ItemID, &c.Difficulty, &c.Responses, &updated); err != nil {
			return nil, translate("sqlite: calibrations", err)
		}
		c.UpdatedAt = fromMS(updated)
		out[c.ItemID] = &c
	}
	return out, translate("sqlite: calibrations", rows.Err())
}
