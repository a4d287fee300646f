package cert

import (
	"bytes"

	"github.com/hocvuso/hocvuso/internal/cert/certpdf"
	"github.com/hocvuso/hocvuso/internal/lms"
)

// PDF renders certificates, one A4 page each, in lang.
func (s *Service) PDF(certs []*lms.Certificate, lang string) ([]byte, error) {
	var pages []certpdf.Page
	for _, c := range certs {
		course := c.CourseSlug
		if co, ok := s.learning.Catalog().Course(c.CourseSlug); ok {
			course = co.Title.In(lang)
		}
		pages = append(pages, certpdf.Page{Lang: lang, Name: c.LearnerName, Course: course, Date: c.IssuedAt,
			Issuer: s.units.FullName(c.UnitCode, lang), Code: c.Code, VerifyURL: s.baseURL + "/verify/" + c.Code})
	}
	var buf bytes.Buffer
	if err := s.pdf.Write(&buf, pages); err != nil {
		return nil, lms.Internal("cert: pdf", err)
	}
	return buf.Bytes(), nil
}
