package content

import (
	"errors"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"github.com/go-playground/validator/v10"
	"gopkg.in/yaml.v3"

	"github.com/hocvuso/hocvuso/internal/lms"
)

// newValidator builds the validator for content files: field names are the
// YAML keys, and a bilingual text needs both languages.
func newValidator() *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterTagNameFunc(func(f reflect.StructField) string {
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "" {
			return strings.ToLower(f.Name)
		}
		return name
	})
	v.RegisterStructValidation(func(sl validator.StructLevel) {
		t := sl.Current().Interface().(lms.Text)
		if strings.TrimSpace(t.VI) == "" {
			sl.ReportError(t.VI, "vi", "VI", "required", "")
		}
		if strings.TrimSpace(t.EN) == "" {
			sl.ReportError(t.EN, "en", "EN", "required", "")
		}
	}, lms.Text{})
	return v
}

// validate reports each failed rule at the line of the offending key.
func (l *loader) validate(path string, offset int, root *yaml.Node, v any) bool {
	err := l.v.Struct(v)
	if err == nil {
		return true
	}
	var verrs validator.ValidationErrors
	if !errors.As(err, &verrs) {
		l.problems.add(path, 1+offset, "%v", err)
		return false
	}
	for _, fe := range verrs {
		segs := namespace(fe.Namespace())
		line := lineOf(root, segs...)
		l.problems.add(path, line+offset, "%s: %s", strings.Join(keyPath(segs), "."), ruleMessage(fe))
	}
	return false
}

func ruleMessage(fe validator.FieldError) string {
	switch fe.Tag() {
	case "required":
		return "is required"
	case "min":
		return "needs at least " + fe.Param()
	case "max":
		return "allows at most " + fe.Param()
	case "oneof":
		return "must be one of: " + fe.Param()
	case "url":
		return "must be a URL"
	}
	return "fails rule " + fe.Tag()
}

var indexSeg = regexp.MustCompile(`^(.*)\[(\d+)\]$`)

// namespace splits "courseFile.lessons[2].title" into keys and indexes,
// dropping the type name.
func namespace(ns string) []any {
	parts := strings.Split(ns, ".")[1:]
	var out []any
	for _, p := range parts {
		if m := indexSeg.FindStringSubmatch(p); m != nil {
			i, _ := strconv.Atoi(m[2])
			out = append(out, m[1], i)
			continue
		}
		out = append(out, p)
	}
	return out
}

func keyPath(segs []any) []string {
	var out []string
	for _, s := range segs {
		switch v := s.(type) {
		case string:
			out = append(out, v)
		case int:
			out[len(out)-1] += "[" + strconv.Itoa(v) + "]"
		}
	}
	return out
}

// lineOf walks a YAML document by keys and indexes and returns the line of
// the deepest node found, so a message points as close as it can.
func lineOf(root *yaml.Node, path ...any) int {
	n := root
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	line := n.Line
	for _, p := range path {
		switch key := p.(type) {
		case string:
			if n.Kind != yaml.MappingNode {
				return line
			}
			found := false
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == key {
					line, n, found = n.Content[i].Line, n.Content[i+1], true
					break
				}
			}
			if !found {
				return line
			}
		case int:
			if n.Kind != yaml.SequenceNode || key >= len(n.Content) {
				return line
			}
			n = n.Content[key]
			line = n.Line
		}
	}
	return line
}
