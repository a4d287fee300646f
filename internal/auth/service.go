// Package auth is accounts and sign-in: registration with a Vietnamese
// mobile number, passwords and PINs hashed with argon2id, server-side
// sessions, rate limits on sign-in, and who may see whose account.
package auth

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"time"

	"github.com/hocvuso/hocvuso/internal/lms"
	"github.com/hocvuso/hocvuso/internal/units"
	"github.com/hocvuso/hocvuso/internal/validation"
)

// Config holds the policy knobs; zero values take the defaults.
type Config struct {
	SessionTTL        time.Duration // idle time after which a session ends; default 30 days
	LoginWindow       time.Duration // rate-limit window; default 15 minutes
	MaxPhoneFailures  int           // failed sign-ins per phone per window; default 5
	MaxClientFailures int           // failed sign-ins per client address per window; default 50
	Now               func() time.Time
}

func (c Config) withDefaults() Config {
	if c.SessionTTL == 0 {
		c.SessionTTL = 30 * 24 * time.Hour
	}
	if c.LoginWindow == 0 {
		c.LoginWindow = 15 * time.Minute
	}
	if c.MaxPhoneFailures == 0 {
		c.MaxPhoneFailures = 5
	}
	if c.MaxClientFailures == 0 {
		c.MaxClientFailures = 50
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return c
}

// Service implements accounts and sessions over an lms.Store.
type Service struct {
	store    lms.Store
	hasher   *Hasher
	validate *validation.Validator
	units    *units.Registry
	cfg      Config
	// dummyHash is verified against when a phone is unknown, so that a
	// wrong phone and a wrong password take the same time.
	dummyHash string
}

// NewService returns a Service. It hashes one throw-away secret to prepare
// the timing-equaliser, so it takes as long as one sign-in.
func NewService(ctx context.Context, store lms.Store, hasher *Hasher, v *validation.Validator, u *units.Registry, cfg Config) (*Service, error) {
	s := &Service{store: store, hasher: hasher, validate: v, units: u, cfg: cfg.withDefaults()}
	h, err := hasher.Hash(ctx, "hocvuso-timing-equaliser")
	if err != nil {
		return nil, err
	}
	s.dummyHash = h
	return s, nil
}

// NewID returns a random identifier for a new record.
func NewID() string {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return hex.EncodeToString(b)
}

// now is the service clock at the millisecond precision both stores keep.
func (s *Service) now() time.Time { return s.cfg.Now().UTC().Truncate(time.Millisecond) }

// errSignInRequired is returned for a missing, expired or revoked session.
func errSignInRequired() *lms.Error {
	return lms.Errorf(lms.EUNAUTHORIZED, "Vui lòng đăng nhập.", "Please sign in.")
}

func errNotFound() *lms.Error {
	return lms.Errorf(lms.ENOTFOUND, "Không tìm thấy.", "Not found.")
}
