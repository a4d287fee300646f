package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hocvuso/hocvuso/internal/cert/credential"
)

// TestCertVerifyOffline verifies a credential with "hocvuso cert verify"
// against a saved copy of the published keys, and refuses a changed one.
func TestCertVerifyOffline(t *testing.T) {
	key, err := credential.NewKey(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	iss := credential.Issuer{ID: "did:web:hocvuso.example.vn", Name: "hocvuso", URL: "https://hocvuso.example.vn"}
	sub := credential.Subject{Code: "HV7K2Q9MXD", Name: "Lò Văn Páo", IssuedAt: time.Now().Add(-time.Hour), Lang: "vi",
		Achievement: credential.Achievement{ID: "https://hocvuso.example.vn/courses/smartphone", Name: "Dùng điện thoại thông minh", Criteria: "Hoàn thành mọi bài học."}}
	jwt, err := credential.Sign(credential.Build("https://hocvuso.example.vn", iss, sub, 42), key)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	jwks, _ := json.Marshal(credential.JWKS([]credential.Key{key}))
	os.WriteFile(filepath.Join(dir, "jwks.json"), jwks, 0o644)
	os.WriteFile(filepath.Join(dir, "good.jwt"), []byte(jwt+"\n"), 0o644)
	parts := strings.Split(jwt, ".")
	tampered := parts[0] + "." + parts[1][:10] + flip(parts[1][10]) + parts[1][11:] + "." + parts[2]
	os.WriteFile(filepath.Join(dir, "bad.jwt"), []byte(tampered), 0o644)

	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"cert", "verify", "--jwks", filepath.Join(dir, "jwks.json"), filepath.Join(dir, "good.jwt")}, &out, &errOut); err != nil {
		t.Fatalf("a good credential: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "VALID") || !strings.Contains(out.String(), "Lò Văn Páo") {
		t.Fatalf("output: %s", out.String())
	}
	out.Reset()
	if err := run(context.Background(), []string{"cert", "verify", "--jwks", filepath.Join(dir, "jwks.json"), filepath.Join(dir, "bad.jwt")}, &out, &errOut); err == nil || !strings.Contains(out.String(), "NOT VALID") {
		t.Fatalf("a changed credential passed: %v %s", err, out.String())
	}
}

func flip(c byte) string {
	if c == 'A' {
		return "B"
	}
	return "A"
}
