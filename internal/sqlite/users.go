package sqlite

import (
	"context"
	"database/sql"

	"github.com/hocvuso/hocvuso/internal/lms"
)

const userColumns = `id, phone, name, birth_year, gender, ethnicity, unit_code, role, secret_hash, assisted, text_size, high_contrast, created_at, updated_at`

// CreateUser implements lms.UserStore.
func (db *DB) CreateUser(ctx context.Context, u *lms.User) error {
	_, err := db.write.ExecContext(ctx, `INSERT INTO users (`+userColumns+`) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		u.ID, u.Phone, u.Name, u.BirthYear, string(u.Gender), u.Ethnicity, u.UnitCode, string(u.Role),
		u.SecretHash, u.Assisted, u.Prefs.TextSize, u.Prefs.HighContrast, ms(u.CreatedAt), ms(u.UpdatedAt))
	return translate("sqlite: create user", err)
}

// UserByID implements lms.UserStore.
func (db *DB) UserByID(ctx context.Context, id string) (*lms.User, error) {
	return scanUser(db.read.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, id), "sqlite: user by id")
}

// UserByPhone implements lms.UserStore.
func (db *DB) UserByPhone(ctx context.Context, phone string) (*lms.User, error) {
	return scanUser(db.read.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE phone = ?`, phone), "sqlite: user by phone")
}

// UpdateUser implements lms.UserStore.
func (db *DB) UpdateUser(ctx context.Context, u *lms.User) error {
	res, err := db.write.ExecContext(ctx, `UPDATE users SET phone = ?, name = ?, birth_year = ?, gender = ?,
		ethnicity = ?, unit_code = ?, role = ?, secret_hash = ?, assisted = ?, text_size = ?, high_contrast = ?,
		updated_at = ? WHERE id = ?`,
		u.Phone, u.Name, u.BirthYear, string(u.Gender), u.Ethnicity, u.UnitCode, string(u.Role),
		u.SecretHash, u.Assisted, u.Prefs.TextSize, u.Prefs.HighContrast, ms(u.UpdatedAt), u.ID)
	if err != nil {
		return translate("sqlite: update user", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return translate("sqlite: update user", sql.ErrNoRows)
	}
	return nil
}

// UsersInUnits implements lms.UserStore. The codes go in as one JSON array
// parameter (jsonList).
func (db *DB) UsersInUnits(ctx context.Context, role lms.Role, unitCodes []string) ([]*lms.User, error) {
	return db.users(ctx, "sqlite: users in units", `SELECT `+userColumns+` FROM users
		WHERE role = ? AND unit_code IN (SELECT value FROM json_each(?)) ORDER BY id`, string(role), jsonList(unitCodes))
}

// users runs a query of userColumns.
func (db *DB) users(ctx context.Context, op, q string, args ...any) ([]*lms.User, error) {
	rows, err := db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, translate(op, err)
	}
	defer rows.Close()
	var us []*lms.User
	for rows.Next() {
		u, err := scanUser(rows, op)
		if err != nil {
			return nil, err
		}
		us = append(us, u)
	}
	return us, translate(op, rows.Err())
}

// scanner is a *sql.Row or *sql.Rows.
type scanner interface{ Scan(dest ...any) error }

func scanUser(row scanner, op string) (*lms.User, error) {
	var u lms.User
	var gender, role string
	var created, updated int64
	err := row.Scan(&u.ID, &u.Phone, &u.Name, &u.BirthYear, &gender, &u.Ethnicity, &u.UnitCode, &role,
		&u.SecretHash, &u.Assisted, &u.Prefs.TextSize, &u.Prefs.HighContrast, &created, &updated)
	if err != nil {
		return nil, translate(op, err)
	}
	u.Gender, u.Role = lms.Gender(gender), lms.Role(role)
	u.CreatedAt, u.UpdatedAt = fromMS(created), fromMS(updated)
	return &u, nil
}
