package content

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"path"
	"regexp"
	"strings"
)

// maxImageBytes keeps an illustration within a learner page's 60 KB budget.
const maxImageBytes = 40 << 10

var imageTypes = map[string]string{".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}

// svgForbidden are what an SVG served to learners may not contain: script,
// event handlers, external references and embedded raster data.
var svgForbidden = []struct {
	re  *regexp.Regexp
	why string
}{
	{regexp.MustCompile(`(?i)<script`), "a script"},
	{regexp.MustCompile(`(?i)\son[a-z]+\s*=`), "an event handler"},
	{regexp.MustCompile(`(?i)(href|src)\s*=\s*["']\s*(https?:|//|javascript:|data:)`), "an external or data reference"},
	{regexp.MustCompile(`(?i)<image[\s>]`), "an embedded raster image"},
	{regexp.MustCompile(`(?i)@import|url\(\s*["']?(https?:|//)`), "an external style reference"},
	{regexp.MustCompile(`(?i)<foreignObject`), "foreign HTML"},
}

// resolveImage checks one image link of a lesson: alt text, location
// (lessons/images/<file>), type, size and, for SVG, safety.
func (l *loader) resolveImage(c *Course, path string, line int, dest, alt string) (Image, bool) {
	if strings.TrimSpace(alt) == "" {
		l.problems.add(path, line, "image %q needs alt text describing it", dest)
	}
	name := strings.TrimPrefix(dest, "images/")
	if name == dest || name == "" || strings.ContainsAny(name, "/\\") || strings.HasPrefix(name, ".") {
		l.problems.add(path, line, "image %q must be a file in this course's lessons/images folder, linked as images/<file>", dest)
		return Image{}, false
	}
	ct, ok := imageTypes[strings.ToLower(path2ext(name))]
	if !ok {
		l.problems.add(path, line, "image %q: use SVG, PNG or JPEG", dest)
		return Image{}, false
	}
	if img, seen := c.images[name]; seen {
		return img, true
	}
	data, err := fs.ReadFile(l.fsys, c.Slug+"/lessons/images/"+name)
	if err != nil {
		l.problems.add(path, line, "image %q does not exist (%s%s/lessons/images/%s)", dest, l.prefix, c.Slug, name)
		return Image{}, false
	}
	if len(data) > maxImageBytes {
		l.problems.add(path, line, "image %q is %d KB; at most %d KB", dest, len(data)>>10, maxImageBytes>>10)
	}
	if ct == "image/svg+xml" {
		for _, f := range svgForbidden {
			if f.re.Match(data) {
				l.problems.add(path, line, "image %q contains %s", dest, f.why)
			}
		}
		if !bytes.Contains(data, []byte("viewBox")) {
			l.problems.add(path, line, "image %q needs a viewBox so it scales to the screen", dest)
		}
	}
	sum := sha256.Sum256(data)
	img := Image{Data: data, ContentType: ct, Hash: hex.EncodeToString(sum[:4])}
	c.images[name] = img
	return img, true
}

func path2ext(name string) string { return path.Ext(name) }

// ImageURL is where a course image is served; the hash changes the URL
// whenever the file changes, so it can be cached for a year.
func imageURL(slug, dest string, img Image) string {
	return "/courses/" + slug + "/images/" + strings.TrimPrefix(dest, "images/") + "?v=" + img.Hash
}
