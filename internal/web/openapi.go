package web

import (
	_ "embed"
	"encoding/json"
	"fmt"
)

//go:embed openapi.json
var openAPIJSON []byte

// loadOpenAPI checks that the embedded document is JSON at start-up; the
// tests check that it documents exactly the routes of the app.
func loadOpenAPI() ([]byte, error) {
	if !json.Valid(openAPIJSON) {
		return nil, fmt.Errorf("web: openapi.json is not valid JSON")
	}
	return openAPIJSON, nil
}
