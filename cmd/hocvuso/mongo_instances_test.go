package main

import (
	"sync"
	"testing"
)

// TestTwoInstancesShareDevMongo runs cmd/devmongo and two hocvuso
// processes on different ports against it, as a scaled-out deployment
// would: a token issued by one instance works on the other, sign-out on
// one is seen by the other, and the sign-in rate limit counts across both.
func TestTwoInstancesShareDevMongo(t *testing.T) {
	if testing.Short() {
		t.Skip("starts real server processes")
	}
	devmongo := buildBinary(t, "../devmongo")
	hocvuso := buildBinary(t, ".")
	mongoAddr := freeAddr(t)
	startProcess(t, devmongo, tcpReady(mongoAddr), "--addr", mongoAddr, "--dir", t.TempDir())
	uri := "mongodb://" + mongoAddr + "/hocvuso_e2e"

	var a, b *apiClient
	var wg sync.WaitGroup
	for _, c := range []**apiClient{&a, &b} {
		addr := freeAddr(t)
		*c = newAPIClient(addr)
		wg.Add(1)
		go func() {
			defer wg.Done()
			startProcess(t, hocvuso, httpReady("http://"+addr+"/readyz"),
				"serve", "--addr", addr, "--db", uri, "--log-level", "error")
		}()
	}
	wg.Wait()

	reg := newRegistration(7)
	if status, err := a.do("POST", "/api/v1/auth/register", "", reg, nil); err != nil || status != 201 {
		t.Fatalf("register on A: %d %v", status, err)
	}
	// The phone is taken on B too.
	if status, _ := b.do("POST", "/api/v1/auth/register", "", reg, nil); status != 409 {
		t.Fatalf("duplicate register on B: %d, want 409", status)
	}
	token := a.login(t, reg.Phone, reg.Password)
	var me meJSON
	if status, err := b.do("GET", "/api/v1/me", token, nil, &me); err != nil || status != 200 || me.Name != reg.Name {
		t.Fatalf("A's token on B: %d %+v %v", status, me, err)
	}
	if status, _ := b.do("POST", "/api/v1/auth/logout", token, nil, nil); status != 204 {
		t.Fatalf("logout on B: %d", status)
	}
	if status, _ := a.do("GET", "/api/v1/me", token, nil, nil); status != 401 {
		t.Fatalf("token revoked on B still works on A: %d", status)
	}

	// Five wrong PINs, alternating between the instances, lock the phone
	// on both: the counters live in the database.
	wrong := map[string]string{"phone": reg.Phone, "password": "000001"}
	for i := 0; i < 5; i++ {
		c := []*apiClient{a, b}[i%2]
		if status, _ := c.do("POST", "/api/v1/auth/login", "", wrong, nil); status != 401 {
			t.Fatalf("wrong PIN %d: %d, want 401", i, status)
		}
	}
	right := map[string]string{"phone": reg.Phone, "password": reg.Password}
	for name, c := range map[string]*apiClient{"A": a, "B": b} {
		var body struct {
			Error struct {
				Code       string `json:"code"`
				RetryAfter int    `json:"retry_after_seconds"`
			} `json:"error"`
		}
		status, _ := c.do("POST", "/api/v1/auth/login", "", right, &body)
		if status != 429 || body.Error.Code != "too_many" || body.Error.RetryAfter <= 0 {
			t.Fatalf("instance %s after 5 failures: %d %+v, want 429 with a retry time", name, status, body)
		}
	}
}
