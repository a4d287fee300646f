package web

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"text/template"

	"github.com/gofiber/fiber/v2"
)

//go:embed sw.js.tmpl
var serviceWorkerTemplate string

// buildServiceWorker writes the service worker with the URLs of the app
// shell. Its version changes with any asset, so a new release replaces the
// old worker and its caches.
func buildServiceWorker(a *assets) ([]byte, error) {
	shell := []string{"/offline"}
	for _, name := range []string{"app.css", "app.js"} {
		u, err := a.url(name)
		if err != nil {
			return nil, err
		}
		shell = append(shell, u)
	}
	list, _ := json.Marshal(shell)
	sum := sha256.Sum256(list)
	t, err := template.New("sw").Parse(serviceWorkerTemplate)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	err = t.Execute(&buf, map[string]string{"Version": hex.EncodeToString(sum[:6]), "Shell": string(list)})
	return buf.Bytes(), err
}

// serviceWorker serves /sw.js from the site root, so it controls every
// page. It must be revalidated on each visit to pick up new releases.
func (s *Server) serviceWorker(c *fiber.Ctx) error {
	c.Set(fiber.HeaderContentType, "text/javascript; charset=utf-8")
	c.Set(fiber.HeaderCacheControl, "no-cache")
	return c.Send(s.sw)
}
