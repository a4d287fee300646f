package web

import (
	"sort"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/hocvuso/hocvuso/internal/content"
	"github.com/hocvuso/hocvuso/internal/lms"
	"github.com/hocvuso/hocvuso/internal/validation"
)

// formAnswer reads one question's form (the page without JavaScript) into
// an answer of the item's type.
func formAnswer(c *fiber.Ctx, it *content.Item) (lms.Answer, error) {
	var a lms.Answer
	bad := func() error {
		return validation.FieldInvalid("answer", lms.Text{VI: "Hãy chọn hoặc nhập câu trả lời trước khi lưu.", EN: "Choose or type an answer before saving."})
	}
	switch it.Type {
	case content.TypeSingle, content.TypeScenario:
		a.Choice = c.FormValue("choice")
	case content.TypeMultiple:
		args := c.Request().PostArgs()
		for _, v := range args.PeekMulti("choices") {
			a.Choices = append(a.Choices, string(v))
		}
	case content.TypeTrueFalse:
		switch c.FormValue("bool") {
		case "true":
			t := true
			a.Bool = &t
		case "false":
			f := false
			a.Bool = &f
		}
	case content.TypeOrdering:
		type pos struct {
			id string
			n  int
		}
		var ps []pos
		for _, st := range it.Steps {
			n, err := strconv.Atoi(c.FormValue("pos_" + st.ID))
			if err != nil || n < 1 || n > len(it.Steps) {
				return a, validation.FieldInvalid("answer", lms.Text{VI: "Hãy đánh số thứ tự cho mọi bước.", EN: "Number every step."})
			}
			ps = append(ps, pos{st.ID, n})
		}
		sort.SliceStable(ps, func(i, j int) bool { return ps[i].n < ps[j].n })
		for i, p := range ps {
			if p.n != i+1 {
				return a, validation.FieldInvalid("answer", lms.Text{VI: "Mỗi số thứ tự chỉ dùng một lần.", EN: "Use each number once."})
			}
			a.Order = append(a.Order, p.id)
		}
	case content.TypeMatching:
		a.Matches = map[string]string{}
		for _, p := range it.Pairs {
			if v := c.FormValue("match_" + p.ID); v != "" {
				a.Matches[p.ID] = v
			}
		}
	case content.TypeText:
		a.Text = strings.TrimSpace(c.FormValue("text"))
	case content.TypeNumeric:
		v := strings.ReplaceAll(strings.TrimSpace(c.FormValue("number")), ",", ".")
		if v != "" {
			n, err := strconv.ParseFloat(v, 64)
			if err != nil {
				return a, validation.FieldInvalid("answer", lms.Text{VI: "Hãy nhập một con số.", EN: "Enter a number."})
			}
			a.Number = &n
		}
	}
	if a.FieldsSet() == 0 {
		return a, bad()
	}
	return a, nil
}
