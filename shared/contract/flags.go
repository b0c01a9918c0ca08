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

// FlagKinds lists every kind, for validating ?kind=.
var FlagKinds = []string{RegistrationOverdue, PlanOverdue, ReportOverdue, ObligationShortfall}

// Flag states.
const (
	FlagOpen     = "open"
	FlagResolved = "resolved"
	FlagFined    = "fined"
	FlagWaived   = "waived"
)

// Flag is a deadline that passed unmet. Its id is derived from the contract,
// kind and period, so a flag can be raised only once, however often or
// concurrently the check runs.
type Flag struct {
	ID         string
	ContractID string
	Kind       string
	Period     string
	Due        civil.Date
	RaisedAt   time.Time
	Status     string // open | resolved | fined | waived
	ResolvedAt *time.Time
	FineCents  *int64 // the proposal, then the fine decided
	Decision   *Decision
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

// Flag returns the flag with id, or nil.
func (c *Contract) Flag(id string) *Flag {
	for i := range c.Flags {
		if c.Flags[i].ID == id {
			return &c.Flags[i]
		}
	}
	return nil
}

// OpenFlags are the flags still waiting for their cause to be met or, for a
// shortfall, a decision.
func (c *Contract) OpenFlags() []Flag {
	out := []Flag{}
	for _, f := range c.Flags {
		if f.Status == FlagOpen {
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

// deadlines lists every deadline of the contract and whether it is met
// now; none once it is cancelled, closed or owes nothing.
func (c *Contract) deadlines() []deadline {
	if !c.active() {
		return nil
	}
	out := []deadline{
		{kind: RegistrationOverdue, due: c.Deadlines.RegistrationDue, met: c.Registration != nil},
		{kind: PlanOverdue, due: c.Deadlines.PlanDueNow(), met: c.ApprovedPlan != nil},
	}
	for _, p := range schedule.Periods(c.Reporting, c.StartsOn, c.EndsOn) {
		out = append(out, deadline{kind: ReportOverdue, period: p.Key, due: p.Due, met: c.handedIn(p.Key)})
	}
	return append(out, deadline{kind: ObligationShortfall, due: schedule.FinalDue(c.EndsOn), met: c.Realisation().RemainingCents == 0})
}

// refresh derives the status and makes the open flags follow the facts:
// a flag resolves when its cause is met (a late registration, an
// approval, the report arriving, the obligation met after all) or its
// deadline moved past now or went (an extension, an amendment, a
// cancellation). An open shortfall's proposed fine is the shortfall as it
// stands. It runs on every change, so the stored flags always agree with
// the rest.
func (c *Contract) refresh(now time.Time) {
	c.Status = c.status()
	current := map[string]deadline{}
	for _, d := range c.deadlines() {
		current[flagID(c.ID, d.kind, d.period)] = d
	}
	for i := range c.Flags {
		f := &c.Flags[i]
		if f.Status != FlagOpen {
			continue
		}
		d, ok := current[f.ID]
		if !ok || d.met || !schedule.Passed(d.due, now) {
			t := now
			f.Status, f.ResolvedAt = FlagResolved, &t
			continue
		}
		f.Due = d.due
		if f.Kind == ObligationShortfall {
			fine := c.Realisation().RemainingCents
			f.FineCents = &fine
		}
	}
}

// NextCheck is the date from which the deadline check must look at the
// contract: the earliest due date of a deadline neither met nor flagged,
// or the day before a reminder still to send. Nil when nothing is left.
func (c *Contract) NextCheck() *civil.Date {
	next := c.nextReminder(c.ReminderDays)
	for _, d := range c.deadlines() {
		if d.met || c.Flag(flagID(c.ID, d.kind, d.period)) != nil {
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
// flagged, and returns how many it raised.
func (c *Contract) raiseFlags(asOf time.Time) int {
	raised := 0
	for _, d := range c.deadlines() {
		id := flagID(c.ID, d.kind, d.period)
		if d.met || !schedule.Passed(d.due, asOf) || c.Flag(id) != nil {
			continue
		}
		f := Flag{ID: id, ContractID: c.ID, Kind: d.kind, Period: d.period, Due: d.due, RaisedAt: asOf, Status: FlagOpen}
		if d.kind == ObligationShortfall {
			fine := c.Realisation().RemainingCents
			f.FineCents = &fine
		}
		c.Flags = append(c.Flags, f)
		raised++
	}
	return raised
}

func flagStates(c *Contract) map[string]string {
	m := make(map[string]string, len(c.Flags))
	for _, f := range c.Flags {
		m[f.ID] = f.Status
	}
	return m
}

// FlagDecisionInput is the body of POST /flags/{id}/decision.
type FlagDecisionInput struct {
	Decision  string
	FineCents *int64
	Reason    string
}

// DecideFlag fines or waives an obligation shortfall: a fine of at most
// the shortfall at the moment of the decision.
func (s *Service) DecideFlag(ctx context.Context, p auth.Principal, id string, in FlagDecisionInput) (*Contract, *Flag, error) {
	if err := require(p, auth.Municipality); err != nil {
		return nil, nil, err
	}
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
	reason := probs.RequiredPara("reason", in.Reason, MaxNote)
	if err := probs.Err(); err != nil {
		return nil, nil, err
	}
	contractID, ok := ContractOfFlag(id)
	if !ok {
		return nil, nil, ErrFlagNotFound
	}
	c, err := s.update(ctx, p, contractID, nil, nil, func(c *Contract, now time.Time) (string, map[string]any, Write, error) {
		f := c.Flag(id)
		switch {
		case f == nil:
			return "", nil, Write{}, ErrFlagNotFound
		case f.Kind != ObligationShortfall:
			return "", nil, Write{}, conflict("only an obligation shortfall is decided; a %s resolves when its cause is met", f.Kind)
		case f.Status != FlagOpen:
			return "", nil, Write{}, conflict("the flag is %s already", f.Status)
		case in.FineCents != nil && *in.FineCents > c.Realisation().RemainingCents:
			return "", nil, Write{}, check.Problems{{Field: "fine_cents", Problem: "must not exceed the shortfall of " + strconv.FormatInt(c.Realisation().RemainingCents, 10) + " cents"}}
		}
		t := now
		f.Status, f.ResolvedAt = map[string]string{"fine": FlagFined, "waive": FlagWaived}[in.Decision], &t
		if in.FineCents != nil {
			f.FineCents = in.FineCents
		}
		f.Decision = &Decision{Verdict: Verdict{Decision: in.Decision, DecidedAt: now, DecidedBy: p.Subject}, Note: reason}
		data := map[string]any{"flag_id": f.ID, "reason": reason}
		if f.FineCents != nil {
			data["fine_cents"] = *f.FineCents
		}
		return "flag_" + f.Status, data, Write{}, nil
	})
	if errors.Is(err, ErrNotFound) {
		err = ErrFlagNotFound
	}
	if err != nil {
		return nil, nil, err
	}
	return c, c.Flag(id), nil
}

// ErrFlagNotFound is a flag that does not exist or is not the caller's.
var ErrFlagNotFound = errors.New("flag not found")

// system is who the deadline check acts as.
var system = auth.Principal{Subject: "deadline-check", Role: auth.System}
