// Package contract is the lifecycle of one awarded contract: its obligation
// and deadlines, the contractor's registration, the plan and its revisions,
// the SR office's decisions. It knows nothing of DynamoDB or HTTP: storage is
// the Repository port, and every change is recorded as an Event.
package contract

import (
	"encoding/json"
	"errors"
	"time"

	"github.com/srmonitor/srmonitor/shared/civil"
	"github.com/srmonitor/srmonitor/shared/schedule"
	"github.com/srmonitor/srmonitor/shared/valuation"
)

// Status is where a contract stands in its lifecycle.
type Status string

const (
	AwaitingRegistration Status = "awaiting_registration"
	AwaitingPlan         Status = "awaiting_plan"
	PlanSubmitted        Status = "plan_submitted"
	PlanRejected         Status = "plan_rejected"
	PlanApproved         Status = "plan_approved"
)

// Statuses lists every status, for validating ?status=.
var Statuses = []Status{AwaitingRegistration, AwaitingPlan, PlanSubmitted, PlanRejected, PlanApproved}

// Contract is the aggregate: everything the contract view shows, stored as
// one item so that one conditional write changes it atomically.
type Contract struct {
	ID                   string           `json:"id"`
	Municipality         string           `json:"municipality"`
	Reference            string           `json:"reference"`
	Title                string           `json:"title"`
	ContractorKvK        string           `json:"contractor_kvk"`
	ContractorName       string           `json:"contractor_name"`
	ValueCents           int64            `json:"value_cents"`
	PercentageBP         int64            `json:"percentage_bp"`
	PSOLevel             int              `json:"pso_level"`
	SocialAwardCriterion bool             `json:"social_award_criterion"`
	AwardedOn            civil.Date       `json:"awarded_on"`
	StartsOn             civil.Date       `json:"starts_on"`
	EndsOn               civil.Date       `json:"ends_on"`
	Reporting            schedule.Cadence `json:"reporting"`
	Status               Status           `json:"status"`
	// Obligation is the valuation of no items on the award date: threshold,
	// percentage, PSO discount and the catalog version plans are valued with.
	Obligation   valuation.Result `json:"obligation"`
	Deadlines    Deadlines        `json:"deadlines"`
	Registration *Registration    `json:"registration"`
	Plan         *Plan            `json:"plan"`
	// Reports in period order; Realisation sums them up.
	Reports     []*Report   `json:"reports"`
	Realisation Realisation `json:"realisation"`
	// Flags are every deadline flag ever raised; OpenFlags those still open.
	Flags     []*Flag   `json:"flags"`
	OpenFlags []*Flag   `json:"open_flags"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	Version   int64     `json:"version"`
}

// Deadlines are the contract's dates to meet; PlanExtendedUntil is set when
// the SR office extended plan approval in writing.
type Deadlines struct {
	schedule.Deadlines
	PlanExtendedUntil *civil.Date `json:"plan_extended_until,omitempty"`
	PlanExtensionNote string      `json:"plan_extension_reason,omitempty"`
	// NextReportDue is the earliest due date of a report not yet handed in
	// (null once the final report is in).
	NextReportDue *civil.Date `json:"next_report_due"`
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
	RegisteredAt time.Time `json:"registered_at"`
	Late         bool      `json:"late"`
	Contact      Contact   `json:"contact"`
}

// Contact is the contractor's contact person for social return.
type Contact struct {
	Name  string `json:"name"`
	Email string `json:"email"`
	Phone string `json:"phone,omitempty"`
}

// Plan is the latest plan revision with its stored valuation.
type Plan struct {
	Revision    int              `json:"revision"`
	Status      string           `json:"status"` // submitted | approved | rejected
	SubmittedAt time.Time        `json:"submitted_at"`
	SubmittedBy string           `json:"submitted_by"`
	Note        string           `json:"note,omitempty"`
	Items       []valuation.Item `json:"items"`
	Valuation   valuation.Result `json:"valuation"`
	Decision    *Decision        `json:"decision,omitempty"`
}

// Decision is the SR office's verdict on a plan revision.
type Decision struct {
	Decision  string    `json:"decision"`
	Note      string    `json:"note,omitempty"`
	DecidedAt time.Time `json:"decided_at"`
	DecidedBy string    `json:"decided_by"`
}

// Event is one entry of a contract's audit trail: who did what when.
type Event struct {
	ContractID string          `json:"contract_id"`
	Seq        int64           `json:"seq"` // the contract version it produced
	At         time.Time       `json:"at"`
	Actor      string          `json:"actor"`
	Role       string          `json:"role"`
	Action     string          `json:"action"`
	Data       json.RawMessage `json:"data,omitempty"`
}

// Errors a Repository reports.
var (
	ErrNotFound  = errors.New("contract not found")
	ErrDuplicate = errors.New("a contract with this reference already exists")
	ErrStale     = errors.New("the contract changed since it was read")
)
