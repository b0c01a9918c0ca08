package contract_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/srmonitor/srmonitor/shared/auth"
	"github.com/srmonitor/srmonitor/shared/check"
	"github.com/srmonitor/srmonitor/shared/civil"
	"github.com/srmonitor/srmonitor/shared/contract"
	"github.com/srmonitor/srmonitor/shared/memstore"
	"github.com/srmonitor/srmonitor/shared/policy"
	"github.com/srmonitor/srmonitor/shared/valuation"
)

// The lifecycle rules on the in-memory repository: no emulator, each test
// a few milliseconds. The DynamoDB adapter passes the same repository
// suite (shared/store/storetest); the HTTP layer is tested end to end in
// infra/devserver.

func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, civil.Amsterdam)
	if err != nil {
		panic(err)
	}
	return t
}

type fixture struct {
	t     *testing.T
	ctx   context.Context
	svc   *contract.Service
	repo  *memstore.Contracts
	now   time.Time
	mu    sync.Mutex
	mun   auth.Principal
	con   auth.Principal
	other auth.Principal
	ev    evidenceStub
}

// evidenceStub is the evidence a contract has, by id and status.
type evidenceStub map[string]string

func (e evidenceStub) Statuses(_ context.Context, _ string, ids []string) (map[string]string, error) {
	out := map[string]string{}
	for _, id := range ids {
		if st, ok := e[id]; ok {
			out[id] = st
		}
	}
	return out, nil
}

func newFixture(t *testing.T, mun string) *fixture {
	f := &fixture{t: t, ctx: context.Background(), repo: memstore.NewContracts(), now: at("2026-03-02 10:00"), ev: evidenceStub{}}
	f.svc = &contract.Service{Repo: f.repo, Policies: policy.Default(), Evidence: f.ev, Now: f.clock}
	f.mun = auth.Principal{Subject: "office-1", Role: auth.Municipality, Orgs: []string{mun}}
	f.con = auth.Principal{Subject: "hr-1", Role: auth.Contractor, Orgs: []string{"12345678"}}
	f.other = auth.Principal{Subject: "hr-2", Role: auth.Contractor, Orgs: []string{"87654321"}}
	return f
}

func (f *fixture) clock() time.Time { f.mu.Lock(); defer f.mu.Unlock(); return f.now }
func (f *fixture) set(s string)     { f.mu.Lock(); f.now = at(s); f.mu.Unlock() }

func ptr[T any](v T) *T { return &v }

func input(mun, ref string) contract.CreateInput {
	return contract.CreateInput{Municipality: mun, Reference: ref, Title: "Cleaning of city offices", ContractorKvK: "12345678",
		ContractorName: "Schoon BV", ValueCents: ptr(int64(50_000_000)), AwardedOn: ptr(civil.MustParse("2026-03-02")),
		StartsOn: ptr(civil.MustParse("2026-04-01")), EndsOn: ptr(civil.MustParse("2027-03-31"))}
}

func (f *fixture) create(in contract.CreateInput) *contract.Contract {
	f.t.Helper()
	c, err := f.svc.Create(f.ctx, f.mun, in)
	if err != nil {
		f.t.Fatal(err)
	}
	return c
}

func (f *fixture) must(c *contract.Contract, err error) *contract.Contract {
	f.t.Helper()
	if err != nil {
		f.t.Fatal(err)
	}
	return c
}

func problems(t *testing.T, err error) map[string]string {
	t.Helper()
	var p check.Problems
	if !errors.As(err, &p) {
		t.Fatalf("want validation problems, got %v", err)
	}
	out := map[string]string{}
	for _, q := range p {
		out[q.Field] = q.Problem
	}
	return out
}

func isConflict(err error) bool {
	var c *contract.ConflictError
	return errors.As(err, &c)
}

func register(f *fixture, id string) *contract.Contract {
	return f.must(f.svc.Register(f.ctx, f.con, id, nil, contract.RegisterInput{ContactName: "A. de Vries", ContactEmail: "sr@schoon.nl"}))
}

func training(cents int64) []valuation.Item {
	return []valuation.Item{{Block: "training", AmountCents: &cents}}
}

// Amsterdam Leidraad (2023): 5% of the contract value, PSO level 2 takes
// 25% off; register within 7 days; plan approval within 6 weeks,
// extendable in writing to 12.
func TestCreateAmsterdam(t *testing.T) {
	f := newFixture(t, "amsterdam")
	in := input("amsterdam", "AMS-2026-001")
	in.PSOLevel = 2
	c := f.create(in)
	if c.Obligation.ObligationCents != 1_875_000 || c.Obligation.PSODiscountBP != 2500 || c.Status != contract.AwaitingRegistration {
		t.Fatalf("obligation %+v, status %s", c.Obligation, c.Status)
	}
	d := c.Deadlines
	if d.RegistrationDue.String() != "2026-03-09" || d.PlanDue.String() != "2026-04-13" || d.PlanDueMax.String() != "2026-05-25" {
		t.Fatalf("deadlines %+v", d)
	}
	if next := c.NextReportDue(); next == nil || next.String() != "2026-07-31" {
		t.Fatalf("next report due %v", next)
	}
	if _, err := f.svc.Create(f.ctx, f.mun, in); !errors.Is(err, contract.ErrDuplicate) {
		t.Fatalf("same reference again: %v", err)
	}
}

// Hardening: every problem at once; text that is not text, dates no
// contract has, and "the same" reference in disguise.
func TestCreateRefusesWhatNoContractHas(t *testing.T) {
	f := newFixture(t, "utrecht")
	in := contract.CreateInput{Municipality: "amsterdam", Reference: "REF\u200b", Title: "a\u202eb", ContractorKvK: "1234",
		ContractorName: "", ValueCents: nil, AwardedOn: ptr(civil.MustParse("1999-12-31")), StartsOn: ptr(civil.MustParse("2026-04-01")),
		EndsOn: ptr(civil.MustParse("2126-04-01")), Reporting: "monthly"}
	p := problems(t, func() error { _, err := f.svc.Create(f.ctx, f.mun, in); return err }())
	for _, field := range []string{"municipality", "reference", "title", "contractor_kvk", "contractor_name", "value_cents", "awarded_on", "starts_on", "ends_on", "reporting"} {
		if p[field] == "" {
			t.Errorf("no problem for %s: %v", field, p)
		}
	}
	far := input("utrecht", "FAR")
	far.AwardedOn, far.StartsOn, far.EndsOn = ptr(civil.MustParse("2028-01-01")), ptr(civil.MustParse("2028-01-01")), ptr(civil.MustParse("2029-01-01"))
	if p := problems(t, func() error { _, err := f.svc.Create(f.ctx, f.mun, far); return err }()); !strings.Contains(p["awarded_on"], "2027-03-02") {
		t.Errorf("an award more than a year ahead: %v", p)
	}
	long := input("utrecht", "LONG")
	long.EndsOn = ptr(civil.MustParse("2046-04-01")) // 20 years and a day
	if p := problems(t, func() error { _, err := f.svc.Create(f.ctx, f.mun, long); return err }()); !strings.Contains(p["ends_on"], "2046-03-31") {
		t.Errorf("a contract longer than 20 years: %v", p)
	}
	long.EndsOn = ptr(civil.MustParse("2046-03-31"))
	f.create(long)

	f.create(input("utrecht", "Café-1"))
	for _, ref := range []string{"CAFE\u0301-1", "ｃａｆé-1", "  café-1  "} {
		if _, err := f.svc.Create(f.ctx, f.mun, input("utrecht", ref)); !errors.Is(err, contract.ErrDuplicate) {
			t.Errorf("reference %q: %v, want a duplicate", ref, err)
		}
	}
}

func TestRegistrationAndPlan(t *testing.T) {
	f := newFixture(t, "amsterdam")
	c := f.create(input("amsterdam", "A-1"))
	if _, err := f.svc.SubmitPlan(f.ctx, f.con, c.ID, nil, contract.PlanInput{Items: training(1)}); !isConflict(err) {
		t.Fatalf("a plan before registration: %v", err)
	}
	if _, err := f.svc.Register(f.ctx, f.other, c.ID, nil, contract.RegisterInput{ContactName: "x", ContactEmail: "x@y.nl"}); !errors.Is(err, contract.ErrNotFound) {
		t.Fatalf("another contractor: %v", err)
	}
	p := problems(t, func() error {
		_, err := f.svc.Register(f.ctx, f.con, c.ID, nil, contract.RegisterInput{ContactName: "A\x00", ContactEmail: "not an address", Phone: "12"})
		return err
	}())
	if len(p) != 3 {
		t.Fatalf("every problem at once: %v", p)
	}
	// 23:30 on the due date is in time; the day after is late.
	f.set("2026-03-09 23:30")
	c = register(f, c.ID)
	if c.Registration.Late || c.Status != contract.AwaitingPlan {
		t.Fatalf("registration %+v", c.Registration)
	}
	if _, err := f.svc.Register(f.ctx, f.con, c.ID, nil, contract.RegisterInput{ContactName: "x", ContactEmail: "x@y.nl"}); !isConflict(err) {
		t.Fatalf("registering twice: %v", err)
	}

	c = f.must(f.svc.SubmitPlan(f.ctx, f.con, c.ID, nil, contract.PlanInput{Items: training(1_000_000), Note: "first draft"}))
	if c.Plan.Revision != 1 || c.Plan.ValueCents != 1_000_000 || c.Status != contract.PlanSubmitted {
		t.Fatalf("plan %+v", c.Plan)
	}
	c = f.must(f.svc.DecidePlan(f.ctx, f.mun, c.ID, nil, contract.DecisionInput{Decision: contract.Rejected, Note: "too little"}))
	if c.Status != contract.PlanRejected {
		t.Fatalf("status %s", c.Status)
	}
	if _, err := f.svc.DecidePlan(f.ctx, f.mun, c.ID, nil, contract.DecisionInput{Decision: contract.Approved}); !isConflict(err) {
		t.Fatalf("deciding a rejected plan: %v", err)
	}
	c = f.must(f.svc.SubmitPlan(f.ctx, f.con, c.ID, nil, contract.PlanInput{Items: training(2_000_000)}))
	stale := c.Version - 1
	if _, err := f.svc.DecidePlan(f.ctx, f.mun, c.ID, &stale, contract.DecisionInput{Decision: contract.Approved}); !errors.Is(err, contract.ErrStale) {
		t.Fatalf("stale If-Match: %v", err)
	}
	c = f.must(f.svc.DecidePlan(f.ctx, f.mun, c.ID, &c.Version, contract.DecisionInput{Decision: contract.Approved, Note: "good"}))
	if c.Status != contract.PlanApproved || c.Plan.Revision != 2 || c.Plan.Verdict.Decision != contract.Approved {
		t.Fatalf("approval %+v", c.Plan)
	}
	// After approval the contractor may propose an amendment (DOMAIN.md,
	// "things change": a candidate drops out, new agreements are
	// recorded); the approved plan stays in force until the office
	// approves the amendment.
	c = f.must(f.svc.SubmitPlan(f.ctx, f.con, c.ID, nil, contract.PlanInput{Items: training(1_500_000), Note: "a candidate dropped out"}))
	if c.Status != contract.PlanApproved || c.Plan.Revision != 3 || c.Plan.Status != contract.Submitted ||
		c.ApprovedPlan.Revision != 2 || c.ApprovedPlan.ValueCents != 2_000_000 {
		t.Fatalf("amendment proposed: %s %+v %+v", c.Status, c.Plan, c.ApprovedPlan)
	}
	if len(c.OpenFlags()) != 0 || len(c.Overdue(f.clock())) != 0 {
		t.Fatalf("an amendment awaiting a decision leaves the plan deadline met: %+v", c.OpenFlags())
	}
	c = f.must(f.svc.DecidePlan(f.ctx, f.mun, c.ID, nil, contract.DecisionInput{Decision: contract.Rejected, Note: "keep the candidate"}))
	if c.Status != contract.PlanApproved || c.ApprovedPlan.Revision != 2 || c.Plan.Status != contract.Rejected {
		t.Fatalf("amendment rejected: the approved plan stays: %+v", c.ApprovedPlan)
	}
	if _, err := f.svc.DecidePlan(f.ctx, f.mun, c.ID, nil, contract.DecisionInput{Decision: contract.Approved}); !isConflict(err) {
		t.Fatalf("deciding twice: %v", err)
	}
	c = f.must(f.svc.SubmitPlan(f.ctx, f.con, c.ID, nil, contract.PlanInput{Items: training(1_500_000)}))
	c = f.must(f.svc.DecidePlan(f.ctx, f.mun, c.ID, nil, contract.DecisionInput{Decision: contract.Approved}))
	if c.ApprovedPlan.Revision != 4 || c.ApprovedPlan.ValueCents != 1_500_000 {
		t.Fatalf("amendment approved: %+v", c.ApprovedPlan)
	}
	first, err := f.svc.GetPlan(f.ctx, f.mun, c.ID, 1)
	if err != nil || first.Status() != contract.Rejected || first.Decision.Note != "too little" || first.Note != "first draft" {
		t.Fatalf("revision 1: %+v %v", first, err)
	}
	if _, err := f.svc.GetPlan(f.ctx, f.other, c.ID, 0); !errors.Is(err, contract.ErrNotFound) {
		t.Fatalf("another contractor reads the plan: %v", err)
	}
}

// WSP regio Amersfoort (2023): plan approval within 6 weeks, extendable in
// writing to at most 12.
func TestPlanExtension(t *testing.T) {
	f := newFixture(t, "amersfoort")
	c := f.create(input("amersfoort", "AF-1"))
	reason := "letter of 2026-04-10"
	p := problems(t, func() error {
		_, err := f.svc.ExtendPlan(f.ctx, f.mun, c.ID, nil, contract.ExtensionInput{Until: ptr(civil.MustParse("2026-05-20"))})
		return err
	}())
	if p["reason"] != "required" {
		t.Fatalf("an extension is in writing: %v", p)
	}
	p = problems(t, func() error {
		_, err := f.svc.ExtendPlan(f.ctx, f.mun, c.ID, nil, contract.ExtensionInput{Until: ptr(civil.MustParse("2026-05-26")), Reason: reason})
		return err
	}())
	if !strings.Contains(p["until"], "2026-05-25") {
		t.Fatalf("beyond 12 weeks: %v", p)
	}
	c = f.must(f.svc.ExtendPlan(f.ctx, f.mun, c.ID, nil, contract.ExtensionInput{Until: ptr(civil.MustParse("2026-05-01")), Reason: reason}))
	if c.Deadlines.PlanDueNow().String() != "2026-05-01" || c.Deadlines.PlanExtensionNote != reason {
		t.Fatalf("deadlines %+v", c.Deadlines)
	}
}

// Amsterdam Leidraad (2023), step 4: quarterly reports with evidence; the
// office accepts them, and accepted values fill the obligation.
func TestReports(t *testing.T) {
	f := newFixture(t, "amsterdam")
	c := f.create(input("amsterdam", "R-1"))
	id := c.ID
	f.set("2026-04-15 09:00")
	if _, err := f.svc.SubmitReport(f.ctx, f.con, id, "2026-Q2", nil, contract.ReportInput{Items: training(1)}); !isConflict(err) {
		t.Fatalf("a report before registration: %v", err)
	}
	register(f, id)
	for period, want := range map[string]string{"2026-Q3": "starts on 2026-07-01", "2026-H1": "half-year", "2027-Q3": "outside the contract"} {
		p := problems(t, func() error {
			_, err := f.svc.SubmitReport(f.ctx, f.con, id, period, nil, contract.ReportInput{Items: training(1)})
			return err
		}())
		if !strings.Contains(p["period"], want) {
			t.Errorf("%s: %v", period, p)
		}
	}
	ev1, ev2 := id+".e_00000000000000000001", id+".e_00000000000000000002"
	f.ev[ev1], f.ev[ev2] = "verified", "awaiting_upload"
	p := problems(t, func() error {
		_, err := f.svc.SubmitReport(f.ctx, f.con, id, "2026-Q2", nil, contract.ReportInput{Items: training(1), EvidenceIDs: []string{ev1, ev1, "x"}})
		return err
	}())
	if !strings.Contains(p["evidence_ids[1]"], "cited twice") {
		t.Fatalf("one piece of evidence cited twice: %v", p)
	}
	p = problems(t, func() error {
		_, err := f.svc.SubmitReport(f.ctx, f.con, id, "2026-Q2", nil, contract.ReportInput{Items: training(1), EvidenceIDs: []string{ev1, "x"}})
		return err
	}())
	if !strings.Contains(p["evidence_ids[1]"], "no evidence") {
		t.Fatalf("unknown evidence: %v", p)
	}
	c = f.must(f.svc.SubmitReport(f.ctx, f.con, id, "2026-Q2", nil, contract.ReportInput{Items: training(500_000), EvidenceIDs: []string{ev1, ev2}}))
	if r := c.ReportSummaryFor("2026-Q2"); r == nil || r.Status != contract.Submitted || r.ValueCents != 500_000 || r.EvidenceCount != 2 {
		t.Fatalf("report summary %+v", r)
	}
	if re := c.Realisation(); re.AwaitingDecisionCents != 500_000 || re.AcceptedCents != 0 {
		t.Fatalf("realisation %+v", re)
	}
	// Only verified evidence can back an accepted report.
	p = problems(t, func() error {
		_, err := f.svc.DecideReport(f.ctx, f.mun, id, "2026-Q2", nil, contract.ReportDecisionInput{Decision: contract.Accepted})
		return err
	}())
	if !strings.Contains(p["evidence_ids[1]"], "awaiting_upload") {
		t.Fatalf("unverified evidence: %v", p)
	}
	c = f.must(f.svc.DecideReport(f.ctx, f.mun, id, "2026-Q2", nil, contract.ReportDecisionInput{Decision: contract.Rejected, Note: "payslip missing"}))
	c = f.must(f.svc.SubmitReport(f.ctx, f.con, id, "2026-Q2", nil, contract.ReportInput{Items: training(600_000), ItemEvidence: [][]string{{ev1}}}))
	c = f.must(f.svc.DecideReport(f.ctx, f.mun, id, "2026-Q2", nil, contract.ReportDecisionInput{Decision: contract.Accepted}))
	if r := c.ReportSummaryFor("2026-Q2"); r.Revision != 2 || r.Status != contract.Accepted {
		t.Fatalf("report %+v", r)
	}
	if re := c.Realisation(); re.AcceptedCents != 600_000 || re.RemainingCents != 2_500_000-600_000 || re.CoverageBP != 2400 {
		t.Fatalf("realisation %+v", re)
	}
	if _, err := f.svc.SubmitReport(f.ctx, f.con, id, "2026-Q2", nil, contract.ReportInput{Items: training(1)}); !isConflict(err) {
		t.Fatalf("changing an accepted report: %v", err)
	}
	first, _, err := f.svc.GetReport(f.ctx, f.mun, id, "2026-Q2", 1)
	if err != nil || first.Status() != contract.Rejected || first.Decision.Note != "payslip missing" {
		t.Fatalf("revision 1 keeps its rejection: %+v %v", first, err)
	}
	if _, _, err := f.svc.GetReport(f.ctx, f.mun, id, "2026-Q3", 0); !errors.Is(err, contract.ErrReportNotFound) {
		t.Fatalf("a period without a report: %v", err)
	}
}

// Twenty parallel plan submissions on one contract all land: every one a
// revision, none lost, each re-applied on the version it lost to.
func TestConcurrentWritesAllLand(t *testing.T) {
	f := newFixture(t, "utrecht")
	c := f.create(input("utrecht", "C-1"))
	register(f, c.ID)
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			if _, err := f.svc.SubmitPlan(f.ctx, f.con, c.ID, nil, contract.PlanInput{Items: training(int64(i + 1))}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	got, err := f.svc.Get(f.ctx, f.mun, c.ID)
	if err != nil || got.Plan.Revision != 20 || got.Version != 22 {
		t.Fatalf("after 20 submissions: %+v %v", got.Plan, err)
	}
}

// staleRepo loses every race.
type staleRepo struct{ contract.Repository }

func (staleRepo) Save(context.Context, *contract.Contract, int64, contract.Write) error {
	return contract.ErrStale
}

// The retry on a lost race obeys the caller's deadline.
func TestRetryStopsAtTheDeadline(t *testing.T) {
	f := newFixture(t, "utrecht")
	c := f.create(input("utrecht", "S-1"))
	f.svc.Repo = staleRepo{f.repo}
	ctx, cancel := context.WithCancel(f.ctx)
	cancel()
	_, err := f.svc.Register(ctx, f.con, c.ID, nil, contract.RegisterInput{ContactName: "x", ContactEmail: "x@y.nl"})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("a cancelled request kept retrying: %v", err)
	}
	if _, err := f.svc.Register(f.ctx, f.con, c.ID, nil, contract.RegisterInput{ContactName: "x", ContactEmail: "x@y.nl"}); !errors.Is(err, contract.ErrStale) {
		t.Fatalf("retries are bounded: %v", err)
	}
}

func TestListAcrossMunicipalities(t *testing.T) {
	f := newFixture(t, "amersfoort")
	f.mun.Orgs = []string{"amersfoort", "soest", "baarn"}
	for i, m := range []string{"amersfoort", "soest", "baarn", "soest", "amersfoort"} {
		f.set(fmt.Sprintf("2026-03-02 10:%02d", i))
		f.create(input(m, fmt.Sprintf("L-%d", i)))
	}
	var refs []string
	cur := ""
	for {
		page, next, err := f.svc.List(f.ctx, f.mun, contract.Query{Limit: 2, Cursor: cur})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range page {
			refs = append(refs, c.Reference)
		}
		if next == "" {
			break
		}
		cur = next
	}
	if fmt.Sprint(refs) != "[L-4 L-0 L-2 L-3 L-1]" {
		t.Fatalf("by municipality, newest first: %v", refs)
	}
	mine, _, err := f.svc.List(f.ctx, f.con, contract.Query{Limit: 50})
	if err != nil || len(mine) != 5 {
		t.Fatalf("the contractor's contracts across municipalities: %d %v", len(mine), err)
	}
	if theirs, _, _ := f.svc.List(f.ctx, f.other, contract.Query{Limit: 50}); len(theirs) != 0 {
		t.Fatalf("another contractor sees %d", len(theirs))
	}
}
