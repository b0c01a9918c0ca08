package insight

import (
	"cmp"
	"slices"

	"github.com/srmonitor/srmonitor/shared/civil"
	"github.com/srmonitor/srmonitor/shared/contract"
	"github.com/srmonitor/srmonitor/shared/schedule"
	"github.com/srmonitor/srmonitor/shared/valuation"
)

// Horizon is how far ahead the dashboard lists deadlines: 14 days.
const Horizon = 14

// TopContractors is how many contractors the dashboard ranks by shortfall.
const TopContractors = 5

// Money sums up obligations against what reports show.
type Money struct {
	Contracts             int
	ObligationCents       int64
	AcceptedCents         int64 // accepted reports, to date
	AwaitingDecisionCents int64 // submitted, not decided yet
	RemainingCents        int64 // the obligations not yet met by accepted reports
	CoverageBP            int64 // accepted over obligation
}

func (m *Money) add(c *contract.Contract) {
	r := c.Realisation()
	m.Contracts++
	m.ObligationCents += c.Obligation.ObligationCents
	m.AcceptedCents += r.AcceptedCents
	m.AwaitingDecisionCents += r.AwaitingDecisionCents
	m.RemainingCents += r.RemainingCents
	m.CoverageBP = valuation.Coverage(m.AcceptedCents, m.ObligationCents)
}

// Waiting counts what waits for the office's decision.
type Waiting struct {
	Plans   int // plan revisions submitted
	Reports int // reports submitted
	Fines   int // obligation shortfalls to fine or waive
}

// Deadline is a date someone must meet soon.
type Deadline struct {
	Contract Ref
	Kind     string // registration | plan | report
	Period   string // report: the period
	Due      civil.Date
	Audience string // who must act: contractor | office
}

// Ref is what a list shows of the contract a line is about.
type Ref struct {
	ID, Municipality, Reference, Title, ContractorKvK, ContractorName string
}

func refOf(c *contract.Contract) Ref {
	return Ref{ID: c.ID, Municipality: c.Municipality, Reference: c.Reference, Title: c.Title, ContractorKvK: c.ContractorKvK, ContractorName: c.ContractorName}
}

// Shortfall is a contractor's unmet obligation across its contracts.
type Shortfall struct {
	KvK, Name string
	Money
}

// MunicipalityFigures are one municipality's dashboard. The money, the
// statuses and the ranking count the contracts running in the year; the
// open flags, the decisions waiting and the deadlines are what needs doing
// now, whatever year the contract runs in.
type MunicipalityFigures struct {
	Municipality string
	Money
	ByStatus     map[contract.Status]int // every status, also at 0
	OpenFlags    map[string]int          // by kind, every kind
	Waiting      Waiting
	Deadlines    []Deadline // due from today to Horizon days ahead, soonest first
	TopShortfall []Shortfall
}

// Office is the dashboard of an SR office: the figures of each of the
// municipalities it serves, in the order given.
func Office(cs []contract.Contract, municipalities []string, year int, today civil.Date) []MunicipalityFigures {
	out := make([]MunicipalityFigures, len(municipalities))
	at := map[string]*MunicipalityFigures{}
	for i, m := range municipalities {
		out[i] = MunicipalityFigures{Municipality: m, ByStatus: map[contract.Status]int{}, OpenFlags: map[string]int{}}
		for _, s := range contract.Statuses {
			out[i].ByStatus[s] = 0
		}
		for _, k := range contract.FlagKinds {
			out[i].OpenFlags[k] = 0
		}
		at[m] = &out[i]
	}
	short := map[string]map[string]*Shortfall{}
	for i := range cs {
		c := &cs[i]
		f := at[c.Municipality]
		if f == nil {
			continue
		}
		for _, fl := range c.OpenFlags() {
			f.OpenFlags[fl.Kind]++
			if fl.Kind == contract.ObligationShortfall {
				f.Waiting.Fines++
			}
		}
		if c.Status == contract.PlanSubmitted {
			f.Waiting.Plans++
		}
		for _, r := range c.Reports {
			if r.Status == contract.Submitted {
				f.Waiting.Reports++
			}
		}
		f.Deadlines = append(f.Deadlines, upcoming(c, today, today.AddDays(Horizon))...)
		if !InYear(c, year) {
			continue
		}
		f.add(c)
		f.ByStatus[c.Status]++
		if short[c.Municipality] == nil {
			short[c.Municipality] = map[string]*Shortfall{}
		}
		s := short[c.Municipality][c.ContractorKvK]
		if s == nil {
			s = &Shortfall{KvK: c.ContractorKvK, Name: c.ContractorName}
			short[c.Municipality][c.ContractorKvK] = s
		}
		s.add(c)
	}
	for i := range out {
		f := &out[i]
		slices.SortFunc(f.Deadlines, func(a, b Deadline) int {
			return cmp.Or(a.Due.Compare(b.Due), cmp.Compare(a.Contract.Reference, b.Contract.Reference), cmp.Compare(a.Period, b.Period))
		})
		f.TopShortfall = top(short[f.Municipality])
	}
	return out
}

// top ranks contractors by shortfall, largest first; those without one
// are left out.
func top(by map[string]*Shortfall) []Shortfall {
	var all []Shortfall
	for _, s := range by {
		if s.RemainingCents > 0 {
			all = append(all, *s)
		}
	}
	slices.SortFunc(all, func(a, b Shortfall) int {
		return cmp.Or(cmp.Compare(b.RemainingCents, a.RemainingCents), cmp.Compare(a.KvK, b.KvK))
	})
	return all[:min(len(all), TopContractors)]
}

// upcoming lists c's deadlines that are not met and fall within
// [from, until]: registration, plan approval (the office's when a plan
// waits for its decision) and each period's report.
func upcoming(c *contract.Contract, from, until civil.Date) []Deadline {
	var out []Deadline
	add := func(kind, period, audience string, due civil.Date) {
		if !due.Before(from) && !due.After(until) {
			out = append(out, Deadline{Contract: refOf(c), Kind: kind, Period: period, Due: due, Audience: audience})
		}
	}
	if c.Registration == nil {
		add("registration", "", contract.ToContractor, c.Deadlines.RegistrationDue)
	}
	switch c.Status {
	case contract.PlanApproved:
	case contract.PlanSubmitted:
		add("plan", "", contract.ToOffice, c.Deadlines.PlanDueNow())
	default:
		add("plan", "", contract.ToContractor, c.Deadlines.PlanDueNow())
	}
	for _, p := range schedule.Periods(c.Reporting, c.StartsOn, c.EndsOn) {
		if r := c.ReportSummaryFor(p.Key); r == nil || r.Status == contract.Rejected {
			add("report", p.Key, contract.ToContractor, p.Due)
		}
	}
	return out
}

// MunicipalityMoney is a contractor's figures in one municipality.
type MunicipalityMoney struct {
	Municipality string
	Money
	OpenFlags int
}

// ContractorFigures are a contractor's dashboard: its obligations and
// realisation in the year, per municipality it works for and in total.
type ContractorFigures struct {
	Total          MunicipalityMoney
	Municipalities []MunicipalityMoney // by municipality id
}

// Contractor is the dashboard of a contractor over its contracts.
func Contractor(cs []contract.Contract, year int) ContractorFigures {
	var out ContractorFigures
	by := map[string]*MunicipalityMoney{}
	for i := range cs {
		c := &cs[i]
		if !InYear(c, year) {
			continue
		}
		m := by[c.Municipality]
		if m == nil {
			m = &MunicipalityMoney{Municipality: c.Municipality}
			by[c.Municipality] = m
		}
		open := len(c.OpenFlags())
		m.add(c)
		m.OpenFlags += open
		out.Total.add(c)
		out.Total.OpenFlags += open
	}
	out.Municipalities = []MunicipalityMoney{}
	for _, m := range by {
		out.Municipalities = append(out.Municipalities, *m)
	}
	slices.SortFunc(out.Municipalities, func(a, b MunicipalityMoney) int { return cmp.Compare(a.Municipality, b.Municipality) })
	return out
}
