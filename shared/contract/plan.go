package contract

import (
	"context"
	"slices"
	"time"

	"github.com/srmonitor/srmonitor/shared/auth"
	"github.com/srmonitor/srmonitor/shared/check"
	"github.com/srmonitor/srmonitor/shared/civil"
	"github.com/srmonitor/srmonitor/shared/schedule"
	"github.com/srmonitor/srmonitor/shared/valuation"
)

// RegisterInput is the body of POST /contracts/{id}/registration.
type RegisterInput struct {
	ContactName  string
	ContactEmail string
	Phone        string
	Language     string
}

// Register records the contractor's registration; a late one is accepted
// and marked late.
func (s *Service) Register(ctx context.Context, p auth.Principal, id string, ifMatch *int64, in RegisterInput) (*Contract, error) {
	if err := require(p, auth.Contractor); err != nil {
		return nil, err
	}
	var probs check.Problems
	contact := Contact{
		Name:  probs.Line("contact_name", in.ContactName, MaxName),
		Email: probs.Email("contact_email", in.ContactEmail, MaxEmail),
		Phone: probs.OptionalLine("phone", in.Phone, MaxPhone),
	}
	if contact.Phone != "" && !validPhone(contact.Phone) {
		probs.Add("phone", "must be a phone number of 6 to 15 digits, with an optional + and spaces, dashes or brackets")
	}
	lang := in.Language
	if lang == "" {
		lang = "nl"
	} else if !slices.Contains(Languages, lang) {
		probs.Add("language", "must be nl or en")
	}
	if err := probs.Err(); err != nil {
		return nil, err
	}
	return s.update(ctx, p, id, nil, ifMatch, func(c *Contract, now time.Time) (string, map[string]any, Write, error) {
		if err := c.mustBeActive(); err != nil {
			return "", nil, Write{}, err
		}
		if c.Registration != nil {
			return "", nil, Write{}, conflict("the contractor registered already, on %s", civil.FormatInstant(c.Registration.RegisteredAt))
		}
		late := schedule.Passed(c.Deadlines.RegistrationDue, now)
		c.Registration = &Registration{RegisteredAt: now, Late: late, Contact: contact}
		c.ContractorLanguage = lang
		return "registered", map[string]any{"late": late, "registration_due": c.Deadlines.RegistrationDue.String()}, Write{}, nil
	})
}

// PlanInput is the body of PUT /contracts/{id}/plan.
type PlanInput struct {
	Items []valuation.Item
	Note  string
}

// SubmitPlan stores a new plan revision, valued with the catalog in force on
// the award date. After an approval it is an amendment (a candidate drops
// out, say): the approved plan stays in force until the office approves
// the amendment.
func (s *Service) SubmitPlan(ctx context.Context, p auth.Principal, id string, ifMatch *int64, in PlanInput) (*Contract, error) {
	if err := require(p, auth.Contractor); err != nil {
		return nil, err
	}
	var probs check.Problems
	if in.Items == nil {
		probs.Add("items", "required: the building blocks of the plan (may be empty)")
	}
	checkItems(&probs, in.Items)
	note := probs.Para("note", in.Note, MaxNote)
	if err := probs.Err(); err != nil {
		return nil, err
	}
	return s.update(ctx, p, id, nil, ifMatch, func(c *Contract, now time.Time) (string, map[string]any, Write, error) {
		if err := c.mustBeActive(); err != nil {
			return "", nil, Write{}, err
		}
		if c.Registration == nil {
			return "", nil, Write{}, conflict("register the contract first (POST /contracts/%s/registration)", c.ID)
		}
		res, err := s.value(c, in.Items, nil)
		if err != nil {
			return "", nil, Write{}, err
		}
		rev := &PlanRevision{ContractID: c.ID, Revision: 1, SubmittedAt: now, SubmittedBy: p.Subject, Note: note, Items: in.Items, Valuation: res}
		if c.Plan != nil {
			rev.Revision = c.Plan.Revision + 1
		}
		c.Plan = &PlanSummary{Revision: rev.Revision, Status: Submitted, SubmittedAt: now, SubmittedBy: p.Subject,
			ValueCents: res.PlanValueCents, CoverageBP: res.CoverageBP, CatalogVersion: res.CatalogVersion}
		n := c.notice(NoticePlanSubmitted, now)
		n.Revision, n.ValueCents = rev.Revision, &res.PlanValueCents
		data := map[string]any{"revision": rev.Revision, "plan_value_cents": res.PlanValueCents, "items": len(in.Items)}
		if c.ApprovedPlan != nil {
			data["amends_revision"] = c.ApprovedPlan.Revision
		}
		return "plan_submitted", data, Write{Plan: rev, Notices: []Notice{n}}, nil
	})
}

// value values items with the contract's obligation on its award date;
// used holds the months candidates had already (nil: none).
func (s *Service) value(c *Contract, items []valuation.Item, used valuation.Used) (valuation.Result, error) {
	v := c.ValueCents
	pct := c.PercentageBP
	on := c.AwardedOn
	return valuation.Value(s.Policies, valuation.Request{
		Municipality: c.Municipality, ContractValueCents: &v, PercentageBP: &pct, PSOLevel: c.PSOLevel,
		SocialAwardCriterion: c.SocialAwardCriterion, On: &on, Items: items, Used: used,
	}, civil.Today(s.Clock()))
}

// DecisionInput is the body of POST /contracts/{id}/plan/decision.
type DecisionInput struct {
	Decision string
	Note     string
}

// DecidePlan approves or rejects the submitted plan revision; an approved
// one is the plan in force from then on.
func (s *Service) DecidePlan(ctx context.Context, p auth.Principal, id string, ifMatch *int64, in DecisionInput) (*Contract, error) {
	if err := require(p, auth.Municipality); err != nil {
		return nil, err
	}
	var probs check.Problems
	if in.Decision != Approved && in.Decision != Rejected {
		probs.Add("decision", "must be approved or rejected")
	}
	note := probs.Para("note", in.Note, MaxNote)
	if err := probs.Err(); err != nil {
		return nil, err
	}
	return s.update(ctx, p, id, nil, ifMatch, func(c *Contract, now time.Time) (string, map[string]any, Write, error) {
		if c.Plan == nil || c.Plan.Status != Submitted || !c.active() {
			return "", nil, Write{}, conflict("there is no submitted plan to decide on (status %s)", c.Status)
		}
		rev, err := s.Repo.Plan(ctx, c.ID, c.Plan.Revision)
		if err != nil {
			return "", nil, Write{}, err
		}
		v := Verdict{Decision: in.Decision, DecidedAt: now, DecidedBy: p.Subject}
		rev.Decision = &Decision{Verdict: v, Note: note}
		c.Plan.Status, c.Plan.Verdict = in.Decision, &v
		if in.Decision == Approved {
			approved := *c.Plan
			c.ApprovedPlan = &approved
		}
		n := c.notice(NoticePlanDecided, now)
		n.Revision, n.Decision, n.Note = rev.Revision, in.Decision, note
		return "plan_" + in.Decision, map[string]any{"revision": rev.Revision, "note": note}, Write{Plan: rev, Notices: []Notice{n}}, nil
	})
}

// GetPlan returns a plan revision of a contract p may see: the latest when
// revision is 0.
func (s *Service) GetPlan(ctx context.Context, p auth.Principal, id string, revision int) (*PlanRevision, error) {
	c, err := s.Get(ctx, p, id)
	if err != nil {
		return nil, err
	}
	if c.Plan == nil || revision > c.Plan.Revision || revision < 0 {
		return nil, ErrPlanNotFound
	}
	if revision == 0 {
		revision = c.Plan.Revision
	}
	return s.Repo.Plan(ctx, id, revision)
}

// ExtensionInput is the body of POST /contracts/{id}/plan/extension.
type ExtensionInput struct {
	Until  *civil.Date
	Reason string
}

// ExtendPlan extends plan approval in writing, up to plan_due_max.
func (s *Service) ExtendPlan(ctx context.Context, p auth.Principal, id string, ifMatch *int64, in ExtensionInput) (*Contract, error) {
	if err := require(p, auth.Municipality); err != nil {
		return nil, err
	}
	var probs check.Problems
	if in.Until == nil || in.Until.IsZero() {
		probs.Add("until", "required (YYYY-MM-DD)")
	}
	reason := probs.RequiredPara("reason", in.Reason, MaxNote)
	if err := probs.Err(); err != nil {
		return nil, err
	}
	return s.update(ctx, p, id, nil, ifMatch, func(c *Contract, now time.Time) (string, map[string]any, Write, error) {
		if c.ApprovedPlan != nil || !c.active() {
			return "", nil, Write{}, conflict("the plan deadline is not open (status %s); there is nothing to extend", c.Status)
		}
		current := c.Deadlines.Deadlines
		current.PlanDue = c.Deadlines.PlanDueNow()
		if err := schedule.CheckExtension(current, *in.Until); err != nil {
			return "", nil, Write{}, check.Problems{{Field: "until", Problem: err.Error()}}
		}
		until := *in.Until
		c.Deadlines.PlanExtendedUntil = &until
		c.Deadlines.PlanExtensionNote = reason
		return "plan_extended", map[string]any{"from": current.PlanDue.String(), "until": until.String(), "reason": reason}, Write{}, nil
	})
}
