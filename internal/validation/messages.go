package validation

import (
	"github.com/hocvuso/hocvuso/internal/lms"
)

// labels are how each field is called on the forms.
var labels = map[string]lms.Text{
	"phone":            {VI: "Số điện thoại", EN: "Phone number"},
	"password":         {VI: "Mật khẩu hoặc mã PIN", EN: "Password or PIN"},
	"new_password":     {VI: "Mật khẩu mới", EN: "New password"},
	"current_password": {VI: "Mật khẩu hiện tại", EN: "Current password"},
	"name":             {VI: "Họ và tên", EN: "Full name"},
	"birth_year":       {VI: "Năm sinh", EN: "Year of birth"},
	"gender":           {VI: "Giới tính", EN: "Gender"},
	"unit_code":        {VI: "Xã, phường, đặc khu", EN: "Commune, ward or special zone"},
	"ethnicity":        {VI: "Dân tộc", EN: "Ethnic group"},
	"role":             {VI: "Vai trò", EN: "Role"},
}

// Label returns the bilingual name of a field.
func Label(field string) lms.Text {
	if l, ok := labels[field]; ok {
		return l
	}
	return lms.Text{VI: field, EN: field}
}

// message says what is wrong with a field and what to type instead.
func message(field, tag, param string) lms.Text {
	l := Label(field)
	switch tag {
	case "required":
		return lms.Text{VI: l.VI + ": vui lòng điền thông tin này.", EN: l.EN + ": please fill this in."}
	case "vnphone":
		return lms.Text{VI: "Số điện thoại không đúng. Hãy nhập số di động Việt Nam, ví dụ 0912 345 678.",
			EN: "This phone number is not valid. Enter a Vietnamese mobile number, for example 0912 345 678."}
	case "secret":
		return lms.Text{VI: "Hãy chọn mã PIN 6 chữ số khó đoán (không dùng 123456 hay 111111), hoặc mật khẩu từ 8 ký tự trở lên.",
			EN: "Choose a 6-digit PIN that is hard to guess (not 123456 or 111111), or a password of at least 8 characters."}
	case "personname":
		return lms.Text{VI: "Họ và tên chỉ gồm chữ cái và dấu cách, từ 2 đến 100 ký tự, ví dụ Nguyễn Thị Hoa.",
			EN: "The name may contain only letters and spaces, 2 to 100 characters, for example Nguyễn Thị Hoa."}
	case "birthyear":
		return lms.Text{VI: "Năm sinh phải là năm có 4 chữ số, ví dụ 1958.", EN: "Enter the year of birth as 4 digits, for example 1958."}
	case "commune":
		return lms.Text{VI: "Hãy chọn xã, phường hoặc đặc khu trong danh sách.", EN: "Choose a commune, ward or special zone from the list."}
	case "unit":
		return lms.Text{VI: "Mã đơn vị hành chính không có trong danh sách.", EN: "This administrative unit code is not on the list."}
	case "ethnicity":
		return lms.Text{VI: "Hãy chọn dân tộc trong danh sách, hoặc để trống.", EN: "Choose an ethnic group from the list, or leave it empty."}
	case "role":
		return lms.Text{VI: "Vai trò phải là learner, trainer, official hoặc admin.", EN: "The role must be learner, trainer, official or admin."}
	case "oneof":
		return lms.Text{VI: l.VI + ": hãy chọn một trong các giá trị: " + param + ".", EN: l.EN + ": choose one of: " + param + "."}
	case "max":
		return lms.Text{VI: l.VI + ": quá dài (tối đa " + param + ").", EN: l.EN + ": too long (at most " + param + ")."}
	case "min":
		return lms.Text{VI: l.VI + ": quá ngắn (tối thiểu " + param + ").", EN: l.EN + ": too short (at least " + param + ")."}
	}
	return lms.Text{VI: l.VI + ": giá trị không hợp lệ.", EN: l.EN + ": this value is not valid."}
}
