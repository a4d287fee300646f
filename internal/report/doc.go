// Package report counts learners' progress for officials: completion by
// administrative unit, class, age band, gender and ethnicity.
//
// This first version computes every figure from the source records on each
// request (accounts, lesson completions, final-quiz attempts, class
// enrolments, certificates). That is exact and needs no upkeep, and it is
// what a later precomputed roll-up must agree with ("hocvuso report verify");
// it is fast enough for a commune or a small province, not for the
// million-enrolment budget, which needs the roll-up.
package report
