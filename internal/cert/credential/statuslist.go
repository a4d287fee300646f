package credential

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// StatusListSize is the number of entries (bits) of a status list: the
// minimum Bitstring Status List v1.0 allows ("The uncompressed bitstring
// MUST be at least 16KB in size"), which gives group privacy — one list
// hides which of 131,072 certificates a verifier asks about.
const StatusListSize = 131072

// maxStatusListBytes bounds what StatusAt will inflate (a list of 128 Mi
// entries), so a hostile encodedList cannot exhaust memory.
const maxStatusListBytes = 16 << 20

// Errors of the status list.
var (
	// ErrStatusList: the encoded list is not a multibase base64url GZIP
	// bitstring of at least StatusListSize bits.
	ErrStatusList = errors.New("credential: malformed status list")
	// ErrStatusIndex: the index is outside the list.
	ErrStatusIndex = errors.New("credential: status list index out of range")
)

// EncodeStatusList makes the encodedList of a Bitstring Status List of
// size entries with the revoked indexes set (Bitstring Status List v1.0,
// "encodedList" and "Bitstring Generation Algorithm"): the bitstring, where
// index 0 is the left-most (most significant) bit of the first byte, is
// GZIP-compressed, base64url-encoded without padding and given the
// multibase prefix "u". size must be a multiple of 8, at least
// StatusListSize.
func EncodeStatusList(size int, revoked []int) (string, error) {
	if size < StatusListSize || size%8 != 0 {
		return "", fmt.Errorf("%w: size %d (want a multiple of 8, at least %d)", ErrStatusList, size, StatusListSize)
	}
	bits := make([]byte, size/8)
	for _, i := range revoked {
		if i < 0 || i >= size {
			return "", fmt.Errorf("%w: %d (list of %d)", ErrStatusIndex, i, size)
		}
		bits[i/8] |= 0x80 >> (i % 8)
	}
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return "", err
	}
	if _, err := zw.Write(bits); err != nil {
		return "", err
	}
	if err := zw.Close(); err != nil {
		return "", err
	}
	return "u" + b64(buf.Bytes()), nil
}

// DecodeStatusList expands an encodedList into its bitstring (Bitstring
// Status List v1.0, "Bitstring Expansion Algorithm"), refusing one
// shorter than StatusListSize bits.
func DecodeStatusList(encoded string) ([]byte, error) {
	rest, ok := strings.CutPrefix(encoded, "u")
	if !ok {
		return nil, fmt.Errorf("%w: not multibase base64url (no \"u\" prefix)", ErrStatusList)
	}
	gz, err := b64d(rest)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrStatusList, err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrStatusList, err)
	}
	bits, err := io.ReadAll(io.LimitReader(zr, maxStatusListBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrStatusList, err)
	}
	if len(bits) > maxStatusListBytes {
		return nil, fmt.Errorf("%w: larger than %d bytes", ErrStatusList, maxStatusListBytes)
	}
	if len(bits)*8 < StatusListSize {
		return nil, fmt.Errorf("%w: %d entries, fewer than %d", ErrStatusList, len(bits)*8, StatusListSize)
	}
	return bits, nil
}

// StatusAt reports whether the entry at index of an encodedList is set —
// for a revocation list, whether the certificate is revoked.
func StatusAt(encoded string, index int) (bool, error) {
	bits, err := DecodeStatusList(encoded)
	if err != nil {
		return false, err
	}
	if index < 0 || index >= len(bits)*8 {
		return false, fmt.Errorf("%w: %d (list of %d)", ErrStatusIndex, index, len(bits)*8)
	}
	return bits[index/8]&(0x80>>(index%8)) != 0, nil
}

// StatusListCredential is the BitstringStatusListCredential (Bitstring
// Status List v1.0, section "BitstringStatusListCredential") published at
// baseURL+StatusListPath — the URL every credential's
// credentialStatus.statusListCredential names — with the revocation bits
// in encoded (from EncodeStatusList). Sign it with Sign like any
// credential. validFrom is now; there is no validUntil, the
// list is reissued whenever a certificate is revoked.
func StatusListCredential(baseURL string, iss Issuer, encoded string, now time.Time) map[string]any {
	list := strings.TrimRight(baseURL, "/") + StatusListPath
	return map[string]any{
		"@context":  []any{ContextVC2},
		"id":        list,
		"type":      []any{"VerifiableCredential", "BitstringStatusListCredential"},
		"issuer":    iss.ID,
		"validFrom": now.UTC().Truncate(time.Second).Format(time.RFC3339),
		"credentialSubject": map[string]any{
			"id":            list + "#list",
			"type":          "BitstringStatusList",
			"statusPurpose": "revocation",
			"encodedList":   encoded,
		},
	}
}
