// Package storetest is the one test suite every implementation of the
// domain's repository ports must pass: the DynamoDB adapters on moto
// (shared/store) and the in-memory ones (shared/memstore). What the domain
// relies on (conditional writes, unique references, cursors that reach only
// the caller's data, the deadline index) is written down here once.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/srmonitor/srmonitor/shared/civil"
	"github.com/srmonitor/srmonitor/shared/contract"
	"github.com/srmonitor/srmonitor/shared/cursor"
	"github.com/srmonitor/srmonitor/shared/schedule"
	"github.com/srmonitor/srmonitor/shared/valuation"
)

// T0 is the creation time of the suite's contracts.
var T0 = time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)

// Sample is a contract as the service creates it, awarded 2026-03-02.
func Sample(id, mun, ref, kvk string, created time.Time) *contract.Contract {
	awarded := civil.MustParse("2026-03-02")
	threshold := int64(10_000_000)
	return &contract.Contract{
		ID: id, Municipality: mun, Reference: ref, Title: "Cleaning", ContractorKvK: kvk, ContractorName: "Schoon BV",
		ValueCents: 50_000_000, PercentageBP: 500, AwardedOn: awarded, StartsOn: civil.MustParse("2026-04-01"),
		EndsOn: civil.MustParse("2027-03-31"), Reporting: schedule.Quarterly, Status: contract.AwaitingRegistration,
		Obligation: valuation.Result{Municipality: mun, CatalogVersion: "utrecht-2019", On: awarded, Applies: true,
			ThresholdCents: &threshold, ContractValueCents: 50_000_000, PercentageBP: 500, GrossObligationCents: 2_500_000,
			ObligationCents: 2_500_000, CoverageBP: 0, ShortfallCents: 2_500_000, Lines: []valuation.Line{}},
		Deadlines: contract.Deadlines{Deadlines: schedule.ContractDeadlines(awarded, 7, 42, 84)},
		CreatedAt: created, UpdatedAt: created, Version: 1,
	}
}

// Event is the event of c's current version.
func Event(c *contract.Contract, action string) contract.Event {
	return contract.Event{ContractID: c.ID, Seq: c.Version, At: c.UpdatedAt, Actor: "u", Role: "municipality", Action: action,
		Data: map[string]any{"note": "n", "count": float64(c.Version)}}
}

func write(c *contract.Contract, action string) contract.Write {
	return contract.Write{Event: Event(c, action)}
}

func same(t *testing.T, what string, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s:\n got %+v\nwant %+v", what, got, want)
	}
}

// Contracts runs the suite on repositories made by newRepo, a fresh, empty
// one per call.
func Contracts(t *testing.T, newRepo func(t *testing.T) contract.Repository) {
	ctx := context.Background()

	t.Run("create, get, references unique per municipality", func(t *testing.T) {
		r := newRepo(t)
		c := Sample("c_1", "utrecht", "REF-Één", "12345678", T0)
		if err := r.Create(ctx, c, write(c, "contract_created")); err != nil {
			t.Fatal(err)
		}
		got, err := r.Get(ctx, "c_1")
		if err != nil {
			t.Fatal(err)
		}
		same(t, "read back", got, c)
		// The same reference in another case, or another normalisation
		// form (E + combining acute), is the same reference.
		for i, ref := range []string{"ref-één", "REF-E\u0301E\u0301n"} {
			dup := Sample(fmt.Sprintf("c_dup%d", i), "utrecht", ref, "87654321", T0)
			if err := r.Create(ctx, dup, write(dup, "contract_created")); !errors.Is(err, contract.ErrDuplicate) {
				t.Fatalf("reference %q: %v, want ErrDuplicate", ref, err)
			}
			if _, err := r.Get(ctx, dup.ID); !errors.Is(err, contract.ErrNotFound) {
				t.Fatalf("the refused duplicate was stored: %v", err)
			}
		}
		other := Sample("c_3", "amsterdam", "REF-Één", "12345678", T0)
		if err := r.Create(ctx, other, write(other, "contract_created")); err != nil {
			t.Fatalf("same reference in another municipality: %v", err)
		}
		if _, err := r.Get(ctx, "c_nope"); !errors.Is(err, contract.ErrNotFound) {
			t.Fatalf("missing: %v", err)
		}
	})

	t.Run("a race of creations of one reference leaves one", func(t *testing.T) {
		r := newRepo(t)
		var wg sync.WaitGroup
		errs := make(chan error, 10)
		for i := range 10 {
			wg.Go(func() {
				c := Sample(fmt.Sprintf("c_race%d", i), "utrecht", "SAME", "12345678", T0)
				errs <- r.Create(ctx, c, write(c, "contract_created"))
			})
		}
		wg.Wait()
		close(errs)
		ok := 0
		for err := range errs {
			switch {
			case err == nil:
				ok++
			case !errors.Is(err, contract.ErrDuplicate):
				t.Errorf("unexpected error %v", err)
			}
		}
		items, _, err := r.List(ctx, contract.Query{Municipality: "utrecht", Limit: 50})
		if ok != 1 || err != nil || len(items) != 1 {
			t.Fatalf("%d creations succeeded, %d listed (%v); want exactly one", ok, len(items), err)
		}
	})

	t.Run("save is conditional and writes its event and revisions", func(t *testing.T) {
		r := newRepo(t)
		c := Sample("c_1", "utrecht", "R", "12345678", T0)
		if err := r.Create(ctx, c, write(c, "contract_created")); err != nil {
			t.Fatal(err)
		}
		c.Status, c.Version = contract.PlanSubmitted, 2
		hours, months, persons := valuation.Decimal(1850), valuation.Decimal(600), int64(2)
		plan := &contract.PlanRevision{ContractID: c.ID, Revision: 1, SubmittedAt: T0, SubmittedBy: "k", Note: "first",
			Items: []valuation.Item{{Block: "bbl", Persons: &persons, HoursPerWeek: &hours, Months: &months, Bonuses: []string{"age_50_plus"}, Description: "two apprentices"}},
			Valuation: valuation.Result{Municipality: "utrecht", CatalogVersion: "utrecht-2019", On: c.AwardedOn, Applies: true,
				ContractValueCents: 1, PlanValueCents: 5, Lines: []valuation.Line{{Index: 0, Block: "bbl", Kind: "person", ValueCents: 5, Explanation: "x"}}}}
		c.Plan = &contract.PlanSummary{Revision: 1, Status: contract.Submitted, SubmittedAt: T0, SubmittedBy: "k", ValueCents: 5, CatalogVersion: "utrecht-2019"}
		if err := r.Save(ctx, c, 1, contract.Write{Event: Event(c, "plan_submitted"), Plan: plan}); err != nil {
			t.Fatal(err)
		}
		stale := *c
		stale.Version = 2
		if err := r.Save(ctx, &stale, 1, write(&stale, "plan_submitted")); !errors.Is(err, contract.ErrStale) {
			t.Fatalf("save from version 1 after version 2: %v, want ErrStale", err)
		}
		got, err := r.Get(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		same(t, "contract", got, c)
		gotPlan, err := r.Plan(ctx, c.ID, 1)
		if err != nil {
			t.Fatal(err)
		}
		same(t, "plan revision", gotPlan, plan)
		if _, err := r.Plan(ctx, c.ID, 2); !errors.Is(err, contract.ErrPlanNotFound) {
			t.Fatalf("missing plan: %v", err)
		}

		per := schedule.Period{Key: "2026-Q2", Start: c.StartsOn, End: civil.MustParse("2026-06-30"), Due: civil.MustParse("2026-07-31")}
		counted := valuation.Decimal(300)
		rep := &contract.Report{ContractID: c.ID, Period: per, Revision: 1, SubmittedAt: T0, SubmittedBy: "k",
			Items: []valuation.Item{
				{Block: "bbl", HoursPerWeek: &hours, Months: &months, Candidate: "K-1"},
				{Block: "bbl", Persons: &persons, HoursPerWeek: &hours, Months: &months},
			},
			ItemEvidence: [][]string{{"c_1.e_00000000000000000002"}, nil},
			EvidenceIDs:  []string{"c_1.e_00000000000000000001"},
			Valuation: valuation.Result{Lines: []valuation.Line{
				{Index: 0, Block: "bbl", Kind: "person", ValueCents: 3, Explanation: "x", CountedMonths: &counted},
				{Index: 1, Block: "bbl", Kind: "person", ValueCents: 6, Explanation: "y"},
			}},
			Decision: &contract.Decision{Verdict: contract.Verdict{Decision: contract.Accepted, DecidedAt: T0, DecidedBy: "m"}, Note: "ok"}}
		c.Version = 3
		c.Reports = []contract.ReportSummary{{Period: per, Revision: 1, Status: contract.Accepted, SubmittedAt: T0, SubmittedBy: "k",
			EvidenceCount: 2, Candidates: 1, Verdict: &rep.Decision.Verdict}}
		approved := *c.Plan
		approved.Status = contract.Approved
		c.ApprovedPlan, c.Reach = &approved, contract.Reach{PeopleReached: 3, DurableJobs: 1}
		c.Cancellation = &contract.Cancellation{At: T0, By: "m", Reason: "annulled"}
		if err := r.Save(ctx, c, 2, contract.Write{Event: Event(c, "report_accepted"), Report: rep}); err != nil {
			t.Fatal(err)
		}
		gotRep, err := r.Report(ctx, c.ID, "2026-Q2", 1)
		if err != nil {
			t.Fatal(err)
		}
		same(t, "report", gotRep, rep)
		if _, err := r.Report(ctx, c.ID, "2026-Q3", 1); !errors.Is(err, contract.ErrReportNotFound) {
			t.Fatalf("missing report: %v", err)
		}
		batch, err := r.Reports(ctx, []contract.ReportRef{{ContractID: c.ID, Period: "2026-Q2", Revision: 1}})
		if err != nil || len(batch) != 1 {
			t.Fatalf("reports: %v %v", batch, err)
		}
		same(t, "report read in a batch", batch[0], rep)
		if _, err := r.Reports(ctx, []contract.ReportRef{{ContractID: c.ID, Period: "2026-Q2", Revision: 1}, {ContractID: c.ID, Period: "2026-Q3", Revision: 1}}); !errors.Is(err, contract.ErrReportNotFound) {
			t.Fatalf("a batch with a missing report: %v", err)
		}
		if none, err := r.Reports(ctx, nil); err != nil || len(none) != 0 {
			t.Fatalf("an empty batch: %v %v", none, err)
		}
		same(t, "contract with its approved plan, reach and cancellation", func() *contract.Contract { got, _ := r.Get(ctx, c.ID); return got }(), c)
		events, _, err := r.History(ctx, c.ID, 50, "")
		if err != nil || len(events) != 3 || events[0].Action != "contract_created" || events[2].Action != "report_accepted" {
			t.Fatalf("history: %+v %v", events, err)
		}
		same(t, "event", events[1], Event(&contract.Contract{ID: c.ID, Version: 2, UpdatedAt: T0}, "plan_submitted"))
	})

	t.Run("lists page newest first within the caller's organisation", func(t *testing.T) {
		r := newRepo(t)
		for i := range 7 {
			mun := "utrecht"
			if i%2 == 1 {
				mun = "amsterdam"
			}
			c := Sample(fmt.Sprintf("c_%d", i), mun, fmt.Sprintf("R%d", i), "12345678", T0.Add(time.Duration(i)*time.Minute))
			if i == 6 {
				c.Status = contract.PlanApproved
			}
			if i == 4 {
				c.Flags = []contract.Flag{{ID: "c_4.registration_overdue", ContractID: "c_4", Kind: contract.RegistrationOverdue,
					Due: c.Deadlines.RegistrationDue, RaisedAt: T0, Status: contract.FlagOpen}}
			}
			if err := r.Create(ctx, c, write(c, "contract_created")); err != nil {
				t.Fatal(err)
			}
		}
		var ids []string
		cur := ""
		for {
			page, next, err := r.List(ctx, contract.Query{Municipality: "utrecht", Limit: 3, Cursor: cur})
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range page {
				ids = append(ids, c.ID)
			}
			if next == "" {
				break
			}
			cur = next
		}
		if fmt.Sprint(ids) != "[c_6 c_4 c_2 c_0]" {
			t.Fatalf("utrecht newest first: %v", ids)
		}
		byKvK, _, err := r.List(ctx, contract.Query{KvK: "12345678", Limit: 50})
		if err != nil || len(byKvK) != 7 {
			t.Fatalf("by KvK: %d %v", len(byKvK), err)
		}
		approved, _, err := r.List(ctx, contract.Query{Municipality: "utrecht", Status: contract.PlanApproved, Limit: 1})
		if err != nil || len(approved) != 1 || approved[0].ID != "c_6" {
			t.Fatalf("status filter: %+v %v", approved, err)
		}
		for _, q := range []contract.Query{{Municipality: "utrecht", Flagged: true, Limit: 5}, {Municipality: "utrecht", WithFlags: true, Limit: 5}} {
			flagged, _, err := r.List(ctx, q)
			if err != nil || len(flagged) != 1 || flagged[0].ID != "c_4" {
				t.Fatalf("flag filter %+v: %+v %v", q, flagged, err)
			}
		}
		// A cursor of utrecht's list is useless for amsterdam's, or edited.
		_, next, _ := r.List(ctx, contract.Query{Municipality: "utrecht", Limit: 1})
		for name, bad := range map[string]string{
			"other partition": next,
			"garbage":         "!!!",
			"not json":        "eA",
			"edited":          cursor.Encode(map[string]string{"pk": "C#c_1", "i": "x"}),
		} {
			if _, _, err := r.List(ctx, contract.Query{Municipality: "amsterdam", Limit: 1, Cursor: bad}); !errors.Is(err, cursor.ErrInvalid) {
				t.Errorf("%s cursor: %v, want cursor.ErrInvalid", name, err)
			}
		}
	})

	t.Run("history pages oldest first", func(t *testing.T) {
		r := newRepo(t)
		c := Sample("c_1", "utrecht", "R", "12345678", T0)
		if err := r.Create(ctx, c, write(c, "contract_created")); err != nil {
			t.Fatal(err)
		}
		for v := int64(2); v <= 5; v++ {
			c.Version = v
			if err := r.Save(ctx, c, v-1, write(c, fmt.Sprintf("step_%d", v))); err != nil {
				t.Fatal(err)
			}
		}
		var actions []string
		cur := ""
		for {
			events, next, err := r.History(ctx, c.ID, 2, cur)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range events {
				actions = append(actions, e.Action)
			}
			if next == "" {
				break
			}
			cur = next
		}
		if fmt.Sprint(actions) != "[contract_created step_2 step_3 step_4 step_5]" {
			t.Fatalf("history: %v", actions)
		}
		if _, _, err := r.History(ctx, c.ID, 5, "zzz"); !errors.Is(err, cursor.ErrInvalid) {
			t.Errorf("history cursor: %v", err)
		}
	})

	t.Run("the deadline index holds what is due and unflagged", func(t *testing.T) {
		r := newRepo(t)
		due := Sample("c_due", "utrecht", "D", "12345678", T0)     // registration due 2026-03-09
		later := Sample("c_later", "utrecht", "L", "12345678", T0) // registered: next is plan_due 2026-04-13
		later.Registration = &contract.Registration{RegisteredAt: T0, Contact: contract.Contact{Name: "n", Email: "e@x.nl"}}
		later.Status = contract.AwaitingPlan
		for _, c := range []*contract.Contract{due, later} {
			if err := r.Create(ctx, c, write(c, "contract_created")); err != nil {
				t.Fatal(err)
			}
		}
		got, err := r.Due(ctx, civil.MustParse("2026-03-10"))
		if err != nil || len(got.Contracts) != 1 || got.Contracts[0].ID != "c_due" || got.ItemsRead != 1 {
			t.Fatalf("due on 2026-03-10: %+v %v", got, err)
		}
		same(t, "due contract", &got.Contracts[0], due)
		// Flagged, the registration leaves the index until the plan is due.
		due.Flags = []contract.Flag{{ID: "c_due.registration_overdue", ContractID: "c_due", Kind: contract.RegistrationOverdue,
			Due: due.Deadlines.RegistrationDue, RaisedAt: T0, Status: contract.FlagOpen}}
		due.Version = 2
		if err := r.Save(ctx, due, 1, write(due, "flags_raised")); err != nil {
			t.Fatal(err)
		}
		if got, err := r.Due(ctx, civil.MustParse("2026-03-10")); err != nil || len(got.Contracts) != 0 {
			t.Fatalf("after flagging: %+v %v", got, err)
		}
		if got, err := r.Due(ctx, civil.MustParse("2026-04-14")); err != nil || len(got.Contracts) != 2 {
			t.Fatalf("on 2026-04-14 both plans are overdue: %+v %v", got, err)
		}
	})
}
