// Package sqlite is the embedded storage adapter, the default: one file in
// the data directory, no set-up. It uses modernc.org/sqlite (pure Go) in WAL
// mode with one writer connection and a pool of readers, so reads never wait
// for writes and writes never fail with "database is locked".
//
// Durability: synchronous=NORMAL in WAL mode. Every answered write survives
// a crash of the process (kill -9); a power cut may roll back the last
// commits that had not reached a checkpoint. FULL would fsync every commit
// and cap writes at the disk's fsync rate.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/hocvuso/hocvuso/internal/lms"
)

// FileName is the database file inside the data directory.
const FileName = "hocvuso.db"

// DB is the SQLite store. It implements lms.Store.
type DB struct {
	write *sql.DB // exactly one connection: SQLite has one writer
	read  *sql.DB

	stop chan struct{}
	done sync.WaitGroup
}

var _ lms.Store = (*DB)(nil)

// Open opens (creating if needed) the database in dir, applies pending
// migrations and starts the housekeeping that deletes expired sessions and
// rate-limit windows.
func Open(ctx context.Context, dir string) (*DB, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("sqlite: create data directory: %w", err)
	}
	path := filepath.Join(dir, FileName)
	dsn := "file:" + path + "?_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)" +
		"&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(1)&_txlock=immediate"
	write, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("sqlite: open: %w", err)
	}
	write.SetMaxOpenConns(1)
	write.SetConnMaxIdleTime(0)
	read, err := sql.Open("sqlite", dsn+"&mode=ro")
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("sqlite: open reader: %w", err)
	}
	read.SetMaxOpenConns(max(4, 2*runtime.GOMAXPROCS(0)))
	read.SetMaxIdleConns(max(4, 2*runtime.GOMAXPROCS(0)))
	db := &DB{write: write, read: read, stop: make(chan struct{})}
	if err := db.migrate(ctx); err != nil {
		db.closeHandles()
		return nil, err
	}
	db.done.Add(1)
	go db.housekeep(10 * time.Minute)
	return db, nil
}

// Ping reports whether both handles answer.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.write.PingContext(ctx); err != nil {
		return lms.Internal("sqlite: ping", err)
	}
	if err := db.read.PingContext(ctx); err != nil {
		return lms.Internal("sqlite: ping reader", err)
	}
	return nil
}

// Close stops housekeeping, checkpoints the WAL and closes the database.
func (db *DB) Close() error {
	close(db.stop)
	db.done.Wait()
	// Fold the WAL into the main file so the data directory is one file
	// at rest; failure here loses nothing, the WAL is replayed on open.
	_, _ = db.write.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
	return db.closeHandles()
}

func (db *DB) closeHandles() error {
	return errors.Join(db.read.Close(), db.write.Close())
}

func (db *DB) housekeep(every time.Duration) {
	defer db.done.Done()
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-db.stop:
			return
		case now := <-t.C:
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			_ = db.deleteExpired(ctx, now)
			cancel()
		}
	}
}

func (db *DB) deleteExpired(ctx context.Context, now time.Time) error {
	ms := now.UnixMilli()
	if _, err := db.write.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at <= ?`, ms); err != nil {
		return lms.Internal("sqlite: delete expired sessions", err)
	}
	if _, err := db.write.ExecContext(ctx, `DELETE FROM rate_limits WHERE expires_at <= ?`, ms); err != nil {
		return lms.Internal("sqlite: delete expired rate windows", err)
	}
	return nil
}

// translate turns driver errors into lms errors at the adapter's edge.
func translate(op string, err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return &lms.Error{Code: lms.ENOTFOUND, Op: op,
			Message: lms.Text{VI: "Không tìm thấy.", EN: "Not found."}}
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return &lms.Error{Code: lms.ECONFLICT, Op: op, Err: err,
				Message: lms.Text{VI: "Đã tồn tại.", EN: "Already exists."}}
		}
	}
	return lms.Internal(op, err)
}

func ms(t time.Time) int64 { return t.UnixMilli() }

func fromMS(v int64) time.Time { return time.UnixMilli(v).UTC() }

// each runs q on the readers and calls row with the scan of each result
// row; an error from row stops it.
func (db *DB) each(ctx context.Context, op string, row func(scan func(...any) error) error, q string, args ...any) error {
	rows, err := db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return translate(op, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := row(rows.Scan); err != nil {
			return translate(op, err)
		}
	}
	return translate(op, rows.Err())
}
