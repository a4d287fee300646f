// Package courses carries the course files inside the binary, so that a
// single hocvuso binary serves the real courses with no files beside it.
// The files are data; internal/content reads them.
package courses

import "embed"

// FS holds skills.yaml and every course folder (and this folder's other
// files, which the loader ignores).
//
//go:embed *
var FS embed.FS
