package contract

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/srmonitor/srmonitor/shared/auth"
	"github.com/srmonitor/srmonitor/shared/check"
	"github.com/srmonitor/srmonitor/shared/civil"
	"github.com/srmonitor/srmonitor/shared/schedule"
)

// Flag kinds.
const (
	RegistrationOverdue = "registration_overdue"
	PlanOverdue         = "plan_overdue"
	ReportOverdue       = "report_overdue"
	ObligationShortfall = "obligation_shortfall"
)

// Flag is a deadline that passed unmet. Its id is derived from the contract,
// kind and period, so a flag can be raised only once, however often or
// concurrently the check runs.
type Flag struct {
	ID            string     `json:"id"`
	ContractID    string     `json:"contract_id"`
	Municipality  string     `json:"municipality"`
	ContractorKvK string     `json:"contractor_kvk"`
	Kind          string     `json:"kind"`
	Period        string     `json:"period,omitempty"`
	Due           civil.Date `json:"due"`
	RaisedAt      time.Time  `json:"raised_at"`
	Status        string     `json:"status"` // open | resolved | fined | waived
	ResolvedAt    *time.Time `json:"resolved_at"`
	FineCents     *int64     `json:"fine_cents,omitempty"`
	Decision      *Decision  `json:"decision,omitempty"`
}

func flagID(contractID, kind, period string) string {
	id := contractID + "." + kind
	if period != "" {
		id += "." + period
	}
	return id
}

// ContractOfFlag returns the contract id in a flag id.
func ContractOfFlag(flagID string) (string, bool) {
	id, _, ok := strings.Cut(flagID, ".")
	return id, ok && id != ""
}

func (c *Contract) flag(kind, period string) *Flag {
	id := flagID(c.ID, kind, period)
	for _, f := range c.Flags {
		if f.ID == id {
			return f
		}
	}
	return nil
}

// openFlags are the flags still waiting for their cause to be met or, for a
// shortfall, a decision.
func (c *Contract) openFlags() []*Flag {
	out := []*Flag{}
	for _, f := range c.Flags {
		if f.Status == "open" {
			out = append(out, f)
		}
	}
	return out
}

// deadline is one date the contract must meet, with whether it is met.
type deadline struct {
	kind, period string
	due          civil.Date
	met          bool
}

// deadlines lists every deadline of the contract and whether it is met now.
func (c *Contract) deadlines() []deadline {
	out := []deadline{
		{kind: RegistrationOverdue, due: c.Deadlines.RegistrationDue, met: c.Registration != nil},
		{kind: PlanOverdue, due: c.Deadlines.PlanDueNow(), met: c.Status == PlanApproved},
	}
	for _, p := range schedule.Periods(c.Reporting, c.StartsOn, c.EndsOn) {
		r := c.Report(p.Key)
		out = append(out, deadline{kind: ReportOverdue, period: p.Key, due: p.Due, met: r != nil && r.Status != "rejected"})
	}
	if c.Obligation.Applies {
		out = append(out, deadline{kind: ObligationShortfall, due: schedule.FinalDue(c.EndsOn), met: c.Realisation.RemainingCents == 0})
	}
	return out
}

// resolveFlags closes open flags whose cause is now met (a late
// registration, an approval, the report arriving, an extension that moved
// the plan date past now). A shortfall is closed by a decision, not here.
func (c *Contract) resolveFlags(now time.Time) {
	for _, d := range c.deadlines() {
		f := c.flag(d.kind, d.period)
		if f == nil || f.Status != "open" || d.kind == ObligationShortfall {
			continue
		}
		if d.met || !schedule.Passed(d.due, now) {
			t := now
			f.Status, f.ResolvedAt = "resolved", &t
		}
	}
}

// NextCheck is the earliest due date of a deadline that is neither met nor
// flagged: the date from which the deadline check must look at the
// contract. Nil when nothing is left to check.
func (c *Contract) NextCheck() *civil.Date {
	var next *civil.Date
	for _, d := range c.deadlines() {
		if d.met || c.flag(d.kind, d.period) != nil {
			continue
		}
		if next == nil || d.due.Before(*next) {
			due := d.due
			next = &due
		}
	}
	return next
}

// raiseFlags flags every deadline that passed unmet at asOf and is not yet
// flagged.
func (c *Contract) raiseFlags(asOf time.Time) []*Flag {
	var raised []*Flag
	for _, d := range c.deadlines() {
		if d.met || !schedule.Passed(d.due, asOf) || c.flag(d.kind, d.period) != nil {
			continue
		}
		f := &Flag{ID: flagID(c.ID, d.kind, d.period), ContractID: c.ID, Municipality: c.Municipality, ContractorKvK: c.ContractorKvK,
			Kind: d.kind, Period: d.period, Due: d.due, RaisedAt: asOf, Status: "open"}
		if d.kind == ObligationShortfall {
			fine := c.Realisation.RemainingCents
			f.FineCents = &fine
		}
		c.Flags = append(c.Flags, f)
		raised = append(raised, f)
	}
	return raised
}

// errNothingToDo ends a change that found nothing to write.
var errNothingToDo = errors.New("nothing to do")

// CheckDeadlines raises the flags of one contract as of asOf and returns
// what the write raised and closed (the events it published). A contract
// whose passed deadlines were all flagged already is not written.
func (s *Service) CheckDeadlines(ctx context.Context, id string, asOf time.Time) ([]FlagEvent, error) {
	var before map[string]string
	// The whole change happens as of asOf, so flags raised for a date are
	// not resolved again by the same write's idea of now.
	at := *s
	at.Now = func() time.Time { return asOf }
	system := auth.Principal{Subject: "deadline-check", Role: auth.System}
	c, err := at.change(ctx, system, id, nil, func(c *Contract, _ time.Time) (string, any, error) {
		before = flagStates(c)
		raised := c.raiseFlags(asOf)
		if len(raised) == 0 {
			return "", nil, errNothingToDo
		}
		return "flags_raised", raised, nil
	})
	switch {
	case errors.Is(err, errNothingToDo):
		return nil, nil
	case err != nil:
		return nil, err
	}
	return flagEvents(before, c), nil
}

// FlagDecisionInput is the body of POST /flags/{id}/decision.
type FlagDecisionInput struct {
	Decision  string `json:"decision"`
	FineCents *int64 `json:"fine_cents"`
	Reason    string `json:"reason"`
}

// DecideFlag fines or waives an obligation shortfall, at most the proposal.
func (s *Service) DecideFlag(ctx context.Context, p auth.Principal, flagID string, in FlagDecisionInput) (*Flag, error) {
	var probs check.Problems
	switch in.Decision {
	case "fine":
		if in.FineCents == nil || *in.FineCents <= 0 {
			probs.Add("fine_cents", "required with decision fine: the fine in cents, at most the proposal")
		}
	case "waive":
		if in.FineCents != nil {
			probs.Add("fine_cents", "only with decision fine")
		}
	default:
		probs.Add("decision", "must be fine or waive")
	}
	text(&probs, "reason", in.Reason, 2000)
	if err := probs.Err(); err != nil {
		return nil, err
	}
	contractID, ok := ContractOfFlag(flagID)
	if !ok {
		return nil, ErrFlagNotFound
	}
	var decided *Flag
	_, err := s.change(ctx, p, contractID, nil, func(c *Contract, now time.Time) (string, any, error) {
		f := findFlag(c, flagID)
		switch {
		case f == nil:
			return "", nil, ErrFlagNotFound
		case f.Kind != ObligationShortfall:
			return "", nil, conflict("only an obligation shortfall is decided; a %s resolves when its cause is met", f.Kind)
		case f.Status != "open":
			return "", nil, conflict("the flag is %s already", f.Status)
		case in.FineCents != nil && *in.FineCents > *f.FineCents:
			return "", nil, check.Problems{{Field: "fine_cents", Problem: "must not exceed the proposed fine of " + strconv.FormatInt(*f.FineCents, 10) + " cents"}}
		}
		t := now
		f.Status, f.ResolvedAt = map[string]string{"fine": "fined", "waive": "waived"}[in.Decision], &t
		if in.FineCents != nil {
			f.FineCents = in.FineCents
		}
		f.Decision = &Decision{Decision: in.Decision, Note: in.Reason, DecidedAt: now, DecidedBy: p.Subject}
		decided = f
		return "flag_" + f.Status, f, nil
	})
	return decided, err
}

func findFlag(c *Contract, id string) *Flag {
	for _, f := range c.Flags {
		if f.ID == id {
			return f
		}
	}
	return nil
}

// ErrFlagNotFound is a flag that does not exist or is not the caller's.
var ErrFlagNotFound = errors.New("flag not found")
