package mongodb

import (
	"testing"

	"github.com/hocvuso/hocvuso/internal/mongodb/mongotest"
	"github.com/hocvuso/hocvuso/internal/storetest"
)

// BenchmarkStore measures point operations. FerretDB v1 scans whole
// collections, so its figures say little about MongoDB; they are here to
// catch regressions in the adapter itself.
func BenchmarkStore(b *testing.B) {
	b.Run("FerretDB", func(b *testing.B) {
		storetest.Bench(b, opener(mongotest.StartFerret(b)), 1000)
	})
	b.Run("MongoDB", func(b *testing.B) {
		storetest.Bench(b, opener(realMongo(b)), 1000)
	})
}
