package web

import (
	"encoding/json"
	"io"
	"net/http/httptest"
	"reflect"
	"runtime"
	"slices"
	"sort"
	"strings"
	"testing"
)

// openAPIMethods are the operation keys of an OpenAPI path item.
var openAPIMethods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

// noClientErrors are operations that take no input at all, so no 4xx
// response can be documented truthfully; each says why.
var noClientErrors = map[string]string{
	"get /ethnicities": "no parameters, no body, no sign-in",
	"get /courses":     "no parameters, no body; a bad token reads as a visitor",
}

// fetchOpenAPI serves the document through the app and decodes it.
func fetchOpenAPI(t *testing.T, s *Server) map[string]any {
	t.Helper()
	resp, err := s.App().Test(httptest.NewRequest("GET", "/api/v1/openapi.json", nil), -1)
	if err != nil {
		t.Fatalf("GET /api/v1/openapi.json: %v", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read body: %v", err)
	}
	if resp.StatusCode != 200 {
		t.Fatalf("GET /api/v1/openapi.json: status %d, want 200; body %.200s", resp.StatusCode, body)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type = %q, want application/json", ct)
	}
	var doc map[string]any
	if err := json.Unmarshal(body, &doc); err != nil {
		t.Fatalf("openapi.json does not parse: %v", err)
	}
	return doc
}

// operation is one documented path and method.
type operation struct {
	key string // "post /auth/register"
	op  map[string]any
}

func operations(t *testing.T, doc map[string]any) []operation {
	t.Helper()
	paths, ok := doc["paths"].(map[string]any)
	if !ok {
		t.Fatal("openapi.json has no paths object")
	}
	var ops []operation
	for path, item := range paths {
		item, ok := item.(map[string]any)
		if !ok {
			t.Errorf("paths[%q] is not an object", path)
			continue
		}
		for _, m := range openAPIMethods {
			if op, ok := item[m].(map[string]any); ok {
				ops = append(ops, operation{key: m + " " + path, op: op})
			}
		}
	}
	sort.Slice(ops, func(i, j int) bool { return ops[i].key < ops[j].key })
	return ops
}

func TestOpenAPIDocument(t *testing.T) {
	doc := fetchOpenAPI(t, newTestServer(t))
	if v := doc["openapi"]; v != "3.1.0" {
		t.Errorf("openapi = %v, want 3.1.0", v)
	}
	info := asMap(doc["info"])
	if info["title"] != "hocvuso API" || info["version"] != "1.0.0" {
		t.Errorf("info = %v, want title hocvuso API, version 1.0.0", info)
	}
	servers, _ := doc["servers"].([]any)
	if len(servers) != 1 || asMap(servers[0])["url"] != "/api/v1" {
		t.Errorf("servers = %v, want [{url: /api/v1}]", servers)
	}
	schemes := asMap(asMap(doc["components"])["securitySchemes"])
	if b := asMap(schemes["bearerAuth"]); b["type"] != "http" || b["scheme"] != "bearer" {
		t.Errorf("securitySchemes.bearerAuth = %v, want HTTP bearer", schemes["bearerAuth"])
	}
}

// TestOpenAPIRefsResolve checks that every $ref points at an existing
// component.
func TestOpenAPIRefsResolve(t *testing.T) {
	doc := fetchOpenAPI(t, newTestServer(t))
	var walk func(at string, v any)
	walk = func(at string, v any) {
		switch v := v.(type) {
		case map[string]any:
			if r, ok := v["$ref"]; ok {
				s, _ := r.(string)
				if !strings.HasPrefix(s, "#/components/") {
					t.Errorf("%s: $ref %q is not a local component", at, r)
				} else if _, ok := resolvePointer(doc, strings.TrimPrefix(s, "#")); !ok {
					t.Errorf("%s: $ref %q does not resolve", at, s)
				}
			}
			for k, e := range v {
				walk(at+"/"+k, e)
			}
		case []any:
			for _, e := range v {
				walk(at+"[]", e)
			}
		}
	}
	walk("#", doc)
}

// resolvePointer follows a JSON pointer (RFC 6901) such as
// /components/schemas/User through doc.
func resolvePointer(doc any, ptr string) (any, bool) {
	cur := doc
	for _, tok := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = m[tok]; !ok {
			return nil, false
		}
	}
	return cur, true
}

// apiRoute is a route of the app as the document names it.
type apiRoute struct {
	key        string // "get /users/{id}"
	signedIn   bool   // requireAPIUser is in its handler chain
	pathParams []string
}

// apiRoutes lists the app's /api/v1 routes, without Fiber's automatic HEAD
// routes, Use middleware and the document itself.
func apiRoutes(s *Server) map[string]apiRoute {
	out := map[string]apiRoute{}
	for _, r := range s.App().GetRoutes(true) {
		if !strings.HasPrefix(r.Path, "/api/v1/") || r.Method == "HEAD" || r.Method == "USE" || r.Path == "/api/v1/openapi.json" {
			continue
		}
		route := apiRoute{}
		segs := strings.Split(strings.TrimPrefix(r.Path, "/api/v1"), "/")
		for i, seg := range segs {
			if name, ok := strings.CutPrefix(seg, ":"); ok {
				name = strings.TrimSuffix(name, "?")
				segs[i] = "{" + name + "}"
				route.pathParams = append(route.pathParams, name)
			}
		}
		route.key = strings.ToLower(r.Method) + " " + strings.Join(segs, "/")
		for _, h := range r.Handlers {
			if fn := runtime.FuncForPC(reflect.ValueOf(h).Pointer()); fn != nil && strings.Contains(fn.Name(), ".requireAPIUser") {
				route.signedIn = true
			}
		}
		out[route.key] = route
	}
	return out
}

// TestOpenAPIMatchesRoutes checks that the document describes exactly the
// app's /api/v1 routes, with their path parameters and sign-in.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	s := newTestServer(t)
	doc := fetchOpenAPI(t, s)
	routes := apiRoutes(s)
	if len(routes) == 0 {
		t.Fatal("the app has no /api/v1 routes")
	}
	documented := map[string]bool{}
	for _, o := range operations(t, doc) {
		if o.key == "get /openapi.json" {
			continue
		}
		documented[o.key] = true
		r, ok := routes[o.key]
		if !ok {
			t.Errorf("%s is documented but is not a route of the app", o.key)
			continue
		}
		var params []string
		for _, p := range asSlice(o.op["parameters"]) {
			p := deref(doc, p)
			if p["in"] == "path" {
				name, _ := p["name"].(string)
				params = append(params, name)
				if p["required"] != true {
					t.Errorf("%s: path parameter %v must be required", o.key, p["name"])
				}
			}
		}
		slices.Sort(params)
		want := slices.Sorted(slices.Values(r.pathParams))
		if !slices.Equal(params, want) {
			t.Errorf("%s: documented path parameters %v, route has %v", o.key, params, want)
		}
		security, ok := o.op["security"]
		if !ok {
			security = doc["security"] // an operation without its own inherits the document's
		}
		bearer, anonymous := false, len(asSlice(security)) == 0
		for _, req := range asSlice(security) {
			req, _ := req.(map[string]any)
			if len(req) == 0 {
				anonymous = true
			}
			if _, ok := req["bearerAuth"]; ok {
				bearer = true
			}
		}
		if r.signedIn && (anonymous || !bearer) {
			t.Errorf("%s needs a signed-in user: document security bearerAuth, without an anonymous {} alternative", o.key)
		}
		if r.signedIn {
			if _, ok := asMap(o.op["responses"])["401"]; !ok {
				t.Errorf("%s needs a signed-in user but documents no 401", o.key)
			}
		}
		if !r.signedIn && !anonymous {
			t.Errorf("%s does not need a signed-in user, but its security has no anonymous {} alternative", o.key)
		}
	}
	for key := range routes {
		if !documented[key] {
			t.Errorf("route %s is not documented in openapi.json", key)
		}
	}
}

// TestOpenAPIOperations checks what every operation must say.
func TestOpenAPIOperations(t *testing.T) {
	doc := fetchOpenAPI(t, newTestServer(t))
	ids := map[string]string{}
	for _, o := range operations(t, doc) {
		id, _ := o.op["operationId"].(string)
		if id == "" {
			t.Errorf("%s has no operationId", o.key)
		} else if prev, dup := ids[id]; dup {
			t.Errorf("%s and %s share operationId %q", prev, o.key, id)
		} else {
			ids[id] = o.key
		}
		if s, _ := o.op["summary"].(string); strings.TrimSpace(s) == "" {
			t.Errorf("%s has no summary", o.key)
		}
		var ok2xx, ok4xx bool
		for status := range asMap(o.op["responses"]) {
			ok2xx = ok2xx || strings.HasPrefix(status, "2")
			ok4xx = ok4xx || strings.HasPrefix(status, "4")
		}
		if !ok2xx {
			t.Errorf("%s documents no 2xx response", o.key)
		}
		if why, exempt := noClientErrors[o.key]; exempt {
			// Optional sign-in (an anonymous {} alternative) is not input that can fail.
			required := o.op["security"] != nil && !slices.ContainsFunc(asSlice(o.op["security"]), func(r any) bool { return len(asMap(r)) == 0 })
			if o.op["parameters"] != nil || o.op["requestBody"] != nil || required {
				t.Errorf("%s is exempt from 4xx responses (%s) but now takes input: document its 4xx and drop the exemption", o.key, why)
			}
		} else if !ok4xx {
			t.Errorf("%s documents no 4xx response", o.key)
		}
		if rb := o.op["requestBody"]; rb != nil {
			jsonBody, isJSON := asMap(deref(doc, rb)["content"])["application/json"]
			schema := deref(doc, asMap(asMap(jsonBody)["schema"]))
			if isJSON && schema["additionalProperties"] != false {
				t.Errorf("%s: the request body schema must have additionalProperties: false (decodeJSON rejects unknown fields)", o.key)
			}
			for _, status := range []string{"400", "413"} {
				if _, ok := asMap(o.op["responses"])[status]; !ok {
					t.Errorf("%s takes a body but documents no %s", o.key, status)
				}
			}
		}
	}
	for key := range noClientErrors {
		if !slices.ContainsFunc(operations(t, doc), func(o operation) bool { return o.key == key }) {
			t.Errorf("noClientErrors names %s, which is not documented", key)
		}
	}
}

// TestOpenAPIErrorCodes checks that the Error schema lists every code the
// error handler maps to a status.
func TestOpenAPIErrorCodes(t *testing.T) {
	doc := fetchOpenAPI(t, newTestServer(t))
	v, ok := resolvePointer(doc, "/components/schemas/Error/properties/error/properties/code/enum")
	if !ok {
		t.Fatal("components.schemas.Error has no error.code enum")
	}
	enum := map[string]bool{}
	for _, c := range asSlice(v) {
		if c, ok := c.(string); ok {
			enum[c] = true
		}
	}
	for code := range statusOf {
		if !enum[code] {
			t.Errorf("Error.code enum lacks %q", code)
		}
	}
}

func asMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func asSlice(v any) []any {
	s, _ := v.([]any)
	return s
}

// deref follows v's $ref, if it has one.
func deref(doc map[string]any, v any) map[string]any {
	m := asMap(v)
	if r, ok := m["$ref"].(string); ok {
		target, _ := resolvePointer(doc, strings.TrimPrefix(r, "#"))
		return asMap(target)
	}
	return m
}
