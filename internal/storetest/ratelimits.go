package storetest

import (
	"testing"
	"time"

	"github.com/hocvuso/hocvuso/internal/lms"
)

func testRateLimits(t *testing.T, open Opener) {
	s, c := open(t), ctx(t)
	window := 15 * time.Minute
	// Windows near now: on MongoDB a TTL monitor may delete counters whose
	// window ended long ago, in the middle of the test.
	start := lms.WindowStart(time.Now().UTC(), window)
	for i := 1; i <= 3; i++ {
		rc, err := s.HitRate(c, "login:phone:+84912345678", window, start.Add(time.Duration(i)*time.Minute))
		mustNil(t, err)
		if rc.Count != i || !rc.ResetAt.Equal(start.Add(window)) {
			t.Fatalf("hit %d: got %+v", i, rc)
		}
	}
	rc, err := s.PeekRate(c, "login:phone:+84912345678", window, start.Add(5*time.Minute))
	mustNil(t, err)
	if rc.Count != 3 {
		t.Fatalf("peek = %+v, want 3", rc)
	}
	// Another key counts separately; an unknown key peeks as zero.
	rc, err = s.PeekRate(c, "login:ip:127.0.0.1", window, start)
	mustNil(t, err)
	if rc.Count != 0 || !rc.ResetAt.Equal(start.Add(window)) {
		t.Fatalf("fresh peek = %+v", rc)
	}
	// The next window starts again from one.
	rc, err = s.HitRate(c, "login:phone:+84912345678", window, start.Add(window+time.Second))
	mustNil(t, err)
	if rc.Count != 1 {
		t.Fatalf("next window = %+v, want 1", rc)
	}
}
