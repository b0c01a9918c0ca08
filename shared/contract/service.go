package contract

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	mrand "math/rand/v2"
	"net/mail"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/srmonitor/srmonitor/shared/auth"
	"github.com/srmonitor/srmonitor/shared/check"
	"github.com/srmonitor/srmonitor/shared/civil"
	"github.com/srmonitor/srmonitor/shared/logs"
	"github.com/srmonitor/srmonitor/shared/policy"
	"github.com/srmonitor/srmonitor/shared/schedule"
	"github.com/srmonitor/srmonitor/shared/valuation"
)

// Repository stores contracts and their audit trail. Every write is
// conditional and records its Event in the same transaction.
type Repository interface {
	// Create stores a new contract; ErrDuplicate when its reference is taken
	// in its municipality.
	Create(ctx context.Context, c *Contract, ev Event) error
	Get(ctx context.Context, id string) (*Contract, error)
	// Save replaces c if the stored version is still prev; ErrStale if not.
	Save(ctx context.Context, c *Contract, prev int64, ev Event) error
	// List returns one page of a municipality's (Municipality set) or a
	// contractor's (KvK set) contracts, newest first.
	List(ctx context.Context, q Query) ([]Contract, string, error)
	// History returns one page of a contract's events, oldest first.
	History(ctx context.Context, id string, limit int, cursor string) ([]Event, string, error)
}

// Query selects a page of contracts of one organisation.
type Query struct {
	Municipality string
	KvK          string
	Status       Status
	Flagged      bool // only contracts with open flags
	WithFlags    bool // only contracts that ever had a flag
	Limit        int
	Cursor       string
}

// ErrBadCursor is a cursor this caller cannot use (tampered, or another
// organisation's).
var ErrBadCursor = errors.New("invalid cursor")

// ConflictError is an illegal state change (409).
type ConflictError struct{ Reason string }

func (e *ConflictError) Error() string { return e.Reason }

func conflict(format string, args ...any) error {
	return &ConflictError{Reason: fmt.Sprintf(format, args...)}
}

// Service runs the lifecycle rules over a Repository.
type Service struct {
	Repo     Repository
	Policies *policy.Registry
	Now      func() time.Time
	// Evidence checks evidence cited by reports; with nil, no evidence is
	// known and a report citing any is refused.
	Evidence EvidenceChecker
	// Events receives every flag raised or resolved; nil publishes nothing.
	Events Publisher
}

// Publisher sends flag events (EventBridge in AWS).
type Publisher interface {
	Publish(ctx context.Context, events []FlagEvent) error
}

// FlagEvent is a flag that was raised (FlagRaised) or left the open state
// (FlagResolved: resolved, fined or waived).
type FlagEvent struct {
	DetailType string
	Flag       Flag
}

// maxAttempts bounds the re-reads when concurrent writers keep winning;
// 20 parallel plan submissions on one contract must all land.
const maxAttempts = 64

// CreateInput is the body of POST /contracts.
type CreateInput struct {
	Municipality         string      `json:"municipality"`
	Reference            string      `json:"reference"`
	Title                string      `json:"title"`
	ContractorKvK        string      `json:"contractor_kvk"`
	ContractorName       string      `json:"contractor_name"`
	ValueCents           *int64      `json:"value_cents"`
	PercentageBP         *int64      `json:"percentage_bp"`
	PSOLevel             int         `json:"pso_level"`
	SocialAwardCriterion bool        `json:"social_award_criterion"`
	AwardedOn            *civil.Date `json:"awarded_on"`
	StartsOn             *civil.Date `json:"starts_on"`
	EndsOn               *civil.Date `json:"ends_on"`
	Reporting            string      `json:"reporting"`
}

// Create records an awarded contract with its obligation and deadlines.
func (s *Service) Create(ctx context.Context, p auth.Principal, in CreateInput) (*Contract, error) {
	var probs check.Problems
	mun := in.Municipality
	switch {
	case mun == "" && len(p.Orgs) == 1:
		mun = p.Orgs[0]
	case mun == "":
		probs.Add("municipality", "required: you act for %s", strings.Join(p.Orgs, ", "))
	case !p.ServesMunicipality(mun):
		probs.Add("municipality", "you do not act for %q (you act for %s)", mun, strings.Join(p.Orgs, ", "))
	}
	pol, known := s.Policies.Municipality(mun)
	if mun != "" && !known {
		probs.Add("municipality", "unknown municipality %q", mun)
	}
	text(&probs, "reference", in.Reference, 100)
	text(&probs, "title", in.Title, 300)
	text(&probs, "contractor_name", in.ContractorName, 300)
	if !check.IsKvK(in.ContractorKvK) {
		probs.Add("contractor_kvk", "must be a KvK number of 8 digits")
	}
	dates := map[string]*civil.Date{"awarded_on": in.AwardedOn, "starts_on": in.StartsOn, "ends_on": in.EndsOn}
	for _, f := range []string{"awarded_on", "starts_on", "ends_on"} {
		if d := dates[f]; d == nil || d.IsZero() {
			probs.Add(f, "required (YYYY-MM-DD)")
		}
	}
	datesOK := in.AwardedOn != nil && in.StartsOn != nil && in.EndsOn != nil && !in.AwardedOn.IsZero() && !in.StartsOn.IsZero() && !in.EndsOn.IsZero()
	if datesOK && in.EndsOn.Before(*in.StartsOn) {
		probs.Add("ends_on", "must not be before starts_on (%s)", in.StartsOn)
	}
	if datesOK && in.AwardedOn.After(*in.StartsOn) {
		probs.Add("awarded_on", "must not be after starts_on (%s): a contract is awarded before it starts", in.StartsOn)
	}
	cadence := schedule.Cadence(in.Reporting)
	if in.Reporting == "" && known {
		cadence = schedule.Cadence(pol.Reporting)
	} else if in.Reporting != "" {
		if _, err := schedule.ParseCadence(in.Reporting); err != nil {
			probs.Add("reporting", "%s", err.Error())
		}
	}
	if in.ValueCents == nil {
		probs.Add("value_cents", "required: the contract value excluding VAT, in cents")
	}
	var obligation valuation.Result
	if known && in.ValueCents != nil && datesOK {
		res, err := valuation.Value(s.Policies, valuation.Request{
			Municipality: mun, ContractValueCents: in.ValueCents, PercentageBP: in.PercentageBP,
			PSOLevel: in.PSOLevel, SocialAwardCriterion: in.SocialAwardCriterion, On: in.AwardedOn,
		}, civil.Today(s.now()))
		var vp check.Problems
		switch {
		case errors.As(err, &vp):
			for _, q := range vp {
				probs.Add(renameValuationField(q.Field), "%s", q.Problem)
			}
		case err != nil:
			return nil, err
		}
		obligation = res
	}
	if err := probs.Err(); err != nil {
		return nil, err
	}

	now := s.now()
	c := &Contract{
		ID: newID("c"), Municipality: mun, Reference: strings.TrimSpace(in.Reference), Title: strings.TrimSpace(in.Title),
		ContractorKvK: in.ContractorKvK, ContractorName: strings.TrimSpace(in.ContractorName),
		ValueCents: *in.ValueCents, PercentageBP: obligation.PercentageBP, PSOLevel: in.PSOLevel,
		SocialAwardCriterion: in.SocialAwardCriterion, AwardedOn: *in.AwardedOn, StartsOn: *in.StartsOn, EndsOn: *in.EndsOn,
		Reporting: cadence, Status: AwaitingRegistration, Obligation: obligation,
		Deadlines: Deadlines{Deadlines: schedule.ContractDeadlines(*in.AwardedOn, pol.RegistrationDays, pol.PlanApprovalDays, pol.PlanExtensionMaxDays)},
		CreatedAt: now, UpdatedAt: now, Version: 1, Reports: []*Report{}, Flags: []*Flag{},
	}
	c.refresh(now)
	ev := event(c, p, now, "contract_created", map[string]any{
		"reference": c.Reference, "value_cents": c.ValueCents, "obligation_cents": obligation.ObligationCents,
		"catalog_version": obligation.CatalogVersion, "deadlines": c.Deadlines,
	})
	if err := s.Repo.Create(ctx, c, ev); err != nil {
		return nil, err
	}
	return c, nil
}

// renameValuationField maps the valuation request's field names onto the
// contract's, so a 422 names the field the client sent.
func renameValuationField(f string) string {
	switch f {
	case "contract_value_cents":
		return "value_cents"
	case "on":
		return "awarded_on"
	}
	return f
}

// Get returns a contract the principal may see; another organisation's is
// ErrNotFound, so its existence is not disclosed.
func (s *Service) Get(ctx context.Context, p auth.Principal, id string) (*Contract, error) {
	c, err := s.Repo.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if !CanSee(p, c) {
		return nil, ErrNotFound
	}
	return c, nil
}

// CanSee reports whether p may see c.
func CanSee(p auth.Principal, c *Contract) bool {
	switch p.Role {
	case auth.Municipality:
		return p.ServesMunicipality(c.Municipality)
	case auth.Contractor:
		return p.KvK() == c.ContractorKvK
	case auth.System:
		return true
	}
	return false
}

// change applies fn to the current contract and saves it, re-reading and
// re-applying when a concurrent writer won, so no update is lost. With an
// If-Match version, a stale read is the client's to resolve: ErrStale.
func (s *Service) change(ctx context.Context, p auth.Principal, id string, ifMatch *int64, fn func(c *Contract, now time.Time) (action string, data any, err error)) (*Contract, error) {
	for attempt := 0; ; attempt++ {
		c, err := s.Get(ctx, p, id)
		if err != nil {
			return nil, err
		}
		if ifMatch != nil && c.Version != *ifMatch {
			return nil, ErrStale
		}
		now := s.now()
		before := flagStates(c)
		action, data, err := fn(c, now)
		if err != nil {
			return nil, err
		}
		c.refresh(now)
		prev := c.Version
		c.Version++
		c.UpdatedAt = now
		err = s.Repo.Save(ctx, c, prev, event(c, p, now, action, data))
		if !errors.Is(err, ErrStale) || ifMatch != nil {
			if err != nil {
				return nil, err
			}
			s.publish(ctx, before, c)
			return c, nil
		}
		if attempt >= maxAttempts {
			return nil, err
		}
		// Jittered backoff so parallel writers do not collide in lockstep.
		time.Sleep(time.Duration(mrand.IntN(5*(attempt+1))) * time.Millisecond)
	}
}

func flagStates(c *Contract) map[string]string {
	m := make(map[string]string, len(c.Flags))
	for _, f := range c.Flags {
		m[f.ID] = f.Status
	}
	return m
}

// flagEvents are the flags c raised or closed since the states in before.
func flagEvents(before map[string]string, c *Contract) []FlagEvent {
	var evs []FlagEvent
	for _, f := range c.Flags {
		was, existed := before[f.ID]
		switch {
		case !existed:
			evs = append(evs, FlagEvent{DetailType: FlagRaised, Flag: *f})
		case was == "open" && f.Status != "open":
			evs = append(evs, FlagEvent{DetailType: FlagResolved, Flag: *f})
		}
	}
	return evs
}

// Event detail types.
const (
	FlagRaised   = "FlagRaised"
	FlagResolved = "FlagResolved"
)

// publish announces the flags a committed change raised or closed. The
// change stands if publishing fails; the failure is logged for operators.
func (s *Service) publish(ctx context.Context, before map[string]string, c *Contract) {
	evs := flagEvents(before, c)
	if s.Events == nil || len(evs) == 0 {
		return
	}
	if err := s.Events.Publish(ctx, evs); err != nil {
		logs.From(ctx).Error("publishing flag events failed", "contract_id", c.ID, "events", len(evs), "error", err.Error())
	}
}

// RegisterInput is the body of POST /contracts/{id}/registration.
type RegisterInput struct {
	ContactName  string `json:"contact_name"`
	ContactEmail string `json:"contact_email"`
	Phone        string `json:"phone"`
}

// Register records the contractor's registration; a late one is accepted
// and marked late.
func (s *Service) Register(ctx context.Context, p auth.Principal, id string, ifMatch *int64, in RegisterInput) (*Contract, error) {
	var probs check.Problems
	text(&probs, "contact_name", in.ContactName, 200)
	if a, err := mail.ParseAddress(in.ContactEmail); err != nil || a.Address != strings.TrimSpace(in.ContactEmail) || !strings.Contains(a.Address[strings.LastIndex(a.Address, "@"):], ".") {
		probs.Add("contact_email", "must be an e-mail address such as name@example.nl")
	}
	if ph := strings.TrimSpace(in.Phone); ph != "" && !validPhone(ph) {
		probs.Add("phone", "must be a phone number of 6 to 15 digits, with an optional + and spaces, dashes or brackets")
	}
	if err := probs.Err(); err != nil {
		return nil, err
	}
	return s.change(ctx, p, id, ifMatch, func(c *Contract, now time.Time) (string, any, error) {
		if c.Registration != nil {
			return "", nil, conflict("the contractor registered already, on %s", c.Registration.RegisteredAt.In(civil.Amsterdam).Format(time.RFC3339))
		}
		late := schedule.Passed(c.Deadlines.RegistrationDue, now)
		c.Registration = &Registration{RegisteredAt: now, Late: late, Contact: Contact{
			Name: strings.TrimSpace(in.ContactName), Email: strings.TrimSpace(in.ContactEmail), Phone: strings.TrimSpace(in.Phone),
		}}
		c.Status = AwaitingPlan
		return "registered", map[string]any{"late": late, "registration_due": c.Deadlines.RegistrationDue}, nil
	})
}

// PlanInput is the body of PUT /contracts/{id}/plan.
type PlanInput struct {
	Items []valuation.Item `json:"items"`
	Note  string           `json:"note"`
}

// SubmitPlan stores a new plan revision, valued with the catalog in force on
// the award date, until a plan is approved.
func (s *Service) SubmitPlan(ctx context.Context, p auth.Principal, id string, ifMatch *int64, in PlanInput) (*Contract, error) {
	if in.Items == nil {
		return nil, check.Problems{{Field: "items", Problem: "required: the building blocks of the plan (may be empty)"}}
	}
	if utf8.RuneCountInString(in.Note) > 2000 {
		return nil, check.Problems{{Field: "note", Problem: "must be at most 2000 characters"}}
	}
	return s.change(ctx, p, id, ifMatch, func(c *Contract, now time.Time) (string, any, error) {
		switch {
		case c.Registration == nil:
			return "", nil, conflict("register the contract first (POST /contracts/%s/registration)", c.ID)
		case c.Status == PlanApproved:
			return "", nil, conflict("the plan was approved; it can no longer be revised")
		}
		res, err := s.value(c, in.Items)
		if err != nil {
			return "", nil, err
		}
		rev := 1
		if c.Plan != nil {
			rev = c.Plan.Revision + 1
		}
		c.Plan = &Plan{Revision: rev, Status: "submitted", SubmittedAt: now, SubmittedBy: p.Subject, Note: in.Note, Items: in.Items, Valuation: res}
		c.Status = PlanSubmitted
		return "plan_submitted", c.Plan, nil
	})
}

// value values items with the contract's obligation on its award date.
func (s *Service) value(c *Contract, items []valuation.Item) (valuation.Result, error) {
	v := c.ValueCents
	pct := c.PercentageBP
	on := c.AwardedOn
	return valuation.Value(s.Policies, valuation.Request{
		Municipality: c.Municipality, ContractValueCents: &v, PercentageBP: &pct, PSOLevel: c.PSOLevel,
		SocialAwardCriterion: c.SocialAwardCriterion, On: &on, Items: items,
	}, civil.Today(s.now()))
}

// DecisionInput is the body of POST /contracts/{id}/plan/decision.
type DecisionInput struct {
	Decision string `json:"decision"`
	Note     string `json:"note"`
}

// DecidePlan approves or rejects the submitted plan revision.
func (s *Service) DecidePlan(ctx context.Context, p auth.Principal, id string, ifMatch *int64, in DecisionInput) (*Contract, error) {
	if in.Decision != "approved" && in.Decision != "rejected" {
		return nil, check.Problems{{Field: "decision", Problem: "must be approved or rejected"}}
	}
	if utf8.RuneCountInString(in.Note) > 2000 {
		return nil, check.Problems{{Field: "note", Problem: "must be at most 2000 characters"}}
	}
	return s.change(ctx, p, id, ifMatch, func(c *Contract, now time.Time) (string, any, error) {
		if c.Plan == nil || c.Status != PlanSubmitted {
			return "", nil, conflict("there is no submitted plan to decide on (status %s)", c.Status)
		}
		c.Plan.Status = in.Decision
		c.Plan.Decision = &Decision{Decision: in.Decision, Note: in.Note, DecidedAt: now, DecidedBy: p.Subject}
		c.Status = PlanRejected
		if in.Decision == "approved" {
			c.Status = PlanApproved
		}
		return "plan_" + in.Decision, map[string]any{"revision": c.Plan.Revision, "note": in.Note}, nil
	})
}

// ExtensionInput is the body of POST /contracts/{id}/plan/extension.
type ExtensionInput struct {
	Until  *civil.Date `json:"until"`
	Reason string      `json:"reason"`
}

// ExtendPlan extends plan approval in writing, up to plan_due_max.
func (s *Service) ExtendPlan(ctx context.Context, p auth.Principal, id string, ifMatch *int64, in ExtensionInput) (*Contract, error) {
	var probs check.Problems
	if in.Until == nil || in.Until.IsZero() {
		probs.Add("until", "required (YYYY-MM-DD)")
	}
	text(&probs, "reason", in.Reason, 2000)
	if err := probs.Err(); err != nil {
		return nil, err
	}
	return s.change(ctx, p, id, ifMatch, func(c *Contract, now time.Time) (string, any, error) {
		if c.Status == PlanApproved {
			return "", nil, conflict("the plan is approved; there is nothing to extend")
		}
		current := c.Deadlines.Deadlines
		current.PlanDue = c.Deadlines.PlanDueNow()
		if err := schedule.CheckExtension(current, *in.Until); err != nil {
			return "", nil, check.Problems{{Field: "until", Problem: err.Error()}}
		}
		until := *in.Until
		c.Deadlines.PlanExtendedUntil = &until
		c.Deadlines.PlanExtensionNote = strings.TrimSpace(in.Reason)
		return "plan_extended", map[string]any{"from": current.PlanDue, "until": until, "reason": c.Deadlines.PlanExtensionNote}, nil
	})
}

// List returns one page of the contracts p may see. A municipality user
// acting for several municipalities pages through them in turn.
func (s *Service) List(ctx context.Context, p auth.Principal, q Query) ([]Contract, string, error) {
	if p.Role == auth.Contractor {
		q.KvK, q.Municipality = p.KvK(), ""
		return s.Repo.List(ctx, q)
	}
	limit, cursor := q.Limit, q.Cursor
	orgs := slices.Sorted(slices.Values(p.Orgs))
	start, inner := 0, ""
	if cursor != "" {
		var c struct {
			M string `json:"m"`
			C string `json:"c"`
		}
		b, err := base64.RawURLEncoding.DecodeString(cursor)
		if err != nil || json.Unmarshal(b, &c) != nil {
			return nil, "", ErrBadCursor
		}
		if start = slices.Index(orgs, c.M); start < 0 {
			return nil, "", ErrBadCursor
		}
		inner = c.C
	}
	var out []Contract
	for i := start; i < len(orgs); i++ {
		q.Municipality, q.Limit, q.Cursor = orgs[i], limit-len(out), inner
		page, next, err := s.Repo.List(ctx, q)
		if err != nil {
			return nil, "", err
		}
		inner = ""
		out = append(out, page...)
		if next != "" {
			return out, wrapCursor(orgs[i], next), nil
		}
		if len(out) >= limit && i+1 < len(orgs) {
			return out, wrapCursor(orgs[i+1], ""), nil
		}
	}
	return out, "", nil
}

// b32 keeps ids URL-safe, lower case and free of punctuation (flag ids
// join them with dots).
var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

func wrapCursor(m, inner string) string {
	b, _ := json.Marshal(map[string]string{"m": m, "c": inner})
	return base64.RawURLEncoding.EncodeToString(b)
}

// History returns a page of the audit trail of a contract p may see.
func (s *Service) History(ctx context.Context, p auth.Principal, id string, limit int, cursor string) ([]Event, string, error) {
	if _, err := s.Get(ctx, p, id); err != nil {
		return nil, "", err
	}
	return s.Repo.History(ctx, id, limit, cursor)
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func event(c *Contract, p auth.Principal, now time.Time, action string, data any) Event {
	raw, _ := json.Marshal(data)
	return Event{ContractID: c.ID, Seq: c.Version, At: now, Actor: p.Subject, Role: string(p.Role), Action: action, Data: raw}
}

func text(p *check.Problems, field, v string, max int) {
	switch n := utf8.RuneCountInString(strings.TrimSpace(v)); {
	case n == 0:
		p.Add(field, "required")
	case n > max:
		p.Add(field, "must be at most %d characters", max)
	}
}

func validPhone(s string) bool {
	digits := 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '+' && i == 0, r == ' ', r == '-', r == '(', r == ')':
		default:
			return false
		}
	}
	return digits >= 6 && digits <= 15
}

// newID returns an opaque random id with a type prefix.
func newID(prefix string) string {
	b := make([]byte, 10)
	_, _ = rand.Read(b)
	return prefix + "_" + strings.ToLower(b32.EncodeToString(b))
}
