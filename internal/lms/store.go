package lms

import (
	"context"
	"time"
)

// UserStore keeps accounts.
type UserStore interface {
	// CreateUser stores a new user. ECONFLICT if the phone or ID is taken.
	CreateUser(ctx context.Context, u *User) error
	// UserByID returns the user. ENOTFOUND if there is none.
	UserByID(ctx context.Context, id string) (*User, error)
	// UserByPhone finds a user by canonical phone. ENOTFOUND if none.
	UserByPhone(ctx context.Context, phone string) (*User, error)
	// UpdateUser replaces the stored user's mutable fields (phone, name,
	// birth year, gender, ethnicity, unit, role, secret hash, assisted,
	// prefs, UpdatedAt). ENOTFOUND if the user does not exist; ECONFLICT if the
	// new phone belongs to another user.
	UpdateUser(ctx context.Context, u *User) error
	// UsersInUnits lists the users with the role whose home unit is one of
	// unitCodes (communes), ordered by ID: what reports count.
	UsersInUnits(ctx context.Context, role Role, unitCodes []string) ([]*User, error)
}

// SessionStore keeps signed-in sessions.
type SessionStore interface {
	// CreateSession stores s. ECONFLICT if the token hash exists.
	CreateSession(ctx context.Context, s *Session) error
	// SessionByTokenHash returns an unexpired session at now. ENOTFOUND if
	// none exists or it has expired.
	SessionByTokenHash(ctx context.Context, tokenHash string, now time.Time) (*Session, error)
	// ExtendSession moves the session's expiry to expiresAt. ENOTFOUND if
	// it no longer exists.
	ExtendSession(ctx context.Context, tokenHash string, expiresAt time.Time) error
	// DeleteSession removes one session; deleting a missing one is not an
	// error, so sign-out is idempotent.
	DeleteSession(ctx context.Context, tokenHash string) error
	// DeleteUserSessions removes every session of a user (after a secret
	// change) and returns how many there were.
	DeleteUserSessions(ctx context.Context, userID string) (int, error)
}

// RateLimitStore keeps fixed-window counters in the database so that every
// instance of a scaled-out deployment counts against the same limit.
type RateLimitStore interface {
	// HitRate adds one to the counter of key in the window of length
	// window that contains now, and returns the new count.
	HitRate(ctx context.Context, key string, window time.Duration, now time.Time) (RateCount, error)
	// PeekRate returns the counter of key in the window containing now
	// without changing it.
	PeekRate(ctx context.Context, key string, window time.Duration, now time.Time) (RateCount, error)
}

// AuditStore keeps the audit log of administrative actions.
type AuditStore interface {
	// AppendAudit stores one entry.
	AppendAudit(ctx context.Context, e *AuditEntry) error
	// ListAudit returns up to limit entries, newest first.
	ListAudit(ctx context.Context, limit int) ([]*AuditEntry, error)
}

// Store is everything a storage adapter provides.
type Store interface {
	UserStore
	SessionStore
	RateLimitStore
	AuditStore
	ContentStore
	ProgressStore
	AttemptStore
	CohortStore
	CertificateStore
	CampaignStore
	TargetStore
	ReportStore
	RollupStore
	// Ping reports whether the database answers; /readyz uses it.
	Ping(ctx context.Context) error
	// Close releases the database cleanly.
	Close() error
}

// WindowStart returns the start of the fixed window of length window that
// contains t. Adapters use it so that every instance computes the same
// window for the same instant.
func WindowStart(t time.Time, window time.Duration) time.Time {
	return t.Truncate(window)
}
