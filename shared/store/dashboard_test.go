package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/srmonitor/srmonitor/infra/localstack"
	"github.com/srmonitor/srmonitor/shared/auth"
	"github.com/srmonitor/srmonitor/shared/civil"
	"github.com/srmonitor/srmonitor/shared/contract"
	"github.com/srmonitor/srmonitor/shared/insight"
	"github.com/srmonitor/srmonitor/shared/memstore"
	"github.com/srmonitor/srmonitor/shared/policy"
	"github.com/srmonitor/srmonitor/shared/valuation"
)

// busyContract is a contract a year into its life: registered, a plan
// approved, three quarterly reports accepted, as the dashboard reads it.
func busyContract(t testing.TB) contract.Contract {
	ctx := context.Background()
	now := time.Date(2026, 1, 5, 10, 0, 0, 0, civil.Amsterdam)
	svc := &contract.Service{Repo: memstore.NewContracts(), Policies: policy.Default(), Now: func() time.Time { return now }}
	mun := auth.Principal{Subject: "office", Role: auth.Municipality, Orgs: []string{"utrecht"}}
	con := auth.Principal{Subject: "hr", Role: auth.Contractor, Orgs: []string{"12345678"}}
	value, start, end := int64(50_000_000), civil.MustParse("2026-01-05"), civil.MustParse("2027-12-31")
	c, err := svc.Create(ctx, mun, contract.CreateInput{Reference: "B-1", Title: "Onderhoud groenvoorziening", ContractorKvK: "12345678",
		ContractorName: "Groen & Co B.V.", ValueCents: &value, AwardedOn: &start, StartsOn: &start, EndsOn: &end, Reporting: "quarterly"})
	if err != nil {
		t.Fatal(err)
	}
	amount := int64(500_000)
	items := []valuation.Item{{Block: "training", AmountCents: &amount}}
	steps := []func() (*contract.Contract, error){
		func() (*contract.Contract, error) {
			return svc.Register(ctx, con, c.ID, nil, contract.RegisterInput{ContactName: "A", ContactEmail: "a@b.nl"})
		},
		func() (*contract.Contract, error) {
			return svc.SubmitPlan(ctx, con, c.ID, nil, contract.PlanInput{Items: items})
		},
		func() (*contract.Contract, error) {
			return svc.DecidePlan(ctx, mun, c.ID, nil, contract.DecisionInput{Decision: contract.Approved})
		},
	}
	for _, step := range steps {
		if _, err := step(); err != nil {
			t.Fatal(err)
		}
	}
	now = time.Date(2026, 10, 5, 10, 0, 0, 0, civil.Amsterdam)
	for _, p := range []string{"2026-Q1", "2026-Q2", "2026-Q3"} {
		if _, err := svc.SubmitReport(ctx, con, c.ID, p, nil, contract.ReportInput{Items: items}); err != nil {
			t.Fatal(err)
		}
		if c, err = svc.DecideReport(ctx, mun, c.ID, p, nil, contract.ReportDecisionInput{Decision: contract.Accepted}); err != nil {
			t.Fatal(err)
		}
	}
	return *c
}

// The dashboard of an office with many contracts: every contract read
// from the index, page after page, and summed up. 300 contracts in pages of
// 100 show the paging and the sums; the time of a large office is the
// CPU part, which is what Lambda's memory setting scales
// (BenchmarkDecodeContracts2000 plus insight's BenchmarkDashboard2000),
// and DynamoDB's, which moto does not show.
func TestDashboardOverManyContracts(t *testing.T) {
	const n, pageSize = 300, 100
	ctx := context.Background()
	env := localstack.ForTest(t)
	db := dynamodb.NewFromConfig(env.Config)
	busy := busyContract(t)
	var batch []types.WriteRequest
	for i := range n {
		c := busy
		c.ID, c.Reference, c.CreatedAt = fmt.Sprintf("c_%04d", i), fmt.Sprintf("B-%04d", i), busy.CreatedAt.Add(time.Duration(i)*time.Second)
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
	svc := &contract.Service{Repo: NewContracts(db, env.Table), Policies: policy.Default(), Now: time.Now}
	mun := auth.Principal{Subject: "office", Role: auth.Municipality, Orgs: []string{"utrecht"}}
	start := time.Now()
	var all []contract.Contract
	q := contract.Query{Limit: pageSize}
	pages := 0
	for {
		page, next, err := svc.List(ctx, mun, q)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		all = append(all, page...)
		if next == "" {
			break
		}
		q.Cursor = next
	}
	listed := time.Since(start)
	figures := insight.Office(all, mun.Orgs, 2026, civil.MustParse("2026-10-05"))
	t.Logf("%d contracts: listed in %v (%d pages of %d, on moto), summed up in %v", n, listed, pages, pageSize, time.Since(start)-listed)
	if len(all) != n || pages != n/pageSize || figures[0].Contracts != n || figures[0].AcceptedCents != n*1_500_000 {
		t.Fatalf("%d contracts, %+v", len(all), figures[0].Money)
	}
}

// Decoding 2,000 contract items: the CPU a dashboard spends per request
// besides waiting for DynamoDB.
func BenchmarkDecodeContracts2000(b *testing.B) {
	busy := busyContract(b)
	item, err := attributevalue.MarshalMap(toContractItem(&busy))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		for range 2000 {
			if _, err := decodeContract(item); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(itemSize(item)), "bytes/item")
}
