package storetest

import (
	"testing"
	"time"

	"github.com/hocvuso/hocvuso/internal/lms"
)

func newSession(userID string, now time.Time) *lms.Session {
	return &lms.Session{TokenHash: RandomID() + RandomID(), UserID: userID,
		CreatedAt: now, ExpiresAt: now.Add(time.Hour)}
}

func testSessions(t *testing.T, open Opener) {
	now := time.Now().UTC().Truncate(time.Millisecond)
	t.Run("CreateReadExtendDelete", func(t *testing.T) {
		s, c := open(t), ctx(t)
		ss := newSession("u1", now)
		mustNil(t, s.CreateSession(c, ss))
		wantCode(t, s.CreateSession(c, ss), lms.ECONFLICT)
		got, err := s.SessionByTokenHash(c, ss.TokenHash, now)
		mustNil(t, err)
		if got.UserID != "u1" || !got.ExpiresAt.Equal(ss.ExpiresAt) || !got.CreatedAt.Equal(now) {
			t.Fatalf("got %+v, want %+v", got, ss)
		}
		// Expired at now+2h until extended.
		_, err = s.SessionByTokenHash(c, ss.TokenHash, now.Add(2*time.Hour))
		wantCode(t, err, lms.ENOTFOUND)
		mustNil(t, s.ExtendSession(c, ss.TokenHash, now.Add(3*time.Hour)))
		got, err = s.SessionByTokenHash(c, ss.TokenHash, now.Add(2*time.Hour))
		mustNil(t, err)
		if !got.ExpiresAt.Equal(now.Add(3 * time.Hour)) {
			t.Fatalf("expiry = %v", got.ExpiresAt)
		}
		mustNil(t, s.DeleteSession(c, ss.TokenHash))
		mustNil(t, s.DeleteSession(c, ss.TokenHash)) // idempotent
		_, err = s.SessionByTokenHash(c, ss.TokenHash, now)
		wantCode(t, err, lms.ENOTFOUND)
		wantCode(t, s.ExtendSession(c, ss.TokenHash, now.Add(time.Hour)), lms.ENOTFOUND)
	})
	t.Run("DeleteUserSessions", func(t *testing.T) {
		s, c := open(t), ctx(t)
		a1, a2, b := newSession("a", now), newSession("a", now), newSession("b", now)
		for _, ss := range []*lms.Session{a1, a2, b} {
			mustNil(t, s.CreateSession(c, ss))
		}
		n, err := s.DeleteUserSessions(c, "a")
		mustNil(t, err)
		if n != 2 {
			t.Fatalf("deleted %d, want 2", n)
		}
		_, err = s.SessionByTokenHash(c, a1.TokenHash, now)
		wantCode(t, err, lms.ENOTFOUND)
		_, err = s.SessionByTokenHash(c, b.TokenHash, now)
		mustNil(t, err)
	})
}
