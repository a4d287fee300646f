package storetest

import (
	"sync"
	"testing"
	"time"

	"github.com/hocvuso/hocvuso/internal/lms"
)

func newCert(code, user, course string, index int, now time.Time) *lms.Certificate {
	return &lms.Certificate{Code: code, UserID: user, CourseSlug: course, LearnerName: "Nguyễn Thị Hoà", UnitCode: "06970",
		IssuedAt: now, StatusIndex: index, Credential: "eyJhbGciOiJFZERTQSJ9.e30.sig", KeyID: "k1"}
}

func testCertificates(t *testing.T, open Opener) {
	now := time.Now().UTC().Truncate(time.Millisecond)
	t.Run("IssueOnce", func(t *testing.T) {
		s, c := open(t), ctx(t)
		first := newCert("HV7K2Q9MXD", "u1", "smartphone", 42, now)
		stored, created, err := s.IssueCertificate(c, first)
		mustNil(t, err)
		if !created || stored.Code != first.Code {
			t.Fatalf("first issue: %v %+v", created, stored)
		}
		// A second completion of the same course returns the first.
		stored, created, err = s.IssueCertificate(c, newCert("OTHERCODE1", "u1", "smartphone", 43, now))
		mustNil(t, err)
		if created || stored.Code != "HV7K2Q9MXD" || stored.StatusIndex != 42 {
			t.Fatalf("second issue: %v %+v", created, stored)
		}
		// A taken code or status index conflicts.
		_, _, err = s.IssueCertificate(c, newCert("HV7K2Q9MXD", "u2", "smartphone", 44, now))
		wantCode(t, err, lms.ECONFLICT)
		_, _, err = s.IssueCertificate(c, newCert("NEWCODE123", "u2", "smartphone", 42, now))
		wantCode(t, err, lms.ECONFLICT)
		got, err := s.CertificateByCode(c, "HV7K2Q9MXD")
		mustNil(t, err)
		if got.LearnerName != "Nguyễn Thị Hoà" || !got.IssuedAt.Equal(now) || got.Credential == "" || got.Revoked() {
			t.Fatalf("read back %+v", got)
		}
		_, err = s.CertificateByCode(c, "NOPE")
		wantCode(t, err, lms.ENOTFOUND)
		mine, err := s.CertificatesByUser(c, "u1")
		mustNil(t, err)
		if len(mine) != 1 {
			t.Fatalf("%d certificates", len(mine))
		}
	})
	t.Run("ConcurrentCompletionsIssueOne", func(t *testing.T) {
		s, c := open(t), ctx(t)
		var wg sync.WaitGroup
		codes := make(chan string, 10)
		for i := range 10 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				stored, _, err := s.IssueCertificate(c, newCert("CODE00000"+string(rune('0'+i)), "u9", "ai-basics", 100+i, now))
				if err != nil {
					t.Error(err)
					return
				}
				codes <- stored.Code
			}()
		}
		wg.Wait()
		close(codes)
		seen := map[string]bool{}
		for code := range codes {
			seen[code] = true
		}
		mine, _ := s.CertificatesByUser(c, "u9")
		if len(seen) != 1 || len(mine) != 1 {
			t.Fatalf("one completion yielded %d certificates (%d codes returned)", len(mine), len(seen))
		}
	})
	t.Run("Revoke", func(t *testing.T) {
		s, c := open(t), ctx(t)
		s.IssueCertificate(c, newCert("REVOKEME01", "u1", "smartphone", 7, now))
		s.IssueCertificate(c, newCert("KEEPME0001", "u2", "smartphone", 8, now))
		mustNil(t, s.RevokeCertificate(c, "REVOKEME01", now.Add(time.Hour), "official-1", "Cấp nhầm người"))
		wantCode(t, s.RevokeCertificate(c, "REVOKEME01", now.Add(2*time.Hour), "official-1", "again"), lms.ECONFLICT)
		wantCode(t, s.RevokeCertificate(c, "NOPE", now, "x", "y"), lms.ENOTFOUND)
		got, _ := s.CertificateByCode(c, "REVOKEME01")
		if !got.Revoked() || got.RevokeReason != "Cấp nhầm người" || !got.RevokedAt.Equal(now.Add(time.Hour)) {
			t.Fatalf("revoked %+v", got)
		}
		idx, err := s.RevokedIndexes(c)
		mustNil(t, err)
		if len(idx) != 1 || idx[0] != 7 {
			t.Fatalf("revoked indexes %v", idx)
		}
	})
	t.Run("Keys", func(t *testing.T) {
		s, c := open(t), ctx(t)
		mustNil(t, s.PutSigningKey(c, &lms.SigningKey{ID: "k1", Private: []byte{1, 2}, Public: []byte{3, 4}, CreatedAt: now}))
		mustNil(t, s.PutSigningKey(c, &lms.SigningKey{ID: "k2", Private: []byte{5}, Public: []byte{6}, CreatedAt: now.Add(time.Hour)}))
		mustNil(t, s.PutSigningKey(c, &lms.SigningKey{ID: "k1", Private: []byte{1, 2}, Public: []byte{3, 4}, CreatedAt: now, RetiredAt: now.Add(time.Hour)}))
		keys, err := s.SigningKeys(c)
		mustNil(t, err)
		if len(keys) != 2 || keys[0].ID != "k1" || keys[0].RetiredAt.IsZero() || keys[1].RetiredAt.IsZero() == false || string(keys[0].Public) != "\x03\x04" {
			t.Fatalf("keys %+v", keys)
		}
	})
}
