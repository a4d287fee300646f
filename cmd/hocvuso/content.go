package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/hocvuso/hocvuso/assessments"
	"github.com/hocvuso/hocvuso/courses"
	"github.com/hocvuso/hocvuso/internal/content"
)

// contentCommand handles "hocvuso content check [DIR]": it validates the
// content under DIR (default: the current folder) and prints each problem
// as path:line: message. Exit status 1 when there is any.
func contentCommand(_ context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "check" || len(args) > 2 {
		return errors.New("usage: hocvuso content check [DIR]   (DIR holds courses/ and assessments/; default .)")
	}
	dir := "."
	if len(args) == 2 {
		dir = args[1]
	}
	cat, err := loadContent(dir)
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
	items, quizzes := 0, 0
	for _, c := range cat.Courses {
		items += len(c.Bank)
		quizzes += len(c.Quizzes)
	}
	fmt.Fprintf(stdout, "content ok: %d courses, %d lessons, %d skills, %d questions, %d quizzes\n",
		len(cat.Courses), lessons, len(cat.Taxonomy.Skills), items, quizzes)
	return nil
}

// loadContent reads courses/ and assessments/ under root, or the copies
// built into the binary when root is "".
func loadContent(root string) (*content.Catalog, error) {
	if root == "" {
		return content.Load(content.Sources{Courses: courses.FS, CoursesPrefix: "courses/",
			Assessments: assessments.FS, AssessmentsPrefix: "assessments/"})
	}
	if _, err := os.Stat(filepath.Join(root, "courses")); err != nil {
		return nil, fmt.Errorf("content: %w", err)
	}
	src := content.Sources{Courses: os.DirFS(filepath.Join(root, "courses")), CoursesPrefix: prefixOf(root, "courses")}
	if _, err := os.Stat(filepath.Join(root, "assessments")); err == nil {
		src.Assessments, src.AssessmentsPrefix = os.DirFS(filepath.Join(root, "assessments")), prefixOf(root, "assessments")
	}
	return content.Load(src)
}

// prefixOf is how paths under root/sub are shown: relative and short.
func prefixOf(root, sub string) string {
	return filepath.ToSlash(filepath.Join(root, sub)) + "/"
}
