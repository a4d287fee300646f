package mongodb

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/hocvuso/hocvuso/internal/lms"
)

// FerretDB v1 runs findAndModify and update as a read followed by a write
// of the whole document, with nothing in between to stop a concurrent
// writer, so two $inc updates of one counter can count once. Its inserts
// are atomic, though: a duplicate _id fails. On FerretDB a hit therefore
// claims the next free slot of the window, the document whose _id is the
// window's _id, "#" and the hit's number. Slots are claimed in order (slot
// n+1 is tried only once slot n exists), so the number of slot documents of
// a window is its count.

// slotDoc is one hit of a window on FerretDB.
type slotDoc struct {
	ID        string    `bson:"_id"`
	Window    string    `bson:"window"` // the window's _id
	ExpiresAt time.Time `bson:"expires_at"`
}

// maxSlotTries bounds how many taken slots one hit steps over before
// giving up, should a burst of hits keep claiming them first.
const maxSlotTries = 1000

func (d *DB) hitRateBySlots(ctx context.Context, id string, end time.Time) (int, error) {
	n, err := d.countSlots(ctx, id)
	if err != nil {
		return 0, err
	}
	for range maxSlotTries {
		n++
		_, err := d.rates.InsertOne(ctx, &slotDoc{ID: id + "#" + strconv.Itoa(n), Window: id, ExpiresAt: end})
		switch {
		case err == nil:
			return n, nil
		case !mongo.IsDuplicateKeyError(err):
			return 0, translate("hit rate", err)
		}
	}
	return 0, lms.Internal("mongodb: hit rate", fmt.Errorf("no free slot in %d tries", maxSlotTries))
}

// countSlots counts the slots of window id. (A range of _ids would not do:
// a key may contain "#".)
func (d *DB) countSlots(ctx context.Context, id string) (int, error) {
	n, err := d.rates.CountDocuments(ctx, bson.D{{Key: "window", Value: id}})
	if err != nil {
		return 0, translate("count rate slots", err)
	}
	return int(n), nil
}
