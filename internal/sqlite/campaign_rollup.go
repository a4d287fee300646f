package sqlite

import (
	"context"
	"slices"

	"github.com/hocvuso/hocvuso/internal/lms"
)

// CampaignCounts implements lms.CampaignRollupStore from the tables
// migrations 10 and 11 keep: session_days, class_spans and cert_days (by
// triggers, in the writes' transactions) and rollup_reach (by ApplyFacts).
func (db *DB) CampaignCounts(ctx context.Context, communes []string, scope string, from, to int) (*lms.CampaignCounts, error) {
	const op = "sqlite: campaign counts"
	out := &lms.CampaignCounts{Units: map[string]*lms.UnitCampaign{}, Days: map[int]*lms.DayCampaign{}}
	unit := func(c string) *lms.UnitCampaign {
		if out.Units[c] == nil {
			out.Units[c] = &lms.UnitCampaign{}
		}
		return out.Units[c]
	}
	day := func(d int) *lms.DayCampaign {
		if out.Days[d] == nil {
			out.Days[d] = &lms.DayCampaign{}
		}
		return out.Days[d]
	}
	list := jsonList(communes)
	err := db.each(ctx, op, func(scan func(...any) error) error {
		var c string
		var d, sessions, trainers int
		if err := scan(&c, &d, &sessions, &trainers); err != nil {
			return err
		}
		u := unit(c)
		u.Sessions += sessions
		u.TrainerTurns += trainers
		day(d).Sessions += sessions
		return nil
	}, `SELECT unit_code, day, sessions, trainers FROM session_days
		WHERE unit_code IN (SELECT value FROM json_each(?1)) AND day BETWEEN ?2 AND ?3 AND sessions > 0`, list, from, to)
	if err != nil {
		return nil, err
	}
	// Classes held: spans meeting the period less gaps containing it.
	err = db.each(ctx, op, func(scan func(...any) error) error {
		var c string
		var n int
		if err := scan(&c, &n); err != nil {
			return err
		}
		if n != 0 {
			unit(c).ClassesHeld = n
		}
		return nil
	}, `SELECT unit_code, sum(CASE gap WHEN 0 THEN 1 ELSE -1 END) FROM class_spans
		WHERE unit_code IN (SELECT value FROM json_each(?1))
		AND ((gap = 0 AND x <= ?3 AND y >= ?2) OR (gap = 1 AND x < ?2 AND y > ?3)) GROUP BY 1`, list, from, to)
	if err != nil {
		return nil, err
	}
	err = db.each(ctx, op, func(scan func(...any) error) error {
		var c string
		var d, n int
		if err := scan(&c, &d, &n); err != nil {
			return err
		}
		unit(c).Certificates += n
		day(d).Certificates += n
		return nil
	}, `SELECT unit_code, day, n FROM cert_days WHERE unit_code IN (SELECT value FROM json_each(?1)) AND day BETWEEN ?2 AND ?3`, list, from, to)
	if err != nil {
		return nil, err
	}
	// People reached: spans meeting [from, to] less gaps containing it.
	err = db.each(ctx, op, func(scan func(...any) error) error {
		var s string
		var n int
		if err := scan(&s, &n); err != nil {
			return err
		}
		if s == scope {
			out.Reached = n
		}
		if slices.Contains(communes, s) {
			unit(s).Reached = n
		}
		return nil
	}, `SELECT scope, sum(CASE gap WHEN 0 THEN n ELSE -n END) FROM rollup_reach
		WHERE (scope IN (SELECT value FROM json_each(?1)) OR scope = ?4)
		AND ((gap = 0 AND x <= ?3 AND y >= ?2) OR (gap = 1 AND x < ?2 AND y > ?3)) GROUP BY 1`, list, from, to, scope)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ActivitiesNaming implements lms.CampaignRollupStore, through the
// activity_learners table its trigger fills.
func (db *DB) ActivitiesNaming(ctx context.Context, userIDs []string) ([]*lms.Activity, error) {
	return jsonRows[lms.Activity](ctx, db, "activities naming learners", `SELECT data FROM activities
		WHERE id IN (SELECT activity_id FROM activity_learners WHERE user_id IN (SELECT value FROM json_each(?))) ORDER BY date, id`,
		jsonList(userIDs))
}
