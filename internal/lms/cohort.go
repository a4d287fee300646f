package lms

import (
	"context"
	"errors"
	"time"
)

// Team roles.
const (
	TeamLeader  = "leader"
	TeamTrainer = "trainer"
)

// Class statuses.
const (
	ClassPlanned  = "planned"
	ClassRunning  = "running"
	ClassFinished = "finished"
)

// How a learner came into a class.
const (
	ViaCode     = "code"     // scanned the QR code or typed the join code
	ViaAssisted = "assisted" // registered on their behalf by a trainer
	ViaRoster   = "roster"   // imported from a roster file
)

// Team is a youth-union volunteer team (đội xung kích, đội thanh niên
// tình nguyện) of a commune or a province.
type Team struct {
	ID        string
	Name      string
	UnitCode  string
	LeaderID  string
	CreatedAt time.Time
}

// TeamMember is a trainer's membership of a team.
type TeamMember struct {
	TeamID   string
	UserID   string
	Role     string // leader or trainer
	JoinedAt time.Time
}

// Invite lets a trainer join a team with a one-time code sent to their
// phone by the leader.
type Invite struct {
	Code      string // six digits, single use, expires after a day
	TeamID    string
	Phone     string
	CreatedBy string
	ExpiresAt time.Time
	UsedBy    string
	UsedAt    time.Time
}

// ClassSession is one meeting of a class.
type ClassSession struct {
	ID     string
	Starts time.Time
	Note   string
}

// Class is an in-person class (lớp) held by a team in a commune. Its
// learners are its cohort.
type Class struct {
	ID         string
	TeamID     string
	Name       string
	UnitCode   string // the commune where it meets
	Place      string // e.g. "Nhà văn hóa thôn 3"
	Sessions   []ClassSession
	Courses    []string // course slugs taught
	TrainerIDs []string
	Capacity   int
	Status     string
	JoinCode   string // shown as text and as a QR code
	CreatedBy  string
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// ErrClassFull is the cause of the error a store's Enrol gives when the
// class has no place left.
var ErrClassFull = errors.New("class is full")

// ClassFull is the error for a learner who cannot join a full class.
func ClassFull(op string) *Error {
	return &Error{Code: ECONFLICT, Op: op, Err: ErrClassFull, Message: Text{
		VI: "Lớp này đã đủ người. Hãy hỏi người hướng dẫn lớp khác.",
		EN: "This class is full. Ask your trainer about another class."}}
}

// Enrolment is a learner in a class.
type Enrolment struct {
	ClassID string
	UserID  string
	Via     string
	At      time.Time
}

// Attendance is one learner's presence at one session.
type Attendance struct {
	ClassID   string
	SessionID string
	UserID    string
	Present   bool
	MarkedBy  string
	MarkedAt  time.Time // when the trainer tapped, possibly offline
}

// Activity kinds: help given outside courses, the campaign's figures.
const (
	ActVNeID      = "vneid"            // registering or activating VNeID
	ActDossier    = "dossier"          // filing on the public service portal
	ActHealthIns  = "health-insurance" // renewing health insurance
	ActScamReport = "scam-report"      // reporting a scam
	ActPhoneSetup = "phone-setup"      // setting up a smartphone
	ActOther      = "other"
)

// Activity is a support activity (hoạt động hỗ trợ) a trainer logged.
type Activity struct {
	ID         string // chosen by the client, so a retried or offline-queued log counts once
	TrainerID  string
	TeamID     string
	Kind       string
	Date       time.Time // the day it happened
	UnitCode   string    // the commune
	People     int       // how many people were helped
	LearnerIDs []string  // those with accounts, when known
	Note       string
	CreatedAt  time.Time
}

// CohortStore keeps teams, classes, enrolments, attendance and activities.
type CohortStore interface {
	// CreateTeam stores a team. ECONFLICT if its id exists; the caller
	// adds the leader's membership.
	CreateTeam(ctx context.Context, t *Team) error
	// TeamByID returns a team. ENOTFOUND if there is none.
	TeamByID(ctx context.Context, id string) (*Team, error)
	// AddTeamMember adds or keeps a membership (idempotent).
	AddTeamMember(ctx context.Context, m *TeamMember) error
	// TeamMembers lists a team's members.
	TeamMembers(ctx context.Context, teamID string) ([]*TeamMember, error)
	// MembershipsOf lists the teams a user belongs to.
	MembershipsOf(ctx context.Context, userID string) ([]*TeamMember, error)
	// CreateInvite stores a one-time code. ECONFLICT if the code exists.
	CreateInvite(ctx context.Context, inv *Invite) error
	// UseInvite marks an unused, unexpired invite used by userID, once.
	// ENOTFOUND if the code is unknown, used or expired.
	UseInvite(ctx context.Context, code, userID string, now time.Time) (*Invite, error)

	// CreateClass stores a class. ECONFLICT if its id or join code exists.
	CreateClass(ctx context.Context, c *Class) error
	// ClassByID returns a class. ENOTFOUND if there is none.
	ClassByID(ctx context.Context, id string) (*Class, error)
	// ClassByJoinCode finds a class by its join code. ENOTFOUND if none.
	ClassByJoinCode(ctx context.Context, code string) (*Class, error)
	// ClassesByTeam lists a team's classes.
	ClassesByTeam(ctx context.Context, teamID string) ([]*Class, error)
	// UpdateClass replaces a class's mutable fields. ENOTFOUND if missing.
	UpdateClass(ctx context.Context, c *Class) error

	// Enrol adds a learner to a class; created is false if already there.
	// With capacity > 0 the class takes at most capacity learners, checked
	// atomically with the insert so simultaneous joins cannot overfill it;
	// a full class gives ErrClassFull (wrapped in an ECONFLICT *Error).
	Enrol(ctx context.Context, e *Enrolment, capacity int) (created bool, err error)
	// Enrolments lists a class's learners.
	Enrolments(ctx context.Context, classID string) ([]*Enrolment, error)
	// EnrolmentsOf lists the classes a learner is in.
	EnrolmentsOf(ctx context.Context, userID string) ([]*Enrolment, error)

	// MarkAttendance records presence; the latest mark (by MarkedAt) wins,
	// so marks synced late from an offline phone do not undo newer ones.
	MarkAttendance(ctx context.Context, a *Attendance) error
	// AttendanceOf lists a class's marks.
	AttendanceOf(ctx context.Context, classID string) ([]*Attendance, error)

	// LogActivity stores an activity; created is false when its id exists.
	LogActivity(ctx context.Context, a *Activity) (created bool, err error)
	// ActivitiesByTrainer lists what a trainer logged, newest first.
	ActivitiesByTrainer(ctx context.Context, trainerID string) ([]*Activity, error)
}

// CampaignStore reads what campaign figures count, by commune. Units are
// commune codes; times are instants and periods are [from, to).
type CampaignStore interface {
	// TeamsInUnits lists the teams of the units.
	TeamsInUnits(ctx context.Context, unitCodes []string) ([]*Team, error)
	// ClassesInUnits lists the classes meeting in the units.
	ClassesInUnits(ctx context.Context, unitCodes []string) ([]*Class, error)
	// ActivitiesInUnits lists the support activities in the units whose
	// Date is in the period.
	ActivitiesInUnits(ctx context.Context, unitCodes []string, from, to time.Time) ([]*Activity, error)
	// CertificatesIssued lists the certificates issued in the period,
	// everywhere; callers keep those of their units (the issuing unit is
	// inside the signed record).
	CertificatesIssued(ctx context.Context, from, to time.Time) ([]*Certificate, error)
}

// Target metrics: campaign figures an official can set a goal for.
const (
	MetricCertificates    = "certificates"
	MetricLearnersReached = "learners_reached"
	MetricPeopleSupported = "people_supported"
	// MetricCertifiedAdults is a share: adults (18 and over in the
	// period's last year) holding a valid certificate of any course by the
	// period's end, as a percentage of Target.Base, the unit's adults as
	// the official's own statistics count them.
	MetricCertifiedAdults = "certified_adults"
)

// Target is an official's goal for a unit over a period of whole days in
// Vietnam time, both ends included: for example 2,000 certificates in
// Tỉnh Quảng Ninh from 2026-10-01 to 2026-12-31.
type Target struct {
	UnitCode string
	Metric   string
	From, To string // YYYY-MM-DD
	Goal     int    // a count; a percentage of Base for a share metric
	Base     int    // for a share metric: the people the percentage is of
	SetBy    string
	SetAt    time.Time
}

// TargetStore keeps targets.
type TargetStore interface {
	// PutTarget stores t, replacing the target of the same unit, metric
	// and period.
	PutTarget(ctx context.Context, t *Target) error
	// TargetsInUnits lists the targets of the units (provinces or
	// communes), by unit, metric and start.
	TargetsInUnits(ctx context.Context, unitCodes []string) ([]*Target, error)
}

// LearnerRecords are many learners' records, read at once for reports.
type LearnerRecords struct {
	Users        []*User // those of the IDs asked for that exist
	Enrolments   []*Enrolment
	Completions  []*LessonCompletion
	Attempts     []*Attempt
	Certificates []*Certificate
}

// ReportStore reads what completion reports count for a batch of learners
// in a few queries, where reading learner by learner would take several
// queries each.
type ReportStore interface {
	// LearnerRecords returns the enrolments, lesson completions, attempts
	// and certificates of the users.
	LearnerRecords(ctx context.Context, userIDs []string) (*LearnerRecords, error)
}
