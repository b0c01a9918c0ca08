package insight_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/srmonitor/srmonitor/shared/auth"
	"github.com/srmonitor/srmonitor/shared/civil"
	"github.com/srmonitor/srmonitor/shared/contract"
	"github.com/srmonitor/srmonitor/shared/insight"
	"github.com/srmonitor/srmonitor/shared/memstore"
	"github.com/srmonitor/srmonitor/shared/policy"
	"github.com/srmonitor/srmonitor/shared/valuation"
)

// world is a set of contracts in known states, made through the domain's
// own lifecycle on the in-memory repository.
type world struct {
	t    testing.TB
	ctx  context.Context
	svc  *contract.Service
	repo *memstore.Contracts
	now  time.Time
	mun  auth.Principal
}

func newWorld(t testing.TB) *world {
	w := &world{t: t, ctx: context.Background(), repo: memstore.NewContracts(), now: time.Date(2026, 1, 5, 10, 0, 0, 0, civil.Amsterdam)}
	w.svc = &contract.Service{Repo: w.repo, Policies: policy.Default(), Now: func() time.Time { return w.now }}
	w.mun = auth.Principal{Subject: "office", Role: auth.Municipality, Orgs: []string{"utrecht", "den-haag"}}
	return w
}

func (w *world) at(s string) {
	t, err := time.ParseInLocation("2006-01-02", s, civil.Amsterdam)
	if err != nil {
		w.t.Fatal(err)
	}
	w.now = t.Add(10 * time.Hour)
}

func ptr[T any](v T) *T { return &v }

func (w *world) must(c *contract.Contract, err error) *contract.Contract {
	w.t.Helper()
	if err != nil {
		w.t.Fatal(err)
	}
	return c
}

func contractor(kvk string) auth.Principal {
	return auth.Principal{Subject: "hr-" + kvk, Role: auth.Contractor, Orgs: []string{kvk}}
}

// contract records a contract awarded today, running from start to end.
func (w *world) contract(mun, ref, kvk string, valueCents int64, start, end string) *contract.Contract {
	today := civil.Today(w.now)
	return w.must(w.svc.Create(w.ctx, w.mun, contract.CreateInput{Municipality: mun, Reference: ref, Title: "Title " + ref, ContractorKvK: kvk,
		ContractorName: "Firm " + kvk, ValueCents: &valueCents, AwardedOn: &today, StartsOn: ptr(civil.MustParse(start)),
		EndsOn: ptr(civil.MustParse(end)), Reporting: "quarterly"}))
}

func (w *world) register(c *contract.Contract) {
	w.must(w.svc.Register(w.ctx, contractor(c.ContractorKvK), c.ID, nil, contract.RegisterInput{ContactName: "A", ContactEmail: "a@b.nl"}))
}

func (w *world) report(c *contract.Contract, period string, items ...valuation.Item) {
	w.must(w.svc.SubmitReport(w.ctx, contractor(c.ContractorKvK), c.ID, period, nil, contract.ReportInput{Items: items}))
}

func (w *world) decide(c *contract.Contract, period, decision string) {
	w.must(w.svc.DecideReport(w.ctx, w.mun, c.ID, period, nil, contract.ReportDecisionInput{Decision: decision}))
}

func (w *world) all() []contract.Contract {
	var out []contract.Contract
	for _, m := range w.mun.Orgs {
		page, _, err := w.repo.List(w.ctx, contract.Query{Municipality: m, Limit: 10_000})
		if err != nil {
			w.t.Fatal(err)
		}
		out = append(out, page...)
	}
	return out
}

func training(cents int64) valuation.Item {
	return valuation.Item{Block: "training", AmountCents: &cents}
}

func purchase(cents int64) valuation.Item {
	return valuation.Item{Block: "social_purchase", AmountCents: &cents}
}

// hire is persons hired for hours a week and months, whole numbers.
func hire(persons, hours, months int64, bonuses ...string) valuation.Item {
	h, m := valuation.Decimal(hours*100), valuation.Decimal(months*100)
	return valuation.Item{Block: "participatiewet", Persons: &persons, HoursPerWeek: &h, Months: &m, Bonuses: bonuses}
}

func TestEveryBlockHasItsRoute(t *testing.T) {
	reg := policy.Default()
	for _, m := range reg.Municipalities() {
		for _, ref := range m.CatalogVersions {
			cat, _ := reg.Catalog(m.ID, ref.Version)
			for _, b := range cat.Blocks {
				// A block the table names has its route whatever its kind;
				// one it does not falls to its kind's, which differ.
				if r := insight.RouteOf(b.Code, policy.KindPerson); r != insight.RouteOf(b.Code, policy.KindAgreed) || insight.RouteNames[r] == "" {
					t.Errorf("%s (catalog %s %s): no route of its own; add it to blockRoutes", b.Code, m.ID, ref.Version)
				}
			}
		}
	}
	for _, c := range []struct {
		block, kind string
		want        insight.Route
	}{
		{"participatiewet", policy.KindPerson, insight.LabourParticipation},
		{"employment_costs", policy.KindCost, insight.LabourParticipation},
		{"bbl", policy.KindPerson, insight.LabourDevelopment},
		{"training", policy.KindCost, insight.LabourDevelopment},
		{"power_certificate", policy.KindCertificate, insight.SocialPurchase},
		{"agreed_activity", policy.KindAgreed, insight.SocialActivity},
		// Codes a catalog may add later fall to their kind's route.
		{"new_person_block", policy.KindPerson, insight.LabourParticipation},
		{"new_cost_block", policy.KindCost, insight.LabourDevelopment},
		{"new_money_block", policy.KindMoney, insight.SocialPurchase},
		{"new_hours_block", policy.KindHours, insight.SocialActivity},
	} {
		if got := insight.RouteOf(c.block, c.kind); got != c.want {
			t.Errorf("%s: %s, want %s", c.block, got, c.want)
		}
	}
}

// A scripted year in Utrecht: the council report, the dashboard and the
// to-do lists agree with what was done, figure by figure.
func TestAScriptedYear(t *testing.T) {
	w := newWorld(t)
	// EUR 500,000 at 5%: EUR 25,000 each. Utrecht's threshold (EUR 100,000)
	// leaves the small one without obligation.
	a := w.contract("utrecht", "U-A", "11111111", 50_000_000, "2026-01-05", "2026-12-31")
	b := w.contract("utrecht", "U-B", "22222222", 50_000_000, "2026-01-05", "2027-06-30")
	small := w.contract("utrecht", "U-S", "11111111", 5_000_000, "2026-01-05", "2026-12-31")
	w.contract("utrecht", "U-2030", "33333333", 50_000_000, "2030-01-01", "2030-12-31") // another year
	w.contract("den-haag", "H-1", "11111111", 50_000_000, "2026-01-05", "2026-12-31")
	if small.Obligation.Applies || !a.Obligation.Applies {
		t.Fatal("thresholds")
	}
	w.register(a)
	w.register(b)
	w.at("2026-04-02")
	w.report(a, "2026-Q1", hire(2, 36, 3, "permanent_contract"), training(100_000))
	w.decide(a, "2026-Q1", contract.Accepted)
	w.report(a, "2026-Q2", hire(3, 18, 3), purchase(250_000)) // not yet decided at first
	w.report(b, "2026-Q1", training(1_000_000))
	w.decide(b, "2026-Q1", contract.Rejected)

	w.at("2026-07-20")
	all := w.all()
	today := civil.Today(w.now)

	// To do, for the office: the Q2 report of A, the overdue plans (no plan
	// was ever submitted), registration of the 2030 and Den Haag contracts.
	officeTasks := insight.Tasks(all, auth.Municipality, today)
	if n := count(officeTasks, insight.TaskDecideReport); n != 1 {
		t.Errorf("decide_report: %d", n)
	}
	contractorTasks := insight.Tasks(forKvK(all, "22222222"), auth.Contractor, today)
	kinds := []string{}
	for _, tk := range contractorTasks {
		kinds = append(kinds, tk.Kind+" "+tk.Period)
	}
	// B: its plan (due 2026-02-16, overdue), Q1 rejected, Q2 due 31 July,
	// Q3 begun; soonest first.
	want := []string{"submit_plan ", "resubmit_report 2026-Q1", "submit_report 2026-Q2", "submit_report 2026-Q3"}
	if !slices.Equal(kinds, want) || !contractorTasks[0].Overdue || contractorTasks[2].Overdue {
		t.Errorf("contractor tasks %v", kinds)
	}

	dash := insight.Office(all, []string{"utrecht", "den-haag"}, 2026, today)
	u := dash[0]
	// A's Q1: 2 people full time for 3 months at EUR 40,000 a year plus
	// EUR 10,000 for a permanent contract (EUR 25,000), and EUR 1,000 of
	// training.
	if u.AcceptedCents != 2_600_000 || u.AwaitingDecisionCents != 1_750_000 {
		t.Errorf("utrecht: %+v", u.Money)
	}
	// The same figures another way: straight from the contracts.
	var ob, acc, rep int64
	n := 0
	for _, c := range all {
		if c.Municipality == "utrecht" && insight.InYear(&c, 2026) {
			n++
			ob += c.Obligation.ObligationCents
			r := c.Realisation()
			acc += r.AcceptedCents
			rep += r.AwaitingDecisionCents
		}
	}
	if u.Contracts != n || u.ObligationCents != ob || u.AcceptedCents != acc || u.AwaitingDecisionCents != rep || n != 3 || ob != 5_000_000 {
		t.Errorf("dashboard %+v, want %d contracts, %d obligation, %d accepted, %d reported", u.Money, n, ob, acc, rep)
	}
	if u.Waiting.Reports != 1 || u.ByStatus[contract.AwaitingPlan] != 2 || u.ByStatus[contract.NoObligation] != 1 {
		t.Errorf("waiting %+v, statuses %v", u.Waiting, u.ByStatus)
	}
	if len(u.Deadlines) != 2 || u.Deadlines[0].Kind != "report" || u.Deadlines[0].Due.String() != "2026-07-31" {
		t.Errorf("deadlines %+v", u.Deadlines)
	}
	// A is covered; B's whole obligation is open; the small one owes nothing.
	if len(u.TopShortfall) != 1 || u.TopShortfall[0].KvK != "22222222" || u.TopShortfall[0].RemainingCents != 2_500_000 {
		t.Errorf("top shortfall %+v", u.TopShortfall)
	}

	// Accept Q2, then the council report of 2026.
	w.decide(a, "2026-Q2", contract.Accepted)
	all = w.all()
	keys := insight.AcceptedReports(all, 2026)
	if len(keys) != 2 {
		t.Fatalf("accepted reports %+v", keys)
	}
	var reports []*contract.Report
	for _, k := range keys {
		r, err := w.repo.Report(w.ctx, k.ContractID, k.Period, k.Revision)
		if err != nil {
			t.Fatal(err)
		}
		reports = append(reports, r)
	}
	cr := insight.CouncilReport(all, reports, "utrecht", 2026, today)
	if cr.Contracts != 2 || cr.WithoutObligation != 1 || cr.ObligationCents != 5_000_000 {
		t.Fatalf("council: %+v", cr)
	}
	var routes int64
	for _, r := range insight.Routes {
		routes += cr.ByRoute[r]
	}
	realised := int64(0)
	for _, r := range reports {
		realised += r.Valuation.PlanValueCents
	}
	if cr.RealisedCents != realised || routes != realised || cr.InYearCents != realised || cr.ByRoute[insight.LabourDevelopment] != 100_000 ||
		cr.ByRoute[insight.SocialPurchase] != 250_000 {
		t.Errorf("council money: %+v", cr)
	}
	// People: 3 in Q2 (more than Q1's 2; the lines name no candidates, so
	// the most in one report counts, contract.Reach); durable: none (only
	// candidates can be followed for six months).
	if cr.People != 3 || cr.Durable != 0 {
		t.Errorf("reach: %d people, %d durable", cr.People, cr.Durable)
	}
	if cr.Rows[0].Reference != "U-A" || cr.Rows[0].RealisedCents != 4_350_000 || cr.Rows[0].CoverageBP != 17_400 || cr.CoverageBP != 8_700 {
		t.Errorf("rows %+v", cr.Rows)
	}
}

func count(ts []insight.Task, kind string) int {
	n := 0
	for _, t := range ts {
		if t.Kind == kind {
			n++
		}
	}
	return n
}

func forKvK(cs []contract.Contract, kvk string) []contract.Contract {
	var out []contract.Contract
	for _, c := range cs {
		if c.ContractorKvK == kvk {
			out = append(out, c)
		}
	}
	return out
}

// After the end: the final report is the contractor's task; the deadline
// check's flags are the office's (follow up, decide the fine), and a fine
// and a waiver decided in the year are the council's.
func TestFlagsFinesAndTheFinalReport(t *testing.T) {
	w := newWorld(t)
	a := w.contract("utrecht", "F-A", "11111111", 50_000_000, "2026-01-05", "2026-06-30")
	b := w.contract("utrecht", "F-B", "22222222", 30_000_000, "2026-01-05", "2026-06-30")
	w.register(a)
	w.at("2026-07-02")
	if ts := insight.Tasks(forKvK(w.all(), "11111111"), auth.Contractor, civil.Today(w.now)); ts[len(ts)-1].Kind != insight.TaskSubmitReport || ts[len(ts)-1].Period != "final" {
		t.Fatalf("final report: %+v", ts)
	}
	if _, err := w.svc.CheckDeadlines(w.ctx, time.Date(2026, 9, 1, 6, 0, 0, 0, civil.Amsterdam)); err != nil {
		t.Fatal(err)
	}
	w.at("2026-09-01")
	all := w.all()
	tasks := insight.Tasks(all, auth.Municipality, civil.Today(w.now))
	if n := count(tasks, insight.TaskDecideFine); n != 2 {
		t.Fatalf("decide_fine: %d in %+v", n, tasks)
	}
	var flags int
	for _, c := range all {
		flags += len(c.OpenFlags())
	}
	if count(tasks, insight.TaskFollowUp)+count(tasks, insight.TaskDecideFine) != flags {
		t.Errorf("a task per open flag: %d flags, %+v", flags, tasks)
	}
	for _, tk := range tasks {
		if tk.Kind == insight.TaskFollowUp && (!tk.Overdue || tk.FlagID == "") {
			t.Errorf("follow up: %+v", tk)
		}
	}
	dash := insight.Office(all, []string{"utrecht"}, 2026, civil.Today(w.now))
	if dash[0].Waiting.Fines != 2 || dash[0].OpenFlags[contract.ObligationShortfall] != 2 || dash[0].OpenFlags[contract.ReportOverdue] == 0 {
		t.Errorf("dashboard flags %+v %+v", dash[0].Waiting, dash[0].OpenFlags)
	}
	fa := a.ID + "." + contract.ObligationShortfall
	fb := b.ID + "." + contract.ObligationShortfall
	if _, _, err := w.svc.DecideFlag(w.ctx, w.mun, fa, contract.FlagDecisionInput{Decision: "fine", FineCents: ptr(int64(1_000_000)), Reason: "r"}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := w.svc.DecideFlag(w.ctx, w.mun, fb, contract.FlagDecisionInput{Decision: "waive", Reason: "r"}); err != nil {
		t.Fatal(err)
	}
	cr := insight.CouncilReport(w.all(), nil, "utrecht", 2026, civil.Today(w.now))
	if want := (insight.Fines{Imposed: 1, ImposedCents: 1_000_000, Waived: 1, WaivedCents: 1_500_000}); cr.Fines != want {
		t.Errorf("fines %+v", cr.Fines)
	}
	if cr2 := insight.CouncilReport(w.all(), nil, "utrecht", 2027, civil.Today(w.now)); cr2.Fines != (insight.Fines{}) || cr2.Contracts != 0 {
		t.Errorf("2027: %+v", cr2)
	}
}
