package auth

import (
	"context"
	"slices"

	"github.com/hocvuso/hocvuso/internal/lms"
	"github.com/hocvuso/hocvuso/internal/phone"
	"github.com/hocvuso/hocvuso/internal/validation"
)

// RegisterInput is what a learner gives to sign up.
type RegisterInput struct {
	Phone     string `json:"phone" validate:"required,vnphone"`
	Password  string `json:"password" validate:"required,secret"`
	Name      string `json:"name" validate:"required,personname"`
	BirthYear int    `json:"birth_year" validate:"required,birthyear"`
	Gender    string `json:"gender" validate:"required,oneof=female male other"`
	UnitCode  string `json:"unit_code" validate:"required,commune"`
	Ethnicity string `json:"ethnicity,omitempty" validate:"omitempty,ethnicity"`
}

// Register creates a learner account. EINVALID names each bad field;
// ECONFLICT if the phone already has an account.
func (s *Service) Register(ctx context.Context, in RegisterInput) (*lms.User, error) {
	if err := s.validate.Struct(in); err != nil {
		return nil, err
	}
	return s.create(ctx, &lms.User{
		Phone: in.Phone, Name: in.Name, BirthYear: in.BirthYear, Gender: lms.Gender(in.Gender),
		Ethnicity: in.Ethnicity, UnitCode: in.UnitCode, Role: lms.RoleLearner,
	}, in.Password)
}

// RegisterAssisted creates a learner account on the learner's behalf, as
// Register does, marked assisted.
func (s *Service) RegisterAssisted(ctx context.Context, in RegisterInput) (*lms.User, error) {
	if err := s.validate.Struct(in); err != nil {
		return nil, err
	}
	return s.create(ctx, &lms.User{
		Phone: in.Phone, Name: in.Name, BirthYear: in.BirthYear, Gender: lms.Gender(in.Gender),
		Ethnicity: in.Ethnicity, UnitCode: in.UnitCode, Role: lms.RoleLearner, Assisted: true,
	}, in.Password)
}

// StaffInput creates a trainer, official or admin from the command line.
type StaffInput struct {
	Phone    string `json:"phone" validate:"required,vnphone"`
	Password string `json:"password" validate:"required,secret"`
	Name     string `json:"name" validate:"required,personname"`
	Role     string `json:"role" validate:"required,role"`
	UnitCode string `json:"unit_code" validate:"required,unit"`
}

// CreateStaff creates an account with any role scoped to any unit (a
// province or a commune) and records it in the audit log. actorID is ""
// for the command line.
func (s *Service) CreateStaff(ctx context.Context, actorID string, in StaffInput) (*lms.User, error) {
	if err := s.validate.Struct(in); err != nil {
		return nil, err
	}
	u, err := s.create(ctx, &lms.User{Phone: in.Phone, Name: in.Name, UnitCode: in.UnitCode, Role: lms.Role(in.Role)}, in.Password)
	if err != nil {
		return nil, err
	}
	err = s.store.AppendAudit(ctx, &lms.AuditEntry{ID: NewID(), At: s.now(), ActorID: actorID,
		Action: "user.create", Target: u.ID, UnitCode: u.UnitCode, Detail: "role=" + string(u.Role)})
	return u, err
}

// create normalises, hashes and stores u.
func (s *Service) create(ctx context.Context, u *lms.User, secret string) (*lms.User, error) {
	u.Phone, _ = phone.Normalize(u.Phone)
	u.Name = validation.CleanName(u.Name)
	u.ID = NewID()
	u.CreatedAt = s.now()
	u.UpdatedAt = u.CreatedAt
	hash, err := s.hasher.Hash(ctx, secret)
	if err != nil {
		return nil, lms.Internal("auth: hash secret", err)
	}
	u.SecretHash = hash
	if err := s.store.CreateUser(ctx, u); err != nil {
		if lms.ErrorCode(err) == lms.ECONFLICT {
			e := validation.FieldInvalid("phone", lms.Text{
				VI: "Số điện thoại này đã có tài khoản. Hãy đăng nhập, hoặc nhờ người hướng dẫn giúp.",
				EN: "This phone number already has an account. Sign in, or ask your trainer for help."})
			e.Code = lms.ECONFLICT
			e.Message = lms.Text{VI: "Số điện thoại này đã được đăng ký.", EN: "This phone number is already registered."}
			return nil, e
		}
		return nil, err
	}
	return u, nil
}

// ProfileInput is what a signed-in user may change about themselves.
// An empty UnitCode keeps the current one.
type ProfileInput struct {
	Name      string `json:"name" validate:"required,personname"`
	BirthYear int    `json:"birth_year" validate:"required,birthyear"`
	Gender    string `json:"gender" validate:"required,oneof=female male other"`
	UnitCode  string `json:"unit_code" validate:"omitempty,commune"`
	Ethnicity string `json:"ethnicity" validate:"omitempty,ethnicity"`
}

// UpdateProfile changes u's own details. Only a learner moves their home
// commune here; the scope of staff is changed from the command line, so
// their UnitCode is ignored. EINVALID names each bad field.
func (s *Service) UpdateProfile(ctx context.Context, u *lms.User, in ProfileInput) (*lms.User, error) {
	if u.Role != lms.RoleLearner {
		in.UnitCode = ""
	}
	if err := s.validate.Struct(in); err != nil {
		return nil, err
	}
	next := *u
	next.Name, next.BirthYear, next.Gender, next.Ethnicity = validation.CleanName(in.Name), in.BirthYear, lms.Gender(in.Gender), in.Ethnicity
	if in.UnitCode != "" {
		next.UnitCode = in.UnitCode
	}
	next.UpdatedAt = s.now()
	if err := s.store.UpdateUser(ctx, &next); err != nil {
		return nil, err
	}
	return &next, nil
}

// ChangeSecret replaces u's password or PIN after checking the current one,
// and signs out every other session. EINVALID naming current_password if
// it is wrong (not EUNAUTHORIZED, which would tell a client it was signed
// out); wrong guesses count against the phone's sign-in limit, so a
// borrowed, signed-in phone cannot be used to guess the PIN (ETOOMANY).
func (s *Service) ChangeSecret(ctx context.Context, u *lms.User, current, next, keepToken string) error {
	now := s.now()
	phoneKey := "login:phone:" + u.Phone
	if err := s.checkLimit(ctx, phoneKey, s.cfg.MaxPhoneFailures, now); err != nil {
		return err
	}
	ok, err := s.hasher.Verify(ctx, u.SecretHash, current)
	if err != nil {
		return lms.Internal("auth: verify secret", err)
	}
	if !ok {
		if _, err := s.store.HitRate(ctx, phoneKey, s.cfg.LoginWindow, now); err != nil {
			return err
		}
		return validation.FieldInvalid("current_password", lms.Text{
			VI: "Mật khẩu hoặc mã PIN hiện tại không đúng.", EN: "The current password or PIN is wrong."})
	}
	if !validation.ValidSecret(next) {
		return validation.FieldInvalid("new_password", lms.Text{
			VI: "Hãy chọn mã PIN 6 chữ số khó đoán, hoặc mật khẩu từ 8 ký tự trở lên.",
			EN: "Choose a 6-digit PIN that is hard to guess, or a password of at least 8 characters."})
	}
	hash, err := s.hasher.Hash(ctx, next)
	if err != nil {
		return lms.Internal("auth: hash secret", err)
	}
	updated := *u
	updated.SecretHash, updated.UpdatedAt = hash, s.now()
	if err := s.store.UpdateUser(ctx, &updated); err != nil {
		return err
	}
	if _, err := s.store.DeleteUserSessions(ctx, u.ID); err != nil {
		return err
	}
	if keepToken == "" {
		return nil
	}
	// Keep the device that made the change signed in.
	return s.store.CreateSession(ctx, &lms.Session{TokenHash: hashToken(keepToken), UserID: u.ID,
		CreatedAt: s.now(), ExpiresAt: s.now().Add(s.cfg.SessionTTL)})
}

// TextSizes are the text sizes a person may choose, in percent.
var TextSizes = []int{100, 125, 150, 200}

// UpdatePrefs saves a person's reading settings so every device they sign
// in on uses them. EINVALID for a text size not offered.
func (s *Service) UpdatePrefs(ctx context.Context, u *lms.User, p lms.Prefs) (*lms.User, error) {
	if p.TextSize != 0 && !slices.Contains(TextSizes, p.TextSize) {
		return nil, validation.FieldInvalid("text_size", lms.Text{
			VI: "Cỡ chữ phải là 100, 125, 150 hoặc 200.", EN: "The text size must be 100, 125, 150 or 200."})
	}
	next := *u
	next.Prefs, next.UpdatedAt = p, s.now()
	if err := s.store.UpdateUser(ctx, &next); err != nil {
		return nil, err
	}
	return &next, nil
}
