package credential

import (
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"errors"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"
)

func newKey(t testing.TB, created time.Time) Key {
	t.Helper()
	k, err := NewKey(created)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func signed(t testing.TB, k Key) (map[string]any, string) {
	t.Helper()
	cred := Build(testBase, testIssuer(), testSubject(), 94567)
	tok, err := Sign(cred, k)
	if err != nil {
		t.Fatal(err)
	}
	return cred, tok
}

func decodeSegment(t testing.TB, seg string) map[string]any {
	t.Helper()
	b, err := base64.RawURLEncoding.DecodeString(seg)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// encodeSegment encodes as Sign does (map keys sorted, no HTML escaping),
// so an unchanged payload re-encodes to the same bytes.
func encodeSegment(t testing.TB, v any) string {
	t.Helper()
	b, err := marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// signRaw signs any header and payload, to make validly signed tokens
// whose contents are wrong.
func signRaw(t testing.TB, header map[string]any, payload any, k Key) string {
	t.Helper()
	s := encodeSegment(t, header) + "." + encodeSegment(t, payload)
	return s + "." + base64.RawURLEncoding.EncodeToString(ed25519.Sign(k.Private, []byte(s)))
}

func TestSignVerifyRoundTrip(t *testing.T) {
	k := newKey(t, testNow)
	cred, tok := signed(t, k)

	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		t.Fatalf("not a compact JWS: %q", tok)
	}
	h := decodeSegment(t, parts[0])
	wantHeader := map[string]any{"alg": "EdDSA", "kid": "did:web:hocvuso.example.vn#" + k.ID, "typ": "JWT"}
	if !reflect.DeepEqual(h, wantHeader) {
		t.Errorf("JOSE header %v, want %v", h, wantHeader)
	}
	p := decodeSegment(t, parts[1])
	if p["iss"] != "did:web:hocvuso.example.vn" || p["jti"] != testBase+"/api/v1/certificates/7KQ2M9XHPA" ||
		p["nbf"] != float64(testNow.Truncate(time.Second).Unix()) {
		t.Errorf("claims iss=%v jti=%v nbf=%v", p["iss"], p["jti"], p["nbf"])
	}
	for _, absent := range []string{"sub", "exp", "vc", "iat"} {
		if _, ok := p[absent]; ok {
			t.Errorf("payload has %q", absent)
		}
	}
	if p["credentialSubject"] == nil || p["@context"] == nil {
		t.Error("the payload is not the credential itself")
	}

	for _, at := range []time.Time{testNow, testNow.Truncate(time.Second), testNow.Add(10 * 365 * 24 * time.Hour)} {
		got, err := Verify(tok, []Key{k}, at)
		if err != nil {
			t.Fatalf("Verify at %v: %v", at, err)
		}
		if !reflect.DeepEqual(got, normalize(t, cred)) {
			t.Fatalf("Verify returned\n%v\nwant\n%v", got, normalize(t, cred))
		}
	}
	// The public part alone is enough, and so is a key with only its
	// private part.
	if _, err := Verify(tok, []Key{{ID: k.ID, Public: k.Public}}, testNow); err != nil {
		t.Errorf("public key only: %v", err)
	}
	if _, err := Verify(tok, []Key{{ID: k.ID, Private: k.Private}}, testNow); err != nil {
		t.Errorf("private key only: %v", err)
	}
	// Surrounding white space (a pasted token) is fine.
	if _, err := Verify(" "+tok+"\n", []Key{k}, testNow); err != nil {
		t.Errorf("padded token: %v", err)
	}
}

// mutate returns a different value of the same kind.
func mutate(v any) any {
	switch x := v.(type) {
	case string:
		return x + "x"
	case float64:
		return x + 1
	case bool:
		return !x
	case []any:
		return append(append([]any{}, x...), "x")
	case map[string]any:
		m := map[string]any{"x": "x"}
		for k, e := range x {
			m[k] = e
		}
		return m
	case nil:
		return "x"
	}
	panic("unexpected JSON value")
}

func TestTamperingWithAnyFieldFails(t *testing.T) {
	k := newKey(t, testNow)
	_, tok := signed(t, k)
	parts := strings.Split(tok, ".")
	payload := decodeSegment(t, parts[1])

	check := func(t *testing.T, p map[string]any) {
		t.Helper()
		forged := parts[0] + "." + encodeSegment(t, p) + "." + parts[2]
		_, err := Verify(forged, []Key{k}, testNow)
		if !errors.Is(err, ErrTampered) {
			t.Fatalf("Verify = %v, want ErrTampered", err)
		}
	}
	clone := func() map[string]any { return normalize(t, payload).(map[string]any) }

	// The payload re-encoded unchanged still verifies: the test changes
	// only what it says it changes.
	if _, err := Verify(parts[0]+"."+encodeSegment(t, clone())+"."+parts[2], []Key{k}, testNow); err != nil {
		t.Fatalf("re-encoding the same payload: %v", err)
	}

	names := make([]string, 0, len(payload))
	for name := range payload {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		t.Run("change "+name, func(t *testing.T) {
			p := clone()
			p[name] = mutate(p[name])
			check(t, p)
		})
		t.Run("remove "+name, func(t *testing.T) {
			p := clone()
			delete(p, name)
			check(t, p)
		})
	}
	subject := payload["credentialSubject"].(map[string]any)
	for name := range subject {
		t.Run("change credentialSubject."+name, func(t *testing.T) {
			p := clone()
			s := p["credentialSubject"].(map[string]any)
			s[name] = mutate(s[name])
			check(t, p)
		})
	}
	t.Run("change the learner's name", func(t *testing.T) {
		p := clone()
		p["credentialSubject"].(map[string]any)["identifier"].([]any)[0].(map[string]any)["identityHash"] = "Trần Văn Nam"
		check(t, p)
	})
	t.Run("change the course name", func(t *testing.T) {
		p := clone()
		p["credentialSubject"].(map[string]any)["achievement"].(map[string]any)["name"] = "Khóa học khác"
		check(t, p)
	})
	t.Run("add a field", func(t *testing.T) {
		p := clone()
		p["validUntil"] = "2030-01-01T00:00:00Z"
		check(t, p)
	})
	t.Run("change the header", func(t *testing.T) {
		h := decodeSegment(t, parts[0])
		h["x"] = "y"
		_, err := Verify(encodeSegment(t, h)+"."+parts[1]+"."+parts[2], []Key{k}, testNow)
		if !errors.Is(err, ErrTampered) {
			t.Fatalf("Verify = %v, want ErrTampered", err)
		}
	})
}

func TestFlippedSignatureFails(t *testing.T) {
	k := newKey(t, testNow)
	_, tok := signed(t, k)
	parts := strings.Split(tok, ".")
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil {
		t.Fatal(err)
	}
	for i := range sig {
		for _, bit := range []byte{0x01, 0x80} {
			bad := append([]byte{}, sig...)
			bad[i] ^= bit
			_, err := Verify(parts[0]+"."+parts[1]+"."+base64.RawURLEncoding.EncodeToString(bad), []Key{k}, testNow)
			if !errors.Is(err, ErrTampered) {
				t.Fatalf("signature byte %d ^ %#x: Verify = %v, want ErrTampered", i, bit, err)
			}
		}
	}
	// Changing any character of the token's text fails too, whatever the
	// reason given.
	for i := 0; i < len(tok); i++ {
		if tok[i] == '.' {
			continue
		}
		c := byte('A')
		if tok[i] == 'A' {
			c = 'B'
		}
		bad := tok[:i] + string(c) + tok[i+1:]
		if _, err := Verify(bad, []Key{k}, testNow); err == nil {
			t.Fatalf("changing character %d of the token still verifies", i)
		}
	}
}

func TestOtherKeysFail(t *testing.T) {
	ours := newKey(t, testNow)
	theirs := newKey(t, testNow)
	_, tok := signed(t, theirs)

	if _, err := Verify(tok, []Key{ours}, testNow); !errors.Is(err, ErrUnknownKey) {
		t.Errorf("signed by another key: %v, want ErrUnknownKey", err)
	}
	if _, err := Verify(tok, nil, testNow); !errors.Is(err, ErrUnknownKey) {
		t.Errorf("no keys: %v, want ErrUnknownKey", err)
	}
	// Another key claiming our kid.
	impostor := Key{ID: ours.ID, Private: theirs.Private}
	_, forged := signed(t, impostor)
	if _, err := Verify(forged, []Key{ours}, testNow); !errors.Is(err, ErrTampered) {
		t.Errorf("another key under our kid: %v, want ErrTampered", err)
	}
	// A key of ours named under another issuer's DID.
	p := normalize(t, Build(testBase, testIssuer(), testSubject(), 1)).(map[string]any)
	p["iss"], p["jti"], p["nbf"] = "did:web:hocvuso.example.vn", p["id"], float64(testNow.Truncate(time.Second).Unix())
	tok2 := signRaw(t, map[string]any{"alg": "EdDSA", "kid": "did:web:evil.example#" + ours.ID, "typ": "JWT"}, p, ours)
	if _, err := Verify(tok2, []Key{ours}, testNow); !errors.Is(err, ErrUnknownKey) {
		t.Errorf("kid under another DID: %v, want ErrUnknownKey", err)
	}
}

func TestKeyRotationKeepsOldCredentialsValid(t *testing.T) {
	old := newKey(t, testNow.Add(-400*24*time.Hour))
	_, oldTok := signed(t, old)
	current := newKey(t, testNow)
	_, newTok := signed(t, current)

	all := []Key{old, current}
	for name, tok := range map[string]string{"old": oldTok, "new": newTok} {
		if _, err := Verify(tok, all, testNow); err != nil {
			t.Errorf("%s credential after rotation: %v", name, err)
		}
	}
	// Published keys (public parts only), as an offline verifier has them.
	published, err := ParseJWKS(mustJSON(t, JWKS(all)))
	if err != nil {
		t.Fatal(err)
	}
	for name, tok := range map[string]string{"old": oldTok, "new": newTok} {
		if _, err := Verify(tok, published, testNow); err != nil {
			t.Errorf("%s credential with the published keys: %v", name, err)
		}
	}
	// Dropping the old key from the list strands its credentials.
	if _, err := Verify(oldTok, []Key{current}, testNow); !errors.Is(err, ErrUnknownKey) {
		t.Errorf("old credential without the old key: %v, want ErrUnknownKey", err)
	}
}

func TestValidityPeriod(t *testing.T) {
	k := newKey(t, testNow)
	s := testSubject()
	s.IssuedAt = testNow.Add(time.Hour)
	tok, err := Sign(Build(testBase, testIssuer(), s, 3), k)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Verify(tok, []Key{k}, testNow)
	if !errors.Is(err, ErrNotYetValid) || !errors.Is(err, ErrValidity) {
		t.Errorf("issued in an hour: %v, want ErrNotYetValid", err)
	}
	if _, err := Verify(tok, []Key{k}, s.IssuedAt.Add(-ClockSkew/2)); err != nil {
		t.Errorf("within the clock skew: %v", err)
	}

	cred := Build(testBase, testIssuer(), testSubject(), 3)
	cred["validUntil"] = testNow.Add(24 * time.Hour).Truncate(time.Second).Format(time.RFC3339)
	tok, err = Sign(cred, k)
	if err != nil {
		t.Fatal(err)
	}
	if p := decodeSegment(t, strings.Split(tok, ".")[1]); p["exp"] != float64(testNow.Add(24*time.Hour).Truncate(time.Second).Unix()) {
		t.Errorf("exp = %v", p["exp"])
	}
	if _, err := Verify(tok, []Key{k}, testNow); err != nil {
		t.Errorf("before validUntil: %v", err)
	}
	_, err = Verify(tok, []Key{k}, testNow.Add(25*time.Hour))
	if !errors.Is(err, ErrExpired) || !errors.Is(err, ErrValidity) {
		t.Errorf("after validUntil: %v, want ErrExpired", err)
	}
}

func TestMalformedTokens(t *testing.T) {
	k := newKey(t, testNow)
	_, tok := signed(t, k)
	parts := strings.Split(tok, ".")
	hdr := func(h map[string]any) string { return encodeSegment(t, h) + "." + parts[1] + "." + parts[2] }
	cases := map[string]string{
		"empty":            "",
		"two parts":        parts[0] + "." + parts[1],
		"four parts":       tok + ".x",
		"header not b64":   "@@." + parts[1] + "." + parts[2],
		"header not JSON":  base64.RawURLEncoding.EncodeToString([]byte("alg")) + "." + parts[1] + "." + parts[2],
		"alg none":         hdr(map[string]any{"alg": "none", "kid": k.ID}),
		"alg HS256":        hdr(map[string]any{"alg": "HS256", "kid": k.ID}),
		"typ other":        hdr(map[string]any{"alg": "EdDSA", "kid": k.ID, "typ": "at+jwt"}),
		"crit":             hdr(map[string]any{"alg": "EdDSA", "kid": k.ID, "crit": []string{"exp"}}),
		"signature short":  parts[0] + "." + parts[1] + "." + parts[2][:20],
		"signature absent": parts[0] + "." + parts[1] + ".",
	}
	for name, bad := range cases {
		if _, err := Verify(bad, []Key{k}, testNow); !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: %v, want ErrMalformed", name, err)
		}
	}
	noKid := hdr(map[string]any{"alg": "EdDSA", "typ": "JWT"})
	if _, err := Verify(noKid, []Key{k}, testNow); !errors.Is(err, ErrUnknownKey) {
		t.Errorf("no kid: %v, want ErrUnknownKey", err)
	}
}

func TestClaimsMustMatchTheCredential(t *testing.T) {
	k := newKey(t, testNow)
	header := map[string]any{"alg": "EdDSA", "kid": "did:web:hocvuso.example.vn#" + k.ID, "typ": "JWT"}
	good := func() map[string]any {
		p := normalize(t, Build(testBase, testIssuer(), testSubject(), 1)).(map[string]any)
		p["iss"], p["jti"], p["nbf"] = "did:web:hocvuso.example.vn", p["id"], float64(testNow.Truncate(time.Second).Unix())
		return p
	}
	if _, err := Verify(signRaw(t, header, good(), k), []Key{k}, testNow); err != nil {
		t.Fatalf("a well-formed hand-signed token: %v", err)
	}
	cases := map[string]func(p map[string]any){
		"iss differs":          func(p map[string]any) { p["iss"] = "did:web:other.example" },
		"iss missing":          func(p map[string]any) { delete(p, "iss") },
		"jti differs":          func(p map[string]any) { p["jti"] = testBase + "/api/v1/certificates/OTHER" },
		"nbf differs":          func(p map[string]any) { p["nbf"] = p["nbf"].(float64) - 1 },
		"nbf fractional":       func(p map[string]any) { p["nbf"] = p["nbf"].(float64) + 0.5 },
		"nbf a string":         func(p map[string]any) { p["nbf"] = "2026-05-04T10:30:15Z" },
		"sub without subject":  func(p map[string]any) { p["sub"] = "did:example:learner" },
		"exp without validity": func(p map[string]any) { p["exp"] = float64(testNow.Add(time.Hour).Unix()) },
		"subject id, no sub": func(p map[string]any) {
			p["credentialSubject"].(map[string]any)["id"] = "did:example:learner"
		},
	}
	for name, change := range cases {
		p := good()
		change(p)
		_, err := Verify(signRaw(t, header, p, k), []Key{k}, testNow)
		if !errors.Is(err, ErrClaims) || !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: %v, want ErrClaims", name, err)
		}
	}
	notVC := map[string]func(p map[string]any){
		"no VC context":  func(p map[string]any) { p["@context"] = []any{ContextOB303} },
		"not a VC":       func(p map[string]any) { p["type"] = []any{"OpenBadgeCredential"} },
		"no subject":     func(p map[string]any) { delete(p, "credentialSubject") },
		"no validFrom":   func(p map[string]any) { delete(p, "validFrom") },
		"no issuer":      func(p map[string]any) { delete(p, "issuer") },
		"no id":          func(p map[string]any) { delete(p, "id") },
		"payload array":  nil,
		"issuer no id":   func(p map[string]any) { p["issuer"] = map[string]any{"type": []any{"Profile"}} },
		"bad validUntil": func(p map[string]any) { p["validUntil"] = "soon" },
	}
	for name, change := range notVC {
		var tok string
		if change == nil {
			tok = signRaw(t, header, []any{1}, k)
		} else {
			p := good()
			change(p)
			tok = signRaw(t, header, p, k)
		}
		if _, err := Verify(tok, []Key{k}, testNow); !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: %v, want ErrMalformed", name, err)
		}
	}
}

func TestSignRefusals(t *testing.T) {
	k := newKey(t, testNow)
	cred := Build(testBase, testIssuer(), testSubject(), 1)
	if _, err := Sign(cred, Key{ID: k.ID, Public: k.Public}); !errors.Is(err, ErrNoPrivateKey) {
		t.Errorf("public key only: %v", err)
	}
	other := newKey(t, testNow)
	if _, err := Sign(cred, Key{ID: k.ID, Private: k.Private, Public: other.Public}); err == nil {
		t.Error("mismatched public part accepted")
	}
	if _, err := Sign(cred, Key{Private: k.Private}); err == nil {
		t.Error("key without id accepted")
	}
	frac := Build(testBase, testIssuer(), testSubject(), 1)
	frac["validFrom"] = "2026-05-04T10:30:15.5Z"
	if _, err := Sign(frac, k); !errors.Is(err, ErrMalformed) {
		t.Errorf("fractional validFrom: %v", err)
	}
	for _, field := range []string{"id", "issuer", "validFrom"} {
		c := Build(testBase, testIssuer(), testSubject(), 1)
		delete(c, field)
		if _, err := Sign(c, k); !errors.Is(err, ErrMalformed) {
			t.Errorf("no %s: %v", field, err)
		}
	}
	// A non-DID issuer gets the bare key id as kid.
	web := Build(testBase, Issuer{ID: testBase, Name: "hocvuso"}, testSubject(), 1)
	tok, err := Sign(web, k)
	if err != nil {
		t.Fatal(err)
	}
	if h := decodeSegment(t, strings.Split(tok, ".")[0]); h["kid"] != k.ID {
		t.Errorf("kid for an https issuer = %v", h["kid"])
	}
	if _, err := Verify(tok, []Key{k}, testNow); err != nil {
		t.Error(err)
	}
}

func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestJWKSRoundTrip(t *testing.T) {
	keys := []Key{newKey(t, testNow.Add(-time.Hour)), newKey(t, testNow)}
	data := mustJSON(t, JWKS(keys))
	if strings.Contains(string(data), `"d"`) {
		t.Fatalf("the JWKS leaks a private key: %s", data)
	}
	var set struct{ Keys []map[string]any }
	if err := json.Unmarshal(data, &set); err != nil {
		t.Fatal(err)
	}
	if len(set.Keys) != 2 {
		t.Fatalf("JWKS has %d keys", len(set.Keys))
	}
	for i, j := range set.Keys {
		want := map[string]any{"kty": "OKP", "crv": "Ed25519", "x": base64.RawURLEncoding.EncodeToString(keys[i].Public),
			"kid": keys[i].ID, "alg": "EdDSA", "use": "sig"}
		if !reflect.DeepEqual(j, want) {
			t.Errorf("JWK %d = %v, want %v", i, j, want)
		}
	}
	parsed, err := ParseJWKS(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(parsed) != 2 {
		t.Fatalf("ParseJWKS returned %d keys", len(parsed))
	}
	for i, p := range parsed {
		if p.ID != keys[i].ID || !p.Public.Equal(keys[i].Public) || p.Private != nil {
			t.Errorf("key %d: %+v", i, p)
		}
	}

	// Keys of other kinds are skipped; private material, bad x, missing
	// or repeated kids and an empty set are refused.
	x := base64.RawURLEncoding.EncodeToString(keys[0].Public)
	mixed := `{"keys":[{"kty":"RSA","n":"AQAB","e":"AQAB","kid":"r"},{"kty":"OKP","crv":"X25519","x":"` + x + `","kid":"e"},` +
		`{"kty":"OKP","crv":"Ed25519","x":"` + x + `","kid":"enc","use":"enc"},{"kty":"OKP","crv":"Ed25519","x":"` + x + `","kid":"k"}]}`
	if got, err := ParseJWKS([]byte(mixed)); err != nil || len(got) != 1 || got[0].ID != "k" {
		t.Errorf("mixed set: %v, %v", got, err)
	}
	d := base64.RawURLEncoding.EncodeToString(keys[0].Private.Seed())
	for name, bad := range map[string]string{
		"private":  `{"keys":[{"kty":"OKP","crv":"Ed25519","x":"` + x + `","d":"` + d + `","kid":"k"}]}`,
		"bad x":    `{"keys":[{"kty":"OKP","crv":"Ed25519","x":"AAAA","kid":"k"}]}`,
		"no kid":   `{"keys":[{"kty":"OKP","crv":"Ed25519","x":"` + x + `"}]}`,
		"two kids": `{"keys":[{"kty":"OKP","crv":"Ed25519","x":"` + x + `","kid":"k"},{"kty":"OKP","crv":"Ed25519","x":"` + x + `","kid":"k"}]}`,
		"empty":    `{"keys":[]}`,
		"not JSON": `keys`,
	} {
		if _, err := ParseJWKS([]byte(bad)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestDIDDocument(t *testing.T) {
	did := "did:web:hocvuso.example.vn"
	keys := []Key{newKey(t, testNow.Add(-time.Hour)), newKey(t, testNow)}
	doc := normalize(t, DIDDocument(did, keys)).(map[string]any)
	if doc["id"] != did {
		t.Errorf("id = %v", doc["id"])
	}
	if ctx := doc["@context"].([]any); len(ctx) == 0 || ctx[0] != "https://www.w3.org/ns/did/v1" {
		t.Errorf("@context = %v", ctx)
	}
	methods := doc["verificationMethod"].([]any)
	refs := doc["assertionMethod"].([]any)
	if len(methods) != 2 || len(refs) != 2 {
		t.Fatalf("%d methods, %d assertion methods", len(methods), len(refs))
	}
	for i, m := range methods {
		m := m.(map[string]any)
		id := did + "#" + keys[i].ID
		if m["id"] != id || refs[i] != id || m["controller"] != did || m["type"] != "JsonWebKey2020" {
			t.Errorf("method %d = %v (assertion %v), want id %s", i, m, refs[i], id)
		}
		jwk := m["publicKeyJwk"].(map[string]any)
		if _, ok := jwk["d"]; ok {
			t.Fatal("the DID document leaks a private key")
		}
		x, err := base64.RawURLEncoding.DecodeString(jwk["x"].(string))
		if err != nil || !ed25519.PublicKey(x).Equal(keys[i].Public) || jwk["kty"] != "OKP" || jwk["crv"] != "Ed25519" {
			t.Errorf("method %d key = %v", i, jwk)
		}
		// The fragment is the RFC 7638 thumbprint of the key it holds.
		if Thumbprint(x) != keys[i].ID {
			t.Errorf("method %d: fragment is not the key's thumbprint", i)
		}
	}
	// A credential's kid resolves, through this document, to its key.
	_, tok := signed(t, keys[1])
	kid := decodeSegment(t, strings.Split(tok, ".")[0])["kid"]
	if kid != methods[1].(map[string]any)["id"] {
		t.Errorf("kid %v is not a verification method id", kid)
	}
}

// RFC 8037 Appendix A: the Ed25519 key, its RFC 7638 thumbprint and the
// JWS of "Example of Ed25519 signing" — interoperability with other JOSE
// implementations.
func TestRFC8037Vectors(t *testing.T) {
	seed, _ := base64.RawURLEncoding.DecodeString("nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A")
	priv := ed25519.NewKeyFromSeed(seed)
	pub := priv.Public().(ed25519.PublicKey)
	if got := base64.RawURLEncoding.EncodeToString(pub); got != "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo" {
		t.Fatalf("x = %s", got)
	}
	if got := Thumbprint(pub); got != "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k" {
		t.Errorf("thumbprint = %s", got)
	}
	const jws = "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc." +
		"hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg"
	parts := strings.Split(jws, ".")
	sig := b64(ed25519.Sign(priv, []byte(parts[0]+"."+parts[1])))
	if sig != parts[2] {
		t.Errorf("signature %s, want %s", sig, parts[2])
	}
}
