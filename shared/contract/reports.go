package contract

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/srmonitor/srmonitor/shared/auth"
	"github.com/srmonitor/srmonitor/shared/check"
	"github.com/srmonitor/srmonitor/shared/civil"
	"github.com/srmonitor/srmonitor/shared/schedule"
	"github.com/srmonitor/srmonitor/shared/valuation"
)

// Realisation sums up the reports against the obligation.
func (c *Contract) Realisation() Realisation {
	var acc, rep int64
	for _, r := range c.Reports {
		switch r.Status {
		case Accepted:
			acc += r.ValueCents
		case Submitted:
			rep += r.ValueCents
		}
	}
	ob := c.Obligation.ObligationCents
	return Realisation{AcceptedCents: acc, ReportedCents: rep, RemainingCents: max(0, ob-acc), CoverageBP: valuation.Coverage(acc, ob)}
}

// NextReportDue is the earliest due date of a report not yet handed in, or
// nil once the final report is in.
func (c *Contract) NextReportDue() *civil.Date {
	if due, ok := schedule.NextReportDue(schedule.Periods(c.Reporting, c.StartsOn, c.EndsOn), c.handedIn); ok {
		return &due
	}
	return nil
}

// handedIn reports whether the period's report is in and not rejected.
func (c *Contract) handedIn(period string) bool {
	r := c.ReportSummaryFor(period)
	return r != nil && r.Status != Rejected
}

// ReportInput is the body of PUT /contracts/{id}/reports/{period}.
type ReportInput struct {
	Items       []valuation.Item
	EvidenceIDs []string
	Note        string
}

// SubmitReport stores a new revision of a period's report, until the
// period's report is accepted.
func (s *Service) SubmitReport(ctx context.Context, p auth.Principal, id, period string, ifMatch *int64, in ReportInput) (*Contract, error) {
	if err := require(p, auth.Contractor); err != nil {
		return nil, err
	}
	var probs check.Problems
	if in.Items == nil {
		probs.Add("items", "required: what was realised in the period (may be empty)")
	}
	checkItems(&probs, in.Items)
	checkEvidenceIDs(&probs, in.EvidenceIDs)
	note := probs.Para("note", in.Note, MaxNote)
	if err := probs.Err(); err != nil {
		return nil, err
	}
	return s.update(ctx, p, id, nil, ifMatch, func(c *Contract, now time.Time) (string, map[string]any, Write, error) {
		per, err := schedule.ParsePeriod(c.Reporting, period, c.StartsOn, c.EndsOn)
		if err != nil {
			return "", nil, Write{}, check.Problems{{Field: "period", Problem: err.Error()}}
		}
		if today := civil.Today(now); per.Start.After(today) {
			return "", nil, Write{}, check.Problems{{Field: "period", Problem: fmt.Sprintf("%s starts on %s; report on it once it has begun", per.Key, per.Start)}}
		}
		if c.Registration == nil {
			return "", nil, Write{}, conflict("register the contract first (POST /contracts/%s/registration)", c.ID)
		}
		prev := c.ReportSummaryFor(per.Key)
		if prev != nil && prev.Status == Accepted {
			return "", nil, Write{}, conflict("the report for %s was accepted and can no longer change", per.Key)
		}
		if err := s.checkEvidence(ctx, c, in.EvidenceIDs, false); err != nil {
			return "", nil, Write{}, err
		}
		res, err := s.value(c, in.Items)
		if err != nil {
			return "", nil, Write{}, err
		}
		r := &Report{ContractID: c.ID, Period: per, Revision: 1, SubmittedAt: now, SubmittedBy: p.Subject,
			Late: schedule.Passed(per.Due, now), Note: note, Items: in.Items, EvidenceIDs: in.EvidenceIDs, Valuation: res}
		if r.EvidenceIDs == nil {
			r.EvidenceIDs = []string{}
		}
		sum := ReportSummary{Period: per, Revision: 1, Status: Submitted, SubmittedAt: now, SubmittedBy: p.Subject,
			Late: r.Late, ValueCents: res.PlanValueCents, EvidenceCount: len(r.EvidenceIDs)}
		if prev != nil {
			r.Revision = prev.Revision + 1
			sum.Revision = r.Revision
			*prev = sum
		} else {
			c.Reports = append(c.Reports, sum)
			slices.SortFunc(c.Reports, func(a, b ReportSummary) int { return periodOrder(a.Period).Compare(periodOrder(b.Period)) })
		}
		n := c.notice(NoticeReportSubmitted, now)
		n.Period, n.Revision, n.ValueCents = per.Key, r.Revision, &res.PlanValueCents
		return "report_submitted", map[string]any{"period": per.Key, "revision": r.Revision, "value_cents": res.PlanValueCents, "late": r.Late},
			Write{Report: r, Notices: []Notice{n}}, nil
	})
}

// periodOrder sorts interim periods by start and the final report last.
func periodOrder(p schedule.Period) civil.Date {
	if p.Key == schedule.FinalKey {
		return p.Due
	}
	return p.Start
}

// ReportDecisionInput is the body of POST /contracts/{id}/reports/{period}/decision.
type ReportDecisionInput struct {
	Decision string
	Note     string
}

// DecideReport accepts or rejects a submitted report. An accepted report
// counts toward the obligation and is final; a rejected one may be
// submitted again.
func (s *Service) DecideReport(ctx context.Context, p auth.Principal, id, period string, ifMatch *int64, in ReportDecisionInput) (*Contract, error) {
	if err := require(p, auth.Municipality); err != nil {
		return nil, err
	}
	var probs check.Problems
	if in.Decision != Accepted && in.Decision != Rejected {
		probs.Add("decision", "must be accepted or rejected")
	}
	note := probs.Para("note", in.Note, MaxNote)
	if err := probs.Err(); err != nil {
		return nil, err
	}
	return s.update(ctx, p, id, nil, ifMatch, func(c *Contract, now time.Time) (string, map[string]any, Write, error) {
		sum := c.ReportSummaryFor(period)
		if sum == nil {
			return "", nil, Write{}, ErrReportNotFound
		}
		if sum.Status != Submitted {
			return "", nil, Write{}, conflict("the report for %s is %s; there is nothing to decide", period, sum.Status)
		}
		r, err := s.Repo.Report(ctx, c.ID, period, sum.Revision)
		if err != nil {
			return "", nil, Write{}, err
		}
		if in.Decision == Accepted {
			if err := s.checkEvidence(ctx, c, r.EvidenceIDs, true); err != nil {
				return "", nil, Write{}, err
			}
		}
		v := Verdict{Decision: in.Decision, DecidedAt: now, DecidedBy: p.Subject}
		r.Decision = &Decision{Verdict: v, Note: note}
		sum.Status, sum.Verdict = in.Decision, &v
		n := c.notice(NoticeReportDecided, now)
		n.Period, n.Revision, n.Decision, n.Note, n.ValueCents = period, r.Revision, in.Decision, note, &sum.ValueCents
		return "report_" + in.Decision, map[string]any{"period": period, "revision": r.Revision, "value_cents": sum.ValueCents, "note": note},
			Write{Report: r, Notices: []Notice{n}}, nil
	})
}

// Errors of a contract's parts (404).
var (
	ErrReportNotFound = errors.New("report not found")
	ErrPlanNotFound   = errors.New("plan not found")
)

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

// GetReport returns a period's report of a contract p may see: the latest
// revision when revision is 0.
func (s *Service) GetReport(ctx context.Context, p auth.Principal, id, period string, revision int) (*Report, error) {
	c, err := s.Get(ctx, p, id)
	if err != nil {
		return nil, err
	}
	sum := c.ReportSummaryFor(period)
	if sum == nil || revision > sum.Revision || revision < 0 {
		return nil, ErrReportNotFound
	}
	if revision == 0 {
		revision = sum.Revision
	}
	return s.Repo.Report(ctx, id, period, revision)
}
