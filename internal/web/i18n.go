package web

import "github.com/hocvuso/hocvuso/internal/lms"

// ui holds the text of the pages, Vietnamese first. Field error messages
// come from the validation package.
var ui = map[string]lms.Text{
	"site.name":        {VI: "Học vụ số", EN: "Học vụ số"},
	"site.tagline":     {VI: "Học kỹ năng số cùng nhau — không ai bị bỏ lại phía sau.", EN: "Learning digital skills together — no one left behind."},
	"nav.home":         {VI: "Trang chủ", EN: "Home"},
	"nav.signin":       {VI: "Đăng nhập", EN: "Sign in"},
	"nav.signup":       {VI: "Đăng ký", EN: "Sign up"},
	"nav.profile":      {VI: "Tài khoản", EN: "My account"},
	"nav.signout":      {VI: "Đăng xuất", EN: "Sign out"},
	"nav.language":     {VI: "English", EN: "Tiếng Việt"},
	"nav.skip":         {VI: "Bỏ qua, đến nội dung chính", EN: "Skip to main content"},
	"home.title":       {VI: "Học vụ số", EN: "Học vụ số"},
	"home.hello":       {VI: "Xin chào", EN: "Hello"},
	"home.intro":       {VI: "Tại đây bạn học cách dùng điện thoại thông minh, làm thủ tục trên mạng, phòng tránh lừa đảo và hiểu về trí tuệ nhân tạo. Mỗi bài học ngắn, dễ hiểu, có thể nghe đọc to.", EN: "Here you learn to use a smartphone, do public services online, avoid scams and understand artificial intelligence. Every lesson is short and easy, and can be read aloud."},
	"home.start":       {VI: "Tạo tài khoản để bắt đầu", EN: "Create an account to start"},
	"home.have":        {VI: "Đã có tài khoản?", EN: "Already have an account?"},
	"signup.title":     {VI: "Đăng ký tài khoản", EN: "Create an account"},
	"signup.intro":     {VI: "Điền các thông tin dưới đây. Nếu cần, hãy nhờ người hướng dẫn giúp.", EN: "Fill in the details below. Ask your trainer for help if you need it."},
	"signup.submit":    {VI: "Đăng ký", EN: "Create account"},
	"signup.step1":     {VI: "Bước 1: Chọn tỉnh, thành phố nơi bạn sống", EN: "Step 1: Choose the province or city where you live"},
	"signup.step2":     {VI: "Bước 2: Điền thông tin của bạn", EN: "Step 2: Fill in your details"},
	"signup.choose":    {VI: "Chọn", EN: "Choose"},
	"signin.title":     {VI: "Đăng nhập", EN: "Sign in"},
	"signin.submit":    {VI: "Đăng nhập", EN: "Sign in"},
	"signin.noaccount": {VI: "Chưa có tài khoản?", EN: "No account yet?"},
	"profile.title":    {VI: "Tài khoản của tôi", EN: "My account"},
	"profile.saved":    {VI: "Đã lưu thông tin.", EN: "Your details are saved."},
	"profile.save":     {VI: "Lưu thông tin", EN: "Save"},
	"profile.secret":   {VI: "Đổi mật khẩu hoặc mã PIN", EN: "Change password or PIN"},
	"profile.current":  {VI: "Mật khẩu hoặc mã PIN hiện tại", EN: "Current password or PIN"},
	"profile.new":      {VI: "Mật khẩu hoặc mã PIN mới", EN: "New password or PIN"},
	"profile.changed":  {VI: "Đã đổi mật khẩu. Các thiết bị khác đã được đăng xuất.", EN: "Password changed. Other devices have been signed out."},
	"profile.role":     {VI: "Vai trò", EN: "Role"},
	"profile.unit":     {VI: "Đơn vị", EN: "Unit"},
	"field.phone":      {VI: "Số điện thoại di động", EN: "Mobile phone number"},
	"field.phone.hint": {VI: "Ví dụ: 0912 345 678", EN: "For example: 0912 345 678"},
	"field.password":   {VI: "Mật khẩu hoặc mã PIN", EN: "Password or PIN"},
	"field.password.hint": {VI: "Mã PIN gồm 6 chữ số dễ nhớ với bạn nhưng khó đoán (không dùng 123456), hoặc mật khẩu từ 8 ký tự.",
		EN: "A 6-digit PIN you can remember but others cannot guess (not 123456), or a password of 8 characters or more."},
	"field.password.again": {VI: "Vì an toàn, hãy nhập lại mật khẩu hoặc mã PIN.", EN: "For your safety, type your password or PIN again."},
	"field.name":           {VI: "Họ và tên", EN: "Full name"},
	"field.birth_year":     {VI: "Năm sinh", EN: "Year of birth"},
	"field.gender":         {VI: "Giới tính", EN: "Gender"},
	"field.province":       {VI: "Tỉnh, thành phố", EN: "Province or city"},
	"field.unit_code":      {VI: "Xã, phường, đặc khu", EN: "Commune, ward or special zone"},
	"field.ethnicity":      {VI: "Dân tộc (không bắt buộc)", EN: "Ethnic group (optional)"},
	"field.choose":         {VI: "— Chọn —", EN: "— Choose —"},
	"field.choose.first":   {VI: "Chọn tỉnh trước", EN: "Choose the province first"},
	"gender.female":        {VI: "Nữ", EN: "Female"},
	"gender.male":          {VI: "Nam", EN: "Male"},
	"gender.other":         {VI: "Khác", EN: "Other"},
	"role.learner":         {VI: "Người học", EN: "Learner"},
	"role.trainer":         {VI: "Người hướng dẫn", EN: "Trainer"},
	"role.official":        {VI: "Cán bộ", EN: "Official"},
	"role.admin":           {VI: "Quản trị", EN: "Administrator"},
	"error.title":          {VI: "Có lỗi", EN: "Something went wrong"},
	"error.home":           {VI: "Về trang chủ", EN: "Go to the home page"},
	"error.back":           {VI: "Quay lại", EN: "Go back"},
}

func uiText(key string) lms.Text {
	if t, ok := ui[key]; ok {
		return t
	}
	return lms.Text{VI: key, EN: key}
}
