package imports

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/srmonitor/srmonitor/shared/auth"
	"github.com/srmonitor/srmonitor/shared/check"
	"github.com/srmonitor/srmonitor/shared/contract"
	"github.com/srmonitor/srmonitor/shared/csvio"
	"github.com/srmonitor/srmonitor/shared/valuation"
)

// maxReportRows stops a file far beyond what a report takes
// (contract.MaxItems) before any work is done on it; the domain refuses
// more than its limit itself.
const maxReportRows = 1000

// reportColumns are the columns of a report file, one row per item as
// valuation.Item has them, by their API names and the names of payroll and
// HR exports. Amounts in a column named *_cents are cents; under a Dutch
// name (bedrag) they are euros.
var reportColumns = []csvio.Column{
	// The candidate's pseudonymous code (valuation.Item.Candidate): a
	// column of names is refused by the valuation's rule, row by row.
	{Name: "candidate", Aliases: []string{"kandidaat", "kandidaatcode", "code kandidaat", "medewerker", "werknemer", "personeelsnummer"}},
	{Name: "block", Aliases: []string{"bouwblok", "blok", "code"}},
	{Name: "persons", Aliases: []string{"personen", "aantal personen", "aantal"}},
	{Name: "hours_per_week", Aliases: []string{"uren per week", "uren p/w", "contracturen", "uur per week"}},
	{Name: "months", Aliases: []string{"maanden", "aantal maanden"}},
	{Name: "weeks", Aliases: []string{"weken", "aantal weken"}},
	{Name: "bonuses", Aliases: []string{"toeslagen", "bonussen", "toeslag"}},
	{Name: "amount_cents"},
	{Name: "amount", Aliases: []string{"bedrag", "factuurbedrag", "kosten", "loonkosten"}},
	{Name: "materials_cents"},
	{Name: "materials", Aliases: []string{"materialen", "materiaalkosten"}},
	{Name: "hours", Aliases: []string{"uren", "aantal uren"}},
	{Name: "agreed_value_cents"},
	{Name: "agreed_value", Aliases: []string{"afgesproken waarde", "overeengekomen waarde"}},
	{Name: "days", Aliases: []string{"dagen", "aantal dagen"}},
	{Name: "description", Aliases: []string{"omschrijving", "toelichting"}},
}

// euroColumns are the Dutch money columns and the cents field each fills.
var euroColumns = map[string]string{"amount": "amount_cents", "materials": "materials_cents", "agreed_value": "agreed_value_cents"}

// ReportFile is a report file read: its items and, for each, the file's row.
type ReportFile struct {
	Items []valuation.Item
	lines []int
	cols  csvio.Columns
}

// ParseReport reads the realised items of one period from a CSV file: a
// payroll or HR export, one row per item. Problems name the row and column
// ("row 4, column uren per week"). A candidate column fills each line's
// candidate, which must be a pseudonymous code, never a name or a BSN: a
// row that holds one is refused, so no name is stored.
func ParseReport(b []byte) (*ReportFile, error) {
	t, err := csvio.Read(b, maxReportRows)
	if err != nil {
		return nil, check.Problems{{Field: "file", Problem: err.Error()}}
	}
	cols, probs := t.Map(reportColumns, []string{"block"}, nil)
	for dutch, cents := range euroColumns {
		if cols.Has(dutch) && cols.Has(cents) {
			probs = append(probs, fmt.Sprintf("columns %q and %q both give %s; keep one", cols.Header(dutch), cols.Header(cents), cents))
		}
	}
	var out check.Problems
	for _, p := range probs {
		out.Add("file", "%s", p)
	}
	if len(out) > 0 {
		return nil, out
	}
	f := &ReportFile{Items: make([]valuation.Item, len(t.Rows)), lines: make([]int, len(t.Rows)), cols: cols}
	for i, r := range t.Rows {
		f.lines[i] = r.Line
		var rowProbs []Problem
		f.Items[i] = parseItem(cellReader{row: r, cols: cols, out: &rowProbs})
		for _, q := range rowProbs {
			out.Add(cellField(r.Line, q.Column), "%s", q.Problem)
		}
	}
	return f, out.Err()
}

func parseItem(c cellReader) valuation.Item {
	it := valuation.Item{Block: c.text("block"), Description: c.text("description"), Candidate: c.text("candidate")}
	it.Persons = c.int64("persons", "persons", csvio.Int)
	it.HoursPerWeek = c.decimal("hours_per_week")
	it.Months = c.decimal("months")
	it.Weeks = c.decimal("weeks")
	it.Hours = c.decimal("hours")
	it.Days = c.decimal("days")
	// Several bonuses in one cell: "permanent_contract, age_50_plus" or
	// "permanent_contract | age_50_plus".
	it.Bonuses = strings.FieldsFunc(c.text("bonuses"), func(r rune) bool { return strings.ContainsRune(" \t,;|", r) })
	money := func(cents string) *int64 {
		for dutch, f := range euroColumns {
			if f == cents && c.cols.Has(dutch) {
				return c.int64(dutch, cents, csvio.Euros)
			}
		}
		return c.int64(cents, cents, csvio.Cents)
	}
	it.AmountCents, it.MaterialsCents, it.AgreedValueCents = money("amount_cents"), money("materials_cents"), money("agreed_value_cents")
	return it
}

func (c cellReader) decimal(field string) *valuation.Decimal {
	v := c.int64(field, field, csvio.Hundredths)
	if v == nil {
		return nil
	}
	d := valuation.Decimal(*v)
	return &d
}

func cellField(line int, column string) string {
	return fmt.Sprintf("row %d, column %s", line, column)
}

// rename names a domain problem about items ("items[3].months",
// "items[3].bonuses[1]", "items[3]", "items") by the file's row and column.
func (f *ReportFile) rename(field string) string {
	if field == "items" {
		return "file"
	}
	rest, ok := strings.CutPrefix(field, "items[")
	index, rest, ok2 := strings.Cut(rest, "]")
	i, err := strconv.Atoi(index)
	if !ok || !ok2 || err != nil || i < 0 || i >= len(f.lines) {
		return field
	}
	col, _, _ := strings.Cut(strings.TrimPrefix(rest, "."), "[")
	if col == "" {
		return fmt.Sprintf("row %d", f.lines[i])
	}
	for dutch, cents := range euroColumns {
		if cents == col && f.cols.Has(dutch) {
			col = dutch
		}
	}
	return cellField(f.lines[i], f.cols.Header(col))
}

// SubmitReport imports a report file as the period's next report revision,
// as PUT /contracts/{id}/reports/{period} would with its items: the same
// checks, the same answer, problems named by row and column.
func SubmitReport(ctx context.Context, svc *contract.Service, p auth.Principal, id, period string, ifMatch *int64, file []byte) (*contract.Contract, error) {
	if p.Role != auth.Contractor {
		return nil, contract.ErrForbidden
	}
	f, err := ParseReport(file)
	if err != nil {
		return nil, err
	}
	c, err := svc.SubmitReport(ctx, p, id, period, ifMatch, contract.ReportInput{Items: f.Items})
	var probs check.Problems
	if errors.As(err, &probs) {
		out := make(check.Problems, len(probs))
		for i, q := range probs {
			out[i] = check.Problem{Field: f.rename(q.Field), Problem: q.Problem}
		}
		return nil, out
	}
	return c, err
}
