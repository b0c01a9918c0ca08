package schedule

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/srmonitor/srmonitor/shared/civil"
)

var d = civil.MustParse

func per(key, start, end, due string) Period {
	return Period{Key: key, Start: d(start), End: d(end), Due: d(due)}
}

func TestParseCadence(t *testing.T) {
	for _, s := range []string{"quarterly", "semiannual", "final"} {
		if c, err := ParseCadence(s); err != nil || string(c) != s {
			t.Errorf("ParseCadence(%q) = %q, %v", s, c, err)
		}
	}
	for _, s := range []string{"", "Quarterly", "QUARTERLY", " quarterly", "monthly", "half-yearly", "semi-annual"} {
		c, err := ParseCadence(s)
		if err == nil {
			t.Errorf("ParseCadence(%q) = %q, want an error", s, c)
			continue
		}
		if want := `"` + s + `" is not a reporting cadence: use quarterly, semiannual or final`; err.Error() != want {
			t.Errorf("ParseCadence(%q) error = %q, want %q", s, err, want)
		}
	}
}

func TestContractDeadlines(t *testing.T) {
	tests := []struct {
		name                       string
		awarded                    string
		reg, plan, max             int
		wantReg, wantPlan, wantMax string
	}{
		// Amsterdam: register within 7 days; plan within 6 weeks, extendable to 12.
		{"amsterdam monday", "2026-03-02", 7, 42, 84, "2026-03-09", "2026-04-13", "2026-05-25"},
		{"leap year, award 31 January", "2024-01-31", 7, 42, 84, "2024-02-07", "2024-03-13", "2024-04-24"},
		{"common year, award 31 January", "2025-01-31", 7, 42, 84, "2025-02-07", "2025-03-14", "2025-04-25"},
		{"registration on 29 February", "2028-02-22", 7, 42, 84, "2028-02-29", "2028-04-04", "2028-05-16"},
		{"across the year end", "2025-12-29", 7, 42, 84, "2026-01-05", "2026-02-09", "2026-03-23"},
		{"across spring DST", "2026-03-25", 7, 42, 84, "2026-04-01", "2026-05-06", "2026-06-17"},
		{"zero terms", "2026-03-02", 0, 0, 0, "2026-03-02", "2026-03-02", "2026-03-02"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := ContractDeadlines(d(tc.awarded), tc.reg, tc.plan, tc.max)
			want := Deadlines{RegistrationDue: d(tc.wantReg), PlanDue: d(tc.wantPlan), PlanDueMax: d(tc.wantMax)}
			if got != want {
				t.Errorf("ContractDeadlines(%s, %d, %d, %d) = %+v, want %+v", tc.awarded, tc.reg, tc.plan, tc.max, got, want)
			}
		})
	}
}

func TestDeadlinesJSON(t *testing.T) {
	b, err := json.Marshal(ContractDeadlines(d("2026-03-02"), 7, 42, 84))
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"registration_due":"2026-03-09","plan_due":"2026-04-13","plan_due_max":"2026-05-25"}`; string(b) != want {
		t.Errorf("Marshal = %s, want %s", b, want)
	}
}

func TestCheckExtension(t *testing.T) {
	fresh := ContractDeadlines(d("2026-03-02"), 7, 42, 84) // plan due 2026-04-13, at most 2026-05-25
	extended := fresh
	extended.PlanDue = d("2026-05-01")
	atMax := fresh
	atMax.PlanDue = fresh.PlanDueMax

	tests := []struct {
		name    string
		d       Deadlines
		until   string
		wantErr string
	}{
		{"one day later", fresh, "2026-04-14", ""},
		{"to the maximum", fresh, "2026-05-25", ""},
		{"within the maximum", fresh, "2026-05-04", ""},
		{"beyond the maximum", fresh, "2026-05-26",
			"2026-05-26 is too late: plan approval can be extended to 2026-05-25 at the latest"},
		{"far beyond", fresh, "2027-01-01",
			"2027-01-01 is too late: plan approval can be extended to 2026-05-25 at the latest"},
		{"the current due date", fresh, "2026-04-13",
			"2026-04-13 does not extend anything: plan approval is already due on 2026-04-13; give a date after it and no later than 2026-05-25"},
		{"earlier than the due date", fresh, "2026-04-01",
			"2026-04-01 does not extend anything: plan approval is already due on 2026-04-13; give a date after it and no later than 2026-05-25"},
		{"no date", fresh, "",
			"give a date after 2026-04-13 and no later than 2026-05-25"},
		{"second extension", extended, "2026-05-10", ""},
		{"second extension shortening the first", extended, "2026-04-20",
			"2026-04-20 does not extend anything: plan approval is already due on 2026-05-01; give a date after it and no later than 2026-05-25"},
		{"already at the maximum", atMax, "2026-05-25",
			"plan approval is already due on 2026-05-25, the latest date allowed; it cannot be extended further"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var until civil.Date
			if tc.until != "" {
				until = d(tc.until)
			}
			err := CheckExtension(tc.d, until)
			switch {
			case tc.wantErr == "" && err != nil:
				t.Errorf("CheckExtension(%s) = %v, want nil", tc.until, err)
			case tc.wantErr != "" && (err == nil || err.Error() != tc.wantErr):
				t.Errorf("CheckExtension(%s) = %v, want %q", tc.until, err, tc.wantErr)
			}
		})
	}
}

func TestPeriods(t *testing.T) {
	tests := []struct {
		name         string
		c            Cadence
		starts, ends string
		want         []Period
	}{
		{"quarterly, one calendar year", Quarterly, "2025-01-01", "2025-12-31", []Period{
			per("2025-Q1", "2025-01-01", "2025-03-31", "2025-04-30"),
			per("2025-Q2", "2025-04-01", "2025-06-30", "2025-07-31"),
			per("2025-Q3", "2025-07-01", "2025-09-30", "2025-10-31"),
			per("2025-Q4", "2025-10-01", "2025-12-31", "2026-01-31"),
			per("final", "2025-01-01", "2025-12-31", "2026-01-31"),
		}},
		{"semiannual, one calendar year", Semiannual, "2026-01-01", "2026-12-31", []Period{
			per("2026-H1", "2026-01-01", "2026-06-30", "2026-07-31"),
			per("2026-H2", "2026-07-01", "2026-12-31", "2027-01-31"),
			per("final", "2026-01-01", "2026-12-31", "2027-01-31"),
		}},
		{"quarterly, starts and ends mid-quarter", Quarterly, "2026-02-15", "2026-05-10", []Period{
			per("2026-Q1", "2026-02-15", "2026-03-31", "2026-04-30"),
			// Cut short by the end: due with the final report, not on
			// 2026-07-31 after it.
			per("2026-Q2", "2026-04-01", "2026-05-10", "2026-06-30"),
			per("final", "2026-02-15", "2026-05-10", "2026-06-30"),
		}},
		{"quarterly, starts on the last day of a quarter", Quarterly, "2026-03-31", "2026-04-01", []Period{
			per("2026-Q1", "2026-03-31", "2026-03-31", "2026-04-30"),
			per("2026-Q2", "2026-04-01", "2026-04-01", "2026-05-31"),
			per("final", "2026-03-31", "2026-04-01", "2026-05-31"),
		}},
		{"semiannual, starts mid-half", Semiannual, "2026-05-20", "2026-11-30", []Period{
			per("2026-H1", "2026-05-20", "2026-06-30", "2026-07-31"),
			per("2026-H2", "2026-07-01", "2026-11-30", "2026-12-31"),
			per("final", "2026-05-20", "2026-11-30", "2026-12-31"),
		}},
		{"quarterly, one day", Quarterly, "2026-03-31", "2026-03-31", []Period{
			per("2026-Q1", "2026-03-31", "2026-03-31", "2026-04-30"),
			per("final", "2026-03-31", "2026-03-31", "2026-04-30"),
		}},
		{"semiannual, one day", Semiannual, "2026-07-01", "2026-07-01", []Period{
			per("2026-H2", "2026-07-01", "2026-07-01", "2026-08-31"),
			per("final", "2026-07-01", "2026-07-01", "2026-08-31"),
		}},
		{"quarterly, one day on 29 February", Quarterly, "2024-02-29", "2024-02-29", []Period{
			per("2024-Q1", "2024-02-29", "2024-02-29", "2024-03-31"),
			per("final", "2024-02-29", "2024-02-29", "2024-03-31"),
		}},
		{"quarterly, across the year end", Quarterly, "2025-12-31", "2026-01-01", []Period{
			per("2025-Q4", "2025-12-31", "2025-12-31", "2026-01-31"),
			per("2026-Q1", "2026-01-01", "2026-01-01", "2026-02-28"),
			per("final", "2025-12-31", "2026-01-01", "2026-02-28"),
		}},
		{"semiannual, several years", Semiannual, "2024-03-01", "2026-09-30", []Period{
			per("2024-H1", "2024-03-01", "2024-06-30", "2024-07-31"),
			per("2024-H2", "2024-07-01", "2024-12-31", "2025-01-31"),
			per("2025-H1", "2025-01-01", "2025-06-30", "2025-07-31"),
			per("2025-H2", "2025-07-01", "2025-12-31", "2026-01-31"),
			per("2026-H1", "2026-01-01", "2026-06-30", "2026-07-31"),
			per("2026-H2", "2026-07-01", "2026-09-30", "2026-10-31"),
			per("final", "2024-03-01", "2026-09-30", "2026-10-31"),
		}},
		{"quarterly, several years ending in February of a leap year", Quarterly, "2026-11-15", "2028-02-29", []Period{
			per("2026-Q4", "2026-11-15", "2026-12-31", "2027-01-31"),
			per("2027-Q1", "2027-01-01", "2027-03-31", "2027-04-30"),
			per("2027-Q2", "2027-04-01", "2027-06-30", "2027-07-31"),
			per("2027-Q3", "2027-07-01", "2027-09-30", "2027-10-31"),
			per("2027-Q4", "2027-10-01", "2027-12-31", "2028-01-31"),
			per("2028-Q1", "2028-01-01", "2028-02-29", "2028-03-31"),
			per("final", "2026-11-15", "2028-02-29", "2028-03-31"),
		}},
		{"no interim cadence", Cadence(""), "2025-01-01", "2025-12-31", []Period{
			per("final", "2025-01-01", "2025-12-31", "2026-01-31"),
		}},
		{"ends before it starts", Quarterly, "2026-01-02", "2026-01-01", nil},
		{"year 0", Quarterly, "0000-12-01", "2026-01-01", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Periods(tc.c, d(tc.starts), d(tc.ends))
			if !slices.Equal(got, tc.want) {
				t.Errorf("Periods(%s, %s, %s) =\n%v\nwant\n%v", tc.c, tc.starts, tc.ends, got, tc.want)
			}
		})
	}
	if got := Periods(Quarterly, civil.Date{}, d("2026-01-01")); got != nil {
		t.Errorf("Periods without a start = %v, want nil", got)
	}
}

// TestPeriodsCover checks, over many contracts, that the interim periods
// tile the contract without gaps or overlaps, that each is inside the
// contract and due after it ends, and that ParsePeriod accepts each key and
// returns the same period.
func TestPeriodsCover(t *testing.T) {
	lengths := []int{0, 1, 27, 89, 90, 91, 181, 182, 365, 366, 1000}
	for _, c := range []Cadence{Quarterly, Semiannual} {
		for i := range 120 {
			starts := d("2023-11-15").AddDays(i * 13)
			for _, n := range lengths {
				ends := starts.AddDays(n)
				ps := Periods(c, starts, ends)
				if len(ps) < 2 {
					t.Fatalf("Periods(%s, %s, %s) = %v, want at least one period and final", c, starts, ends, ps)
				}
				interim, final := ps[:len(ps)-1], ps[len(ps)-1]
				if final != per("final", starts.String(), ends.String(), FinalDue(ends).String()) {
					t.Errorf("Periods(%s, %s, %s) final = %v", c, starts, ends, final)
				}
				next := starts
				for _, p := range interim {
					if p.Start != next || p.End.Before(p.Start) || !p.End.Before(p.Due) {
						t.Errorf("Periods(%s, %s, %s): %v does not follow %s or ends after it is due", c, starts, ends, p, next)
					}
					if p.Due.After(final.Due) {
						t.Errorf("Periods(%s, %s, %s): %v is due after the final report", c, starts, ends, p)
					}
					if p.Due != p.Due.EndOfMonth() {
						t.Errorf("%v: due is not the end of a month", p)
					}
					got, err := ParsePeriod(c, p.Key, starts, ends)
					if err != nil || got != p {
						t.Errorf("ParsePeriod(%s, %s, %s, %s) = %v, %v; want %v", c, p.Key, starts, ends, got, err, p)
					}
					next = p.End.AddDays(1)
				}
				if next != ends.AddDays(1) {
					t.Errorf("Periods(%s, %s, %s) stop at %s", c, starts, ends, next)
				}
			}
		}
	}
}

func TestPeriodDue(t *testing.T) {
	starts, ends := d("2024-01-01"), d("2026-12-31")
	tests := []struct {
		c                  Cadence
		key                string
		wantStart, wantEnd string
		wantDue            string
	}{
		{Quarterly, "2025-Q1", "2025-01-01", "2025-03-31", "2025-04-30"},
		{Quarterly, "2025-Q2", "2025-04-01", "2025-06-30", "2025-07-31"},
		{Quarterly, "2025-Q3", "2025-07-01", "2025-09-30", "2025-10-31"},
		{Quarterly, "2025-Q4", "2025-10-01", "2025-12-31", "2026-01-31"},
		{Quarterly, "2024-Q1", "2024-01-01", "2024-03-31", "2024-04-30"},
		{Semiannual, "2025-H1", "2025-01-01", "2025-06-30", "2025-07-31"},
		{Semiannual, "2025-H2", "2025-07-01", "2025-12-31", "2026-01-31"},
		{Semiannual, "2026-H2", "2026-07-01", "2026-12-31", "2027-01-31"},
		{Quarterly, "final", "2024-01-01", "2026-12-31", "2027-01-31"},
		{Semiannual, "final", "2024-01-01", "2026-12-31", "2027-01-31"},
	}
	for _, tc := range tests {
		got, err := ParsePeriod(tc.c, tc.key, starts, ends)
		if want := per(tc.key, tc.wantStart, tc.wantEnd, tc.wantDue); err != nil || got != want {
			t.Errorf("ParsePeriod(%s, %s) = %v, %v; want %v", tc.c, tc.key, got, err, want)
		}
	}
}

func TestPeriodJSON(t *testing.T) {
	b, err := json.Marshal(per("2026-Q1", "2026-02-15", "2026-03-31", "2026-04-30"))
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"period":"2026-Q1","start":"2026-02-15","end":"2026-03-31","due":"2026-04-30"}`; string(b) != want {
		t.Errorf("Marshal = %s, want %s", b, want)
	}
}

func TestFinalDue(t *testing.T) {
	tests := []struct{ ends, want string }{
		{"2025-12-31", "2026-01-31"},
		{"2025-12-01", "2026-01-31"},
		{"2026-01-31", "2026-02-28"},
		{"2026-01-01", "2026-02-28"},
		{"2024-01-31", "2024-02-29"},
		{"2028-01-15", "2028-02-29"},
		{"2026-02-28", "2026-03-31"},
		{"2024-02-29", "2024-03-31"},
		{"2026-03-31", "2026-04-30"},
		{"2026-08-31", "2026-09-30"},
		{"2026-11-30", "2026-12-31"},
	}
	for _, tc := range tests {
		if got := FinalDue(d(tc.ends)); got != d(tc.want) {
			t.Errorf("FinalDue(%s) = %s, want %s", tc.ends, got, tc.want)
		}
	}
}

func TestParsePeriodErrors(t *testing.T) {
	const starts, ends = "2025-01-01", "2025-12-31"
	tests := []struct {
		c            Cadence
		key          string
		starts, ends string
		want         string
	}{
		// Wrong cadence.
		{Quarterly, "2025-H1", starts, ends, `"2025-H1" is a half-year period; this contract reports quarterly (YYYY-Qn)`},
		{Quarterly, "2025-h2", starts, ends, `"2025-h2" is a half-year period; this contract reports quarterly (YYYY-Qn)`},
		{Semiannual, "2025-Q1", starts, ends, `"2025-Q1" is a quarter; this contract reports half-yearly (YYYY-H1 or YYYY-H2)`},
		{Cadence(""), "2025-Q1", starts, ends, `"2025-Q1" is not a period of this contract: it has only a final report (final)`},
		// Malformed.
		{Quarterly, "2026-Q5", starts, ends, `"2026-Q5" is not a period: use YYYY-Qn, or final`},
		{Quarterly, "2026-Q0", starts, ends, `"2026-Q0" is not a period: use YYYY-Qn, or final`},
		{Quarterly, "2026-H3", starts, ends, `"2026-H3" is not a period: use YYYY-Qn, or final`},
		{Semiannual, "2026-H3", starts, ends, `"2026-H3" is not a period: use YYYY-H1 or YYYY-H2, or final`},
		{Semiannual, "2026-Q5", starts, ends, `"2026-Q5" is not a period: use YYYY-H1 or YYYY-H2, or final`},
		{Quarterly, "", starts, ends, `"" is not a period: use YYYY-Qn, or final`},
		{Quarterly, "2025Q1", starts, ends, `"2025Q1" is not a period: use YYYY-Qn, or final`},
		{Quarterly, "25-Q1", starts, ends, `"25-Q1" is not a period: use YYYY-Qn, or final`},
		{Quarterly, "2025-Q01", starts, ends, `"2025-Q01" is not a period: use YYYY-Qn, or final`},
		{Quarterly, "2025-1", starts, ends, `"2025-1" is not a period: use YYYY-Qn, or final`},
		{Quarterly, "2025-K1", starts, ends, `"2025-K1" is not a period: use YYYY-Qn, or final`},
		{Quarterly, " 2025-Q1", starts, ends, `" 2025-Q1" is not a period: use YYYY-Qn, or final`},
		{Quarterly, "2025-Q1 ", starts, ends, `"2025-Q1 " is not a period: use YYYY-Qn, or final`},
		{Quarterly, "+025-Q1", starts, ends, `"+025-Q1" is not a period: use YYYY-Qn, or final`},
		{Quarterly, "2025_Q1", starts, ends, `"2025_Q1" is not a period: use YYYY-Qn, or final`},
		{Quarterly, "2025-Ｑ1", starts, ends, `"2025-Ｑ1" is not a period: use YYYY-Qn, or final`},
		{Quarterly, "2025-01", starts, ends, `"2025-01" is not a period: use YYYY-Qn, or final`},
		// Year 0 does not exist.
		{Quarterly, "0000-Q1", starts, ends, `"0000-Q1" is not a period: there is no year 0`},
		{Semiannual, "0000-H2", starts, ends, `"0000-H2" is not a period: there is no year 0`},
		// Outside the contract.
		{Quarterly, "2024-Q3", starts, ends, `2024-Q3 is outside the contract (2025-01-01 to 2025-12-31)`},
		{Quarterly, "2024-Q4", starts, ends, `2024-Q4 is outside the contract (2025-01-01 to 2025-12-31)`},
		{Quarterly, "2026-Q1", starts, ends, `2026-Q1 is outside the contract (2025-01-01 to 2025-12-31)`},
		{Semiannual, "2026-H1", starts, ends, `2026-H1 is outside the contract (2025-01-01 to 2025-12-31)`},
		{Quarterly, "2026-Q3", "2026-02-15", "2026-05-10", `2026-Q3 is outside the contract (2026-02-15 to 2026-05-10)`},
		{Quarterly, "2024-q3", starts, ends, `2024-Q3 is outside the contract (2025-01-01 to 2025-12-31)`},
		// Keys are case-sensitive; the message gives the spelling to use.
		{Quarterly, "2025-q1", starts, ends, `"2025-q1" is not a period: write it as 2025-Q1`},
		{Semiannual, "2025-h2", starts, ends, `"2025-h2" is not a period: write it as 2025-H2`},
		{Quarterly, "Final", starts, ends, `"Final" is not a period: write final in lower case`},
		{Semiannual, "FINAL", starts, ends, `"FINAL" is not a period: write final in lower case`},
		{Quarterly, "final ", starts, ends, `"final " is not a period: use YYYY-Qn, or final`},
		// A contract no period can be computed for.
		{Quarterly, "final", "2026-01-02", "2026-01-01", `the contract ends (2026-01-01) before it starts (2026-01-02)`},
		{Quarterly, "2026-Q1", "2026-01-02", "2026-01-01", `the contract ends (2026-01-01) before it starts (2026-01-02)`},
		{Quarterly, "final", "0000-06-01", "2026-01-01", `the contract (0000-06-01 to 2026-01-01) must lie within the years 0001 to 9999`},
		{Quarterly, "final", "", "2026-01-01", `the contract has no start or end date`},
		{Quarterly, "final", "2026-01-01", "", `the contract has no start or end date`},
	}
	for _, tc := range tests {
		var s, e civil.Date
		if tc.starts != "" {
			s = d(tc.starts)
		}
		if tc.ends != "" {
			e = d(tc.ends)
		}
		got, err := ParsePeriod(tc.c, tc.key, s, e)
		if err == nil {
			t.Errorf("ParsePeriod(%q, %q, %s, %s) = %v, want error %q", tc.c, tc.key, tc.starts, tc.ends, got, tc.want)
			continue
		}
		if err.Error() != tc.want {
			t.Errorf("ParsePeriod(%q, %q, %s, %s) error\n got %q\nwant %q", tc.c, tc.key, tc.starts, tc.ends, err, tc.want)
		}
		if got != (Period{}) {
			t.Errorf("ParsePeriod(%q, %q) returned %v with an error", tc.c, tc.key, got)
		}
	}
}

func TestNextReportDue(t *testing.T) {
	ps := Periods(Quarterly, d("2025-02-15"), d("2025-08-10"))
	// 2025-Q1 due 04-30, 2025-Q2 due 07-31, 2025-Q3 (cut short by the end)
	// and final due 09-30.
	doneOf := func(keys ...string) func(string) bool {
		return func(k string) bool { return slices.Contains(keys, k) }
	}
	tests := []struct {
		name    string
		periods []Period
		done    func(string) bool
		want    string // "" for none
	}{
		{"nothing done", ps, doneOf(), "2025-04-30"},
		{"nil done", ps, nil, "2025-04-30"},
		{"first done", ps, doneOf("2025-Q1"), "2025-07-31"},
		{"first done out of order", ps, doneOf("2025-Q2"), "2025-04-30"},
		{"the last quarter and the final due together", ps, doneOf("2025-Q1", "2025-Q2"), "2025-09-30"},
		{"only the last quarter left", ps, doneOf("2025-Q1", "2025-Q2", "final"), "2025-09-30"},
		{"all done", ps, doneOf("2025-Q1", "2025-Q2", "2025-Q3", "final"), ""},
		{"no periods", nil, nil, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := NextReportDue(tc.periods, tc.done)
			switch {
			case tc.want == "" && (ok || !got.IsZero()):
				t.Errorf("NextReportDue = %s, %v; want none", got, ok)
			case tc.want != "" && (!ok || got != d(tc.want)):
				t.Errorf("NextReportDue = %s, %v; want %s", got, ok, tc.want)
			}
		})
	}
}

func TestPassed(t *testing.T) {
	ams := func(s string) time.Time {
		tm, err := time.ParseInLocation("2006-01-02 15:04:05.999999999", s, civil.Amsterdam)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	utc := func(s string) time.Time {
		tm, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	tests := []struct {
		name string
		due  string
		end  string // the 24:00 Amsterdam instant in UTC
		now  time.Time
		want bool
	}{
		// An ordinary winter day: 24:00 CET is 23:00 UTC.
		{"winter, 23:30", "2026-01-15", "2026-01-15T23:00:00Z", ams("2026-01-15 23:30:00"), false},
		{"winter, last nanosecond", "2026-01-15", "2026-01-15T23:00:00Z", utc("2026-01-15T22:59:59.999999999Z"), false},
		{"winter, 00:00 next day", "2026-01-15", "2026-01-15T23:00:00Z", ams("2026-01-16 00:00:00"), true},
		{"winter, the day before", "2026-01-15", "2026-01-15T23:00:00Z", ams("2026-01-14 12:00:00"), false},
		// The day before spring DST still ends at 24:00 CET.
		{"before spring DST, 23:30", "2026-03-28", "2026-03-28T23:00:00Z", ams("2026-03-28 23:30:00"), false},
		{"before spring DST, last nanosecond", "2026-03-28", "2026-03-28T23:00:00Z", utc("2026-03-28T22:59:59.999999999Z"), false},
		{"before spring DST, 00:00", "2026-03-28", "2026-03-28T23:00:00Z", utc("2026-03-28T23:00:00Z"), true},
		// 29 March 2026 has 23 hours and ends at 24:00 CEST = 22:00 UTC.
		{"spring DST day, 23:30", "2026-03-29", "2026-03-29T22:00:00Z", ams("2026-03-29 23:30:00"), false},
		{"spring DST day, last nanosecond", "2026-03-29", "2026-03-29T22:00:00Z", ams("2026-03-29 23:59:59.999999999"), false},
		{"spring DST day, 00:00 next day", "2026-03-29", "2026-03-29T22:00:00Z", ams("2026-03-30 00:00:00"), true},
		{"spring DST day, 22:30 UTC", "2026-03-29", "2026-03-29T22:00:00Z", utc("2026-03-29T22:30:00Z"), true},
		{"spring DST day, 02:30 UTC offset", "2026-03-29", "2026-03-29T22:00:00Z", utc("2026-03-29T02:30:00+02:00"), false},
		// 25 October 2026 has 25 hours and ends at 24:00 CET = 23:00 UTC.
		{"day before autumn DST, 00:00", "2026-10-24", "2026-10-24T22:00:00Z", ams("2026-10-25 00:00:00"), true},
		{"autumn DST day, 23:30", "2026-10-25", "2026-10-25T23:00:00Z", ams("2026-10-25 23:30:00"), false},
		{"autumn DST day, 22:30 UTC", "2026-10-25", "2026-10-25T23:00:00Z", utc("2026-10-25T22:30:00Z"), false},
		{"autumn DST day, last nanosecond", "2026-10-25", "2026-10-25T23:00:00Z", utc("2026-10-25T22:59:59.999999999Z"), false},
		{"autumn DST day, 00:00 next day", "2026-10-25", "2026-10-25T23:00:00Z", ams("2026-10-26 00:00:00"), true},
		// Month ends, summer time: 24:00 CEST is 22:00 UTC.
		{"end of June, 23:30", "2026-06-30", "2026-06-30T22:00:00Z", ams("2026-06-30 23:30:00"), false},
		{"end of June, 00:00 1 July", "2026-06-30", "2026-06-30T22:00:00Z", ams("2026-07-01 00:00:00"), true},
		{"end of June, from New York", "2026-06-30", "2026-06-30T22:00:00Z", utc("2026-06-30T17:59:59-04:00"), false},
		{"end of June, from New York later", "2026-06-30", "2026-06-30T22:00:00Z", utc("2026-06-30T18:00:00-04:00"), true},
		{"29 February, 23:30", "2024-02-29", "2024-02-29T23:00:00Z", ams("2024-02-29 23:30:00"), false},
		{"29 February, 00:00 1 March", "2024-02-29", "2024-02-29T23:00:00Z", ams("2024-03-01 00:00:00"), true},
		{"end of year, 00:00 1 January", "2025-12-31", "2025-12-31T23:00:00Z", ams("2026-01-01 00:00:00"), true},
		{"end of year, 23:59:59", "2025-12-31", "2025-12-31T23:00:00Z", ams("2025-12-31 23:59:59"), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			due := d(tc.due)
			if end := utc(tc.end); !due.End().Equal(end) {
				t.Errorf("%s ends at %s, want %s", due, due.End().UTC(), end)
			}
			if got := Passed(due, tc.now); got != tc.want {
				t.Errorf("Passed(%s, %s) = %v, want %v", tc.due, tc.now.UTC().Format(time.RFC3339Nano), got, tc.want)
			}
		})
	}
	if Passed(civil.Date{}, time.Now()) {
		t.Error("Passed(zero date) = true, want false: no deadline")
	}
}

func FuzzParsePeriod(f *testing.F) {
	f.Add("2026-Q1", "quarterly", int64(9500), int64(365))
	f.Add("2026-H2", "semiannual", int64(9500), int64(365))
	f.Add("final", "quarterly", int64(9500), int64(0))
	f.Add("2024-q3", "quarterly", int64(8800), int64(30))
	f.Add("0000-Q1", "quarterly", int64(-730000), int64(100))
	f.Add("9999-Q4", "quarterly", int64(2900000), int64(10000))
	f.Add("2026-Q5", "semiannual", int64(9500), int64(-5))
	f.Add("Final", "", int64(0), int64(1))
	base := d("2000-01-01")
	f.Fuzz(func(t *testing.T, key, cadence string, offset, length int64) {
		// Keep the contract near the years 0001-9999 and a little beyond.
		starts := base.AddDays(int(offset % 3_700_000))
		ends := starts.AddDays(int(length % 50_000))
		c := Cadence(cadence)
		p, err := ParsePeriod(c, key, starts, ends)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		if p.Start.Before(starts) || p.End.After(ends) {
			t.Fatalf("ParsePeriod(%q, %q, %s, %s) = %v: outside the contract", c, key, starts, ends, p)
		}
		if p.End.Before(p.Start) || p.Due.Before(p.End) {
			t.Fatalf("ParsePeriod(%q, %q, %s, %s) = %v: want Start <= End <= Due", c, key, starts, ends, p)
		}
		if p.Key != key {
			t.Fatalf("ParsePeriod(%q, %q) has key %q", c, key, p.Key)
		}
		if again, err := ParsePeriod(c, p.Key, starts, ends); err != nil || again != p {
			t.Fatalf("ParsePeriod of its own key %q = %v, %v; want %v", p.Key, again, err, p)
		}
		// Periods is cheap enough to cross-check for contracts of a few years.
		if starts.DaysUntil(ends) < 5000 && !slices.Contains(Periods(c, starts, ends), p) {
			t.Fatalf("ParsePeriod(%q, %q, %s, %s) = %v, which Periods does not list", c, key, starts, ends, p)
		}
	})
}
