package units

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
)

// The dataset compiled into the binary, with SOURCE.md: its provenance and
// the upstream MIT licence notice, which must travel with every copy of the
// data, the binary included.
//
//go:embed data/provinces.csv data/communes.csv data/SOURCE.md
var embedded embed.FS

// SourceNotice returns data/SOURCE.md verbatim: where the embedded dataset
// comes from, how it was corrected, and the MIT licence it is under. Serve
// or print it wherever the program lists third-party notices.
func SourceNotice() string {
	b, err := embedded.ReadFile("data/SOURCE.md")
	if err != nil {
		panic("units: SOURCE.md missing from the embedded files: " + err.Error()) // cannot happen: go:embed fails the build
	}
	return string(b)
}

// File names of a dataset, in the embedded data and in a LoadDir directory.
const (
	provincesFile = "provinces.csv"
	communesFile  = "communes.csv"
)

// Embedded parses the dataset compiled into the binary: the units in force
// from 1 July 2025. It parses on every call; call it once at start-up and
// share the Registry.
func Embedded() (*Registry, error) {
	prov, err := embedded.ReadFile("data/" + provincesFile)
	if err != nil {
		return nil, fmt.Errorf("units: read embedded %s: %w", provincesFile, err)
	}
	comm, err := embedded.ReadFile("data/" + communesFile)
	if err != nil {
		return nil, fmt.Errorf("units: read embedded %s: %w", communesFile, err)
	}
	return parse("data/"+provincesFile, prov, "data/"+communesFile, comm)
}

// LoadDir loads a dataset from provinces.csv and communes.csv in dir, in the
// same format as the embedded one (see data/SOURCE.md). This is how an
// operator follows later changes to the units (communes that become wards,
// say) without a rebuild. Every problem found is reported, one per line, as
// "file:line: message"; nothing is returned unless the whole dataset is valid.
func LoadDir(dir string) (*Registry, error) {
	provPath := filepath.Join(dir, provincesFile)
	commPath := filepath.Join(dir, communesFile)
	prov, err := os.ReadFile(provPath)
	if err != nil {
		return nil, fmt.Errorf("units: %w", err)
	}
	comm, err := os.ReadFile(commPath)
	if err != nil {
		return nil, fmt.Errorf("units: %w", err)
	}
	return parse(provPath, prov, commPath, comm)
}

// parse validates both files and builds a Registry from them.
func parse(provName string, prov []byte, commName string, comm []byte) (*Registry, error) {
	var errs problems
	provinces, provLines := readProvinces(provName, prov, &errs)
	known := make(map[string]bool, len(provinces))
	for _, p := range provinces {
		known[p.Code] = true
	}
	rejected := func(code string) bool { _, inFile := provLines[code]; return inFile && !known[code] }
	communes := readCommunes(commName, comm, known, rejected, &errs)
	checkEveryProvinceHasCommunes(provName, provLines, provinces, communes, &errs)
	if err := errs.err(); err != nil {
		return nil, err
	}
	return newRegistry(provinces, communes, version(prov, comm)), nil
}

// version hashes both files, each preceded by its name and length so that
// moving bytes from one file to the other changes the result.
func version(prov, comm []byte) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s %d\n", provincesFile, len(prov))
	h.Write(prov)
	fmt.Fprintf(h, "%s %d\n", communesFile, len(comm))
	h.Write(comm)
	return hex.EncodeToString(h.Sum(nil))[:12]
}
