package mongodb

import (
	"context"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/hocvuso/hocvuso/internal/lms"
)

func inUnits(codes []string) bson.D {
	if codes == nil {
		codes = []string{}
	}
	return bson.D{{Key: "unit_code", Value: bson.D{{Key: "$in", Value: codes}}}}
}

// TeamsInUnits implements lms.CampaignStore.
func (d *DB) TeamsInUnits(ctx context.Context, unitCodes []string) ([]*lms.Team, error) {
	ctx, cancel := opContext(ctx)
	defer cancel()
	cur, err := d.teams.Find(ctx, inUnits(unitCodes), options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return nil, translate("teams in units", err)
	}
	var docs []teamDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, translate("teams in units", err)
	}
	out := make([]*lms.Team, len(docs))
	for i, doc := range docs {
		out[i] = doc.team()
	}
	return out, nil
}

// ClassesInUnits implements lms.CampaignStore.
func (d *DB) ClassesInUnits(ctx context.Context, unitCodes []string) ([]*lms.Class, error) {
	return findJSON[lms.Class](ctx, d, d.classes.Name(), inUnits(unitCodes), byID, func(*lms.Class) bool { return true })
}

// ActivitiesInUnits implements lms.CampaignStore. The unit is indexed; the
// day lives in the JSON record and is checked here.
func (d *DB) ActivitiesInUnits(ctx context.Context, unitCodes []string, from, to time.Time) ([]*lms.Activity, error) {
	return findJSON[lms.Activity](ctx, d, d.activities.Name(), inUnits(unitCodes), byID, func(a *lms.Activity) bool {
		return !a.Date.Before(from) && a.Date.Before(to)
	})
}

// CertificatesIssued implements lms.CampaignStore.
func (d *DB) CertificatesIssued(ctx context.Context, from, to time.Time) ([]*lms.Certificate, error) {
	return d.findCerts(ctx, "certificates issued",
		bson.D{{Key: "issued_at", Value: bson.D{{Key: "$gte", Value: from.UTC()}, {Key: "$lt", Value: to.UTC()}}}},
		bson.D{{Key: "issued_at", Value: 1}, {Key: "_id", Value: 1}})
}

// byID sorts by _id.
var byID = bson.D{{Key: "_id", Value: 1}}

// findJSON reads the jsonDoc records of a collection matching filter,
// sorted, and keeps those keep accepts.
func findJSON[T any](ctx context.Context, d *DB, coll string, filter, sort bson.D, keep func(*T) bool) ([]*T, error) {
	ctx, cancel := opContext(ctx)
	defer cancel()
	cur, err := d.db.Collection(coll).Find(ctx, filter, options.Find().SetSort(sort))
	if err != nil {
		return nil, translate(coll, err)
	}
	var docs []jsonDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, translate(coll, err)
	}
	out := make([]*T, 0, len(docs))
	for _, doc := range docs {
		v, err := decodeJSONDoc[T](doc)
		if err != nil {
			return nil, err
		}
		if keep(v) {
			out = append(out, v)
		}
	}
	return out, nil
}

type targetDoc struct {
	ID       string    `bson:"_id"` // unit|metric|from|to
	UnitCode string    `bson:"unit_code"`
	Metric   string    `bson:"metric"`
	From     string    `bson:"from"`
	To       string    `bson:"to"`
	Goal     int       `bson:"goal"`
	Base     int       `bson:"base,omitempty"`
	SetBy    string    `bson:"set_by"`
	SetAt    time.Time `bson:"set_at"`
}

// PutTarget implements lms.TargetStore: one replace-or-insert keyed by
// unit, metric and period.
func (d *DB) PutTarget(ctx context.Context, t *lms.Target) error {
	ctx, cancel := opContext(ctx)
	defer cancel()
	id := t.UnitCode + "|" + t.Metric + "|" + t.From + "|" + t.To
	_, err := d.targets.ReplaceOne(ctx, bson.D{{Key: "_id", Value: id}}, targetDoc{ID: id, UnitCode: t.UnitCode, Metric: t.Metric,
		From: t.From, To: t.To, Goal: t.Goal, Base: t.Base, SetBy: t.SetBy, SetAt: t.SetAt.UTC()}, options.Replace().SetUpsert(true))
	return translate("put target", err)
}

// TargetsInUnits implements lms.TargetStore.
func (d *DB) TargetsInUnits(ctx context.Context, unitCodes []string) ([]*lms.Target, error) {
	ctx, cancel := opContext(ctx)
	defer cancel()
	cur, err := d.targets.Find(ctx, inUnits(unitCodes), options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return nil, translate("targets", err)
	}
	var docs []targetDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, translate("targets", err)
	}
	out := make([]*lms.Target, len(docs))
	for i, doc := range docs {
		out[i] = &lms.Target{UnitCode: doc.UnitCode, Metric: doc.Metric, From: doc.From, To: doc.To, Goal: doc.Goal, Base: doc.Base,
			SetBy: doc.SetBy, SetAt: doc.SetAt.UTC()}
	}
	return out, nil
}

// LearnerRecords implements lms.ReportStore: one $in query on the users'
// _id and four on user_id.
func (d *DB) LearnerRecords(ctx context.Context, userIDs []string) (*lms.LearnerRecords, error) {
	if userIDs == nil {
		userIDs = []string{}
	}
	in := bson.D{{Key: "user_id", Value: bson.D{{Key: "$in", Value: userIDs}}}}
	out := &lms.LearnerRecords{}
	var err error
	if out.Users, err = d.findUsers(ctx, "learner users", bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: userIDs}}}}); err != nil {
		return nil, err
	}
	if out.Enrolments, err = d.findEnrolments(ctx, in); err != nil {
		return nil, err
	}
	if out.Completions, err = d.findCompletions(ctx, in); err != nil {
		return nil, err
	}
	if out.Attempts, err = d.findAttempts(ctx, "learner attempts", in); err != nil {
		return nil, err
	}
	if out.Certificates, err = d.findCerts(ctx, "learner certificates", in, bson.D{{Key: "issued_at", Value: 1}}); err != nil {
		return nil, err
	}
	return out, nil
}
