package store

import (
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"

	"github.com/srmonitor/srmonitor/shared/civil"
	"github.com/srmonitor/srmonitor/shared/contract"
	"github.com/srmonitor/srmonitor/shared/schedule"
	"github.com/srmonitor/srmonitor/shared/valuation"
)

// The storage model: what is written to the table, in types of its own, so
// that renaming a field of the domain or the API never silently changes
// stored data. Every item carries `format`; an item of a format this code
// does not know is unreadable, never misread. Dates are YYYY-MM-DD strings,
// hours and months integer hundredths.

// format is the storage format these types write.
const format = 1

type contractItem struct {
	PK     string `dynamodbav:"pk"`
	SK     string `dynamodbav:"sk"`
	GSI1PK string `dynamodbav:"gsi1pk"`
	GSI1SK string `dynamodbav:"gsi1sk"`
	GSI2PK string `dynamodbav:"gsi2pk"`
	GSI2SK string `dynamodbav:"gsi2sk"`
	// The deadline index: set while a deadline is neither met nor flagged.
	GSI3PK string `dynamodbav:"gsi3pk,omitempty"`
	GSI3SK string `dynamodbav:"gsi3sk,omitempty"`
	Format int    `dynamodbav:"format"`
	// Status, OpenFlags and HasFlags are what list filters read.
	Status    string `dynamodbav:"status"`
	OpenFlags int    `dynamodbav:"open_flags,omitempty"`
	HasFlags  bool   `dynamodbav:"has_flags,omitempty"`

	ID                   string              `dynamodbav:"id"`
	Municipality         string              `dynamodbav:"municipality"`
	Reference            string              `dynamodbav:"reference"`
	Title                string              `dynamodbav:"title"`
	KvK                  string              `dynamodbav:"kvk"`
	ContractorName       string              `dynamodbav:"contractor_name"`
	ContractorEmail      string              `dynamodbav:"contractor_email,omitempty"`
	ContractorLanguage   string              `dynamodbav:"contractor_language,omitempty"`
	ValueCents           int64               `dynamodbav:"value_cents"`
	PercentageBP         int64               `dynamodbav:"percentage_bp"`
	PSOLevel             int                 `dynamodbav:"pso_level"`
	SocialAwardCriterion bool                `dynamodbav:"social_award_criterion"`
	AwardedOn            string              `dynamodbav:"awarded_on"`
	StartsOn             string              `dynamodbav:"starts_on"`
	EndsOn               string              `dynamodbav:"ends_on"`
	Reporting            string              `dynamodbav:"reporting"`
	Obligation           resultItem          `dynamodbav:"obligation"`
	Deadlines            deadlinesItem       `dynamodbav:"deadlines"`
	Registration         *registrationItem   `dynamodbav:"registration,omitempty"`
	Plan                 *planSummaryItem    `dynamodbav:"plan,omitempty"`
	ApprovedPlan         *planSummaryItem    `dynamodbav:"approved_plan,omitempty"`
	Reports              []reportSummaryItem `dynamodbav:"reports,omitempty"`
	PeopleReached        int64               `dynamodbav:"people_reached,omitempty"`
	DurableJobs          int64               `dynamodbav:"durable_jobs,omitempty"`
	Cancellation         *cancellationItem   `dynamodbav:"cancellation,omitempty"`
	Flags                []flagItem          `dynamodbav:"flags,omitempty"`
	ReminderDays         []int               `dynamodbav:"reminder_days,omitempty"`
	Reminded             []string            `dynamodbav:"reminded,omitempty"`
	CreatedAt            time.Time           `dynamodbav:"created_at"`
	UpdatedAt            time.Time           `dynamodbav:"updated_at"`
	Version              int64               `dynamodbav:"version"`
}

type deadlinesItem struct {
	RegistrationDue   string `dynamodbav:"registration_due"`
	PlanDue           string `dynamodbav:"plan_due"`
	PlanDueMax        string `dynamodbav:"plan_due_max"`
	PlanExtendedUntil string `dynamodbav:"plan_extended_until,omitempty"`
	PlanExtensionNote string `dynamodbav:"plan_extension_note,omitempty"`
}

type registrationItem struct {
	RegisteredAt time.Time `dynamodbav:"registered_at"`
	Late         bool      `dynamodbav:"late"`
	ContactName  string    `dynamodbav:"contact_name"`
	ContactEmail string    `dynamodbav:"contact_email"`
	Phone        string    `dynamodbav:"phone,omitempty"`
}

type cancellationItem struct {
	At     time.Time `dynamodbav:"at"`
	By     string    `dynamodbav:"by"`
	Reason string    `dynamodbav:"reason"`
}

type verdictItem struct {
	Decision  string    `dynamodbav:"decision"`
	DecidedAt time.Time `dynamodbav:"decided_at"`
	DecidedBy string    `dynamodbav:"decided_by"`
}

type decisionItem struct {
	verdictItem
	Note string `dynamodbav:"note,omitempty"`
}

type planSummaryItem struct {
	Revision       int          `dynamodbav:"revision"`
	Status         string       `dynamodbav:"status"`
	SubmittedAt    time.Time    `dynamodbav:"submitted_at"`
	SubmittedBy    string       `dynamodbav:"submitted_by"`
	ValueCents     int64        `dynamodbav:"value_cents"`
	CoverageBP     int64        `dynamodbav:"coverage_bp"`
	CatalogVersion string       `dynamodbav:"catalog_version"`
	Verdict        *verdictItem `dynamodbav:"verdict,omitempty"`
}

type periodItem struct {
	Key   string `dynamodbav:"period"`
	Start string `dynamodbav:"start"`
	End   string `dynamodbav:"end"`
	Due   string `dynamodbav:"due"`
}

type reportSummaryItem struct {
	periodItem
	Revision      int          `dynamodbav:"revision"`
	Status        string       `dynamodbav:"status"`
	SubmittedAt   time.Time    `dynamodbav:"submitted_at"`
	SubmittedBy   string       `dynamodbav:"submitted_by"`
	Late          bool         `dynamodbav:"late"`
	ValueCents    int64        `dynamodbav:"value_cents"`
	EvidenceCount int          `dynamodbav:"evidence_count"`
	Candidates    int          `dynamodbav:"candidates,omitempty"`
	Verdict       *verdictItem `dynamodbav:"verdict,omitempty"`
}

type flagItem struct {
	ID         string        `dynamodbav:"id"`
	Kind       string        `dynamodbav:"kind"`
	Period     string        `dynamodbav:"period,omitempty"`
	Due        string        `dynamodbav:"due"`
	RaisedAt   time.Time     `dynamodbav:"raised_at"`
	Status     string        `dynamodbav:"status"`
	ResolvedAt *time.Time    `dynamodbav:"resolved_at,omitempty"`
	FineCents  *int64        `dynamodbav:"fine_cents,omitempty"`
	Decision   *decisionItem `dynamodbav:"decision,omitempty"`
}

// resultItem is a stored valuation.
type resultItem struct {
	Municipality         string     `dynamodbav:"municipality"`
	CatalogVersion       string     `dynamodbav:"catalog_version"`
	On                   string     `dynamodbav:"on"`
	Applies              bool       `dynamodbav:"applies"`
	ThresholdCents       *int64     `dynamodbav:"threshold_cents,omitempty"`
	ContractValueCents   int64      `dynamodbav:"contract_value_cents"`
	PercentageBP         int64      `dynamodbav:"percentage_bp"`
	GrossObligationCents int64      `dynamodbav:"gross_obligation_cents"`
	PSODiscountBP        int64      `dynamodbav:"pso_discount_bp"`
	ObligationCents      int64      `dynamodbav:"obligation_cents"`
	PlanValueCents       int64      `dynamodbav:"plan_value_cents"`
	CoverageBP           int64      `dynamodbav:"coverage_bp"`
	ShortfallCents       int64      `dynamodbav:"shortfall_cents"`
	SmallContract        string     `dynamodbav:"small_contract,omitempty"`
	Lines                []lineItem `dynamodbav:"lines,omitempty"`
}

type lineItem struct {
	Index          int    `dynamodbav:"index"`
	Block          string `dynamodbav:"block"`
	Kind           string `dynamodbav:"kind"`
	ValueCents     int64  `dynamodbav:"value_cents"`
	Explanation    string `dynamodbav:"explanation"`
	NeedsAgreement bool   `dynamodbav:"needs_agreement,omitempty"`
	CountedX100    *int64 `dynamodbav:"counted_months_x100,omitempty"`
}

// planItem is one plan revision: pk=C#<id>, sk=P#<revision>.
type planItem struct {
	PK          string        `dynamodbav:"pk"`
	SK          string        `dynamodbav:"sk"`
	Format      int           `dynamodbav:"format"`
	Revision    int           `dynamodbav:"revision"`
	SubmittedAt time.Time     `dynamodbav:"submitted_at"`
	SubmittedBy string        `dynamodbav:"submitted_by"`
	Note        string        `dynamodbav:"note,omitempty"`
	Items       []itemItem    `dynamodbav:"items"`
	Valuation   resultItem    `dynamodbav:"valuation"`
	Decision    *decisionItem `dynamodbav:"decision,omitempty"`
}

// reportItem is one revision of a period's report:
// pk=C#<id>, sk=R#<period>#<revision>.
type reportItem struct {
	PK          string        `dynamodbav:"pk"`
	SK          string        `dynamodbav:"sk"`
	Format      int           `dynamodbav:"format"`
	Period      periodItem    `dynamodbav:"period"`
	Revision    int           `dynamodbav:"revision"`
	SubmittedAt time.Time     `dynamodbav:"submitted_at"`
	SubmittedBy string        `dynamodbav:"submitted_by"`
	Late        bool          `dynamodbav:"late"`
	Note        string        `dynamodbav:"note,omitempty"`
	Items       []itemItem    `dynamodbav:"items"`
	EvidenceIDs []string      `dynamodbav:"evidence_ids"`
	Valuation   resultItem    `dynamodbav:"valuation"`
	Decision    *decisionItem `dynamodbav:"decision,omitempty"`
}

// itemItem is one stored plan or report item.
type itemItem struct {
	Block            string   `dynamodbav:"block"`
	Persons          *int64   `dynamodbav:"persons,omitempty"`
	HoursPerWeekX100 *int64   `dynamodbav:"hours_per_week_x100,omitempty"`
	MonthsX100       *int64   `dynamodbav:"months_x100,omitempty"`
	WeeksX100        *int64   `dynamodbav:"weeks_x100,omitempty"`
	Bonuses          []string `dynamodbav:"bonuses,omitempty"`
	AmountCents      *int64   `dynamodbav:"amount_cents,omitempty"`
	MaterialsCents   *int64   `dynamodbav:"materials_cents,omitempty"`
	HoursX100        *int64   `dynamodbav:"hours_x100,omitempty"`
	AgreedValueCents *int64   `dynamodbav:"agreed_value_cents,omitempty"`
	DaysX100         *int64   `dynamodbav:"days_x100,omitempty"`
	Candidate        string   `dynamodbav:"candidate,omitempty"`
	Description      string   `dynamodbav:"description,omitempty"`
	// EvidenceIDs is what a report's item cites.
	EvidenceIDs []string `dynamodbav:"evidence_ids,omitempty"`
}

// eventItem is one audit event: pk=C#<id>, sk=E#<seq>. Data is kept as
// the JSON object it is shown as: an audit record is written once and read
// as it was written.
type eventItem struct {
	PK     string    `dynamodbav:"pk"`
	SK     string    `dynamodbav:"sk"`
	Format int       `dynamodbav:"format"`
	Seq    int64     `dynamodbav:"seq"`
	At     time.Time `dynamodbav:"at"`
	Actor  string    `dynamodbav:"actor"`
	Role   string    `dynamodbav:"role"`
	Action string    `dynamodbav:"action"`
	Data   string    `dynamodbav:"data"`
}

// Mapping between the domain and the items.

func date(d civil.Date) string { return d.String() }

func optDate(d *civil.Date) string {
	if d == nil {
		return ""
	}
	return d.String()
}

// dates parses stored dates, remembering the first failure: a stored date
// that does not parse makes the whole item unreadable.
type dates struct{ err error }

func (p *dates) get(s string) civil.Date {
	if s == "" {
		return civil.Date{}
	}
	d, err := civil.Parse(s)
	if err != nil && p.err == nil {
		p.err = err
	}
	return d
}

func (p *dates) opt(s string) *civil.Date {
	if s == "" {
		return nil
	}
	d := p.get(s)
	return &d
}

func toVerdict(v *contract.Verdict) *verdictItem {
	if v == nil {
		return nil
	}
	return &verdictItem{Decision: v.Decision, DecidedAt: v.DecidedAt, DecidedBy: v.DecidedBy}
}

func fromVerdict(v *verdictItem) *contract.Verdict {
	if v == nil {
		return nil
	}
	return &contract.Verdict{Decision: v.Decision, DecidedAt: v.DecidedAt, DecidedBy: v.DecidedBy}
}

func toDecision(d *contract.Decision) *decisionItem {
	if d == nil {
		return nil
	}
	return &decisionItem{verdictItem: *toVerdict(&d.Verdict), Note: d.Note}
}

func fromDecision(d *decisionItem) *contract.Decision {
	if d == nil {
		return nil
	}
	return &contract.Decision{Verdict: *fromVerdict(&d.verdictItem), Note: d.Note}
}

func toPeriod(p schedule.Period) periodItem {
	return periodItem{Key: p.Key, Start: date(p.Start), End: date(p.End), Due: date(p.Due)}
}

func fromPeriod(p periodItem, ds *dates) schedule.Period {
	return schedule.Period{Key: p.Key, Start: ds.get(p.Start), End: ds.get(p.End), Due: ds.get(p.Due)}
}

func toContractItem(c *contract.Contract) contractItem {
	sortKey := c.CreatedAt.UTC().Format(time.RFC3339Nano) + "#" + c.ID
	it := contractItem{
		PK: contractPK(c.ID), SK: contractSK,
		GSI1PK: "M#" + c.Municipality, GSI1SK: sortKey, GSI2PK: "K#" + c.ContractorKvK, GSI2SK: sortKey,
		Format: format, Status: string(c.Status), OpenFlags: len(c.OpenFlags()), HasFlags: len(c.Flags) > 0,
		ID: c.ID, Municipality: c.Municipality, Reference: c.Reference, Title: c.Title, KvK: c.ContractorKvK,
		ContractorName: c.ContractorName, ContractorEmail: c.ContractorEmail, ContractorLanguage: c.ContractorLanguage,
		ReminderDays: c.ReminderDays, Reminded: c.Reminded, ValueCents: c.ValueCents, PercentageBP: c.PercentageBP, PSOLevel: c.PSOLevel,
		SocialAwardCriterion: c.SocialAwardCriterion, AwardedOn: date(c.AwardedOn), StartsOn: date(c.StartsOn),
		EndsOn: date(c.EndsOn), Reporting: string(c.Reporting), Obligation: toResult(c.Obligation),
		Deadlines: deadlinesItem{
			RegistrationDue: date(c.Deadlines.RegistrationDue), PlanDue: date(c.Deadlines.PlanDue),
			PlanDueMax: date(c.Deadlines.PlanDueMax), PlanExtendedUntil: optDate(c.Deadlines.PlanExtendedUntil),
			PlanExtensionNote: c.Deadlines.PlanExtensionNote,
		},
		CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt, Version: c.Version,
	}
	if next := c.NextCheck(); next != nil {
		it.GSI3PK, it.GSI3SK = duePartition, next.String()+"#"+c.ID
	}
	if r := c.Registration; r != nil {
		it.Registration = &registrationItem{RegisteredAt: r.RegisteredAt, Late: r.Late, ContactName: r.Contact.Name,
			ContactEmail: r.Contact.Email, Phone: r.Contact.Phone}
	}
	it.Plan, it.ApprovedPlan = toPlanSummary(c.Plan), toPlanSummary(c.ApprovedPlan)
	it.PeopleReached, it.DurableJobs = c.Reach.PeopleReached, c.Reach.DurableJobs
	if x := c.Cancellation; x != nil {
		it.Cancellation = &cancellationItem{At: x.At, By: x.By, Reason: x.Reason}
	}
	for _, r := range c.Reports {
		it.Reports = append(it.Reports, reportSummaryItem{periodItem: toPeriod(r.Period), Revision: r.Revision, Status: r.Status,
			SubmittedAt: r.SubmittedAt, SubmittedBy: r.SubmittedBy, Late: r.Late, ValueCents: r.ValueCents,
			EvidenceCount: r.EvidenceCount, Candidates: r.Candidates, Verdict: toVerdict(r.Verdict)})
	}
	for _, f := range c.Flags {
		it.Flags = append(it.Flags, flagItem{ID: f.ID, Kind: f.Kind, Period: f.Period, Due: date(f.Due), RaisedAt: f.RaisedAt,
			Status: f.Status, ResolvedAt: f.ResolvedAt, FineCents: f.FineCents, Decision: toDecision(f.Decision)})
	}
	return it
}

func fromContractItem(it contractItem) (*contract.Contract, error) {
	var ds dates
	c := &contract.Contract{
		ID: it.ID, Municipality: it.Municipality, Reference: it.Reference, Title: it.Title, ContractorKvK: it.KvK,
		ContractorName: it.ContractorName, ContractorEmail: it.ContractorEmail, ContractorLanguage: it.ContractorLanguage,
		ReminderDays: it.ReminderDays, Reminded: it.Reminded, ValueCents: it.ValueCents, PercentageBP: it.PercentageBP, PSOLevel: it.PSOLevel,
		SocialAwardCriterion: it.SocialAwardCriterion, AwardedOn: ds.get(it.AwardedOn), StartsOn: ds.get(it.StartsOn),
		EndsOn: ds.get(it.EndsOn), Reporting: schedule.Cadence(it.Reporting), Status: contract.Status(it.Status),
		Obligation: fromResult(it.Obligation, &ds),
		Deadlines: contract.Deadlines{
			Deadlines: schedule.Deadlines{RegistrationDue: ds.get(it.Deadlines.RegistrationDue),
				PlanDue: ds.get(it.Deadlines.PlanDue), PlanDueMax: ds.get(it.Deadlines.PlanDueMax)},
			PlanExtendedUntil: ds.opt(it.Deadlines.PlanExtendedUntil), PlanExtensionNote: it.Deadlines.PlanExtensionNote,
		},
		CreatedAt: it.CreatedAt, UpdatedAt: it.UpdatedAt, Version: it.Version,
	}
	if r := it.Registration; r != nil {
		c.Registration = &contract.Registration{RegisteredAt: r.RegisteredAt, Late: r.Late,
			Contact: contract.Contact{Name: r.ContactName, Email: r.ContactEmail, Phone: r.Phone}}
	}
	c.Plan, c.ApprovedPlan = fromPlanSummary(it.Plan), fromPlanSummary(it.ApprovedPlan)
	c.Reach = contract.Reach{PeopleReached: it.PeopleReached, DurableJobs: it.DurableJobs}
	if x := it.Cancellation; x != nil {
		c.Cancellation = &contract.Cancellation{At: x.At, By: x.By, Reason: x.Reason}
	}
	for _, r := range it.Reports {
		c.Reports = append(c.Reports, contract.ReportSummary{Period: fromPeriod(r.periodItem, &ds), Revision: r.Revision,
			Status: r.Status, SubmittedAt: r.SubmittedAt, SubmittedBy: r.SubmittedBy, Late: r.Late, ValueCents: r.ValueCents,
			EvidenceCount: r.EvidenceCount, Candidates: r.Candidates, Verdict: fromVerdict(r.Verdict)})
	}
	for _, f := range it.Flags {
		c.Flags = append(c.Flags, contract.Flag{ID: f.ID, ContractID: it.ID, Kind: f.Kind, Period: f.Period, Due: ds.get(f.Due),
			RaisedAt: f.RaisedAt, Status: f.Status, ResolvedAt: f.ResolvedAt, FineCents: f.FineCents, Decision: fromDecision(f.Decision)})
	}
	return c, ds.err
}

func toPlanSummary(p *contract.PlanSummary) *planSummaryItem {
	if p == nil {
		return nil
	}
	return &planSummaryItem{Revision: p.Revision, Status: p.Status, SubmittedAt: p.SubmittedAt, SubmittedBy: p.SubmittedBy,
		ValueCents: p.ValueCents, CoverageBP: p.CoverageBP, CatalogVersion: p.CatalogVersion, Verdict: toVerdict(p.Verdict)}
}

func fromPlanSummary(p *planSummaryItem) *contract.PlanSummary {
	if p == nil {
		return nil
	}
	return &contract.PlanSummary{Revision: p.Revision, Status: p.Status, SubmittedAt: p.SubmittedAt, SubmittedBy: p.SubmittedBy,
		ValueCents: p.ValueCents, CoverageBP: p.CoverageBP, CatalogVersion: p.CatalogVersion, Verdict: fromVerdict(p.Verdict)}
}

func toResult(r valuation.Result) resultItem {
	it := resultItem{Municipality: r.Municipality, CatalogVersion: r.CatalogVersion, On: date(r.On), Applies: r.Applies,
		ThresholdCents: r.ThresholdCents, ContractValueCents: r.ContractValueCents, PercentageBP: r.PercentageBP,
		GrossObligationCents: r.GrossObligationCents, PSODiscountBP: r.PSODiscountBP, ObligationCents: r.ObligationCents,
		PlanValueCents: r.PlanValueCents, CoverageBP: r.CoverageBP, ShortfallCents: r.ShortfallCents, SmallContract: r.SmallContract}
	for _, l := range r.Lines {
		it.Lines = append(it.Lines, lineItem{Index: l.Index, Block: l.Block, Kind: l.Kind, ValueCents: l.ValueCents,
			Explanation: l.Explanation, NeedsAgreement: l.NeedsAgreement, CountedX100: hundredths(l.CountedMonths)})
	}
	return it
}

func fromResult(it resultItem, ds *dates) valuation.Result {
	r := valuation.Result{Municipality: it.Municipality, CatalogVersion: it.CatalogVersion, On: ds.get(it.On), Applies: it.Applies,
		ThresholdCents: it.ThresholdCents, ContractValueCents: it.ContractValueCents, PercentageBP: it.PercentageBP,
		GrossObligationCents: it.GrossObligationCents, PSODiscountBP: it.PSODiscountBP, ObligationCents: it.ObligationCents,
		PlanValueCents: it.PlanValueCents, CoverageBP: it.CoverageBP, ShortfallCents: it.ShortfallCents, SmallContract: it.SmallContract,
		Lines: []valuation.Line{}}
	for _, l := range it.Lines {
		r.Lines = append(r.Lines, valuation.Line{Index: l.Index, Block: l.Block, Kind: l.Kind, ValueCents: l.ValueCents,
			Explanation: l.Explanation, NeedsAgreement: l.NeedsAgreement, CountedMonths: decimal(l.CountedX100)})
	}
	return r
}

func hundredths(d *valuation.Decimal) *int64 {
	if d == nil {
		return nil
	}
	v := int64(*d)
	return &v
}

func decimal(v *int64) *valuation.Decimal {
	if v == nil {
		return nil
	}
	d := valuation.Decimal(*v)
	return &d
}

// toItems stores items with, for a report, the evidence each cites
// (evidence[i], nil for a plan).
func toItems(items []valuation.Item, evidence [][]string) []itemItem {
	out := make([]itemItem, len(items))
	for i, it := range items {
		out[i] = itemItem{Block: it.Block, Persons: it.Persons, HoursPerWeekX100: hundredths(it.HoursPerWeek),
			MonthsX100: hundredths(it.Months), WeeksX100: hundredths(it.Weeks), Bonuses: it.Bonuses, AmountCents: it.AmountCents,
			MaterialsCents: it.MaterialsCents, HoursX100: hundredths(it.Hours), AgreedValueCents: it.AgreedValueCents,
			DaysX100: hundredths(it.Days), Candidate: it.Candidate, Description: it.Description}
		if i < len(evidence) {
			out[i].EvidenceIDs = evidence[i]
		}
	}
	return out
}

// fromItems reads stored items and the evidence each cites.
func fromItems(items []itemItem) ([]valuation.Item, [][]string) {
	out := make([]valuation.Item, len(items))
	evidence := make([][]string, len(items))
	for i, it := range items {
		out[i] = valuation.Item{Block: it.Block, Persons: it.Persons, HoursPerWeek: decimal(it.HoursPerWeekX100),
			Months: decimal(it.MonthsX100), Weeks: decimal(it.WeeksX100), Bonuses: it.Bonuses, AmountCents: it.AmountCents,
			MaterialsCents: it.MaterialsCents, Hours: decimal(it.HoursX100), AgreedValueCents: it.AgreedValueCents,
			Days: decimal(it.DaysX100), Candidate: it.Candidate, Description: it.Description}
		evidence[i] = it.EvidenceIDs
	}
	return out, evidence
}

func toPlanItem(r *contract.PlanRevision) planItem {
	return planItem{PK: contractPK(r.ContractID), SK: planSK(r.Revision), Format: format, Revision: r.Revision,
		SubmittedAt: r.SubmittedAt, SubmittedBy: r.SubmittedBy, Note: r.Note, Items: toItems(r.Items, nil),
		Valuation: toResult(r.Valuation), Decision: toDecision(r.Decision)}
}

func fromPlanItem(contractID string, it planItem) (*contract.PlanRevision, error) {
	var ds dates
	items, _ := fromItems(it.Items)
	r := &contract.PlanRevision{ContractID: contractID, Revision: it.Revision, SubmittedAt: it.SubmittedAt, SubmittedBy: it.SubmittedBy,
		Note: it.Note, Items: items, Valuation: fromResult(it.Valuation, &ds), Decision: fromDecision(it.Decision)}
	return r, ds.err
}

func toReportItem(r *contract.Report) reportItem {
	return reportItem{PK: contractPK(r.ContractID), SK: reportSK(r.Period.Key, r.Revision), Format: format,
		Period: toPeriod(r.Period), Revision: r.Revision, SubmittedAt: r.SubmittedAt, SubmittedBy: r.SubmittedBy, Late: r.Late,
		Note: r.Note, Items: toItems(r.Items, r.ItemEvidence), EvidenceIDs: r.EvidenceIDs, Valuation: toResult(r.Valuation),
		Decision: toDecision(r.Decision)}
}

func fromReportItem(contractID string, it reportItem) (*contract.Report, error) {
	var ds dates
	items, evidence := fromItems(it.Items)
	r := &contract.Report{ContractID: contractID, Period: fromPeriod(it.Period, &ds), Revision: it.Revision,
		SubmittedAt: it.SubmittedAt, SubmittedBy: it.SubmittedBy, Late: it.Late, Note: it.Note, Items: items, ItemEvidence: evidence,
		EvidenceIDs: it.EvidenceIDs, Valuation: fromResult(it.Valuation, &ds), Decision: fromDecision(it.Decision)}
	if r.EvidenceIDs == nil {
		r.EvidenceIDs = []string{}
	}
	return r, ds.err
}

// noticeItem is one notice: pk=C#<id>, sk=N#<notice id>. The table's
// stream delivers it; it expires once it is long delivered.
type noticeItem struct {
	PK             string                  `dynamodbav:"pk"`
	SK             string                  `dynamodbav:"sk"`
	Format         int                     `dynamodbav:"format"`
	ID             string                  `dynamodbav:"id"`
	Kind           string                  `dynamodbav:"kind"`
	At             time.Time               `dynamodbav:"at"`
	ContractID     string                  `dynamodbav:"contract_id"`
	Municipality   string                  `dynamodbav:"municipality"`
	Reference      string                  `dynamodbav:"reference"`
	Title          string                  `dynamodbav:"title"`
	KvK            string                  `dynamodbav:"kvk"`
	ContractorName string                  `dynamodbav:"contractor_name"`
	Deadline       string                  `dynamodbav:"deadline,omitempty"`
	Audience       string                  `dynamodbav:"audience,omitempty"`
	Period         string                  `dynamodbav:"period,omitempty"`
	Due            string                  `dynamodbav:"due,omitempty"`
	FlagID         string                  `dynamodbav:"flag_id,omitempty"`
	FlagKind       string                  `dynamodbav:"flag_kind,omitempty"`
	FlagStatus     string                  `dynamodbav:"flag_status,omitempty"`
	FineCents      *int64                  `dynamodbav:"fine_cents,omitempty"`
	Revision       int                     `dynamodbav:"revision,omitempty"`
	Decision       string                  `dynamodbav:"decision,omitempty"`
	Note           string                  `dynamodbav:"note,omitempty"`
	ValueCents     *int64                  `dynamodbav:"value_cents,omitempty"`
	ExpiresAt      attributevalue.UnixTime `dynamodbav:"expires_at"`
}

// noticeTTL is how long a notice item is kept: the stream delivers it
// within seconds, and retries for at most a day.
const noticeTTL = 30 * 24 * time.Hour

func toNoticeItem(n *contract.Notice) noticeItem {
	return noticeItem{PK: contractPK(n.ContractID), SK: "N#" + n.ID, Format: format, ID: n.ID, Kind: n.Kind, At: n.At,
		ContractID: n.ContractID, Municipality: n.Municipality, Reference: n.Reference, Title: n.Title, KvK: n.ContractorKvK,
		ContractorName: n.ContractorName, Deadline: n.Deadline, Audience: n.Audience, Period: n.Period, Due: optDate(n.Due), FlagID: n.FlagID, FlagKind: n.FlagKind,
		FlagStatus: n.FlagStatus, FineCents: n.FineCents, Revision: n.Revision, Decision: n.Decision, Note: n.Note,
		ValueCents: n.ValueCents, ExpiresAt: attributevalue.UnixTime(n.At.Add(noticeTTL))}
}

func fromNoticeItem(it noticeItem) (contract.Notice, error) {
	var ds dates
	n := contract.Notice{ID: it.ID, Kind: it.Kind, At: it.At, ContractID: it.ContractID, Municipality: it.Municipality,
		Reference: it.Reference, Title: it.Title, ContractorKvK: it.KvK, ContractorName: it.ContractorName,
		Deadline: it.Deadline, Audience: it.Audience,
		Period: it.Period, Due: ds.opt(it.Due), FlagID: it.FlagID, FlagKind: it.FlagKind, FlagStatus: it.FlagStatus,
		FineCents: it.FineCents, Revision: it.Revision, Decision: it.Decision, Note: it.Note, ValueCents: it.ValueCents}
	return n, ds.err
}
