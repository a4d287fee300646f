package sqlite

import (
	"context"

	"github.com/hocvuso/hocvuso/internal/lms"
)

// PutContent implements lms.ContentStore. The version is kept whatever
// happens; the current pointer moves only when the hash differs, so
// reloading unchanged content writes nothing but a no-op.
func (db *DB) PutContent(ctx context.Context, it *lms.ContentItem) (bool, error) {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return false, translate("sqlite: put content", err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `INSERT INTO content_current (kind, key, hash, updated_at) VALUES (?,?,?,?)
		ON CONFLICT (kind, key) DO UPDATE SET hash = excluded.hash, updated_at = excluded.updated_at
		WHERE content_current.hash != excluded.hash`, it.Kind, it.Key, it.Hash, ms(it.UpdatedAt))
	if err != nil {
		return false, translate("sqlite: put content", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, nil
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO content_versions (kind, key, hash, data, updated_at) VALUES (?,?,?,?,?)
		ON CONFLICT DO NOTHING`, it.Kind, it.Key, it.Hash, it.Data, ms(it.UpdatedAt)); err != nil {
		return false, translate("sqlite: put content version", err)
	}
	return true, translate("sqlite: put content", tx.Commit())
}

// ContentVersion implements lms.ContentStore.
func (db *DB) ContentVersion(ctx context.Context, kind, key, hash string) (*lms.ContentItem, error) {
	it := lms.ContentItem{Kind: kind, Key: key, Hash: hash}
	var updated int64
	err := db.read.QueryRowContext(ctx, `SELECT data, updated_at FROM content_versions WHERE kind = ? AND key = ? AND hash = ?`,
		kind, key, hash).Scan(&it.Data, &updated)
	if err != nil {
		return nil, translate("sqlite: content version", err)
	}
	it.UpdatedAt = fromMS(updated)
	return &it, nil
}

// CurrentContent implements lms.ContentStore.
func (db *DB) CurrentContent(ctx context.Context, kind, key string) (*lms.ContentItem, error) {
	var hash string
	err := db.read.QueryRowContext(ctx, `SELECT hash FROM content_current WHERE kind = ? AND key = ?`, kind, key).Scan(&hash)
	if err != nil {
		return nil, translate("sqlite: current content", err)
	}
	it, err := db.ContentVersion(ctx, kind, key, hash)
	if err != nil {
		return nil, err
	}
	// The current pointer's time is when this version became current.
	var updated int64
	if err := db.read.QueryRowContext(ctx, `SELECT updated_at FROM content_current WHERE kind = ? AND key = ?`, kind, key).Scan(&updated); err == nil {
		it.UpdatedAt = fromMS(updated)
	}
	return it, nil
}
