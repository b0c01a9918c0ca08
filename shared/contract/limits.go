package contract

import (
	"fmt"
	"slices"

	"github.com/srmonitor/srmonitor/shared/check"
	"github.com/srmonitor/srmonitor/shared/civil"
	"github.com/srmonitor/srmonitor/shared/valuation"
)

// Limits on what a client can store. They keep every stored item far below
// DynamoDB's 400 KB, whatever sequence of valid calls fills a contract
// (shared/store's size test fills every field to its limit with 4-byte
// characters), and they are in openapi.yaml.
const (
	MaxReference      = 100
	MaxTitle          = 300
	MaxName           = 200 // contractor and contact names
	MaxEmail          = 254
	MaxPhone          = 20
	MaxNote           = 2000 // notes, reasons
	MaxItems          = 200  // per plan revision or report; an item's description is valuation.MaxDescription
	MaxEvidencePerRep = 200
	// MaxEvidencePerItem bounds what one report line cites: a payslip or
	// two, a contract, a certificate.
	MaxEvidencePerItem = 5
	// Contract dates: awarded in this century and at most a year ahead,
	// starting within 5 years of the award and running at most 20 years,
	// so a quarterly contract has at most 81 periods to report on.
	MaxAwardAhead     = 1  // years after today
	MaxStartAfter     = 5  // years after the award
	MaxDurationYears  = 20 // from the start
	earliestAwardYear = 2000
)

// EarliestAward is the first award date accepted.
var EarliestAward = civil.Date{Year: earliestAwardYear, Month: 1, Day: 1}

// checkDates reports what is wrong with a contract's dates, relative to
// today. A nil date is missing.
func checkDates(p *check.Problems, awarded, starts, ends *civil.Date, today civil.Date) bool {
	before := len(*p)
	for _, d := range []struct {
		field string
		date  *civil.Date
	}{{"awarded_on", awarded}, {"starts_on", starts}, {"ends_on", ends}} {
		if d.date == nil || d.date.IsZero() {
			p.Add(d.field, "required (YYYY-MM-DD)")
		}
	}
	if len(*p) > before {
		return false
	}
	if awarded.Before(EarliestAward) {
		p.Add("awarded_on", "must be on or after %s", EarliestAward)
	}
	if latest := today.AddMonths(12 * MaxAwardAhead); awarded.After(latest) {
		p.Add("awarded_on", "must be no later than %s (a year from today)", latest)
	}
	switch {
	case starts.Before(*awarded):
		p.Add("starts_on", "must not be before awarded_on (%s): a contract is awarded before it starts", awarded)
	case starts.After(awarded.AddMonths(12 * MaxStartAfter)):
		p.Add("starts_on", "must be within %d years of awarded_on (by %s)", MaxStartAfter, awarded.AddMonths(12*MaxStartAfter))
	}
	switch last := starts.AddMonths(12 * MaxDurationYears).AddDays(-1); {
	case ends.Before(*starts):
		p.Add("ends_on", "must not be before starts_on (%s)", starts)
	case ends.After(last):
		p.Add("ends_on", "must be no later than %s: a contract runs at most %d years", last, MaxDurationYears)
	}
	return len(*p) == before
}

// checkItems bounds the number of items of a plan or report before they
// are valued; the valuation checks each item, its text included.
func checkItems(p *check.Problems, items []valuation.Item) {
	if len(items) > MaxItems {
		p.Add("items", "at most %d items", MaxItems)
	}
}

// checkEvidenceIDs bounds the evidence ids cited in field: at most limit,
// each once.
func checkEvidenceIDs(p *check.Problems, field string, ids []string, limit int) {
	if len(ids) > limit {
		p.Add(field, "at most %d", limit)
		return
	}
	for i, id := range ids {
		if slices.Contains(ids[:i], id) {
			p.Add(fmt.Sprintf("%s[%d]", field, i), "%q is cited twice", id)
		}
	}
}
