package credential

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

const testBase = "https://hocvuso.example.vn"

var testNow = time.Date(2026, 5, 4, 10, 30, 15, 123456789, time.UTC)

func testIssuer() Issuer {
	return Issuer{ID: "did:web:hocvuso.example.vn", Name: "Bình dân học vụ số — hocvuso", URL: testBase}
}

func testSubject() Subject {
	return Subject{
		Code: "7KQ2M9XHPA",
		Name: "  Nguyễn Thị   Hoà ",
		Achievement: Achievement{
			ID:          testBase + "/courses/an-toan-tren-mang",
			Name:        "An toàn trên mạng",
			Description: "Nhận biết lừa đảo trực tuyến, đặt mật khẩu mạnh & bảo vệ thông tin cá nhân.",
			Criteria:    "Hoàn thành mọi bài học và đạt bài kiểm tra cuối khóa.",
			Skills:      []string{"mật khẩu", "lừa đảo trực tuyến", "mật khẩu", " "},
		},
		IssuedAt: testNow,
		Lang:     "vi",
	}
}

// normalize turns a Go value into what encoding/json decodes it to.
func normalize(t testing.TB, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// repoRoot is the folder holding go.mod, found by walking up.
func repoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above the test's working directory")
		}
		dir = parent
	}
}

// openBadgesDir is the shared copy of the official Open Badges 3.0 files,
// beside the repository (../shared/data/openbadges-3.0).
func openBadgesDir(t testing.TB) string {
	t.Helper()
	dir := filepath.Join(repoRoot(t), "..", "shared", "data", "openbadges-3.0")
	if _, err := os.Stat(dir); err != nil {
		t.Skip("../shared/data/openbadges-3.0 is absent: cannot validate against the official Open Badges 3.0 schema")
	}
	return dir
}

// offline is the schema loader: every resource is registered from local
// files up front, and anything else is refused — never fetched.
type offline struct{}

func (offline) Load(url string) (any, error) {
	return nil, fmt.Errorf("no network: refusing to fetch %s (register it from a local file)", url)
}

// officialSchema compiles the official AchievementCredential JSON Schema
// (draft 2019-09) from the shared folder, with format assertions on.
func officialSchema(t testing.TB) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(filepath.Join(openBadgesDir(t), "achievementcredential.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	id, _ := doc.(map[string]any)["$id"].(string)
	if id == "" {
		t.Fatal("the schema has no $id")
	}
	c := jsonschema.NewCompiler()
	c.UseLoader(offline{})
	c.AssertFormat()
	if err := c.AddResource(id, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(id)
	if err != nil {
		t.Fatalf("compile the official schema offline: %v", err)
	}
	return sch
}

func asInstance(t testing.TB, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return inst
}

func TestBuildValidatesAgainstOfficialSchema(t *testing.T) {
	sch := officialSchema(t)
	bare := testSubject()
	bare.Achievement.Criteria, bare.Achievement.Description, bare.Achievement.Skills, bare.Lang = "", "", nil, "xx-invalid-tag"
	cases := map[string]map[string]any{
		"full":                Build(testBase, testIssuer(), testSubject(), 94567),
		"trailing slash base": Build(testBase+"/", testIssuer(), testSubject(), 0),
		"minimal":             Build(testBase, Issuer{ID: "did:web:hocvuso.example.vn"}, bare, StatusListSize-1),
		"no status entry":     Build(testBase, testIssuer(), testSubject(), -1),
	}
	for name, cred := range cases {
		t.Run(name, func(t *testing.T) {
			if err := sch.Validate(asInstance(t, cred)); err != nil {
				t.Fatalf("the credential does not validate against the official OB 3.0 schema:\n%v", err)
			}
		})
	}

	// Guard against a validator that accepts anything: break the
	// credential in ways the schema forbids.
	broken := map[string]func(c map[string]any){
		"no achievement criteria": func(c map[string]any) {
			delete(c["credentialSubject"].(map[string]any)["achievement"].(map[string]any), "criteria")
		},
		"contexts swapped":     func(c map[string]any) { c["@context"] = []any{ContextOB303, ContextVC2} },
		"no OB type":           func(c map[string]any) { c["type"] = []any{"VerifiableCredential"} },
		"validFrom not a date": func(c map[string]any) { c["validFrom"] = "4 May 2026" },
		"identity not hashed flag": func(c map[string]any) {
			id := c["credentialSubject"].(map[string]any)["identifier"].([]any)[0].(map[string]any)
			delete(id, "hashed")
		},
		"bad inLanguage": func(c map[string]any) {
			c["credentialSubject"].(map[string]any)["achievement"].(map[string]any)["inLanguage"] = "Vietnamese"
		},
	}
	for name, breakIt := range broken {
		t.Run("rejects "+name, func(t *testing.T) {
			c := normalize(t, Build(testBase, testIssuer(), testSubject(), 1)).(map[string]any)
			breakIt(c)
			if err := sch.Validate(asInstance(t, c)); err == nil {
				t.Fatal("the schema accepted a broken credential: is the validator checking anything?")
			}
		})
	}
}

func TestBuildShape(t *testing.T) {
	got := normalize(t, Build(testBase+"/", testIssuer(), testSubject(), 94567)).(map[string]any)
	want := normalize(t, map[string]any{
		"@context":    []string{"https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"},
		"id":          "https://hocvuso.example.vn/api/v1/certificates/7KQ2M9XHPA",
		"type":        []string{"VerifiableCredential", "OpenBadgeCredential"},
		"issuer":      map[string]any{"id": "did:web:hocvuso.example.vn", "type": []string{"Profile"}, "name": "Bình dân học vụ số — hocvuso", "url": testBase},
		"validFrom":   "2026-05-04T10:30:15Z",
		"awardedDate": "2026-05-04T10:30:15Z",
		"name":        "An toàn trên mạng",
		"credentialSubject": map[string]any{
			"type": []string{"AchievementSubject"},
			"identifier": []any{map[string]any{
				"type": "IdentityObject", "identityType": "name", "hashed": false, "identityHash": "Nguyễn Thị Hoà",
			}},
			"achievement": map[string]any{
				"id":              testBase + "/courses/an-toan-tren-mang",
				"type":            []string{"Achievement"},
				"achievementType": "CertificateOfCompletion",
				"name":            "An toàn trên mạng",
				"description":     "Nhận biết lừa đảo trực tuyến, đặt mật khẩu mạnh & bảo vệ thông tin cá nhân.",
				"criteria":        map[string]any{"narrative": "Hoàn thành mọi bài học và đạt bài kiểm tra cuối khóa."},
				"tag":             []string{"mật khẩu", "lừa đảo trực tuyến"},
				"inLanguage":      "vi",
			},
		},
		"credentialStatus": map[string]any{
			"id":                   "https://hocvuso.example.vn/api/v1/status/1#94567",
			"type":                 "BitstringStatusListEntry",
			"statusPurpose":        "revocation",
			"statusListIndex":      "94567",
			"statusListCredential": "https://hocvuso.example.vn/api/v1/status/1",
		},
	})
	if !reflect.DeepEqual(got, want) {
		g, _ := json.MarshalIndent(got, "", "  ")
		w, _ := json.MarshalIndent(want, "", "  ")
		t.Fatalf("Build:\n%s\nwant:\n%s", g, w)
	}

	// Without criteria the course page stands for them; without a
	// description the name does.
	s := testSubject()
	s.Achievement.Criteria, s.Achievement.Description = " ", ""
	a := Build(testBase, testIssuer(), s, -1)
	if _, ok := a["credentialStatus"]; ok {
		t.Error("a negative status index still wrote credentialStatus")
	}
	ach := a["credentialSubject"].(map[string]any)["achievement"].(map[string]any)
	if c := ach["criteria"].(map[string]any); c["id"] != s.Achievement.ID || c["narrative"] != nil {
		t.Errorf("criteria without narrative = %v", c)
	}
	if ach["description"] != s.Achievement.Name {
		t.Errorf("description falls back to %q", ach["description"])
	}
}

func TestLanguageTag(t *testing.T) {
	for in, want := range map[string]string{"vi": "vi", "VI": "vi", "vi-vn": "vi-VN", "vi_VN": "vi-VN", "zh-hant-tw": "zh-Hant-TW", "es-419": "es-419"} {
		if got, ok := languageTag(in); !ok || got != want {
			t.Errorf("languageTag(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "vietnamese", "vi-", "x-klingon"} {
		if got, ok := languageTag(in); ok {
			t.Errorf("languageTag(%q) = %q accepted", in, got)
		}
	}
}

// TestTermsDefinedInContext checks that every property Build writes in an
// Open Badges object is a term of the OB 3.0.3 JSON-LD context (the local
// copy): a JSON-LD processor silently drops undefined terms.
func TestTermsDefinedInContext(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(openBadgesDir(t), "context-3.0.3.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Context map[string]any `json:"@context"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	top := map[string]bool{}
	for term := range doc.Context {
		top[term] = true
	}
	scoped := func(typ string) map[string]bool {
		terms := map[string]bool{}
		for k := range top {
			terms[k] = true
		}
		if def, ok := doc.Context[typ].(map[string]any); ok {
			if ctx, ok := def["@context"].(map[string]any); ok {
				for k := range ctx {
					terms[k] = true
				}
			}
		}
		return terms
	}
	cred := normalize(t, Build(testBase, testIssuer(), testSubject(), 5)).(map[string]any)
	subject := cred["credentialSubject"].(map[string]any)
	achievement := subject["achievement"].(map[string]any)
	objects := map[string]map[string]any{
		"Profile":            cred["issuer"].(map[string]any),
		"AchievementSubject": subject,
		"Achievement":        achievement,
		"Criteria":           achievement["criteria"].(map[string]any),
		"IdentityObject":     subject["identifier"].([]any)[0].(map[string]any),
	}
	for typ, obj := range objects {
		terms := scoped(typ)
		var undefined []string
		for k := range obj {
			if !terms[k] {
				undefined = append(undefined, k)
			}
		}
		sort.Strings(undefined)
		if len(undefined) > 0 {
			t.Errorf("%s: %s not defined by the OB 3.0.3 context", typ, strings.Join(undefined, ", "))
		}
	}
	// Top-level properties beyond the VC 2.0 ones must come from OB.
	vc2 := map[string]bool{"@context": true, "id": true, "type": true, "issuer": true, "validFrom": true, "validUntil": true,
		"name": true, "description": true, "credentialSubject": true, "credentialStatus": true}
	for k := range cred {
		if !vc2[k] && !top[k] {
			t.Errorf("top-level %q is neither a VC 2.0 nor an OB 3.0.3 term", k)
		}
	}
}

func TestNoPersonalDataBeyondTheName(t *testing.T) {
	cred := normalize(t, Build(testBase, testIssuer(), testSubject(), 5)).(map[string]any)
	subject := cred["credentialSubject"].(map[string]any)
	if _, ok := subject["id"]; ok {
		t.Error("credentialSubject.id would let a learner's certificates be linked")
	}
	keys := make([]string, 0, len(subject))
	for k := range subject {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if strings.Join(keys, ",") != "achievement,identifier,type" {
		t.Errorf("credentialSubject has %v", keys)
	}
	s := testSubject()
	s.Name = " "
	if _, ok := Build(testBase, testIssuer(), s, 5)["credentialSubject"].(map[string]any)["identifier"]; ok {
		t.Error("an empty name still wrote an identifier")
	}
}
