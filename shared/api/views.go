package api

import (
	"time"

	"github.com/srmonitor/srmonitor/shared/civil"
	"github.com/srmonitor/srmonitor/shared/contract"
	"github.com/srmonitor/srmonitor/shared/evidence"
	"github.com/srmonitor/srmonitor/shared/schedule"
	"github.com/srmonitor/srmonitor/shared/valuation"
)

// The API's response types: what openapi.yaml describes, mapped from the
// domain here and nowhere else, so the domain and the storage model can
// change without changing a response by accident.

// timestamp is how every instant is shown (civil.Instant).
type timestamp = civil.Instant

func ts(t time.Time) timestamp { return timestamp(t) }

func optTS(t *time.Time) *timestamp {
	if t == nil {
		return nil
	}
	v := timestamp(*t)
	return &v
}

func mapAll[T, V any](items []T, f func(*T) V) []V {
	out := make([]V, len(items))
	for i := range items {
		out[i] = f(&items[i])
	}
	return out
}

type contractView struct {
	ID                   string              `json:"id"`
	Municipality         string              `json:"municipality"`
	Reference            string              `json:"reference"`
	Title                string              `json:"title"`
	ContractorKvK        string              `json:"contractor_kvk"`
	ContractorName       string              `json:"contractor_name"`
	ContractorEmail      string              `json:"contractor_email,omitempty"`
	ValueCents           int64               `json:"value_cents"`
	PercentageBP         int64               `json:"percentage_bp"`
	PSOLevel             int                 `json:"pso_level"`
	SocialAwardCriterion bool                `json:"social_award_criterion"`
	AwardedOn            civil.Date          `json:"awarded_on"`
	StartsOn             civil.Date          `json:"starts_on"`
	EndsOn               civil.Date          `json:"ends_on"`
	Reporting            string              `json:"reporting"`
	Status               string              `json:"status"`
	Obligation           valuation.Result    `json:"obligation"`
	Deadlines            *deadlinesView      `json:"deadlines"`
	Overdue              []overdueView       `json:"overdue"`
	Registration         *registrationView   `json:"registration"`
	Plan                 *planSummaryView    `json:"plan"`
	ApprovedPlan         *planSummaryView    `json:"approved_plan"`
	Reports              []reportSummaryView `json:"reports"`
	Realisation          realisationView     `json:"realisation"`
	Flags                []flagView          `json:"flags"`
	OpenFlags            []flagView          `json:"open_flags"`
	Cancellation         *cancellationView   `json:"cancellation,omitempty"`
	CreatedAt            timestamp           `json:"created_at"`
	UpdatedAt            timestamp           `json:"updated_at"`
	Version              int64               `json:"version"`
}

type deadlinesView struct {
	RegistrationDue   civil.Date  `json:"registration_due"`
	PlanDue           civil.Date  `json:"plan_due"`
	PlanDueMax        civil.Date  `json:"plan_due_max"`
	PlanExtendedUntil *civil.Date `json:"plan_extended_until,omitempty"`
	PlanExtensionNote string      `json:"plan_extension_reason,omitempty"`
	NextReportDue     *civil.Date `json:"next_report_due"`
}

// overdueView is a deadline passed unmet, flagged yet or not.
type overdueView struct {
	Kind   string     `json:"kind"`
	Period string     `json:"period,omitempty"`
	Due    civil.Date `json:"due"`
}

type cancellationView struct {
	CancelledAt timestamp `json:"cancelled_at"`
	CancelledBy string    `json:"cancelled_by"`
	Reason      string    `json:"reason"`
}

type registrationView struct {
	RegisteredAt timestamp   `json:"registered_at"`
	Late         bool        `json:"late"`
	Contact      contactView `json:"contact"`
	Language     string      `json:"language"`
}

type contactView struct {
	Name  string `json:"name"`
	Email string `json:"email"`
	Phone string `json:"phone,omitempty"`
}

type realisationView struct {
	AcceptedCents         int64 `json:"accepted_cents"`
	AwaitingDecisionCents int64 `json:"awaiting_decision_cents"`
	RemainingCents        int64 `json:"remaining_cents"`
	CoverageBP            int64 `json:"coverage_bp"`
	PeopleReached         int64 `json:"people_reached"`
	DurableJobs           int64 `json:"durable_jobs"`
}

// verdictView is a decision as summaries show it; decisionView adds its
// note, in the revision it was made on.
type verdictView struct {
	Decision  string    `json:"decision"`
	DecidedAt timestamp `json:"decided_at"`
	DecidedBy string    `json:"decided_by"`
}

type decisionView struct {
	verdictView
	Note string `json:"note,omitempty"`
}

func verdict(v *contract.Verdict) *verdictView {
	if v == nil {
		return nil
	}
	return &verdictView{Decision: v.Decision, DecidedAt: ts(v.DecidedAt), DecidedBy: v.DecidedBy}
}

func decision(d *contract.Decision) *decisionView {
	if d == nil {
		return nil
	}
	return &decisionView{verdictView: *verdict(&d.Verdict), Note: d.Note}
}

type planSummaryView struct {
	Revision       int          `json:"revision"`
	Status         string       `json:"status"`
	SubmittedAt    timestamp    `json:"submitted_at"`
	SubmittedBy    string       `json:"submitted_by"`
	PlanValueCents int64        `json:"plan_value_cents"`
	CoverageBP     int64        `json:"coverage_bp"`
	CatalogVersion string       `json:"catalog_version"`
	Decision       *verdictView `json:"decision,omitempty"`
}

type planView struct {
	ContractID  string           `json:"contract_id"`
	Revision    int              `json:"revision"`
	Status      string           `json:"status"`
	SubmittedAt timestamp        `json:"submitted_at"`
	SubmittedBy string           `json:"submitted_by"`
	Note        string           `json:"note,omitempty"`
	Items       []valuation.Item `json:"items"`
	Valuation   valuation.Result `json:"valuation"`
	Decision    *decisionView    `json:"decision,omitempty"`
}

func planSummaryOf(p *contract.PlanSummary) *planSummaryView {
	if p == nil {
		return nil
	}
	return &planSummaryView{Revision: p.Revision, Status: p.Status, SubmittedAt: ts(p.SubmittedAt), SubmittedBy: p.SubmittedBy,
		PlanValueCents: p.ValueCents, CoverageBP: p.CoverageBP, CatalogVersion: p.CatalogVersion, Decision: verdict(p.Verdict)}
}

func planOf(r *contract.PlanRevision) planView {
	return planView{ContractID: r.ContractID, Revision: r.Revision, Status: r.Status(), SubmittedAt: ts(r.SubmittedAt),
		SubmittedBy: r.SubmittedBy, Note: r.Note, Items: nonNil(r.Items), Valuation: r.Valuation, Decision: decision(r.Decision)}
}

type periodView struct {
	Period string     `json:"period"`
	Start  civil.Date `json:"start"`
	End    civil.Date `json:"end"`
	Due    civil.Date `json:"due"`
}

type reportSummaryView struct {
	periodView
	Revision      int          `json:"revision"`
	Status        string       `json:"status"`
	SubmittedAt   timestamp    `json:"submitted_at"`
	SubmittedBy   string       `json:"submitted_by"`
	Late          bool         `json:"late"`
	ValueCents    int64        `json:"value_cents"`
	EvidenceCount int          `json:"evidence_count"`
	Candidates    int          `json:"candidates"`
	Decision      *verdictView `json:"decision,omitempty"`
}

type reportView struct {
	ContractID string `json:"contract_id"`
	periodView
	Revision    int          `json:"revision"`
	Status      string       `json:"status"`
	SubmittedAt timestamp    `json:"submitted_at"`
	SubmittedBy string       `json:"submitted_by"`
	Late        bool         `json:"late"`
	Note        string       `json:"note,omitempty"`
	Items       []reportItem `json:"items"`
	EvidenceIDs []string     `json:"evidence_ids"`
	// Evidence is the status of every evidence id the report cites, on
	// the report or an item, so the office sees what backs each line.
	Evidence  map[string]string `json:"evidence"`
	Valuation valuation.Result  `json:"valuation"`
	Decision  *decisionView     `json:"decision,omitempty"`
}

func reportOf(r *contract.Report, evidence map[string]string) reportView {
	items := make([]reportItem, len(r.Items))
	for i, it := range r.Items {
		items[i].Item = it
		if i < len(r.ItemEvidence) {
			items[i].EvidenceIDs = r.ItemEvidence[i]
		}
	}
	return reportView{ContractID: r.ContractID, periodView: periodView{r.Period.Key, r.Period.Start, r.Period.End, r.Period.Due},
		Revision: r.Revision, Status: r.Status(), SubmittedAt: ts(r.SubmittedAt), SubmittedBy: r.SubmittedBy, Late: r.Late,
		Note: r.Note, Items: items, EvidenceIDs: nonNil(r.EvidenceIDs), Evidence: evidence, Valuation: r.Valuation, Decision: decision(r.Decision)}
}

// flagView is a flag with what it is about, so lists and e-mails need no
// second call.
type flagView struct {
	ID             string     `json:"id"`
	ContractID     string     `json:"contract_id"`
	Municipality   string     `json:"municipality"`
	ContractorKvK  string     `json:"contractor_kvk"`
	Reference      string     `json:"reference"`
	Title          string     `json:"title"`
	ContractorName string     `json:"contractor_name"`
	Kind           string     `json:"kind"`
	Period         string     `json:"period,omitempty"`
	Due            civil.Date `json:"due"`
	RaisedAt       timestamp  `json:"raised_at"`
	Status         string     `json:"status"`
	ResolvedAt     *timestamp `json:"resolved_at"`
	FineCents      *int64     `json:"fine_cents,omitempty"`
	// FinalReport is, on a shortfall, the final report's status
	// (submitted, accepted, rejected) when there is one: a final report
	// awaiting a decision may still meet the obligation.
	FinalReport string        `json:"final_report,omitempty"`
	Decision    *decisionView `json:"decision,omitempty"`
}

func flagOf(c *contract.Contract, f *contract.Flag) flagView {
	v := flagView{ID: f.ID, ContractID: c.ID, Municipality: c.Municipality, ContractorKvK: c.ContractorKvK, Reference: c.Reference,
		Title: c.Title, ContractorName: c.ContractorName, Kind: f.Kind, Period: f.Period, Due: f.Due, RaisedAt: ts(f.RaisedAt),
		Status: f.Status, ResolvedAt: optTS(f.ResolvedAt), FineCents: f.FineCents, Decision: decision(f.Decision)}
	if final := c.ReportSummaryFor(schedule.FinalKey); final != nil && f.Kind == contract.ObligationShortfall {
		v.FinalReport = final.Status
	}
	return v
}

// contractOf is the view of c as it stands at now: what is overdue is
// shown at once, not only once the deadline check flagged it.
func contractOf(c *contract.Contract, now time.Time) contractView {
	v := contractView{
		ID: c.ID, Municipality: c.Municipality, Reference: c.Reference, Title: c.Title, ContractorKvK: c.ContractorKvK,
		ContractorName: c.ContractorName, ContractorEmail: c.ContractorEmail, ValueCents: c.ValueCents, PercentageBP: c.PercentageBP,
		PSOLevel: c.PSOLevel, SocialAwardCriterion: c.SocialAwardCriterion, AwardedOn: c.AwardedOn, StartsOn: c.StartsOn, EndsOn: c.EndsOn,
		Reporting: string(c.Reporting), Status: string(c.Status), Obligation: c.Obligation, Overdue: []overdueView{},
		Plan: planSummaryOf(c.Plan), ApprovedPlan: planSummaryOf(c.ApprovedPlan),
		Reports: []reportSummaryView{}, Flags: []flagView{}, OpenFlags: []flagView{},
		CreatedAt: ts(c.CreatedAt), UpdatedAt: ts(c.UpdatedAt), Version: c.Version,
	}
	// A contract that owes nothing has no deadlines to show.
	if c.Status != contract.NoObligation && c.Status != contract.Cancelled {
		v.Deadlines = &deadlinesView{RegistrationDue: c.Deadlines.RegistrationDue, PlanDue: c.Deadlines.PlanDue,
			PlanDueMax: c.Deadlines.PlanDueMax, PlanExtendedUntil: c.Deadlines.PlanExtendedUntil,
			PlanExtensionNote: c.Deadlines.PlanExtensionNote, NextReportDue: c.NextReportDue()}
	}
	for _, o := range c.Overdue(now) {
		v.Overdue = append(v.Overdue, overdueView{Kind: o.Kind, Period: o.Period, Due: o.Due})
	}
	if x := c.Cancellation; x != nil {
		v.Cancellation = &cancellationView{CancelledAt: ts(x.At), CancelledBy: x.By, Reason: x.Reason}
	}
	if v.Obligation.Lines == nil {
		v.Obligation.Lines = []valuation.Line{}
	}
	if r := c.Registration; r != nil {
		v.Registration = &registrationView{RegisteredAt: ts(r.RegisteredAt), Late: r.Late, Language: c.ContractorLanguage,
			Contact: contactView{Name: r.Contact.Name, Email: r.Contact.Email, Phone: r.Contact.Phone}}
	}
	for _, r := range c.Reports {
		v.Reports = append(v.Reports, reportSummaryView{periodView: periodView{r.Key, r.Start, r.End, r.Due}, Revision: r.Revision,
			Status: r.Status, SubmittedAt: ts(r.SubmittedAt), SubmittedBy: r.SubmittedBy, Late: r.Late, ValueCents: r.ValueCents,
			EvidenceCount: r.EvidenceCount, Candidates: r.Candidates, Decision: verdict(r.Verdict)})
	}
	real := c.Realisation()
	v.Realisation = realisationView{AcceptedCents: real.AcceptedCents, AwaitingDecisionCents: real.AwaitingDecisionCents,
		RemainingCents: real.RemainingCents, CoverageBP: real.CoverageBP, PeopleReached: c.Reach.PeopleReached, DurableJobs: c.Reach.DurableJobs}
	for i := range c.Flags {
		f := flagOf(c, &c.Flags[i])
		v.Flags = append(v.Flags, f)
		if f.Status == contract.FlagOpen {
			v.OpenFlags = append(v.OpenFlags, f)
		}
	}
	return v
}

type eventView struct {
	ContractID string         `json:"contract_id"`
	Seq        int64          `json:"seq"`
	At         timestamp      `json:"at"`
	Actor      string         `json:"actor"`
	Role       string         `json:"role"`
	Action     string         `json:"action"`
	Data       map[string]any `json:"data"`
}

func eventOf(e *contract.Event) eventView {
	return eventView{ContractID: e.ContractID, Seq: e.Seq, At: ts(e.At), Actor: e.Actor, Role: e.Role, Action: e.Action, Data: e.Data}
}

type evidenceView struct {
	ID           string     `json:"id"`
	ContractID   string     `json:"contract_id"`
	FileName     string     `json:"file_name"`
	ContentType  string     `json:"content_type"`
	SizeBytes    int64      `json:"size_bytes"`
	SHA256       string     `json:"sha256"`
	Kind         string     `json:"kind"`
	Period       string     `json:"period,omitempty"`
	Consent      bool       `json:"consent_confirmed"`
	Status       string     `json:"status"`
	Reason       string     `json:"reason,omitempty"`
	ReasonDetail string     `json:"reason_detail,omitempty"`
	CreatedAt    timestamp  `json:"created_at"`
	CheckedAt    *timestamp `json:"checked_at,omitempty"`
	DownloadURL  string     `json:"download_url,omitempty"`
}

func evidenceOf(s *evidence.Shown) evidenceView {
	e := &s.Evidence
	return evidenceView{ID: e.ID, ContractID: e.ContractID, FileName: e.FileName, ContentType: e.ContentType, SizeBytes: e.SizeBytes,
		SHA256: e.SHA256, Kind: e.Kind, Period: e.Period, Consent: e.Consent, Status: string(e.Status), Reason: e.Reason,
		ReasonDetail: evidence.ReasonDetail(e.Reason), CreatedAt: ts(e.CreatedAt), CheckedAt: optTS(e.CheckedAt),
		DownloadURL: s.DownloadURL}
}

type uploadView struct {
	Method    string            `json:"method"`
	URL       string            `json:"url"`
	Headers   map[string]string `json:"headers"`
	ExpiresAt timestamp         `json:"expires_at"`
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
