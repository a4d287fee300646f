package lms

import "time"

// Role says what a user may do. Every role is scoped to a unit: an official
// of a province sees the province and all its communes.
type Role string

// The roles, from least to most privileged.
const (
	RoleLearner  Role = "learner"
	RoleTrainer  Role = "trainer"
	RoleOfficial Role = "official"
	RoleAdmin    Role = "admin"
)

// Valid reports whether r is one of the defined roles.
func (r Role) Valid() bool {
	switch r {
	case RoleLearner, RoleTrainer, RoleOfficial, RoleAdmin:
		return true
	}
	return false
}

// Gender as the learner declares it; reports break completion down by it.
type Gender string

// The genders a learner may declare.
const (
	GenderFemale Gender = "female"
	GenderMale   Gender = "male"
	GenderOther  Gender = "other"
)

// User is an account. Phone is in canonical form (+84 followed by nine
// digits) and unique. SecretHash is an encoded argon2id hash of the
// password or PIN; no plain secret is ever stored.
type User struct {
	ID         string
	Phone      string
	Name       string
	BirthYear  int
	Gender     Gender
	Ethnicity  string // code of one of the 54 recognised groups, or ""
	UnitCode   string // home commune for learners; the scope for other roles
	Role       Role
	SecretHash string
	Assisted   bool // registered on the learner's behalf by a trainer
	Prefs      Prefs
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// Prefs are a person's reading settings, remembered across devices.
type Prefs struct {
	TextSize     int  // percent: 100, 125, 150 or 200; 0 means the default
	HighContrast bool // dark text on white with stronger outlines
}

// Session is a signed-in device. The token itself is given to the client
// once and only its SHA-256 hash is stored, so a leaked database does not
// leak live sessions.
type Session struct {
	TokenHash string
	UserID    string
	CreatedAt time.Time
	ExpiresAt time.Time
}

// RateCount is the state of one rate-limit counter window.
type RateCount struct {
	Count   int
	ResetAt time.Time // when the window ends
}

// AuditEntry records one administrative action.
type AuditEntry struct {
	ID       string
	At       time.Time
	ActorID  string // "" for the command line
	Action   string // e.g. "user.create"
	Target   string
	UnitCode string
	Detail   string
}
