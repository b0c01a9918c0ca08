package document

import (
	"fmt"
	"strconv"
	"time"

	"github.com/srmonitor/srmonitor/shared/civil"
	"github.com/srmonitor/srmonitor/shared/contract"
	"github.com/srmonitor/srmonitor/shared/nl"
	"github.com/srmonitor/srmonitor/shared/policy"
)

// ContractStatement writes the statement of one contract: the obligation,
// the plan and its valuation, the reports and decisions, the realisation,
// the flags and the history it is given. plan is the latest plan revision
// with its valuation lines, nil before the first; history holds the
// contract's latest events, oldest first. It is an api.StatementPDF.
func ContractStatement(c *contract.Contract, plan *contract.PlanRevision, history []contract.Event, policies *policy.Registry, made time.Time) ([]byte, error) {
	mun, _ := policies.Municipality(c.Municipality)
	name := mun.Name
	if name == "" {
		name = c.Municipality
	}
	d := newDoc("Contractoverzicht social return "+c.Reference, "Social return: "+c.Title, made)
	d.heading("Contractoverzicht social return", fmt.Sprintf("Gemeente %s · %s · %s", name, c.Reference, c.Title))

	d.section("Opdracht")
	d.facts(
		[2]string{"Opdrachtnemer", fmt.Sprintf("%s (KvK %s)", c.ContractorName, c.ContractorKvK)},
		[2]string{"Opdrachtwaarde", nl.Euros(c.ValueCents) + " excl. btw"},
		[2]string{"Gegund op", nl.Date(c.AwardedOn)},
		[2]string{"Looptijd", nl.Date(c.StartsOn) + " tot en met " + nl.Date(c.EndsOn)},
		[2]string{"Rapportage", nl.Cadence(string(c.Reporting))},
		[2]string{"Status", nl.Status(string(c.Status))},
		[2]string{"Kenmerk in srmonitor", c.ID},
	)

	d.section("Verplichting")
	ob := c.Obligation
	if !ob.Applies {
		d.para("Op dit contract rust geen social return-verplichting: de opdrachtwaarde ligt onder de drempel van " +
			threshold(ob.ThresholdCents) + ".")
	} else {
		pso := "geen"
		if ob.PSODiscountBP > 0 {
			pso = fmt.Sprintf("trede %d, %s korting", c.PSOLevel, nl.Percent(ob.PSODiscountBP))
		}
		d.facts(
			[2]string{"Percentage", nl.Percent(ob.PercentageBP) + " van " + nl.Euros(ob.ContractValueCents)},
			[2]string{"Bruto verplichting", nl.Euros(ob.GrossObligationCents)},
			[2]string{"PSO-korting", pso},
			[2]string{"Verplichting", nl.Euros(ob.ObligationCents)},
			[2]string{"Bouwblokkentabel", c.Municipality + " versie " + ob.CatalogVersion},
		)
	}

	d.section("Termijnen en aanmelding")
	dl := c.Deadlines
	planDue := nl.Date(dl.PlanDue)
	if dl.PlanExtendedUntil != nil {
		planDue = fmt.Sprintf("%s (schriftelijk verlengd van %s: %s)", nl.Date(*dl.PlanExtendedUntil), nl.Date(dl.PlanDue), dl.PlanExtensionNote)
	}
	next := "geen: alle rapportages zijn ingediend"
	if n := c.NextReportDue(); n != nil {
		next = nl.Date(*n)
	}
	registered := "nog niet aangemeld"
	if r := c.Registration; r != nil {
		registered = fmt.Sprintf("%s, contactpersoon %s (%s)", nl.Date(civil.Today(r.RegisteredAt)), r.Contact.Name, r.Contact.Email)
		if r.Late {
			registered += ", te laat"
		}
	}
	d.facts(
		[2]string{"Aanmelden uiterlijk", nl.Date(dl.RegistrationDue)},
		[2]string{"Aangemeld", registered},
		[2]string{"Plan goedgekeurd uiterlijk", planDue},
		[2]string{"Volgende rapportage", next},
	)

	d.section("Plan")
	if plan == nil {
		d.para("Er is nog geen plan ingediend.")
	} else {
		p := plan
		d.facts(
			[2]string{"Versie", fmt.Sprintf("%d, ingediend %s", p.Revision, nl.Date(civil.Today(p.SubmittedAt)))},
			[2]string{"Status", nl.Decision(p.Status()) + verdictText(p.Decision)},
			[2]string{"Waarde", fmt.Sprintf("%s (%s van de verplichting)", nl.Euros(p.Valuation.PlanValueCents), nl.Percent(p.Valuation.CoverageBP))},
		)
		cat, _ := policies.Catalog(c.Municipality, p.Valuation.CatalogVersion)
		var rows [][]string
		for _, l := range p.Valuation.Lines {
			it := p.Items[l.Index]
			block := l.Block
			if b, ok := cat.Block(l.Block); ok && b.NameNL != "" {
				block = b.NameNL
			}
			rows = append(rows, []string{strconv.Itoa(l.Index + 1), block, it.Description, nl.Euros(l.ValueCents)})
		}
		d.table([]column{{"#", 1, "L"}, {"Bouwblok", 8, "L"}, {"Omschrijving", 8, "L"}, {"Waarde", 4, "R"}}, rows)
	}

	d.section("Rapportages")
	if len(c.Reports) == 0 {
		d.para("Er zijn nog geen rapportages ingediend.")
	} else {
		var rows [][]string
		for _, r := range c.Reports {
			decided := ""
			if r.Verdict != nil {
				decided = nl.Date(civil.Today(r.Verdict.DecidedAt)) + ", " + r.Verdict.DecidedBy
			}
			late := ""
			if r.Late {
				late = " (te laat)"
			}
			rows = append(rows, []string{nl.Period(r.Key), nl.Date(civil.Today(r.SubmittedAt)) + late, strconv.Itoa(r.Revision),
				nl.Euros(r.ValueCents), nl.Decision(r.Status), decided})
		}
		d.table([]column{{"Periode", 5, "L"}, {"Ingediend", 5, "L"}, {"Versie", 2, "R"}, {"Waarde", 4, "R"}, {"Status", 4, "L"}, {"Besluit", 6, "L"}}, rows)
	}

	d.section("Realisatie")
	real := c.Realisation()
	d.facts(
		[2]string{"Geaccepteerd", nl.Euros(real.AcceptedCents)},
		[2]string{"Ingediend, nog niet beoordeeld", nl.Euros(real.AwaitingDecisionCents)},
		[2]string{"Resterend", nl.Euros(real.RemainingCents)},
		[2]string{"Dekking", nl.Percent(real.CoverageBP)},
	)
	d.bars("Verplichting en realisatie", []bar{
		{"Verplichting", ob.ObligationCents, grey},
		{"Geaccepteerd", real.AcceptedCents, blue},
		{"Ingediend", real.AwaitingDecisionCents, amber},
	})

	d.section("Signalen")
	if len(c.Flags) == 0 {
		d.para("Er zijn geen termijnen verstreken.")
	} else {
		var rows [][]string
		for _, f := range c.Flags {
			fine, decision := "", ""
			if f.FineCents != nil {
				fine = nl.Euros(*f.FineCents)
			}
			if f.Decision != nil {
				decision = nl.Decision(f.Decision.Decision) + ", " + nl.Date(civil.Today(f.Decision.DecidedAt)) + ": " + f.Decision.Note
			}
			rows = append(rows, []string{nl.FlagKind(f.Kind), nl.Period(f.Period), nl.Date(f.Due), nl.FlagStatus(f.Status), fine, decision})
		}
		d.table([]column{{"Signaal", 6, "L"}, {"Periode", 5, "L"}, {"Uiterlijk", 5, "L"}, {"Status", 4, "L"}, {"Boete", 4, "R"}, {"Besluit", 8, "L"}}, rows)
	}

	d.section("Geschiedenis")
	if len(history) > 0 && history[0].Seq > 1 {
		d.para(fmt.Sprintf("De laatste %d van %d gebeurtenissen.", len(history), history[len(history)-1].Seq))
	}
	var rows [][]string
	for _, e := range history {
		rows = append(rows, []string{e.At.In(civil.Amsterdam).Format("02-01-2006 15:04"), e.Actor, role(e.Role), nl.Action(e.Action)})
	}
	d.table([]column{{"Moment", 4, "L"}, {"Door", 6, "L"}, {"Rol", 4, "L"}, {"Gebeurtenis", 7, "L"}}, rows)
	return d.bytes()
}

func verdictText(d *contract.Decision) string {
	if d == nil {
		return ""
	}
	s := fmt.Sprintf(" op %s door %s", nl.Date(civil.Today(d.DecidedAt)), d.DecidedBy)
	if d.Note != "" {
		s += ": " + d.Note
	}
	return s
}

func threshold(cents *int64) string {
	if cents == nil {
		return "de gemeente"
	}
	return nl.Euros(*cents)
}

func role(r string) string {
	switch r {
	case "municipality":
		return "SR-bureau"
	case "contractor":
		return "Opdrachtnemer"
	case "system":
		return "Systeem"
	}
	return r
}
