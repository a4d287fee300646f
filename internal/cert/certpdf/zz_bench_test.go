package certpdf

import (
	"bytes"
	"os"
	"testing"
)

func BenchmarkZZSubset(b *testing.B) {
	reg, _ := os.ReadFile("/tmp/cert/DejaVuSans-sub.ttf")
	bold, _ := os.ReadFile("/tmp/cert/DejaVuSans-Bold-sub.ttf")
	r := *testRenderer(b)
	r.regular, r.bold = reg, bold
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := r.Write(&buf, []Page{hoa()}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "bytes/pdf")
}
