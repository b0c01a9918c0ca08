package devserver

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// contractsFile is a Dutch spreadsheet's export of n contracts for the
// WSP regio Amersfoort (by municipality name), with bad rows among them:
// every 25th row has a wrong KvK number and day, every 40th an unknown
// municipality, and row 52 repeats row 2's reference.
func contractsFile(n int) (file string, good int) {
	var sb strings.Builder
	sb.WriteString("\ufeffGemeente;Kenmerk;Omschrijving;KvK-nummer;Opdrachtnemer;Opdrachtwaarde (€);Percentage;Gunningsdatum;Startdatum;Einddatum;Rapportage\r\n")
	towns := []string{"Amersfoort", "Soest", "Baarn"}
	for i := range n {
		town, kvk, start := towns[i%3], fmt.Sprintf("%08d", 30_000_000+i%7), "01-04-2026"
		ref := fmt.Sprintf("WSP-%04d", i)
		switch {
		case i%25 == 24:
			kvk, start = "1234", "31-04-2026"
		case i%40 == 39:
			town = "Atlantis"
		case i == 50:
			ref, town = "WSP-0000", "Amersfoort"
		default:
			good++
		}
		// A quote in a cell is doubled in a quoted cell, as spreadsheets write it.
		fmt.Fprintf(&sb, "%s;%s;\"Schoonmaak \"\"%s\"\"\";%s;Schoon & Zo B.V.;€ %d.500,00;5;02-03-2026;%s;31-03-2027;per kwartaal\r\n",
			town, ref, ref, kvk, 100+i, start)
	}
	return sb.String(), good
}

func (e *env) importFile(tok, csv string, query string) file {
	e.t.Helper()
	return e.send("POST", "/contracts/import"+query, tok, "text/csv", []byte(csv))
}

// waitImport reads the job until it is done.
func (e *env) waitImport(tok, id string) reply {
	e.t.Helper()
	var job reply
	e.eventually("import "+id, func() bool {
		job = e.do("GET", "/imports/"+id, tok, nil).want(e.t, 200)
		return job.get("status") == "done"
	})
	return job
}

func results(r reply) []map[string]any {
	var out []map[string]any
	for _, it := range r.get("results").([]any) {
		out = append(out, it.(map[string]any))
	}
	return out
}

func TestImportContracts(t *testing.T) {
	e := newEnv(t)
	e.clock.Set(at("2026-03-02 10:00:00"))
	wsp := e.token("municipality", "amersfoort,soest,baarn")
	csv, good := contractsFile(300)

	// A dry run: every problem of every row, what would be created, nothing stored.
	chk := e.importFile(wsp, csv, "?dry_run=true").want(t, 200)
	if chk.get("rows") != float64(300) || chk.get("created") != float64(good) || chk.get("invalid") != float64(300-good) {
		t.Fatalf("dry run: rows %v, would create %v, invalid %v (want %d)", chk.get("rows"), chk.get("created"), chk.get("invalid"), good)
	}
	rows := results(chk)
	bad := rows[24]
	problems := map[string]bool{}
	for _, p := range bad["problems"].([]any) {
		problems[p.(map[string]any)["column"].(string)] = true
	}
	if bad["row"] != float64(26) || !problems["KvK-nummer"] || !problems["Startdatum"] || len(problems) != 2 {
		t.Errorf("row 26: %v", bad)
	}
	if rows[39]["problems"].([]any)[0].(map[string]any)["column"] != "Gemeente" ||
		!strings.Contains(rows[50]["problems"].([]any)[0].(map[string]any)["problem"].(string), "row 2 has this reference") {
		t.Errorf("rows 41, 52: %v / %v", rows[39], rows[50])
	}
	if rows[0]["status"] != "will_create" || rows[0]["municipality"] != "amersfoort" || rows[1]["municipality"] != "soest" || rows[0]["obligation_cents"] != float64(502_500) {
		t.Errorf("row 2: %v", rows[0])
	}
	if got := e.do("GET", "/contracts?limit=1", wsp, nil).want(t, 200).get("items").([]any); len(got) != 0 {
		t.Fatal("the dry run stored contracts")
	}

	// The import: 202 at once, the worker creates the rest.
	started := e.importFile(wsp, csv, "").want(t, 202)
	id := started.get("id").(string)
	if started.Header.Get("Location") != "/imports/"+id || started.get("rows_done") != float64(300-good) {
		t.Fatalf("started: %s %v", started.Header.Get("Location"), started.get("rows_done"))
	}
	job := e.waitImport(wsp, id)
	if job.get("created") != float64(good) || job.get("invalid") != float64(300-good) || job.get("exists") != float64(0) {
		t.Fatalf("job: %v", job.Raw[:300])
	}
	// What it says it created is there, each once.
	var ids []string
	for _, r := range results(job) {
		if r["status"] == "created" {
			ids = append(ids, r["contract_id"].(string))
		}
	}
	if listed := e.allContracts(wsp); len(listed) != good || len(ids) != good {
		t.Fatalf("%d contracts listed, %d created", len(listed), len(ids))
	}
	c := e.do("GET", "/contracts/"+ids[0], wsp, nil).want(t, 200)
	if c.get("reference") != "WSP-0000" || c.get("title") != `Schoonmaak "WSP-0000"` || c.get("value_cents") != float64(10_050_000) ||
		c.get("reporting") != "quarterly" || c.get("starts_on") != "2026-04-01" {
		t.Errorf("imported contract: %s", c.Raw)
	}

	// Again: nothing twice. With one row changed: a conflict, not an overwrite.
	changed := strings.Replace(csv, `WSP-0007;"Schoonmaak ""WSP-0007""";30000000`, `WSP-0007;"Schoonmaak ""WSP-0007""";39999999`, 1)
	again := e.waitImport(wsp, e.importFile(wsp, changed, "").want(t, 202).get("id").(string))
	if again.get("created") != float64(0) || again.get("exists") != float64(good-1) || again.get("conflicts") != float64(1) {
		t.Fatalf("again: created %v exists %v conflicts %v", again.get("created"), again.get("exists"), again.get("conflicts"))
	}
	conflict := results(again)[7]
	if conflict["status"] != "conflict" || !slices.Equal(conflict["differs"].([]any), []any{"contractor_kvk"}) {
		t.Errorf("conflict: %v", conflict)
	}
	if kvk := e.do("GET", "/contracts/"+conflict["contract_id"].(string), wsp, nil).want(t, 200).get("contractor_kvk"); kvk != "30000000" {
		t.Errorf("overwritten: %v", kvk)
	}
	if n := len(e.allContracts(wsp)); n != good {
		t.Fatalf("%d contracts after the second import", n)
	}

	// Another office, a contractor: the job does not exist or is not theirs.
	e.do("GET", "/imports/"+id, e.token("municipality", "amersfoort"), nil).want(t, 404)
	e.do("GET", "/imports/"+id, e.token("municipality", "utrecht"), nil).want(t, 404)
	e.do("GET", "/imports/"+id, e.token("contractor", "30000000"), nil).want(t, 403)
	e.importFile(e.token("contractor", "30000000"), csv, "?dry_run=true").want(t, 403)
	e.do("GET", "/imports/i_unknown", wsp, nil).want(t, 404)
	// Utrecht may not import for Amersfoort: the domain's own refusal.
	if r := results(e.importFile(e.token("municipality", "utrecht"), csv, "?dry_run=true").want(t, 200))[0]; r["status"] != "invalid" {
		t.Errorf("another office's municipality: %v", r)
	}

	// A file that is no table, a wrong header, a bad query.
	for body, want := range map[string]string{
		"":                                 "empty",
		"Kenmerk;Kleur\nA;rood\n":          `unknown column \"Kleur\"`,
		"kenmerk;omschrijving\n\xff\xfe\n": "not UTF-8",
	} {
		if r := e.importFile(wsp, body, "").want(t, 422); !strings.Contains(r.Raw, want) || r.get("error", "details") == nil {
			t.Errorf("%q: %s", body, r.Raw)
		}
	}
	e.importFile(wsp, csv, "?dry_run=maybe").want(t, 422)
	e.importFile(wsp, strings.Repeat("x", 1<<20+1), "").want(t, 413)
}

// allContracts pages through GET /contracts.
func (e *env) allContracts(tok string) []map[string]any {
	e.t.Helper()
	var out []map[string]any
	path := "/contracts?limit=200"
	for {
		r := e.do("GET", path, tok, nil).want(e.t, 200)
		for _, it := range r.get("items").([]any) {
			out = append(out, it.(map[string]any))
		}
		next, _ := r.get("next_cursor").(string)
		if next == "" {
			return out
		}
		path = "/contracts?limit=200&cursor=" + next
	}
}

// The contractor's report from a payroll export: the items as a PUT takes
// them; problems at their row and column.
func TestImportReport(t *testing.T) {
	e, _, con, id := reportsFixture(t, "quarterly")
	e.clock.Set(at("2026-07-15 12:00:00"))
	file := "Bouwblok;Personen;Uren per week;Maanden;Toeslagen;Bedrag;Omschrijving\r\n" +
		"training;;;;;1.500,00;VCA-opleiding\r\n" +
		"social_purchase;;;;;2.000,00;Inkoop bij Pantar\r\n"
	r := e.send("POST", "/contracts/"+id+"/reports/2026-Q2/import", con, "text/csv", []byte(file)).want(t, 200)
	if r.get("realisation", "awaiting_decision_cents") != float64(350_000) || r.Header.Get("ETag") == "" {
		t.Fatalf("report: %s", r.Raw)
	}
	rep := e.do("GET", "/contracts/"+id+"/reports/2026-Q2", con, nil).want(t, 200)
	if items := rep.get("items").([]any); len(items) != 2 || items[1].(map[string]any)["description"] != "Inkoop bij Pantar" {
		t.Fatalf("items: %s", rep.Raw)
	}
	bad := strings.Replace(file, "1.500,00", "1.500,005", 1) + "bbl;1;x;3;;;\r\n"
	r = e.send("POST", "/contracts/"+id+"/reports/2026-Q2/import", con, "text/csv", []byte(bad)).want(t, 422)
	for _, want := range []string{"row 2, column Bedrag", "row 4, column Uren per week"} {
		if !strings.Contains(r.Raw, want) {
			t.Errorf("no problem at %s: %s", want, r.Raw)
		}
	}
	// The domain's problems at their cells too, and a stale If-Match.
	r = e.send("POST", "/contracts/"+id+"/reports/2026-Q2/import", con, "text/csv", []byte("bouwblok;uren\ntraining;12\n")).want(t, 422)
	if !strings.Contains(r.Raw, "row 2, column uren") {
		t.Errorf("domain problem: %s", r.Raw)
	}
	e.send("POST", "/contracts/"+id+"/reports/2026-Q2/import", con, "text/csv", []byte(file), "If-Match", `"1"`).want(t, 412)
	e.send("POST", "/contracts/"+id+"/reports/2026-Q2/import", e.token("contractor", "87654321"), "text/csv", []byte(file)).want(t, 404)
	e.send("POST", "/contracts/"+id+"/reports/2026-Q2/import", e.token("municipality", "amsterdam"), "text/csv", []byte(file)).want(t, 403)
}
