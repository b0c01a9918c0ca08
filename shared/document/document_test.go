package document_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/srmonitor/srmonitor/shared/auth"
	"github.com/srmonitor/srmonitor/shared/civil"
	"github.com/srmonitor/srmonitor/shared/contract"
	"github.com/srmonitor/srmonitor/shared/document"
	"github.com/srmonitor/srmonitor/shared/document/pdftest"
	"github.com/srmonitor/srmonitor/shared/insight"
	"github.com/srmonitor/srmonitor/shared/memstore"
	"github.com/srmonitor/srmonitor/shared/policy"
	"github.com/srmonitor/srmonitor/shared/valuation"
)

func ptr[T any](v T) *T { return &v }

// lived is a contract that went through its whole life: a rejected and an
// approved plan, reports accepted and rejected, every deadline flagged and
// the shortfall fined, with a contractor whose name needs more than
// Windows-1252.
func lived(t testing.TB) (*contract.Service, *contract.Contract) {
	ctx := context.Background()
	now := time.Date(2026, 1, 5, 10, 0, 0, 0, civil.Amsterdam)
	svc := &contract.Service{Repo: memstore.NewContracts(), Policies: policy.Default(), Now: func() time.Time { return now }}
	mun := auth.Principal{Subject: "adviseur@utrecht.nl", Role: auth.Municipality, Orgs: []string{"utrecht"}}
	con := auth.Principal{Subject: "hr@yildiz.nl", Role: auth.Contractor, Orgs: []string{"12345678"}}
	must := func(c *contract.Contract, err error) *contract.Contract {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	c := must(svc.Create(ctx, mun, contract.CreateInput{Municipality: "utrecht", Reference: "UTR-2026-042", Title: "Onderhoud groenvoorziening Utrecht-Oost",
		ContractorKvK: "12345678", ContractorName: "Şahin & Yıldız Groen B.V.", ValueCents: ptr(int64(200_000_000)),
		AwardedOn: ptr(civil.MustParse("2026-01-05")), StartsOn: ptr(civil.MustParse("2026-01-05")), EndsOn: ptr(civil.MustParse("2026-12-31"))}))
	must(svc.Register(ctx, con, c.ID, nil, contract.RegisterInput{ContactName: "Łukasz Nowak", ContactEmail: "sr@yildiz.nl"}))
	hours, months := valuation.Decimal(3600), valuation.Decimal(1200)
	plan := []valuation.Item{{Block: "participatiewet", Persons: ptr(int64(2)), HoursPerWeek: &hours, Months: &months, Description: "Hoveniers"},
		{Block: "training", AmountCents: ptr(int64(1_500_000)), Description: "VCA-opleiding"}}
	must(svc.SubmitPlan(ctx, con, c.ID, nil, contract.PlanInput{Items: plan}))
	must(svc.DecidePlan(ctx, mun, c.ID, nil, contract.DecisionInput{Decision: contract.Rejected, Note: "te weinig"}))
	must(svc.SubmitPlan(ctx, con, c.ID, nil, contract.PlanInput{Items: plan}))
	must(svc.DecidePlan(ctx, mun, c.ID, nil, contract.DecisionInput{Decision: contract.Approved, Note: "akkoord"}))
	now = time.Date(2026, 7, 3, 10, 0, 0, 0, civil.Amsterdam)
	three := valuation.Decimal(300)
	must(svc.SubmitReport(ctx, con, c.ID, "2026-Q1", nil, contract.ReportInput{Items: []valuation.Item{{Block: "participatiewet", Persons: ptr(int64(2)), HoursPerWeek: &hours, Months: &three}}}))
	must(svc.DecideReport(ctx, mun, c.ID, "2026-Q1", nil, contract.ReportDecisionInput{Decision: contract.Accepted}))
	must(svc.SubmitReport(ctx, con, c.ID, "2026-Q2", nil, contract.ReportInput{Items: []valuation.Item{{Block: "training", AmountCents: ptr(int64(700_000))}}}))
	must(svc.DecideReport(ctx, mun, c.ID, "2026-Q2", nil, contract.ReportDecisionInput{Decision: contract.Rejected, Note: "geen facturen"}))
	if _, err := svc.CheckDeadlines(ctx, time.Date(2027, 3, 1, 6, 0, 0, 0, civil.Amsterdam)); err != nil {
		t.Fatal(err)
	}
	now = time.Date(2027, 3, 2, 10, 0, 0, 0, civil.Amsterdam)
	if _, _, err := svc.DecideFlag(ctx, mun, c.ID+".obligation_shortfall", contract.FlagDecisionInput{Decision: "fine", FineCents: ptr(int64(250_000)), Reason: "gesprek van 1 maart"}); err != nil {
		t.Fatal(err)
	}
	return svc, must(svc.Get(ctx, mun, c.ID))
}

func TestContractStatement(t *testing.T) {
	svc, c := lived(t)
	ctx := context.Background()
	mun := auth.Principal{Subject: "a", Role: auth.Municipality, Orgs: []string{"utrecht"}}
	plan, err := svc.GetPlan(ctx, mun, c.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	events, _, err := svc.History(ctx, mun, c.ID, 200, "")
	if err != nil {
		t.Fatal(err)
	}
	pdf, err := document.ContractStatement(c, plan, events[max(0, len(events)-15):],
		svc.Policies, time.Date(2027, 3, 2, 11, 0, 0, 0, civil.Amsterdam))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(pdf), "%PDF-") {
		t.Fatalf("not a PDF: %q", pdf[:20])
	}
	if ink := pdftest.Ink(t, pdf, 1); ink < 0.02 {
		t.Errorf("page 1 is almost blank: %.3f inked", ink)
	}
	if dir := os.Getenv("SRM_PDF_DIR"); dir != "" {
		_ = os.WriteFile(filepath.Join(dir, "statement.pdf"), pdf, 0o644)
	}
	text := strings.Join(strings.Fields(pdftest.Text(t, pdf)), " ")
	for _, want := range []string{
		"Contractoverzicht social return", "Gemeente Utrecht", "UTR-2026-042", "Şahin & Yıldız Groen B.V. (KvK 12345678)", "Łukasz Nowak",
		"€ 2.000.000,00 excl. btw", "Verplichting € 100.000,00", "Goedgekeurd op 5 januari 2026 door adviseur@utrecht.nl: akkoord",
		"VCA-opleiding", "1e kwartaal 2026", "Geaccepteerd", "Afgewezen", "Verplichting niet", "Boete opgelegd", "gesprek",
		"Termijn verstreken", "pagina 1 van 2",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the statement lacks %q:\n%s", want, text)
		}
	}
}

func TestCouncilReportDocument(t *testing.T) {
	svc, c := lived(t)
	ctx := context.Background()
	var reports []*contract.Report
	for _, k := range insight.AcceptedReports([]contract.Contract{*c}, 2026) {
		r, err := svc.Repo.Report(ctx, k.ContractID, k.Period, k.Revision)
		if err != nil {
			t.Fatal(err)
		}
		reports = append(reports, r)
	}
	cr := insight.CouncilReport([]contract.Contract{*c}, reports, "utrecht", 2026, civil.MustParse("2027-03-02"))
	pdf, err := document.CouncilReport(cr, "Utrecht", time.Date(2027, 3, 2, 11, 0, 0, 0, civil.Amsterdam))
	if err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("SRM_PDF_DIR"); dir != "" {
		_ = os.WriteFile(filepath.Join(dir, "council.pdf"), pdf, 0o644)
	}
	if ink := pdftest.Ink(t, pdf, 1); ink < 0.03 {
		t.Errorf("page 1 (figures and charts) is almost blank: %.3f inked", ink)
	}
	text := strings.Join(strings.Fields(pdftest.Text(t, pdf)), " ")
	for _, want := range []string{"Verantwoording social return 2026", "Contracten met verplichting 1", "1. Arbeidsparticipatie € 20.000,00",
		"4. Maatschappelijke activiteit € 0,00", "Mensen bereikt 2", "Boetes opgelegd in 2026", "UTR-2026-042", "Hoe er geteld wordt"} {
		if !strings.Contains(text, want) {
			t.Errorf("the council report lacks %q:\n%s", want, text)
		}
	}
}

// A contract of many periods and flags runs over pages, each with its
// table header again.
func TestLongTablesBreakPages(t *testing.T) {
	svc, c := lived(t)
	for i := range 60 {
		c.Flags = append(c.Flags, contract.Flag{ID: "x", Kind: contract.ReportOverdue, Period: "2026-Q1", Due: civil.MustParse("2026-04-30"), Status: contract.FlagOpen,
			RaisedAt: time.Date(2026, 5, 1, 6, 0, 0, 0, civil.Amsterdam)})
		_ = i
	}
	pdf, err := document.ContractStatement(c, nil, nil, svc.Policies, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if n := pdftest.Pages(t, pdf); n < 3 {
		t.Fatalf("%d pages", n)
	}
	if strings.Count(pdftest.Text(t, pdf), "Signaal") < 2 {
		t.Error("the flags table's header is not repeated on the next page")
	}
}

func BenchmarkContractStatement(b *testing.B) {
	svc, c := lived(b)
	for b.Loop() {
		if _, err := document.ContractStatement(c, nil, nil, svc.Policies, time.Now()); err != nil {
			b.Fatal(err)
		}
	}
}
