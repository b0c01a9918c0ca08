package contract

import (
	"context"
	"errors"
	"fmt"
	mrand "math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/srmonitor/srmonitor/shared/auth"
	"github.com/srmonitor/srmonitor/shared/check"
	"github.com/srmonitor/srmonitor/shared/civil"
	"github.com/srmonitor/srmonitor/shared/cursor"
	"github.com/srmonitor/srmonitor/shared/ids"
	"github.com/srmonitor/srmonitor/shared/policy"
	"github.com/srmonitor/srmonitor/shared/schedule"
	"github.com/srmonitor/srmonitor/shared/valuation"
)

// Repository stores contracts, their revisions and their audit trail. Every
// write is conditional and stores its Write in the same transaction.
type Repository interface {
	// Create stores a new contract; ErrDuplicate when its reference (by
	// check.Key) is taken in its municipality.
	Create(ctx context.Context, c *Contract, w Write) error
	// Get reads a contract consistently; ErrNotFound, ErrUnreadable.
	Get(ctx context.Context, id string) (*Contract, error)
	// Save replaces c if the stored version is still prev; ErrStale if not.
	Save(ctx context.Context, c *Contract, prev int64, w Write) error
	// List returns one page of a municipality's (Municipality set) or a
	// contractor's (KvK set) contracts, newest first, skipping records it
	// cannot read.
	List(ctx context.Context, q Query) ([]Contract, string, error)
	// History returns one page of a contract's events, oldest first.
	History(ctx context.Context, id string, limit int, cursor string) ([]Event, string, error)
	// Plan reads one plan revision; ErrNotFound.
	Plan(ctx context.Context, id string, revision int) (*PlanRevision, error)
	// Report reads one revision of a period's report; ErrNotFound.
	Report(ctx context.Context, id, period string, revision int) (*Report, error)
	// Reports reads the given report revisions, of one contract or many,
	// in the order given; ErrReportNotFound when one is missing.
	Reports(ctx context.Context, refs []ReportRef) ([]*Report, error)
	// Due returns the contracts with a deadline neither met nor flagged
	// before day (see Contract.NextCheck), read from an index that may lag
	// the latest writes a little.
	Due(ctx context.Context, day civil.Date) (Due, error)
}

// ReportRef names one revision of a period's report of a contract.
type ReportRef struct {
	ContractID string
	Period     string
	Revision   int
}

// Due is what one query of the deadline index found.
type Due struct {
	Contracts []Contract
	// Unreadable are the ids of due records that could not be decoded.
	Unreadable []string
	// ItemsRead counts the items the query read.
	ItemsRead int
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

// ErrForbidden is a principal whose role may not make a change (403). The
// HTTP layer refuses such calls first; the domain refuses them again, so no
// other caller can get around it.
var ErrForbidden = errors.New("your role may not do this")

func require(p auth.Principal, role auth.Role) error {
	if p.Role != role {
		return ErrForbidden
	}
	return nil
}

// ConflictError is an illegal state change (409).
type ConflictError struct{ Reason string }

func (e *ConflictError) Error() string { return e.Reason }

func conflict(format string, args ...any) error {
	return &ConflictError{Reason: fmt.Sprintf(format, args...)}
}

// EvidenceStatuses tells which evidence ids belong to a contract and the
// status of each ("verified", ...); evidence records that lapsed are not
// known. evidence.Statuses implements it.
type EvidenceStatuses interface {
	Statuses(ctx context.Context, contractID string, ids []string) (map[string]string, error)
}

// Service runs the lifecycle rules over a Repository.
type Service struct {
	Repo     Repository
	Policies *policy.Registry
	Now      func() time.Time
	// Evidence checks evidence cited by reports; with nil, no evidence is
	// known and a report citing any is refused.
	Evidence EvidenceStatuses
}

// CreateInput is the body of POST /contracts.
type CreateInput struct {
	Municipality         string
	Reference            string
	Title                string
	ContractorKvK        string
	ContractorName       string
	ContractorEmail      string
	ValueCents           *int64
	PercentageBP         *int64
	PSOLevel             int
	SocialAwardCriterion bool
	AwardedOn            *civil.Date
	StartsOn             *civil.Date
	EndsOn               *civil.Date
	Reporting            string
}

// Create records an awarded contract with its obligation and deadlines.
func (s *Service) Create(ctx context.Context, p auth.Principal, in CreateInput) (*Contract, error) {
	if err := require(p, auth.Municipality); err != nil {
		return nil, err
	}
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
	if mun != "" && !known && p.ServesMunicipality(mun) {
		probs.Add("municipality", "unknown municipality %q", mun)
	}
	ref := probs.Line("reference", in.Reference, MaxReference)
	title := probs.Line("title", in.Title, MaxTitle)
	name := probs.Line("contractor_name", in.ContractorName, MaxName)
	email := ""
	if in.ContractorEmail != "" {
		email = probs.Email("contractor_email", in.ContractorEmail, MaxEmail)
	}
	if !check.IsKvK(in.ContractorKvK) {
		probs.Add("contractor_kvk", "must be a KvK number of 8 digits")
	}
	now := s.Clock()
	datesOK := checkDates(&probs, in.AwardedOn, in.StartsOn, in.EndsOn, civil.Today(now))
	cadence := schedule.Cadence(pol.Reporting)
	if in.Reporting != "" {
		c, err := schedule.ParseCadence(in.Reporting)
		if err != nil {
			probs.Add("reporting", "%s", err.Error())
		}
		cadence = c
	}
	if in.ValueCents == nil {
		probs.Add("value_cents", "required: the contract value excluding VAT, in cents")
	}
	var obligation valuation.Result
	if known && in.ValueCents != nil && datesOK {
		res, err := s.obligation(&probs, valuation.Request{
			Municipality: mun, ContractValueCents: in.ValueCents, PercentageBP: in.PercentageBP,
			PSOLevel: in.PSOLevel, SocialAwardCriterion: in.SocialAwardCriterion, On: in.AwardedOn,
		}, now)
		if err != nil {
			return nil, err
		}
		obligation = res
	}
	if err := probs.Err(); err != nil {
		return nil, err
	}

	c := &Contract{
		ID: ids.New("c"), Municipality: mun, Reference: ref, Title: title,
		ContractorKvK: in.ContractorKvK, ContractorName: name, ContractorEmail: email,
		ValueCents: *in.ValueCents, PercentageBP: obligation.PercentageBP, PSOLevel: in.PSOLevel,
		SocialAwardCriterion: in.SocialAwardCriterion, AwardedOn: *in.AwardedOn, StartsOn: *in.StartsOn, EndsOn: *in.EndsOn,
		Reporting: cadence, Status: AwaitingRegistration, Obligation: obligation,
		Deadlines:    Deadlines{Deadlines: schedule.ContractDeadlines(*in.AwardedOn, pol.RegistrationDays, pol.PlanApprovalDays, pol.PlanExtensionMaxDays)},
		ReminderDays: pol.ReminderWorkingDays, CreatedAt: now, UpdatedAt: now, Version: 1,
	}
	c.refresh(now)
	w := Write{Event: event(c, p, now, "contract_created", map[string]any{
		"reference": c.Reference, "value_cents": c.ValueCents, "obligation_cents": obligation.ObligationCents,
		"catalog_version": obligation.CatalogVersion,
	})}
	if email != "" && obligation.Applies {
		w.Notices = []Notice{c.notice(NoticeContractAwarded, now)}
		due := c.Deadlines.RegistrationDue
		w.Notices[0].Due = &due
	}
	numberNotices(c, w.Notices)
	if err := s.Repo.Create(ctx, c, w); err != nil {
		return nil, err
	}
	return c, nil
}

// obligation values a contract's terms without items: its obligation on
// the award date. The valuation's problems are added to probs under the
// contract's field names; another error is returned.
func (s *Service) obligation(probs *check.Problems, req valuation.Request, now time.Time) (valuation.Result, error) {
	res, err := valuation.Value(s.Policies, req, civil.Today(now))
	var vp check.Problems
	if errors.As(err, &vp) {
		for _, q := range vp {
			probs.Add(renameValuationField(q.Field), "%s", q.Problem)
		}
		return res, nil
	}
	return res, err
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
	if !p.CanSee(c.Municipality, c.ContractorKvK) {
		return nil, ErrNotFound
	}
	return c, nil
}

// change is what an update makes of the contract it is given: the action
// and data of its event, and the revision it writes. errNothingToDo ends an
// update that found nothing to change.
type change func(c *Contract, now time.Time) (action string, data map[string]any, w Write, err error)

var errNothingToDo = errors.New("nothing to do")

// maxAttempts bounds the re-reads when concurrent writers keep winning;
// 20 parallel plan submissions on one contract must all land.
const maxAttempts = 64

// update is the one place a contract changes: it reads the contract
// (or starts from first, when the caller read it already), applies fn and
// saves the result on condition that nobody wrote in between. When
// somebody did, it reads again and re-applies fn, so no update is lost,
// until ctx is done. With an If-Match version a stale read is the client's
// to resolve: ErrStale.
func (s *Service) update(ctx context.Context, p auth.Principal, id string, first *Contract, ifMatch *int64, fn change) (*Contract, error) {
	c, _, err := s.updateWrite(ctx, p, id, first, ifMatch, fn)
	return c, err
}

// updateWrite is update that also returns what the change wrote besides
// the contract.
func (s *Service) updateWrite(ctx context.Context, p auth.Principal, id string, first *Contract, ifMatch *int64, fn change) (*Contract, Write, error) {
	for attempt := 1; ; attempt++ {
		c := first
		first = nil
		if c == nil {
			var err error
			if c, err = s.Get(ctx, p, id); err != nil {
				return nil, Write{}, err
			}
		}
		if ifMatch != nil && c.Version != *ifMatch {
			return nil, Write{}, ErrStale
		}
		now := s.Clock()
		before := flagStates(c)
		action, data, w, err := fn(c, now)
		if err != nil {
			return nil, Write{}, err
		}
		c.refresh(now)
		prev := c.Version
		c.Version++
		c.UpdatedAt = now
		w.Event = event(c, p, now, action, data)
		w.Notices = append(w.Notices, flagNotices(before, c, now)...)
		numberNotices(c, w.Notices)
		err = s.Repo.Save(ctx, c, prev, w)
		switch {
		case err == nil:
			return c, w, nil
		case !errors.Is(err, ErrStale) || ifMatch != nil || attempt >= maxAttempts:
			return nil, Write{}, err
		}
		// Jittered backoff, growing to at most 20 ms, so parallel writers
		// do not collide in lockstep.
		select {
		case <-ctx.Done():
			return nil, Write{}, ctx.Err()
		case <-time.After(time.Duration(mrand.IntN(min(5*attempt, 40))+1) * time.Millisecond):
		}
	}
}

// List returns one page of the contracts p may see. A municipality user
// acting for several municipalities pages through them in turn.
func (s *Service) List(ctx context.Context, p auth.Principal, q Query) ([]Contract, string, error) {
	if p.Role == auth.Contractor {
		q.KvK, q.Municipality = p.KvK(), ""
		return s.Repo.List(ctx, q)
	}
	var pos struct {
		M string `json:"m"`
		C string `json:"c"`
	}
	if err := cursor.Decode(q.Cursor, &pos); err != nil {
		return nil, "", err
	}
	orgs := slices.Sorted(slices.Values(p.Orgs))
	start := 0
	if q.Cursor != "" {
		if start = slices.Index(orgs, pos.M); start < 0 {
			return nil, "", cursor.ErrInvalid
		}
	}
	limit, inner := q.Limit, pos.C
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
			pos.M, pos.C = orgs[i], next
			return out, cursor.Encode(pos), nil
		}
		if len(out) >= limit && i+1 < len(orgs) {
			pos.M, pos.C = orgs[i+1], ""
			return out, cursor.Encode(pos), nil
		}
	}
	return out, "", nil
}

// History returns a page of the audit trail of a contract p may see.
func (s *Service) History(ctx context.Context, p auth.Principal, id string, limit int, cur string) ([]Event, string, error) {
	if _, err := s.Get(ctx, p, id); err != nil {
		return nil, "", err
	}
	return s.Repo.History(ctx, id, limit, cur)
}

// Clock is the time by the service's clock: Now, or the system clock.
func (s *Service) Clock() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// numberNotices gives the notices of c's current version their ids.
func numberNotices(c *Contract, ns []Notice) {
	for i := range ns {
		ns[i].ID = fmt.Sprintf("%s.%d.%d", c.ID, c.Version, i+1)
	}
}

func event(c *Contract, p auth.Principal, now time.Time, action string, data map[string]any) Event {
	if data == nil {
		data = map[string]any{}
	}
	return Event{ContractID: c.ID, Seq: c.Version, At: now, Actor: p.Subject, Role: string(p.Role), Action: action, Data: data}
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
