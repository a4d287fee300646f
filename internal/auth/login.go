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
// failures, or the client MaxClientAttempts attempts, in the window. The
// counters live in the database, so every instance enforces one limit.
func (s *Service) Login(ctx context.Context, in LoginInput, client string) (*lms.User, string, error) {
	now := s.now()
	w := s.cfg.LoginWindow
	rc, err := s.store.HitRate(ctx, "login:client:"+client, w, now)
	if err != nil {
		return nil, "", err
	}
	if rc.Count > s.cfg.MaxClientAttempts {
		return nil, "", tooMany(rc.ResetAt.Sub(now))
	}
	canonical, ok := phone.Normalize(in.Phone)
	if !ok || in.Password == "" || len(in.Password) > 256 {
		return nil, "", wrongCredentials()
	}
	phoneKey := "login:phone:" + canonical
	if rc, err = s.store.PeekRate(ctx, phoneKey, w, now); err != nil {
		return nil, "", err
	}
	if rc.Count >= s.cfg.MaxPhoneFailures {
		return nil, "", tooMany(rc.ResetAt.Sub(now))
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
		if _, err := s.store.HitRate(ctx, phoneKey, w, now); err != nil {
			return nil, "", err
		}
		return nil, "", wrongCredentials()
	}
	token, err := s.openSession(ctx, u.ID)
	if err != nil {
		return nil, "", err
	}
	return u, token, nil
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
