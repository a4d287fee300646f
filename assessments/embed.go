// Package assessments carries the question banks inside the binary, beside
// the courses. The files are data; internal/content reads them.
package assessments

import "embed"

// FS holds one folder per course (and this folder's other files, which the
// loader ignores).
//
//go:embed *
var FS embed.FS
