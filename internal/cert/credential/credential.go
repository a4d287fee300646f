// Package credential turns a course certificate into an Open Badges 3.0
// OpenBadgeCredential (a W3C Verifiable Credential, Data Model 2.0),
// secures it as a VC-JWT signed with Ed25519 (EdDSA), publishes the keys
// (JWKS and a did:web DID document) and keeps the Bitstring Status List
// that revokes certificates.
//
// It is pure: no database, no HTTP, and nothing is fetched at run time —
// JSON-LD contexts are named by URL only, never dereferenced.
//
// Specifications followed:
//   - Open Badges 3.0 (1EdTech): https://www.imsglobal.org/spec/ob/v3p0/
//     (§8.2 "JSON Web Token Proof Format" for Sign and Verify)
//   - Verifiable Credentials Data Model 2.0: https://www.w3.org/TR/vc-data-model-2.0/
//   - Bitstring Status List v1.0: https://www.w3.org/TR/vc-bitstring-status-list/
//   - did:web: https://w3c-ccg.github.io/did-method-web/
//   - JSON Web Key 2020: https://w3c.github.io/vc-jws-2020/
//   - RFC 7515 (JWS), RFC 7519 (JWT), RFC 7638 (JWK thumbprint),
//     RFC 8037 (Ed25519 in JOSE: kty OKP, alg EdDSA)
package credential

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// JSON-LD contexts, referred to by URL only (never fetched).
const (
	ContextVC2   = "https://www.w3.org/ns/credentials/v2"
	ContextOB303 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
)

// Paths under the site's base URL that credentials point at.
const (
	CertificatesPath = "/api/v1/certificates/" // + Code: the credential's id
	StatusListPath   = "/api/v1/status/1"      // the revocation list credential
)

// Issuer is the issuing organisation, rendered as an OB 3.0 Profile.
type Issuer struct {
	ID   string // a DID (did:web:example.org) or an HTTPS URL
	Name string
	URL  string // home page; optional
}

// Achievement is what the certificate recognises: a course.
type Achievement struct {
	ID          string // URL of the course
	Name        string
	Description string
	Criteria    string   // what a learner had to do, in words
	Skills      []string // rendered as Achievement.tag
}

// Subject is one learner's certificate.
type Subject struct {
	Code        string // the certificate code, printed on the PDF
	Name        string // the learner's name, as printed on the PDF
	Achievement Achievement
	IssuedAt    time.Time
	Lang        string // BCP 47 tag of the texts, e.g. "vi"
}

// Build returns the OB 3.0 OpenBadgeCredential of one certificate, as a
// JSON object ready for Sign.
//
// The learner is identified by one IdentityObject of identityType "name",
// in plain text, and nothing else about them is included: no
// credentialSubject.id, no e-mail, phone, date of birth, unit or any
// internal identifier. Why the name is not hashed: it is already printed
// on the certificate this credential accompanies, so whoever holds one
// holds the other; a hashed name protects little (personal names are few
// enough to enumerate, and the salt has to be published for anyone to
// check it), while it would break checking in practice (Vietnamese names
// have variant spellings — "Hoà"/"Hòa", NFC/NFD — that hash differently)
// and wallets could not show to whom the certificate was awarded. OB 3.0
// recommends an IdentityHash where plain text "would leak personally
// identifiable information where there is an expectation of privacy"; the
// learner controls that by choosing whom to share the certificate with,
// and the site must not publish credentials where the learner does not
// expect it. Leaving out credentialSubject.id keeps one learner's
// certificates from being linked through a shared identifier. When Name
// is empty no identifier is written (then the credential is a bearer
// credential, which OB 3.0 does not foresee: callers should always pass
// the name).
//
// statusIndex is the certificate's position in the revocation list at
// baseURL+StatusListPath; the Bitstring Status List spec asks that it be
// drawn at random. A negative statusIndex leaves credentialStatus out.
func Build(baseURL string, iss Issuer, sub Subject, statusIndex int) map[string]any {
	baseURL = strings.TrimRight(baseURL, "/")
	issued := sub.IssuedAt.UTC().Truncate(time.Second).Format(time.RFC3339)
	a := sub.Achievement

	criteria := map[string]any{}
	if c := strings.TrimSpace(a.Criteria); c != "" {
		criteria["narrative"] = c
	} else {
		// OB 3.0 Criteria: one of id and narrative must be present; the
		// course page states what completing it takes.
		criteria["id"] = a.ID
	}
	description := strings.TrimSpace(a.Description)
	if description == "" {
		description = a.Name // OB 3.0 requires a description
	}
	achievement := map[string]any{
		"id":              a.ID,
		"type":            []any{"Achievement"},
		"achievementType": "CertificateOfCompletion",
		"name":            a.Name,
		"description":     description,
		"criteria":        criteria,
	}
	if tags := cleanTags(a.Skills); len(tags) > 0 {
		achievement["tag"] = tags
	}
	if lang, ok := languageTag(sub.Lang); ok {
		achievement["inLanguage"] = lang
	}

	subject := map[string]any{
		"type":        []any{"AchievementSubject"},
		"achievement": achievement,
	}
	if name := strings.Join(strings.Fields(sub.Name), " "); name != "" {
		subject["identifier"] = []any{map[string]any{
			"type":         "IdentityObject",
			"identityType": "name",
			"hashed":       false,
			"identityHash": name,
		}}
	}

	cred := map[string]any{
		"@context":          []any{ContextVC2, ContextOB303},
		"id":                baseURL + CertificatesPath + sub.Code,
		"type":              []any{"VerifiableCredential", "OpenBadgeCredential"},
		"issuer":            Profile(iss),
		"validFrom":         issued,
		"awardedDate":       issued,
		"name":              a.Name,
		"credentialSubject": subject,
	}
	if statusIndex >= 0 {
		list := baseURL + StatusListPath
		idx := strconv.Itoa(statusIndex)
		cred["credentialStatus"] = map[string]any{
			"id":                   list + "#" + idx,
			"type":                 "BitstringStatusListEntry",
			"statusPurpose":        "revocation",
			"statusListIndex":      idx,
			"statusListCredential": list,
		}
	}
	return cred
}

// Profile renders the issuer as an OB 3.0 Profile object.
func Profile(iss Issuer) map[string]any {
	p := map[string]any{"id": iss.ID, "type": []any{"Profile"}}
	if iss.Name != "" {
		p["name"] = iss.Name
	}
	if iss.URL != "" {
		p["url"] = iss.URL
	}
	return p
}

func cleanTags(skills []string) []any {
	var out []any
	seen := map[string]bool{}
	for _, s := range skills {
		s = strings.Join(strings.Fields(s), " ")
		if s == "" || seen[s] {
			continue
		}
		seen[s] = true
		out = append(out, s)
	}
	return out
}

// inLanguage is the pattern OB 3.0 gives Achievement.inLanguage.
var inLanguage = regexp.MustCompile(`^[a-z]{2,4}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$`)

// languageTag puts a BCP 47 tag in the case OB 3.0 expects ("vi-vn" →
// "vi-VN", "zh-hant" → "zh-Hant") and reports whether it fits.
func languageTag(tag string) (string, bool) {
	parts := strings.Split(strings.ReplaceAll(strings.TrimSpace(tag), "_", "-"), "-")
	for i, p := range parts {
		switch {
		case i == 0:
			parts[i] = strings.ToLower(p)
		case len(p) == 4:
			parts[i] = strings.ToUpper(p[:1]) + strings.ToLower(p[1:])
		default:
			parts[i] = strings.ToUpper(p)
		}
	}
	t := strings.Join(parts, "-")
	return t, inLanguage.MatchString(t)
}
