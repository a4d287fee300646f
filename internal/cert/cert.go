// Package cert issues course certificates: once per learner and course,
// automatically when the completion rule is met; as a printable PDF with a
// QR code, and as an Open Badges 3.0 credential signed with the issuer's
// Ed25519 key (VC-JWT) that anyone can verify from the published keys;
// revocable through a Bitstring Status List.
package cert

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"math/big"
	"strings"
	"sync"
	"time"

	"github.com/hocvuso/hocvuso/internal/cert/certpdf"
	"github.com/hocvuso/hocvuso/internal/cert/credential"
	"github.com/hocvuso/hocvuso/internal/learning"
	"github.com/hocvuso/hocvuso/internal/lms"
	"github.com/hocvuso/hocvuso/internal/units"
)

// Service issues, verifies and revokes certificates.
type Service struct {
	store    lms.Store
	learning *learning.Service
	units    *units.Registry
	pdf      *certpdf.Renderer
	baseURL  string // public URL of the site, as verifiers reach it
	now      func() time.Time

	mu   sync.Mutex // guards keys
	keys []issuerKey
}

// issuerKey is a signing key and when it was retired (zero: active).
type issuerKey struct {
	credential.Key
	retired time.Time
}

// NewService returns a Service publishing under baseURL (for example
// https://hocvuso.quangninh.gov.vn). It loads the issuer keys, creating the
// first on first start.
func NewService(ctx context.Context, store lms.Store, l *learning.Service, u *units.Registry, baseURL string, now func() time.Time) (*Service, error) {
	r, err := certpdf.NewRenderer()
	if err != nil {
		return nil, err
	}
	s := &Service{store: store, learning: l, units: u, pdf: r, baseURL: strings.TrimRight(baseURL, "/"), now: now}
	if err := s.loadKeys(ctx); err != nil {
		return nil, err
	}
	if s.activeKey() == nil {
		if _, err := s.RotateKey(ctx); err != nil {
			return nil, err
		}
	}
	return s, nil
}

func (s *Service) clock() time.Time { return s.now().UTC().Truncate(time.Millisecond) }

// BaseURL is where the site is published.
func (s *Service) BaseURL() string { return s.baseURL }

// Issuer is the issuing organisation as credentials name it: a did:web of
// the site's host, so verifiers find its keys at /.well-known/did.json.
func (s *Service) Issuer() credential.Issuer {
	host := strings.TrimPrefix(strings.TrimPrefix(s.baseURL, "https://"), "http://")
	return credential.Issuer{ID: "did:web:" + strings.ReplaceAll(host, ":", "%3A"), Name: "Bình dân học vụ số — hocvuso", URL: s.baseURL}
}

func (s *Service) loadKeys(ctx context.Context) error {
	stored, err := s.store.SigningKeys(ctx)
	if err != nil {
		return err
	}
	var keys []issuerKey
	for _, k := range stored {
		keys = append(keys, issuerKey{Key: credential.Key{ID: k.ID, Private: ed25519.NewKeyFromSeed(k.Private), Public: ed25519.PublicKey(k.Public),
			Created: k.CreatedAt}, retired: k.RetiredAt})
	}
	s.mu.Lock()
	s.keys = keys
	s.mu.Unlock()
	return nil
}

// activeKey is the newest key not retired.
func (s *Service) activeKey() *credential.Key {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := len(s.keys) - 1; i >= 0; i-- {
		if s.keys[i].retired.IsZero() {
			k := s.keys[i].Key
			return &k
		}
	}
	return nil
}

// Keys are every key, retired ones included: what verifiers need.
func (s *Service) Keys() []credential.Key {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]credential.Key, len(s.keys))
	for i, k := range s.keys {
		out[i] = k.Key
	}
	return out
}

// RotateKey retires the active key (it stays published, so credentials it
// signed still verify) and starts signing with a new one.
func (s *Service) RotateKey(ctx context.Context) (*credential.Key, error) {
	now := s.clock()
	if old := s.activeKey(); old != nil {
		if err := s.store.PutSigningKey(ctx, &lms.SigningKey{ID: old.ID, Private: old.Private.Seed(), Public: old.Public,
			CreatedAt: old.Created, RetiredAt: now}); err != nil {
			return nil, err
		}
	}
	k, err := credential.NewKey(now)
	if err != nil {
		return nil, lms.Internal("cert: new key", err)
	}
	if err := s.store.PutSigningKey(ctx, &lms.SigningKey{ID: k.ID, Private: k.Private.Seed(), Public: k.Public, CreatedAt: now}); err != nil {
		return nil, err
	}
	if err := s.loadKeys(ctx); err != nil {
		return nil, err
	}
	return &k, nil
}

// codeAlphabet avoids letters and digits people confuse when reading a
// code off paper.
const codeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

func randomCode() string {
	b := make([]byte, 10)
	for i := range b {
		n, _ := rand.Int(rand.Reader, big.NewInt(int64(len(codeAlphabet))))
		b[i] = codeAlphabet[n.Int64()]
	}
	return string(b)
}

// randomIndex picks a status-list position at random, so a certificate's
// position says nothing about when or to whom it was issued.
func randomIndex() int {
	n, _ := rand.Int(rand.Reader, big.NewInt(credential.StatusListSize))
	return int(n.Int64())
}

func errNoCertificate() *lms.Error {
	return lms.Errorf(lms.ENOTFOUND, "Không có chứng nhận nào với mã này.", "There is no certificate with this code.")
}

// normaliseCode accepts a code as people type it.
func normaliseCode(code string) string {
	return strings.ToUpper(strings.Join(strings.Fields(code), ""))
}
