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
	var acc, waiting int64
	for _, r := range c.Reports {
		switch r.Status {
		case Accepted:
			acc += r.ValueCents
		case Submitted:
			waiting += r.ValueCents
		}
	}
	ob := c.Obligation.ObligationCents
	r := Realisation{AcceptedCents: acc, AwaitingDecisionCents: waiting, RemainingCents: max(0, ob-acc), CoverageBP: valuation.Coverage(acc, ob)}
	if c.Cancellation != nil || !c.Obligation.Applies {
		r.RemainingCents = 0 // nothing is owed
	}
	return r
}

// NextReportDue is the earliest due date of a report not yet handed in, or
// nil once the final report is in or nothing is owed.
func (c *Contract) NextReportDue() *civil.Date {
	if !c.active() {
		return nil
	}
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
// ItemEvidence[i] is the evidence item i cites (nil: none or no more items).
type ReportInput struct {
	Items        []valuation.Item
	ItemEvidence [][]string
	EvidenceIDs  []string
	Note         string
}

// SubmitReport stores a new revision of a period's report, until the
// period's report is accepted. A candidate's months on a block count at
// most the block's limit across all the contract's reports: this report
// gets what the others (not rejected) left.
func (s *Service) SubmitReport(ctx context.Context, p auth.Principal, id, period string, ifMatch *int64, in ReportInput) (*Contract, error) {
	if err := require(p, auth.Contractor); err != nil {
		return nil, err
	}
	var probs check.Problems
	if in.Items == nil {
		probs.Add("items", "required: what was realised in the period (may be empty)")
	}
	checkItems(&probs, in.Items)
	checkEvidenceIDs(&probs, "evidence_ids", in.EvidenceIDs, MaxEvidencePerRep)
	if len(in.ItemEvidence) > len(in.Items) {
		probs.Add("items", "evidence is cited for %d items, but there are %d", len(in.ItemEvidence), len(in.Items))
	}
	for i, ids := range in.ItemEvidence {
		checkEvidenceIDs(&probs, fmt.Sprintf("items[%d].evidence_ids", i), ids, MaxEvidencePerItem)
	}
	if n := len(citedEvidence(in.EvidenceIDs, in.ItemEvidence)); n > MaxEvidencePerRep {
		probs.Add("evidence_ids", "a report cites at most %d evidence files in all (on the report and its items); this one cites %d", MaxEvidencePerRep, n)
	}
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
		per, err := schedule.ParsePeriod(c.Reporting, period, c.StartsOn, c.EndsOn)
		if err != nil {
			return "", nil, Write{}, check.Problems{{Field: "period", Problem: err.Error()}}
		}
		if today := civil.Today(now); per.Start.After(today) {
			return "", nil, Write{}, check.Problems{{Field: "period", Problem: fmt.Sprintf("%s starts on %s; report on it once it has begun", per.Key, per.Start)}}
		}
		prev := c.ReportSummaryFor(per.Key)
		if prev != nil && prev.Status == Accepted {
			return "", nil, Write{}, conflict("the report for %s was accepted and can no longer change", per.Key)
		}
		if err := s.checkEvidence(ctx, c, in.EvidenceIDs, in.ItemEvidence, false); err != nil {
			return "", nil, Write{}, err
		}
		used, err := s.usedMonths(ctx, c, in.Items, per.Key)
		if err != nil {
			return "", nil, Write{}, err
		}
		res, err := s.value(c, in.Items, used)
		if err != nil {
			return "", nil, Write{}, err
		}
		r := &Report{ContractID: c.ID, Period: per, Revision: 1, SubmittedAt: now, SubmittedBy: p.Subject,
			Late: schedule.Passed(per.Due, now), Note: note, Items: in.Items, ItemEvidence: itemEvidence(in.ItemEvidence, len(in.Items)),
			EvidenceIDs: nonNil(in.EvidenceIDs), Valuation: res}
		sum := ReportSummary{Period: per, Revision: 1, Status: Submitted, SubmittedAt: now, SubmittedBy: p.Subject,
			Late: r.Late, ValueCents: res.PlanValueCents, EvidenceCount: len(citedEvidence(r.EvidenceIDs, r.ItemEvidence)),
			Candidates: len(candidates(in.Items))}
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

// usedMonths is what the contract's other reports that name candidates
// and are not rejected counted of each candidate's months, when items name
// a candidate; nil when they name none.
func (s *Service) usedMonths(ctx context.Context, c *Contract, items []valuation.Item, period string) (valuation.Used, error) {
	if len(candidates(items)) == 0 {
		return nil, nil
	}
	var refs []ReportRef
	for _, r := range c.Reports {
		if r.Key != period && r.Status != Rejected && r.Candidates > 0 {
			refs = append(refs, ReportRef{ContractID: c.ID, Period: r.Key, Revision: r.Revision})
		}
	}
	reports, err := s.Repo.Reports(ctx, refs)
	if err != nil {
		return nil, err
	}
	used := valuation.Used{}
	for _, r := range reports {
		for _, l := range r.Valuation.Lines {
			if l.CountedMonths != nil && l.Index < len(r.Items) {
				used[valuation.UsedKey(l.Block, r.Items[l.Index].Candidate)] += *l.CountedMonths
			}
		}
	}
	return used, nil
}

// candidates returns the distinct candidates items name.
func candidates(items []valuation.Item) map[string]bool {
	out := map[string]bool{}
	for _, it := range items {
		if it.Candidate != "" {
			out[it.Candidate] = true
		}
	}
	return out
}

// itemEvidence pads what items cite to one entry per item.
func itemEvidence(cited [][]string, items int) [][]string {
	out := make([][]string, items)
	for i := range cited {
		out[i] = cited[i]
	}
	return out
}

// citedEvidence is every evidence id a report cites, each once.
func citedEvidence(report []string, items [][]string) []string {
	out := slices.Clone(report)
	for _, ids := range items {
		for _, id := range ids {
			if !slices.Contains(out, id) {
				out = append(out, id)
			}
		}
	}
	return out
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
// submitted again. Where the office's policy asks evidence with every line
// (policy.Municipality.EvidenceRequired), accepting lines that cite none
// needs a written reason in the note.
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
		if sum.Status != Submitted || !c.active() {
			return "", nil, Write{}, conflict("the report for %s is %s (contract %s); there is nothing to decide", period, sum.Status, c.Status)
		}
		r, err := s.Repo.Report(ctx, c.ID, period, sum.Revision)
		if err != nil {
			return "", nil, Write{}, err
		}
		if in.Decision == Accepted {
			if err := s.checkEvidence(ctx, c, r.EvidenceIDs, r.ItemEvidence, true); err != nil {
				return "", nil, Write{}, err
			}
			if pol, _ := s.Policies.Municipality(c.Municipality); pol.EvidenceRequired && note == "" {
				if bare := unsupportedLines(r); len(bare) > 0 {
					return "", nil, Write{}, check.Problems{{Field: "note", Problem: fmt.Sprintf(
						"required: %s asks evidence with every line, and items %v cite none; say why you accept them", pol.SROffice, bare)}}
				}
			}
		}
		v := Verdict{Decision: in.Decision, DecidedAt: now, DecidedBy: p.Subject}
		r.Decision = &Decision{Verdict: v, Note: note}
		sum.Status, sum.Verdict = in.Decision, &v
		if in.Decision == Accepted {
			if c.Reach, err = s.reach(ctx, c); err != nil {
				return "", nil, Write{}, err
			}
		}
		n := c.notice(NoticeReportDecided, now)
		n.Period, n.Revision, n.Decision, n.Note, n.ValueCents = period, r.Revision, in.Decision, note, &sum.ValueCents
		return "report_" + in.Decision, map[string]any{"period": period, "revision": r.Revision, "value_cents": sum.ValueCents, "note": note},
			Write{Report: r, Notices: []Notice{n}}, nil
	})
}

// unsupportedLines are the indexes of a report's valued lines that cite
// no evidence of their own.
func unsupportedLines(r *Report) []int {
	var out []int
	for _, l := range r.Valuation.Lines {
		if l.ValueCents > 0 && (l.Index >= len(r.ItemEvidence) || len(r.ItemEvidence[l.Index]) == 0) {
			out = append(out, l.Index)
		}
	}
	return out
}

// Errors of a contract's parts (404).
var (
	ErrReportNotFound = errors.New("report not found")
	ErrPlanNotFound   = errors.New("plan not found")
)

// evidenceVerified is the status of evidence that passed its checks.
const evidenceVerified = "verified"

// checkEvidence makes sure every evidence id a report cites, as a whole
// or on an item, belongs to the contract and, for an accepted report, has
// been verified. Problems name the field the id was cited in.
func (s *Service) checkEvidence(ctx context.Context, c *Contract, report []string, items [][]string, mustBeVerified bool) error {
	ids := citedEvidence(report, items)
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
	check := func(field, id string) {
		switch st, ok := known[id]; {
		case !ok:
			probs.Add(field, "no evidence %q on this contract", id)
		case mustBeVerified && st != evidenceVerified:
			probs.Add(field, "evidence %q is %s; only verified evidence can back an accepted report", id, st)
		}
	}
	for i, id := range report {
		check(fmt.Sprintf("evidence_ids[%d]", i), id)
	}
	for i, cited := range items {
		for j, id := range cited {
			check(fmt.Sprintf("items[%d].evidence_ids[%d]", i, j), id)
		}
	}
	return probs.Err()
}

// GetReport returns a period's report of a contract p may see (the latest
// revision when revision is 0) with the status of each evidence id it
// cites ("verified", ...; "missing" when the evidence lapsed), so the
// office sees which evidence supports each line.
func (s *Service) GetReport(ctx context.Context, p auth.Principal, id, period string, revision int) (*Report, map[string]string, error) {
	c, err := s.Get(ctx, p, id)
	if err != nil {
		return nil, nil, err
	}
	sum := c.ReportSummaryFor(period)
	if sum == nil || revision > sum.Revision || revision < 0 {
		return nil, nil, ErrReportNotFound
	}
	if revision == 0 {
		revision = sum.Revision
	}
	r, err := s.Repo.Report(ctx, id, period, revision)
	if err != nil {
		return nil, nil, err
	}
	var known map[string]string
	ids := citedEvidence(r.EvidenceIDs, r.ItemEvidence)
	if len(ids) > 0 && s.Evidence != nil {
		if known, err = s.Evidence.Statuses(ctx, c.ID, ids); err != nil {
			return nil, nil, err
		}
	}
	statuses := make(map[string]string, len(ids))
	for _, id := range ids {
		statuses[id] = known[id]
		if statuses[id] == "" {
			statuses[id] = EvidenceMissing
		}
	}
	return r, statuses, nil
}

// EvidenceMissing is the status shown for cited evidence that is gone.
const EvidenceMissing = "missing"
