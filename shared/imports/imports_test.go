package imports_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/srmonitor/srmonitor/shared/auth"
	"github.com/srmonitor/srmonitor/shared/check"
	"github.com/srmonitor/srmonitor/shared/civil"
	"github.com/srmonitor/srmonitor/shared/contract"
	"github.com/srmonitor/srmonitor/shared/imports"
	"github.com/srmonitor/srmonitor/shared/memstore"
	"github.com/srmonitor/srmonitor/shared/policy"
)

// queue records what was queued; the test plays the worker.
type queue struct {
	mu   sync.Mutex
	sent map[string][]int
}

func (q *queue) Send(_ context.Context, job string, chunks []int) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.sent[job] = append(q.sent[job], chunks...)
	return nil
}

type fixture struct {
	ctx   context.Context
	repo  *memstore.Contracts
	jobs  *memstore.Jobs
	queue *queue
	svc   *imports.Service
	mun   auth.Principal
}

func newFixture() *fixture {
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, civil.Amsterdam)
	f := &fixture{ctx: context.Background(), repo: memstore.NewContracts(), jobs: memstore.NewJobs(), queue: &queue{sent: map[string][]int{}}}
	// Time moves on a little with every reading, as it does.
	var mu sync.Mutex
	clock := func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		now = now.Add(time.Millisecond)
		return now
	}
	contracts := &contract.Service{Repo: f.repo, Policies: policy.Default(), Now: clock}
	f.svc = &imports.Service{Contracts: contracts, Jobs: f.jobs, Holders: f.repo, Queue: f.queue, Now: clock}
	f.mun = auth.Principal{Subject: "office-1", Role: auth.Municipality, Orgs: []string{"utrecht", "amsterdam"}}
	return f
}

// run plays the worker: every queued chunk of the job, once.
func (f *fixture) run(t *testing.T, job string) {
	t.Helper()
	for _, n := range f.queue.sent[job] {
		if err := f.svc.Run(f.ctx, job, n); err != nil {
			t.Fatal(err)
		}
	}
}

const dutchHeader = "Gemeente;Kenmerk;Omschrijving;KvK-nummer;Opdrachtnemer;E-mail;Opdrachtwaarde (€);Percentage;PSO-trede;Gunningsdatum;Startdatum;Einddatum;Rapportage\r\n"

func dutchRow(ref string) string {
	return fmt.Sprintf("Utrecht;%s;Onderhoud groen;12345678;Groen & Co B.V.;;€ 1.234.567,89;5;0;02-03-2026;01-04-2026;31-03-2027;kwartaal\r\n", ref)
}

// A Dutch spreadsheet's file (BOM, semicolons, euros, day-first dates)
// with good and bad rows: a dry run reports every problem of every row by
// row and column and what would be created, and stores nothing.
func TestDryRunReportsEveryProblem(t *testing.T) {
	f := newFixture()
	file := "\ufeff" + dutchHeader + dutchRow("UTR-1") +
		"Utrecht;UTR-2;;1234;;x@;12,345;;7;31-02-2026;2026-04-01;2025-01-01;maandelijks\r\n" +
		dutchRow("utr-1") + // the same reference (case does not matter)
		"Atlantis;ATL-1;Titel;12345678;Naam;;1000;;;02-03-2026;01-04-2026;31-03-2027;\r\n" +
		";;;;;;;;;;;;\r\n" + // blank: skipped
		dutchRow("UTR-3")
	chk, err := f.svc.DryRun(f.ctx, f.mun, []byte(file))
	if err != nil {
		t.Fatal(err)
	}
	want := imports.Counts{Rows: 5, Done: 5, Created: 2, Invalid: 3}
	if chk.Counts != want {
		t.Fatalf("counts %+v, want %+v", chk.Counts, want)
	}
	r := chk.Results
	if r[0].Status != imports.StatusWillCreate || r[0].Line != 2 || r[0].Municipality != "utrecht" || r[0].Obligation == nil || *r[0].Obligation != 6_172_839 {
		t.Errorf("row 2: %+v", r[0])
	}
	// Row 3: every problem at once, each at its column, cell problems not
	// repeated as the domain's "required".
	got := map[string]string{}
	for _, p := range r[1].Problems {
		if _, dup := got[p.Column]; dup {
			t.Errorf("two problems at %s: %+v", p.Column, r[1].Problems)
		}
		got[p.Column] = p.Field
	}
	for col, field := range map[string]string{
		"Omschrijving": "title", "KvK-nummer": "contractor_kvk", "Opdrachtnemer": "contractor_name", "E-mail": "contractor_email",
		"Opdrachtwaarde (€)": "value_cents", "Gunningsdatum": "awarded_on", "Rapportage": "reporting",
	} {
		if got[col] != field {
			t.Errorf("row 3: no problem at %s (%s): %+v", col, field, r[1].Problems)
		}
	}
	if r[2].Status != imports.StatusInvalid || len(r[2].Problems) != 1 || !strings.Contains(r[2].Problems[0].Problem, "row 2 has this reference") {
		t.Errorf("row 4 (duplicate in the file): %+v", r[2])
	}
	if r[3].Status != imports.StatusInvalid || r[3].Problems[0].Column != "Gemeente" || r[4].Line != 7 || r[4].Status != imports.StatusWillCreate {
		t.Errorf("rows 5 and 7: %+v %+v", r[3], r[4])
	}
	if page, _, _ := f.repo.List(f.ctx, contract.Query{Municipality: "utrecht", Limit: 10}); len(page) != 0 {
		t.Fatalf("a dry run stored %d contracts", len(page))
	}
	// Not the importer's municipality: the domain's own refusal.
	other := auth.Principal{Subject: "x", Role: auth.Municipality, Orgs: []string{"leiden"}}
	chk, _ = f.svc.DryRun(f.ctx, other, []byte(dutchHeader+dutchRow("L-1")))
	if chk.Results[0].Status != imports.StatusInvalid || !strings.Contains(chk.Results[0].Problems[0].Problem, "do not act for") {
		t.Errorf("another office's municipality: %+v", chk.Results[0])
	}
	contractor := auth.Principal{Subject: "c", Role: auth.Contractor, Orgs: []string{"12345678"}}
	if _, err := f.svc.DryRun(f.ctx, contractor, []byte(file)); !errors.Is(err, contract.ErrForbidden) {
		t.Errorf("a contractor: %v", err)
	}
}

func TestFileProblemsRefuseTheWholeFile(t *testing.T) {
	f := newFixture()
	for file, want := range map[string]string{
		"kenmerk;omschrijving;kleur\nA;B;rood\n": `unknown column "kleur"`,
		"kenmerk;omschrijving\nA;B\n":            "column contractor_kvk (or kvk, kvk-nummer, kvknummer opdrachtnemer) is missing",
		dutchHeader:                              "no rows",
		strings.Replace(dutchHeader, "Percentage", "percentage_bp;percentage", 1):   "both give the percentage",
		strings.Replace(dutchHeader, "Opdrachtwaarde (€)", "value_cents;waarde", 1): "both give the contract value",
		"\xff\xfeG\x00": "not UTF-8",
	} {
		_, err := f.svc.DryRun(f.ctx, f.mun, []byte(file))
		var probs check.Problems
		if !errors.As(err, &probs) || !slices.ContainsFunc(probs, func(p check.Problem) bool { return p.Field == "file" && strings.Contains(p.Problem, want) }) {
			t.Errorf("%q: %v, want %q", file, err, want)
		}
	}
}

// The import: valid rows created by the worker, one contract each; the
// same file again creates nothing; a row whose reference exists with
// other data is a conflict, and the contract is left as it was.
func TestImportAndImportAgain(t *testing.T) {
	f := newFixture()
	var sb strings.Builder
	sb.WriteString("reference,title,contractor_kvk,contractor_name,value_cents,awarded_on,starts_on,ends_on,municipality\n")
	for i := range 120 {
		if i%10 == 3 {
			sb.WriteString(fmt.Sprintf("BAD-%d,T,123,N,x,2026-03-02,2026-04-01,2027-03-31,utrecht\n", i))
			continue
		}
		sb.WriteString(fmt.Sprintf("R-%03d,Title %d,12345678,Schoon BV,%d,2026-03-02,2026-04-01,2027-03-31,utrecht\n", i, i, 10_000_000+i))
	}
	file := []byte(sb.String())
	job, started, err := f.svc.Start(f.ctx, f.mun, file)
	if err != nil {
		t.Fatal(err)
	}
	if job.Chunks != 3 || len(f.queue.sent[job.ID]) != 3 || job.Status() != "running" || job.Counts.Invalid != 12 || job.Counts.Done != 12 {
		t.Fatalf("job %+v queued %v", job, f.queue.sent[job.ID])
	}
	_, results, err := f.svc.Get(f.ctx, f.mun, job.ID)
	if err != nil || len(results) != 120 || results[0].Status != imports.StatusPending || results[3].Status != imports.StatusInvalid {
		t.Fatalf("before the worker: %v %+v", err, results[:4])
	}
	if !slices.EqualFunc(started, results, func(a, b imports.Result) bool { return a.Line == b.Line && a.Status == b.Status }) {
		t.Fatalf("Start's results differ from what is stored")
	}
	f.run(t, job.ID)
	// A message delivered twice changes nothing.
	if err := f.svc.Run(f.ctx, job.ID, 1); err != nil || f.jobs.Completions != 3 {
		t.Fatalf("redelivery: %v, %d completions", err, f.jobs.Completions)
	}
	job, results, err = f.svc.Get(f.ctx, f.mun, job.ID)
	if err != nil {
		t.Fatal(err)
	}
	if want := (imports.Counts{Rows: 120, Done: 120, Created: 108, Invalid: 12}); job.Counts != want || job.Status() != "done" {
		t.Fatalf("after the worker: %+v", job.Counts)
	}
	page, _, _ := f.repo.List(f.ctx, contract.Query{Municipality: "utrecht", Limit: 200})
	if len(page) != 108 {
		t.Fatalf("%d contracts stored", len(page))
	}
	for _, r := range results {
		if r.Status == imports.StatusCreated && (r.ContractID == "" || r.Obligation == nil) {
			t.Fatalf("created row without its contract: %+v", r)
		}
	}

	// Again, with one row changed.
	again := strings.Replace(string(file), "R-005,Title 5,12345678,Schoon BV,10000005", "R-005,Title 5,87654321,Schoon BV,10000006", 1)
	chk, err := f.svc.DryRun(f.ctx, f.mun, []byte(again))
	if err != nil {
		t.Fatal(err)
	}
	if want := (imports.Counts{Rows: 120, Done: 120, Exists: 107, Conflicts: 1, Invalid: 12}); chk.Counts != want {
		t.Fatalf("dry run again: %+v", chk.Counts)
	}
	job2, _, err := f.svc.Start(f.ctx, f.mun, []byte(again))
	if err != nil {
		t.Fatal(err)
	}
	f.run(t, job2.ID)
	job2, results, _ = f.svc.Get(f.ctx, f.mun, job2.ID)
	if want := (imports.Counts{Rows: 120, Done: 120, Exists: 107, Conflicts: 1, Invalid: 12}); job2.Counts != want {
		t.Fatalf("import again: %+v", job2.Counts)
	}
	conflict := results[5]
	if conflict.Status != imports.StatusConflict || !slices.Equal(conflict.Differs, []string{"contractor_kvk", "value_cents"}) || conflict.ContractID == "" {
		t.Fatalf("conflict: %+v", conflict)
	}
	c, _ := f.repo.Get(f.ctx, conflict.ContractID)
	if c.ContractorKvK != "12345678" || c.ValueCents != 10_000_005 {
		t.Fatalf("the existing contract was overwritten: %+v", c)
	}
	if page, _, _ = f.repo.List(f.ctx, contract.Query{Municipality: "utrecht", Limit: 200}); len(page) != 108 {
		t.Fatalf("%d contracts after the second import", len(page))
	}
}

// A chunk whose first attempt created some contracts and then failed is
// retried: what the failed attempt made counts as created, nothing twice.
func TestRetriedChunkReportsWhatItCreated(t *testing.T) {
	f := newFixture()
	file := "reference;title;contractor_kvk;contractor_name;value;awarded_on;starts_on;ends_on;municipality\n" +
		"A-1;T;12345678;N;1000;2026-03-02;2026-04-01;2027-03-31;utrecht\nA-2;T;12345678;N;1000;2026-03-02;2026-04-01;2027-03-31;utrecht\n"
	job, _, err := f.svc.Start(f.ctx, f.mun, []byte(file))
	if err != nil {
		t.Fatal(err)
	}
	// The first attempt got as far as the first contract.
	first := f.svc.Contracts
	v := int64(100_000)
	in := contract.CreateInput{Municipality: "utrecht", Reference: "A-1", Title: "T", ContractorKvK: "12345678", ContractorName: "N",
		ValueCents: &v, AwardedOn: ptr(civil.MustParse("2026-03-02")), StartsOn: ptr(civil.MustParse("2026-04-01")), EndsOn: ptr(civil.MustParse("2027-03-31"))}
	if _, err := first.Create(f.ctx, f.mun, in); err != nil {
		t.Fatal(err)
	}
	f.run(t, job.ID)
	job, _, _ = f.svc.Get(f.ctx, f.mun, job.ID)
	if job.Counts.Created != 2 || job.Counts.Exists != 0 {
		t.Fatalf("counts %+v", job.Counts)
	}
}

// Only a user serving every municipality of the job sees it.
func TestJobsAreTheirOfficesOnly(t *testing.T) {
	f := newFixture()
	job, _, err := f.svc.Start(f.ctx, f.mun, []byte(dutchHeader+dutchRow("U-1")))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []auth.Principal{
		{Subject: "y", Role: auth.Municipality, Orgs: []string{"amsterdam"}},
		{Subject: "z", Role: auth.Contractor, Orgs: []string{"12345678"}},
	} {
		if _, _, err := f.svc.Get(f.ctx, p, job.ID); !errors.Is(err, imports.ErrJobNotFound) {
			t.Errorf("%+v: %v", p, err)
		}
	}
	colleague := auth.Principal{Subject: "w", Role: auth.Municipality, Orgs: []string{"utrecht"}}
	if _, _, err := f.svc.Get(f.ctx, colleague, job.ID); err != nil {
		t.Errorf("a colleague serving utrecht: %v", err)
	}
	if _, _, err := f.svc.Get(f.ctx, f.mun, "i_nope"); !errors.Is(err, imports.ErrJobNotFound) {
		t.Error(err)
	}
}

func ptr[T any](v T) *T { return &v }

// Report lines from a payroll export become the period's report revision;
// problems name the file's row and column, the domain's too.
func TestReportImport(t *testing.T) {
	f := newFixture()
	svc := f.svc.Contracts
	c, err := svc.Create(f.ctx, f.mun, contract.CreateInput{Municipality: "utrecht", Reference: "R-1", Title: "T", ContractorKvK: "12345678",
		ContractorName: "N", ValueCents: ptr(int64(50_000_000)), AwardedOn: ptr(civil.MustParse("2026-01-05")),
		StartsOn: ptr(civil.MustParse("2026-01-05")), EndsOn: ptr(civil.MustParse("2026-12-31")), Reporting: "quarterly"})
	if err != nil {
		t.Fatal(err)
	}
	con := auth.Principal{Subject: "hr", Role: auth.Contractor, Orgs: []string{"12345678"}}
	if _, err := svc.Register(f.ctx, con, c.ID, nil, contract.RegisterInput{ContactName: "A", ContactEmail: "a@b.nl"}); err != nil {
		t.Fatal(err)
	}
	header := "Bouwblok;Personen;Uren per week;Maanden;Toeslagen;Bedrag;Omschrijving\r\n"
	bad := header +
		"participatiewet;1;36;3;permanent_contract;;Medewerker groen\r\n" +
		"participatiewet;1;36;drie;;;\r\n" + // not a number
		"training;;;;;1.500,00;Cursus VCA\r\n" +
		"participatiewet;1;36;3;;250,00;\r\n" // an amount on a person block: the domain's problem
	_, err = imports.SubmitReport(f.ctx, svc, con, c.ID, "2026-Q1", nil, []byte(bad))
	var probs check.Problems
	if !errors.As(err, &probs) {
		t.Fatalf("%v", err)
	}
	fields := map[string]bool{}
	for _, p := range probs {
		fields[p.Field] = true
	}
	if !fields["row 3, column Maanden"] || len(probs) != 1 {
		t.Fatalf("cell problems first: %+v", probs)
	}
	bad = strings.Replace(bad, "drie", "3", 1)
	_, err = imports.SubmitReport(f.ctx, svc, con, c.ID, "2026-Q1", nil, []byte(bad))
	if !errors.As(err, &probs) || len(probs) != 1 || probs[0].Field != "row 5, column Bedrag" {
		t.Fatalf("the domain's problem at its cell: %+v", err)
	}
	good := strings.Replace(bad, "participatiewet;1;36;3;;250,00;", "participatiewet;2;18,5;3;;;", 1)
	got, err := imports.SubmitReport(f.ctx, svc, con, c.ID, "2026-Q1", nil, []byte(good))
	if err != nil {
		t.Fatal(err)
	}
	rep, _, err := svc.GetReport(f.ctx, con, got.ID, "2026-Q1", 0)
	if err != nil || len(rep.Items) != 4 || rep.Items[0].Bonuses[0] != "permanent_contract" || *rep.Items[2].AmountCents != 150_000 ||
		*rep.Items[3].HoursPerWeek != 1850 || rep.Items[2].Description != "Cursus VCA" {
		t.Fatalf("report: %v %+v", err, rep)
	}
	// A candidate column holds codes; a name is refused at its cell, not
	// stored.
	_, err = imports.SubmitReport(f.ctx, svc, con, c.ID, "2026-Q1", nil, []byte("kandidaat;bouwblok;uren per week;maanden\nJ. Jansen;participatiewet;36;3\n"))
	if !errors.As(err, &probs) || probs[0].Field != "row 2, column kandidaat" {
		t.Fatalf("candidate: %v", err)
	}
	got, err = imports.SubmitReport(f.ctx, svc, con, c.ID, "2026-Q1", nil, []byte("kandidaat;bouwblok;uren per week;maanden\nK-001;participatiewet;36;3\n"))
	if err != nil || got.ReportSummaryFor("2026-Q1").Candidates != 1 {
		t.Fatalf("a candidate code: %v", err)
	}
	if _, err := imports.SubmitReport(f.ctx, svc, f.mun, c.ID, "2026-Q1", nil, []byte(good)); !errors.Is(err, contract.ErrForbidden) {
		t.Fatalf("an office: %v", err)
	}
}
