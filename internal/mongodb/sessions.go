package mongodb

import (
	"context"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/hocvuso/hocvuso/internal/lms"
)

// sessionDoc is a document of the sessions collection. The TTL index on
// expires_at lets the server delete it once it has expired.
type sessionDoc struct {
	TokenHash string    `bson:"_id"`
	UserID    string    `bson:"user_id"`
	CreatedAt time.Time `bson:"created_at"`
	ExpiresAt time.Time `bson:"expires_at"`
}

func (d *sessionDoc) session() *lms.Session {
	return &lms.Session{TokenHash: d.TokenHash, UserID: d.UserID,
		CreatedAt: d.CreatedAt.UTC(), ExpiresAt: d.ExpiresAt.UTC()}
}

// CreateSession stores s. ECONFLICT if its token hash exists.
func (d *DB) CreateSession(ctx context.Context, s *lms.Session) error {
	ctx, cancel := opContext(ctx)
	defer cancel()
	_, err := d.sessions.InsertOne(ctx, &sessionDoc{TokenHash: s.TokenHash, UserID: s.UserID,
		CreatedAt: s.CreatedAt.UTC(), ExpiresAt: s.ExpiresAt.UTC()})
	return translate("create session", err)
}

// SessionByTokenHash returns the session if it has not expired at now.
// The expiry is checked here, not left to the TTL monitor, which runs only
// once a minute; checking it here rather than in the filter keeps the
// query a plain _id lookup, which FerretDB too serves without a scan.
// ENOTFOUND if there is none or it has expired.
func (d *DB) SessionByTokenHash(ctx context.Context, tokenHash string, now time.Time) (*lms.Session, error) {
	ctx, cancel := opContext(ctx)
	defer cancel()
	var doc sessionDoc
	if err := d.sessions.FindOne(ctx, bson.D{{Key: "_id", Value: tokenHash}}).Decode(&doc); err != nil {
		return nil, translate("session by token hash", err)
	}
	if !doc.ExpiresAt.After(now) {
		return nil, notFound("session by token hash", "unexpired session")
	}
	return doc.session(), nil
}

// ExtendSession moves the session's expiry to expiresAt. ENOTFOUND if the
// session no longer exists.
func (d *DB) ExtendSession(ctx context.Context, tokenHash string, expiresAt time.Time) error {
	ctx, cancel := opContext(ctx)
	defer cancel()
	res, err := d.sessions.UpdateOne(ctx, bson.D{{Key: "_id", Value: tokenHash}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "expires_at", Value: expiresAt.UTC()}}}})
	if err != nil {
		return translate("extend session", err)
	}
	if res.MatchedCount == 0 {
		return notFound("extend session", "session")
	}
	return nil
}

// DeleteSession removes one session. Deleting a missing session is not an
// error, so that signing out twice is harmless.
func (d *DB) DeleteSession(ctx context.Context, tokenHash string) error {
	ctx, cancel := opContext(ctx)
	defer cancel()
	_, err := d.sessions.DeleteOne(ctx, bson.D{{Key: "_id", Value: tokenHash}})
	return translate("delete session", err)
}

// DeleteUserSessions removes every session of the user, through the
// user_id index, and returns how many there were.
func (d *DB) DeleteUserSessions(ctx context.Context, userID string) (int, error) {
	ctx, cancel := opContext(ctx)
	defer cancel()
	res, err := d.sessions.DeleteMany(ctx, bson.D{{Key: "user_id", Value: userID}})
	if err != nil {
		return 0, translate("delete user sessions", err)
	}
	return int(res.DeletedCount), nil
}
