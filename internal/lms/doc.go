// Package lms holds hocvuso's domain types, the storage interfaces that the
// adapters implement, and the one error type every layer speaks.
//
// It does no I/O and imports no web framework, database driver or SQL, so
// that every capability package and every storage adapter can depend on it
// without depending on each other.
package lms
