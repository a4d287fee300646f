package demo

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/hocvuso/hocvuso/internal/auth"
	"github.com/hocvuso/hocvuso/internal/content"
	"github.com/hocvuso/hocvuso/internal/lms"
)

// Common family, middle and given names; any combination reads as a name.
var (
	families = []string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Lý", "Triệu", "Đinh", "Lò"}
	middleF  = []string{"Thị", "Thị", "Thu", "Ngọc", "Kim"}
	middleM  = []string{"Văn", "Văn", "Đức", "Minh", "Quang"}
	givenF   = []string{"Hoa", "Lan", "Mai", "Hằng", "Thảo", "Dung", "Nga", "Xuân", "Hương", "Liên", "Thơm", "Chi"}
	givenM   = []string{"An", "Bình", "Sơn", "Tuấn", "Hùng", "Dũng", "Hải", "Phúc", "Long", "Tâm", "Páo", "Cường"}
)

// Quảng Ninh's larger ethnic groups besides the Kinh.
var minorities = []string{"dao", "tay", "sandiu", "sanchay", "hoa"}

func (g *gen) person(unit string, role lms.Role, born int) *lms.User {
	female := g.r.IntN(100) < 56 // learners in the campaign's classes are more often women
	fam := families[g.r.IntN(len(families))]
	name, gender := fam+" "+middleM[g.r.IntN(len(middleM))]+" "+givenM[g.r.IntN(len(givenM))], lms.GenderMale
	if female {
		name, gender = fam+" "+middleF[g.r.IntN(len(middleF))]+" "+givenF[g.r.IntN(len(givenF))], lms.GenderFemale
	}
	eth := "kinh"
	if g.r.IntN(100) < 15 {
		eth = minorities[g.r.IntN(len(minorities))]
	}
	p := g.phone()
	created := g.day(110 + g.r.IntN(10))
	return &lms.User{ID: auth.NewID(), Phone: "+84" + p[1:], Name: name, BirthYear: born, Gender: gender, Ethnicity: eth,
		UnitCode: unit, Role: role, CreatedAt: created, UpdatedAt: created}
}

// birthYear draws an age the campaign sees most: many over 50.
func (g *gen) birthYear() int {
	year := g.now.Year()
	switch n := g.r.IntN(100); {
	case n < 8:
		return year - 14 - g.r.IntN(4)
	case n < 35:
		return year - 18 - g.r.IntN(22)
	case n < 65:
		return year - 40 - g.r.IntN(20)
	default:
		return year - 60 - g.r.IntN(25)
	}
}

// learners creates n learners in the province's communes (more where there
// are classes), enrols most of them, and plays their progress.
func (g *gen) learners(ctx context.Context, n int) error {
	hash, err := auth.NewHasher(auth.DefaultHashParams).Hash(ctx, "482915")
	if err != nil {
		return err
	}
	communes := g.d.Units.Communes(Province)
	var withClass []string
	for code := range g.classes {
		withClass = append(withClass, code)
	}
	slices.Sort(withClass) // the same seed gives the same demo
	for i := range n {
		unit := communes[g.r.IntN(len(communes))].Code
		if len(withClass) > 0 && g.r.IntN(100) < 80 {
			unit = withClass[(i*7+g.r.IntN(len(withClass)))%len(withClass)]
		}
		u := g.person(unit, lms.RoleLearner, g.birthYear())
		u.SecretHash = hash
		if err := g.d.Store.CreateUser(ctx, u); err != nil {
			return err
		}
		g.res.Learners++
		var courses []*content.Course
		if cls := g.classes[unit]; len(cls) > 0 && g.r.IntN(100) < 85 {
			cl := cls[g.r.IntN(len(cls))]
			if _, err := g.d.Store.Enrol(ctx, &lms.Enrolment{ClassID: cl.ID, UserID: u.ID, Via: lms.ViaCode, At: cl.Sessions[len(cl.Sessions)-1].Starts}, 0); err != nil {
				return err
			}
			c, _ := g.d.Catalog.Course(cl.Courses[0])
			courses = append(courses, c)
		} else {
			courses = append(courses, g.d.Catalog.Courses[g.r.IntN(len(g.d.Catalog.Courses))])
		}
		for _, c := range courses {
			if err := g.progress(ctx, u, c); err != nil {
				return err
			}
		}
	}
	return nil
}

// progress plays one learner's way through a course: some stop early, most
// finish the lessons, and most of those pass the final quiz, which issues
// the certificate on the day they passed.
func (g *gen) progress(ctx context.Context, u *lms.User, c *content.Course) error {
	start := 10 + g.r.IntN(100)
	done := len(c.Lessons)
	if g.r.IntN(100) < 35 {
		done = g.r.IntN(len(c.Lessons))
	}
	day := start
	for _, l := range c.Lessons[:done] {
		at := g.day(day)
		if _, err := g.d.Store.CompleteLesson(ctx, &lms.LessonCompletion{UserID: u.ID, CourseSlug: c.Slug, LessonID: l.ID,
			ContentHash: "demo", CompletedAt: at, RecordedAt: at}); err != nil {
			return err
		}
		g.res.Lessons++
		day = max(day-g.r.IntN(4), 1)
	}
	final := c.FinalQuiz()
	if done < len(c.Lessons) || final == nil || g.r.IntN(100) < 10 {
		return nil
	}
	at := g.day(max(day-1, 0))
	passed := g.r.IntN(100) < 80
	percent := 50 + g.r.IntN(20)
	if passed {
		percent = 75 + g.r.IntN(26)
	}
	if err := g.d.Store.CreateAttempt(ctx, &lms.Attempt{ID: fmt.Sprintf("%s:%s:1", u.ID, final.ID), UserID: u.ID, QuizID: final.ID,
		CourseSlug: c.Slug, Kind: content.QuizFinal, Number: 1, StartedAt: at.Add(-10 * time.Minute), Status: lms.AttemptSubmitted,
		SubmittedAt: at, Score: float64(percent), MaxScore: 100, Percent: percent, Passed: passed, UpdatedAt: at}); err != nil {
		return err
	}
	g.res.Attempts++
	if !passed {
		return nil
	}
	g.certAt = at
	if _, created, err := g.cert.IssueIfComplete(ctx, u, c.Slug); err != nil {
		return err
	} else if created {
		g.res.Certificates++
	}
	return nil
}

// activities logs support activities by each team leader over the months.
func (g *gen) activities(ctx context.Context) error {
	kinds := []string{lms.ActVNeID, lms.ActVNeID, lms.ActDossier, lms.ActHealthIns, lms.ActScamReport, lms.ActPhoneSetup}
	for _, unit := range slices.Sorted(maps.Keys(g.trainer)) {
		tr := g.trainer[unit]
		for k := range 2 + g.r.IntN(8) {
			at := g.day(g.r.IntN(110))
			a := &lms.Activity{ID: fmt.Sprintf("demo-act-%s-%d", unit, k), TrainerID: tr.ID, TeamID: "demo-team-" + unit,
				Kind: kinds[g.r.IntN(len(kinds))], Date: at, UnitCode: unit, People: 1 + g.r.IntN(6), CreatedAt: at}
			if _, err := g.d.Store.LogActivity(ctx, a); err != nil {
				return err
			}
			g.res.Activities++
		}
	}
	return nil
}
