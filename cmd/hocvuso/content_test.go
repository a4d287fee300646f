package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestContentCheckCommand(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"content", "check", "../.."}, &out, &errOut); err != nil {
		t.Fatalf("the repository's content fails the check: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "content ok: 4 courses") {
		t.Fatalf("output: %s", out.String())
	}

	// A broken copy: exit status 1 (an error from run), one path:line line
	// per problem.
	root := copyContent(t)
	yaml := filepath.Join(root, "courses", "ai-basics", "course.yaml")
	data, _ := os.ReadFile(yaml)
	os.WriteFile(yaml, bytes.Replace(data, []byte("unlock: sequential"), []byte("unlock: sometimes"), 1), 0o644)
	out.Reset()
	err := run(context.Background(), []string{"content", "check", root}, &out, &errOut)
	if err == nil || !strings.Contains(err.Error(), "problems") {
		t.Fatalf("broken content passed: %v", err)
	}
	if !regexp.MustCompile(`courses/ai-basics/course\.yaml:\d+: unlock: must be one of: sequential free`).MatchString(out.String()) {
		t.Fatalf("no path:line message: %q", out.String())
	}
}

func TestServeRefusesBrokenContent(t *testing.T) {
	root := copyContent(t)
	os.Remove(filepath.Join(root, "courses", "smartphone", "sources.md"))
	m := &Main{Config: Config{Addr: "127.0.0.1:0", DataDir: t.TempDir(), ContentDir: root, LogLevel: "error", LogFormat: "text"}}
	var log bytes.Buffer
	err := m.Run(context.Background(), &log)
	if err == nil {
		m.Close()
		t.Fatal("the server started on broken content")
	}
	if !strings.Contains(err.Error(), "courses/smartphone/sources.md:1: a course needs a sources.md") {
		t.Fatalf("error does not name the problem: %v", err)
	}
}

// copyContent copies courses/ and assessments/ into a temporary root.
func copyContent(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	for _, dir := range []string{"courses", "assessments"} {
		if err := os.CopyFS(filepath.Join(root, dir), os.DirFS("../../"+dir)); err != nil {
			t.Fatal(err)
		}
	}
	return root
}
