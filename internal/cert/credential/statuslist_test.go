package credential

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"errors"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestStatusListRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	revoked := map[int]bool{0: true, 7: true, 8: true, 12345: true, 94567: true, StatusListSize - 1: true}
	for len(revoked) < 200 {
		revoked[rng.IntN(StatusListSize)] = true
	}
	var list []int
	for i := range revoked {
		list = append(list, i)
	}
	list = append(list, 12345) // a repeat is harmless

	enc, err := EncodeStatusList(StatusListSize, list)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(enc, "u") {
		t.Fatalf("encodedList %q… lacks the multibase base64url prefix u", enc[:10])
	}
	// By hand, as a third-party verifier would: base64url (no padding),
	// gunzip, 16 KiB.
	gz, err := base64.RawURLEncoding.Strict().DecodeString(enc[1:])
	if err != nil {
		t.Fatalf("not base64url without padding: %v", err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatalf("not GZIP: %v", err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if len(raw) != 16384 {
		t.Fatalf("the bitstring is %d bytes, want 16384", len(raw))
	}
	// Index 0 is the left-most bit of the first byte; 7 its right-most; 8
	// the left-most of the second; the last index the last bit.
	if raw[0] != 0x81 || raw[1]&0x80 == 0 || raw[len(raw)-1]&0x01 == 0 {
		t.Errorf("bit order: first bytes %08b %08b, last %08b", raw[0], raw[1], raw[len(raw)-1])
	}

	bits, err := DecodeStatusList(enc)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(bits, raw) {
		t.Fatal("DecodeStatusList differs from a plain gunzip")
	}
	set := 0
	for i := 0; i < StatusListSize; i++ {
		on := bits[i/8]&(0x80>>(i%8)) != 0
		if on != revoked[i] {
			t.Fatalf("bit %d = %v, want %v", i, on, revoked[i])
		}
		if on {
			set++
		}
	}
	if set != len(revoked) {
		t.Fatalf("%d bits set, want %d", set, len(revoked))
	}
	// StatusAt: true exactly at the revoked indexes (all of them, and
	// their neighbours and a sample of the rest).
	probe := map[int]bool{}
	for i := range revoked {
		probe[i] = true
		if i > 0 {
			probe[i-1] = true
		}
		if i < StatusListSize-1 {
			probe[i+1] = true
		}
	}
	for len(probe) < 2000 {
		probe[rng.IntN(StatusListSize)] = true
	}
	for i := range probe {
		got, err := StatusAt(enc, i)
		if err != nil {
			t.Fatal(err)
		}
		if got != revoked[i] {
			t.Fatalf("StatusAt(%d) = %v, want %v", i, got, revoked[i])
		}
	}

	// An empty list is all zeros and compresses well.
	empty, err := EncodeStatusList(StatusListSize, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(empty) > 200 {
		t.Errorf("an empty list encodes to %d characters", len(empty))
	}
	if on, err := StatusAt(empty, 0); err != nil || on {
		t.Errorf("empty list: %v, %v", on, err)
	}
	// Larger lists work too.
	big, err := EncodeStatusList(2*StatusListSize, []int{2*StatusListSize - 1})
	if err != nil {
		t.Fatal(err)
	}
	if on, err := StatusAt(big, 2*StatusListSize-1); err != nil || !on {
		t.Errorf("large list: %v, %v", on, err)
	}
}

func TestStatusListErrors(t *testing.T) {
	for _, size := range []int{0, 8, StatusListSize - 8, StatusListSize + 1} {
		if _, err := EncodeStatusList(size, nil); !errors.Is(err, ErrStatusList) {
			t.Errorf("size %d: %v", size, err)
		}
	}
	for _, i := range []int{-1, StatusListSize} {
		if _, err := EncodeStatusList(StatusListSize, []int{i}); !errors.Is(err, ErrStatusIndex) {
			t.Errorf("revoked %d: %v", i, err)
		}
	}
	enc, err := EncodeStatusList(StatusListSize, []int{1})
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range []int{-1, StatusListSize} {
		if _, err := StatusAt(enc, i); !errors.Is(err, ErrStatusIndex) {
			t.Errorf("StatusAt(%d): %v", i, err)
		}
	}
	short := func() string {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		zw.Write(make([]byte, 1024))
		zw.Close()
		return "u" + base64.RawURLEncoding.EncodeToString(buf.Bytes())
	}()
	for name, bad := range map[string]string{
		"no prefix":      enc[1:],
		"base58 prefix":  "z" + enc[1:],
		"padding":        enc + "==",
		"not gzip":       "u" + base64.RawURLEncoding.EncodeToString([]byte("not gzip at all")),
		"truncated gzip": enc[:len(enc)/2],
		"under 16KB":     short,
		"empty":          "",
	} {
		if _, err := StatusAt(bad, 0); !errors.Is(err, ErrStatusList) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestStatusListCredential(t *testing.T) {
	k := newKey(t, testNow)
	enc, err := EncodeStatusList(StatusListSize, []int{94567})
	if err != nil {
		t.Fatal(err)
	}
	slc := StatusListCredential(testBase+"/", testIssuer(), enc, testNow)
	tok, err := Sign(slc, k)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Verify(tok, []Key{k}, testNow)
	if err != nil {
		t.Fatal(err)
	}
	if !hasType(got["type"], "BitstringStatusListCredential") || !hasType(got["type"], "VerifiableCredential") {
		t.Errorf("type = %v", got["type"])
	}
	if got["validFrom"] != "2026-05-04T10:30:15Z" || got["issuer"] != "did:web:hocvuso.example.vn" {
		t.Errorf("validFrom %v, issuer %v", got["validFrom"], got["issuer"])
	}
	if sub := decodeSegment(t, strings.Split(tok, ".")[1])["sub"]; sub != testBase+"/api/v1/status/1#list" {
		t.Errorf("sub = %v", sub)
	}
	subject := got["credentialSubject"].(map[string]any)
	if subject["type"] != "BitstringStatusList" || subject["statusPurpose"] != "revocation" {
		t.Errorf("credentialSubject = %v", subject)
	}
	// The certificate's entry points at this list, and its bit is set.
	cert := Build(testBase, testIssuer(), testSubject(), 94567)
	entry := cert["credentialStatus"].(map[string]any)
	if entry["statusListCredential"] != got["id"] {
		t.Errorf("entry points at %v, the list is %v", entry["statusListCredential"], got["id"])
	}
	if entry["statusPurpose"] != subject["statusPurpose"] {
		t.Errorf("purposes differ: %v, %v", entry["statusPurpose"], subject["statusPurpose"])
	}
	if on, err := StatusAt(subject["encodedList"].(string), 94567); err != nil || !on {
		t.Errorf("StatusAt = %v, %v", on, err)
	}
}
