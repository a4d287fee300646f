package mongodb

import (
	"context"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/hocvuso/hocvuso/internal/lms"
)

// auditDoc is a document of the audit collection.
type auditDoc struct {
	ID       string    `bson:"_id"`
	At       time.Time `bson:"at"`
	ActorID  string    `bson:"actor_id"`
	Action   string    `bson:"action"`
	Target   string    `bson:"target"`
	UnitCode string    `bson:"unit_code"`
	Detail   string    `bson:"detail"`
}

// AppendAudit stores one entry. ECONFLICT if its ID exists.
func (d *DB) AppendAudit(ctx context.Context, e *lms.AuditEntry) error {
	ctx, cancel := opContext(ctx)
	defer cancel()
	_, err := d.audit.InsertOne(ctx, &auditDoc{ID: e.ID, At: e.At.UTC(), ActorID: e.ActorID,
		Action: e.Action, Target: e.Target, UnitCode: e.UnitCode, Detail: e.Detail})
	return translate("append audit", err)
}

// ListAudit returns up to limit entries, newest first, read through the
// index on at.
func (d *DB) ListAudit(ctx context.Context, limit int) ([]*lms.AuditEntry, error) {
	if limit <= 0 { // 0 would mean "no limit" to the server
		return []*lms.AuditEntry{}, nil
	}
	ctx, cancel := opContext(ctx)
	defer cancel()
	opts := options.Find().
		SetSort(bson.D{{Key: "at", Value: -1}, {Key: "_id", Value: -1}}).
		SetLimit(int64(limit))
	cur, err := d.audit.Find(ctx, bson.D{}, opts)
	if err != nil {
		return nil, translate("list audit", err)
	}
	var docs []auditDoc
	if err := cur.All(ctx, &docs); err != nil { // All closes the cursor
		return nil, translate("list audit", err)
	}
	entries := make([]*lms.AuditEntry, len(docs))
	for i, doc := range docs {
		entries[i] = &lms.AuditEntry{ID: doc.ID, At: doc.At.UTC(), ActorID: doc.ActorID,
			Action: doc.Action, Target: doc.Target, UnitCode: doc.UnitCode, Detail: doc.Detail}
	}
	return entries, nil
}
