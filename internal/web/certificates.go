package web

import (
	"slices"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/hocvuso/hocvuso/internal/cert"
	"github.com/hocvuso/hocvuso/internal/lms"
)

// issueIfComplete gives the learner their certificate the moment a course
// is finished. A failure here must not undo the completion or the quiz
// that triggered it: it is logged, and the next completion or page visit
// tries again.
func (s *Server) issueIfComplete(c *fiber.Ctx, slug string) {
	if s.deps.Cert == nil {
		return
	}
	if _, _, err := s.deps.Cert.IssueIfComplete(c.UserContext(), userOf(c), slug); err != nil {
		s.logger(c).Error("issue certificate", "course", slug, "error", err.Error())
	}
}

type certificateJSON struct {
	Code       string     `json:"code"`
	Status     string     `json:"status"`
	Name       string     `json:"name"`
	Course     string     `json:"course"`
	CourseSlug string     `json:"course_slug"`
	IssuedAt   time.Time  `json:"issued_at"`
	Issuer     string     `json:"issuer"`
	RevokedAt  *time.Time `json:"revoked_at,omitempty"`
	Reason     string     `json:"revocation_reason,omitempty"`
	VerifyURL  string     `json:"verify_url"`
	Credential string     `json:"credential_url"`
}

func (s *Server) certificateJSON(p *cert.Public, lang string) certificateJSON {
	out := certificateJSON{Code: p.Code, Status: p.Status, Name: p.Name, Course: p.Course.In(lang), CourseSlug: p.CourseSlug,
		IssuedAt: p.IssuedAt, Issuer: p.Issuer.In(lang), Reason: p.Reason,
		VerifyURL: s.deps.Cert.BaseURL() + "/verify/" + p.Code, Credential: s.deps.Cert.BaseURL() + "/api/v1/certificates/" + p.Code + "/credential"}
	if !p.RevokedAt.IsZero() {
		at := p.RevokedAt
		out.RevokedAt = &at
	}
	return out
}

func (s *Server) apiCertificate(c *fiber.Ctx) error {
	p, _, err := s.deps.Cert.Lookup(c.UserContext(), c.Params("code"), c.Query("masked") == "1")
	if err != nil {
		return err
	}
	return c.JSON(s.certificateJSON(p, langOf(c)))
}

// apiCredential is the signed Open Badges 3.0 credential, as a VC-JWT.
func (s *Server) apiCredential(c *fiber.Ctx) error {
	_, cert, err := s.deps.Cert.Lookup(c.UserContext(), c.Params("code"), false)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "application/vc+jwt")
	return c.SendString(cert.Credential)
}

// apiStatusList is the Bitstring Status List credential every
// certificate's credentialStatus points to.
func (s *Server) apiStatusList(c *fiber.Ctx) error {
	if c.Params("list") != "1" {
		return lms.Errorf(lms.ENOTFOUND, "Không có danh sách trạng thái này.", "There is no such status list.")
	}
	jwt, err := s.deps.Cert.StatusList(c.UserContext())
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "application/vc+jwt")
	c.Set(fiber.HeaderCacheControl, "public, max-age=300")
	return c.SendString(jwt)
}

type revokeRequest struct {
	Reason string `json:"reason"`
}

func (s *Server) apiRevoke(c *fiber.Ctx) error {
	var in revokeRequest
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if err := s.deps.Cert.Revoke(c.UserContext(), userOf(c), c.Params("code"), in.Reason); err != nil {
		return err
	}
	return s.apiCertificate(c)
}

func (s *Server) apiMyCertificates(c *fiber.Ctx) error {
	list, err := s.deps.Cert.Mine(c.UserContext(), userOf(c))
	if err != nil {
		return err
	}
	out := []certificateJSON{}
	for _, ct := range list {
		p, _, err := s.deps.Cert.Lookup(c.UserContext(), ct.Code, false)
		if err != nil {
			return err
		}
		out = append(out, s.certificateJSON(p, langOf(c)))
	}
	return c.JSON(fiber.Map{"certificates": out})
}

func (s *Server) jwks(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "public, max-age=300")
	return c.JSON(s.deps.Cert.JWKS())
}

func (s *Server) didDocument(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "public, max-age=300")
	c.Set(fiber.HeaderContentType, "application/did+json")
	return c.JSON(s.deps.Cert.DIDDocument())
}

type verifyData struct {
	Code   string
	Cert   *certificateJSON
	Masked bool
}

// verifyPage is the public verification page: no sign-in, small enough for
// a weak network, never "valid" for anything that is not.
func (s *Server) verifyPage(c *fiber.Ctx) error {
	code := c.Params("code", c.Query("code"))
	d := verifyData{Code: code, Masked: c.Query("masked") == "1"}
	if code == "" {
		return s.render(c, fiber.StatusOK, "verify", &page{Data: d})
	}
	p, _, err := s.deps.Cert.Lookup(c.UserContext(), code, d.Masked)
	if err != nil {
		pg := &page{Data: d}
		if !formErrors(pg, err, langOf(c)) {
			return err
		}
		return s.render(c, fiber.StatusNotFound, "verify", pg)
	}
	j := s.certificateJSON(p, langOf(c))
	d.Cert = &j
	return s.render(c, fiber.StatusOK, "verify", &page{Data: d})
}

type myCertsData struct {
	Certs []certificateJSON
}

func (s *Server) myCertificatesPage(c *fiber.Ctx) error {
	list, err := s.deps.Cert.Mine(c.UserContext(), userOf(c))
	if err != nil {
		return err
	}
	var d myCertsData
	for _, ct := range list {
		p, _, err := s.deps.Cert.Lookup(c.UserContext(), ct.Code, false)
		if err != nil {
			return err
		}
		d.Certs = append(d.Certs, s.certificateJSON(p, langOf(c)))
	}
	return s.render(c, fiber.StatusOK, "certificates", &page{Data: d})
}

// certificatePDF downloads one of the learner's own certificates.
func (s *Server) certificatePDF(c *fiber.Ctx) error {
	_, ct, err := s.deps.Cert.Lookup(c.UserContext(), c.Params("code"), false)
	if err != nil || ct.UserID != userOf(c).ID {
		return lms.Errorf(lms.ENOTFOUND, "Không có chứng nhận nào với mã này.", "There is no certificate with this code.")
	}
	return s.sendPDF(c, []*lms.Certificate{ct}, "chung-nhan-"+ct.Code+".pdf")
}

// classCertificatesPDF is every certificate of a class's learners for the
// class's courses, as one file to print.
func (s *Server) classCertificatesPDF(c *fiber.Ctx) error {
	g, err := s.deps.Cohort.Grid(c.UserContext(), userOf(c), c.Params("id"))
	if err != nil {
		return err
	}
	if !s.deps.Cohort.CanManage(c.UserContext(), userOf(c), g.Class) {
		return lms.Errorf(lms.ENOTFOUND, "Không tìm thấy lớp này.", "There is no such class.")
	}
	var all []*lms.Certificate
	for _, r := range g.Rows {
		mine, err := s.deps.Cert.Mine(c.UserContext(), r.User)
		if err != nil {
			return err
		}
		for _, ct := range mine {
			if slices.Contains(g.Class.Courses, ct.CourseSlug) && !ct.Revoked() {
				all = append(all, ct)
			}
		}
	}
	if len(all) == 0 {
		return lms.Errorf(lms.ENOTFOUND, "Lớp chưa có chứng nhận nào.", "The class has no certificates yet.")
	}
	return s.sendPDF(c, all, "chung-nhan-lop-"+g.Class.JoinCode+".pdf")
}

func (s *Server) sendPDF(c *fiber.Ctx, certs []*lms.Certificate, name string) error {
	pdf, err := s.deps.Cert.PDF(certs, langOf(c))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "application/pdf")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+name+`"`)
	return c.Send(pdf)
}
