package content

import (
	"bytes"
	"io/fs"

	"gopkg.in/yaml.v3"

	"github.com/hocvuso/hocvuso/internal/lms"
)

// Taxonomy is the skills file: the frameworks skills are reported against
// (Decision 757/QĐ-BKHCN, Circular 02/2025/TT-BGDĐT) and every skill tag.
type Taxonomy struct {
	Frameworks []Framework `yaml:"frameworks" validate:"required,min=1,dive"`
	Skills     []Skill     `yaml:"skills" validate:"required,min=1,dive"`

	byTag map[string]*Skill
}

// Framework is an official framework of digital skills.
type Framework struct {
	Code   string   `yaml:"code" validate:"required"`
	Name   lms.Text `yaml:"name" validate:"required"`
	Source string   `yaml:"source" validate:"required"`
	URL    string   `yaml:"url" validate:"required,url"`
	Areas  []Area   `yaml:"areas" validate:"required,min=1,dive"`
}

// Area is one area (domain, group) of a framework. Status says whether
// its name and number were checked against the framework's own text;
// reports mark unverified areas as such.
type Area struct {
	Code   string   `yaml:"code" validate:"required"`
	Name   lms.Text `yaml:"name" validate:"required"`
	Status string   `yaml:"status" validate:"required,oneof=verified unverified"`
}

// Skill is a tag that lessons and questions carry, mapped to the areas of
// each framework it belongs to.
type Skill struct {
	Tag   string              `yaml:"tag" validate:"required"`
	Name  lms.Text            `yaml:"name" validate:"required"`
	Areas map[string][]string `yaml:"areas" validate:"required"`
	Note  string              `yaml:"note"`
}

// Skill returns the skill with tag.
func (t *Taxonomy) Skill(tag string) (*Skill, bool) {
	s, ok := t.byTag[tag]
	return s, ok
}

func (l *loader) loadTaxonomy() *Taxonomy {
	path := l.prefix + "skills.yaml"
	data, err := fs.ReadFile(l.fsys, "skills.yaml")
	if err != nil {
		l.problems.add(path, 1, "cannot read the skills file: %v", err)
		return nil
	}
	var root yaml.Node
	var t Taxonomy
	if !l.decode(path, 0, data, &root, &t) {
		return nil
	}
	t.byTag = map[string]*Skill{}
	areas := map[string]map[string]bool{}
	for _, f := range t.Frameworks {
		areas[f.Code] = map[string]bool{}
		for _, a := range f.Areas {
			areas[f.Code][a.Code] = true
		}
	}
	for i := range t.Skills {
		s := &t.Skills[i]
		line := lineOf(&root, "skills", i)
		if _, dup := t.byTag[s.Tag]; dup {
			l.problems.add(path, line, "skill %q is defined twice", s.Tag)
		}
		t.byTag[s.Tag] = s
		for code, known := range areas {
			if len(s.Areas[code]) == 0 {
				l.problems.add(path, line, "skill %q maps to no area of framework %q", s.Tag, code)
			}
			for _, a := range s.Areas[code] {
				if !known[a] {
					l.problems.add(path, line, "skill %q maps to unknown area %q of framework %q", s.Tag, a, code)
				}
			}
		}
		for code := range s.Areas {
			if areas[code] == nil {
				l.problems.add(path, line, "skill %q names unknown framework %q", s.Tag, code)
			}
		}
	}
	return &t
}

// decode reads YAML strictly (unknown keys are errors) into v, keeping the
// node tree for line numbers, then validates v.
func (l *loader) decode(path string, offset int, data []byte, root *yaml.Node, v any) bool {
	if err := yaml.Unmarshal(data, root); err != nil {
		l.problems.addYAML(path, offset, err)
		return false
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		l.problems.addYAML(path, offset, err)
		return false
	}
	return l.validate(path, offset, root, v)
}
