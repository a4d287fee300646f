package assess

import (
	"sort"

	"github.com/hocvuso/hocvuso/internal/content"
	"github.com/hocvuso/hocvuso/internal/lms"
)

// Level is how well a learner knows a skill, in the spirit of Khan
// Academy's mastery levels.
type Level int

// The levels, lowest first.
const (
	NotStarted Level = iota
	Attempted
	Familiar
	Proficient
	Mastered
)

// Names of the levels as learners read them.
var levelNames = map[Level]lms.Text{
	NotStarted: {VI: "Chưa bắt đầu", EN: "Not started"},
	Attempted:  {VI: "Đã thử", EN: "Attempted"},
	Familiar:   {VI: "Đã biết", EN: "Familiar"},
	Proficient: {VI: "Thành thạo", EN: "Proficient"},
	Mastered:   {VI: "Nắm vững", EN: "Mastered"},
}

// Name is the level's name in both languages.
func (l Level) Name() lms.Text { return levelNames[l] }

// String is the level's code, as the API gives it.
func (l Level) String() string {
	return [...]string{"not_started", "attempted", "familiar", "proficient", "mastered"}[l]
}

// recentWindow is how many of the latest answers on a skill decide its
// level: old mistakes stop counting once the learner has learnt.
const recentWindow = 6

type scored struct {
	at         int64
	score      float64
	difficulty int
}

// Mastery computes the learner's level on every skill from their attempts:
// every graded answer in lesson checks, placement tests and submitted
// quizzes counts, the latest most. The rules:
//   - attempted: at least one answer;
//   - familiar: 2+ answers, the latest six at least half right;
//   - proficient: 3+ answers, the latest six at least 75% right;
//   - mastered: 4+ answers, the latest six at least 90% right including a
//     right answer at difficulty 2 or 3, or shown by the placement test.
func (s *Service) Mastery(attempts []*lms.Attempt) map[string]Level {
	bySkill := map[string][]scored{}
	placed := map[string]bool{}
	for _, a := range attempts {
		for _, sk := range s.PlacementMastered(a) {
			placed[sk] = true
		}
		for _, ai := range a.Items {
			ans := a.Answers[ai.ItemID]
			it, ok := s.cat.Item(ai.ItemID)
			if !ok {
				continue
			}
			var sc float64
			switch {
			case ans != nil && ans.Graded:
				sc = ans.Score
			case a.Status == lms.AttemptSubmitted:
				sc = ai.Score // unanswered items of a submitted quiz count as wrong
			default:
				continue
			}
			at := a.StartedAt.UnixMilli()
			if ans != nil {
				at = ans.AnsweredAt.UnixMilli()
			}
			for _, sk := range it.Skills {
				bySkill[sk] = append(bySkill[sk], scored{at: at, score: sc, difficulty: it.Difficulty})
			}
		}
	}
	out := map[string]Level{}
	for sk, rs := range bySkill {
		out[sk] = levelOf(rs)
	}
	for sk := range placed {
		out[sk] = Mastered
	}
	return out
}

func levelOf(rs []scored) Level {
	sort.Slice(rs, func(i, j int) bool { return rs[i].at < rs[j].at })
	recent := rs[max(0, len(rs)-recentWindow):]
	sum, hard := 0.0, false
	for _, r := range recent {
		sum += r.score
		hard = hard || (r.score >= 1 && r.difficulty >= 2)
	}
	mean := sum / float64(len(recent))
	switch {
	case len(rs) >= 4 && mean >= 0.9 && hard:
		return Mastered
	case len(rs) >= 3 && mean >= 0.75:
		return Proficient
	case len(rs) >= 2 && mean >= 0.5:
		return Familiar
	}
	return Attempted
}

// CourseStatus is a learner's quiz standing in one course.
type CourseStatus struct {
	Final       *lms.Attempt // the attempt the grading policy counts, or nil
	FinalPassed bool
	Skippable   map[string]bool // lessons the placement test lets the learner skip
}

// Status summarises attempts for a course: the counted final attempt and
// the lessons whose every skill the placement test showed mastered.
func (s *Service) Status(c *content.Course, attempts []*lms.Attempt) CourseStatus {
	st := CourseStatus{Skippable: map[string]bool{}}
	if q := c.FinalQuiz(); q != nil {
		st.Final = Counted(q, attempts)
		st.FinalPassed = st.Final != nil && st.Final.Passed
	}
	placed := map[string]bool{}
	for _, a := range attempts {
		if a.CourseSlug == c.Slug {
			for _, sk := range s.PlacementMastered(a) {
				placed[sk] = true
			}
		}
	}
	for _, l := range c.Lessons {
		all := len(l.Skills) > 0
		for _, sk := range l.Skills {
			all = all && placed[sk]
		}
		if all {
			st.Skippable[l.ID] = true
		}
	}
	return st
}
