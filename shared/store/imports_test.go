package store_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/smithy-go/middleware"

	"github.com/srmonitor/srmonitor/infra/localstack"
	"github.com/srmonitor/srmonitor/shared/auth"
	"github.com/srmonitor/srmonitor/shared/civil"
	"github.com/srmonitor/srmonitor/shared/contract"
	"github.com/srmonitor/srmonitor/shared/imports"
	"github.com/srmonitor/srmonitor/shared/policy"
	"github.com/srmonitor/srmonitor/shared/store"
)

// usage counts what a DynamoDB client asked for, in items: items read
// (a GetItem, each key of a BatchGetItem, each item a Query returned) and
// items written, and the write transactions.
type usage struct {
	mu                          sync.Mutex
	reads, writes, transactions int
}

func (u *usage) take() (reads, writes, transactions int) {
	u.mu.Lock()
	defer u.mu.Unlock()
	reads, writes, transactions = u.reads, u.writes, u.transactions
	u.reads, u.writes, u.transactions = 0, 0, 0
	return
}

func (u *usage) middleware(stack *middleware.Stack) error {
	return stack.Initialize.Add(middleware.InitializeMiddlewareFunc("usage", func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
		out, md, err := next.HandleInitialize(ctx, in)
		u.mu.Lock()
		defer u.mu.Unlock()
		switch p := in.Parameters.(type) {
		case *dynamodb.GetItemInput:
			u.reads++
		case *dynamodb.BatchGetItemInput:
			for _, k := range p.RequestItems {
				u.reads += len(k.Keys)
			}
		case *dynamodb.QueryInput:
			if q, ok := out.Result.(*dynamodb.QueryOutput); ok {
				u.reads += int(q.Count)
			}
		case *dynamodb.TransactWriteItemsInput:
			u.transactions++
			u.writes += len(p.TransactItems)
		case *dynamodb.BatchWriteItemInput:
			for _, w := range p.RequestItems {
				u.writes += len(w)
			}
		case *dynamodb.PutItemInput, *dynamodb.UpdateItemInput:
			u.writes++
		}
		return out, md, err
	}), middleware.After)
}

// playQueue runs each queued chunk at once, as the worker would.
type playQueue struct {
	svc  *imports.Service
	sent [][2]any
}

func (q *playQueue) Send(_ context.Context, job string, chunks []int) error {
	for _, n := range chunks {
		q.sent = append(q.sent, [2]any{job, n})
	}
	return nil
}

func (q *playQueue) run(ctx context.Context, t *testing.T) {
	for _, m := range q.sent {
		if err := q.svc.Run(ctx, m[0].(string), m[1].(int)); err != nil {
			t.Fatal(err)
		}
	}
	q.sent = nil
}

// What an import costs in DynamoDB, per row: the aim is one write
// transaction per contract created and no read but the reference check
// (and a chunk's own two items per 50 rows).
func TestImportReadsAndWritesPerRow(t *testing.T) {
	ctx := context.Background()
	env := localstack.ForTest(t)
	var use usage
	db := dynamodb.NewFromConfig(env.Config, func(o *dynamodb.Options) { o.APIOptions = append(o.APIOptions, use.middleware) })
	contracts := store.NewContracts(db, env.Table)
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, civil.Amsterdam)
	var mu sync.Mutex
	clock := func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		now = now.Add(time.Millisecond)
		return now
	}
	q := &playQueue{}
	svc := &imports.Service{Contracts: &contract.Service{Repo: contracts, Policies: policy.Default(), Now: clock},
		Jobs: store.NewJobs(db, env.Table), Holders: contracts, Queue: q, Now: clock}
	q.svc = svc
	mun := auth.Principal{Subject: "office", Role: auth.Municipality, Orgs: []string{"utrecht"}}
	const rows = 200
	var sb strings.Builder
	sb.WriteString("kenmerk;omschrijving;kvk-nummer;opdrachtnemer;opdrachtwaarde;gunningsdatum;startdatum;einddatum\n")
	for i := range rows {
		fmt.Fprintf(&sb, "R-%04d;Titel %d;12345678;Schoon BV;250.000,00;02-03-2026;01-04-2026;31-03-2027\n", i, i)
	}
	file := []byte(sb.String())

	job, _, err := svc.Start(ctx, mun, file)
	if err != nil {
		t.Fatal(err)
	}
	r, w, tx := use.take()
	t.Logf("start (%d rows, %d chunks): %d items read, %d written in %d transactions", rows, job.Chunks, r, w, tx)
	if r != 0 || w != job.Chunks+1 {
		t.Errorf("start: %d read, %d written; want the job and its chunks written", r, w)
	}
	q.run(ctx, t)
	r, w, tx = use.take()
	perRow := func(n int) float64 { return float64(n) / rows }
	t.Logf("worker, %d contracts created: %.2f items read, %.2f written and %.2f transactions per row", rows, perRow(r), perRow(w), perRow(tx))
	job, _, err = svc.Get(ctx, mun, job.ID)
	if err != nil || job.Counts.Created != rows {
		t.Fatalf("%v %+v", err, job.Counts)
	}
	// One transaction per contract (contract, reference claim, event) and
	// one per chunk (its results, the job's counts); reads: the reference
	// claims, and per chunk the chunk and the job.
	if tx != rows+job.Chunks || w != 3*rows+2*job.Chunks || r != rows+2*job.Chunks {
		t.Errorf("worker: %d read, %d written, %d transactions", r, w, tx)
	}
	use.take()

	// The same file again: per row the reference claim and the contract
	// holding it, to compare; nothing written but the chunks' results.
	job, _, err = svc.Start(ctx, mun, file)
	if err != nil {
		t.Fatal(err)
	}
	use.take()
	q.run(ctx, t)
	r, w, tx = use.take()
	t.Logf("worker, the same %d rows again: %.2f items read, %.2f written and %.2f transactions per row", rows, perRow(r), perRow(w), perRow(tx))
	if tx != job.Chunks || r != 2*rows+2*job.Chunks {
		t.Errorf("again: %d read, %d written, %d transactions", r, w, tx)
	}
	job, _, _ = svc.Get(ctx, mun, job.ID)
	if job.Counts.Exists != rows {
		t.Fatalf("again: %+v", job.Counts)
	}
	// A chunk completed twice (a message delivered twice) counts once.
	ch, err := svc.Jobs.Chunk(ctx, job.ID, 0)
	if err != nil || !ch.Done {
		t.Fatal(err, ch)
	}
	if ok, err := svc.Jobs.Complete(ctx, ch, imports.Counts{Done: 50, Exists: 50}); ok || err != nil {
		t.Fatalf("completed twice: %v %v", ok, err)
	}
	if again, _, _ := svc.Get(ctx, mun, job.ID); again.Counts != job.Counts {
		t.Fatalf("counts moved: %+v", again.Counts)
	}
}
