package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/hocvuso/hocvuso/courses"
	"github.com/hocvuso/hocvuso/internal/content"
)

// contentCommand handles "hocvuso content check [DIR]": it validates the
// content under DIR (default: the current folder) and prints each problem
// as path:line: message. Exit status 1 when there is any.
func contentCommand(_ context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "check" || len(args) > 2 {
		return errors.New("usage: hocvuso content check [DIR]   (DIR holds courses/; default .)")
	}
	dir := "."
	if len(args) == 2 {
		dir = args[1]
	}
	cat, err := loadContent(filepath.Join(dir, "courses"), filepath.ToSlash(filepath.Join(dir, "courses"))+"/")
	var problems content.Problems
	if errors.As(err, &problems) {
		fmt.Fprintln(stdout, problems.Error())
		return fmt.Errorf("content check: %d problems", len(problems))
	}
	if err != nil {
		return err
	}
	lessons := 0
	for _, c := range cat.Courses {
		lessons += len(c.Lessons)
	}
	fmt.Fprintf(stdout, "content ok: %d courses, %d lessons, %d skills\n", len(cat.Courses), lessons, len(cat.Taxonomy.Skills))
	return nil
}

// loadContent reads courses from dir, or from the copy built into the
// binary when dir is "".
func loadContent(dir, prefix string) (*content.Catalog, error) {
	var fsys fs.FS = courses.FS
	if dir != "" {
		if _, err := os.Stat(dir); err != nil {
			return nil, fmt.Errorf("content: %w", err)
		}
		fsys = os.DirFS(dir)
	}
	return content.Load(fsys, prefix)
}
