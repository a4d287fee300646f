package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"path"
	"strings"

	"github.com/gofiber/fiber/v2"
)

//go:embed static
var staticFS embed.FS

// assets serves the embedded static files under content-hashed names, so
// browsers may cache them for a year and still see every change.
type assets struct {
	byHashed map[string]asset  // "app.1a2b3c4d.css" → file
	hashed   map[string]string // "app.css" → "/static/app.1a2b3c4d.css"
}

type asset struct {
	body        []byte
	contentType string
}

func loadAssets() (*assets, error) {
	a := &assets{byHashed: map[string]asset{}, hashed: map[string]string{}}
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		name := path.Base(p)
		sum := sha256.Sum256(body)
		ext := path.Ext(name)
		hashedName := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:4]) + ext
		a.byHashed[hashedName] = asset{body: body, contentType: mime.TypeByExtension(ext)}
		a.hashed[name] = "/static/" + hashedName
		return nil
	})
	return a, err
}

// url returns the hashed URL of a static file; templates call it as
// {{asset "app.css"}}. An unknown name fails template execution, which
// the page tests catch.
func (a *assets) url(name string) (string, error) {
	u, ok := a.hashed[name]
	if !ok {
		return "", fmt.Errorf("web: no static file %q", name)
	}
	return u, nil
}

func (s *Server) staticFile(c *fiber.Ctx) error {
	f, ok := s.assets.byHashed[c.Params("file")]
	if !ok {
		return fiber.ErrNotFound
	}
	c.Set(fiber.HeaderContentType, f.contentType)
	c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
	return c.Send(f.body)
}
