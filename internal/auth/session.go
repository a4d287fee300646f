package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"time"

	"github.com/hocvuso/hocvuso/internal/lms"
)

// extendAfter is how stale a session's expiry may get before a request
// moves it: sliding expiry with at most one write a day per session.
const extendAfter = 24 * time.Hour

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

func (s *Service) openSession(ctx context.Context, userID string) (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", lms.Internal("auth: session token", err)
	}
	token := base64.RawURLEncoding.EncodeToString(b)
	now := s.now()
	err := s.store.CreateSession(ctx, &lms.Session{TokenHash: hashToken(token), UserID: userID,
		CreatedAt: now, ExpiresAt: now.Add(s.cfg.SessionTTL)})
	if err != nil {
		return "", err
	}
	return token, nil
}

// Authenticate returns the user a session token belongs to, sliding the
// session's expiry forward. EUNAUTHORIZED for an unknown, expired or
// revoked token.
func (s *Service) Authenticate(ctx context.Context, token string) (*lms.User, error) {
	if token == "" || len(token) > 128 {
		return nil, errSignInRequired()
	}
	now := s.now()
	sess, err := s.store.SessionByTokenHash(ctx, hashToken(token), now)
	if lms.ErrorCode(err) == lms.ENOTFOUND {
		return nil, errSignInRequired()
	} else if err != nil {
		return nil, err
	}
	if fresh := now.Add(s.cfg.SessionTTL); fresh.Sub(sess.ExpiresAt) > extendAfter {
		if err := s.store.ExtendSession(ctx, sess.TokenHash, fresh); err != nil && lms.ErrorCode(err) != lms.ENOTFOUND {
			return nil, err
		}
	}
	u, err := s.store.UserByID(ctx, sess.UserID)
	if lms.ErrorCode(err) == lms.ENOTFOUND {
		return nil, errSignInRequired()
	}
	return u, err
}

// Logout revokes the session of token. Signing out twice is not an error.
func (s *Service) Logout(ctx context.Context, token string) error {
	if token == "" {
		return nil
	}
	return s.store.DeleteSession(ctx, hashToken(token))
}

// SessionTTL is how long an idle session lasts; the web layer sets the
// cookie's lifetime from it.
func (s *Service) SessionTTL() time.Duration { return s.cfg.SessionTTL }
