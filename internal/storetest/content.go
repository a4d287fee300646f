package storetest

import (
	"testing"
	"time"

	"github.com/hocvuso/hocvuso/internal/lms"
)

func testContent(t *testing.T, open Opener) {
	s, c := open(t), ctx(t)
	now := time.Now().UTC().Truncate(time.Millisecond)
	v1 := &lms.ContentItem{Kind: "lesson", Key: "smartphone/01-lam-quen", Hash: "aaa", Data: []byte(`{"v":1}`), UpdatedAt: now}
	written, err := s.PutContent(c, v1)
	mustNil(t, err)
	if !written {
		t.Fatal("first version not written")
	}
	// The same hash again writes nothing, even with a later timestamp.
	again := *v1
	again.UpdatedAt = now.Add(time.Hour)
	written, err = s.PutContent(c, &again)
	mustNil(t, err)
	if written {
		t.Fatal("an unchanged item was rewritten")
	}
	cur, err := s.CurrentContent(c, "lesson", "smartphone/01-lam-quen")
	mustNil(t, err)
	if cur.Hash != "aaa" || !cur.UpdatedAt.Equal(now) || string(cur.Data) != `{"v":1}` {
		t.Fatalf("current = %+v", cur)
	}
	// A new version becomes current; the old one stays readable.
	v2 := &lms.ContentItem{Kind: "lesson", Key: "smartphone/01-lam-quen", Hash: "bbb", Data: []byte(`{"v":2}`), UpdatedAt: now.Add(time.Minute)}
	written, err = s.PutContent(c, v2)
	mustNil(t, err)
	if !written {
		t.Fatal("new version not written")
	}
	cur, err = s.CurrentContent(c, "lesson", "smartphone/01-lam-quen")
	mustNil(t, err)
	if cur.Hash != "bbb" {
		t.Fatalf("current hash = %s", cur.Hash)
	}
	old, err := s.ContentVersion(c, "lesson", "smartphone/01-lam-quen", "aaa")
	mustNil(t, err)
	if string(old.Data) != `{"v":1}` {
		t.Fatalf("old version = %s", old.Data)
	}
	// Going back to an earlier version is a write too.
	written, err = s.PutContent(c, v1)
	mustNil(t, err)
	if !written {
		t.Fatal("reverting to an earlier version was not written")
	}
	_, err = s.ContentVersion(c, "lesson", "smartphone/01-lam-quen", "zzz")
	wantCode(t, err, lms.ENOTFOUND)
	_, err = s.CurrentContent(c, "course", "nothing")
	wantCode(t, err, lms.ENOTFOUND)
	// Kinds are separate namespaces.
	_, err = s.CurrentContent(c, "course", "smartphone/01-lam-quen")
	wantCode(t, err, lms.ENOTFOUND)
}

func testProgress(t *testing.T, open Opener) {
	s, c := open(t), ctx(t)
	now := time.Now().UTC().Truncate(time.Millisecond)
	first := &lms.LessonCompletion{UserID: "u1", CourseSlug: "smartphone", LessonID: "01-lam-quen",
		ContentHash: "aaa", CompletedAt: now.Add(-time.Hour), RecordedAt: now}
	created, err := s.CompleteLesson(c, first)
	mustNil(t, err)
	if !created {
		t.Fatal("first completion not created")
	}
	// A retry (the offline queue sending twice) keeps the first record.
	retry := *first
	retry.ContentHash, retry.CompletedAt = "bbb", now
	created, err = s.CompleteLesson(c, &retry)
	mustNil(t, err)
	if created {
		t.Fatal("a repeated completion was created again")
	}
	mustNil(t, func() error {
		_, err := s.CompleteLesson(c, &lms.LessonCompletion{UserID: "u1", CourseSlug: "smartphone", LessonID: "02-cai-dat",
			ContentHash: "ccc", CompletedAt: now, RecordedAt: now})
		return err
	}())
	mustNil(t, func() error {
		_, err := s.CompleteLesson(c, &lms.LessonCompletion{UserID: "u2", CourseSlug: "smartphone", LessonID: "01-lam-quen",
			ContentHash: "aaa", CompletedAt: now, RecordedAt: now})
		return err
	}())
	got, err := s.CompletionsByUser(c, "u1")
	mustNil(t, err)
	if len(got) != 2 {
		t.Fatalf("u1 has %d completions, want 2", len(got))
	}
	for _, g := range got {
		if g.LessonID == "01-lam-quen" && (g.ContentHash != "aaa" || !g.CompletedAt.Equal(now.Add(-time.Hour)) || !g.RecordedAt.Equal(now)) {
			t.Fatalf("first record not kept: %+v", g)
		}
	}
	none, err := s.CompletionsByUser(c, "nobody")
	mustNil(t, err)
	if len(none) != 0 {
		t.Fatalf("nobody has %d completions", len(none))
	}

	mustNil(t, s.SetCourseState(c, &lms.CourseState{UserID: "u1", CourseSlug: "smartphone", LastLessonID: "01-lam-quen", UpdatedAt: now}))
	mustNil(t, s.SetCourseState(c, &lms.CourseState{UserID: "u1", CourseSlug: "smartphone", LastLessonID: "02-cai-dat", UpdatedAt: now.Add(time.Second)}))
	mustNil(t, s.SetCourseState(c, &lms.CourseState{UserID: "u1", CourseSlug: "ai-basics", LastLessonID: "01-ai-la-gi", UpdatedAt: now}))
	states, err := s.CourseStates(c, "u1")
	mustNil(t, err)
	if len(states) != 2 {
		t.Fatalf("%d course states, want 2", len(states))
	}
	for _, st := range states {
		if st.CourseSlug == "smartphone" && (st.LastLessonID != "02-cai-dat" || !st.UpdatedAt.Equal(now.Add(time.Second))) {
			t.Fatalf("state not updated: %+v", st)
		}
	}
}
