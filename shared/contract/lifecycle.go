package contract

import (
	"context"
	"time"

	"github.com/srmonitor/srmonitor/shared/auth"
	"github.com/srmonitor/srmonitor/shared/check"
	"github.com/srmonitor/srmonitor/shared/civil"
	"github.com/srmonitor/srmonitor/shared/schedule"
	"github.com/srmonitor/srmonitor/shared/valuation"
)

// status is where the contract stands, derived from its facts on every
// change, so no path through the lifecycle can leave it wrong.
func (c *Contract) status() Status {
	switch {
	case c.Cancellation != nil:
		return Cancelled
	case !c.Obligation.Applies:
		return NoObligation
	case c.closed():
		return Closed
	case c.Registration == nil:
		return AwaitingRegistration
	case c.ApprovedPlan != nil:
		return PlanApproved
	case c.Plan == nil:
		return AwaitingPlan
	case c.Plan.Status == Rejected:
		return PlanRejected
	}
	return PlanSubmitted
}

// closed reports whether the contract reached its end: a decision on the
// shortfall, or the final report accepted with nothing remaining.
func (c *Contract) closed() bool {
	for _, f := range c.Flags {
		if f.Kind == ObligationShortfall && (f.Status == FlagFined || f.Status == FlagWaived) {
			return true
		}
	}
	final := c.ReportSummaryFor(schedule.FinalKey)
	return final != nil && final.Status == Accepted && c.Realisation().RemainingCents == 0
}

// active reports whether the contract still has deadlines to meet.
func (c *Contract) active() bool {
	return c.Cancellation == nil && c.Obligation.Applies && !c.closed()
}

// mustBeActive refuses a registration, plan or report for a contract that
// asks none, saying why.
func (c *Contract) mustBeActive() error {
	switch {
	case c.Cancellation != nil:
		return conflict("the contract was cancelled on %s: nothing is owed", civil.Today(c.Cancellation.At))
	case !c.Obligation.Applies:
		return conflict("no social return obligation applies to this contract: %s", c.Obligation.SmallContract)
	case c.closed():
		return conflict("the contract is closed")
	}
	return nil
}

// Overdue is a deadline that passed unmet.
type Overdue struct {
	Kind   string // a flag kind
	Period string
	Due    civil.Date
}

// Overdue lists the deadlines passed unmet at now, flagged yet or not, so
// every view shows a passed deadline at once and not only after the next
// deadline check.
func (c *Contract) Overdue(now time.Time) []Overdue {
	out := []Overdue{}
	for _, d := range c.deadlines() {
		if !d.met && schedule.Passed(d.due, now) {
			out = append(out, Overdue{Kind: d.kind, Period: d.period, Due: d.due})
		}
	}
	return out
}

// AmendInput is the body of POST /contracts/{id}/amendments: the terms that
// change (nil: unchanged) and the written reason.
type AmendInput struct {
	ValueCents           *int64
	PercentageBP         *int64
	PSOLevel             *int
	SocialAwardCriterion *bool
	StartsOn             *civil.Date
	EndsOn               *civil.Date
	Reporting            *string
	Reason               string
}

// Amend records new agreements on a contract (DOMAIN.md: "things change"):
// its value, percentage, PSO level, dates or reporting, ending it early
// included. The obligation is valued again on the award date, the report
// periods follow the new dates, and refresh makes the flags follow. Reports
// handed in keep their period: a change that would drop one is refused.
func (s *Service) Amend(ctx context.Context, p auth.Principal, id string, ifMatch *int64, in AmendInput) (*Contract, error) {
	if err := require(p, auth.Municipality); err != nil {
		return nil, err
	}
	var probs check.Problems
	reason := probs.RequiredPara("reason", in.Reason, MaxNote)
	var cadence *schedule.Cadence
	if in.Reporting != nil {
		c, err := schedule.ParseCadence(*in.Reporting)
		if err != nil {
			probs.Add("reporting", "%s", err.Error())
		}
		cadence = &c
	}
	if in.ValueCents == nil && in.PercentageBP == nil && in.PSOLevel == nil && in.SocialAwardCriterion == nil &&
		in.StartsOn == nil && in.EndsOn == nil && in.Reporting == nil {
		probs.Add("amendment", "name at least one term to change: value_cents, percentage_bp, pso_level, social_award_criterion, starts_on, ends_on or reporting")
	}
	if err := probs.Err(); err != nil {
		return nil, err
	}
	return s.update(ctx, p, id, nil, ifMatch, func(c *Contract, now time.Time) (string, map[string]any, Write, error) {
		if c.Cancellation != nil || c.closed() {
			return "", nil, Write{}, conflict("the contract is %s; its terms can no longer change", c.status())
		}
		next := *c
		changes := map[string]any{}
		set := func(field string, from, to any) {
			if from != to {
				changes[field] = map[string]any{"from": from, "to": to}
			}
		}
		if in.ValueCents != nil {
			set("value_cents", c.ValueCents, *in.ValueCents)
			next.ValueCents = *in.ValueCents
		}
		if in.PSOLevel != nil {
			set("pso_level", c.PSOLevel, *in.PSOLevel)
			next.PSOLevel = *in.PSOLevel
		}
		if in.SocialAwardCriterion != nil {
			set("social_award_criterion", c.SocialAwardCriterion, *in.SocialAwardCriterion)
			next.SocialAwardCriterion = *in.SocialAwardCriterion
		}
		if in.StartsOn != nil {
			set("starts_on", c.StartsOn.String(), in.StartsOn.String())
			next.StartsOn = *in.StartsOn
		}
		if in.EndsOn != nil {
			set("ends_on", c.EndsOn.String(), in.EndsOn.String())
			next.EndsOn = *in.EndsOn
		}
		if cadence != nil {
			set("reporting", string(c.Reporting), string(*cadence))
			next.Reporting = *cadence
		}
		pct := c.PercentageBP
		if in.PercentageBP != nil {
			set("percentage_bp", c.PercentageBP, *in.PercentageBP)
			pct = *in.PercentageBP
		}
		var probs check.Problems
		if checkDates(&probs, &next.AwardedOn, &next.StartsOn, &next.EndsOn, civil.Today(now)) {
			on := next.AwardedOn
			res, err := s.obligation(&probs, valuation.Request{
				Municipality: c.Municipality, ContractValueCents: &next.ValueCents, PercentageBP: &pct, PSOLevel: next.PSOLevel,
				SocialAwardCriterion: next.SocialAwardCriterion, On: &on,
			}, now)
			if err != nil {
				return "", nil, Write{}, err
			}
			next.Obligation, next.PercentageBP = res, res.PercentageBP
		}
		if len(changes) == 0 && len(probs) == 0 {
			probs.Add("amendment", "changes nothing: the contract has these terms already")
		}
		if err := probs.Err(); err != nil {
			return "", nil, Write{}, err
		}
		if err := next.movePeriods(); err != nil {
			return "", nil, Write{}, err
		}
		if c.Obligation.ObligationCents != next.Obligation.ObligationCents {
			set("obligation_cents", c.Obligation.ObligationCents, next.Obligation.ObligationCents)
		}
		*c = next
		for _, plan := range []*PlanSummary{c.Plan, c.ApprovedPlan} {
			if plan != nil {
				plan.CoverageBP = valuation.Coverage(plan.ValueCents, c.Obligation.ObligationCents)
			}
		}
		n := c.notice(NoticeContractAmended, now)
		n.Note = reason
		return "contract_amended", map[string]any{"changes": changes, "reason": reason}, Write{Notices: []Notice{n}}, nil
	})
}

// movePeriods gives every report handed in its period under the contract's
// (amended) dates and cadence, and refuses terms under which a report
// handed in would have no period.
func (c *Contract) movePeriods() error {
	periods := schedule.Periods(c.Reporting, c.StartsOn, c.EndsOn)
	for i := range c.Reports {
		r := &c.Reports[i]
		found := false
		for _, p := range periods {
			if p.Key == r.Key {
				r.Period, found = p, true
				break
			}
		}
		if !found {
			return conflict("a report on %s was handed in; under the new terms there is no such period. Keep the dates and reporting that period belongs to", r.Key)
		}
	}
	return nil
}

// CancelInput is the body of POST /contracts/{id}/cancellation.
type CancelInput struct {
	Reason string
}

// Cancel records that the municipality cancelled the contract: nothing is
// owed any more, so its open flags resolve and no deadline is left.
func (s *Service) Cancel(ctx context.Context, p auth.Principal, id string, ifMatch *int64, in CancelInput) (*Contract, error) {
	if err := require(p, auth.Municipality); err != nil {
		return nil, err
	}
	var probs check.Problems
	reason := probs.RequiredPara("reason", in.Reason, MaxNote)
	if err := probs.Err(); err != nil {
		return nil, err
	}
	return s.update(ctx, p, id, nil, ifMatch, func(c *Contract, now time.Time) (string, map[string]any, Write, error) {
		if c.Cancellation != nil || c.closed() {
			return "", nil, Write{}, conflict("the contract is %s already", c.status())
		}
		c.Cancellation = &Cancellation{At: now, By: p.Subject, Reason: reason}
		n := c.notice(NoticeContractCancelled, now)
		n.Note = reason
		return "contract_cancelled", map[string]any{"reason": reason}, Write{Notices: []Notice{n}}, nil
	})
}
