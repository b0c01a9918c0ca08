// Package contract is the lifecycle of one awarded contract: its obligation
// and deadlines, the contractor's registration, the plan and its revisions,
// the periodic reports, the SR office's decisions and the deadline flags.
// It knows nothing of DynamoDB or HTTP: storage is the Repository port, and
// every change is recorded as an Event in the same write.
//
// The Contract is the aggregate: what every list, view and deadline needs,
// bounded in size whatever happens to it. The bulky parts (a plan
// revision's or a report's items and valuation lines, and the notes of
// decisions on them) are entities of their own, PlanRevision and Report,
// written in the same transaction and read only where they are shown.
package contract

import (
	"errors"
	"time"

	"github.com/srmonitor/srmonitor/shared/civil"
	"github.com/srmonitor/srmonitor/shared/schedule"
	"github.com/srmonitor/srmonitor/shared/valuation"
)

// Status is where a contract stands in its lifecycle.
type Status string

// The status follows from the facts (see Contract.status); it is stored
// only so lists can filter on it.
const (
	AwaitingRegistration Status = "awaiting_registration"
	AwaitingPlan         Status = "awaiting_plan"
	PlanSubmitted        Status = "plan_submitted"
	PlanRejected         Status = "plan_rejected"
	// PlanApproved holds from the first approval on, while the contractor
	// reports; an amendment of the plan awaiting a decision does not
	// change it, since the approved plan stays in force.
	PlanApproved Status = "plan_approved"
	// NoObligation is a contract below its threshold: nothing to register,
	// plan or report, so nothing is flagged.
	NoObligation Status = "no_obligation"
	// Closed is final: the final report accepted with the obligation met,
	// or a decision (fine or waiver) on the shortfall.
	Closed Status = "closed"
	// Cancelled is a contract the municipality cancelled: nothing is owed.
	Cancelled Status = "cancelled"
)

// Statuses lists every status, for validating ?status=.
var Statuses = []Status{AwaitingRegistration, AwaitingPlan, PlanSubmitted, PlanRejected, PlanApproved, NoObligation, Closed, Cancelled}

// Decisions on a plan revision or a report.
const (
	Submitted = "submitted"
	Approved  = "approved"
	Rejected  = "rejected"
	Accepted  = "accepted"
)

// Contract is the aggregate root.
type Contract struct {
	ID             string
	Municipality   string
	Reference      string
	Title          string
	ContractorKvK  string
	ContractorName string
	// ContractorEmail is where the contractor hears of the contract until
	// it registers its own contact (optional at award), and
	// ContractorLanguage the language it chose at registration (nl | en).
	// ContactEmail says which address applies.
	ContractorEmail      string
	ContractorLanguage   string
	ValueCents           int64
	PercentageBP         int64
	PSOLevel             int
	SocialAwardCriterion bool
	AwardedOn            civil.Date
	StartsOn             civil.Date
	EndsOn               civil.Date
	Reporting            schedule.Cadence
	Status               Status
	// Obligation is the valuation of no items on the award date: threshold,
	// percentage, PSO discount and the catalog version plans are valued with.
	Obligation   valuation.Result
	Deadlines    Deadlines
	Registration *Registration
	// Plan is the latest plan revision, nil before the first, and
	// ApprovedPlan the one in force: the last approved, nil before the
	// first approval. They differ while an amendment awaits a decision.
	Plan         *PlanSummary
	ApprovedPlan *PlanSummary
	// Reports holds the latest revision of each period's report, in period
	// order; Realisation sums them up, and Reach counts who the accepted
	// ones reached (recounted whenever a report is accepted).
	Reports []ReportSummary
	Reach   Reach
	// Cancellation is set when the municipality cancelled the contract.
	Cancellation *Cancellation
	// Flags are every deadline flag ever raised.
	Flags []Flag
	// ReminderDays are the working days before a deadline its reminders go
	// out (the policy's at award), and Reminded the reminders sent.
	ReminderDays []int
	Reminded     []string
	CreatedAt    time.Time
	UpdatedAt    time.Time
	Version      int64
}

// Deadlines are the contract's dates to meet.
type Deadlines struct {
	schedule.Deadlines
	// PlanExtendedUntil is set when the SR office extended plan approval in
	// writing, with its reason.
	PlanExtendedUntil *civil.Date
	PlanExtensionNote string
}

// PlanDueNow is the plan approval date in force: the extension if any.
func (d Deadlines) PlanDueNow() civil.Date {
	if d.PlanExtendedUntil != nil {
		return *d.PlanExtendedUntil
	}
	return d.PlanDue
}

// Registration is the contractor reporting to the SR office.
type Registration struct {
	RegisteredAt time.Time
	Late         bool
	Contact      Contact
}

// Languages a contractor or an office can choose for its e-mails.
var Languages = []string{"nl", "en"}

// Contact is the contractor's contact person for social return.
type Contact struct {
	Name  string
	Email string
	Phone string
}

// Verdict is a decision without its note: what the aggregate keeps of a
// decision on a plan revision or a report. The note is in the revision.
type Verdict struct {
	Decision  string
	DecidedAt time.Time
	DecidedBy string
}

// Decision is the SR office's verdict with its note.
type Decision struct {
	Verdict
	Note string
}

// PlanSummary is what the aggregate keeps of the latest plan revision.
type PlanSummary struct {
	Revision       int
	Status         string // submitted | approved | rejected
	SubmittedAt    time.Time
	SubmittedBy    string
	ValueCents     int64
	CoverageBP     int64
	CatalogVersion string
	Verdict        *Verdict
}

// PlanRevision is one plan the contractor submitted, valued with the
// catalog in force on the award date. Revisions are kept: each submission
// makes a new one.
type PlanRevision struct {
	ContractID  string
	Revision    int
	SubmittedAt time.Time
	SubmittedBy string
	Note        string
	Items       []valuation.Item
	Valuation   valuation.Result
	Decision    *Decision
}

// Status is the revision's state: submitted until decided.
func (r *PlanRevision) Status() string {
	if r.Decision == nil {
		return Submitted
	}
	return r.Decision.Decision
}

// ReportSummary is what the aggregate keeps of a period's latest report.
type ReportSummary struct {
	schedule.Period
	Revision      int
	Status        string // submitted | accepted | rejected
	SubmittedAt   time.Time
	SubmittedBy   string
	Late          bool
	ValueCents    int64
	EvidenceCount int
	// Candidates counts the distinct candidates the report names: the
	// reports a candidate's month limit must look at.
	Candidates int
	Verdict    *Verdict
}

// Report is one revision of what the contractor realised in a period,
// valued with the same engine and catalog version as the plan, so the two
// compare line by line. Reports add up: each covers its own period, and the
// final report what no interim report covered.
type Report struct {
	ContractID  string
	Period      schedule.Period
	Revision    int
	SubmittedAt time.Time
	SubmittedBy string
	Late        bool
	Note        string
	Items       []valuation.Item
	// ItemEvidence[i] is the evidence item i cites (nil: none), and
	// EvidenceIDs the evidence the report as a whole cites.
	ItemEvidence [][]string
	EvidenceIDs  []string
	Valuation    valuation.Result
	Decision     *Decision
}

// Status is the report's state: submitted until decided.
func (r *Report) Status() string {
	if r.Decision == nil {
		return Submitted
	}
	return r.Decision.Decision
}

// Realisation is the obligation against what reports show.
type Realisation struct {
	AcceptedCents         int64
	AwaitingDecisionCents int64 // submitted, not yet decided
	RemainingCents        int64 // the obligation less what was accepted; 0 when nothing is owed
	CoverageBP            int64 // accepted against the obligation
}

// Reach is who the accepted reports reached (DOMAIN.md section 4).
type Reach struct {
	// PeopleReached counts the distinct candidates of person lines, plus
	// the most persons without a candidate in any one report (they cannot
	// be told apart between reports).
	PeopleReached int64
	// DurableJobs counts the candidates employed at least six months at
	// 0.5 FTE or more in all (Amsterdam's "duurzame reguliere baan").
	// Whether the job is benefit-independent is not in a report; the
	// office judges that from the evidence.
	DurableJobs int64
}

// Cancellation is the municipality cancelling a contract, with its reason.
type Cancellation struct {
	At     time.Time
	By     string
	Reason string
}

// Event is one entry of a contract's audit trail: who did what when. Data
// is a small object saying what changed; the revisions hold the rest.
type Event struct {
	ContractID string
	Seq        int64 // the contract version it produced
	At         time.Time
	Actor      string
	Role       string
	Action     string
	Data       map[string]any
}

// Write is what one change stores besides the contract, in the same
// transaction: its event, the revision it made or decided, and the notices
// it causes.
type Write struct {
	Event   Event
	Plan    *PlanRevision
	Report  *Report
	Notices []Notice
}

// Errors a Repository reports.
var (
	ErrNotFound  = errors.New("contract not found")
	ErrDuplicate = errors.New("a contract with this reference already exists in this municipality")
	ErrStale     = errors.New("the contract changed since it was read")
	// ErrUnreadable is a stored record that cannot be decoded (corrupt, or
	// of a format this code does not know). Lists skip it; a read of it
	// fails without taking anything else down.
	ErrUnreadable = errors.New("stored contract cannot be read")
)

// ContactEmail is where the contractor is told of the contract: its
// registered contact, or the address recorded at award; "" when neither.
func (c *Contract) ContactEmail() string {
	if c.Registration != nil {
		return c.Registration.Contact.Email
	}
	return c.ContractorEmail
}

// ReportSummaryFor returns the summary of a period's report, or nil.
func (c *Contract) ReportSummaryFor(period string) *ReportSummary {
	for i := range c.Reports {
		if c.Reports[i].Key == period {
			return &c.Reports[i]
		}
	}
	return nil
}
