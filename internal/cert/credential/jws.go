package credential

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Key is an Ed25519 signing key. ID is its kid: the RFC 7638 thumbprint of
// its public JWK for keys made by NewKey. Verification needs only ID and
// Public.
type Key struct {
	ID      string
	Private ed25519.PrivateKey
	Public  ed25519.PublicKey
	Created time.Time
}

// NewKey makes a fresh signing key, created at now.
func NewKey(now time.Time) (Key, error) {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return Key{}, fmt.Errorf("credential: generate key: %w", err)
	}
	return Key{ID: Thumbprint(pub), Private: priv, Public: pub, Created: now.UTC()}, nil
}

// Thumbprint is the RFC 7638 JWK thumbprint (SHA-256, base64url) of an
// Ed25519 public key: the hash of its required JWK members {"crv", "kty",
// "x"} in lexicographic order (RFC 8037 §2). Anyone holding the public
// key can recompute it, and the DID document's verification method ids
// end in it, as JsonWebKey2020 suggests.
func Thumbprint(pub ed25519.PublicKey) string {
	sum := sha256.Sum256([]byte(`{"crv":"Ed25519","kty":"OKP","x":"` + b64(pub) + `"}`))
	return b64(sum[:])
}

// public returns the key's public part, derived from the private one when
// only that is set.
func (k Key) public() ed25519.PublicKey {
	if len(k.Public) == ed25519.PublicKeySize {
		return k.Public
	}
	if len(k.Private) == ed25519.PrivateKeySize {
		return k.Private.Public().(ed25519.PublicKey)
	}
	return nil
}

// Errors of Verify, to tell a person why a credential does not hold.
// Compare with errors.Is: ErrClaims is also ErrMalformed, and
// ErrNotYetValid and ErrExpired are both ErrValidity.
var (
	// ErrMalformed: not a compact JWS of a credential as OB 3.0 defines it
	// (bad encoding, JSON, header or missing claims).
	ErrMalformed = errors.New("credential: malformed")
	// ErrUnknownKey: the token names a key that is not among the keys given
	// (or one that the issuer does not control).
	ErrUnknownKey = errors.New("credential: signed by an unknown key")
	// ErrTampered: the signature does not match: the token was changed
	// after signing, or signed by someone else under a known key id.
	ErrTampered = errors.New("credential: signature does not verify (tampered)")
	// ErrValidity: outside the credential's validity period.
	ErrValidity    = errors.New("credential: outside its validity period")
	ErrNotYetValid = fmt.Errorf("%w: not yet valid", ErrValidity)
	ErrExpired     = fmt.Errorf("%w: expired", ErrValidity)
	// ErrClaims: validly signed, but the JWT claims contradict the
	// credential they carry (OB 3.0 §8.2 "Verify a Credential VC-JWT Signature").
	ErrClaims = fmt.Errorf("%w: JWT claims contradict the credential", ErrMalformed)
)

// ErrNoPrivateKey: Sign was given a key without its private part.
var ErrNoPrivateKey = errors.New("credential: signing key has no private part")

// ClockSkew is the leeway Verify allows on nbf and exp between the
// issuer's clock and the verifier's (RFC 7519 §4.1.4-5 "small leeway").
const ClockSkew = time.Minute

// joseHeader is the JOSE header of OB 3.0 §8.2 ("Create the JOSE Header",
// https://www.imsglobal.org/spec/ob/v3p0/#joseheader): alg, kid, typ —
// "Additional JOSE Headers are NOT allowed".
type joseHeader struct {
	Alg string `json:"alg"`
	Kid string `json:"kid"`
	Typ string `json:"typ"`
}

// KeyURI is the kid written in the JOSE header for a key of an issuer.
// OB 3.0 §8.2 ("Create the JOSE Header") wants "a URI that can be
// dereferenced to an object of type JWK": for a DID issuer that is the DID URL did:...#<key id>, which
// resolves (did:web: /.well-known/did.json) to the verification method
// holding publicKeyJwk. For other issuers it is the bare key id, to be
// found in the published JWKS.
func KeyURI(issuerID, keyID string) string {
	if strings.HasPrefix(issuerID, "did:") {
		return issuerID + "#" + keyID
	}
	return keyID
}

// claims are the registered JWT claims that OB 3.0 §8.2 ("JWT Payload
// Format") derives from the credential.
type claims struct {
	iss, jti, sub string
	nbf           int64
	exp           int64
	hasSub        bool
	hasExp        bool
}

// Sign secures a credential as a VC-JWT the way Open Badges 3.0 §8.2
// "JSON Web Token Proof Format" describes it
// (https://www.imsglobal.org/spec/ob/v3p0/#jwt-proof):
//
//   - JOSE header {"alg":"EdDSA","kid":<KeyURI>,"typ":"JWT"}: OB 3.0 lists
//     alg (RS256 as the minimum a verifier supports; "other algorithms
//     [are] permitted") — here EdDSA with Ed25519 per RFC 8037; kid, a URI
//     dereferencing to the public JWK; typ, "if present, MUST be set to
//     JWT". No other header is allowed.
//   - The JWT payload is the credential itself (VC Data Model 2.0 style,
//     no "vc" wrapper) plus the claims iss = issuer.id, jti = id, nbf =
//     validFrom, exp = validUntil (when set) and sub =
//     credentialSubject.id. OB 3.0 marks sub as required but defines it as
//     credentialSubject.id, which our credentials deliberately lack (see
//     Build): sub is then omitted, as RFC 7519 allows.
//
// The credential must have id, issuer (with its id) and validFrom in
// whole seconds (a NumericDate equal to it).
func Sign(credential map[string]any, k Key) (string, error) {
	if len(k.Private) != ed25519.PrivateKeySize {
		return "", ErrNoPrivateKey
	}
	if k.ID == "" {
		return "", errors.New("credential: signing key has no id")
	}
	if len(k.Public) != 0 && !bytes.Equal(k.Public, k.Private.Public().(ed25519.PublicKey)) {
		return "", errors.New("credential: signing key's public part does not match its private part")
	}
	c, err := claimsOf(credential)
	if err != nil {
		return "", err
	}
	if vf, _ := time.Parse(time.RFC3339Nano, credential["validFrom"].(string)); vf.Nanosecond() != 0 {
		return "", fmt.Errorf("%w: validFrom must be in whole seconds to equal nbf", ErrMalformed)
	}
	payload := make(map[string]any, len(credential)+5)
	for name, v := range credential {
		payload[name] = v
	}
	payload["iss"], payload["jti"], payload["nbf"] = c.iss, c.jti, c.nbf
	if c.hasExp {
		payload["exp"] = c.exp
	}
	if c.hasSub {
		payload["sub"] = c.sub
	}
	h, err := marshal(joseHeader{Alg: "EdDSA", Kid: KeyURI(c.iss, k.ID), Typ: "JWT"})
	if err != nil {
		return "", err
	}
	p, err := marshal(payload)
	if err != nil {
		return "", fmt.Errorf("credential: encode payload: %w", err)
	}
	signing := b64(h) + "." + b64(p)
	return signing + "." + b64(ed25519.Sign(k.Private, []byte(signing))), nil
}

// registered are the JWT claims Sign adds and Verify takes off again.
var registered = []string{"iss", "jti", "nbf", "exp", "sub", "iat"}

// Verify checks a VC-JWT made by Sign and returns the credential it
// carries (the payload without the JWT claims). It follows OB 3.0 §8.2
// "Verify a Credential" and "Verify a Credential VC-JWT Signature"
// (https://www.imsglobal.org/spec/ob/v3p0/#jwt-verify):
//
//  1. the header is alg EdDSA (typ, if present, JWT; no crit);
//  2. its kid names one of keys — by the whole kid or by its fragment
//     (did:web:host#<key id>), old rotated keys included — else
//     ErrUnknownKey;
//  3. the Ed25519 signature holds — else ErrTampered;
//  4. iss = issuer.id (and the kid's DID, if any, is the issuer's), jti =
//     id, nbf = validFrom, exp = validUntil, sub = credentialSubject.id —
//     else ErrClaims;
//  5. validFrom has come and validUntil has not passed at now, within
//     ClockSkew — else ErrNotYetValid / ErrExpired.
//
// Revocation is not checked here: see StatusAt.
func Verify(token string, keys []Key, now time.Time) (map[string]any, error) {
	parts := strings.Split(strings.TrimSpace(token), ".")
	if len(parts) != 3 {
		return nil, fmt.Errorf("%w: not a compact JWS (want 3 dot-separated parts, got %d)", ErrMalformed, len(parts))
	}
	hb, err := b64d(parts[0])
	if err != nil {
		return nil, fmt.Errorf("%w: header: %v", ErrMalformed, err)
	}
	var h map[string]any
	if err := json.Unmarshal(hb, &h); err != nil {
		return nil, fmt.Errorf("%w: header is not a JSON object: %v", ErrMalformed, err)
	}
	if alg, _ := h["alg"].(string); alg != "EdDSA" {
		return nil, fmt.Errorf("%w: alg %q (want EdDSA)", ErrMalformed, h["alg"])
	}
	if typ, ok := h["typ"]; ok && typ != "JWT" {
		return nil, fmt.Errorf("%w: typ %q (OB 3.0: JWT)", ErrMalformed, typ)
	}
	if _, ok := h["crit"]; ok {
		return nil, fmt.Errorf("%w: crit header not supported", ErrMalformed)
	}
	kid, _ := h["kid"].(string)
	controller, keyID := splitKid(kid)
	pub := findKey(keys, kid, keyID)
	if pub == nil {
		return nil, fmt.Errorf("%w: kid %q", ErrUnknownKey, kid)
	}
	sig, err := b64d(parts[2])
	if err != nil || len(sig) != ed25519.SignatureSize {
		return nil, fmt.Errorf("%w: signature is not an Ed25519 signature", ErrMalformed)
	}
	if !ed25519.Verify(pub, []byte(parts[0]+"."+parts[1]), sig) {
		return nil, fmt.Errorf("%w: kid %q", ErrTampered, kid)
	}

	pb, err := b64d(parts[1])
	if err != nil {
		return nil, fmt.Errorf("%w: payload: %v", ErrMalformed, err)
	}
	var payload map[string]any
	if err := json.Unmarshal(pb, &payload); err != nil {
		return nil, fmt.Errorf("%w: payload is not a JSON object: %v", ErrMalformed, err)
	}
	cred := make(map[string]any, len(payload))
	for name, v := range payload {
		cred[name] = v
	}
	for _, name := range registered {
		delete(cred, name)
	}
	if err := checkCredential(cred); err != nil {
		return nil, err
	}
	want, err := claimsOf(cred)
	if err != nil {
		return nil, err
	}
	if err := checkClaims(payload, want); err != nil {
		return nil, err
	}
	if controller != "" && controller != want.iss {
		return nil, fmt.Errorf("%w: kid %q is not a key of issuer %q", ErrUnknownKey, kid, want.iss)
	}
	if t := time.Unix(want.nbf, 0); now.Add(ClockSkew).Before(t) {
		return nil, fmt.Errorf("%w: valid from %s", ErrNotYetValid, t.UTC().Format(time.RFC3339))
	}
	if t := time.Unix(want.exp, 0); want.hasExp && !now.Add(-ClockSkew).Before(t) {
		return nil, fmt.Errorf("%w: valid until %s", ErrExpired, t.UTC().Format(time.RFC3339))
	}
	return cred, nil
}

func splitKid(kid string) (controller, keyID string) {
	if i := strings.LastIndexByte(kid, '#'); i >= 0 {
		return kid[:i], kid[i+1:]
	}
	return "", kid
}

func findKey(keys []Key, kid, keyID string) ed25519.PublicKey {
	if kid == "" {
		return nil
	}
	for _, k := range keys {
		if k.ID != "" && (k.ID == kid || k.ID == keyID) {
			if pub := k.public(); pub != nil {
				return pub
			}
		}
	}
	return nil
}

// checkCredential checks the shape every Verifiable Credential has.
func checkCredential(cred map[string]any) error {
	ctx, _ := cred["@context"].([]any)
	if len(ctx) == 0 || ctx[0] != ContextVC2 {
		return fmt.Errorf("%w: @context must begin with %s", ErrMalformed, ContextVC2)
	}
	if !hasType(cred["type"], "VerifiableCredential") {
		return fmt.Errorf("%w: type lacks VerifiableCredential", ErrMalformed)
	}
	if _, ok := cred["credentialSubject"]; !ok {
		return fmt.Errorf("%w: no credentialSubject", ErrMalformed)
	}
	return nil
}

func hasType(v any, want string) bool {
	switch t := v.(type) {
	case string:
		return t == want
	case []any:
		for _, e := range t {
			if e == want {
				return true
			}
		}
	}
	return false
}

// claimsOf derives the JWT claims from a credential.
func claimsOf(cred map[string]any) (claims, error) {
	var c claims
	switch iss := cred["issuer"].(type) {
	case string:
		c.iss = iss
	case map[string]any:
		c.iss, _ = iss["id"].(string)
	}
	if c.iss == "" {
		return c, fmt.Errorf("%w: no issuer id", ErrMalformed)
	}
	if c.jti, _ = cred["id"].(string); c.jti == "" {
		return c, fmt.Errorf("%w: no credential id", ErrMalformed)
	}
	vf, _ := cred["validFrom"].(string)
	t, err := time.Parse(time.RFC3339Nano, vf)
	if err != nil {
		return c, fmt.Errorf("%w: validFrom %q is not an RFC 3339 date-time", ErrMalformed, vf)
	}
	c.nbf = t.Unix()
	if vu, ok := cred["validUntil"].(string); ok {
		t, err := time.Parse(time.RFC3339Nano, vu)
		if err != nil {
			return c, fmt.Errorf("%w: validUntil %q is not an RFC 3339 date-time", ErrMalformed, vu)
		}
		c.exp, c.hasExp = t.Unix(), true
	}
	if s, ok := cred["credentialSubject"].(map[string]any); ok {
		c.sub, c.hasSub = s["id"].(string)
	}
	return c, nil
}

// checkClaims compares the payload's JWT claims with those the credential
// implies (OB 3.0 §8.2, #jwt-verify-credential).
func checkClaims(payload map[string]any, want claims) error {
	if iss, _ := payload["iss"].(string); iss != want.iss {
		return fmt.Errorf("%w: iss %q, issuer.id %q", ErrClaims, payload["iss"], want.iss)
	}
	if jti, _ := payload["jti"].(string); jti != want.jti {
		return fmt.Errorf("%w: jti %q, id %q", ErrClaims, payload["jti"], want.jti)
	}
	if nbf, ok := numericDate(payload["nbf"]); !ok || nbf != want.nbf {
		return fmt.Errorf("%w: nbf %v, validFrom %d", ErrClaims, payload["nbf"], want.nbf)
	}
	exp, expOK := numericDate(payload["exp"])
	_, expPresent := payload["exp"]
	if (want.hasExp && (!expOK || exp != want.exp)) || (!want.hasExp && expPresent) {
		return fmt.Errorf("%w: exp %v, validUntil %v", ErrClaims, payload["exp"], want.exp)
	}
	sub, present := payload["sub"]
	if present != want.hasSub || (present && sub != want.sub) {
		return fmt.Errorf("%w: sub %v, credentialSubject.id %q", ErrClaims, sub, want.sub)
	}
	return nil
}

// numericDate reads a JWT NumericDate that is a whole number of seconds.
func numericDate(v any) (int64, bool) {
	f, ok := v.(float64)
	if !ok || f != float64(int64(f)) {
		return 0, false
	}
	return int64(f), true
}

// JWKS is the JSON Web Key Set of the public keys (RFC 7517 §5, RFC 8037
// §2), for /.well-known/jwks.json. Private parts are never written.
func JWKS(keys []Key) map[string]any {
	set := []any{}
	for _, k := range keys {
		pub := k.public()
		if pub == nil {
			continue
		}
		set = append(set, map[string]any{"kty": "OKP", "crv": "Ed25519", "x": b64(pub), "kid": k.ID, "alg": "EdDSA", "use": "sig"})
	}
	return map[string]any{"keys": set}
}

// DIDDocument is the did:web DID document of the issuer (served at
// /.well-known/did.json for did:web:host): every key, rotated ones
// included, as a JsonWebKey2020 verification method with id did#kid, all
// of them listed under assertionMethod — the relationship used to check
// credentials an issuer asserts.
func DIDDocument(did string, keys []Key) map[string]any {
	methods, refs := []any{}, []any{}
	for _, k := range keys {
		pub := k.public()
		if pub == nil {
			continue
		}
		id := did + "#" + k.ID
		methods = append(methods, map[string]any{
			"id":           id,
			"type":         "JsonWebKey2020",
			"controller":   did,
			"publicKeyJwk": map[string]any{"kty": "OKP", "crv": "Ed25519", "x": b64(pub)},
		})
		refs = append(refs, id)
	}
	return map[string]any{
		"@context":           []any{"https://www.w3.org/ns/did/v1", "https://w3id.org/security/suites/jws-2020/v1"},
		"id":                 did,
		"verificationMethod": methods,
		"assertionMethod":    refs,
	}
}

// ParseJWKS reads the public Ed25519 keys of a JSON Web Key Set, for
// verifying offline. Keys of other types or uses are skipped; a key with
// private material ("d") is refused, so a leaked private key is noticed.
func ParseJWKS(data []byte) ([]Key, error) {
	var set struct {
		Keys []struct {
			Kty, Crv, X, D, Kid, Alg, Use string
		} `json:"keys"`
	}
	if err := json.Unmarshal(data, &set); err != nil {
		return nil, fmt.Errorf("credential: JWKS is not JSON: %w", err)
	}
	var keys []Key
	seen := map[string]bool{}
	for i, j := range set.Keys {
		if j.Kty != "OKP" || j.Crv != "Ed25519" || (j.Alg != "" && j.Alg != "EdDSA") || (j.Use != "" && j.Use != "sig") {
			continue
		}
		if j.D != "" {
			return nil, fmt.Errorf("credential: JWKS key %d (%q) holds a private key: refusing it", i, j.Kid)
		}
		x, err := b64d(j.X)
		if err != nil || len(x) != ed25519.PublicKeySize {
			return nil, fmt.Errorf("credential: JWKS key %d (%q): x is not an Ed25519 public key", i, j.Kid)
		}
		if j.Kid == "" {
			return nil, fmt.Errorf("credential: JWKS key %d has no kid", i)
		}
		if seen[j.Kid] {
			return nil, fmt.Errorf("credential: JWKS has kid %q twice", j.Kid)
		}
		seen[j.Kid] = true
		keys = append(keys, Key{ID: j.Kid, Public: ed25519.PublicKey(x)})
	}
	if len(keys) == 0 {
		return nil, errors.New("credential: JWKS has no Ed25519 signing key")
	}
	return keys, nil
}

func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

// b64d decodes base64url without padding, strictly: an encoding with
// stray bits is an error, so each token has one spelling only.
func b64d(s string) ([]byte, error) { return base64.RawURLEncoding.Strict().DecodeString(s) }

// marshal is json.Marshal without HTML escaping (names with "&" stay
// readable in the token).
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
