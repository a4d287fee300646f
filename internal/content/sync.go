package content

import (
	"context"
	"encoding/json"
	"time"

	"github.com/hocvuso/hocvuso/internal/lms"
)

// courseRecord and lessonRecord are what the store keeps of each version:
// enough to show later what a learner saw.
type courseRecord struct {
	Slug    string   `json:"slug"`
	Title   lms.Text `json:"title"`
	Lessons []string `json:"lessons"`
	Unlock  string   `json:"unlock"`
}

type lessonRecord struct {
	ID       string            `json:"id"`
	Title    lms.Text          `json:"title"`
	Skills   []string          `json:"skills"`
	Markdown map[string]string `json:"markdown"`
}

// Sync writes every course and lesson version to the store. Items whose
// hash the store already holds as current are not rewritten, so restarting
// with unchanged content writes nothing. It returns how many were written.
func Sync(ctx context.Context, store lms.ContentStore, cat *Catalog, now time.Time) (int, error) {
	written := 0
	put := func(kind, key, hash string, v any) error {
		data, err := json.Marshal(v)
		if err != nil {
			return err
		}
		ok, err := store.PutContent(ctx, &lms.ContentItem{Kind: kind, Key: key, Hash: hash, Data: data, UpdatedAt: now})
		if ok {
			written++
		}
		return err
	}
	for _, c := range cat.Courses {
		rec := courseRecord{Slug: c.Slug, Title: c.Title, Unlock: c.Unlock}
		for _, l := range c.Lessons {
			rec.Lessons = append(rec.Lessons, l.ID)
			md := map[string]string{}
			for _, lang := range Languages {
				md[lang] = l.Text(lang).Markdown
			}
			if err := put("lesson", c.Slug+"/"+l.ID, l.Hash, lessonRecord{ID: l.ID, Title: l.Title(), Skills: l.Skills, Markdown: md}); err != nil {
				return written, err
			}
		}
		if err := put("course", c.Slug, c.Hash, rec); err != nil {
			return written, err
		}
	}
	return written, nil
}
