package contract

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/srmonitor/srmonitor/shared/auth"
	"github.com/srmonitor/srmonitor/shared/check"
	"github.com/srmonitor/srmonitor/shared/civil"
	"github.com/srmonitor/srmonitor/shared/schedule"
	"github.com/srmonitor/srmonitor/shared/valuation"
)

// Report is what the contractor realised in one period, valued with the
// same engine and catalog version as the plan, so the two compare line by
// line. Reports add up: each covers its own period, and the final report
// what no interim report covered.
type Report struct {
	schedule.Period
	Status      string           `json:"status"` // submitted | accepted | rejected
	Revision    int              `json:"revision"`
	SubmittedAt time.Time        `json:"submitted_at"`
	SubmittedBy string           `json:"submitted_by"`
	Late        bool             `json:"late"`
	Note        string           `json:"note,omitempty"`
	Items       []valuation.Item `json:"items"`
	EvidenceIDs []string         `json:"evidence_ids"`
	Valuation   valuation.Result `json:"valuation"`
	Decision    *Decision        `json:"decision,omitempty"`
}

// Realisation is the obligation against what reports show.
type Realisation struct {
	AcceptedCents  int64 `json:"accepted_cents"`
	ReportedCents  int64 `json:"reported_cents"` // submitted, not yet decided
	RemainingCents int64 `json:"remaining_cents"`
	CoverageBP     int64 `json:"coverage_bp"`
}

// Report returns the contract's report for a period, or nil.
func (c *Contract) Report(period string) *Report {
	for _, r := range c.Reports {
		if r.Key == period {
			return r
		}
	}
	return nil
}

// refresh recomputes what follows from the stored state: realisation, the
// next report due, the flags whose cause is met, the open flags. It runs on
// every change, so the stored view is always consistent with its parts.
func (c *Contract) refresh(now time.Time) {
	var acc, rep int64
	for _, r := range c.Reports {
		switch r.Status {
		case "accepted":
			acc += r.Valuation.PlanValueCents
		case "submitted":
			rep += r.Valuation.PlanValueCents
		}
	}
	ob := c.Obligation.ObligationCents
	c.Realisation = Realisation{AcceptedCents: acc, ReportedCents: rep, RemainingCents: max(0, ob-acc), CoverageBP: valuation.Coverage(acc, ob)}
	handedIn := func(key string) bool {
		r := c.Report(key)
		return r != nil && r.Status != "rejected"
	}
	c.Deadlines.NextReportDue = nil
	if due, ok := schedule.NextReportDue(schedule.Periods(c.Reporting, c.StartsOn, c.EndsOn), handedIn); ok {
		c.Deadlines.NextReportDue = &due
	}
	c.resolveFlags(now)
	c.OpenFlags = c.openFlags()
}

// ReportInput is the body of PUT /contracts/{id}/reports/{period}.
type ReportInput struct {
	Items       []valuation.Item `json:"items"`
	EvidenceIDs []string         `json:"evidence_ids"`
	Note        string           `json:"note"`
}

// EvidenceChecker tells which evidence ids belong to a contract, and their
// status; evidence.Service implements it.
type EvidenceChecker interface {
	Statuses(ctx context.Context, contractID string, ids []string) (map[string]string, error) // id -> status
}

// SubmitReport stores (or re-submits, until accepted) a period's report.
func (s *Service) SubmitReport(ctx context.Context, p auth.Principal, id, period string, ifMatch *int64, in ReportInput) (*Contract, error) {
	var probs check.Problems
	if in.Items == nil {
		probs.Add("items", "required: what was realised in the period (may be empty)")
	}
	if utf8.RuneCountInString(in.Note) > 2000 {
		probs.Add("note", "must be at most 2000 characters")
	}
	if len(in.EvidenceIDs) > 200 {
		probs.Add("evidence_ids", "at most 200 per report")
	}
	if err := probs.Err(); err != nil {
		return nil, err
	}
	return s.change(ctx, p, id, ifMatch, func(c *Contract, now time.Time) (string, any, error) {
		per, err := schedule.ParsePeriod(c.Reporting, period, c.StartsOn, c.EndsOn)
		if err != nil {
			return "", nil, check.Problems{{Field: "period", Problem: err.Error()}}
		}
		if today := civil.Today(now); per.Start.After(today) {
			return "", nil, check.Problems{{Field: "period", Problem: fmt.Sprintf("%s starts on %s; report on it once it has begun", per.Key, per.Start)}}
		}
		if c.Registration == nil {
			return "", nil, conflict("register the contract first (POST /contracts/%s/registration)", c.ID)
		}
		if err := s.checkEvidence(ctx, c, in.EvidenceIDs, false); err != nil {
			return "", nil, err
		}
		prev := c.Report(per.Key)
		if prev != nil && prev.Status == "accepted" {
			return "", nil, conflict("the report for %s was accepted and can no longer change", per.Key)
		}
		res, err := s.value(c, in.Items)
		if err != nil {
			return "", nil, err
		}
		r := &Report{Period: per, Status: "submitted", Revision: 1, SubmittedAt: now, SubmittedBy: p.Subject,
			Late: schedule.Passed(per.Due, now), Note: in.Note, Items: in.Items, EvidenceIDs: in.EvidenceIDs, Valuation: res}
		if in.EvidenceIDs == nil {
			r.EvidenceIDs = []string{}
		}
		if prev != nil {
			r.Revision = prev.Revision + 1
			*prev = *r
		} else {
			c.Reports = append(c.Reports, r)
			slices.SortFunc(c.Reports, func(a, b *Report) int { return periodOrder(a).Compare(periodOrder(b)) })
		}
		return "report_submitted", r, nil
	})
}

// periodOrder sorts interim periods by start and the final report last.
func periodOrder(r *Report) civil.Date {
	if r.Key == schedule.FinalKey {
		return r.Due
	}
	return r.Start
}

// DecideReport accepts or rejects a submitted report. An accepted report
// counts toward the obligation and is final; a rejected one may be
// submitted again.
func (s *Service) DecideReport(ctx context.Context, p auth.Principal, id, period string, ifMatch *int64, in ReportDecisionInput) (*Contract, error) {
	if in.Decision != "accepted" && in.Decision != "rejected" {
		return nil, check.Problems{{Field: "decision", Problem: "must be accepted or rejected"}}
	}
	if utf8.RuneCountInString(in.Note) > 2000 {
		return nil, check.Problems{{Field: "note", Problem: "must be at most 2000 characters"}}
	}
	return s.change(ctx, p, id, ifMatch, func(c *Contract, now time.Time) (string, any, error) {
		r := c.Report(period)
		if r == nil {
			return "", nil, ErrReportNotFound
		}
		if r.Status != "submitted" {
			return "", nil, conflict("the report for %s is %s; there is nothing to decide", period, r.Status)
		}
		if in.Decision == "accepted" {
			if err := s.checkEvidence(ctx, c, r.EvidenceIDs, true); err != nil {
				return "", nil, err
			}
		}
		r.Status = in.Decision
		r.Decision = &Decision{Decision: in.Decision, Note: in.Note, DecidedAt: now, DecidedBy: p.Subject}
		return "report_" + in.Decision, map[string]any{"period": period, "revision": r.Revision, "value_cents": r.Valuation.PlanValueCents, "note": in.Note}, nil
	})
}

// ReportDecisionInput is the body of POST /contracts/{id}/reports/{period}/decision.
type ReportDecisionInput struct {
	Decision string `json:"decision"`
	Note     string `json:"note"`
}

// ErrReportNotFound is a period without a report (404).
var ErrReportNotFound = errors.New("report not found")

// checkEvidence makes sure every cited evidence id belongs to the contract
// and, for an accepted report, has been verified.
func (s *Service) checkEvidence(ctx context.Context, c *Contract, ids []string, mustBeVerified bool) error {
	if len(ids) == 0 {
		return nil
	}
	var known map[string]string
	if s.Evidence != nil {
		var err error
		if known, err = s.Evidence.Statuses(ctx, c.ID, ids); err != nil {
			return err
		}
	}
	var probs check.Problems
	for i, id := range ids {
		field := fmt.Sprintf("evidence_ids[%d]", i)
		switch st, ok := known[id]; {
		case !ok:
			probs.Add(field, "no evidence %q on this contract", id)
		case mustBeVerified && st != "verified":
			probs.Add(field, "evidence %q is %s; only verified evidence can back an accepted report", id, st)
		}
	}
	return probs.Err()
}

// GetReport returns one period's report of a contract p may see.
func (s *Service) GetReport(ctx context.Context, p auth.Principal, id, period string) (*Report, error) {
	c, err := s.Get(ctx, p, id)
	if err != nil {
		return nil, err
	}
	r := c.Report(period)
	if r == nil {
		return nil, ErrReportNotFound
	}
	return r, nil
}
