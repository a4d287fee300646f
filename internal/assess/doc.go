// Package assess is quizzes and skill assessment: drawing an attempt's
// items, saving every answer as it is given, grading on the server only,
// idempotent submission, time limits, mastery per skill, the adaptive
// placement test (Rasch), item calibration and item statistics.
package assess
