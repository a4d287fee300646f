package storetest

import (
	"testing"
	"time"

	"github.com/hocvuso/hocvuso/internal/lms"
)

func testAudit(t *testing.T, open Opener) {
	s, c := open(t), ctx(t)
	base := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for i := 0; i < 3; i++ {
		mustNil(t, s.AppendAudit(c, &lms.AuditEntry{ID: RandomID(), At: base.Add(time.Duration(i) * time.Minute),
			Action: "user.create", Target: "user-" + string(rune('a'+i)), UnitCode: "22", Detail: "role=official"}))
	}
	got, err := s.ListAudit(c, 2)
	mustNil(t, err)
	if len(got) != 2 || got[0].Target != "user-c" || got[1].Target != "user-b" || !got[0].At.Equal(base.Add(2*time.Minute)) {
		t.Fatalf("got %+v", got)
	}
	if got[0].Action != "user.create" || got[0].UnitCode != "22" || got[0].Detail != "role=official" {
		t.Fatalf("fields lost: %+v", got[0])
	}
}
