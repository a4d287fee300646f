package mongodb

import (
	"context"
	"encoding/json"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/hocvuso/hocvuso/internal/lms"
)

// certDoc is one certificate; _id is user|course, so a course completed
// twice, or by two racing requests, yields one certificate. The code and
// the status index have unique indexes of their own.
type certDoc struct {
	ID          string    `bson:"_id"`
	Code        string    `bson:"code"`
	UserID      string    `bson:"user_id"`
	StatusIndex int       `bson:"status_index"`
	IssuedAt    time.Time `bson:"issued_at"`
	Revoked     bool      `bson:"revoked"`
	Data        string    `bson:"data"`
}

type keyDoc struct {
	ID        string    `bson:"_id"`
	Private   []byte    `bson:"private"`
	Public    []byte    `bson:"public"`
	CreatedAt time.Time `bson:"created_at"`
	RetiredAt time.Time `bson:"retired_at,omitempty"`
}

func (d *certDoc) cert() (*lms.Certificate, error) {
	var c lms.Certificate
	if err := json.Unmarshal([]byte(d.Data), &c); err != nil {
		return nil, lms.Internal("mongodb: decode certificate", err)
	}
	return &c, nil
}

// IssueCertificate implements lms.CertificateStore.
func (d *DB) IssueCertificate(ctx context.Context, c *lms.Certificate) (*lms.Certificate, bool, error) {
	ctx, cancel := opContext(ctx)
	defer cancel()
	data, err := json.Marshal(c)
	if err != nil {
		return nil, false, lms.Internal("mongodb: encode certificate", err)
	}
	id := c.UserID + "|" + c.CourseSlug
	_, err = d.certificates.InsertOne(ctx, certDoc{ID: id, Code: c.Code, UserID: c.UserID, StatusIndex: c.StatusIndex,
		IssuedAt: c.IssuedAt.UTC(), Data: string(data)})
	if err == nil {
		return c, true, d.markDirty(ctx, c.UserID)
	}
	if !mongo.IsDuplicateKeyError(err) && !isFerretUniqueViolation(err) {
		return nil, false, translate("issue certificate", err)
	}
	var existing certDoc
	if ferr := d.certificates.FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&existing); ferr == nil {
		got, err := existing.cert()
		return got, false, err
	}
	return nil, false, translate("issue certificate", err) // the code or index is taken
}

func (d *DB) oneCert(ctx context.Context, filter bson.D) (*lms.Certificate, error) {
	ctx, cancel := opContext(ctx)
	defer cancel()
	var doc certDoc
	if err := d.certificates.FindOne(ctx, filter).Decode(&doc); err != nil {
		return nil, translate("certificate", err)
	}
	return doc.cert()
}

// CertificateByCode implements lms.CertificateStore.
func (d *DB) CertificateByCode(ctx context.Context, code string) (*lms.Certificate, error) {
	return d.oneCert(ctx, bson.D{{Key: "code", Value: code}})
}

// CertificatesByUser implements lms.CertificateStore.
func (d *DB) CertificatesByUser(ctx context.Context, userID string) ([]*lms.Certificate, error) {
	return d.findCerts(ctx, "certificates", bson.D{{Key: "user_id", Value: userID}}, bson.D{{Key: "issued_at", Value: 1}})
}

// findCerts reads the certificates matching filter, sorted.
func (d *DB) findCerts(ctx context.Context, op string, filter, sort bson.D) ([]*lms.Certificate, error) {
	ctx, cancel := opContext(ctx)
	defer cancel()
	cur, err := d.certificates.Find(ctx, filter, options.Find().SetSort(sort))
	if err != nil {
		return nil, translate(op, err)
	}
	var docs []certDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, translate(op, err)
	}
	out := make([]*lms.Certificate, 0, len(docs))
	for _, doc := range docs {
		c, err := doc.cert()
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// RevokeCertificate implements lms.CertificateStore: one update guarded by
// revoked=false.
func (d *DB) RevokeCertificate(ctx context.Context, code string, at time.Time, by, reason string) error {
	c, err := d.CertificateByCode(ctx, code)
	if err != nil {
		return err
	}
	if c.Revoked() {
		return lms.Errorf(lms.ECONFLICT, "Chứng nhận này đã bị thu hồi.", "This certificate is already revoked.")
	}
	c.RevokedAt, c.RevokedBy, c.RevokeReason = at.UTC(), by, reason
	data, err := json.Marshal(c)
	if err != nil {
		return lms.Internal("mongodb: encode certificate", err)
	}
	ctx, cancel := opContext(ctx)
	defer cancel()
	res, err := d.certificates.UpdateOne(ctx, bson.D{{Key: "code", Value: code}, {Key: "revoked", Value: false}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "revoked", Value: true}, {Key: "data", Value: string(data)}}}})
	if err != nil {
		return translate("revoke certificate", err)
	}
	if res.MatchedCount == 0 {
		return lms.Errorf(lms.ECONFLICT, "Chứng nhận này đã bị thu hồi.", "This certificate is already revoked.")
	}
	return d.markDirty(ctx, c.UserID)
}

// RevokedIndexes implements lms.CertificateStore.
func (d *DB) RevokedIndexes(ctx context.Context) ([]int, error) {
	ctx, cancel := opContext(ctx)
	defer cancel()
	cur, err := d.certificates.Find(ctx, bson.D{{Key: "revoked", Value: true}}, options.Find().SetProjection(bson.D{{Key: "status_index", Value: 1}}))
	if err != nil {
		return nil, translate("revoked", err)
	}
	var docs []certDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, translate("revoked", err)
	}
	out := make([]int, len(docs))
	for i, doc := range docs {
		out[i] = doc.StatusIndex
	}
	return out, nil
}

// PutSigningKey implements lms.CertificateStore.
func (d *DB) PutSigningKey(ctx context.Context, k *lms.SigningKey) error {
	ctx, cancel := opContext(ctx)
	defer cancel()
	doc := keyDoc{ID: k.ID, Private: k.Private, Public: k.Public, CreatedAt: k.CreatedAt.UTC(), RetiredAt: k.RetiredAt.UTC()}
	if k.RetiredAt.IsZero() {
		doc.RetiredAt = time.Time{}
	}
	_, err := d.keys.ReplaceOne(ctx, bson.D{{Key: "_id", Value: k.ID}}, doc, options.Replace().SetUpsert(true))
	if mongo.IsDuplicateKeyError(err) {
		_, err = d.keys.ReplaceOne(ctx, bson.D{{Key: "_id", Value: k.ID}}, doc)
	}
	return translate("put signing key", err)
}

// SigningKeys implements lms.CertificateStore.
func (d *DB) SigningKeys(ctx context.Context) ([]*lms.SigningKey, error) {
	ctx, cancel := opContext(ctx)
	defer cancel()
	cur, err := d.keys.Find(ctx, bson.D{}, options.Find().SetSort(bson.D{{Key: "created_at", Value: 1}, {Key: "_id", Value: 1}}))
	if err != nil {
		return nil, translate("signing keys", err)
	}
	var docs []keyDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, translate("signing keys", err)
	}
	out := make([]*lms.SigningKey, len(docs))
	for i, k := range docs {
		out[i] = &lms.SigningKey{ID: k.ID, Private: k.Private, Public: k.Public, CreatedAt: k.CreatedAt.UTC()}
		if !k.RetiredAt.IsZero() {
			out[i].RetiredAt = k.RetiredAt.UTC()
		}
	}
	return out, nil
}
