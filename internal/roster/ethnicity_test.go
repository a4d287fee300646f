package roster_test

import (
	"testing"

	"github.com/hocvuso/hocvuso/internal/ethnic"
	"github.com/hocvuso/hocvuso/internal/roster"
)

func TestEthnicityCode(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"kinh", "kinh"}, {"KINH", "kinh"}, {"Ê-đê", "ede"}, {"ê đê", "ede"}, {"Ede", "ede"},
		{"Khơ-me", "khome"}, {"Khmer", "khome"}, {"H'Mông", "hmong"}, {"Bru-Vân Kiều", "bruvankieu"},
		{"Gia Rai", "giarai"}, {"giarai", "giarai"}, {"Mạ", "ma"}, {"Mảng", "mang"}, {"Hoa (Chinese)", "hoa"},
		{"Việt", ""}, {"", ""}, {"-", ""}, {"kinh hoa", ""},
	}
	for _, tt := range tests {
		got, ok := roster.EthnicityCode(tt.in)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("EthnicityCode(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
}

// Every group's names must lead back to that group and no other.
func TestEthnicityCodeEveryGroup(t *testing.T) {
	for _, g := range ethnic.All() {
		for _, name := range []string{g.Code, g.NameVI, g.NameEN} {
			if got, ok := roster.EthnicityCode(name); !ok || got != g.Code {
				t.Errorf("EthnicityCode(%q) = %q, %v; want %q", name, got, ok, g.Code)
			}
		}
	}
}
