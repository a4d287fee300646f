package content

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Problem is one thing wrong in the content, located in a file.
type Problem struct {
	Path    string
	Line    int
	Message string
}

func (p Problem) String() string {
	return fmt.Sprintf("%s:%d: %s", p.Path, max(p.Line, 1), p.Message)
}

// Problems is every problem found; as an error it lists them one a line.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

func (ps *Problems) add(path string, line int, format string, args ...any) {
	*ps = append(*ps, Problem{Path: path, Line: line, Message: fmt.Sprintf(format, args...)})
}

func (ps Problems) sorted() Problems {
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].Path != ps[j].Path {
			return ps[i].Path < ps[j].Path
		}
		return ps[i].Line < ps[j].Line
	})
	return ps
}

var yamlLine = regexp.MustCompile(`line (\d+): (.*)`)

// addYAML turns a yaml.v3 error ("yaml: line 4: field x not found in type
// ...") into problems, shifting lines by offset (front matter starts after
// the opening ---).
func (ps *Problems) addYAML(path string, offset int, err error) {
	for _, l := range strings.Split(err.Error(), "\n") {
		l = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(l), "yaml:"))
		if l == "" || strings.HasPrefix(l, "unmarshal errors:") {
			continue
		}
		line := 1
		if m := yamlLine.FindStringSubmatch(l); m != nil {
			line, _ = strconv.Atoi(m[1])
			l = m[2]
		}
		l = strings.ReplaceAll(l, " in type content.", " in ")
		ps.add(path, line+offset, "%s", l)
	}
}
