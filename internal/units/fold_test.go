package units

import "testing"

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Hạ Long", "ha long"},
		{"ĐẶC KHU Vân Đồn", "dac khu van don"},
		{"Ea H'Leo", "ea hleo"},
		{"Ea H’Leo", "ea hleo"},
		{"Bru-Vân Kiều", "bru van kieu"},
		{"  Phường   1 ", "phuong 1"},
		{"Thủy Nguyên", "thuy nguyen"},
		{"Hòa Bình", "hoa binh"},
		{"Ha\u0323 Long", "ha long"},
		{"ỳýỷỹỵ ắằẳẵặ ấầẩẫậ ếềểễệ ốồổỗộ ớờởỡợ ứừửữự", "yyyyy aaaaa aaaaa eeeee ooooo ooooo uuuuu"},
		{"", ""},
		{"--", ""},
	}
	for _, tt := range tests {
		if got := fold(tt.in); got != tt.want {
			t.Errorf("fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
