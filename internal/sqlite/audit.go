package sqlite

import (
	"context"

	"github.com/hocvuso/hocvuso/internal/lms"
)

// AppendAudit implements lms.AuditStore.
func (db *DB) AppendAudit(ctx context.Context, e *lms.AuditEntry) error {
	_, err := db.write.ExecContext(ctx, `INSERT INTO audit_log (id, at, actor_id, action, target, unit_code, detail)
		VALUES (?,?,?,?,?,?,?)`, e.ID, ms(e.At), e.ActorID, e.Action, e.Target, e.UnitCode, e.Detail)
	return translate("sqlite: append audit", err)
}

// ListAudit implements lms.AuditStore.
func (db *DB) ListAudit(ctx context.Context, limit int) ([]*lms.AuditEntry, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id, at, actor_id, action, target, unit_code, detail
		FROM audit_log ORDER BY at DESC, id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, translate("sqlite: list audit", err)
	}
	defer rows.Close()
	var out []*lms.AuditEntry
	for rows.Next() {
		var e lms.AuditEntry
		var at int64
		if err := rows.Scan(&e.ID, &at, &e.ActorID, &e.Action, &e.Target, &e.UnitCode, &e.Detail); err != nil {
			return nil, translate("sqlite: list audit", err)
		}
		e.At = fromMS(at)
		out = append(out, &e)
	}
	return out, translate("sqlite: list audit", rows.Err())
}
