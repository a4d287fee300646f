package sqlite

import (
	"context"
	"database/sql"
	"time"

	"github.com/hocvuso/hocvuso/internal/lms"
)

// CreateSession implements lms.SessionStore.
func (db *DB) CreateSession(ctx context.Context, s *lms.Session) error {
	_, err := db.write.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?,?,?,?)`,
		s.TokenHash, s.UserID, ms(s.CreatedAt), ms(s.ExpiresAt))
	return translate("sqlite: create session", err)
}

// SessionByTokenHash implements lms.SessionStore.
func (db *DB) SessionByTokenHash(ctx context.Context, tokenHash string, now time.Time) (*lms.Session, error) {
	var s lms.Session
	var created, expires int64
	err := db.read.QueryRowContext(ctx, `SELECT token_hash, user_id, created_at, expires_at FROM sessions
		WHERE token_hash = ? AND expires_at > ?`, tokenHash, ms(now)).Scan(&s.TokenHash, &s.UserID, &created, &expires)
	if err != nil {
		return nil, translate("sqlite: session", err)
	}
	s.CreatedAt, s.ExpiresAt = fromMS(created), fromMS(expires)
	return &s, nil
}

// ExtendSession implements lms.SessionStore.
func (db *DB) ExtendSession(ctx context.Context, tokenHash string, expiresAt time.Time) error {
	res, err := db.write.ExecContext(ctx, `UPDATE sessions SET expires_at = ? WHERE token_hash = ?`, ms(expiresAt), tokenHash)
	if err != nil {
		return translate("sqlite: extend session", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return translate("sqlite: extend session", sql.ErrNoRows)
	}
	return nil
}

// DeleteSession implements lms.SessionStore.
func (db *DB) DeleteSession(ctx context.Context, tokenHash string) error {
	_, err := db.write.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = ?`, tokenHash)
	return translate("sqlite: delete session", err)
}

// DeleteUserSessions implements lms.SessionStore.
func (db *DB) DeleteUserSessions(ctx context.Context, userID string) (int, error) {
	res, err := db.write.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, userID)
	if err != nil {
		return 0, translate("sqlite: delete user sessions", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}
