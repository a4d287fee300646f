package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/hocvuso/hocvuso/internal/lms"
)

// HitRate implements lms.RateLimitStore with one atomic upsert.
func (db *DB) HitRate(ctx context.Context, key string, window time.Duration, now time.Time) (lms.RateCount, error) {
	start := lms.WindowStart(now, window)
	reset := start.Add(window)
	var count int
	err := db.write.QueryRowContext(ctx, `INSERT INTO rate_limits (key, window_start, count, expires_at) VALUES (?,?,1,?)
		ON CONFLICT (key, window_start) DO UPDATE SET count = count + 1 RETURNING count`,
		key, ms(start), ms(reset)).Scan(&count)
	if err != nil {
		return lms.RateCount{}, translate("sqlite: hit rate", err)
	}
	return lms.RateCount{Count: count, ResetAt: reset}, nil
}

// PeekRate implements lms.RateLimitStore.
func (db *DB) PeekRate(ctx context.Context, key string, window time.Duration, now time.Time) (lms.RateCount, error) {
	start := lms.WindowStart(now, window)
	rc := lms.RateCount{ResetAt: start.Add(window)}
	err := db.read.QueryRowContext(ctx, `SELECT count FROM rate_limits WHERE key = ? AND window_start = ?`,
		key, ms(start)).Scan(&rc.Count)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return rc, translate("sqlite: peek rate", err)
	}
	return rc, nil
}
