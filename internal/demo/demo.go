// Package demo seeds a living province for newcomers and for trying the
// officials' dashboards: Tỉnh Quảng Ninh's 54 communes, wards and special
// zones with volunteer teams, classes, learners of plausible ages, genders
// and ethnic groups, their lessons, final quizzes, support activities and
// certificates, spread over the last four months.
//
// Every record goes through the store as the product writes it, and the
// certificates through the certificate service, so they are signed and
// verify. The people are invented: names are drawn from common Vietnamese
// family, middle and given names, and the phone numbers from one demo
// range (+84 90 9xx xxxx) so they are easy to recognise and remove.
package demo

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/hocvuso/hocvuso/internal/auth"
	"github.com/hocvuso/hocvuso/internal/cert"
	"github.com/hocvuso/hocvuso/internal/content"
	"github.com/hocvuso/hocvuso/internal/lms"
	"github.com/hocvuso/hocvuso/internal/units"
)

// Province is the province the demo fills: Quảng Ninh (22).
const Province = "22"

// The accounts a newcomer signs in with; printed by "hocvuso demo".
const (
	OfficialPhone = "0909000022" // official of the province
	CommunePhone  = "0909006970" // official of Xã Ba Chẽ
	Password      = "hocvuso-demo"
)

// Deps is what seeding uses.
type Deps struct {
	Store   lms.Store
	Units   *units.Registry
	Catalog *content.Catalog
	Auth    *auth.Service
	// NewCert builds a certificate service with the given clock. Seed
	// builds one and sets its clock to the day each demo learner passed,
	// so certificates carry that day.
	NewCert func(now func() time.Time) (*cert.Service, error)
}

// Result counts what Seed wrote.
type Result struct {
	Teams, Classes, Learners, Lessons, Attempts, Activities, Certificates int
	Skipped                                                               bool // a demo was already there
}

// ErrNotEmpty is returned when the database holds accounts that are not
// the demo's: the demo is for an empty database only.
var ErrNotEmpty = errors.New("demo: the database already has learners in Quảng Ninh; the demo only fills an empty province")

// Seed fills the store with a demo of learners learners, drawn from seed,
// ending at now. It runs once: if the demo official exists, it does nothing.
func Seed(ctx context.Context, d Deps, learners int, seed uint64, now time.Time) (*Result, error) {
	if _, err := d.Store.UserByPhone(ctx, "+84"+OfficialPhone[1:]); err == nil {
		return &Result{Skipped: true}, nil
	}
	if us, err := d.Store.UsersInUnits(ctx, lms.RoleLearner, communeCodes(d.Units)); err != nil {
		return nil, err
	} else if len(us) > 0 {
		return nil, ErrNotEmpty
	}
	g := &gen{d: d, r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), now: now.UTC(), res: &Result{}}
	var err error
	if g.cert, err = d.NewCert(func() time.Time { return g.certAt }); err != nil {
		return nil, err
	}
	if err := g.staff(ctx); err != nil {
		return nil, err
	}
	if err := g.learners(ctx, learners); err != nil {
		return nil, err
	}
	if err := g.activities(ctx); err != nil {
		return nil, err
	}
	return g.res, nil
}

func communeCodes(reg *units.Registry) []string {
	var out []string
	for _, c := range reg.Communes(Province) {
		out = append(out, c.Code)
	}
	return out
}

// gen holds one seeding run.
type gen struct {
	d       Deps
	r       *rand.Rand
	now     time.Time
	res     *Result
	classes map[string][]*lms.Class // by commune
	trainer map[string]*lms.User    // a team leader per commune
	phones  int
	cert    *cert.Service // built once; its clock reads certAt
	certAt  time.Time     // the day the learner being certified passed
}

// day is a moment d days before now, in the daytime in Vietnam.
func (g *gen) day(d int) time.Time {
	t := g.now.AddDate(0, 0, -d)
	return time.Date(t.Year(), t.Month(), t.Day(), 1+g.r.IntN(10), g.r.IntN(60), 0, 0, time.UTC)
}

func (g *gen) phone() string {
	g.phones++
	return fmt.Sprintf("09090%05d", 10000+g.phones)
}

// staff creates the two officials, a team with a leader in most communes,
// and one or two classes per team.
func (g *gen) staff(ctx context.Context) error {
	for _, s := range []auth.StaffInput{
		{Phone: OfficialPhone, Password: Password, Name: "Nguyễn Văn Quảng", Role: "official", UnitCode: Province},
		{Phone: CommunePhone, Password: Password, Name: "Hoàng Thị Chè", Role: "official", UnitCode: "06970"},
	} {
		if _, err := g.d.Auth.CreateStaff(ctx, "", s); err != nil {
			return fmt.Errorf("demo: official: %w", err)
		}
	}
	g.classes, g.trainer = map[string][]*lms.Class{}, map[string]*lms.User{}
	hash, err := auth.NewHasher(auth.DefaultHashParams).Hash(ctx, Password)
	if err != nil {
		return err
	}
	courses := g.d.Catalog.Courses
	for i, c := range g.d.Units.Communes(Province) {
		if g.r.IntN(10) == 0 && c.Code != "06970" {
			continue // a few communes have no team yet: the dashboard shows them empty
		}
		leader := g.person(c.Code, lms.RoleTrainer, 1985+g.r.IntN(15))
		leader.SecretHash = hash
		if err := g.d.Store.CreateUser(ctx, leader); err != nil {
			return err
		}
		g.trainer[c.Code] = leader
		team := &lms.Team{ID: fmt.Sprintf("demo-team-%s", c.Code), Name: "Đội tình nguyện " + c.Name, UnitCode: c.Code,
			LeaderID: leader.ID, CreatedAt: g.day(120 + g.r.IntN(10))}
		if err := g.d.Store.CreateTeam(ctx, team); err != nil {
			return err
		}
		if err := g.d.Store.AddTeamMember(ctx, &lms.TeamMember{TeamID: team.ID, UserID: leader.ID, Role: lms.TeamLeader, JoinedAt: team.CreatedAt}); err != nil {
			return err
		}
		g.res.Teams++
		for k := range 1 + g.r.IntN(2) {
			course := courses[(i+k)%len(courses)]
			start := 20 + g.r.IntN(90)
			cl := &lms.Class{ID: fmt.Sprintf("demo-class-%s-%d", c.Code, k), TeamID: team.ID, UnitCode: c.Code,
				Name: fmt.Sprintf("Lớp %s thôn %d", course.Title.VI, 1+g.r.IntN(9)), Place: "Nhà văn hóa thôn",
				Courses: []string{course.Slug}, TrainerIDs: []string{leader.ID}, Capacity: 40, Status: lms.ClassRunning,
				JoinCode: fmt.Sprintf("D%s%d", c.Code[1:], k), CreatedBy: leader.ID, CreatedAt: g.day(start + 7), UpdatedAt: g.day(start + 7)}
			for s := range 4 {
				cl.Sessions = append(cl.Sessions, lms.ClassSession{ID: fmt.Sprint("s", s+1), Starts: g.day(start - 7*s)})
			}
			if err := g.d.Store.CreateClass(ctx, cl); err != nil {
				return err
			}
			g.classes[c.Code] = append(g.classes[c.Code], cl)
			g.res.Classes++
		}
	}
	return nil
}
