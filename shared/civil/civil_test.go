package civil

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the whole database, to compare the embedded zone with
)

func TestParse(t *testing.T) {
	valid := []struct {
		in   string
		want Date
	}{
		{"2026-03-02", Date{2026, time.March, 2}},
		{"2024-02-29", Date{2024, time.February, 29}},
		{"2000-02-29", Date{2000, time.February, 29}},
		{"2025-12-31", Date{2025, time.December, 31}},
		{"0001-01-01", Date{1, time.January, 1}},
		{"9999-12-31", Date{9999, time.December, 31}},
	}
	for _, tc := range valid {
		got, err := Parse(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("Parse(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
		if got.String() != tc.in {
			t.Errorf("Parse(%q).String() = %q", tc.in, got.String())
		}
	}

	invalid := []string{
		"",
		"2026-02-30", // impossible day
		"2025-02-29", // not a leap year
		"1900-02-29", // century, not a leap year
		"2026-04-31",
		"2026-13-01",
		"2026-00-10",
		"2026-01-00",
		"2026-2-3", // no zero padding
		"2026-02-3",
		"26-02-03",
		"20260203",
		"2026/02/03",
		"2026-02-03x", // trailing text
		"2026-02-03 ",
		" 2026-02-03",
		"2026-02-03T00:00:00Z",
		"+2026-02-03",
		"２０２６-02-03",
	}
	for _, in := range invalid {
		got, err := Parse(in)
		if err == nil {
			t.Errorf("Parse(%q) = %v, want an error", in, got)
			continue
		}
		if !strings.Contains(err.Error(), "YYYY-MM-DD") {
			t.Errorf("Parse(%q) error %q does not say the expected form", in, err)
		}
	}
}

func TestAddDays(t *testing.T) {
	tests := []struct {
		from string
		n    int
		want string
	}{
		{"2026-03-02", 7, "2026-03-09"},
		{"2026-03-02", 0, "2026-03-02"},
		{"2024-02-28", 1, "2024-02-29"},
		{"2025-02-28", 1, "2025-03-01"},
		{"2025-12-31", 1, "2026-01-01"},
		{"2026-01-01", -1, "2025-12-31"},
		{"2026-03-28", 1, "2026-03-29"}, // across the spring DST change
		{"2026-10-25", 1, "2026-10-26"}, // across the autumn DST change
		{"2024-01-31", 42, "2024-03-13"},
		{"2026-03-02", 365, "2027-03-02"},
	}
	for _, tc := range tests {
		if got := MustParse(tc.from).AddDays(tc.n); got != MustParse(tc.want) {
			t.Errorf("%s.AddDays(%d) = %s, want %s", tc.from, tc.n, got, tc.want)
		}
	}
}

func TestAddMonths(t *testing.T) {
	tests := []struct {
		from string
		n    int
		want string
	}{
		{"2026-01-15", 1, "2026-02-15"},
		{"2026-01-31", 1, "2026-02-28"}, // clamped
		{"2024-01-31", 1, "2024-02-29"}, // clamped, leap year
		{"2026-03-31", -1, "2026-02-28"},
		{"2026-05-31", 1, "2026-06-30"},
		{"2026-08-31", 1, "2026-09-30"},
		{"2026-12-31", 2, "2027-02-28"},
		{"2026-01-31", 13, "2027-02-28"},
		{"2024-02-29", 12, "2025-02-28"},
		{"2024-02-29", 48, "2028-02-29"},
		{"2026-03-15", -15, "2024-12-15"},
		{"2026-03-15", 0, "2026-03-15"},
	}
	for _, tc := range tests {
		if got := MustParse(tc.from).AddMonths(tc.n); got != MustParse(tc.want) {
			t.Errorf("%s.AddMonths(%d) = %s, want %s", tc.from, tc.n, got, tc.want)
		}
	}
}

func TestEndOfMonth(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2024-02-01", "2024-02-29"},
		{"2024-02-29", "2024-02-29"},
		{"2025-02-14", "2025-02-28"},
		{"2000-02-10", "2000-02-29"},
		{"1900-02-10", "1900-02-28"},
		{"2100-02-10", "2100-02-28"},
		{"2026-04-30", "2026-04-30"},
		{"2026-04-01", "2026-04-30"},
		{"2026-12-05", "2026-12-31"},
		{"2026-01-31", "2026-01-31"},
	}
	for _, tc := range tests {
		if got := MustParse(tc.in).EndOfMonth(); got != MustParse(tc.want) {
			t.Errorf("%s.EndOfMonth() = %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestDaysUntil(t *testing.T) {
	tests := []struct {
		from, to string
		want     int
	}{
		{"2026-03-02", "2026-03-02", 0},
		{"2026-03-02", "2026-03-09", 7},
		{"2026-03-09", "2026-03-02", -7},
		{"2026-03-28", "2026-03-30", 2}, // a 23-hour day in between
		{"2026-10-24", "2026-10-26", 2}, // a 25-hour day in between
		{"2024-01-01", "2025-01-01", 366},
		{"2025-01-01", "2026-01-01", 365},
		{"2024-02-28", "2024-03-01", 2},
		// Further apart than a time.Duration can hold (about 292 years).
		{"0001-01-01", "9999-12-31", 3652058},
		{"9999-12-31", "0001-01-01", -3652058},
	}
	for _, tc := range tests {
		if got := MustParse(tc.from).DaysUntil(MustParse(tc.to)); got != tc.want {
			t.Errorf("%s.DaysUntil(%s) = %d, want %d", tc.from, tc.to, got, tc.want)
		}
	}
}

func TestCompare(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"2026-03-02", "2026-03-02", 0},
		{"2026-03-02", "2026-03-03", -1},
		{"2026-04-01", "2026-03-31", 1},
		{"2025-12-31", "2026-01-01", -1},
	}
	for _, tc := range tests {
		a, b := MustParse(tc.a), MustParse(tc.b)
		if got := a.Compare(b); got != tc.want {
			t.Errorf("%s.Compare(%s) = %d, want %d", a, b, got, tc.want)
		}
		if a.Before(b) != (tc.want < 0) || a.After(b) != (tc.want > 0) {
			t.Errorf("%s.Before/After(%s) disagree with Compare = %d", a, b, tc.want)
		}
	}
}

func TestStartEnd(t *testing.T) {
	tests := []struct {
		day        string
		start, end string // UTC instants
		length     time.Duration
	}{
		{"2026-03-28", "2026-03-27T23:00:00Z", "2026-03-28T23:00:00Z", 24 * time.Hour},
		{"2026-03-29", "2026-03-28T23:00:00Z", "2026-03-29T22:00:00Z", 23 * time.Hour}, // clocks go forward
		{"2026-03-30", "2026-03-29T22:00:00Z", "2026-03-30T22:00:00Z", 24 * time.Hour},
		{"2026-10-24", "2026-10-23T22:00:00Z", "2026-10-24T22:00:00Z", 24 * time.Hour},
		{"2026-10-25", "2026-10-24T22:00:00Z", "2026-10-25T23:00:00Z", 25 * time.Hour}, // clocks go back
		{"2026-12-31", "2026-12-30T23:00:00Z", "2026-12-31T23:00:00Z", 24 * time.Hour},
	}
	for _, tc := range tests {
		d := MustParse(tc.day)
		start, _ := time.Parse(time.RFC3339, tc.start)
		end, _ := time.Parse(time.RFC3339, tc.end)
		if !d.Start().Equal(start) {
			t.Errorf("%s.Start() = %s, want %s", d, d.Start().UTC(), start)
		}
		if !d.End().Equal(end) {
			t.Errorf("%s.End() = %s, want %s", d, d.End().UTC(), end)
		}
		if got := d.End().Sub(d.Start()); got != tc.length {
			t.Errorf("%s lasts %s, want %s", d, got, tc.length)
		}
		if got := Today(d.End().Add(-time.Nanosecond)); got != d {
			t.Errorf("Today(one nanosecond before %s.End()) = %s", d, got)
		}
		if got := Today(d.End()); got != d.AddDays(1) {
			t.Errorf("Today(%s.End()) = %s, want the next day", d, got)
		}
	}
}

func TestToday(t *testing.T) {
	tests := []struct {
		instant string
		want    string
	}{
		{"2026-03-28T23:30:00Z", "2026-03-29"}, // 00:30 in Amsterdam
		{"2026-06-30T21:59:59Z", "2026-06-30"},
		{"2026-06-30T22:00:00Z", "2026-07-01"},
		{"2026-12-31T23:00:00Z", "2027-01-01"},
		{"2026-07-01T01:00:00+02:00", "2026-07-01"},
		{"2026-07-01T01:00:00-05:00", "2026-07-01"}, // 08:00 in Amsterdam
		{"2026-06-30T20:00:00-05:00", "2026-07-01"}, // 03:00 in Amsterdam
	}
	for _, tc := range tests {
		now, err := time.Parse(time.RFC3339, tc.instant)
		if err != nil {
			t.Fatal(err)
		}
		if got := Today(now); got != MustParse(tc.want) {
			t.Errorf("Today(%s) = %s, want %s", tc.instant, got, tc.want)
		}
	}
}

func TestJSON(t *testing.T) {
	type doc struct {
		Due  Date `json:"due"`
		Zero Date `json:"zero"`
	}
	in := doc{Due: MustParse("2024-02-29")}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"due":"2024-02-29","zero":""}`; string(b) != want {
		t.Errorf("Marshal = %s, want %s", b, want)
	}
	var out doc
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatalf("Unmarshal(%s): %v", b, err)
	}
	if out != in {
		t.Errorf("round trip = %+v, want %+v", out, in)
	}

	for _, bad := range []string{
		`{"due":"2026-02-30"}`,
		`{"due":"2026-2-3"}`,
		`{"due":"2026-02-03T00:00:00Z"}`,
		`{"due":20260203}`,
	} {
		var d doc
		if err := json.Unmarshal([]byte(bad), &d); err == nil {
			t.Errorf("Unmarshal(%s) = %+v, want an error", bad, d)
		}
	}
}

func TestZero(t *testing.T) {
	var d Date
	if !d.IsZero() || d.String() != "" {
		t.Errorf("zero Date: IsZero %v, String %q", d.IsZero(), d.String())
	}
	if MustParse("0001-01-01").IsZero() {
		t.Error("0001-01-01 is a date, not the zero Date")
	}
}

func TestWorkingDaysBefore(t *testing.T) {
	for _, c := range []struct {
		d    string
		n    int
		want string
	}{
		{"2026-03-09", 5, "2026-03-02"}, // a Monday: the Monday before
		{"2026-03-09", 1, "2026-03-06"}, // a Monday: the Friday before
		{"2026-03-13", 1, "2026-03-12"},
		{"2026-03-15", 1, "2026-03-13"}, // a Sunday: the Friday
		{"2026-03-15", 5, "2026-03-09"},
		{"2026-03-15", 0, "2026-03-15"},
	} {
		if got := MustParse(c.d).WorkingDaysBefore(c.n).String(); got != c.want {
			t.Errorf("%d working days before %s = %s, want %s", c.n, c.d, got, c.want)
		}
	}
}

// The embedded zone agrees with the full database (time/tzdata, linked
// into this test only) on every hour's offset from 1970 to 2100: daylight
// saving as the IANA table has it, and its rule for the years after.
func TestEmbeddedAmsterdamMatchesTheDatabase(t *testing.T) {
	full, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatal(err)
	}
	for at := time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC); at.Year() < 2100; at = at.Add(time.Hour) {
		_, want := at.In(full).Zone()
		if _, got := at.In(Amsterdam).Zone(); got != want {
			t.Fatalf("%s: offset %d, the database says %d", at, got, want)
		}
	}
}
