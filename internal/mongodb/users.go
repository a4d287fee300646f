package mongodb

import (
	"context"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/hocvuso/hocvuso/internal/lms"
)

// userDoc is a document of the users collection.
type userDoc struct {
	ID         string    `bson:"_id"`
	Phone      string    `bson:"phone"`
	Name       string    `bson:"name"`
	BirthYear  int       `bson:"birth_year"`
	Gender     string    `bson:"gender"`
	Ethnicity  string    `bson:"ethnicity"`
	UnitCode   string    `bson:"unit_code"`
	Role       string    `bson:"role"`
	SecretHash string    `bson:"secret_hash"`
	Assisted   bool      `bson:"assisted"`
	TextSize   int       `bson:"text_size,omitempty"`
	Contrast   bool      `bson:"high_contrast,omitempty"`
	CreatedAt  time.Time `bson:"created_at"`
	UpdatedAt  time.Time `bson:"updated_at"`
}

func toUserDoc(u *lms.User) *userDoc {
	return &userDoc{
		ID: u.ID, Phone: u.Phone, Name: u.Name, BirthYear: u.BirthYear,
		Gender: string(u.Gender), Ethnicity: u.Ethnicity, UnitCode: u.UnitCode,
		Role: string(u.Role), SecretHash: u.SecretHash, Assisted: u.Assisted,
		TextSize: u.Prefs.TextSize, Contrast: u.Prefs.HighContrast,
		CreatedAt: u.CreatedAt.UTC(), UpdatedAt: u.UpdatedAt.UTC(),
	}
}

func (d *userDoc) user() *lms.User {
	return &lms.User{
		ID: d.ID, Phone: d.Phone, Name: d.Name, BirthYear: d.BirthYear,
		Gender: lms.Gender(d.Gender), Ethnicity: d.Ethnicity, UnitCode: d.UnitCode,
		Role: lms.Role(d.Role), SecretHash: d.SecretHash, Assisted: d.Assisted,
		Prefs:     lms.Prefs{TextSize: d.TextSize, HighContrast: d.Contrast},
		CreatedAt: d.CreatedAt.UTC(), UpdatedAt: d.UpdatedAt.UTC(),
	}
}

// CreateUser stores a new user. ECONFLICT if the ID or phone is taken.
func (d *DB) CreateUser(ctx context.Context, u *lms.User) error {
	ctx, cancel := opContext(ctx)
	defer cancel()
	_, err := d.users.InsertOne(ctx, toUserDoc(u))
	return translate("create user", err)
}

// UserByID returns the user with the given ID. ENOTFOUND if there is none.
func (d *DB) UserByID(ctx context.Context, id string) (*lms.User, error) {
	return d.findUser(ctx, "user by id", bson.D{{Key: "_id", Value: id}})
}

// UserByPhone returns the user with the given canonical phone, found
// through the unique phone index. ENOTFOUND if there is none.
func (d *DB) UserByPhone(ctx context.Context, phone string) (*lms.User, error) {
	return d.findUser(ctx, "user by phone", bson.D{{Key: "phone", Value: phone}})
}

// UsersInUnits implements lms.UserStore, through the unit_code+role index.
func (d *DB) UsersInUnits(ctx context.Context, role lms.Role, unitCodes []string) ([]*lms.User, error) {
	if len(unitCodes) == 0 {
		return nil, nil
	}
	return d.findUsers(ctx, "users in units", bson.D{
		{Key: "unit_code", Value: bson.D{{Key: "$in", Value: unitCodes}}},
		{Key: "role", Value: string(role)},
	})
}

// findUsers reads the users matching filter, by ID.
func (d *DB) findUsers(ctx context.Context, op string, filter bson.D) ([]*lms.User, error) {
	ctx, cancel := opContext(ctx)
	defer cancel()
	cur, err := d.users.Find(ctx, filter, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return nil, translate(op, err)
	}
	var docs []userDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, translate(op, err)
	}
	us := make([]*lms.User, len(docs))
	for i := range docs {
		us[i] = docs[i].user()
	}
	return us, nil
}

// findUser looks a user up by an equality filter. The value in the filter
// is always a string, never a document, so input such as {"$gt": ""}
// matches nothing.
func (d *DB) findUser(ctx context.Context, op string, filter bson.D) (*lms.User, error) {
	ctx, cancel := opContext(ctx)
	defer cancel()
	var doc userDoc
	if err := d.users.FindOne(ctx, filter).Decode(&doc); err != nil {
		return nil, translate(op, err)
	}
	return doc.user(), nil
}

// UpdateUser replaces every field of the user but its ID and creation
// time. ENOTFOUND if the user does not exist; ECONFLICT if the new phone
// belongs to another user.
func (d *DB) UpdateUser(ctx context.Context, u *lms.User) error {
	ctx, cancel := opContext(ctx)
	defer cancel()
	doc := toUserDoc(u)
	set := bson.D{
		{Key: "phone", Value: doc.Phone},
		{Key: "name", Value: doc.Name},
		{Key: "birth_year", Value: doc.BirthYear},
		{Key: "gender", Value: doc.Gender},
		{Key: "ethnicity", Value: doc.Ethnicity},
		{Key: "unit_code", Value: doc.UnitCode},
		{Key: "role", Value: doc.Role},
		{Key: "secret_hash", Value: doc.SecretHash},
		{Key: "assisted", Value: doc.Assisted},
		{Key: "text_size", Value: doc.TextSize},
		{Key: "high_contrast", Value: doc.Contrast},
		{Key: "updated_at", Value: doc.UpdatedAt},
	}
	res, err := d.users.UpdateOne(ctx, bson.D{{Key: "_id", Value: u.ID}}, bson.D{{Key: "$set", Value: set}})
	if err != nil {
		return translate("update user", err)
	}
	if res.MatchedCount == 0 {
		return notFound("update user", "user")
	}
	// Marked whatever changed: knowing whether a field that counts (unit,
	// birth year, gender, ethnicity, role) changed would take reading the
	// stored user first, a round trip on every update to save a mark on
	// the few that change only a preference or the secret.
	return d.markDirty(ctx, u.ID)
}
