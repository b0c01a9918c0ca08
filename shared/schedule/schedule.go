// Package schedule turns a contract's dates and its municipality's policy
// terms into deadlines: registration, plan approval (and its extension), and
// the reports per quarter or half year plus the final report.
//
// All dates are Europe/Amsterdam calendar days; a deadline on a date passes at
// 24:00 Amsterdam time on that date (see Passed).
package schedule

import (
	"fmt"
	"strings"
	"time"

	"github.com/srmonitor/srmonitor/shared/civil"
)

// Cadence is how often a contractor reports: every quarter (Amsterdam
// Leidraad), every half year, in January and July (Amsterdam information
// sheet), or only at the end (WSP regio Amersfoort's final evaluation).
type Cadence string

const (
	Quarterly  Cadence = "quarterly"
	Semiannual Cadence = "semiannual"
	FinalOnly  Cadence = "final"
)

// ParseCadence accepts exactly "quarterly", "semiannual" or "final"; a
// missing value is an error too, so the caller decides any default
// explicitly.
func ParseCadence(s string) (Cadence, error) {
	switch c := Cadence(s); c {
	case Quarterly, Semiannual, FinalOnly:
		return c, nil
	}
	return "", fmt.Errorf("%q is not a reporting cadence: use quarterly, semiannual or final", s)
}

// shape is the period letter and length in months; ok is false for a cadence
// without interim periods.
func (c Cadence) shape() (letter byte, months int, ok bool) {
	switch c {
	case Quarterly:
		return 'Q', 3, true
	case Semiannual:
		return 'H', 6, true
	}
	return 0, 0, false
}

// Deadlines of a contract from its award date and the municipality's policy
// terms (in days).
type Deadlines struct {
	RegistrationDue civil.Date `json:"registration_due"` // awarded + registrationDays
	PlanDue         civil.Date `json:"plan_due"`         // awarded + planApprovalDays
	PlanDueMax      civil.Date `json:"plan_due_max"`     // awarded + planExtensionMaxDays
}

// ContractDeadlines counts each term in calendar days from the award date, as
// the sources do ("within 7 days", "within 6 weeks after award").
func ContractDeadlines(awarded civil.Date, registrationDays, planApprovalDays, planExtensionMaxDays int) Deadlines {
	return Deadlines{
		RegistrationDue: awarded.AddDays(registrationDays),
		PlanDue:         awarded.AddDays(planApprovalDays),
		PlanDueMax:      awarded.AddDays(planExtensionMaxDays),
	}
}

// CheckExtension checks a written extension of plan approval to until. d.PlanDue
// is the plan's current due date, so after an earlier extension the caller
// passes the extended date. The error names the dates that are allowed and is
// meant for the client (422 on the field "until").
func CheckExtension(d Deadlines, until civil.Date) error {
	switch {
	case !d.PlanDue.Before(d.PlanDueMax):
		return fmt.Errorf("plan approval is already due on %s, the latest date allowed; it cannot be extended further", d.PlanDue)
	case until.IsZero():
		return fmt.Errorf("give a date after %s and no later than %s", d.PlanDue, d.PlanDueMax)
	case until.After(d.PlanDueMax):
		return fmt.Errorf("%s is too late: plan approval can be extended to %s at the latest", until, d.PlanDueMax)
	case !until.After(d.PlanDue):
		return fmt.Errorf("%s does not extend anything: plan approval is already due on %s; give a date after it and no later than %s", until, d.PlanDue, d.PlanDueMax)
	}
	return nil
}

// Passed reports whether a deadline on due has passed at instant now: a
// deadline ends at 24:00 Amsterdam time on its date, so 23:30 on the due date
// is not passed and 00:00 the next day is. The zero date is no deadline and
// never passes.
func Passed(due civil.Date, now time.Time) bool {
	return !due.IsZero() && !now.Before(due.End())
}

// Period is a reporting period. Key is "2026-Q1".."2026-Q4", "2026-H1" or
// "2026-H2", or "final". Start and End are the calendar period cut to the
// contract, so the first and last periods of a contract that starts or ends
// mid-period are shorter; Due follows the calendar period, but never falls
// after the final report's.
type Period struct {
	Key   string     `json:"period"`
	Start civil.Date `json:"start"`
	End   civil.Date `json:"end"`
	Due   civil.Date `json:"due"`
}

// FinalKey is the key of the final report, due after the contract ends.
const FinalKey = "final"

// FinalDue is the end of the month after ends: the due date of the final
// report and of the obligation.
func FinalDue(ends civil.Date) civil.Date {
	return ends.EndOfMonth().AddDays(1).EndOfMonth()
}

// Periods lists the contract's periods in order: every calendar quarter or
// half year that overlaps [starts, ends], cut to the contract, then the final
// period (Start=starts, End=ends, Due=FinalDue(ends)). A period's Due is the
// last day of the month after the calendar period ends; the last interim
// period of a contract that ends mid-period is due with the final report.
// A cadence without interim periods gives only the final period. Contract dates
// that ParsePeriod would reject (zero, ends before starts, outside the years
// 0001-9999) give nil.
func Periods(c Cadence, starts, ends civil.Date) []Period {
	if checkContract(starts, ends) != nil {
		return nil
	}
	var out []Period
	if letter, months, ok := c.shape(); ok {
		for first := periodStart(starts, months); !first.After(ends); first = first.AddMonths(months) {
			out = append(out, cut(calendarPeriod(letter, months, first), starts, ends))
		}
	}
	return append(out, finalPeriod(starts, ends))
}

// ParsePeriod checks a period key against the cadence and the contract and
// returns the period as Periods lists it. Keys are case-sensitive: "2026-q1"
// and "Final" are rejected with a hint to the canonical spelling, so that one
// period has one URL and one stored key. The errors are meant for the client
// (422).
func ParsePeriod(c Cadence, key string, starts, ends civil.Date) (Period, error) {
	if err := checkContract(starts, ends); err != nil {
		return Period{}, err
	}
	if key == FinalKey {
		return finalPeriod(starts, ends), nil
	}
	if strings.EqualFold(key, FinalKey) {
		return Period{}, fmt.Errorf("%q is not a period: write final in lower case", key)
	}
	letter, months, ok := c.shape()
	if !ok {
		return Period{}, fmt.Errorf("%q is not a period of this contract: it has only a final report (final)", key)
	}
	year, got, n, ok := splitKey(key)
	if !ok {
		return Period{}, fmt.Errorf("%q is not a period: use %s, or final", key, keyForm(letter))
	}
	if year == 0 {
		return Period{}, fmt.Errorf("%q is not a period: there is no year 0", key)
	}
	if upper(got) != letter {
		if letter == 'Q' {
			return Period{}, fmt.Errorf("%q is a half-year period; this contract reports quarterly (%s)", key, keyForm(letter))
		}
		return Period{}, fmt.Errorf("%q is a quarter; this contract reports half-yearly (%s)", key, keyForm(letter))
	}
	p := calendarPeriod(letter, months, civil.Date{Year: year, Month: time.Month((n-1)*months + 1), Day: 1})
	if p.End.Before(starts) || p.Start.After(ends) {
		return Period{}, fmt.Errorf("%s is outside the contract (%s to %s)", p.Key, starts, ends)
	}
	if got != letter {
		return Period{}, fmt.Errorf("%q is not a period: write it as %s", key, p.Key)
	}
	return cut(p, starts, ends), nil
}

// NextReportDue is the earliest Due among the periods whose key is not in
// done (reports accepted or submitted, as the caller decides), or false when
// all are done. A nil done counts nothing as done.
func NextReportDue(periods []Period, done func(key string) bool) (civil.Date, bool) {
	var next civil.Date
	found := false
	for _, p := range periods {
		if done != nil && done(p.Key) {
			continue
		}
		if !found || p.Due.Before(next) {
			next, found = p.Due, true
		}
	}
	return next, found
}

// checkContract rejects contract dates no period can be computed for. Years
// stay within 0001-9999 because keys have four-digit years and there is no
// year 0.
func checkContract(starts, ends civil.Date) error {
	switch {
	case starts.IsZero() || ends.IsZero():
		return fmt.Errorf("the contract has no start or end date")
	case ends.Before(starts):
		return fmt.Errorf("the contract ends (%s) before it starts (%s)", ends, starts)
	case starts.Year < 1 || ends.Year > 9999:
		return fmt.Errorf("the contract (%s to %s) must lie within the years 0001 to 9999", starts, ends)
	}
	return nil
}

// periodStart is the first day of the calendar period of the given length
// that contains d.
func periodStart(d civil.Date, months int) civil.Date {
	m := (int(d.Month)-1)/months*months + 1
	return civil.Date{Year: d.Year, Month: time.Month(m), Day: 1}
}

// calendarPeriod is the whole calendar quarter or half year starting on first.
func calendarPeriod(letter byte, months int, first civil.Date) Period {
	last := first.AddMonths(months - 1).EndOfMonth()
	return Period{
		Key:   fmt.Sprintf("%04d-%c%d", first.Year, letter, (int(first.Month)-1)/months+1),
		Start: first,
		End:   last,
		Due:   FinalDue(last),
	}
}

// cut limits p to the contract. A period cut short by the contract's end is
// due with the final report, not later: the contract is over, so nothing
// waits for the calendar period to end. A period cut only at the start
// keeps its calendar due date.
func cut(p Period, starts, ends civil.Date) Period {
	if p.Start.Before(starts) {
		p.Start = starts
	}
	if p.End.After(ends) {
		p.End, p.Due = ends, FinalDue(ends)
	}
	return p
}

func finalPeriod(starts, ends civil.Date) Period {
	return Period{Key: FinalKey, Start: starts, End: ends, Due: FinalDue(ends)}
}

func keyForm(letter byte) string {
	if letter == 'Q' {
		return "YYYY-Qn"
	}
	return "YYYY-H1 or YYYY-H2"
}

// splitKey reads YYYY-Ln where L is Q or H in either case and n is a quarter
// (1-4) or half (1-2); the letter comes back as written.
func splitKey(key string) (year int, letter byte, n int, ok bool) {
	if len(key) != len("2026-Q1") || key[4] != '-' {
		return 0, 0, 0, false
	}
	for _, b := range []byte(key[:4] + key[6:]) {
		if b < '0' || b > '9' {
			return 0, 0, 0, false
		}
	}
	for _, b := range key[:4] {
		year = year*10 + int(b-'0')
	}
	letter, n = key[5], int(key[6]-'0')
	switch upper(letter) {
	case 'Q':
		return year, letter, n, n >= 1 && n <= 4
	case 'H':
		return year, letter, n, n >= 1 && n <= 2
	}
	return 0, 0, 0, false
}

func upper(b byte) byte {
	if b >= 'a' && b <= 'z' {
		return b - 'a' + 'A'
	}
	return b
}
