package cert

import (
	"context"
	"strings"
	"time"

	"github.com/hocvuso/hocvuso/internal/cert/credential"
	"github.com/hocvuso/hocvuso/internal/lms"
)

// Status of a certificate, as the public verification page states it.
const (
	StatusValid   = "valid"
	StatusRevoked = "revoked"
)

// Public is what anyone may see of a certificate: the name (masked when
// asked), the course, the date, the issuing unit, and whether it holds.
type Public struct {
	Code       string
	Status     string
	Name       string
	CourseSlug string
	Course     lms.Text
	IssuedAt   time.Time
	Issuer     lms.Text // the issuing unit
	RevokedAt  time.Time
	Reason     string
}

// Lookup returns a certificate's public view. Its signed credential is
// verified too, so a database row edited by hand is never shown as valid.
// ENOTFOUND for an unknown or malformed code.
func (s *Service) Lookup(ctx context.Context, code string, masked bool) (*Public, *lms.Certificate, error) {
	code = normaliseCode(code)
	if len(code) != 10 {
		return nil, nil, errNoCertificate()
	}
	c, err := s.store.CertificateByCode(ctx, code)
	if err != nil {
		return nil, nil, errNoCertificate()
	}
	if _, err := credential.Verify(c.Credential, s.Keys(), s.clock()); err != nil {
		return nil, nil, lms.Internal("cert: stored credential does not verify", err)
	}
	p := &Public{Code: c.Code, Status: StatusValid, Name: c.LearnerName, CourseSlug: c.CourseSlug, IssuedAt: c.IssuedAt,
		Issuer: lms.Text{VI: s.units.FullName(c.UnitCode, "vi"), EN: s.units.FullName(c.UnitCode, "en")}}
	if course, ok := s.learning.Catalog().Course(c.CourseSlug); ok {
		p.Course = course.Title
	}
	if masked {
		p.Name = MaskName(c.LearnerName)
	}
	if c.Revoked() {
		p.Status, p.RevokedAt, p.Reason = StatusRevoked, c.RevokedAt, c.RevokeReason
	}
	return p, c, nil
}

// MaskName keeps the given name and initials of the rest: "Nguyễn Thị
// Hoà" → "N. T. Hoà", enough to recognise, not enough to find the person.
func MaskName(name string) string {
	parts := splitName(name)
	if len(parts) < 2 {
		return name
	}
	out := ""
	for _, p := range parts[:len(parts)-1] {
		r := []rune(p)
		out += string(r[0]) + ". "
	}
	return out + parts[len(parts)-1]
}

func splitName(name string) []string { return strings.Fields(name) }

// Revoke withdraws a certificate. Officials and admins of the issuing
// unit (or its province) may; everyone else gets not-found. A reason is
// required; it is shown on the verification page.
func (s *Service) Revoke(ctx context.Context, actor *lms.User, code, reason string) error {
	c, err := s.store.CertificateByCode(ctx, normaliseCode(code))
	if err != nil {
		return errNoCertificate()
	}
	if (actor.Role != lms.RoleOfficial && actor.Role != lms.RoleAdmin) || !s.units.Contains(actor.UnitCode, c.UnitCode) {
		return errNoCertificate()
	}
	if len([]rune(reason)) < 5 || len(reason) > 500 {
		return lms.Errorf(lms.EINVALID, "Hãy ghi lý do thu hồi (từ 5 ký tự).", "Give the reason for revoking (at least 5 characters).")
	}
	return s.store.RevokeCertificate(ctx, c.Code, s.clock(), actor.ID, reason)
}

// Mine lists a learner's certificates.
func (s *Service) Mine(ctx context.Context, u *lms.User) ([]*lms.Certificate, error) {
	return s.store.CertificatesByUser(ctx, u.ID)
}

// StatusList is the signed Bitstring Status List credential (VC-JWT)
// with the bits of every revoked certificate set.
func (s *Service) StatusList(ctx context.Context) (string, error) {
	revoked, err := s.store.RevokedIndexes(ctx)
	if err != nil {
		return "", err
	}
	enc, err := credential.EncodeStatusList(credential.StatusListSize, revoked)
	if err != nil {
		return "", lms.Internal("cert: status list", err)
	}
	key := s.activeKey()
	jwt, err := credential.Sign(credential.StatusListCredential(s.baseURL, s.Issuer(), enc, s.clock()), *key)
	if err != nil {
		return "", lms.Internal("cert: sign status list", err)
	}
	return jwt, nil
}

// JWKS publishes every issuer key, retired ones included.
func (s *Service) JWKS() map[string]any { return credential.JWKS(s.Keys()) }

// DIDDocument is the issuer's did:web document.
func (s *Service) DIDDocument() map[string]any {
	return credential.DIDDocument(s.Issuer().ID, s.Keys())
}

// VerifyCredential checks a credential (VC-JWT) against keys — the
// published keys, or this server's — and returns the certificate code it
// names.
func VerifyCredential(token string, keys []credential.Key, now time.Time) (map[string]any, error) {
	return credential.Verify(strings.TrimSpace(token), keys, now)
}
