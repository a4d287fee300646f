package mongodb

import (
	"context"
	"errors"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/hocvuso/hocvuso/internal/lms"
)

// rateDoc is one fixed-window counter. Its _id names the key, the window
// length and the window start, so every instance of the server hits the
// same document for the same instant. ExpiresAt is the end of the window;
// the TTL index on it removes old counters.
type rateDoc struct {
	ID        string    `bson:"_id"`
	Key       string    `bson:"key"`
	Start     time.Time `bson:"start"`
	Count     int64     `bson:"count"`
	ExpiresAt time.Time `bson:"expires_at"`
}

// rateWindow returns the _id and the bounds of the window of key that
// contains now.
func rateWindow(key string, window time.Duration, now time.Time) (id string, start, end time.Time) {
	start = lms.WindowStart(now, window).UTC()
	end = start.Add(window)
	return key + "|" + window.String() + "|" + start.Format(time.RFC3339Nano), start, end
}

// HitRate adds one to the counter of key in the window containing now and
// returns the new count, with one atomic upsert (on FerretDB, see
// ratelimits_ferret.go). EINTERNAL on failure.
func (d *DB) HitRate(ctx context.Context, key string, window time.Duration, now time.Time) (lms.RateCount, error) {
	ctx, cancel := opContext(ctx)
	defer cancel()
	id, start, end := rateWindow(key, window, now)
	if d.ferret {
		n, err := d.hitRateBySlots(ctx, id, end)
		return lms.RateCount{Count: n, ResetAt: end}, err
	}
	update := bson.D{
		{Key: "$inc", Value: bson.D{{Key: "count", Value: int64(1)}}},
		{Key: "$setOnInsert", Value: bson.D{
			{Key: "key", Value: key},
			{Key: "start", Value: start},
			{Key: "expires_at", Value: end},
		}},
	}
	opts := options.FindOneAndUpdate().SetUpsert(true).SetReturnDocument(options.After)
	var doc rateDoc
	err := d.rates.FindOneAndUpdate(ctx, bson.D{{Key: "_id", Value: id}}, update, opts).Decode(&doc)
	for try := 1; mongo.IsDuplicateKeyError(err) && try < 3; try++ {
		// Two first hits raced to insert; the loser now finds the document.
		err = d.rates.FindOneAndUpdate(ctx, bson.D{{Key: "_id", Value: id}}, update, opts).Decode(&doc)
	}
	if err != nil {
		return lms.RateCount{}, translate("hit rate", err)
	}
	return lms.RateCount{Count: int(doc.Count), ResetAt: end}, nil
}

// PeekRate returns the counter of key in the window containing now, zero
// if nothing has hit it. EINTERNAL on failure.
func (d *DB) PeekRate(ctx context.Context, key string, window time.Duration, now time.Time) (lms.RateCount, error) {
	ctx, cancel := opContext(ctx)
	defer cancel()
	id, _, end := rateWindow(key, window, now)
	if d.ferret {
		n, err := d.countSlots(ctx, id)
		return lms.RateCount{Count: n, ResetAt: end}, err
	}
	var doc rateDoc
	err := d.rates.FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&doc)
	if err != nil && !errors.Is(err, mongo.ErrNoDocuments) {
		return lms.RateCount{}, translate("peek rate", err)
	}
	return lms.RateCount{Count: int(doc.Count), ResetAt: end}, nil
}
