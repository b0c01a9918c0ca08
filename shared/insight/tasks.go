package insight

import (
	"cmp"
	"slices"

	"github.com/srmonitor/srmonitor/shared/auth"
	"github.com/srmonitor/srmonitor/shared/civil"
	"github.com/srmonitor/srmonitor/shared/contract"
	"github.com/srmonitor/srmonitor/shared/schedule"
)

// Task kinds: for a contractor,
const (
	TaskRegister       = "register"        // report to the SR office
	TaskSubmitPlan     = "submit_plan"     // the first plan
	TaskRevisePlan     = "revise_plan"     // a new revision of a rejected plan
	TaskSubmitReport   = "submit_report"   // a period's report (it has begun)
	TaskResubmitReport = "resubmit_report" // a rejected report
)

// and for the SR office.
const (
	TaskDecidePlan   = "decide_plan"   // approve or reject a submitted plan
	TaskDecideReport = "decide_report" // accept or reject a submitted report
	TaskDecideFine   = "decide_fine"   // fine or waive an obligation shortfall
	TaskFollowUp     = "follow_up"     // a deadline passed unmet (an open flag)
)

// Task is one action due.
type Task struct {
	Kind     string
	Contract Ref
	Period   string // reports: the period
	FlagID   string // decide_fine, follow_up
	FlagKind string // follow_up: what was missed
	// Due is the date the action is due by, when it has one; Since the date
	// it has waited from (a decision). Tasks are ordered by Due, or Since
	// where there is no Due: soonest first.
	Due   *civil.Date
	Since *civil.Date
	// Overdue: Due has passed.
	Overdue bool
}

func (t Task) when() civil.Date {
	if t.Due != nil {
		return *t.Due
	}
	return *t.Since
}

// Tasks lists every action due of the caller's role on cs, soonest first.
func Tasks(cs []contract.Contract, role auth.Role, today civil.Date) []Task {
	out := []Task{}
	for i := range cs {
		c := &cs[i]
		if role == auth.Contractor {
			out = append(out, contractorTasks(c, today)...)
		} else {
			out = append(out, officeTasks(c)...)
		}
	}
	for i := range out {
		out[i].Overdue = out[i].Due != nil && out[i].Due.Before(today)
	}
	slices.SortStableFunc(out, func(a, b Task) int {
		return cmp.Or(a.when().Compare(b.when()), cmp.Compare(a.Contract.Reference, b.Contract.Reference), cmp.Compare(a.Period, b.Period))
	})
	return out
}

func date(t civil.Date) *civil.Date { return &t }

func contractorTasks(c *contract.Contract, today civil.Date) []Task {
	var out []Task
	task := func(kind string, due *civil.Date) Task { return Task{Kind: kind, Contract: refOf(c), Due: due} }
	if c.Registration == nil {
		out = append(out, task(TaskRegister, date(c.Deadlines.RegistrationDue)))
	}
	switch {
	case c.Registration == nil:
	case c.Status == contract.AwaitingPlan:
		out = append(out, task(TaskSubmitPlan, date(c.Deadlines.PlanDueNow())))
	case c.Status == contract.PlanRejected:
		out = append(out, task(TaskRevisePlan, date(c.Deadlines.PlanDueNow())))
	}
	if c.Registration == nil {
		// Reports need the registration first: registering is the task.
		return out
	}
	for _, p := range schedule.Periods(c.Reporting, c.StartsOn, c.EndsOn) {
		// A period's report is a task once the period has begun; the final
		// report (whose period is the whole contract) once the contract has
		// come to its last day.
		if p.Start.After(today) || (p.Key == schedule.FinalKey && p.End.After(today)) {
			continue
		}
		r := c.ReportSummaryFor(p.Key)
		switch {
		case r == nil:
			t := task(TaskSubmitReport, date(p.Due))
			t.Period = p.Key
			out = append(out, t)
		case r.Status == contract.Rejected:
			t := task(TaskResubmitReport, date(p.Due))
			t.Period = p.Key
			out = append(out, t)
		}
	}
	return out
}

func officeTasks(c *contract.Contract) []Task {
	var out []Task
	if c.Status == contract.PlanSubmitted && c.Plan != nil {
		out = append(out, Task{Kind: TaskDecidePlan, Contract: refOf(c), Due: date(c.Deadlines.PlanDueNow()),
			Since: date(civil.Today(c.Plan.SubmittedAt))})
	}
	for _, r := range c.Reports {
		if r.Status == contract.Submitted {
			out = append(out, Task{Kind: TaskDecideReport, Contract: refOf(c), Period: r.Key, Since: date(civil.Today(r.SubmittedAt))})
		}
	}
	for _, f := range c.OpenFlags() {
		t := Task{Contract: refOf(c), FlagID: f.ID, FlagKind: f.Kind, Period: f.Period}
		if f.Kind == contract.ObligationShortfall {
			t.Kind, t.Since = TaskDecideFine, date(civil.Today(f.RaisedAt))
		} else {
			t.Kind, t.Due = TaskFollowUp, date(f.Due)
		}
		out = append(out, t)
	}
	return out
}
