package storetest

import (
	"context"
	"testing"
	"time"
)

// Bench runs the adapter benchmarks: point reads and writes of users and
// sessions, and rate-limit hits, on a store seeded with seed users.
func Bench(b *testing.B, open Opener, seed int) {
	s := open(b)
	c := context.Background()
	ids := make([]string, seed)
	phones := make([]string, seed)
	for i := range seed {
		u := NewUser()
		if err := s.CreateUser(c, u); err != nil {
			b.Fatal(err)
		}
		ids[i], phones[i] = u.ID, u.Phone
	}
	now := time.Now()
	sessions := make([]string, seed)
	for i := range seed {
		ss := newSession(ids[i], now)
		if err := s.CreateSession(c, ss); err != nil {
			b.Fatal(err)
		}
		sessions[i] = ss.TokenHash
	}
	b.Run("UserByID", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			if _, err := s.UserByID(c, ids[i%seed]); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("UserByPhone", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			if _, err := s.UserByPhone(c, phones[i%seed]); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("CreateUser", func(b *testing.B) {
		for b.Loop() {
			if err := s.CreateUser(c, NewUser()); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("SessionByTokenHash", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			if _, err := s.SessionByTokenHash(c, sessions[i%seed], now); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("CreateSession", func(b *testing.B) {
		for b.Loop() {
			if err := s.CreateSession(c, newSession("bench", now)); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("ExtendSession", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			if err := s.ExtendSession(c, sessions[i%seed], now.Add(time.Duration(i)*time.Second)); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("HitRate", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			if _, err := s.HitRate(c, phones[i%seed], 15*time.Minute, now); err != nil {
				b.Fatal(err)
			}
		}
	})
}
