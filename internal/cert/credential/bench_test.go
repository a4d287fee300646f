package credential

import "testing"

// BenchmarkBuildSign is the cost of the credential in issuing one
// certificate (the product's target: 50 certificates/s with the PDF).
func BenchmarkBuildSign(b *testing.B) {
	k := newKey(b, testNow)
	iss, sub := testIssuer(), testSubject()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Sign(Build(testBase, iss, sub, 94567), k); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerify(b *testing.B) {
	k := newKey(b, testNow)
	_, tok := signed(b, k)
	keys := []Key{newKey(b, testNow), k}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Verify(tok, keys, testNow); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncodeStatusList(b *testing.B) {
	revoked := make([]int, 1000)
	for i := range revoked {
		revoked[i] = i * 131
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := EncodeStatusList(StatusListSize, revoked); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkStatusAt(b *testing.B) {
	enc, err := EncodeStatusList(StatusListSize, []int{94567})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := StatusAt(enc, 94567); err != nil {
			b.Fatal(err)
		}
	}
}
