package contract

import (
	"fmt"
	"slices"
	"time"

	"github.com/srmonitor/srmonitor/shared/civil"
	"github.com/srmonitor/srmonitor/shared/schedule"
)

// Notice kinds: what the system tells people (by e-mail) and other systems
// (as events) about a contract.
const (
	NoticeContractAwarded     = "ContractAwarded"     // to the contractor: register
	NoticeDeadlineApproaching = "DeadlineApproaching" // to whoever must act before a deadline
	NoticeFlagRaised          = "FlagRaised"          // a deadline passed unmet
	NoticeFlagResolved        = "FlagResolved"        // a flag left the open state: resolved, fined or waived
	NoticePlanSubmitted       = "PlanSubmitted"       // to the office: a plan awaits a decision
	NoticePlanDecided         = "PlanDecided"         // to the contractor
	NoticeReportSubmitted     = "ReportSubmitted"     // to the office: a report awaits a decision
	NoticeReportDecided       = "ReportDecided"       // to the contractor
	NoticeContractAmended     = "ContractAmended"     // to the contractor: new terms, with the reason (Note)
	NoticeContractCancelled   = "ContractCancelled"   // to the contractor, with the reason (Note)
)

// Deadlines a reminder can be about.
const (
	RegistrationDeadline = "registration"
	PlanDeadline         = "plan"
	ReportDeadline       = "report" // Period says which; "final" is the final report
)

// Notice is something to tell about a contract, written in the same
// transaction as the change that causes it and delivered from the table's
// stream, so that no notice is lost however a delivery fails. It carries
// what the message needs (the contract as it stood, who to reach), so no
// reader has to look the contract up again.
type Notice struct {
	// ID is stable: the contract, the version that made the notice and its
	// place among that version's notices. Consumers drop duplicates by it.
	ID   string
	Kind string
	At   time.Time

	ContractID     string
	Municipality   string
	Reference      string
	Title          string
	ContractorKvK  string
	ContractorName string

	// What it is about; each kind fills its own.
	Deadline   string      // DeadlineApproaching: registration | plan | report
	Audience   string      // DeadlineApproaching: who must act, contractor | office
	Period     string      // a report's period
	Due        *civil.Date // the deadline
	FlagID     string
	FlagKind   string
	FlagStatus string
	FineCents  *int64
	Revision   int
	Decision   string
	Note       string
	ValueCents *int64
}

// Audiences of a reminder.
const (
	ToContractor = "contractor"
	ToOffice     = "office"
)

// notice starts a notice about c as it stands.
func (c *Contract) notice(kind string, at time.Time) Notice {
	return Notice{Kind: kind, At: at, ContractID: c.ID, Municipality: c.Municipality, Reference: c.Reference, Title: c.Title,
		ContractorKvK: c.ContractorKvK, ContractorName: c.ContractorName}
}

// flagNotices are the notices of the flags c raised or closed since the
// states in before.
func flagNotices(before map[string]string, c *Contract, at time.Time) []Notice {
	var out []Notice
	for _, f := range c.Flags {
		was, existed := before[f.ID]
		kind := ""
		switch {
		case !existed:
			kind = NoticeFlagRaised
		case was == FlagOpen && f.Status != FlagOpen:
			kind = NoticeFlagResolved
		default:
			continue
		}
		n := c.notice(kind, at)
		due := f.Due
		n.FlagID, n.FlagKind, n.FlagStatus, n.Period, n.Due, n.FineCents = f.ID, f.Kind, f.Status, f.Period, &due, f.FineCents
		if f.Decision != nil {
			n.Decision, n.Note = f.Decision.Decision, f.Decision.Note
		}
		out = append(out, n)
	}
	return out
}

// reminder is one reminder of a deadline: Days working days before Due.
type reminder struct {
	deadline, period, audience string
	due                        civil.Date
	days                       int
}

func (r reminder) key() string { return fmt.Sprintf("%s.%s.%d", r.deadline, r.period, r.days) }

// date is the day the reminder goes out.
func (r reminder) date() civil.Date { return r.due.WorkingDaysBefore(r.days) }

// reminders lists every reminder of the deadlines that are not met yet,
// for the working days before a deadline that the policy names, with who
// must act: the contractor, or for a submitted plan the office.
func (c *Contract) reminders(days []int) []reminder {
	var out []reminder
	add := func(deadline, period, audience string, due civil.Date) {
		for _, d := range days {
			out = append(out, reminder{deadline: deadline, period: period, audience: audience, due: due, days: d})
		}
	}
	for _, d := range c.deadlines() {
		if d.met {
			continue
		}
		switch d.kind {
		case RegistrationOverdue:
			add(RegistrationDeadline, "", ToContractor, d.due)
		case PlanOverdue:
			audience := ToContractor
			if c.Plan != nil && c.Plan.Status == Submitted {
				audience = ToOffice
			}
			add(PlanDeadline, "", audience, d.due)
		case ReportOverdue:
			add(ReportDeadline, d.period, ToContractor, d.due)
		}
	}
	return out
}

// nextReminder is the day before the earliest reminder still to send: the
// date from which the deadline check must look at the contract for it.
func (c *Contract) nextReminder(days []int) *civil.Date {
	var next *civil.Date
	for _, r := range c.reminders(days) {
		if slices.Contains(c.Reminded, r.key()) {
			continue
		}
		if d := r.date().AddDays(-1); next == nil || d.Before(*next) {
			next = &d
		}
	}
	return next
}

// remind sends, per deadline, the nearest reminder due by asOf and not yet
// sent, and marks every earlier one of that deadline as sent too: a
// contract recorded three days before its registration is due gets one
// reminder, not two. A deadline that passed gets none (it is flagged).
func (c *Contract) remind(asOf time.Time, days []int) []Notice {
	today := civil.Today(asOf)
	var out []Notice
	var last *reminder
	flush := func() {
		if last == nil {
			return
		}
		n := c.notice(NoticeDeadlineApproaching, asOf)
		due := last.due
		n.Deadline, n.Audience, n.Period, n.Due = last.deadline, last.audience, last.period, &due
		out = append(out, n)
		last = nil
	}
	prevDeadline := ""
	for _, r := range c.reminders(days) {
		if id := r.deadline + "." + r.period; id != prevDeadline {
			flush()
			prevDeadline = id
		}
		if slices.Contains(c.Reminded, r.key()) || r.date().After(today) {
			continue
		}
		c.Reminded = append(c.Reminded, r.key())
		if schedule.Passed(r.due, asOf) {
			continue
		}
		rr := r
		last = &rr
	}
	flush()
	return out
}
