package storetest

import (
	"sync"
	"testing"
	"time"

	"github.com/hocvuso/hocvuso/internal/lms"
)

// testConcurrency checks the guarantees several server instances rely on:
// a phone registered at once from many requests yields one account, and
// rate-limit hits from many requests are all counted.
func testConcurrency(t *testing.T, open Opener) {
	s, c := open(t), ctx(t)
	const n = 16
	phone := NewUser().Phone
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			u := NewUser()
			u.Phone = phone
			errs[i] = s.CreateUser(c, u)
		}(i)
	}
	wg.Wait()
	created := 0
	for _, err := range errs {
		switch lms.ErrorCode(err) {
		case "":
			created++
		case lms.ECONFLICT:
		default:
			t.Fatalf("unexpected error: %v", err)
		}
	}
	if created != 1 {
		t.Fatalf("%d accounts created for one phone, want 1", created)
	}

	now := time.Now()
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := s.HitRate(c, "concurrent", time.Hour, now); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	rc, err := s.PeekRate(c, "concurrent", time.Hour, now)
	mustNil(t, err)
	if rc.Count != n {
		t.Fatalf("count = %d, want %d", rc.Count, n)
	}
}
