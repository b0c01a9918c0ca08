package contract

import (
	"context"

	"github.com/srmonitor/srmonitor/shared/policy"
	"github.com/srmonitor/srmonitor/shared/valuation"
)

// Durable job, Amsterdam's "duurzame reguliere baan" (Leidraad Sociaal
// Opdrachtgeverschap): a contract of at least six months for at least
// 0.5 FTE.
const (
	durableMonths    valuation.Decimal = 6_00
	durableFTEPerTen                   = 5 // 0.5 FTE
)

// reach recounts who the contract's accepted reports reached.
func (s *Service) reach(ctx context.Context, c *Contract) (Reach, error) {
	var refs []ReportRef
	for _, r := range c.Reports {
		if r.Status == Accepted {
			refs = append(refs, ReportRef{ContractID: c.ID, Period: r.Key, Revision: r.Revision})
		}
	}
	reports, err := s.Repo.Reports(ctx, refs)
	if err != nil {
		return Reach{}, err
	}
	cat, _ := s.Policies.CatalogOn(c.Municipality, c.AwardedOn)
	return countReach(cat, reports), nil
}

// countReach counts people reached and durable jobs over reports' person
// lines. A candidate counts once however many lines and reports name it.
// Persons on lines without a candidate cannot be told apart from one
// report to the next (the same two people reported every quarter), so
// they add the most any one report has: a lower bound, never a double
// count. A candidate has a
// durable job when its lines at 0.5 FTE or more add up to six months
// (26 weeks on a block counted in weeks). Whether the job is
// benefit-independent, the third part of the definition, is not in a
// report: the office judges it from the evidence.
func countReach(cat policy.Catalog, reports []*Report) Reach {
	var out Reach
	var uncoded int64 // the most persons without a candidate in one report
	seen := map[string]bool{}
	months := map[string]valuation.Decimal{}
	fullTime := valuation.Decimal(cat.FullTimeHours) * 100
	for _, r := range reports {
		var persons int64
		for _, l := range r.Valuation.Lines {
			if l.Kind != policy.KindPerson || l.Index >= len(r.Items) {
				continue
			}
			it := r.Items[l.Index]
			if it.Candidate == "" {
				n := int64(1)
				if it.Persons != nil {
					n = *it.Persons
				}
				persons += n
				continue
			}
			if !seen[it.Candidate] {
				seen[it.Candidate] = true
				out.PeopleReached++
			}
			if it.HoursPerWeek == nil || *it.HoursPerWeek*10 < fullTime*durableFTEPerTen {
				continue
			}
			switch {
			case it.Months != nil:
				months[it.Candidate] += *it.Months
			case it.Weeks != nil:
				months[it.Candidate] += *it.Weeks * 12 / 52
			}
		}
		uncoded = max(uncoded, persons)
	}
	out.PeopleReached += uncoded
	for _, m := range months {
		if m >= durableMonths {
			out.DurableJobs++
		}
	}
	return out
}
