package lms

import (
	"context"
	"time"
)

// Certificate is issued once when a learner completes a course. Code is
// what the verification page and the QR code use.
type Certificate struct {
	Code         string // 10 characters, unique
	UserID       string
	CourseSlug   string
	LearnerName  string // as it was at issue
	UnitCode     string // the issuing unit: the learner's commune
	IssuedAt     time.Time
	StatusIndex  int    // the certificate's bit in the revocation status list
	Credential   string // the signed Open Badges 3.0 credential (VC-JWT)
	KeyID        string
	RevokedAt    time.Time
	RevokedBy    string
	RevokeReason string
}

// Revoked reports whether the certificate was revoked.
func (c *Certificate) Revoked() bool { return !c.RevokedAt.IsZero() }

// SigningKey is an Ed25519 issuer key. Retired keys stay published so
// credentials they signed still verify.
type SigningKey struct {
	ID        string
	Private   []byte // seed of the private key; never leaves the server
	Public    []byte
	CreatedAt time.Time
	RetiredAt time.Time
}

// CertificateStore keeps certificates and issuer keys.
type CertificateStore interface {
	// IssueCertificate stores c unless the learner already has a
	// certificate for the course: then it returns that one and
	// created=false. ECONFLICT if c's code or status index is taken
	// (the caller draws new ones and tries again).
	IssueCertificate(ctx context.Context, c *Certificate) (stored *Certificate, created bool, err error)
	// CertificateByCode returns a certificate. ENOTFOUND if none.
	CertificateByCode(ctx context.Context, code string) (*Certificate, error)
	// CertificatesByUser lists a learner's certificates.
	CertificatesByUser(ctx context.Context, userID string) ([]*Certificate, error)
	// RevokeCertificate marks a certificate revoked, once. ENOTFOUND if
	// unknown; ECONFLICT if already revoked.
	RevokeCertificate(ctx context.Context, code string, at time.Time, by, reason string) error
	// RevokedIndexes lists the status indexes of revoked certificates.
	RevokedIndexes(ctx context.Context) ([]int, error)
	// PutSigningKey stores a key, or updates its retirement.
	PutSigningKey(ctx context.Context, k *SigningKey) error
	// SigningKeys lists every key, oldest first.
	SigningKeys(ctx context.Context) ([]*SigningKey, error)
}
