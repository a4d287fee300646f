package mongodb

import (
	"context"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/hocvuso/hocvuso/internal/lms"
)

// contentDoc is the current version of one item; _id is kind:key.
type contentDoc struct {
	ID        string    `bson:"_id"`
	Hash      string    `bson:"hash"`
	UpdatedAt time.Time `bson:"updated_at"`
}

// versionDoc is one version of an item; _id is kind:key:hash.
type versionDoc struct {
	ID        string    `bson:"_id"`
	Kind      string    `bson:"kind"`
	Key       string    `bson:"key"`
	Hash      string    `bson:"hash"`
	Data      []byte    `bson:"data"`
	UpdatedAt time.Time `bson:"updated_at"`
}

// PutContent implements lms.ContentStore with two idempotent single-
// document writes: the version (insert, a duplicate means it is kept
// already), then the current pointer, moved only if its hash differs.
func (d *DB) PutContent(ctx context.Context, it *lms.ContentItem) (bool, error) {
	ctx, cancel := opContext(ctx)
	defer cancel()
	id := it.Kind + ":" + it.Key
	_, err := d.versions.InsertOne(ctx, versionDoc{ID: id + ":" + it.Hash, Kind: it.Kind, Key: it.Key,
		Hash: it.Hash, Data: it.Data, UpdatedAt: it.UpdatedAt.UTC()})
	if err != nil && !mongo.IsDuplicateKeyError(err) {
		return false, translate("put content version", err)
	}
	filter := bson.D{{Key: "_id", Value: id}, {Key: "hash", Value: bson.D{{Key: "$ne", Value: it.Hash}}}}
	update := bson.D{{Key: "$set", Value: bson.D{{Key: "hash", Value: it.Hash}, {Key: "updated_at", Value: it.UpdatedAt.UTC()}}}}
	res, err := d.content.UpdateOne(ctx, filter, update, options.UpdateOne().SetUpsert(true))
	switch {
	case mongo.IsDuplicateKeyError(err), isFerretUniqueViolation(err):
		return false, nil // the current version has this hash already
	case err != nil:
		return false, translate("put content", err)
	}
	return res.ModifiedCount+res.UpsertedCount > 0, nil
}

// ContentVersion implements lms.ContentStore.
func (d *DB) ContentVersion(ctx context.Context, kind, key, hash string) (*lms.ContentItem, error) {
	ctx, cancel := opContext(ctx)
	defer cancel()
	var v versionDoc
	if err := d.versions.FindOne(ctx, bson.D{{Key: "_id", Value: kind + ":" + key + ":" + hash}}).Decode(&v); err != nil {
		return nil, translate("content version", err)
	}
	return &lms.ContentItem{Kind: v.Kind, Key: v.Key, Hash: v.Hash, Data: v.Data, UpdatedAt: v.UpdatedAt.UTC()}, nil
}

// CurrentContent implements lms.ContentStore.
func (d *DB) CurrentContent(ctx context.Context, kind, key string) (*lms.ContentItem, error) {
	var cur contentDoc
	cctx, cancel := opContext(ctx)
	err := d.content.FindOne(cctx, bson.D{{Key: "_id", Value: kind + ":" + key}}).Decode(&cur)
	cancel()
	if err != nil {
		return nil, translate("current content", err)
	}
	it, err := d.ContentVersion(ctx, kind, key, cur.Hash)
	if err != nil {
		return nil, err
	}
	it.UpdatedAt = cur.UpdatedAt.UTC()
	return it, nil
}
