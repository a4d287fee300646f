package main

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"
)

// TestUserCreateBootstrapsAnOfficial creates a province official from the
// command line, then checks through the API what that official may see:
// learners of the province with masked phones, nobody elsewhere.
func TestUserCreateBootstrapsAnOfficial(t *testing.T) {
	data := t.TempDir()
	var out, errOut bytes.Buffer
	err := run(context.Background(), []string{"user", "create", "--data", data, "--log-level", "error",
		"--role", "official", "--unit", "22", "--phone", "0933 111 222", "--name", "Trần Văn Quảng"}, &out, &errOut)
	if err != nil {
		t.Fatalf("%v\n%s", err, errOut.String())
	}
	pw := regexp.MustCompile(`initial password: (\S+)`).FindStringSubmatch(out.String())
	if !strings.Contains(out.String(), "Tỉnh Quảng Ninh") || pw == nil {
		t.Fatalf("output: %s", out.String())
	}

	// Bad input is refused with the flag named, and creates nothing.
	err = run(context.Background(), []string{"user", "create", "--data", data, "--log-level", "error",
		"--role", "official", "--unit", "999", "--phone", "0933 111 333", "--name", "X Y"}, &out, &errOut)
	if err == nil || !strings.Contains(err.Error(), "--unit") {
		t.Fatalf("bad unit: %v", err)
	}

	m := startMain(t, Config{DataDir: data})
	c := newAPIClient(m.Addr())
	official := c.login(t, "0933111222", pw[1])
	inProvince, elsewhere := newRegistration(1), newRegistration(2)
	elsewhere.UnitCode = "00004" // Ba Đình, Hà Nội
	ids := map[string]string{}
	for _, r := range []registration{inProvince, elsewhere} {
		var u meJSON
		if status, err := c.do("POST", "/api/v1/auth/register", "", r, &u); err != nil || status != 201 {
			t.Fatalf("register: %d %v", status, err)
		}
		ids[r.UnitCode] = u.ID
	}
	var seen meJSON
	if status, _ := c.do("GET", "/api/v1/users/"+ids["06970"], official, nil, &seen); status != 200 || seen.Phone != "091****001" {
		t.Fatalf("official sees province learner: %d %+v, want the phone masked", status, seen)
	}
	if status, _ := c.do("GET", "/api/v1/users/"+ids["00004"], official, nil, nil); status != 404 {
		t.Fatalf("official sees a learner of another province: %d, want 404", status)
	}
	learner := c.login(t, inProvince.Phone, inProvince.Password)
	if status, _ := c.do("GET", "/api/v1/users/"+ids["00004"], learner, nil, nil); status != 404 {
		t.Fatalf("a learner reads another learner: %d, want 404", status)
	}
}
