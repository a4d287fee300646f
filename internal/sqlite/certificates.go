package sqlite

import (
	"context"
	"encoding/json"
	"time"

	"github.com/hocvuso/hocvuso/internal/lms"
)

// IssueCertificate implements lms.CertificateStore.
func (db *DB) IssueCertificate(ctx context.Context, c *lms.Certificate) (*lms.Certificate, bool, error) {
	if existing, err := db.certificateOf(ctx, c.UserID, c.CourseSlug); err == nil {
		return existing, false, nil
	}
	data, err := json.Marshal(c)
	if err != nil {
		return nil, false, lms.Internal("sqlite: encode certificate", err)
	}
	_, err = db.write.ExecContext(ctx, `INSERT INTO certificates (code, user_id, course_slug, status_index, issued_at, data)
		VALUES (?,?,?,?,?,?)`, c.Code, c.UserID, c.CourseSlug, c.StatusIndex, ms(c.IssuedAt), string(data))
	if lms.ErrorCode(translate("", err)) == lms.ECONFLICT {
		if existing, err := db.certificateOf(ctx, c.UserID, c.CourseSlug); err == nil {
			return existing, false, nil // issued by a concurrent request
		}
	}
	if err != nil {
		return nil, false, translate("sqlite: issue certificate", err)
	}
	return c, true, nil
}

func (db *DB) certificateOf(ctx context.Context, userID, course string) (*lms.Certificate, error) {
	return db.oneCertificate(ctx, `SELECT data FROM certificates WHERE user_id = ? AND course_slug = ?`, userID, course)
}

func (db *DB) oneCertificate(ctx context.Context, q string, args ...any) (*lms.Certificate, error) {
	var data string
	if err := db.write.QueryRowContext(ctx, q, args...).Scan(&data); err != nil {
		return nil, translate("sqlite: certificate", err)
	}
	var c lms.Certificate
	if err := json.Unmarshal([]byte(data), &c); err != nil {
		return nil, lms.Internal("sqlite: decode certificate", err)
	}
	return &c, nil
}

// CertificateByCode implements lms.CertificateStore.
func (db *DB) CertificateByCode(ctx context.Context, code string) (*lms.Certificate, error) {
	return db.oneCertificate(ctx, `SELECT data FROM certificates WHERE code = ?`, code)
}

// CertificatesByUser implements lms.CertificateStore.
func (db *DB) CertificatesByUser(ctx context.Context, userID string) ([]*lms.Certificate, error) {
	return jsonRows[lms.Certificate](ctx, db, "certificates", `SELECT data FROM certificates WHERE user_id = ? ORDER BY issued_at`, userID)
}

// RevokeCertificate implements lms.CertificateStore.
func (db *DB) RevokeCertificate(ctx context.Context, code string, at time.Time, by, reason string) error {
	c, err := db.CertificateByCode(ctx, code)
	if err != nil {
		return err
	}
	if c.Revoked() {
		return lms.Errorf(lms.ECONFLICT, "Chứng nhận này đã bị thu hồi.", "This certificate is already revoked.")
	}
	c.RevokedAt, c.RevokedBy, c.RevokeReason = at.UTC(), by, reason
	data, err := json.Marshal(c)
	if err != nil {
		return lms.Internal("sqlite: encode certificate", err)
	}
	res, err := db.write.ExecContext(ctx, `UPDATE certificates SET revoked_at = ?, data = ? WHERE code = ? AND revoked_at = 0`, ms(at), string(data), code)
	if err != nil {
		return translate("sqlite: revoke certificate", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return lms.Errorf(lms.ECONFLICT, "Chứng nhận này đã bị thu hồi.", "This certificate is already revoked.")
	}
	return nil
}

// RevokedIndexes implements lms.CertificateStore.
func (db *DB) RevokedIndexes(ctx context.Context) ([]int, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT status_index FROM certificates WHERE revoked_at != 0`)
	if err != nil {
		return nil, translate("sqlite: revoked", err)
	}
	defer rows.Close()
	out := []int{}
	for rows.Next() {
		var i int
		if err := rows.Scan(&i); err != nil {
			return nil, translate("sqlite: revoked", err)
		}
		out = append(out, i)
	}
	return out, translate("sqlite: revoked", rows.Err())
}

// PutSigningKey implements lms.CertificateStore.
func (db *DB) PutSigningKey(ctx context.Context, k *lms.SigningKey) error {
	retired := int64(0)
	if !k.RetiredAt.IsZero() {
		retired = ms(k.RetiredAt)
	}
	_, err := db.write.ExecContext(ctx, `INSERT INTO signing_keys (id, private, public, created_at, retired_at) VALUES (?,?,?,?,?)
		ON CONFLICT (id) DO UPDATE SET retired_at = excluded.retired_at`, k.ID, k.Private, k.Public, ms(k.CreatedAt), retired)
	return translate("sqlite: put signing key", err)
}

// SigningKeys implements lms.CertificateStore.
func (db *DB) SigningKeys(ctx context.Context) ([]*lms.SigningKey, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id, private, public, created_at, retired_at FROM signing_keys ORDER BY created_at, id`)
	if err != nil {
		return nil, translate("sqlite: signing keys", err)
	}
	defer rows.Close()
	out := []*lms.SigningKey{}
	for rows.Next() {
		var k lms.SigningKey
		var created, retired int64
		if err := rows.Scan(&k.ID, &k.Private, &k.Public, &created, &retired); err != nil {
			return nil, translate("sqlite: signing keys", err)
		}
		k.CreatedAt = fromMS(created)
		if retired != 0 {
			k.RetiredAt = fromMS(retired)
		}
		out = append(out, &k)
	}
	return out, translate("sqlite: signing keys", rows.Err())
}
