package api

import (
	"context"
	"strconv"
	"strings"

	"github.com/srmonitor/srmonitor/shared/auth"
	"github.com/srmonitor/srmonitor/shared/civil"
	"github.com/srmonitor/srmonitor/shared/contract"
	"github.com/srmonitor/srmonitor/shared/csvio"
	"github.com/srmonitor/srmonitor/shared/httpapi"
	"github.com/srmonitor/srmonitor/shared/nl"
	"github.com/srmonitor/srmonitor/shared/policy"
)

// Exports: GET /contracts and GET /flags as CSV (Accept: text/csv), GET
// /contracts/{id} as a PDF statement (Accept: application/pdf). A CSV
// holds every matching row, not a page; it is bounded by what one Lambda
// response carries (6 MB, some 12,000 contracts).

// csvType is the CSV media type as the exports send it.
const csvType = httpapi.CSV + "; charset=utf-8; header=present"

// listAll reads every contract p may see that q selects, page after page;
// a page of 1,000 is a few queries of DynamoDB's 1 MB each.
func listAll(ctx context.Context, svc *contract.Service, p auth.Principal, q contract.Query) ([]contract.Contract, error) {
	q.Limit, q.Cursor = 1000, ""
	var out []contract.Contract
	for {
		page, next, err := svc.List(ctx, p, q)
		if err != nil {
			return nil, err
		}
		out = append(out, page...)
		if next == "" {
			return out, nil
		}
		q.Cursor = next
	}
}

// names looks municipalities' names up once per export: the registry
// hands out copies.
func names(reg *policy.Registry) func(id string) string {
	seen := map[string]string{}
	return func(id string) string {
		n, ok := seen[id]
		if !ok {
			m, _ := reg.Municipality(id)
			n = m.Name
			if n == "" {
				n = id
			}
			seen[id] = n
		}
		return n
	}
}

// contractColumns are the export's columns. The first thirteen are the
// import's (by their Dutch names), so an exported file imports again; the
// rest are in imports.ExportOnly.
var contractColumns = []string{
	"Gemeente", "Kenmerk", "Omschrijving", "KvK-nummer", "Opdrachtnemer", "E-mail", "Opdrachtwaarde (€)", "Percentage", "PSO-trede",
	"Sociaal gunningscriterium", "Gunningsdatum", "Startdatum", "Einddatum", "Rapportage",
	"Status", "Verplichting (€)", "Geaccepteerd (€)", "Ingediend (€)", "Resterend (€)", "Dekking (%)", "Open signalen",
	"Volgende rapportage", "Aangemeld op", "id",
}

func exportContracts(ctx context.Context, svc *contract.Service, r *httpapi.Request, q contract.Query) (httpapi.Response, error) {
	cs, err := listAll(ctx, svc, r.Principal, q)
	if err != nil {
		return httpapi.Response{}, domainError(err)
	}
	name := names(svc.Policies)
	w := csvio.NewWriter(contractColumns...)
	for i := range cs {
		c := &cs[i]
		real := c.Realisation()
		next, registered := "", ""
		if d := c.NextReportDue(); d != nil {
			next = csvio.DateCell(*d)
		}
		if c.Registration != nil {
			registered = csvio.DateCell(civil.Today(c.Registration.RegisteredAt))
		}
		w.Row(name(c.Municipality), c.Reference, c.Title, c.ContractorKvK, c.ContractorName, c.ContractorEmail,
			csvio.EurosCell(c.ValueCents), csvio.PercentCell(c.PercentageBP), strconv.Itoa(c.PSOLevel), csvio.BoolCell(c.SocialAwardCriterion),
			csvio.DateCell(c.AwardedOn), csvio.DateCell(c.StartsOn), csvio.DateCell(c.EndsOn), nl.Cadence(string(c.Reporting)),
			nl.Status(string(c.Status)), csvio.EurosCell(c.Obligation.ObligationCents), csvio.EurosCell(real.AcceptedCents),
			csvio.EurosCell(real.AwaitingDecisionCents), csvio.EurosCell(real.RemainingCents), csvio.PercentCell(real.CoverageBP),
			strconv.Itoa(len(c.OpenFlags())), next, registered, c.ID)
	}
	return httpapi.File(csvType, "contracten-"+today(svc)+".csv", w.Bytes()), nil
}

var flagColumns = []string{
	"Gemeente", "Kenmerk", "Omschrijving", "Opdrachtnemer", "KvK-nummer", "Signaal", "Periode", "Uiterste datum", "Gesignaleerd op",
	"Status", "Boete (€)", "Besluit", "Reden", "Besloten op", "Besloten door", "id", "Contract-id",
}

// exportFlags writes every flag of the caller's contracts with status
// ("all" for every one) and kind ("" for every kind).
func exportFlags(ctx context.Context, svc *contract.Service, r *httpapi.Request, status, kind string) (httpapi.Response, error) {
	cs, err := listAll(ctx, svc, r.Principal, contract.Query{WithFlags: true})
	if err != nil {
		return httpapi.Response{}, domainError(err)
	}
	name := names(svc.Policies)
	w := csvio.NewWriter(flagColumns...)
	for i := range cs {
		c := &cs[i]
		for _, f := range c.Flags {
			if (status != "all" && f.Status != status) || (kind != "" && f.Kind != kind) {
				continue
			}
			fine, decision, reason, on, by := "", "", "", "", ""
			if f.FineCents != nil {
				fine = csvio.EurosCell(*f.FineCents)
			}
			if d := f.Decision; d != nil {
				decision, reason, on, by = nl.Decision(d.Decision), d.Note, csvio.DateCell(civil.Today(d.DecidedAt)), d.DecidedBy
			}
			w.Row(name(c.Municipality), c.Reference, c.Title, c.ContractorName, c.ContractorKvK, nl.FlagKind(f.Kind), nl.Period(f.Period),
				csvio.DateCell(f.Due), csvio.DateCell(civil.Today(f.RaisedAt)), nl.FlagStatus(f.Status), fine, decision, reason, on, by, f.ID, c.ID)
		}
	}
	return httpapi.File(csvType, "signalen-"+today(svc)+".csv", w.Bytes()), nil
}

// statementHistory is how much of the audit trail a statement shows: the
// latest events; the whole trail is GET /contracts/{id}/history.
const statementHistory = 15

// statement writes the PDF statement of a contract p may see: it reads
// the latest plan revision and the history besides the contract.
func statement(ctx context.Context, svc *contract.Service, write StatementPDF, p auth.Principal, c *contract.Contract) (httpapi.Response, error) {
	var plan *contract.PlanRevision
	if c.Plan != nil {
		var err error
		if plan, err = svc.GetPlan(ctx, p, c.ID, 0); err != nil {
			return httpapi.Response{}, domainError(err)
		}
	}
	// The trail is oldest first and pages forward; keep the latest lines.
	var history []contract.Event
	cursor := ""
	for {
		page, next, err := svc.History(ctx, p, c.ID, 200, cursor)
		if err != nil {
			return httpapi.Response{}, domainError(err)
		}
		history = append(history, page...)
		history = history[max(0, len(history)-statementHistory):]
		if next == "" {
			break
		}
		cursor = next
	}
	pdf, err := write(c, plan, history, svc.Policies, svc.Now())
	if err != nil {
		return httpapi.Response{}, err
	}
	return httpapi.File(httpapi.PDF, "contract-"+fileName(c.Reference)+".pdf", pdf), nil
}

// fileName keeps the letters, digits, dashes and dots of s, so a
// reference makes a file name on every system.
func fileName(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '.':
			return r
		}
		return '_'
	}, s)
}

func today(svc *contract.Service) string { return civil.Today(svc.Now()).String() }
