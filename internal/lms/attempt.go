package lms

import (
	"context"
	"time"
)

// Attempt statuses.
const (
	AttemptOpen      = "open"
	AttemptSubmitted = "submitted"
)

// Attempt is one learner's go at a quiz: the items the server fixed when
// it started (with their versions and option order), every answer as it
// was saved, and, once submitted, the graded result. It is one document:
// every change is one atomic write guarded by Rev, so several instances
// and a retried request can never apply a change twice.
type Attempt struct {
	ID          string // userID:quizID:Number, so two starts cannot both create attempt N
	UserID      string
	QuizID      string
	CourseSlug  string
	Kind        string // lesson, final, placement
	Number      int    // 1 for the first attempt at the quiz
	Items       []AttemptItem
	Answers     map[string]*Answer // by item id
	StartedAt   time.Time
	Deadline    time.Time // zero when untimed
	Status      string
	SubmittedAt time.Time
	SubmitKey   string // the Idempotency-Key of the submit that graded it
	Score       float64
	MaxScore    float64
	Percent     int
	Passed      bool
	Ability     float64 // placement: the Rasch ability estimate, in logits
	AbilitySE   float64 // placement: its standard error
	Rev         int     // bumped by every write
	UpdatedAt   time.Time
}

// AttemptItem is an item as fixed for one attempt.
type AttemptItem struct {
	ItemID  string
	Version int
	Hash    string
	Order   []string // option, step or right-side ids in the order shown
	Score   float64  // 0..1, once graded
}

// Answer is what a learner gave for one item. Only the fields of the
// item's type are set.
type Answer struct {
	Choice     string            `json:"choice,omitempty"`  // single, scenario
	Choices    []string          `json:"choices,omitempty"` // multiple
	Bool       *bool             `json:"bool,omitempty"`    // truefalse
	Order      []string          `json:"order,omitempty"`   // ordering
	Matches    map[string]string `json:"matches,omitempty"` // matching: pair id → right id
	Text       string            `json:"text,omitempty"`    // text
	Number     *float64          `json:"number,omitempty"`  // numeric
	AnsweredAt time.Time         `json:"answered_at"`
	Score      float64           `json:"score"`  // set when graded
	Graded     bool              `json:"graded"` // lesson checks and placement grade each answer at once
}

// Calibration is an item's Rasch difficulty estimated from real responses.
type Calibration struct {
	ItemID     string
	Difficulty float64 // logits
	Responses  int
	UpdatedAt  time.Time
}

// AttemptStore keeps quiz attempts and item calibrations.
type AttemptStore interface {
	// CreateAttempt stores a new attempt. ECONFLICT if its ID exists.
	CreateAttempt(ctx context.Context, a *Attempt) error
	// AttemptByID returns an attempt. ENOTFOUND if there is none.
	AttemptByID(ctx context.Context, id string) (*Attempt, error)
	// AttemptsByUser returns every attempt of a user, any quiz.
	AttemptsByUser(ctx context.Context, userID string) ([]*Attempt, error)
	// AttemptsByUserQuiz returns a user's attempts at one quiz, oldest
	// first: what starting an attempt needs, without reading the rest.
	AttemptsByUserQuiz(ctx context.Context, userID, quizID string) ([]*Attempt, error)
	// AttemptsByQuiz returns the submitted attempts at a quiz, for item
	// statistics and calibration.
	AttemptsByQuiz(ctx context.Context, quizID string) ([]*Attempt, error)
	// UpdateAttempt replaces the attempt if its stored Rev is still rev,
	// and sets a.Rev to the new revision. ECONFLICT if another write came
	// first: the caller reads it again and decides afresh.
	UpdateAttempt(ctx context.Context, a *Attempt, rev int) error
	// PutCalibration stores an item's estimated difficulty.
	PutCalibration(ctx context.Context, c *Calibration) error
	// Calibrations returns every stored calibration by item id.
	Calibrations(ctx context.Context) (map[string]*Calibration, error)
}

// FieldsSet is how many answer fields are set; a well-formed answer sets
// exactly one, the one of its item's type.
func (a *Answer) FieldsSet() int {
	n := 0
	for _, set := range []bool{a.Choice != "", len(a.Choices) > 0, a.Bool != nil, len(a.Order) > 0, len(a.Matches) > 0,
		a.Text != "", a.Number != nil} {
		if set {
			n++
		}
	}
	return n
}
