package api

import (
	"context"
	"strconv"

	"github.com/srmonitor/srmonitor/shared/auth"
	"github.com/srmonitor/srmonitor/shared/civil"
	"github.com/srmonitor/srmonitor/shared/contract"
	"github.com/srmonitor/srmonitor/shared/csvio"
	"github.com/srmonitor/srmonitor/shared/httpapi"
	"github.com/srmonitor/srmonitor/shared/insight"
	"github.com/srmonitor/srmonitor/shared/nl"
)

// ReportReader reads report revisions in bulk, for the council report.
type ReportReader interface {
	Reports(ctx context.Context, refs []contract.ReportRef) ([]*contract.Report, error)
}

type moneyView struct {
	Contracts             int   `json:"contracts"`
	ObligationCents       int64 `json:"obligation_cents"`
	AcceptedCents         int64 `json:"accepted_cents"`
	AwaitingDecisionCents int64 `json:"awaiting_decision_cents"`
	RemainingCents        int64 `json:"remaining_cents"`
	CoverageBP            int64 `json:"coverage_bp"`
}

func moneyOf(m insight.Money) moneyView { return moneyView(m) }

type contractRefView struct {
	ContractID     string `json:"contract_id"`
	Municipality   string `json:"municipality"`
	Reference      string `json:"reference"`
	Title          string `json:"title"`
	ContractorKvK  string `json:"contractor_kvk"`
	ContractorName string `json:"contractor_name"`
}

func contractRefOf(r insight.Ref) contractRefView {
	return contractRefView{ContractID: r.ID, Municipality: r.Municipality, Reference: r.Reference, Title: r.Title,
		ContractorKvK: r.ContractorKvK, ContractorName: r.ContractorName}
}

type deadlineView struct {
	contractRefView
	Kind     string     `json:"kind"`
	Period   string     `json:"period,omitempty"`
	Due      civil.Date `json:"due"`
	Audience string     `json:"audience"`
}

type shortfallView struct {
	ContractorKvK  string `json:"contractor_kvk"`
	ContractorName string `json:"contractor_name"`
	moneyView
}

type waitingView struct {
	Plans   int `json:"plans"`
	Reports int `json:"reports"`
	Fines   int `json:"fines"`
}

type municipalityFiguresView struct {
	Municipality string `json:"municipality"`
	Name         string `json:"name"`
	moneyView
	ByStatus     map[contract.Status]int `json:"by_status"`
	OpenFlags    map[string]int          `json:"open_flags"`
	Waiting      waitingView             `json:"waiting"`
	Deadlines    []deadlineView          `json:"deadlines"`
	TopShortfall []shortfallView         `json:"top_shortfall"`
}

type contractorMoneyView struct {
	Municipality string `json:"municipality"`
	Name         string `json:"name"`
	moneyView
	OpenFlags int `json:"open_flags"`
}

type totalView struct {
	moneyView
	OpenFlags int `json:"open_flags"`
}

type contractorFiguresView struct {
	Total          totalView             `json:"total"`
	Municipalities []contractorMoneyView `json:"municipalities"`
}

type dashboardView struct {
	Year       int                       `json:"year"`
	AsOf       civil.Date                `json:"as_of"`
	Office     []municipalityFiguresView `json:"office"`
	Contractor *contractorFiguresView    `json:"contractor"`
}

type taskView struct {
	Kind string `json:"kind"`
	contractRefView
	Period   string      `json:"period,omitempty"`
	FlagID   string      `json:"flag_id,omitempty"`
	FlagKind string      `json:"flag_kind,omitempty"`
	Due      *civil.Date `json:"due"`
	Since    *civil.Date `json:"since"`
	Overdue  bool        `json:"overdue"`
}

type tasksView struct {
	AsOf  civil.Date `json:"as_of"`
	Items []taskView `json:"items"`
}

type routeView struct {
	Route      insight.Route `json:"route"`
	Name       string        `json:"name"`
	ValueCents int64         `json:"value_cents"`
}

type finesView struct {
	Imposed      int   `json:"imposed"`
	ImposedCents int64 `json:"imposed_cents"`
	Waived       int   `json:"waived"`
	WaivedCents  int64 `json:"waived_cents"`
}

type councilRowView struct {
	contractRefView
	Status          contract.Status `json:"status"`
	StartsOn        civil.Date      `json:"starts_on"`
	EndsOn          civil.Date      `json:"ends_on"`
	ObligationCents int64           `json:"obligation_cents"`
	RealisedCents   int64           `json:"realised_cents"`
	InYearCents     int64           `json:"realised_in_year_cents"`
	CoverageBP      int64           `json:"coverage_bp"`
	Routes          []routeView     `json:"routes"`
	People          int             `json:"people_reached"`
	Durable         int             `json:"durable_jobs"`
	Fines           finesView       `json:"fines"`
}

type councilView struct {
	Municipality      string           `json:"municipality"`
	Name              string           `json:"name"`
	Year              int              `json:"year"`
	AsOf              civil.Date       `json:"as_of"`
	Contracts         int              `json:"contracts_with_obligation"`
	WithoutObligation int              `json:"contracts_without_obligation"`
	ObligationCents   int64            `json:"obligation_cents"`
	RealisedCents     int64            `json:"realised_cents"`
	InYearCents       int64            `json:"realised_in_year_cents"`
	CoverageBP        int64            `json:"coverage_bp"`
	Routes            []routeView      `json:"routes"`
	People            int              `json:"people_reached"`
	Durable           int              `json:"durable_jobs"`
	Fines             finesView        `json:"fines"`
	Rows              []councilRowView `json:"contracts"`
}

func routesOf(by map[insight.Route]int64) []routeView {
	out := make([]routeView, len(insight.Routes))
	for i, r := range insight.Routes {
		out[i] = routeView{Route: r, Name: insight.RouteNames[r], ValueCents: by[r]}
	}
	return out
}

// Insight serves InsightsFunction: the dashboard, the to-do list and the
// council report. It only reads: the caller's contracts (every page), and
// for the council report the accepted report revisions.
func Insight(svc *contract.Service, reports ReportReader, councilPDF CouncilPDF, o httpapi.Options) httpapi.Handler {
	if councilPDF == nil {
		panic("api.Insight: no council report writer (document.CouncilReport)")
	}
	return httpapi.NewHandler(httpapi.Routes{
		"GET /dashboard": {Handle: func(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
			today := civil.Today(svc.Now())
			year, err := yearParam(r.Query("year"), today.Year)
			if err != nil {
				return httpapi.Response{}, err
			}
			cs, err := listAll(ctx, svc, r.Principal, contract.Query{})
			if err != nil {
				return httpapi.Response{}, domainError(err)
			}
			name := names(svc.Policies)
			out := dashboardView{Year: year, AsOf: today, Office: []municipalityFiguresView{}}
			if r.Principal.Role == auth.Contractor {
				f := insight.Contractor(cs, year)
				cv := &contractorFiguresView{Total: totalView{moneyView: moneyOf(f.Total.Money), OpenFlags: f.Total.OpenFlags},
					Municipalities: []contractorMoneyView{}}
				for _, m := range f.Municipalities {
					cv.Municipalities = append(cv.Municipalities, contractorMoneyView{Municipality: m.Municipality, Name: name(m.Municipality),
						moneyView: moneyOf(m.Money), OpenFlags: m.OpenFlags})
				}
				out.Contractor = cv
				return httpapi.OK(out), nil
			}
			for _, f := range insight.Office(cs, r.Principal.Orgs, year, today) {
				v := municipalityFiguresView{Municipality: f.Municipality, Name: name(f.Municipality), moneyView: moneyOf(f.Money),
					ByStatus: f.ByStatus, OpenFlags: f.OpenFlags, Waiting: waitingView(f.Waiting),
					Deadlines: []deadlineView{}, TopShortfall: []shortfallView{}}
				for _, d := range f.Deadlines {
					v.Deadlines = append(v.Deadlines, deadlineView{contractRefView: contractRefOf(d.Contract), Kind: d.Kind, Period: d.Period,
						Due: d.Due, Audience: d.Audience})
				}
				for _, s := range f.TopShortfall {
					v.TopShortfall = append(v.TopShortfall, shortfallView{ContractorKvK: s.KvK, ContractorName: s.Name, moneyView: moneyOf(s.Money)})
				}
				out.Office = append(out.Office, v)
			}
			return httpapi.OK(out), nil
		}},
		"GET /tasks": {Handle: func(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
			today := civil.Today(svc.Now())
			cs, err := listAll(ctx, svc, r.Principal, contract.Query{})
			if err != nil {
				return httpapi.Response{}, domainError(err)
			}
			out := tasksView{AsOf: today, Items: []taskView{}}
			for _, t := range insight.Tasks(cs, r.Principal.Role, today) {
				out.Items = append(out.Items, taskView{Kind: t.Kind, contractRefView: contractRefOf(t.Contract), Period: t.Period,
					FlagID: t.FlagID, FlagKind: t.FlagKind, Due: t.Due, Since: t.Since, Overdue: t.Overdue})
			}
			return httpapi.OK(out), nil
		}},
		"GET /council-reports/{municipality}/{year}": {Roles: municipalityOnly, Handle: func(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
			mun := r.Path("municipality")
			if !r.Principal.ServesMunicipality(mun) {
				return httpapi.Response{}, httpapi.NotFound("municipality")
			}
			today := civil.Today(svc.Now())
			year, err := yearParam(r.Path("year"), 0)
			if err != nil {
				return httpapi.Response{}, err
			}
			// Only this municipality's contracts: the office may serve others.
			p := r.Principal
			p.Orgs = []string{mun}
			cs, err := listAll(ctx, svc, p, contract.Query{})
			if err != nil {
				return httpapi.Response{}, domainError(err)
			}
			revs, err := reports.Reports(ctx, insight.AcceptedReports(cs, year))
			if err != nil {
				return httpapi.Response{}, err
			}
			cr := insight.CouncilReport(cs, revs, mun, year, today)
			name := names(svc.Policies)(mun)
			file := "verantwoording-social-return-" + mun + "-" + strconv.Itoa(year)
			switch r.Negotiate(httpapi.JSON, httpapi.CSV, httpapi.PDF) {
			case httpapi.CSV:
				return httpapi.File(csvType, file+".csv", councilCSV(cr)), nil
			case httpapi.PDF:
				pdf, err := councilPDF(cr, name, svc.Now())
				if err != nil {
					return httpapi.Response{}, err
				}
				return httpapi.File(httpapi.PDF, file+".pdf", pdf), nil
			}
			return httpapi.OK(councilOf(cr, name)), nil
		}},
	}, o)
}

// yearParam reads a year from 2000 to 2100; def when s is empty (0: required).
func yearParam(s string, def int) (int, error) {
	if s == "" && def != 0 {
		return def, nil
	}
	y, err := strconv.Atoi(s)
	if err != nil || y < 2000 || y > 2100 {
		return 0, httpapi.Invalid("year", "must be a year from 2000 to 2100")
	}
	return y, nil
}

func finesOf(f insight.Fines) finesView { return finesView(f) }

func councilOf(cr insight.Council, name string) councilView {
	v := councilView{Municipality: cr.Municipality, Name: name, Year: cr.Year, AsOf: cr.AsOf, Contracts: cr.Contracts,
		WithoutObligation: cr.WithoutObligation, ObligationCents: cr.ObligationCents, RealisedCents: cr.RealisedCents,
		InYearCents: cr.InYearCents, CoverageBP: cr.CoverageBP, Routes: routesOf(cr.ByRoute), People: cr.People, Durable: cr.Durable,
		Fines: finesOf(cr.Fines), Rows: []councilRowView{}}
	for _, r := range cr.Rows {
		v.Rows = append(v.Rows, councilRowView{contractRefView: contractRefOf(r.Ref), Status: r.Status, StartsOn: r.StartsOn, EndsOn: r.EndsOn,
			ObligationCents: r.ObligationCents, RealisedCents: r.RealisedCents, InYearCents: r.InYearCents, CoverageBP: r.CoverageBP,
			Routes: routesOf(r.ByRoute), People: r.People, Durable: r.Durable, Fines: finesOf(r.Fines)})
	}
	return v
}

// councilCSV is the council report as a table: a row per contract and a
// row of totals.
func councilCSV(cr insight.Council) []byte {
	year := strconv.Itoa(cr.Year)
	header := []string{"Kenmerk", "Omschrijving", "Opdrachtnemer", "KvK-nummer", "Status", "Startdatum", "Einddatum",
		"Verplichting (€)", "Gerealiseerd (€)", "Waarvan in " + year + " (€)", "Dekking (%)"}
	for _, rt := range insight.Routes {
		header = append(header, insight.RouteNames[rt]+" (€)")
	}
	header = append(header, "Mensen bereikt", "Duurzame banen", "Boetes opgelegd (€)", "Kwijtgescholden (€)")
	w := csvio.NewWriter(header...)
	row := func(cells []string, byRoute map[insight.Route]int64, people, durable int, f insight.Fines) {
		for _, rt := range insight.Routes {
			cells = append(cells, csvio.EurosCell(byRoute[rt]))
		}
		w.Row(append(cells, strconv.Itoa(people), strconv.Itoa(durable), csvio.EurosCell(f.ImposedCents), csvio.EurosCell(f.WaivedCents))...)
	}
	for _, r := range cr.Rows {
		row([]string{r.Reference, r.Title, r.ContractorName, r.ContractorKvK, nl.Status(string(r.Status)), csvio.DateCell(r.StartsOn),
			csvio.DateCell(r.EndsOn), csvio.EurosCell(r.ObligationCents), csvio.EurosCell(r.RealisedCents), csvio.EurosCell(r.InYearCents),
			csvio.PercentCell(r.CoverageBP)}, r.ByRoute, r.People, r.Durable, r.Fines)
	}
	row([]string{"Totaal", strconv.Itoa(cr.Contracts) + " contracten", "", "", "", "", "", csvio.EurosCell(cr.ObligationCents),
		csvio.EurosCell(cr.RealisedCents), csvio.EurosCell(cr.InYearCents), csvio.PercentCell(cr.CoverageBP)}, cr.ByRoute, cr.People, cr.Durable, cr.Fines)
	return w.Bytes()
}
