package mongodb

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
	"go.mongodb.org/mongo-driver/v2/mongo/writeconcern"
	"go.mongodb.org/mongo-driver/v2/x/mongo/driver/connstring"

	"github.com/hocvuso/hocvuso/internal/lms"
)

// DefaultDatabase is the database used when the URI names none.
const DefaultDatabase = "hocvuso"

// opTimeout bounds every database call whose context has no earlier
// deadline, so a lost primary fails a request instead of hanging it.
const opTimeout = 10 * time.Second

// Collection names.
const (
	collUsers      = "users"
	collSessions   = "sessions"
	collRateLimits = "ratelimits"
	collAudit      = "audit"
	collMeta       = "meta"
	collContent    = "content"
	collVersions   = "content_versions"
	collCompleted  = "lesson_completions"
	collStates     = "course_states"
	collAttempts   = "attempts"
	collCalib      = "item_calibrations"
	collRevClaims  = "attempt_rev_claims" // FerretDB only
	collTeams      = "teams"
	collMembers    = "team_members"
	collInvites    = "invites"
	collInviteUses = "invite_uses"
	collClasses    = "classes"
	collEnrolments = "enrolments"
	collSeats      = "class_seats"
	collTargets    = "targets"
	collAttendance = "attendance"
	collActivities = "activities"
	collCerts      = "certificates"
	collKeys       = "signing_keys"
	collFacts      = "rollup_facts"
	collDirty      = "rollup_dirty"
)

// DB is the MongoDB store. It is safe for concurrent use.
type DB struct {
	client *mongo.Client
	db     *mongo.Database
	name   string

	users, sessions, rates, audit, meta  *mongo.Collection
	content, versions, completed, states *mongo.Collection
	attempts, calibrations, revClaims    *mongo.Collection
	teams, members, invites, inviteUses  *mongo.Collection
	classes, enrolments, attendance      *mongo.Collection
	seats, targets                       *mongo.Collection
	activities, certificates, keys       *mongo.Collection
	facts, dirty                         *mongo.Collection // the reports' roll-up; see rollup.go

	// ferret is set when the server is FerretDB, whose findAndModify is not
	// atomic; see ratelimits.go.
	ferret bool

	// On FerretDB, which has no TTL indexes, a janitor goroutine deletes
	// expired sessions and counters; Close stops it.
	stop      chan struct{}
	janitor   sync.WaitGroup
	closeOnce sync.Once
}

// janitorEvery is how often the janitor runs on FerretDB; as with
// MongoDB's TTL monitor, expired records linger at most this long (they are
// already ignored by every read). A variable so a test can shorten it.
var janitorEvery = 10 * time.Minute

var _ lms.Store = (*DB)(nil)

// Open connects to the MongoDB deployment at uri, whose path names the
// database (DefaultDatabase if empty), and brings its schema up to date.
// It returns EINVALID for a malformed URI and EINTERNAL if the server
// cannot be reached or a migration fails.
func Open(ctx context.Context, uri string) (*DB, error) {
	cs, err := connstring.ParseAndValidate(uri)
	if err != nil {
		return nil, &lms.Error{Code: lms.EINVALID, Op: "mongodb: open", Err: err,
			Message: lms.Text{VI: "Địa chỉ MongoDB không hợp lệ.", EN: "The MongoDB URI is invalid."}}
	}
	name := cs.Database
	if name == "" {
		name = DefaultDatabase
	}
	client, err := mongo.Connect(clientOptions(uri))
	if err != nil {
		return nil, lms.Internal("mongodb: connect", err)
	}
	d := newDB(client, name)
	if err := d.start(ctx); err != nil {
		_ = d.Close()
		return nil, err
	}
	if d.ferret {
		d.janitor.Add(1)
		go d.sweep(janitorEvery)
	}
	return d, nil
}

func clientOptions(uri string) *options.ClientOptions {
	return options.Client().ApplyURI(uri).
		SetAppName("hocvuso").
		SetWriteConcern(writeconcern.Majority()).
		SetRetryWrites(true).
		SetRetryReads(true).
		SetConnectTimeout(5 * time.Second).
		SetServerSelectionTimeout(5 * time.Second)
}

func newDB(client *mongo.Client, name string) *DB {
	db := client.Database(name)
	return &DB{
		stop:         make(chan struct{}),
		client:       client,
		db:           db,
		name:         name,
		users:        db.Collection(collUsers),
		sessions:     db.Collection(collSessions),
		rates:        db.Collection(collRateLimits),
		audit:        db.Collection(collAudit),
		meta:         db.Collection(collMeta),
		content:      db.Collection(collContent),
		versions:     db.Collection(collVersions),
		completed:    db.Collection(collCompleted),
		states:       db.Collection(collStates),
		attempts:     db.Collection(collAttempts),
		calibrations: db.Collection(collCalib),
		revClaims:    db.Collection(collRevClaims),
		teams:        db.Collection(collTeams),
		members:      db.Collection(collMembers),
		invites:      db.Collection(collInvites),
		inviteUses:   db.Collection(collInviteUses),
		classes:      db.Collection(collClasses),
		enrolments:   db.Collection(collEnrolments),
		seats:        db.Collection(collSeats),
		targets:      db.Collection(collTargets),
		attendance:   db.Collection(collAttendance),
		activities:   db.Collection(collActivities),
		certificates: db.Collection(collCerts),
		keys:         db.Collection(collKeys),
		facts:        db.Collection(collFacts),
		dirty:        db.Collection(collDirty),
	}
}

// migrateTimeout bounds the migrations at Open, which may build indexes
// on large collections.
const migrateTimeout = 10 * time.Minute

// start learns which server it talks to and applies pending migrations.
func (d *DB) start(ctx context.Context) error {
	if err := d.detectFerret(ctx); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, migrateTimeout)
	defer cancel()
	return d.migrate(ctx)
}

// detectFerret sets d.ferret if the server is FerretDB, which adds its
// version to buildInfo.
func (d *DB) detectFerret(ctx context.Context) error {
	ctx, cancel := opContext(ctx)
	defer cancel()
	var info struct {
		FerretDBVersion string `bson:"ferretdbVersion"`
	}
	err := d.db.RunCommand(ctx, bson.D{{Key: "buildInfo", Value: 1}}).Decode(&info)
	if err != nil {
		return lms.Internal("mongodb: buildInfo", err)
	}
	d.ferret = info.FerretDBVersion != ""
	return nil
}

// Name returns the name of the database in use.
func (d *DB) Name() string { return d.name }

// Ping reports whether the primary answers. EINTERNAL if it does not.
func (d *DB) Ping(ctx context.Context) error {
	ctx, cancel := opContext(ctx)
	defer cancel()
	if err := d.client.Ping(ctx, nil); err != nil {
		return lms.Internal("mongodb: ping", err)
	}
	return nil
}

// Close disconnects, waiting at most a few seconds for operations in
// flight. Closing twice is not an error.
func (d *DB) Close() error {
	d.closeOnce.Do(func() { close(d.stop) })
	d.janitor.Wait()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := d.client.Disconnect(ctx)
	if err != nil && !errors.Is(err, mongo.ErrClientDisconnected) {
		return lms.Internal("mongodb: close", err)
	}
	return nil
}

// opContext gives a call the deadline of ctx or opTimeout, whichever is
// earlier.
func opContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, opTimeout)
}

// translate turns a driver error into an *lms.Error: no documents is
// ENOTFOUND, a duplicate key ECONFLICT, anything else EINTERNAL.
func translate(op string, err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, mongo.ErrNoDocuments):
		return &lms.Error{Code: lms.ENOTFOUND, Op: "mongodb: " + op, Err: err,
			Message: lms.Text{VI: "Không tìm thấy.", EN: "Not found."}}
	case mongo.IsDuplicateKeyError(err), isFerretUniqueViolation(err):
		return &lms.Error{Code: lms.ECONFLICT, Op: "mongodb: " + op, Err: err,
			Message: lms.Text{VI: "Dữ liệu đã tồn tại.", EN: "It already exists."}}
	}
	return lms.Internal("mongodb: "+op, err)
}

// notFound is ENOTFOUND for writes that matched nothing.
func notFound(op, what string) error {
	return &lms.Error{Code: lms.ENOTFOUND, Op: "mongodb: " + op, Err: fmt.Errorf("no %s matched", what),
		Message: lms.Text{VI: "Không tìm thấy.", EN: "Not found."}}
}

// DeleteExpired removes the sessions and rate-limit counters that expired
// before now, and returns how many. MongoDB's TTL monitor does this by
// itself; on FerretDB, which has no TTL indexes, Open starts a janitor that
// calls it every janitorEvery. EINTERNAL on failure.
func (d *DB) DeleteExpired(ctx context.Context, now time.Time) (int, error) {
	ctx, cancel := opContext(ctx)
	defer cancel()
	filter := bson.D{{Key: "expires_at", Value: bson.D{{Key: "$lte", Value: now.UTC()}}}}
	n := 0
	for _, coll := range []*mongo.Collection{d.sessions, d.rates} {
		res, err := coll.DeleteMany(ctx, filter)
		if err != nil {
			return n, translate("delete expired "+coll.Name(), err)
		}
		n += int(res.DeletedCount)
	}
	return n, nil
}

// sweep calls DeleteExpired every interval until Close.
func (d *DB) sweep(every time.Duration) {
	defer d.janitor.Done()
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-d.stop:
			return
		case now := <-t.C:
			_, _ = d.DeleteExpired(context.Background(), now) // retried next tick
		}
	}
}

// isFerretUniqueViolation recognises FerretDB v1's answer to an update that
// breaks a unique index: an InternalError carrying its SQLite backend's
// message, where MongoDB answers with duplicate-key code 11000.
func isFerretUniqueViolation(err error) bool {
	var se mongo.ServerError
	return errors.As(err, &se) && strings.Contains(err.Error(), "UNIQUE constraint failed")
}
