package store

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/srmonitor/srmonitor/infra/localstack"
	"github.com/srmonitor/srmonitor/shared/auth"
	"github.com/srmonitor/srmonitor/shared/civil"
	"github.com/srmonitor/srmonitor/shared/contract"
	"github.com/srmonitor/srmonitor/shared/memstore"
	"github.com/srmonitor/srmonitor/shared/policy"
	"github.com/srmonitor/srmonitor/shared/schedule"
	"github.com/srmonitor/srmonitor/shared/valuation"
)

// itemSize is an item's size as DynamoDB counts it against its 400 KB
// limit: attribute names and values in bytes, numbers by their digits,
// and a few bytes of overhead per list or map and per element.
func itemSize(item map[string]types.AttributeValue) int {
	n := 0
	for name, v := range item {
		n += len(name) + valueSize(v)
	}
	return n
}

func valueSize(v types.AttributeValue) int {
	switch x := v.(type) {
	case *types.AttributeValueMemberS:
		return len(x.Value)
	case *types.AttributeValueMemberN:
		return (len(strings.TrimLeft(x.Value, "-0"))+1)/2 + 1
	case *types.AttributeValueMemberB:
		return len(x.Value)
	case *types.AttributeValueMemberBOOL, *types.AttributeValueMemberNULL:
		return 1
	case *types.AttributeValueMemberL:
		n := 3
		for _, e := range x.Value {
			n += 1 + valueSize(e)
		}
		return n
	case *types.AttributeValueMemberM:
		n := 3
		for k, e := range x.Value {
			n += 1 + len(k) + valueSize(e)
		}
		return n
	case *types.AttributeValueMemberSS:
		n := 0
		for _, e := range x.Value {
			n += len(e)
		}
		return n
	}
	panic(fmt.Sprintf("itemSize: %T", v))
}

// allVerified stands in for the evidence records: every cited id is
// verified evidence of the contract.
type allVerified struct{}

func (allVerified) Statuses(_ context.Context, _ string, ids []string) (map[string]string, error) {
	out := map[string]string{}
	for _, id := range ids {
		out[id] = "verified"
	}
	return out, nil
}

// No item can outgrow DynamoDB's 400 KB: a contract of the longest term
// allowed, reporting quarterly, with every text at its maximum length in
// 4-byte characters, several plan revisions of the most items allowed,
// a report for every period, every decision with the longest note, and
// every flag raised. The lifecycle runs on the in-memory repository (the
// same rules, in a second); then the contract and its largest revisions
// and event are written to DynamoDB in one transaction and measured there.
func TestNoItemOutgrowsDynamoDB(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 1, 5, 9, 0, 0, 0, civil.Amsterdam)
	mem := memstore.NewContracts()
	svc := &contract.Service{Repo: mem, Policies: policy.Default(), Now: func() time.Time { return now }, Evidence: allVerified{}}
	mun := auth.Principal{Subject: strings.Repeat("m", 200), Role: auth.Municipality, Orgs: []string{"utrecht"}}
	con := auth.Principal{Subject: strings.Repeat("k", 200), Role: auth.Contractor, Orgs: []string{"12345678"}}
	wide := func(n int) string { return strings.Repeat("\U0001D11E", n) } // 4 bytes in UTF-8

	value := int64(1_000_000_000_000_00)
	starts := civil.MustParse("2026-01-05")
	ends := starts.AddMonths(12 * contract.MaxDurationYears).AddDays(-1)
	c, err := svc.Create(ctx, mun, contract.CreateInput{Reference: wide(contract.MaxReference), Title: wide(contract.MaxTitle),
		ContractorKvK: "12345678", ContractorName: wide(contract.MaxName), ValueCents: &value, AwardedOn: &starts, StartsOn: &starts,
		EndsOn: &ends, Reporting: "quarterly"})
	if err != nil {
		t.Fatal(err)
	}
	id := c.ID
	until := c.Deadlines.PlanDueMax
	if _, err := svc.ExtendPlan(ctx, mun, id, nil, contract.ExtensionInput{Until: &until, Reason: wide(contract.MaxNote)}); err != nil {
		t.Fatal(err)
	}
	// Every deadline passes unmet: every flag is raised.
	if _, err := svc.CheckDeadlines(ctx, ends.AddMonths(3).Start()); err != nil {
		t.Fatal(err)
	}
	email := strings.Repeat("a", 64) + "@" + strings.Repeat("b", contract.MaxEmail-64-1-3) + ".nl"
	if _, err := svc.Register(ctx, con, id, nil, contract.RegisterInput{ContactName: wide(contract.MaxName), ContactEmail: email, Phone: "+31 (0)20-1234-56789"}); err != nil {
		t.Fatal(err)
	}
	persons, hours, months := int64(10_000), valuation.Decimal(36_00), valuation.Decimal(12_00)
	items := func() []valuation.Item {
		out := make([]valuation.Item, contract.MaxItems)
		for i := range out {
			out[i] = valuation.Item{Block: "participatiewet", Persons: &persons, HoursPerWeek: &hours, Months: &months,
				Bonuses: []string{"permanent_contract", "age_50_plus", "statushouder_or_language"}, Description: wide(valuation.MaxDescription)}
			if i%2 == 1 { // a line naming a candidate is one person
				out[i].Persons, out[i].Candidate = nil, strings.Repeat("a1", 20)
			}
		}
		return out
	}
	for range 3 {
		if _, err := svc.SubmitPlan(ctx, con, id, nil, contract.PlanInput{Items: items(), Note: wide(contract.MaxNote)}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := svc.DecidePlan(ctx, mun, id, nil, contract.DecisionInput{Decision: contract.Approved, Note: wide(contract.MaxNote)}); err != nil {
		t.Fatal(err)
	}
	evidence := make([]string, contract.MaxEvidencePerRep)
	for i := range evidence {
		evidence[i] = fmt.Sprintf("%s.e_%020d", id, i)
	}
	periods := schedule.Periods(c.Reporting, c.StartsOn, c.EndsOn)
	now = ends.AddMonths(3).Start()
	for i, p := range periods {
		// A report's own items are an item of their own, the same size in
		// every period: the first two periods are filled to the limit, the
		// others kept small to keep the test fast. What each period adds to
		// the contract itself is there either way.
		in := contract.ReportInput{Items: []valuation.Item{}, EvidenceIDs: evidence[:1], Note: wide(contract.MaxNote)}
		if i < 2 {
			in.Items, in.EvidenceIDs = items(), evidence
			in.ItemEvidence = make([][]string, len(in.Items))
			for j := range in.ItemEvidence {
				in.ItemEvidence[j] = evidence[:contract.MaxEvidencePerItem]
			}
		}
		if _, err := svc.SubmitReport(ctx, con, id, p.Key, nil, in); err != nil {
			t.Fatalf("%s: %v", p.Key, err)
		}
		if p.Key == schedule.FinalKey {
			break // left undecided, so the contract can still be cancelled
		}
		if _, err := svc.DecideReport(ctx, mun, id, p.Key, nil, contract.ReportDecisionInput{Decision: contract.Accepted, Note: wide(contract.MaxNote)}); err != nil {
			t.Fatalf("%s: %v", p.Key, err)
		}
	}
	if _, err := svc.Cancel(ctx, mun, id, nil, contract.CancelInput{Reason: wide(contract.MaxNote)}); err != nil {
		t.Fatal(err)
	}
	after, err := svc.Get(ctx, mun, id)
	if err != nil {
		t.Fatal(err)
	}
	// Registration, plan, every period's report and the shortfall.
	if len(after.Flags) != len(periods)+3 || len(after.Reports) != len(periods) {
		t.Fatalf("%d flags, %d reports for %d periods", len(after.Flags), len(after.Reports), len(periods))
	}

	plan, err := mem.Plan(ctx, id, 3)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := mem.Report(ctx, id, periods[0].Key, 1)
	if err != nil {
		t.Fatal(err)
	}
	events, _, err := mem.History(ctx, id, 1000, "")
	if err != nil {
		t.Fatal(err)
	}
	largest := events[0]
	for _, e := range events {
		if len(fmt.Sprint(e.Data)) > len(fmt.Sprint(largest.Data)) {
			largest = e
		}
	}
	env := localstack.ForTest(t)
	db := dynamodb.NewFromConfig(env.Config)
	if err := NewContracts(db, env.Table).Create(ctx, after, contract.Write{Event: largest, Plan: plan, Report: rep}); err != nil {
		t.Fatalf("writing the largest items to DynamoDB: %v", err)
	}
	e, err := expression.NewBuilder().WithKeyCondition(expression.Key("pk").Equal(expression.Value(contractPK(id)))).Build()
	if err != nil {
		t.Fatal(err)
	}
	sizes := map[string]int{}
	p := dynamodb.NewQueryPaginator(db, &dynamodb.QueryInput{TableName: &env.Table, KeyConditionExpression: e.KeyCondition(),
		ExpressionAttributeNames: e.Names(), ExpressionAttributeValues: e.Values()})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, item := range page.Items {
			var k struct {
				SK string `dynamodbav:"sk"`
			}
			if err := attributevalue.UnmarshalMap(item, &k); err != nil {
				t.Fatal(err)
			}
			kind := k.SK[:1] // the reference claim (pk R#...) is not in this partition
			sizes[kind] = max(sizes[kind], itemSize(item))
		}
	}
	var report []string
	for _, kind := range []string{"C", "P", "R", "E"} {
		report = append(report, fmt.Sprintf("%s %.1f KB", map[string]string{"C": "contract", "P": "plan revision", "R": "report", "E": "event"}[kind], float64(sizes[kind])/1024))
	}
	sort.Strings(report)
	t.Logf("largest items of a %d-year quarterly contract with %d periods, every field at its maximum: %s",
		contract.MaxDurationYears, len(periods), strings.Join(report, ", "))
	for kind, n := range sizes {
		// A margin below 400 KB for what later formats may add.
		if n > 350*1024 {
			t.Errorf("largest %s item is %d bytes; DynamoDB allows 400 KB", kind, n)
		}
	}
}

// The deadline check reads only what is due, and each due contract once:
// with 2,000 contracts of which 2% have a passed deadline, it reads one
// item per flag raised (the index projects the contract) and none of the
// other 1,960.
func TestDeadlineCheckReadsOnePerFlag(t *testing.T) {
	ctx := context.Background()
	env := localstack.ForTest(t)
	db := dynamodb.NewFromConfig(env.Config)
	repo := NewContracts(db, env.Table)
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, civil.Amsterdam)
	// The service creates the two kinds of contract in memory; copies go
	// straight into the table.
	mem := memstore.NewContracts()
	tmpl := &contract.Service{Repo: mem, Policies: policy.Default(), Now: func() time.Time { return now }}
	mun := auth.Principal{Subject: "u", Role: auth.Municipality, Orgs: []string{"utrecht"}}
	value := int64(50_000_000)
	template := func(awarded, starts string) contract.Contract {
		a, s, e := civil.MustParse(awarded), civil.MustParse(starts), civil.MustParse("2027-06-30")
		c, err := tmpl.Create(ctx, mun, contract.CreateInput{Reference: "T" + awarded, Title: "t", ContractorKvK: "12345678",
			ContractorName: "n", ValueCents: &value, AwardedOn: &a, StartsOn: &s, EndsOn: &e})
		if err != nil {
			t.Fatal(err)
		}
		return *c
	}
	overdue, later := template("2026-03-02", "2026-04-01"), template("2026-06-01", "2026-07-01")
	var batch []types.WriteRequest
	for i := range 2000 {
		c := later
		if i%50 == 0 { // 40 of 2,000: registration due 2026-03-09
			c = overdue
		}
		c.ID, c.Reference = fmt.Sprintf("c_%04d", i), fmt.Sprintf("R-%04d", i)
		item, err := attributevalue.MarshalMap(toContractItem(&c))
		if err != nil {
			t.Fatal(err)
		}
		batch = append(batch, types.WriteRequest{PutRequest: &types.PutRequest{Item: item}})
		if len(batch) == 25 {
			if _, err := db.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{env.Table: batch}}); err != nil {
				t.Fatal(err)
			}
			batch = nil
		}
	}
	svc := &contract.Service{Repo: repo, Policies: policy.Default(), Now: time.Now}
	sum, err := svc.CheckDeadlines(ctx, time.Date(2026, 3, 10, 6, 0, 0, 0, civil.Amsterdam))
	if err != nil {
		t.Fatal(err)
	}
	if sum.Checked != 40 || sum.Raised != 40 || sum.RaisedByKind[contract.RegistrationOverdue] != 40 {
		t.Fatalf("summary: %+v", sum)
	}
	perFlag := float64(sum.ItemsRead) / float64(sum.Raised)
	t.Logf("2,000 contracts, %d due: %d items read for %d flags = %.2f items per flag", sum.Checked, sum.ItemsRead, sum.Raised, perFlag)
	if perFlag > 1.1 {
		t.Errorf("%.2f items read per flag, want at most 1.1", perFlag)
	}
	// Flagged contracts leave the index until their next deadline.
	again, err := svc.CheckDeadlines(ctx, time.Date(2026, 3, 10, 7, 0, 0, 0, civil.Amsterdam))
	if err != nil || again.Raised != 0 || again.ItemsRead != 0 {
		t.Fatalf("second run: %+v %v", again, err)
	}
}
