// Package civil holds calendar dates as the Dutch municipalities use them:
// a day on the Europe/Amsterdam calendar, with no time of day and no zone
// arithmetic, so adding days or months never drifts across daylight saving.
package civil

import (
	_ "embed"
	"fmt"
	"time"
)

// amsterdamTZ is Europe/Amsterdam from the IANA time zone database as Go
// 1.26 ships it (tzdata 2025c, $GOROOT/lib/time/zoneinfo.zip). Lambda's provided.al2023
// image has no zoneinfo, and time/tzdata would link every zone (about
// 400 KB in each function) for the one srmonitor reads; its POSIX rule
// (CET-1CEST,M3.5.0,M10.5.0/3) covers every year after the table.
//
//go:embed Europe_Amsterdam.tzif
var amsterdamTZ []byte

// Amsterdam is the zone every date in srmonitor is read in.
var Amsterdam = mustZone()

func mustZone() *time.Location {
	loc, err := time.LoadLocationFromTZData("Europe/Amsterdam", amsterdamTZ)
	if err != nil {
		panic(err)
	}
	return loc
}

// Date is a calendar day. The zero value is not a valid date; use IsZero.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

const layout = "2006-01-02"

// Parse reads a strict YYYY-MM-DD date and rejects impossible days.
func Parse(s string) (Date, error) {
	t, err := time.Parse(layout, s)
	if err != nil || len(s) != len(layout) {
		return Date{}, fmt.Errorf("%q is not a date (want YYYY-MM-DD)", s)
	}
	return Of(t), nil
}

// MustParse is Parse for literals in code and tests.
func MustParse(s string) Date {
	d, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return d
}

// Of is the calendar day of t in t's own location.
func Of(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// Today is the current day in Amsterdam.
func Today(now time.Time) Date { return Of(now.In(Amsterdam)) }

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// utc is d at midnight UTC, used only for calendar arithmetic.
func (d Date) utc() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// AddDays returns the date n days later (earlier when n < 0).
func (d Date) AddDays(n int) Date { return Of(d.utc().AddDate(0, 0, n)) }

// EndOfMonth returns the last day of d's month.
func (d Date) EndOfMonth() Date {
	return Of(time.Date(d.Year, d.Month+1, 0, 0, 0, 0, 0, time.UTC))
}

// AddMonths moves n months, keeping the day where it exists and otherwise
// clamping to the month's last day (31 January + 1 month = 28/29 February).
func (d Date) AddMonths(n int) Date {
	first := time.Date(d.Year, d.Month+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := Of(first).EndOfMonth()
	if d.Day > last.Day {
		return last
	}
	return Date{last.Year, last.Month, d.Day}
}

// DaysUntil is the number of days from d to e (negative when e is earlier).
// It counts Unix seconds because time.Duration saturates at about 292 years.
func (d Date) DaysUntil(e Date) int { return int((e.utc().Unix() - d.utc().Unix()) / 86400) }

// Before, After and Compare order dates.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }
func (d Date) After(e Date) bool  { return d.Compare(e) > 0 }
func (d Date) Compare(e Date) int { return d.utc().Compare(e.utc()) }

// Start is the first instant of d in Amsterdam.
func (d Date) Start() time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, Amsterdam)
}

// End is the instant a deadline on d passes: 24:00 Amsterdam time, which is
// the start of the next day (23 or 25 hours after Start on a DST change).
func (d Date) End() time.Time { return d.AddDays(1).Start() }

// MarshalText writes YYYY-MM-DD.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads YYYY-MM-DD, and "" as the zero Date so that whatever
// MarshalText writes reads back.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	p, err := Parse(string(b))
	if err != nil {
		return err
	}
	*d = p
	return nil
}

// Weekday is the day of the week of d.
func (d Date) Weekday() time.Weekday { return d.utc().Weekday() }

// WorkingDaysBefore is the date n working days (Monday to Friday) before d:
// five working days before a Monday is the Monday before. Public holidays
// count as working days.
func (d Date) WorkingDaysBefore(n int) Date {
	for n > 0 {
		d = d.AddDays(-1)
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			n--
		}
	}
	return d
}

// Instant is a moment as srmonitor shows it everywhere it writes one (the
// API, published events, job output, messages): RFC 3339 in Amsterdam
// time, to the second ("2026-03-02T10:00:00+01:00"), so one format reads
// the same wherever a user or a system meets it.
type Instant time.Time

// FormatInstant writes t as an Instant.
func FormatInstant(t time.Time) string { return t.In(Amsterdam).Format(time.RFC3339) }

func (t Instant) MarshalJSON() ([]byte, error) {
	return []byte(`"` + FormatInstant(time.Time(t)) + `"`), nil
}

// UnmarshalJSON reads any RFC 3339 time.
func (t *Instant) UnmarshalJSON(b []byte) error {
	var v time.Time
	if err := v.UnmarshalJSON(b); err != nil {
		return err
	}
	*t = Instant(v)
	return nil
}
