package mongodb

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/hocvuso/hocvuso/internal/lms"
)

type teamDoc struct {
	ID        string    `bson:"_id"`
	Name      string    `bson:"name"`
	UnitCode  string    `bson:"unit_code"`
	LeaderID  string    `bson:"leader_id"`
	CreatedAt time.Time `bson:"created_at"`
}

type memberDoc struct {
	ID       string    `bson:"_id"` // team|user
	TeamID   string    `bson:"team_id"`
	UserID   string    `bson:"user_id"`
	Role     string    `bson:"role"`
	JoinedAt time.Time `bson:"joined_at"`
}

type inviteDoc struct {
	ID        string    `bson:"_id"` // the code
	TeamID    string    `bson:"team_id"`
	Phone     string    `bson:"phone"`
	CreatedBy string    `bson:"created_by"`
	ExpiresAt time.Time `bson:"expires_at"`
}

// jsonDoc keeps a document whose fields are read together (classes,
// activities) as JSON beside the fields queries filter on.
type jsonDoc struct {
	ID        string    `bson:"_id"`
	TeamID    string    `bson:"team_id,omitempty"`
	TrainerID string    `bson:"trainer_id,omitempty"`
	UnitCode  string    `bson:"unit_code"`
	JoinCode  string    `bson:"join_code,omitempty"`
	Status    string    `bson:"status,omitempty"`
	CreatedAt time.Time `bson:"created_at"`
	Data      string    `bson:"data"`
}

type enrolDoc struct {
	ID      string    `bson:"_id"` // class|user
	ClassID string    `bson:"class_id"`
	UserID  string    `bson:"user_id"`
	Via     string    `bson:"via"`
	At      time.Time `bson:"at"`
}

type attendanceDoc struct {
	ID        string    `bson:"_id"` // class|session|user
	ClassID   string    `bson:"class_id"`
	SessionID string    `bson:"session_id"`
	UserID    string    `bson:"user_id"`
	Present   bool      `bson:"present"`
	MarkedBy  string    `bson:"marked_by"`
	MarkedAt  time.Time `bson:"marked_at"`
}

// CreateTeam implements lms.CohortStore.
func (d *DB) CreateTeam(ctx context.Context, t *lms.Team) error {
	ctx, cancel := opContext(ctx)
	defer cancel()
	_, err := d.teams.InsertOne(ctx, teamDoc{ID: t.ID, Name: t.Name, UnitCode: t.UnitCode, LeaderID: t.LeaderID, CreatedAt: t.CreatedAt.UTC()})
	return translate("create team", err)
}

// TeamByID implements lms.CohortStore.
func (d *DB) TeamByID(ctx context.Context, id string) (*lms.Team, error) {
	ctx, cancel := opContext(ctx)
	defer cancel()
	var doc teamDoc
	if err := d.teams.FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&doc); err != nil {
		return nil, translate("team", err)
	}
	return doc.team(), nil
}

func (doc teamDoc) team() *lms.Team {
	return &lms.Team{ID: doc.ID, Name: doc.Name, UnitCode: doc.UnitCode, LeaderID: doc.LeaderID, CreatedAt: doc.CreatedAt.UTC()}
}

// AddTeamMember implements lms.CohortStore.
func (d *DB) AddTeamMember(ctx context.Context, m *lms.TeamMember) error {
	ctx, cancel := opContext(ctx)
	defer cancel()
	_, err := d.members.InsertOne(ctx, memberDoc{ID: m.TeamID + "|" + m.UserID, TeamID: m.TeamID, UserID: m.UserID, Role: m.Role, JoinedAt: m.JoinedAt.UTC()})
	if mongo.IsDuplicateKeyError(err) {
		return nil
	}
	return translate("add team member", err)
}

// TeamMembers implements lms.CohortStore.
func (d *DB) TeamMembers(ctx context.Context, teamID string) ([]*lms.TeamMember, error) {
	return d.findMembers(ctx, bson.D{{Key: "team_id", Value: teamID}})
}

// MembershipsOf implements lms.CohortStore.
func (d *DB) MembershipsOf(ctx context.Context, userID string) ([]*lms.TeamMember, error) {
	return d.findMembers(ctx, bson.D{{Key: "user_id", Value: userID}})
}

func (d *DB) findMembers(ctx context.Context, filter bson.D) ([]*lms.TeamMember, error) {
	ctx, cancel := opContext(ctx)
	defer cancel()
	cur, err := d.members.Find(ctx, filter, options.Find().SetSort(bson.D{{Key: "joined_at", Value: 1}}))
	if err != nil {
		return nil, translate("team members", err)
	}
	var docs []memberDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, translate("team members", err)
	}
	out := make([]*lms.TeamMember, len(docs))
	for i, m := range docs {
		out[i] = &lms.TeamMember{TeamID: m.TeamID, UserID: m.UserID, Role: m.Role, JoinedAt: m.JoinedAt.UTC()}
	}
	return out, nil
}

// CreateInvite implements lms.CohortStore.
func (d *DB) CreateInvite(ctx context.Context, inv *lms.Invite) error {
	ctx, cancel := opContext(ctx)
	defer cancel()
	_, err := d.invites.InsertOne(ctx, inviteDoc{ID: inv.Code, TeamID: inv.TeamID, Phone: inv.Phone, CreatedBy: inv.CreatedBy, ExpiresAt: inv.ExpiresAt.UTC()})
	return translate("create invite", err)
}

// UseInvite implements lms.CohortStore. The use itself is an insert keyed
// by the code, so exactly one caller wins on MongoDB and FerretDB alike.
func (d *DB) UseInvite(ctx context.Context, code, userID string, now time.Time) (*lms.Invite, error) {
	ctx, cancel := opContext(ctx)
	defer cancel()
	var doc inviteDoc
	err := d.invites.FindOne(ctx, bson.D{{Key: "_id", Value: code}}).Decode(&doc)
	if err != nil || !doc.ExpiresAt.After(now) {
		return nil, notFound("use invite", "unexpired invite")
	}
	_, err = d.inviteUses.InsertOne(ctx, bson.D{{Key: "_id", Value: code}, {Key: "used_by", Value: userID}, {Key: "used_at", Value: now.UTC()}})
	if mongo.IsDuplicateKeyError(err) {
		return nil, notFound("use invite", "unused invite")
	}
	if err != nil {
		return nil, translate("use invite", err)
	}
	return &lms.Invite{Code: code, TeamID: doc.TeamID, Phone: doc.Phone, CreatedBy: doc.CreatedBy, ExpiresAt: doc.ExpiresAt.UTC(),
		UsedBy: userID, UsedAt: now.UTC()}, nil
}

func classDoc(c *lms.Class) (*jsonDoc, error) {
	data, err := json.Marshal(c)
	if err != nil {
		return nil, lms.Internal("mongodb: encode class", err)
	}
	return &jsonDoc{ID: c.ID, TeamID: c.TeamID, UnitCode: c.UnitCode, JoinCode: c.JoinCode, Status: c.Status,
		CreatedAt: c.CreatedAt.UTC(), Data: string(data)}, nil
}

func decodeJSONDoc[T any](doc jsonDoc) (*T, error) {
	var v T
	if err := json.Unmarshal([]byte(doc.Data), &v); err != nil {
		return nil, lms.Internal("mongodb: decode", err)
	}
	return &v, nil
}

// CreateClass implements lms.CohortStore.
func (d *DB) CreateClass(ctx context.Context, c *lms.Class) error {
	ctx, cancel := opContext(ctx)
	defer cancel()
	doc, err := classDoc(c)
	if err != nil {
		return err
	}
	_, err = d.classes.InsertOne(ctx, doc)
	return translate("create class", err)
}

// ClassByID implements lms.CohortStore.
func (d *DB) ClassByID(ctx context.Context, id string) (*lms.Class, error) {
	return d.oneClass(ctx, bson.D{{Key: "_id", Value: id}})
}

// ClassByJoinCode implements lms.CohortStore.
func (d *DB) ClassByJoinCode(ctx context.Context, code string) (*lms.Class, error) {
	return d.oneClass(ctx, bson.D{{Key: "join_code", Value: code}})
}

func (d *DB) oneClass(ctx context.Context, filter bson.D) (*lms.Class, error) {
	ctx, cancel := opContext(ctx)
	defer cancel()
	var doc jsonDoc
	if err := d.classes.FindOne(ctx, filter).Decode(&doc); err != nil {
		return nil, translate("class", err)
	}
	return decodeJSONDoc[lms.Class](doc)
}

// ClassesByTeam implements lms.CohortStore.
func (d *DB) ClassesByTeam(ctx context.Context, teamID string) ([]*lms.Class, error) {
	return findJSON[lms.Class](ctx, d, d.classes.Name(), bson.D{{Key: "team_id", Value: teamID}},
		bson.D{{Key: "created_at", Value: 1}}, func(*lms.Class) bool { return true })
}

// UpdateClass implements lms.CohortStore. When the courses taught change,
// its learners' figures do (DimClass counts a learner under the classes
// teaching each course), so they are marked dirty. The stored class is
// read by the update itself (findOneAndUpdate returns it as it was), so
// the comparison is with the version this update replaced, even when
// another update of the class races it. Not so on FerretDB, whose
// findAndModify may return a version another update has replaced before
// this one writes (doc.go): there the learners are marked on every update.
func (d *DB) UpdateClass(ctx context.Context, c *lms.Class) error {
	ctx, cancel := opContext(ctx)
	defer cancel()
	doc, err := classDoc(c)
	if err != nil {
		return err
	}
	set := bson.D{{Key: "status", Value: doc.Status}, {Key: "unit_code", Value: doc.UnitCode}, {Key: "data", Value: doc.Data}}
	var old jsonDoc
	err = d.classes.FindOneAndUpdate(ctx, bson.D{{Key: "_id", Value: c.ID}}, bson.D{{Key: "$set", Value: set}},
		options.FindOneAndUpdate().SetReturnDocument(options.Before)).Decode(&old)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return notFound("update class", "class")
	}
	if err != nil {
		return translate("update class", err)
	}
	was, err := decodeJSONDoc[lms.Class](old)
	if err != nil {
		return err
	}
	if !d.ferret && slices.Equal(was.Courses, c.Courses) {
		return nil
	}
	enrolled, err := d.findEnrolments(ctx, bson.D{{Key: "class_id", Value: c.ID}})
	if err != nil {
		return err
	}
	ids := make([]string, len(enrolled))
	for i, e := range enrolled {
		ids[i] = e.UserID
	}
	return d.markDirty(ctx, ids...)
}

// Enrol implements lms.CohortStore. A new enrolment marks the learner
// dirty: they now count in the class's courses.
func (d *DB) Enrol(ctx context.Context, e *lms.Enrolment, capacity int) (bool, error) {
	ctx, cancel := opContext(ctx)
	defer cancel()
	created, err := d.enrol(ctx, e, capacity)
	if err != nil || !created {
		return created, err
	}
	return true, d.markDirty(ctx, e.UserID)
}

// enrol stores the enrolment.
//
// A class with a capacity hands out numbered seats. A learner first inserts
// a ticket (class|user:ID), so of two taps on "join" only one goes on;
// then the seat class|k for a free k below the capacity; then the
// enrolment. Unique _ids make each step go to one caller even when joins
// race, on MongoDB and on FerretDB alike (whose $inc is not atomic, see
// ratelimits.go), so a class never overfills and never leaves a place
// empty because of a race.
func (d *DB) enrol(ctx context.Context, e *lms.Enrolment, capacity int) (bool, error) {
	if capacity <= 0 {
		return d.insertEnrolment(ctx, e)
	}
	ticket := ticketID(e.ClassID, e.UserID)
	for {
		_, err := d.seats.InsertOne(ctx, seatDoc{ID: ticket, UserID: e.UserID})
		if err == nil {
			break
		}
		if !mongo.IsDuplicateKeyError(err) {
			return false, translate("enrol: ticket", err)
		}
		// Already enrolled, or another request of this learner is on its
		// way: wait for its outcome rather than answer before it is known.
		if in, err := d.enrolled(ctx, e); err != nil || in {
			return false, err
		}
		select {
		case <-ctx.Done():
			return false, lms.Internal("mongodb: enrol", ctx.Err())
		case <-time.After(20 * time.Millisecond):
		}
	}
	seat, err := d.takeSeat(ctx, e, capacity)
	if err == nil {
		var created bool
		if created, err = d.insertEnrolment(ctx, e); err == nil {
			return created, nil
		}
		_, _ = d.seats.DeleteOne(ctx, bson.D{{Key: "_id", Value: seat}})
	}
	// Full, or the insert failed: hand the ticket back so a later try can
	// go on. Best effort; a ticket left behind is cleared by no one, but
	// only blocks this learner from this class until it is removed.
	_, _ = d.seats.DeleteOne(ctx, bson.D{{Key: "_id", Value: ticket}})
	return false, err
}

func (d *DB) insertEnrolment(ctx context.Context, e *lms.Enrolment) (bool, error) {
	_, err := d.enrolments.InsertOne(ctx, enrolDoc{ID: e.ClassID + "|" + e.UserID, ClassID: e.ClassID, UserID: e.UserID, Via: e.Via, At: e.At.UTC()})
	if mongo.IsDuplicateKeyError(err) {
		return false, nil
	}
	return err == nil, translate("enrol", err)
}

func (d *DB) enrolled(ctx context.Context, e *lms.Enrolment) (bool, error) {
	n, err := d.enrolments.CountDocuments(ctx, bson.D{{Key: "_id", Value: e.ClassID + "|" + e.UserID}})
	return n > 0, translate("enrol: check", err)
}

type seatDoc struct {
	ID     string `bson:"_id"`
	UserID string `bson:"user_id"`
}

// takeSeat claims a free seat of e's class below capacity and returns its
// id, or lms.ClassFull. The probe starts at the number of enrolments, where
// the first free seat usually is, and wraps round to reuse a seat handed
// back after a failed insert.
func (d *DB) takeSeat(ctx context.Context, e *lms.Enrolment, capacity int) (string, error) {
	n, err := d.enrolments.CountDocuments(ctx, bson.D{{Key: "class_id", Value: e.ClassID}})
	if err != nil {
		return "", translate("enrol: count", err)
	}
	start := min(int(n), capacity)
	for i := range capacity {
		id := seatID(e.ClassID, (start+i)%capacity)
		_, err := d.seats.InsertOne(ctx, seatDoc{ID: id, UserID: e.UserID})
		if mongo.IsDuplicateKeyError(err) {
			continue
		}
		if err != nil {
			return "", translate("enrol: seat", err)
		}
		return id, nil
	}
	return "", lms.ClassFull("mongodb: enrol")
}

func seatID(classID string, k int) string { return classID + "|" + strconv.Itoa(k) }

func ticketID(classID, userID string) string { return classID + "|user:" + userID }

// Enrolments implements lms.CohortStore.
func (d *DB) Enrolments(ctx context.Context, classID string) ([]*lms.Enrolment, error) {
	return d.findEnrolments(ctx, bson.D{{Key: "class_id", Value: classID}})
}

// EnrolmentsOf implements lms.CohortStore.
func (d *DB) EnrolmentsOf(ctx context.Context, userID string) ([]*lms.Enrolment, error) {
	return d.findEnrolments(ctx, bson.D{{Key: "user_id", Value: userID}})
}

func (d *DB) findEnrolments(ctx context.Context, filter bson.D) ([]*lms.Enrolment, error) {
	ctx, cancel := opContext(ctx)
	defer cancel()
	cur, err := d.enrolments.Find(ctx, filter, options.Find().SetSort(bson.D{{Key: "at", Value: 1}}))
	if err != nil {
		return nil, translate("enrolments", err)
	}
	var docs []enrolDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, translate("enrolments", err)
	}
	out := make([]*lms.Enrolment, len(docs))
	for i, e := range docs {
		out[i] = &lms.Enrolment{ClassID: e.ClassID, UserID: e.UserID, Via: e.Via, At: e.At.UTC()}
	}
	return out, nil
}

// MarkAttendance implements lms.CohortStore: the update applies only over
// an older mark; a newer stored mark makes the upsert's insert collide,
// which means there is nothing to do.
func (d *DB) MarkAttendance(ctx context.Context, a *lms.Attendance) error {
	ctx, cancel := opContext(ctx)
	defer cancel()
	id := a.ClassID + "|" + a.SessionID + "|" + a.UserID
	filter := bson.D{{Key: "_id", Value: id}, {Key: "marked_at", Value: bson.D{{Key: "$lte", Value: a.MarkedAt.UTC()}}}}
	set := bson.D{{Key: "class_id", Value: a.ClassID}, {Key: "session_id", Value: a.SessionID}, {Key: "user_id", Value: a.UserID},
		{Key: "present", Value: a.Present}, {Key: "marked_by", Value: a.MarkedBy}, {Key: "marked_at", Value: a.MarkedAt.UTC()}}
	_, err := d.attendance.UpdateOne(ctx, filter, bson.D{{Key: "$set", Value: set}}, options.UpdateOne().SetUpsert(true))
	if mongo.IsDuplicateKeyError(err) || isFerretUniqueViolation(err) {
		return nil
	}
	return translate("mark attendance", err)
}

// AttendanceOf implements lms.CohortStore.
func (d *DB) AttendanceOf(ctx context.Context, classID string) ([]*lms.Attendance, error) {
	ctx, cancel := opContext(ctx)
	defer cancel()
	cur, err := d.attendance.Find(ctx, bson.D{{Key: "class_id", Value: classID}})
	if err != nil {
		return nil, translate("attendance", err)
	}
	var docs []attendanceDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, translate("attendance", err)
	}
	out := make([]*lms.Attendance, len(docs))
	for i, a := range docs {
		out[i] = &lms.Attendance{ClassID: a.ClassID, SessionID: a.SessionID, UserID: a.UserID, Present: a.Present, MarkedBy: a.MarkedBy, MarkedAt: a.MarkedAt.UTC()}
	}
	return out, nil
}

// LogActivity implements lms.CohortStore.
func (d *DB) LogActivity(ctx context.Context, a *lms.Activity) (bool, error) {
	ctx, cancel := opContext(ctx)
	defer cancel()
	data, err := json.Marshal(a)
	if err != nil {
		return false, lms.Internal("mongodb: encode activity", err)
	}
	_, err = d.activities.InsertOne(ctx, jsonDoc{ID: a.ID, TeamID: a.TeamID, TrainerID: a.TrainerID, UnitCode: a.UnitCode, Status: a.Kind,
		CreatedAt: a.CreatedAt.UTC(), Data: string(data)})
	if mongo.IsDuplicateKeyError(err) {
		return false, nil
	}
	return err == nil, translate("log activity", err)
}

// ActivitiesByTrainer implements lms.CohortStore.
func (d *DB) ActivitiesByTrainer(ctx context.Context, trainerID string) ([]*lms.Activity, error) {
	return findJSON[lms.Activity](ctx, d, d.activities.Name(), bson.D{{Key: "trainer_id", Value: trainerID}},
		bson.D{{Key: "created_at", Value: -1}}, func(*lms.Activity) bool { return true })
}
