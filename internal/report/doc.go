// Package report counts learners' progress for officials: completion by
// administrative unit, class, age band, gender and ethnicity; mastery per
// skill; campaign figures for a period; progress against targets.
//
// Dashboards read a roll-up the store keeps (lms.RollupStore, and on
// SQLite lms.CampaignRollupStore) rather than every learner's records, so a
// province costs the same at a million enrolments as at a thousand. This
// package is the roll-up's refresher: it computes each dirty learner's
// facts (facts.go: factsFrom, the one definition of every figure) and hands
// them to the store (rollup.go). The same code computes the figures exactly
// from the records, which is what a class report reads and what Verify
// (verify.go, "hocvuso report verify") checks the roll-up against.
package report
