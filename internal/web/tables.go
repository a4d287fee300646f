package web

import (
	"bytes"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/hocvuso/hocvuso/internal/lms"
	"github.com/hocvuso/hocvuso/internal/roster"
)

// tableFormat reports whether format is a table download this app writes.
func tableFormat(format string) bool { return format == "csv" || format == "xlsx" }

// sendTable sends header and rows as the download name.format, CSV or
// XLSX (check tableFormat first). In XLSX an int or float64 is a number
// cell and a string a text cell; neither format ever holds a formula.
func sendTable(c *fiber.Ctx, format, name, sheet string, header []string, rows [][]any) error {
	var buf bytes.Buffer
	var err error
	if format == "csv" {
		text := make([][]string, len(rows))
		for i, row := range rows {
			for _, v := range row {
				text[i] = append(text[i], cellText(v))
			}
		}
		err = roster.WriteCSV(&buf, header, text)
		c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	} else {
		err = roster.WriteXLSXCells(&buf, sheet, header, rows)
		c.Set(fiber.HeaderContentType, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	}
	if err != nil {
		return lms.Internal("web: export "+name, err)
	}
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+name+`.`+format+`"`)
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Send(buf.Bytes())
}

// cellText writes a cell for CSV; a float has one decimal.
func cellText(v any) string {
	switch v := v.(type) {
	case int:
		return strconv.Itoa(v)
	case float64:
		return strconv.FormatFloat(v, 'f', 1, 64)
	case string:
		return v
	}
	return ""
}
