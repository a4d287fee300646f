// Package storetest is the contract every storage adapter must honour. An
// adapter's tests call Run with a function that opens a fresh, empty store;
// the same cases then run against SQLite, FerretDB and real MongoDB.
package storetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"testing"
	"time"

	"github.com/hocvuso/hocvuso/internal/lms"
)

// Opener returns a new, empty store; the adapter's test registers its
// cleanup with tb.Cleanup.
type Opener func(tb testing.TB) lms.Store

// Run runs the whole contract suite.
func Run(t *testing.T, open Opener) {
	t.Run("Users", func(t *testing.T) { testUsers(t, open) })
	t.Run("Sessions", func(t *testing.T) { testSessions(t, open) })
	t.Run("RateLimits", func(t *testing.T) { testRateLimits(t, open) })
	t.Run("Audit", func(t *testing.T) { testAudit(t, open) })
	t.Run("Concurrency", func(t *testing.T) { testConcurrency(t, open) })
	t.Run("Content", func(t *testing.T) { testContent(t, open) })
	t.Run("Progress", func(t *testing.T) { testProgress(t, open) })
	t.Run("Attempts", func(t *testing.T) { testAttempts(t, open) })
	t.Run("Cohort", func(t *testing.T) { testCohort(t, open) })
	t.Run("Certificates", func(t *testing.T) { testCertificates(t, open) })
	t.Run("Campaign", func(t *testing.T) { testCampaign(t, open) })
	t.Run("Targets", func(t *testing.T) { testTargets(t, open) })
	t.Run("LearnerRecords", func(t *testing.T) { testLearnerRecords(t, open) })
	t.Run("Rollup", func(t *testing.T) { testRollup(t, open) })
	t.Run("CampaignRollup", func(t *testing.T) { testCampaignRollup(t, open) })
}

func ctx(tb testing.TB) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	tb.Cleanup(cancel)
	return c
}

// RandomID returns a random hex id for fixtures.
func RandomID() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// NewUser returns a valid learner fixture with a unique phone.
func NewUser() *lms.User {
	now := time.Now().UTC().Truncate(time.Millisecond)
	id := RandomID()
	return &lms.User{
		ID:         id,
		Phone:      "+8491" + id[:7],
		Name:       "Nguyễn Thị Hoa",
		BirthYear:  1958,
		Gender:     lms.GenderFemale,
		Ethnicity:  "kinh",
		UnitCode:   "06970",
		Role:       lms.RoleLearner,
		SecretHash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA",
		CreatedAt:  now,
		UpdatedAt:  now,
	}
}

func wantCode(tb testing.TB, err error, code string) {
	tb.Helper()
	if got := lms.ErrorCode(err); got != code {
		tb.Fatalf("error code = %q (%v), want %q", got, err, code)
	}
}

func mustNil(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}
