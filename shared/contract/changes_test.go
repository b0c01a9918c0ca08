package contract_test

import (
	"strings"
	"testing"

	"github.com/srmonitor/srmonitor/shared/civil"
	"github.com/srmonitor/srmonitor/shared/contract"
	"github.com/srmonitor/srmonitor/shared/valuation"
)

// Below the threshold there is no obligation (Amsterdam, Leidraad Sociaal
// Opdrachtgeverschap: social return on contracts above the European
// services threshold, EUR 216,000 in 2026-2027): nothing to register, plan
// or report, so nothing is ever flagged or reminded, and the contract says
// what applies instead.
func TestNoObligationAsksNothing(t *testing.T) {
	f := newFixture(t, "amsterdam")
	in := input("amsterdam", "SMALL-1")
	in.ValueCents, in.ContractorEmail = ptr(int64(10_000_000)), "sr@schoon.nl"
	c := f.create(in)
	if c.Status != contract.NoObligation || c.Obligation.Applies || c.NextCheck() != nil || c.Realisation().RemainingCents != 0 {
		t.Fatalf("status %s, applies %v, next check %v", c.Status, c.Obligation.Applies, c.NextCheck())
	}
	for name, err := range map[string]error{
		"register": func() error {
			_, err := f.svc.Register(f.ctx, f.con, c.ID, nil, contract.RegisterInput{ContactName: "A", ContactEmail: "a@b.nl"})
			return err
		}(),
		"plan": func() error {
			_, err := f.svc.SubmitPlan(f.ctx, f.con, c.ID, nil, contract.PlanInput{Items: training(1)})
			return err
		}(),
	} {
		if !isConflict(err) || !strings.Contains(err.Error(), "no social return obligation") || !strings.Contains(err.Error(), "European threshold") {
			t.Errorf("%s: %v", name, err)
		}
	}
	if sum := f.check("2028-01-01 06:00"); sum.Checked != 0 || sum.Raised != 0 || sum.Reminded != 0 {
		t.Fatalf("a contract without obligation was checked: %+v", sum)
	}
	if c, _ = f.svc.Get(f.ctx, f.mun, c.ID); len(c.Flags) != 0 || len(c.Overdue(f.clock())) != 0 {
		t.Fatalf("flags %+v", c.Flags)
	}
}

// A passed deadline is overdue in every view at once, before the daily
// check has flagged it.
func TestOverdueShowsBeforeTheCheck(t *testing.T) {
	f := newFixture(t, "amsterdam")
	c := f.create(input("amsterdam", "O-1"))
	if len(c.Overdue(f.clock())) != 0 {
		t.Fatal("overdue on the day of the award")
	}
	// Amsterdam: register within 7 days of the award (2026-03-02 + 7).
	overdue := c.Overdue(at("2026-03-10 00:01"))
	if len(overdue) != 1 || overdue[0].Kind != contract.RegistrationOverdue || overdue[0].Due != civil.MustParse("2026-03-09") || len(c.Flags) != 0 {
		t.Fatalf("overdue %+v, flags %+v", overdue, c.Flags)
	}
}

// DOMAIN.md "things change" (Leidraad: new agreements are recorded): the
// municipality amends the terms with a written reason; the obligation and
// the deadlines follow, the history says what changed and why, and flags
// follow the new dates.
func TestAmendmentRecomputesAndFlagsFollow(t *testing.T) {
	f := newFixture(t, "amsterdam")
	c := f.create(input("amsterdam", "A-1")) // 5% of EUR 500,000, quarterly from 2026-04-01 to 2027-03-31
	approvedPlan(f, c.ID)
	if p := problems(t, func() error {
		_, err := f.svc.Amend(f.ctx, f.mun, c.ID, nil, contract.AmendInput{ValueCents: ptr(int64(1))})
		return err
	}()); p["reason"] == "" {
		t.Fatalf("an amendment without a reason: %v", p)
	}
	if p := problems(t, func() error {
		_, err := f.svc.Amend(f.ctx, f.mun, c.ID, nil, contract.AmendInput{Reason: "why"})
		return err
	}()); p["amendment"] == "" {
		t.Fatalf("an amendment naming no term: %v", p)
	}
	if _, err := f.svc.Amend(f.ctx, f.con, c.ID, nil, contract.AmendInput{ValueCents: ptr(int64(1)), Reason: "x"}); err != contract.ErrForbidden {
		t.Fatalf("a contractor amends: %v", err)
	}
	f.set("2026-07-20 10:00")
	f.must(f.svc.SubmitReport(f.ctx, f.con, c.ID, "2026-Q2", nil, contract.ReportInput{Items: training(100_000)}))
	f.check("2026-11-01 06:00") // 2026-Q3 was due 2026-10-31 and is flagged
	c, _ = f.svc.Get(f.ctx, f.mun, c.ID)
	if got := open(c); len(got) != 1 || !strings.HasSuffix(got[0], "2026-Q3") {
		t.Fatalf("open flags %v", got)
	}
	// The contract ends early, on 2026-06-30, at a lower value: Q3 goes,
	// so its flag resolves, and the final report is due after the new end.
	f.set("2026-11-02 10:00")
	c = f.must(f.svc.Amend(f.ctx, f.mun, c.ID, nil, contract.AmendInput{
		ValueCents: ptr(int64(30_000_000)), EndsOn: ptr(civil.MustParse("2026-06-30")), Reason: "ended early by mutual agreement",
	}))
	if c.Obligation.ObligationCents != 1_500_000 || c.EndsOn != civil.MustParse("2026-06-30") || len(c.OpenFlags()) != 0 {
		t.Fatalf("obligation %d, ends %s, open %v", c.Obligation.ObligationCents, c.EndsOn, open(c))
	}
	if due := c.NextReportDue(); due == nil || c.ReportSummaryFor("2026-Q2") == nil {
		t.Fatalf("next report due %v", due)
	}
	events, _, _ := f.svc.History(f.ctx, f.mun, c.ID, 50, "")
	last := events[len(events)-1]
	changes, _ := last.Data["changes"].(map[string]any)
	if last.Action != "contract_amended" || last.Data["reason"] != "ended early by mutual agreement" || changes["ends_on"] == nil || changes["obligation_cents"] == nil {
		t.Fatalf("history %+v", last)
	}
	// A report handed in keeps its period: terms that drop it are refused.
	_, err := f.svc.Amend(f.ctx, f.mun, c.ID, nil, contract.AmendInput{StartsOn: ptr(civil.MustParse("2026-07-01")), EndsOn: ptr(civil.MustParse("2026-12-31")), Reason: "moved"})
	if !isConflict(err) || !strings.Contains(err.Error(), "2026-Q2") {
		t.Fatalf("dropping a reported period: %v", err)
	}
	if _, err := f.svc.Amend(f.ctx, f.mun, c.ID, nil, contract.AmendInput{ValueCents: ptr(int64(30_000_000)), Reason: "same"}); err == nil {
		t.Fatal("an amendment that changes nothing was recorded")
	}
}

// The municipality cancels a contract: nothing is owed, its open flags
// resolve, nothing is due, and the contractor cannot report any more.
func TestCancellation(t *testing.T) {
	f := newFixture(t, "amsterdam")
	c := f.create(input("amsterdam", "X-1"))
	f.check("2026-03-10 06:00") // registration overdue
	c = f.must(f.svc.Cancel(f.ctx, f.mun, c.ID, nil, contract.CancelInput{Reason: "tender annulled"}))
	if c.Status != contract.Cancelled || len(c.OpenFlags()) != 0 || c.NextCheck() != nil || c.NextReportDue() != nil || c.Realisation().RemainingCents != 0 {
		t.Fatalf("status %s, open %v", c.Status, open(c))
	}
	if _, err := f.svc.Register(f.ctx, f.con, c.ID, nil, contract.RegisterInput{ContactName: "A", ContactEmail: "a@b.nl"}); !isConflict(err) {
		t.Fatalf("registering a cancelled contract: %v", err)
	}
	if _, err := f.svc.Cancel(f.ctx, f.mun, c.ID, nil, contract.CancelInput{Reason: "again"}); !isConflict(err) {
		t.Fatalf("cancelling twice: %v", err)
	}
}

// The fine follows the facts: the proposal is the shortfall as it stands,
// a final report awaiting a decision is on the contract, the flag resolves
// when accepted reports meet the obligation after all, and no fine can
// exceed the shortfall at the moment of the decision.
func TestFineFollowsTheFacts(t *testing.T) {
	f := newFixture(t, "amsterdam")
	c := finalOnly(f, "F-1")
	register(f, c.ID)
	f.check("2027-05-01 06:00") // nothing reported by 2027-04-30: final report and shortfall flagged
	c, _ = f.svc.Get(f.ctx, f.mun, c.ID)
	shortfall := c.Flag(c.ID + "." + contract.ObligationShortfall)
	if shortfall == nil || *shortfall.FineCents != 2_500_000 {
		t.Fatalf("shortfall %+v", shortfall)
	}
	f.set("2027-05-03 10:00")
	f.must(f.svc.SubmitReport(f.ctx, f.con, c.ID, "final", nil, contract.ReportInput{Items: training(1_000_000)}))
	c = f.must(f.svc.DecideReport(f.ctx, f.mun, c.ID, "final", nil, contract.ReportDecisionInput{Decision: contract.Accepted, Note: "invoices checked"}))
	if s := c.Flag(c.ID + "." + contract.ObligationShortfall); s.Status != contract.FlagOpen || *s.FineCents != 1_500_000 {
		t.Fatalf("the proposal follows accepted realisation: %+v", s)
	}
	p := problems(t, func() error {
		_, _, err := f.svc.DecideFlag(f.ctx, f.mun, c.ID+"."+contract.ObligationShortfall, contract.FlagDecisionInput{Decision: "fine", FineCents: ptr(int64(1_500_001)), Reason: "r"})
		return err
	}())
	if !strings.Contains(p["fine_cents"], "1500000") {
		t.Fatalf("a fine above the shortfall: %v", p)
	}
	c, _, err := f.svc.DecideFlag(f.ctx, f.mun, c.ID+"."+contract.ObligationShortfall, contract.FlagDecisionInput{Decision: "fine", FineCents: ptr(int64(1_500_000)), Reason: "r"})
	if err != nil || c.Status != contract.Closed {
		t.Fatalf("a fine decided closes the contract: %v %v", c.Status, err)
	}
	if _, err := f.svc.Amend(f.ctx, f.mun, c.ID, nil, contract.AmendInput{ValueCents: ptr(int64(1)), Reason: "late"}); !isConflict(err) {
		t.Fatalf("amending a closed contract: %v", err)
	}
}

// A shortfall resolves when the obligation is met after all; the final
// report accepted with nothing remaining closes the contract.
func TestShortfallResolvesWhenMetAfterAll(t *testing.T) {
	f := newFixture(t, "amsterdam")
	c := finalOnly(f, "F-2")
	approvedPlan(f, c.ID)
	f.set("2027-04-20 10:00")
	f.must(f.svc.SubmitReport(f.ctx, f.con, c.ID, "final", nil, contract.ReportInput{Items: training(1_000_000)}))
	f.check("2027-05-01 06:00") // the final report is in, undecided: only the shortfall is flagged
	c, _ = f.svc.Get(f.ctx, f.mun, c.ID)
	if got := open(c); len(got) != 1 || !strings.HasPrefix(got[0], contract.ObligationShortfall) {
		t.Fatalf("open %v", got)
	}
	if r := c.ReportSummaryFor("final"); r.Status != contract.Submitted {
		t.Fatalf("the final report awaiting a decision: %+v", r)
	}
	f.set("2027-05-03 10:00")
	c = f.must(f.svc.DecideReport(f.ctx, f.mun, c.ID, "final", nil, contract.ReportDecisionInput{Decision: contract.Rejected, Note: "a line per person, please"}))
	c = f.must(f.svc.SubmitReport(f.ctx, f.con, c.ID, "final", nil, contract.ReportInput{Items: training(2_500_000)}))
	c = f.must(f.svc.DecideReport(f.ctx, f.mun, c.ID, "final", nil, contract.ReportDecisionInput{Decision: contract.Accepted, Note: "seen on site"}))
	if c.Status != contract.Closed || len(c.OpenFlags()) != 0 || c.Realisation().RemainingCents != 0 {
		t.Fatalf("status %s, open %v", c.Status, open(c))
	}
	if _, err := f.svc.SubmitReport(f.ctx, f.con, c.ID, "final", nil, contract.ReportInput{Items: training(1)}); !isConflict(err) {
		t.Fatalf("reporting on a closed contract: %v", err)
	}
}

// Where the office asks evidence with every report (Amsterdam, Leidraad:
// reports come with copies of payslips without BSN and invoices), a line
// that cites none is accepted only with a written reason; where it does
// not (Utrecht publishes no such rule), no reason is asked.
func TestEvidencePerLine(t *testing.T) {
	for _, tc := range []struct {
		mun  string
		asks bool
	}{{"amsterdam", true}, {"utrecht", false}} {
		f := newFixture(t, tc.mun)
		c := f.create(input(tc.mun, "E-1"))
		register(f, c.ID)
		f.set("2026-07-20 10:00")
		ev := c.ID + ".e_00000000000000000001"
		f.ev[ev] = "verified"
		cost := int64(100_000)
		items := []valuation.Item{{Block: "social_purchase", AmountCents: &cost}, {Block: "social_purchase", AmountCents: &cost}}
		if tc.mun == "utrecht" {
			items = []valuation.Item{{Block: "social_purchase", AmountCents: &cost}, {Block: "social_purchase", AmountCents: &cost}}
		}
		p := problems(t, func() error {
			_, err := f.svc.SubmitReport(f.ctx, f.con, c.ID, "2026-Q2", nil, contract.ReportInput{Items: items, ItemEvidence: [][]string{{ev, ev}}})
			return err
		}())
		if !strings.Contains(p["items[0].evidence_ids[1]"], "cited twice") {
			t.Fatalf("%s: %v", tc.mun, p)
		}
		f.must(f.svc.SubmitReport(f.ctx, f.con, c.ID, "2026-Q2", nil, contract.ReportInput{Items: items, ItemEvidence: [][]string{{ev}}}))
		r, statuses, err := f.svc.GetReport(f.ctx, f.mun, c.ID, "2026-Q2", 0)
		if err != nil || len(r.ItemEvidence) != 2 || r.ItemEvidence[0][0] != ev || r.ItemEvidence[1] != nil || statuses[ev] != "verified" {
			t.Fatalf("%s: the office sees what backs each line: %+v %v %v", tc.mun, r.ItemEvidence, statuses, err)
		}
		_, err = f.svc.DecideReport(f.ctx, f.mun, c.ID, "2026-Q2", nil, contract.ReportDecisionInput{Decision: contract.Accepted})
		if tc.asks {
			if p := problems(t, err); !strings.Contains(p["note"], "items [1] cite none") {
				t.Fatalf("%s: %v", tc.mun, p)
			}
			f.must(f.svc.DecideReport(f.ctx, f.mun, c.ID, "2026-Q2", nil, contract.ReportDecisionInput{Decision: contract.Accepted, Note: "second invoice seen on paper"}))
		} else if err != nil {
			t.Fatalf("%s: %v", tc.mun, err)
		}
	}
}

// A block's month limit holds per candidate across all reports of a
// contract (Haaglanden's table, Werkgeversservicepunt Haaglanden 2023:
// 'maximaal 12 maanden' for a candidate without benefit): a candidate
// reported in five quarters counts twelve months. The realisation counts
// people reached (distinct candidates) and durable jobs (Amsterdam's
// Leidraad: a contract of at least six months for at least 0.5 FTE).
func TestCandidatesAcrossReports(t *testing.T) {
	f := newFixture(t, "den-haag")
	in := input("den-haag", "H-1")
	in.StartsOn, in.EndsOn = ptr(civil.MustParse("2026-04-01")), ptr(civil.MustParse("2027-12-31"))
	c := f.create(in)
	register(f, c.ID)
	line := func(candidate, hours, months string) valuation.Item {
		h, m := dec(hours), dec(months)
		return valuation.Item{Block: "no_benefit", HoursPerWeek: &h, Months: &m, Candidate: candidate}
	}
	quarter := int64(125_000) // EUR 5,000 a year, full time, for 3 months
	days := map[string]string{"2026-Q2": "2026-07-10", "2026-Q3": "2026-10-10", "2026-Q4": "2027-01-10", "2027-Q1": "2027-04-10", "2027-Q2": "2027-07-10"}
	for _, q := range []string{"2026-Q2", "2026-Q3", "2026-Q4", "2027-Q1", "2027-Q2"} {
		f.set(days[q] + " 10:00")
		items := []valuation.Item{line("K-1", "36", "3"), line("K-2", "12", "3")}
		if q == "2026-Q2" {
			items = append(items, line("", "36", "3")) // two persons without a candidate reference
			items[2].Persons = ptr(int64(2))
		}
		c = f.must(f.svc.SubmitReport(f.ctx, f.con, c.ID, q, nil, contract.ReportInput{Items: items}))
		r := c.ReportSummaryFor(q)
		want := quarter + (quarter+1)/3 // K-2 a third of full time, rounded
		if q == "2027-Q2" {
			want = 0 // both had twelve months counted already
		}
		if q == "2026-Q2" {
			want += 2 * quarter
		}
		if r.ValueCents != want {
			t.Fatalf("%s: value %d, want %d", q, r.ValueCents, want)
		}
		c = f.must(f.svc.DecideReport(f.ctx, f.mun, c.ID, q, nil, contract.ReportDecisionInput{Decision: contract.Accepted}))
	}
	// K-1 and K-2 and the two persons without a reference; only K-1 worked
	// half time or more, for 15 months.
	if c.Reach.PeopleReached != 4 || c.Reach.DurableJobs != 1 {
		t.Fatalf("reach %+v", c.Reach)
	}
	rep, _, _ := f.svc.GetReport(f.ctx, f.mun, c.ID, "2027-Q2", 0)
	if l := rep.Valuation.Lines[0]; l.ValueCents != 0 || *l.CountedMonths != 0 || !strings.Contains(l.Explanation, "K-1 had 12 already") {
		t.Fatalf("the fifth quarter: %+v", l)
	}
}

// finalOnly records an Amsterdam contract (EUR 25,000 owed, ending
// 2027-03-31) that reports only at the end.
func finalOnly(f *fixture, ref string) *contract.Contract {
	in := input("amsterdam", ref)
	in.Reporting = "final"
	return f.create(in)
}

// approvedPlan registers the contract and has a plan approved.
func approvedPlan(f *fixture, id string) {
	register(f, id)
	f.must(f.svc.SubmitPlan(f.ctx, f.con, id, nil, contract.PlanInput{Items: training(2_500_000)}))
	f.must(f.svc.DecidePlan(f.ctx, f.mun, id, nil, contract.DecisionInput{Decision: contract.Approved}))
}

func dec(s string) valuation.Decimal {
	var d valuation.Decimal
	if err := d.UnmarshalJSON([]byte(s)); err != nil || d.Problem() != "" {
		panic(s)
	}
	return d
}
