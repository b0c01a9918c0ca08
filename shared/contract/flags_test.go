package contract_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/srmonitor/srmonitor/shared/civil"
	"github.com/srmonitor/srmonitor/shared/contract"
)

func (f *fixture) check(asOf string) contract.CheckSummary {
	f.t.Helper()
	sum, err := f.svc.CheckDeadlines(f.ctx, at(asOf))
	if err != nil {
		f.t.Fatal(err)
	}
	return sum
}

func open(c *contract.Contract) []string {
	var kinds []string
	for _, fl := range c.OpenFlags() {
		kinds = append(kinds, fl.Kind+" "+fl.Period)
	}
	return kinds
}

// A deadline flags at 24:00 Amsterdam time on its date, once, however
// often (or concurrently) the check runs, and resolves when its cause is
// met.
func TestFlagsRaiseOnceAndResolve(t *testing.T) {
	f := newFixture(t, "amsterdam")
	c := f.create(input("amsterdam", "F-1"))
	if sum := f.check("2026-03-09 23:59"); sum.Raised != 0 {
		t.Fatalf("flagged before the due date ended: %+v", sum)
	}
	var wg sync.WaitGroup
	for range 5 {
		wg.Go(func() {
			if _, err := f.svc.CheckDeadlines(f.ctx, at("2026-03-10 06:00")); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	c, _ = f.svc.Get(f.ctx, f.mun, c.ID)
	if len(c.Flags) != 1 || c.Flags[0].Kind != contract.RegistrationOverdue || c.Flags[0].ID != c.ID+".registration_overdue" {
		t.Fatalf("flags after five concurrent runs: %+v", c.Flags)
	}
	if sum := f.check("2026-03-11 06:00"); sum.Checked != 0 || sum.ItemsRead != 0 {
		t.Fatalf("a flagged deadline is not looked at again: %+v", sum)
	}
	f.set("2026-03-12 09:00")
	c = register(f, c.ID)
	if !c.Registration.Late || len(open(c)) != 0 || c.Flags[0].Status != contract.FlagResolved {
		t.Fatalf("a late registration resolves the flag: %+v", c.Flags)
	}
	// The plan (due 2026-04-13), extended to 2026-05-01: the flag raised
	// on the 14th resolves, as the new date has not passed.
	f.check("2026-04-14 06:00")
	c = f.must(f.svc.ExtendPlan(f.ctx, f.mun, c.ID, nil, contract.ExtensionInput{Until: ptr(civil.MustParse("2026-05-01")), Reason: "letter"}))
	if len(open(c)) != 0 {
		t.Fatalf("the extension resolves the plan flag: %v", open(c))
	}
	history, _, _ := f.svc.History(f.ctx, f.mun, c.ID, 50, "")
	var actions []string
	for _, e := range history {
		actions = append(actions, e.Action)
	}
	if strings.Join(actions, " ") != "contract_created reminders_sent flags_raised registered flags_raised plan_extended" {
		t.Fatalf("history: %v", actions)
	}
}

// Amsterdam Leidraad (2023), step 7: an obligation unmet at the end is
// fined, withheld from the last invoice; the office may fine less than the
// shortfall, or waive it, with a reason.
func TestShortfallFineOrWaive(t *testing.T) {
	f := newFixture(t, "amsterdam")
	c := finalOnly(f, "S-1")
	register(f, c.ID)
	f.set("2027-04-10 10:00")
	f.must(f.svc.SubmitReport(f.ctx, f.con, c.ID, "final", nil, contract.ReportInput{Items: training(1_000_000)}))
	f.must(f.svc.DecideReport(f.ctx, f.mun, c.ID, "final", nil, contract.ReportDecisionInput{Decision: contract.Accepted, Note: "invoices seen on site"}))
	sum := f.check("2027-05-01 06:00") // the final report and the obligation were due 2027-04-30
	if sum.RaisedByKind[contract.ObligationShortfall] != 1 {
		t.Fatalf("summary %+v", sum)
	}
	c, _ = f.svc.Get(f.ctx, f.mun, c.ID)
	id := c.ID + ".obligation_shortfall"
	if fl := c.Flag(id); fl == nil || *fl.FineCents != 2_500_000-1_000_000 {
		t.Fatalf("shortfall flag %+v", fl)
	}
	p := problems(t, func() error {
		_, _, err := f.svc.DecideFlag(f.ctx, f.mun, id, contract.FlagDecisionInput{Decision: "fine", FineCents: ptr(int64(1_500_001)), Reason: "r"})
		return err
	}())
	if !strings.Contains(p["fine_cents"], "1500000") {
		t.Fatalf("a fine above the shortfall: %v", p)
	}
	if _, _, err := f.svc.DecideFlag(f.ctx, f.con, id, contract.FlagDecisionInput{Decision: "waive", Reason: "r"}); !errors.Is(err, contract.ErrForbidden) {
		t.Fatalf("the contractor decided: %v", err)
	}
	_, fl, err := f.svc.DecideFlag(f.ctx, f.mun, id, contract.FlagDecisionInput{Decision: "fine", FineCents: ptr(int64(1_000_000)), Reason: "effort shown for a part"})
	if err != nil || fl.Status != contract.FlagFined || *fl.FineCents != 1_000_000 || fl.Decision.Note != "effort shown for a part" {
		t.Fatalf("fine: %+v %v", fl, err)
	}
	if _, _, err := f.svc.DecideFlag(f.ctx, f.mun, id, contract.FlagDecisionInput{Decision: "waive", Reason: "r"}); !isConflict(err) {
		t.Fatalf("deciding twice: %v", err)
	}
	if _, _, err := f.svc.DecideFlag(f.ctx, f.mun, c.ID+".registration_overdue", contract.FlagDecisionInput{Decision: "waive", Reason: "r"}); !errors.Is(err, contract.ErrFlagNotFound) {
		t.Fatalf("a flag that was never raised: %v", err)
	}
}

// brokenDue is an index with one record that cannot be read, and a
// contract whose write fails.
type brokenDue struct {
	contract.Repository
	failID string
}

func (b brokenDue) Due(ctx context.Context, day civil.Date) (contract.Due, error) {
	due, err := b.Repository.Due(ctx, day)
	due.Unreadable = append(due.Unreadable, "c_corrupt")
	return due, err
}

func (b brokenDue) Save(ctx context.Context, c *contract.Contract, prev int64, w contract.Write) error {
	if c.ID == b.failID {
		return errors.New("throttled")
	}
	return b.Repository.Save(ctx, c, prev, w)
}

// One bad record never stops the check for the others: it finishes its
// run, names what failed, and fails so that the run is retried.
func TestCheckFinishesPastBadRecords(t *testing.T) {
	f := newFixture(t, "utrecht")
	a := f.create(input("utrecht", "A"))
	b := f.create(input("utrecht", "B"))
	f.svc.Repo = brokenDue{Repository: f.repo, failID: a.ID}
	sum, err := f.svc.CheckDeadlines(f.ctx, at("2026-03-10 06:00"))
	if err == nil || !strings.Contains(err.Error(), "c_corrupt") || !strings.Contains(err.Error(), a.ID) {
		t.Fatalf("error %v", err)
	}
	if sum.Checked != 2 || sum.Raised != 1 || len(sum.Failed) != 2 {
		t.Fatalf("summary %+v", sum)
	}
	if got, _ := f.svc.Get(f.ctx, f.mun, b.ID); len(got.Flags) != 1 {
		t.Fatalf("the good contract was not flagged: %+v", got.Flags)
	}
}

// Reminders go out the policy's working days before a deadline (five and
// one, a project default), once each, to whoever must act; a contract
// recorded late gets only the nearest.
func TestRemindersBeforeDeadlines(t *testing.T) {
	f := newFixture(t, "utrecht")
	in := input("utrecht", "M-1")
	in.ContractorEmail = "tender@schoon.nl"
	f.set("2026-03-02 09:00")
	c := f.create(in) // registration due Monday 2026-03-09
	remindersOf := func(sum contract.CheckSummary) int { return sum.Reminded }
	if sum := f.check("2026-02-27 06:00"); remindersOf(sum) != 0 {
		t.Fatalf("too early: %+v", sum)
	}
	if sum := f.check("2026-03-02 06:00"); remindersOf(sum) != 1 || sum.Raised != 0 {
		t.Fatalf("five working days before: %+v", sum)
	}
	if sum := f.check("2026-03-05 06:00"); remindersOf(sum) != 0 || sum.Checked != 0 {
		t.Fatalf("nothing between the reminders, and the contract is not read: %+v", sum)
	}
	if sum := f.check("2026-03-06 06:00"); remindersOf(sum) != 1 {
		t.Fatalf("the working day before: %+v", sum)
	}
	if sum := f.check("2026-03-06 07:00"); remindersOf(sum) != 0 {
		t.Fatalf("once per reminder: %+v", sum)
	}
	c, _ = f.svc.Get(f.ctx, f.mun, c.ID)
	if fmt.Sprint(c.Reminded) != "[registration..5 registration..1]" {
		t.Fatalf("reminded %v", c.Reminded)
	}
	// Registered, the contractor is next reminded of the plan (due
	// 2026-04-13, a Monday): five working days before is 2026-04-06.
	f.set("2026-03-06 10:00")
	register(f, c.ID)
	if sum := f.check("2026-04-03 06:00"); remindersOf(sum) != 0 {
		t.Fatalf("before the plan's reminder: %+v", sum)
	}
	f.must(f.svc.SubmitPlan(f.ctx, f.con, c.ID, nil, contract.PlanInput{Items: training(1)}))
	// With the plan submitted, the office must act: the reminder is the
	// office's.
	if sum := f.check("2026-04-06 06:00"); remindersOf(sum) != 1 {
		t.Fatalf("plan reminder: %+v", sum)
	}
}

// A contract recorded three working days before its registration is due
// gets one reminder then, not two.
func TestLateRecordedContractGetsTheNearestReminder(t *testing.T) {
	f := newFixture(t, "utrecht")
	in := input("utrecht", "M-2")
	in.AwardedOn = ptr(civil.MustParse("2026-03-04")) // registration due Wednesday 2026-03-11
	f.set("2026-03-06 09:00")
	f.create(in)
	if sum := f.check("2026-03-06 10:00"); sum.Reminded != 1 {
		t.Fatalf("first check: %+v", sum)
	}
	if sum := f.check("2026-03-10 06:00"); sum.Reminded != 1 {
		t.Fatalf("the day before: %+v", sum)
	}
}
