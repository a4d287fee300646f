package units_test

import "testing"

func BenchmarkGet(b *testing.B) {
	r := MustEmbedded(b)
	for b.Loop() {
		r.Get("06970")
	}
}

func BenchmarkContains(b *testing.B) {
	r := MustEmbedded(b)
	for b.Loop() {
		r.Contains("22", "06970")
	}
}

func BenchmarkSearch(b *testing.B) {
	r := MustEmbedded(b)
	for _, q := range []string{"ha long", "long", "x"} {
		b.Run(q, func(b *testing.B) {
			for b.Loop() {
				r.Search(q, 10)
			}
		})
	}
}

func BenchmarkEmbedded(b *testing.B) {
	for b.Loop() {
		MustEmbedded(b)
	}
}
