package storetest

import (
	"reflect"
	"testing"
	"time"

	"github.com/hocvuso/hocvuso/internal/lms"
)

func testUsers(t *testing.T, open Opener) {
	t.Run("CreateAndRead", func(t *testing.T) {
		s, c := open(t), ctx(t)
		u := NewUser()
		mustNil(t, s.CreateUser(c, u))
		for name, get := range map[string]func() (*lms.User, error){
			"byID":    func() (*lms.User, error) { return s.UserByID(c, u.ID) },
			"byPhone": func() (*lms.User, error) { return s.UserByPhone(c, u.Phone) },
		} {
			got, err := get()
			mustNil(t, err)
			if !reflect.DeepEqual(normal(got), normal(u)) {
				t.Fatalf("%s: got %+v, want %+v", name, got, u)
			}
		}
	})
	t.Run("UsersInUnits", func(t *testing.T) {
		s, c := open(t), ctx(t)
		want := map[string]bool{}
		for i, unit := range []string{"06970", "06970", "07000", "26734"} {
			u := NewUser()
			u.UnitCode = unit
			if i == 1 {
				u.Role = lms.RoleTrainer // not a learner: not counted
			}
			mustNil(t, s.CreateUser(c, u))
			if unit != "26734" && i != 1 {
				want[u.ID] = true
			}
		}
		got, err := s.UsersInUnits(c, lms.RoleLearner, []string{"06970", "07000", "99999"})
		mustNil(t, err)
		if len(got) != len(want) {
			t.Fatalf("%d users, want %d", len(got), len(want))
		}
		for i, u := range got {
			if !want[u.ID] || u.Role != lms.RoleLearner || (i > 0 && got[i-1].ID >= u.ID) {
				t.Fatalf("unexpected or unordered user %+v", u)
			}
		}
		none, err := s.UsersInUnits(c, lms.RoleLearner, nil)
		mustNil(t, err)
		if len(none) != 0 {
			t.Fatalf("no units gave %d users", len(none))
		}
		odd, err := s.UsersInUnits(c, lms.RoleLearner, []string{`{"$gt":""}`, "' OR 1=1 --"})
		mustNil(t, err)
		if len(odd) != 0 {
			t.Fatalf("operator-looking codes matched %d users", len(odd))
		}
	})
	t.Run("NotFound", func(t *testing.T) {
		s, c := open(t), ctx(t)
		_, err := s.UserByID(c, "missing")
		wantCode(t, err, lms.ENOTFOUND)
		_, err = s.UserByPhone(c, "+84900000000")
		wantCode(t, err, lms.ENOTFOUND)
	})
	t.Run("DuplicatePhoneConflicts", func(t *testing.T) {
		s, c := open(t), ctx(t)
		u := NewUser()
		mustNil(t, s.CreateUser(c, u))
		dup := NewUser()
		dup.Phone = u.Phone
		wantCode(t, s.CreateUser(c, dup), lms.ECONFLICT)
		// The rejected user left nothing behind.
		_, err := s.UserByID(c, dup.ID)
		wantCode(t, err, lms.ENOTFOUND)
	})
	t.Run("DuplicateIDConflicts", func(t *testing.T) {
		s, c := open(t), ctx(t)
		u := NewUser()
		mustNil(t, s.CreateUser(c, u))
		dup := NewUser()
		dup.ID = u.ID
		wantCode(t, s.CreateUser(c, dup), lms.ECONFLICT)
	})
	t.Run("OperatorLookingValuesMatchNothing", func(t *testing.T) {
		s, c := open(t), ctx(t)
		mustNil(t, s.CreateUser(c, NewUser()))
		for _, v := range []string{`{"$gt": ""}`, `{"$ne": null}`, `' OR '1'='1`, `%`, `*`} {
			_, err := s.UserByPhone(c, v)
			wantCode(t, err, lms.ENOTFOUND)
		}
	})
	t.Run("Update", func(t *testing.T) {
		s, c := open(t), ctx(t)
		u := NewUser()
		mustNil(t, s.CreateUser(c, u))
		u.Name, u.Role, u.UnitCode = "Trần Văn Ba", lms.RoleTrainer, "22"
		u.Ethnicity, u.Assisted = "", true
		u.Prefs = lms.Prefs{TextSize: 150, HighContrast: true}
		u.UpdatedAt = u.UpdatedAt.Add(time.Minute)
		mustNil(t, s.UpdateUser(c, u))
		got, err := s.UserByID(c, u.ID)
		mustNil(t, err)
		if !reflect.DeepEqual(normal(got), normal(u)) {
			t.Fatalf("got %+v, want %+v", got, u)
		}
		missing := NewUser()
		wantCode(t, s.UpdateUser(c, missing), lms.ENOTFOUND)

		// Taking another user's phone conflicts and changes nothing.
		other := NewUser()
		mustNil(t, s.CreateUser(c, other))
		clash := *u
		clash.Phone, clash.Name = other.Phone, "Someone Else"
		wantCode(t, s.UpdateUser(c, &clash), lms.ECONFLICT)
		got, err = s.UserByID(c, u.ID)
		mustNil(t, err)
		if got.Phone != u.Phone || got.Name != u.Name {
			t.Fatalf("a conflicting update changed the user: %+v", got)
		}
		// A new, free phone moves the account.
		u.Phone = "+8497" + RandomID()[:7]
		mustNil(t, s.UpdateUser(c, u))
		if _, err := s.UserByPhone(c, u.Phone); err != nil {
			t.Fatalf("lookup by the new phone: %v", err)
		}
	})
}

// normal makes times comparable across adapters that keep milliseconds.
func normal(u *lms.User) lms.User {
	v := *u
	v.CreatedAt = v.CreatedAt.UTC().Truncate(time.Millisecond)
	v.UpdatedAt = v.UpdatedAt.UTC().Truncate(time.Millisecond)
	return v
}
