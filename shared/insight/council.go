package insight

import (
	"cmp"
	"slices"

	"github.com/srmonitor/srmonitor/shared/civil"
	"github.com/srmonitor/srmonitor/shared/contract"
	"github.com/srmonitor/srmonitor/shared/valuation"
)

// AcceptedReports are the report revisions the council report of year
// reads: the accepted report of every period of the year's contracts with
// an obligation.
func AcceptedReports(cs []contract.Contract, year int) []contract.ReportRef {
	var out []contract.ReportRef
	for i := range cs {
		c := &cs[i]
		if !InYear(c, year) || !c.Obligation.Applies {
			continue
		}
		for _, r := range c.Reports {
			if r.Status == contract.Accepted {
				out = append(out, contract.ReportRef{ContractID: c.ID, Period: r.Key, Revision: r.Revision})
			}
		}
	}
	return out
}

// Fines counts the shortfalls decided in the year.
type Fines struct {
	Imposed      int
	ImposedCents int64 // the fines decided
	Waived       int
	WaivedCents  int64 // the fines proposed, then waived
}

func (f *Fines) add(o Fines) {
	f.Imposed += o.Imposed
	f.ImposedCents += o.ImposedCents
	f.Waived += o.Waived
	f.WaivedCents += o.WaivedCents
}

// CouncilRow is one contract of the council report.
type CouncilRow struct {
	Ref
	Status          contract.Status
	StartsOn        civil.Date
	EndsOn          civil.Date
	ObligationCents int64
	RealisedCents   int64 // accepted reports, to date
	InYearCents     int64 // accepted reports of periods that end in the year
	CoverageBP      int64
	ByRoute         map[Route]int64 // RealisedCents by route
	People, Durable int             // the contract's reach (contract.Reach)
	Fines           Fines
}

// Council is the year's accountability of social return for one
// municipality's council.
type Council struct {
	Municipality string
	Year         int
	AsOf         civil.Date
	// Contracts running in the year with an obligation, and those without
	// one (below the threshold).
	Contracts, WithoutObligation int
	ObligationCents              int64
	RealisedCents                int64
	InYearCents                  int64
	CoverageBP                   int64
	ByRoute                      map[Route]int64 // every route, also at 0
	People, Durable              int
	Fines                        Fines // decided in the year, on any contract
	Rows                         []CouncilRow
}

// CouncilReport computes the council report of municipality for year from
// its contracts and the accepted report revisions AcceptedReports named.
// Each report is split over the routes by its valuation lines, so the
// routes add up to the realisation.
func CouncilReport(cs []contract.Contract, reports []*contract.Report, municipality string, year int, asOf civil.Date) Council {
	byContract := map[string][]*contract.Report{}
	for _, r := range reports {
		byContract[r.ContractID] = append(byContract[r.ContractID], r)
	}
	out := Council{Municipality: municipality, Year: year, AsOf: asOf, ByRoute: zeroRoutes(), Rows: []CouncilRow{}}
	for i := range cs {
		c := &cs[i]
		if c.Municipality != municipality {
			continue
		}
		fines := finesIn(c, year)
		out.Fines.add(fines)
		if !InYear(c, year) {
			continue
		}
		if !c.Obligation.Applies {
			out.WithoutObligation++
			continue
		}
		row := CouncilRow{Ref: refOf(c), Status: c.Status, StartsOn: c.StartsOn, EndsOn: c.EndsOn,
			ObligationCents: c.Obligation.ObligationCents, ByRoute: zeroRoutes(), Fines: fines}
		// The summaries say which revision is accepted; only those count.
		for _, r := range byContract[c.ID] {
			if s := c.ReportSummaryFor(r.Period.Key); s == nil || s.Status != contract.Accepted || s.Revision != r.Revision {
				continue
			}
			row.RealisedCents += r.Valuation.PlanValueCents
			if r.Period.End.Year == year {
				row.InYearCents += r.Valuation.PlanValueCents
			}
			for _, l := range r.Valuation.Lines {
				row.ByRoute[RouteOf(l.Block, l.Kind)] += l.ValueCents
			}
		}
		row.CoverageBP = valuation.Coverage(row.RealisedCents, row.ObligationCents)
		row.People, row.Durable = int(c.Reach.PeopleReached), int(c.Reach.DurableJobs)
		out.Contracts++
		out.ObligationCents += row.ObligationCents
		out.RealisedCents += row.RealisedCents
		out.InYearCents += row.InYearCents
		for _, rt := range Routes {
			out.ByRoute[rt] += row.ByRoute[rt]
		}
		out.People += row.People
		out.Durable += row.Durable
		out.Rows = append(out.Rows, row)
	}
	out.CoverageBP = valuation.Coverage(out.RealisedCents, out.ObligationCents)
	slices.SortFunc(out.Rows, func(a, b CouncilRow) int { return cmp.Compare(a.Reference, b.Reference) })
	return out
}

func zeroRoutes() map[Route]int64 {
	m := make(map[Route]int64, len(Routes))
	for _, r := range Routes {
		m[r] = 0
	}
	return m
}

// finesIn counts c's shortfalls fined or waived in year.
func finesIn(c *contract.Contract, year int) Fines {
	var f Fines
	for _, fl := range c.Flags {
		if fl.Decision == nil || civil.Today(fl.Decision.DecidedAt).Year != year || fl.FineCents == nil {
			continue
		}
		switch fl.Status {
		case contract.FlagFined:
			f.Imposed++
			f.ImposedCents += *fl.FineCents
		case contract.FlagWaived:
			f.Waived++
			f.WaivedCents += *fl.FineCents
		}
	}
	return f
}
