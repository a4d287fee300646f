// Package content reads the course files in courses/: the skills
// taxonomy, each course's course.yaml and its lessons in Vietnamese and
// English. It checks them (every problem as path:line: message, so an
// author can jump to it), renders lessons from Markdown to sanitised HTML
// once at start-up, and versions every item by the hash of its files.
//
// It reads files only; Sync writes the versions to the store.
package content
