package devserver

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/srmonitor/srmonitor/shared/csvio"
	"github.com/srmonitor/srmonitor/shared/document/pdftest"
)

// year2026 is Utrecht's year through the API: four contracts in known
// states (one with a title that is a spreadsheet formula), an Amsterdam
// contract that Utrecht must never see, and the deadline check run in
// July. It returns the tokens of Utrecht's office and of contractor A.
func year2026(t *testing.T) (e *env, utr, conA string, ids map[string]string) {
	e = newEnv(t)
	e.clock.Set(at("2026-01-05 10:00:00"))
	utr, conA = e.token("municipality", "utrecht"), e.token("contractor", "11111111")
	conB := e.token("contractor", "22222222")
	ids = map[string]string{}
	create := func(mun, ref, kvk string, value int, starts, ends string) {
		body := newContract(mun, ref, kvk)
		body["value_cents"], body["awarded_on"], body["starts_on"], body["ends_on"] = value, "2026-01-05", starts, ends
		body["reporting"] = "quarterly"
		if ref == "U-A" {
			body["title"] = `=HYPERLINK("http://evil.example","klik")`
		}
		ids[ref] = e.do("POST", "/contracts", e.token("municipality", mun), body).want(t, 201).get("id").(string)
	}
	create("utrecht", "U-A", "11111111", 50_000_000, "2026-01-05", "2026-12-31")
	create("utrecht", "U-B", "22222222", 50_000_000, "2026-01-05", "2027-06-30")
	create("utrecht", "U-S", "11111111", 5_000_000, "2026-01-05", "2026-12-31") // below Utrecht's threshold
	create("utrecht", "U-2030", "33333333", 50_000_000, "2030-01-01", "2030-12-31")
	create("amsterdam", "A-1", "11111111", 50_000_000, "2026-01-05", "2026-12-31")
	reg := map[string]any{"contact_name": "A", "contact_email": "a@b.nl"}
	e.do("POST", "/contracts/"+ids["U-A"]+"/registration", conA, reg).want(t, 200)
	e.do("POST", "/contracts/"+ids["U-B"]+"/registration", conB, reg).want(t, 200)
	plan := map[string]any{"items": []any{map[string]any{"block": "training", "amount_cents": 3_000_000}}}
	e.do("PUT", "/contracts/"+ids["U-A"]+"/plan", conA, plan).want(t, 200)
	e.do("POST", "/contracts/"+ids["U-A"]+"/plan/decision", utr, map[string]any{"decision": "approved"}).want(t, 200)

	e.clock.Set(at("2026-04-02 10:00:00"))
	hire := map[string]any{"block": "participatiewet", "persons": 2, "hours_per_week": 36, "months": 3, "bonuses": []string{"permanent_contract"}}
	e.do("PUT", "/contracts/"+ids["U-A"]+"/reports/2026-Q1", conA, map[string]any{"items": []any{hire,
		map[string]any{"block": "training", "amount_cents": 100_000}}}).want(t, 200)
	e.do("POST", "/contracts/"+ids["U-A"]+"/reports/2026-Q1/decision", utr, map[string]any{"decision": "accepted"}).want(t, 200)
	e.do("PUT", "/contracts/"+ids["U-B"]+"/reports/2026-Q1", conB, training(1_000_000)).want(t, 200)
	e.do("POST", "/contracts/"+ids["U-B"]+"/reports/2026-Q1/decision", utr, map[string]any{"decision": "rejected"}).want(t, 200)

	e.clock.Set(at("2026-07-20 10:00:00"))
	e.do("PUT", "/contracts/"+ids["U-A"]+"/reports/2026-Q2", conA, map[string]any{"items": []any{
		map[string]any{"block": "participatiewet", "persons": 3, "hours_per_week": 18, "months": 3},
		map[string]any{"block": "social_purchase", "amount_cents": 250_000}}}).want(t, 200)
	e.check("2026-07-20T06:00:00+02:00")
	return e, utr, conA, ids
}

// The dashboard and the to-do list agree with the contracts they sum up,
// added up here from GET /contracts and GET /flags instead.
func TestDashboardAndTasksAgreeWithTheContracts(t *testing.T) {
	e, utr, conA, _ := year2026(t)
	all := e.allContracts(utr)
	var (
		contracts                  int
		obligation, accepted, subm float64
		byStatus                   = map[string]float64{}
		openFlags                  = map[string]float64{}
		plans, reports, fines      int
		remaining                  = map[string]float64{}
	)
	for _, c := range all {
		for _, f := range c["open_flags"].([]any) {
			kind := f.(map[string]any)["kind"].(string)
			openFlags[kind]++
			if kind == "obligation_shortfall" {
				fines++
			}
		}
		if c["status"] == "plan_submitted" {
			plans++
		}
		for _, r := range c["reports"].([]any) {
			if r.(map[string]any)["status"] == "submitted" {
				reports++
			}
		}
		if c["starts_on"].(string) > "2026-12-31" || c["ends_on"].(string) < "2026-01-01" {
			continue
		}
		contracts++
		byStatus[c["status"].(string)]++
		obligation += c["obligation"].(map[string]any)["obligation_cents"].(float64)
		real := c["realisation"].(map[string]any)
		accepted += real["accepted_cents"].(float64)
		subm += real["awaiting_decision_cents"].(float64)
		remaining[c["contractor_kvk"].(string)] += real["remaining_cents"].(float64)
	}
	d := e.do("GET", "/dashboard?year=2026", utr, nil).want(t, 200)
	if d.get("contractor") != nil || len(d.get("office").([]any)) != 1 {
		t.Fatalf("dashboard: %s", d.Raw)
	}
	u := d.get("office").([]any)[0].(map[string]any)
	if u["contracts"] != float64(contracts) || u["obligation_cents"] != obligation || u["accepted_cents"] != accepted || u["awaiting_decision_cents"] != subm ||
		contracts != 3 || obligation != 5_000_000 || accepted == 0 || subm == 0 {
		t.Errorf("money: %v; want %d contracts, %v obligation, %v accepted, %v submitted", u, contracts, obligation, accepted, subm)
	}
	for s, n := range u["by_status"].(map[string]any) {
		if n != byStatus[s] {
			t.Errorf("status %s: %v, want %v", s, n, byStatus[s])
		}
	}
	for k, n := range u["open_flags"].(map[string]any) {
		if n != openFlags[k] {
			t.Errorf("open flags %s: %v, want %v", k, n, openFlags[k])
		}
	}
	w := u["waiting"].(map[string]any)
	if w["plans"] != float64(plans) || w["reports"] != float64(reports) || w["fines"] != float64(fines) || reports != 1 {
		t.Errorf("waiting %v; want %d plans, %d reports, %d fines", w, plans, reports, fines)
	}
	// B's shortfall is its whole obligation; A is covered by its Q1 report.
	top := u["top_shortfall"].([]any)
	if len(top) != 1 || top[0].(map[string]any)["contractor_kvk"] != "22222222" || top[0].(map[string]any)["remaining_cents"] != remaining["22222222"] {
		t.Errorf("top shortfall %v, remaining by contractor %v", top, remaining)
	}
	// The next 14 days: B's and the small contract's Q2 reports, due 31 July.
	var due []string
	for _, dl := range u["deadlines"].([]any) {
		m := dl.(map[string]any)
		due = append(due, fmt.Sprint(m["reference"], " ", m["kind"], " ", m["period"], " ", m["due"]))
	}
	if !slices.Equal(due, []string{"U-B report 2026-Q2 2026-07-31", "U-S report 2026-Q2 2026-07-31"}) {
		t.Errorf("deadlines %v", due)
	}
	if e.do("GET", "/dashboard", utr, nil).want(t, 200).get("year") != float64(2026) {
		t.Error("the year defaults to this year")
	}
	e.do("GET", "/dashboard?year=26", utr, nil).want(t, 422)

	// The office's to-do list: a task per decision waiting and per open flag.
	tasks := e.do("GET", "/tasks", utr, nil).want(t, 200).get("items").([]any)
	kinds := map[string]int{}
	for _, tk := range tasks {
		m := tk.(map[string]any)
		kinds[m["kind"].(string)]++
		if m["reference"] == "A-1" {
			t.Errorf("Utrecht sees Amsterdam's task %v", m)
		}
	}
	flags := 0
	for _, n := range openFlags {
		flags += int(n)
	}
	if kinds["decide_report"] != reports || kinds["decide_plan"] != plans || kinds["follow_up"]+kinds["decide_fine"] != flags || flags == 0 {
		t.Errorf("office tasks %v; want %d reports, %d plans, %d flags", kinds, reports, plans, flags)
	}
	// Contractor A: two registrations overdue since 12 January (by
	// reference), then U-A's Q3, which has begun (its Q2 waits for the
	// office).
	var mine []string
	for _, tk := range e.do("GET", "/tasks", conA, nil).want(t, 200).get("items").([]any) {
		m := tk.(map[string]any)
		mine = append(mine, fmt.Sprint(m["reference"], " ", m["kind"], " ", m["period"], " ", m["overdue"]))
	}
	want := []string{"A-1 register <nil> true", "U-S register <nil> true", "U-A submit_report 2026-Q3 false"}
	if !slices.Equal(mine, want) {
		t.Errorf("contractor tasks\n%v\nwant\n%v", mine, want)
	}
	// Contractor A's dashboard: its contracts in Utrecht and Amsterdam.
	cd := e.do("GET", "/dashboard?year=2026", conA, nil).want(t, 200)
	if ms := cd.get("contractor", "municipalities").([]any); len(ms) != 2 || cd.get("contractor", "total", "contracts") != float64(3) || len(cd.get("office").([]any)) != 0 {
		t.Errorf("contractor dashboard: %s", cd.Raw)
	}
}

// The council report agrees with the accepted reports it sums up, read
// here one by one; its CSV with its JSON; its PDF is a document with its
// figures and charts on it.
func TestCouncilReport(t *testing.T) {
	e, utr, conA, ids := year2026(t)
	e.do("POST", "/contracts/"+ids["U-A"]+"/reports/2026-Q2/decision", utr, map[string]any{"decision": "accepted"}).want(t, 200)
	route := map[string]string{"participatiewet": "labour_participation", "training": "labour_development", "social_purchase": "social_purchase"}
	byRoute := map[string]float64{}
	realised, obligation := 0.0, 0.0
	withObligation, without := 0, 0
	for _, c := range e.allContracts(utr) {
		if c["starts_on"].(string) > "2026-12-31" || c["ends_on"].(string) < "2026-01-01" {
			continue
		}
		if c["obligation"].(map[string]any)["applies"] != true {
			without++
			continue
		}
		withObligation++
		obligation += c["obligation"].(map[string]any)["obligation_cents"].(float64)
		for _, r := range c["reports"].([]any) {
			s := r.(map[string]any)
			if s["status"] != "accepted" {
				continue
			}
			rep := e.do("GET", fmt.Sprintf("/contracts/%s/reports/%s", c["id"], s["period"]), utr, nil).want(t, 200)
			realised += rep.get("valuation", "plan_value_cents").(float64)
			for _, l := range rep.get("valuation", "lines").([]any) {
				line := l.(map[string]any)
				byRoute[route[line["block"].(string)]] += line["value_cents"].(float64)
			}
		}
	}
	cr := e.do("GET", "/council-reports/utrecht/2026", utr, nil).want(t, 200)
	if cr.get("contracts_with_obligation") != float64(withObligation) || cr.get("contracts_without_obligation") != float64(without) ||
		cr.get("obligation_cents") != obligation || cr.get("realised_cents") != realised || withObligation != 2 || without != 1 {
		t.Fatalf("council report %s\nwant %d with and %d without obligation, %v obligation, %v realised", cr.Raw, withObligation, without, obligation, realised)
	}
	for _, r := range cr.get("routes").([]any) {
		m := r.(map[string]any)
		if m["value_cents"] != byRoute[m["route"].(string)] {
			t.Errorf("route %v, want %v", m, byRoute[m["route"].(string)])
		}
	}
	// Q1: 2 people, permanent contracts; Q2: 3 people, part time for a quarter.
	if cr.get("people_reached") != float64(3) || cr.get("durable_jobs") != float64(0) {
		t.Errorf("reach: %v people, %v durable", cr.get("people_reached"), cr.get("durable_jobs"))
	}

	csv := e.get("/council-reports/utrecht/2026", utr, "text/csv").table(t)
	total := csv.Rows[len(csv.Rows)-1]
	if len(csv.Rows) != withObligation+1 || total.Cell(0) != "Totaal" || total.Cell(7) != csvio.EurosCell(int64(obligation)) ||
		total.Cell(8) != csvio.EurosCell(int64(realised)) || column(t, csv, "Arbeidsparticipatie (€)")[len(csv.Rows)-1] != csvio.EurosCell(int64(byRoute["labour_participation"])) {
		t.Errorf("council CSV: %q", total.Cells)
	}
	pdf := e.get("/council-reports/utrecht/2026", utr, "application/pdf").want(t, 200)
	b := e.get("/council-reports/utrecht/2026", utr, "application/pdf").Bytes
	if pdf.Header.Get("Content-Type") != "application/pdf" || pdftest.Ink(t, b, 1) < 0.03 {
		t.Fatalf("council PDF: %s", pdf.Header)
	}
	text := strings.Join(strings.Fields(pdftest.Text(t, b)), " ")
	for _, want := range []string{"Verantwoording social return 2026", "Gemeente Utrecht", "Contracten met verplichting 2",
		"1. Arbeidsparticipatie", "U-A", "U-B"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF lacks %q", want)
		}
	}

	// Only Utrecht's office, only Utrecht's contracts.
	e.do("GET", "/council-reports/utrecht/2026", e.token("municipality", "amsterdam"), nil).want(t, 404)
	e.do("GET", "/council-reports/utrecht/2026", conA, nil).want(t, 403)
	e.do("GET", "/council-reports/utrecht/1999", utr, nil).want(t, 422)
	if ams := e.do("GET", "/council-reports/amsterdam/2026", e.token("municipality", "amsterdam,utrecht"), nil).want(t, 200); ams.get("contracts_with_obligation") != float64(1) {
		t.Errorf("Amsterdam's report counts other municipalities: %s", ams.Raw)
	}
}

// The exports: every contract and flag in a CSV a Dutch spreadsheet opens,
// formulas neutralised, which imports again without creating anything;
// and a contract's statement as a PDF with its figures on it.
func TestExports(t *testing.T) {
	e, utr, conA, ids := year2026(t)
	all := e.allContracts(utr)
	tb := e.get("/contracts", utr, "text/csv").table(t)
	refs := column(t, tb, "Kenmerk")
	if len(tb.Rows) != len(all) || len(all) != 4 || slices.Contains(refs, "A-1") {
		t.Fatalf("%d rows for %d contracts: %v", len(tb.Rows), len(all), refs)
	}
	titles := column(t, tb, "Omschrijving")
	if i := slices.Index(refs, "U-A"); titles[i] != `'=HYPERLINK("http://evil.example","klik")` {
		t.Errorf("a formula in a cell is not neutralised: %q", titles[i])
	}
	if i := slices.Index(refs, "U-B"); column(t, tb, "Verplichting (€)")[i] != "25000,00" || column(t, tb, "Opdrachtwaarde (€)")[i] != "500000,00" ||
		column(t, tb, "Startdatum")[i] != "05-01-2026" || column(t, tb, "Gemeente")[i] != "Utrecht" {
		t.Errorf("row U-B: %q", tb.Rows[i].Cells)
	}
	// ?status= filters the export as it filters the list; paging does not apply.
	if n := len(e.get("/contracts?status=plan_approved&limit=1", utr, "text/csv").table(t).Rows); n != 1 {
		t.Errorf("%d approved", n)
	}
	if n := len(e.get("/contracts", conA, "text/csv").table(t).Rows); n != 3 {
		t.Errorf("contractor A's export has %d rows", n)
	}
	// The export imports again: everything exists already.
	chk := e.send("POST", "/contracts/import?dry_run=true", utr, "text/csv", e.get("/contracts", utr, "text/csv").Bytes).want(t, 200)
	if chk.get("exists") != float64(4) || chk.get("invalid") != float64(0) || chk.get("conflicts") != float64(0) {
		t.Errorf("the export imported again: %s", chk.Raw[:min(len(chk.Raw), 600)])
	}

	flags := e.do("GET", "/flags?limit=200", utr, nil).want(t, 200).get("items").([]any)
	ft := e.get("/flags", utr, "text/csv").table(t)
	if len(ft.Rows) != len(flags) || len(flags) == 0 {
		t.Fatalf("%d flag rows for %d flags", len(ft.Rows), len(flags))
	}
	if kinds := column(t, ft, "Signaal"); !slices.Contains(kinds, "Aanmelding te laat") {
		t.Errorf("kinds %v", kinds)
	}
	planFlags := e.do("GET", "/flags?status=all&kind=plan_overdue&limit=200", utr, nil).want(t, 200).get("items").([]any)
	if n := len(e.get("/flags?status=all&kind=plan_overdue", utr, "text/csv").table(t).Rows); n != len(planFlags) || n == 0 {
		t.Errorf("%d plan_overdue flags in the CSV, %d in the list", n, len(planFlags))
	}

	st := e.get("/contracts/"+ids["U-A"], utr, "application/pdf").want(t, 200)
	b := e.get("/contracts/"+ids["U-A"], conA, "application/pdf").Bytes
	if st.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(string(b), "%PDF-") || pdftest.Ink(t, b, 1) < 0.02 {
		t.Fatalf("statement: %s", st.Header)
	}
	text := strings.Join(strings.Fields(pdftest.Text(t, b)), " ")
	for _, want := range []string{"Contractoverzicht social return", "U-A", "Schoon BV (KvK 11111111)", "Plan goedgekeurd", "1e kwartaal 2026", "Geaccepteerd"} {
		if !strings.Contains(text, want) {
			t.Errorf("the statement lacks %q", want)
		}
	}
	// Another organisation's contract is a 404 whatever the type asked.
	e.get("/contracts/"+ids["U-A"], e.token("contractor", "22222222"), "application/pdf").want(t, 404)
	e.get("/contracts/"+ids["A-1"], utr, "application/pdf").want(t, 404)
	// JSON stays the default.
	if r := e.get("/contracts/"+ids["U-A"], utr, "text/html, */*"); r.get("reference") != "U-A" {
		t.Errorf("default: %s", r.Header)
	}
}
