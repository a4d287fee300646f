package auth

import (
	"context"
	"fmt"
	"time"

	"github.com/hocvuso/hocvuso/internal/lms"
	"github.com/hocvuso/hocvuso/internal/phone"
)

// LoginInput is a sign-in with a phone and a password or PIN.
type LoginInput struct {
	Phone    string `json:"phone"`
	Password string `json:"password"`
}

// Login checks the credentials and opens a session. client identifies the
// caller's network address for the per-client limit. It returns the user
// and the session token to give the client (shown once, stored hashed).
//
// EUNAUTHORIZED for a wrong phone or secret (the message does not say
// which); ETOOMANY with RetryAfter once the phone has had MaxPhoneFailures
// failures, or the client MaxClientFailures, in the window. The counters
// live in the database, so every instance enforces one limit.
func (s *Service) Login(ctx context.Context, in LoginInput, client string) (*lms.User, string, error) {
	now := s.now()
	clientKey := "login:client:" + client
	if err := s.checkLimit(ctx, clientKey, s.cfg.MaxClientFailures, now); err != nil {
		return nil, "", err
	}
	canonical, ok := phone.Normalize(in.Phone)
	if !ok || in.Password == "" || len(in.Password) > 256 {
		return nil, "", s.failed(ctx, now, clientKey)
	}
	phoneKey := "login:phone:" + canonical
	if err := s.checkLimit(ctx, phoneKey, s.cfg.MaxPhoneFailures, now); err != nil {
		return nil, "", err
	}
	u, err := s.store.UserByPhone(ctx, canonical)
	hash := s.dummyHash
	switch lms.ErrorCode(err) {
	case "":
		hash = u.SecretHash
	case lms.ENOTFOUND:
	default:
		return nil, "", err
	}
	match, verr := s.hasher.Verify(ctx, hash, in.Password)
	if verr != nil {
		return nil, "", lms.Internal("auth: verify secret", verr)
	}
	if err != nil || !match {
		return nil, "", s.failed(ctx, now, clientKey, phoneKey)
	}
	token, err := s.openSession(ctx, u.ID)
	if err != nil {
		return nil, "", err
	}
	return u, token, nil
}

// checkLimit refuses when key has had max failures in the current window.
func (s *Service) checkLimit(ctx context.Context, key string, max int, now time.Time) error {
	rc, err := s.store.PeekRate(ctx, key, s.cfg.LoginWindow, now)
	if err != nil {
		return err
	}
	if rc.Count >= max {
		return tooMany(rc.ResetAt.Sub(now))
	}
	return nil
}

// failed counts a failed sign-in against each key and returns the error
// to show. Only failures count: a class of learners signing in behind one
// commune router must not lock each other out.
func (s *Service) failed(ctx context.Context, now time.Time, keys ...string) error {
	for _, k := range keys {
		if _, err := s.store.HitRate(ctx, k, s.cfg.LoginWindow, now); err != nil {
			return err
		}
	}
	return wrongCredentials()
}

func wrongCredentials() *lms.Error {
	return lms.Errorf(lms.EUNAUTHORIZED,
		"Số điện thoại hoặc mật khẩu không đúng.", "The phone number or password is wrong.")
}

func tooMany(wait time.Duration) *lms.Error {
	mins := int((wait + time.Minute - 1) / time.Minute)
	e := lms.Errorf(lms.ETOOMANY,
		fmt.Sprintf("Bạn đã thử quá nhiều lần. Vui lòng thử lại sau %d phút.", mins),
		fmt.Sprintf("Too many attempts. Please try again in %d minutes.", mins))
	e.RetryAfter = wait
	return e
}
