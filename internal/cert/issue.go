package cert

import (
	"context"

	"github.com/hocvuso/hocvuso/internal/cert/credential"
	"github.com/hocvuso/hocvuso/internal/lms"
)

// IssueIfComplete issues the learner's certificate for a course once its
// completion rule is met, and returns it; nil when the course is not
// finished yet. Calling it again, or from racing requests, returns the
// same certificate: one completion never yields two.
func (s *Service) IssueIfComplete(ctx context.Context, u *lms.User, slug string) (*lms.Certificate, bool, error) {
	p, err := s.learning.CourseProgress(ctx, u, slug)
	if err != nil || !p.Finished() {
		return nil, false, err
	}
	existing, err := s.store.CertificatesByUser(ctx, u.ID)
	if err != nil {
		return nil, false, err
	}
	for _, c := range existing {
		if c.CourseSlug == slug {
			return c, false, nil
		}
	}
	key := s.activeKey()
	if key == nil {
		return nil, false, lms.Internal("cert: issue", errNoKey)
	}
	course := p.Course
	for try := 0; try < 5; try++ {
		c := &lms.Certificate{Code: randomCode(), UserID: u.ID, CourseSlug: slug, LearnerName: u.Name, UnitCode: u.UnitCode,
			IssuedAt: s.clock(), StatusIndex: randomIndex(), KeyID: key.ID}
		sub := credential.Subject{Code: c.Code, Name: u.Name, IssuedAt: c.IssuedAt, Lang: "vi",
			Achievement: credential.Achievement{ID: s.baseURL + "/courses/" + slug, Name: course.Title.VI,
				Description: course.Summary.VI, Criteria: criteria(course.Completion.Quiz != ""), Skills: course.Skills}}
		jwt, err := credential.Sign(credential.Build(s.baseURL, s.Issuer(), sub, c.StatusIndex), *key)
		if err != nil {
			return nil, false, lms.Internal("cert: sign", err)
		}
		c.Credential = jwt
		stored, created, err := s.store.IssueCertificate(ctx, c)
		if lms.ErrorCode(err) == lms.ECONFLICT {
			continue // the code or the status index was taken: draw again
		}
		return stored, created, err
	}
	return nil, false, lms.Internal("cert: issue", errNoSlot)
}

func criteria(withQuiz bool) string {
	if withQuiz {
		return "Hoàn thành mọi bài học và đạt bài kiểm tra cuối khóa."
	}
	return "Hoàn thành mọi bài học."
}

type certError string

func (e certError) Error() string { return string(e) }

const (
	errNoKey  certError = "no active signing key"
	errNoSlot certError = "no free code or status index after 5 tries"
)
