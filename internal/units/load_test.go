package units_test

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hocvuso/hocvuso/internal/units"
)

// readData returns the lines of a file in the embedded dataset.
func readData(tb testing.TB, name string) []string {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("data", name))
	if err != nil {
		tb.Fatal(err)
	}
	return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
}

// MustWriteDataset writes provinces.csv and communes.csv into a new temp dir.
func MustWriteDataset(tb testing.TB, provinces, communes []string) string {
	tb.Helper()
	dir := tb.TempDir()
	for name, lines := range map[string][]string{"provinces.csv": provinces, "communes.csv": communes} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

func TestLoadDirRoundTrip(t *testing.T) {
	emb := MustEmbedded(t)
	dir := MustWriteDataset(t, readData(t, "provinces.csv"), readData(t, "communes.csv"))
	r, err := units.LoadDir(dir)
	if err != nil {
		t.Fatalf("LoadDir: %v", err)
	}
	if r.Version() != emb.Version() {
		t.Errorf("Version = %s, want %s (same bytes)", r.Version(), emb.Version())
	}
	for _, p := range emb.Provinces() {
		want := emb.Communes(p.Code)
		got := r.Communes(p.Code)
		if len(got) != len(want) {
			t.Fatalf("province %s: %d communes, want %d", p.Code, len(got), len(want))
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("commune %d of %s = %+v, want %+v", i, p.Code, got[i], want[i])
			}
		}
	}
}

// A later dataset (communes that became wards in 2026) loads without a rebuild.
func TestLoadDirUpdatedDataset(t *testing.T) {
	communes := readData(t, "communes.csv")
	changed := false
	for i, l := range communes {
		if strings.Contains(l, ",Lộc Ninh,xã,75") {
			communes[i] = strings.Replace(l, ",xã,", ",phường,", 1)
			changed = true
		}
	}
	if !changed {
		t.Fatal("Lộc Ninh (75) not found in the test data")
	}
	r, err := units.LoadDir(MustWriteDataset(t, readData(t, "provinces.csv"), communes))
	if err != nil {
		t.Fatalf("LoadDir: %v", err)
	}
	found := r.Search("loc ninh", 1)
	if len(found) != 1 || found[0].Type != units.TypeWard {
		t.Errorf("Lộc Ninh after update = %+v, want a phường", found)
	}
	if r.Version() == MustEmbedded(t).Version() {
		t.Error("Version did not change with the data")
	}
}

func TestLoadDirRejectsBrokenFiles(t *testing.T) {
	type edit func(provinces, communes []string) ([]string, []string)
	setCommune := func(line int, text string) edit {
		return func(p, c []string) ([]string, []string) { c[line-1] = text; return p, c }
	}
	setProvince := func(line int, text string) edit {
		return func(p, c []string) ([]string, []string) { p[line-1] = text; return p, c }
	}
	tests := []struct {
		name string
		edit edit
		want []string // substrings of the error
	}{
		{"bad provinces header", setProvince(1, "ma,ten,loai"), []string{"provinces.csv:1: header is"}},
		{"bad communes header", setCommune(1, "code,name,type"), []string{"communes.csv:1: header is"}},
		{"duplicate code", setCommune(3, "00004,Trùng,phường,01"), []string{"communes.csv:3: duplicate code 00004 (first on line 2)"}},
		{"duplicate province", setProvince(3, "01,Trùng,tỉnh"), []string{"provinces.csv:3: duplicate code 01"}},
		{"unknown province", setCommune(2, "00004,Ba Đình,phường,99"), []string{"communes.csv:2: unknown province \"99\""}},
		{"commune code too short", setCommune(2, "0004,Ba Đình,phường,01"), []string{"communes.csv:2: code \"0004\" must be 5 digits"}},
		{"commune code not digits", setCommune(2, "0000A,Ba Đình,phường,01"), []string{"communes.csv:2: code \"0000A\" must be 5 digits"}},
		{"province code shape", setProvince(2, "1,Hà Nội,thành phố"), []string{"provinces.csv:2: code \"1\" must be 2 digits"}},
		{"empty name", setCommune(2, "00004,,phường,01"), []string{"communes.csv:2: empty name"}},
		{"blank name", setCommune(2, "00004,  ,phường,01"), []string{"communes.csv:2: empty name"}},
		{"padded name", setCommune(2, "00004, Ba Đình,phường,01"), []string{"communes.csv:2: name \" Ba Đình\" has leading"}},
		{"invalid UTF-8", setCommune(2, "00004,Ba \xff\xfe,phường,01"), []string{"communes.csv:2: column 2 is not valid UTF-8"}},
		{"not NFC", setCommune(2, "00004,Ba Đi\u0300nh,phường,01"), []string{"communes.csv:2: name", "not NFC-normalised"}},
		{"unknown commune type", setCommune(2, "00004,Ba Đình,quận,01"), []string{"communes.csv:2: unknown type \"quận\""}},
		{"province type on commune", setCommune(2, "00004,Ba Đình,tỉnh,01"), []string{"communes.csv:2: unknown type \"tỉnh\""}},
		{"unknown province type", setProvince(2, "01,Hà Nội,city"), []string{"provinces.csv:2: unknown type \"city\""}},
		{"missing column", setCommune(2, "00004,Ba Đình,phường"), []string{"communes.csv:2: 3 columns; want 4"}},
		{"bare quote", setCommune(2, `00004,Ba "Đình,phường,01`), []string{"communes.csv:2:"}},
		{"byte-order mark", setProvince(1, "\uFEFFcode,name,type"), []string{"provinces.csv:1: file starts with a byte-order mark"}},
		{"empty provinces", func(p, c []string) ([]string, []string) { return []string{""}, c }, []string{"provinces.csv:1: empty file"}},
		{"header only", func(p, c []string) ([]string, []string) { return p[:1], c }, []string{"provinces.csv:2: no provinces"}},
		{"province without communes", func(p, c []string) ([]string, []string) {
			kept := c[:0]
			for _, l := range c {
				if !strings.HasSuffix(l, ",22") {
					kept = append(kept, l)
				}
			}
			return p, kept
		}, []string{"provinces.csv:11: province 22 (Quảng Ninh) has no communes"}},
		{"several problems", func(p, c []string) ([]string, []string) {
			c[1] = "00004,,phường,01"
			c[5] = "00082,Cửa Nam,phường,98"
			return p, c
		}, []string{"communes.csv:2: empty name", "communes.csv:6: unknown province"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, c := tt.edit(readData(t, "provinces.csv"), readData(t, "communes.csv"))
			r, err := units.LoadDir(MustWriteDataset(t, p, c))
			if err == nil {
				t.Fatalf("LoadDir accepted the broken dataset (%d provinces)", len(r.Provinces()))
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestLoadDirManyProblemsAreCapped(t *testing.T) {
	c := readData(t, "communes.csv")
	for i := 1; i < len(c); i++ {
		c[i] = "1,x,xã,01"
	}
	_, err := units.LoadDir(MustWriteDataset(t, readData(t, "provinces.csv"), c))
	if err == nil {
		t.Fatal("LoadDir accepted the broken dataset")
	}
	if lines := strings.Count(err.Error(), "\n") + 1; lines > 25 || !strings.Contains(err.Error(), "more problems") {
		t.Errorf("error has %d lines; want a capped list ending in a count", lines)
	}
}

func TestLoadDirMissingFile(t *testing.T) {
	dir := MustWriteDataset(t, readData(t, "provinces.csv"), readData(t, "communes.csv"))
	if err := os.Remove(filepath.Join(dir, "communes.csv")); err != nil {
		t.Fatal(err)
	}
	_, err := units.LoadDir(dir)
	if err == nil || !strings.Contains(err.Error(), "communes.csv") {
		t.Errorf("LoadDir without communes.csv: err = %v", err)
	}
}

// The embedded CSVs must be byte-for-byte the files SOURCE.md describes.
func TestEmbeddedDataMatchesSourceHashes(t *testing.T) {
	source, err := os.ReadFile(filepath.Join("data", "SOURCE.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(source), "MIT License") {
		t.Error("SOURCE.md lacks the MIT licence notice")
	}
	for _, name := range []string{"provinces.csv", "communes.csv"} {
		b, err := os.ReadFile(filepath.Join("data", name))
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(b)
		if h := hex.EncodeToString(sum[:]); !strings.Contains(string(source), h) {
			t.Errorf("%s has SHA-256 %s, which SOURCE.md does not list", name, h)
		}
	}
}

func TestSourceNotice(t *testing.T) {
	want, err := os.ReadFile(filepath.Join("data", "SOURCE.md"))
	if err != nil {
		t.Fatal(err)
	}
	if got := units.SourceNotice(); got != string(want) || !strings.Contains(got, "Copyright (c) 2021 Thang Le Quoc") {
		t.Error("SourceNotice() is not data/SOURCE.md verbatim with the MIT notice")
	}
}

// A rejected province is reported once, not again for each of its communes.
func TestLoadDirRejectedProvinceReportedOnce(t *testing.T) {
	p := readData(t, "provinces.csv")
	p[1] = "01,Hà Nội,city"
	_, err := units.LoadDir(MustWriteDataset(t, p, readData(t, "communes.csv")))
	if err == nil {
		t.Fatal("LoadDir accepted an unknown province type")
	}
	if lines := strings.Split(err.Error(), "\n"); len(lines) != 1 || !strings.Contains(lines[0], "provinces.csv:2: unknown type") {
		t.Errorf("error = %q; want the one province problem only", err)
	}
}
