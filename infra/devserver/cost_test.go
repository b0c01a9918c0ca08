package devserver

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/lambdacontext"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/aws/smithy-go/middleware"
	"gopkg.in/yaml.v3"

	"github.com/srmonitor/srmonitor/infra/localstack"
)

// What each user action costs in AWS calls: docs/cost.md is derived from
// what this test measures. Every AWS SDK call the functions make passes a
// middleware that counts it by function (from the Lambda context the dev
// server gives each invocation), service and operation, and asks DynamoDB
// for the capacity it consumed. The calls of the dev server's own event
// source mappings (SQS polling, stream reading) are Lambda's in AWS and
// counted apart.
//
//	go test -run TestCostOfALifecycle -v ./infra/devserver   # prints the tables

// call is one kind of AWS call by one function.
type call struct{ function, service, operation string }

type tally struct {
	n        int
	capacity float64 // DynamoDB capacity units, as the emulator reports them
}

// meter counts AWS calls; its option goes into the functions' aws.Config.
type meter struct {
	mu    sync.Mutex
	calls map[call]tally
}

func (m *meter) snapshot() map[call]tally {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make(map[call]tally, len(m.calls))
	for k, v := range m.calls {
		out[k] = v
	}
	return out
}

func (m *meter) apiOption(stack *middleware.Stack) error {
	return stack.Initialize.Add(middleware.InitializeMiddlewareFunc("meter",
		func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
			askCapacity(in.Parameters)
			out, md, err := next.HandleInitialize(ctx, in)
			c := call{function: "(event source mappings)", service: awsmiddleware.GetServiceID(ctx), operation: awsmiddleware.GetOperationName(ctx)}
			if _, presigned := out.Result.(*v4.PresignedHTTPRequest); presigned {
				// A presigned URL is made locally; the client's request
				// with it is S3's to bill, and the doc counts it there.
				c.operation = "presign " + c.operation
			}
			if lc, ok := lambdacontext.FromContext(ctx); ok {
				c.function = lc.InvokedFunctionArn[strings.LastIndex(lc.InvokedFunctionArn, ":")+1:]
			}
			m.mu.Lock()
			t := m.calls[c]
			t.n++
			t.capacity += capacity(out.Result)
			m.calls[c] = t
			m.mu.Unlock()
			return out, md, err
		}), middleware.After)
}

// askCapacity asks DynamoDB to return the capacity a call consumes.
func askCapacity(params any) {
	total := ddbtypes.ReturnConsumedCapacityTotal
	switch in := params.(type) {
	case *dynamodb.GetItemInput:
		in.ReturnConsumedCapacity = total
	case *dynamodb.PutItemInput:
		in.ReturnConsumedCapacity = total
	case *dynamodb.UpdateItemInput:
		in.ReturnConsumedCapacity = total
	case *dynamodb.DeleteItemInput:
		in.ReturnConsumedCapacity = total
	case *dynamodb.QueryInput:
		in.ReturnConsumedCapacity = total
	case *dynamodb.ScanInput:
		in.ReturnConsumedCapacity = total
	case *dynamodb.BatchGetItemInput:
		in.ReturnConsumedCapacity = total
	case *dynamodb.TransactWriteItemsInput:
		in.ReturnConsumedCapacity = total
	case *dynamodb.TransactGetItemsInput:
		in.ReturnConsumedCapacity = total
	}
}

func capacity(result any) float64 {
	sum := func(cs ...ddbtypes.ConsumedCapacity) float64 {
		var s float64
		for _, c := range cs {
			if c.CapacityUnits != nil {
				s += *c.CapacityUnits
			}
		}
		return s
	}
	one := func(c *ddbtypes.ConsumedCapacity) float64 {
		if c == nil {
			return 0
		}
		return sum(*c)
	}
	switch out := result.(type) {
	case *dynamodb.GetItemOutput:
		return one(out.ConsumedCapacity)
	case *dynamodb.PutItemOutput:
		return one(out.ConsumedCapacity)
	case *dynamodb.UpdateItemOutput:
		return one(out.ConsumedCapacity)
	case *dynamodb.DeleteItemOutput:
		return one(out.ConsumedCapacity)
	case *dynamodb.QueryOutput:
		return one(out.ConsumedCapacity)
	case *dynamodb.ScanOutput:
		return one(out.ConsumedCapacity)
	case *dynamodb.BatchGetItemOutput:
		return sum(out.ConsumedCapacity...)
	case *dynamodb.TransactWriteItemsOutput:
		return sum(out.ConsumedCapacity...)
	case *dynamodb.TransactGetItemsOutput:
		return sum(out.ConsumedCapacity...)
	}
	return 0
}

// meteredEnv is newEnv with the functions' AWS calls metered and their
// metrics lines kept.
func meteredEnv(t *testing.T) (*env, *meter, *syncBuffer) {
	t.Parallel()
	local := localstack.ForTest(t)
	m := &meter{calls: map[call]tally{}}
	cfg := local.Config.Copy()
	cfg.APIOptions = append(slices.Clone(cfg.APIOptions), m.apiOption)
	c := &clock{now: time.Now()}
	v := NewVerifier(testSecret)
	emf := &syncBuffer{}
	srv, err := New(local.Stack.Template, Wiring{Config: cfg, Getenv: local.Getenv, Now: c.Now, Log: local.Log, Metrics: emf}, v)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	if err := srv.PollQueues(t.Context(), local.Stack.QueueURL); err != nil {
		t.Fatal(err)
	}
	if err := srv.PollStreams(t.Context(), local.Stack.StreamARN, local.Stack.QueueURL); err != nil {
		t.Fatal(err)
	}
	return &env{t: t, url: hs.URL, srv: srv, local: local, clock: c, v: v}, m, emf
}

// syncBuffer collects the metrics lines of every function.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// sum adds up metric name over the lines whose members include match.
func (b *syncBuffer) sum(name string, match map[string]string) float64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	var total float64
	for _, line := range strings.Split(b.buf.String(), "\n") {
		var l map[string]any
		if json.Unmarshal([]byte(line), &l) != nil {
			continue
		}
		ok := true
		for k, v := range match {
			ok = ok && l[k] == v
		}
		if n, isNum := l[name].(float64); ok && isNum {
			total += n
		}
	}
	return total
}

// waitFor polls cond until it holds: the work after a request (streams,
// queues) is asynchronous.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); !cond(); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("waited 30 s for %s", what)
		}
	}
}

// An action's calls: what its function called while it ran.
type action struct {
	name  string
	calls map[call]tally
}

func TestCostOfALifecycle(t *testing.T) {
	e, m, emf := meteredEnv(t)
	e.clock.Set(at("2026-03-02 10:00:00"))
	mun, con := e.token("municipality", "utrecht"), e.token("contractor", "12345678")

	var actions []action
	// do runs one user action and records the calls of the function that
	// serves it.
	do := func(name, function string, f func()) {
		before := m.snapshot()
		f()
		var own = map[call]tally{}
		for k, v := range m.snapshot() {
			if k.function == function {
				v.n -= before[k].n
				v.capacity -= before[k].capacity
				if v.n > 0 {
					own[k] = v
				}
			}
		}
		actions = append(actions, action{name, own})
	}
	body := newContract("utrecht", "COST-1", "12345678")
	body["contractor_email"] = "tender@cost.example"
	var id string
	do("PUT /municipalities/{id}/settings", "ContractsFunction", func() {
		e.do("PUT", "/municipalities/utrecht/settings", mun, map[string]any{"email": "sr@cost.example", "language": "nl"}).want(t, 200)
	})
	do("GET /municipalities/{id}", "ReferenceFunction", func() { e.do("GET", "/municipalities/utrecht", mun, nil).want(t, 200) })
	do("POST /valuations", "ValuationFunction", func() {
		e.do("POST", "/valuations", mun, map[string]any{"municipality": "utrecht", "contract_value_cents": 50_000_000,
			"items": []any{map[string]any{"block": "bbl", "persons": 2, "hours_per_week": 32, "months": 12}}}).want(t, 200)
	})
	do("POST /contracts", "ContractsFunction", func() { id = e.do("POST", "/contracts", mun, body).want(t, 201).get("id").(string) })
	do("GET /contracts (one page)", "ContractsFunction", func() { e.do("GET", "/contracts", mun, nil).want(t, 200) })
	do("GET /contracts/{id}", "ContractsFunction", func() { e.do("GET", "/contracts/"+id, con, nil).want(t, 200) })
	// The registration deadline passes first: a flag, resolved by the
	// registration.
	do("deadline check (1 contract due)", "DeadlineCheckFunction", func() { e.check("2026-03-10T06:00:00+01:00") })
	do("POST /contracts/{id}/registration", "ContractsFunction", func() {
		e.do("POST", "/contracts/"+id+"/registration", con, map[string]any{"contact_name": "A", "contact_email": "a@cost.example"}).want(t, 200)
	})
	do("PUT /contracts/{id}/plan", "ContractsFunction", func() {
		e.do("PUT", "/contracts/"+id+"/plan", con, map[string]any{"items": []any{map[string]any{"block": "bbl", "persons": 2, "hours_per_week": 32, "months": 12}}}).want(t, 200)
	})
	do("GET /contracts/{id}/plan", "ContractsFunction", func() { e.do("GET", "/contracts/"+id+"/plan", mun, nil).want(t, 200) })
	do("POST /contracts/{id}/plan/decision", "ContractsFunction", func() {
		e.do("POST", "/contracts/"+id+"/plan/decision", mun, map[string]any{"decision": "approved"}).want(t, 200)
	})
	pdf := pdfWith(t, "Factuur 2026-0042")
	var announced reply
	do("POST /contracts/{id}/evidence", "EvidenceFunction", func() {
		announced = e.announce(con, id, "factuur.pdf", "application/pdf", pdf, nil).want(t, 201)
	})
	evID := announced.get("evidence", "id").(string)
	put(t, announced, pdf)
	waitFor(t, "the evidence check", func() bool { return emf.sum("EvidenceVerified", nil) == 1 })
	withBSN := pdfWith(t, "Loonstrook mei - BSN: 123456782 - J. Jansen")
	refused := e.announce(con, id, "loonstrook.pdf", "application/pdf", withBSN, map[string]any{"kind": "payslip", "consent_confirmed": true}).want(t, 201)
	put(t, refused, withBSN)
	waitFor(t, "the refusal", func() bool { return emf.sum("EvidenceRejected", map[string]string{"Reason": "contains_bsn"}) == 1 })
	do("GET /evidence/{id}", "EvidenceFunction", func() { e.do("GET", "/evidence/"+evID, con, nil).want(t, 200) })
	do("GET /contracts/{id}/evidence", "EvidenceFunction", func() { e.do("GET", "/contracts/"+id+"/evidence", mun, nil).want(t, 200) })
	e.clock.Set(at("2026-07-15 10:00:00")) // 2026-Q2 is over
	do("PUT /contracts/{id}/reports/{period}", "ContractsFunction", func() {
		e.do("PUT", "/contracts/"+id+"/reports/2026-Q2", con, map[string]any{"items": []any{map[string]any{"block": "bbl", "persons": 2, "hours_per_week": 32, "months": 3}}, "evidence_ids": []string{evID}}).want(t, 200)
	})
	do("POST /contracts/{id}/reports/{period}/decision", "ContractsFunction", func() {
		e.do("POST", "/contracts/"+id+"/reports/2026-Q2/decision", mun, map[string]any{"decision": "accepted"}).want(t, 200)
	})
	do("GET /contracts/{id}/history", "ContractsFunction", func() { e.do("GET", "/contracts/"+id+"/history", mun, nil).want(t, 200) })
	do("deadline check (1 contract due, again)", "DeadlineCheckFunction", func() { e.check("2026-11-02T06:00:00+01:00") })
	do("GET /flags", "FlagsFunction", func() { e.do("GET", "/flags", mun, nil).want(t, 200) })

	// Every notice written has been published, and the e-mail queue is
	// empty: the asynchronous work of the walk is done.
	db := dynamodb.NewFromConfig(e.local.Config)
	notices := func() int {
		out, err := db.Query(t.Context(), &dynamodb.QueryInput{TableName: &e.local.Table,
			KeyConditionExpression: strPtr("pk = :pk AND begins_with(sk, :n)"), Select: ddbtypes.SelectCount,
			ExpressionAttributeValues: map[string]ddbtypes.AttributeValue{":pk": &ddbtypes.AttributeValueMemberS{Value: "C#" + id}, ":n": &ddbtypes.AttributeValueMemberS{Value: "N#"}}})
		if err != nil {
			t.Fatal(err)
		}
		return int(out.Count)
	}
	written := notices()
	waitFor(t, "every notice published", func() bool { return int(emf.sum("NoticesPublished", nil)) == written })
	mailQueue, err := e.local.Stack.QueueURL("MailQueue")
	if err != nil {
		t.Fatal(err)
	}
	q := sqs.NewFromConfig(e.local.Config)
	waitFor(t, "the e-mail queue to drain", func() bool {
		a, err := q.GetQueueAttributes(t.Context(), &sqs.GetQueueAttributesInput{QueueUrl: &mailQueue,
			AttributeNames: []sqstypes.QueueAttributeName{"ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"}})
		return err == nil && a.Attributes["ApproximateNumberOfMessages"] == "0" && a.Attributes["ApproximateNumberOfMessagesNotVisible"] == "0"
	})

	total := m.snapshot()
	// What the README's table design promises: no call scans.
	for c := range total {
		if c.operation == "Scan" {
			t.Errorf("%s scans", c.function)
		}
	}
	// The reads of one contract are one GetItem.
	for _, a := range actions {
		if got := describe(a.calls); a.name == "GET /contracts/{id}" && got != "DynamoDB GetItem ×1" {
			t.Errorf("%s: %s", a.name, got)
		}
	}

	sizes := itemSizes(t, db, e.local.Table)

	var report strings.Builder
	fmt.Fprintf(&report, "\n| user action | AWS calls of its function | DynamoDB capacity units |\n|---|---|--:|\n")
	for _, a := range actions {
		fmt.Fprintf(&report, "| %s | %s | %.1f |\n", a.name, describe(a.calls), capacityOf(a.calls))
	}
	sent, published := emf.sum("EmailsSent", nil), emf.sum("NoticesPublished", nil)
	fmt.Fprintf(&report, "\nAsynchronous work of the walk: %d notices written and published, %.0f e-mails sent, 2 evidence files checked.\n\n| function | AWS calls over the walk | DynamoDB capacity units |\n|---|---|--:|\n", written, sent)
	for _, f := range []string{"EvidenceVerifyFunction", "PublishFunction", "MailFunction", "(event source mappings)"} {
		own := map[call]tally{}
		for k, v := range total {
			if k.function == f {
				own[k] = v
			}
		}
		fmt.Fprintf(&report, "| %s | %s | %.1f |\n", f, describe(own), capacityOf(own))
	}
	fmt.Fprintf(&report, "\nItem sizes (DynamoDB's rule: attribute names plus values), by sort key prefix:\n\n| item | count | bytes (largest) |\n|---|--:|--:|\n")
	for _, k := range slices.Sorted(maps.Keys(sizes)) {
		fmt.Fprintf(&report, "| %s | %d | %d |\n", k, sizes[k][0], sizes[k][1])
	}
	if published == 0 || sent == 0 {
		t.Errorf("published %v notices, sent %v e-mails", published, sent)
	}
	t.Log(report.String())

	// Every srmonitor metric the dashboard shows is one the functions
	// wrote in the walk, split by the same dimensions: a renamed metric
	// would leave an empty graph.
	emitted := emf.directives()
	for _, want := range dashboardMetrics(t, e.local.Stack.Template.Dir) {
		if !emitted[want] {
			t.Errorf("the dashboard shows %s, which no function wrote in the walk (wrote: %v)", want, slices.Sorted(maps.Keys(emitted)))
		}
	}
}

// directives lists the metrics written, as "name{dimension,...}".
func (b *syncBuffer) directives() map[string]bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	out := map[string]bool{}
	for _, line := range strings.Split(b.buf.String(), "\n") {
		var l struct {
			AWS struct {
				CloudWatchMetrics []struct {
					Dimensions [][]string
					Metrics    []struct{ Name string }
				}
			} `json:"_aws"`
		}
		if json.Unmarshal([]byte(line), &l) != nil {
			continue
		}
		for _, d := range l.AWS.CloudWatchMetrics {
			for _, m := range d.Metrics {
				for _, dims := range d.Dimensions {
					out[metricKey(m.Name, dims)] = true
				}
			}
		}
	}
	return out
}

func metricKey(name string, dims []string) string {
	return name + "{" + strings.Join(slices.Sorted(slices.Values(dims)), ",") + "}"
}

// dashboardMetrics lists the srmonitor metrics of template.yaml's
// dashboard, from its metric arrays and its SEARCH expressions.
func dashboardMetrics(t *testing.T, dir string) []string {
	raw, err := os.ReadFile(filepath.Join(dir, "template.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var tmpl struct {
		Resources map[string]struct {
			Properties struct {
				DashboardBody yaml.Node `yaml:"DashboardBody"`
			} `yaml:"Properties"`
		} `yaml:"Resources"`
	}
	if err := yaml.Unmarshal(raw, &tmpl); err != nil {
		t.Fatal(err)
	}
	body := regexp.MustCompile(`\$\{[^}]+\}`).ReplaceAllString(tmpl.Resources["Dashboard"].Properties.DashboardBody.Value, "x")
	var dash struct {
		Widgets []struct {
			Properties struct {
				Metrics [][]any `json:"metrics"`
			} `json:"properties"`
		} `json:"widgets"`
	}
	if err := json.Unmarshal([]byte(body), &dash); err != nil {
		t.Fatalf("the dashboard's body: %v", err)
	}
	search := regexp.MustCompile(`\{srmonitor,([^}]*)\} MetricName="(\w+)"`)
	var out []string
	for _, w := range dash.Widgets {
		for _, m := range w.Properties.Metrics {
			if len(m) == 1 {
				if opts, ok := m[0].(map[string]any); ok {
					if s := search.FindStringSubmatch(fmt.Sprint(opts["expression"])); s != nil {
						out = append(out, metricKey(s[2], strings.Split(s[1], ",")))
					}
				}
				continue
			}
			if m[0] != "srmonitor" {
				continue
			}
			var dims []string
			for i := 2; i+1 < len(m); i += 2 {
				if name, ok := m[i].(string); ok {
					dims = append(dims, name)
				}
			}
			out = append(out, metricKey(m[1].(string), dims))
		}
	}
	if len(out) < 10 {
		t.Fatalf("the dashboard shows %d srmonitor metrics: %v", len(out), out)
	}
	return out
}

func strPtr(s string) *string { return &s }

// describe lists calls as "Service Operation ×n", in a stable order.
func describe(calls map[call]tally) string {
	var parts []string
	for c, v := range calls {
		parts = append(parts, fmt.Sprintf("%s %s ×%d", c.service, c.operation, v.n))
	}
	sort.Strings(parts)
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(slices.Compact(parts), ", ")
}

func capacityOf(calls map[call]tally) float64 {
	var s float64
	for _, v := range calls {
		s += v.capacity
	}
	return s
}

// itemSizes reads the whole test table (the walk's items only) and returns,
// per kind of item (its sort key up to the first '#', or the key itself),
// how many there are and the size of the largest, by DynamoDB's rule.
func itemSizes(t *testing.T, db *dynamodb.Client, table string) map[string][2]int {
	out := map[string][2]int{}
	p := dynamodb.NewScanPaginator(db, &dynamodb.ScanInput{TableName: &table})
	for p.HasMorePages() {
		page, err := p.NextPage(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		for _, item := range page.Items {
			sk := item["sk"].(*ddbtypes.AttributeValueMemberS).Value
			kind, _, _ := strings.Cut(sk, "#")
			n := out[kind]
			n[0]++
			n[1] = max(n[1], size(&ddbtypes.AttributeValueMemberM{Value: item})-3) // an item is no map value
			out[kind] = n
		}
	}
	return out
}

// size is an attribute value's size as DynamoDB bills it: strings and
// binaries their length, numbers about one byte per two digits plus one,
// maps and lists 3 bytes plus their members (with names), others 1 byte.
func size(v ddbtypes.AttributeValue) int {
	switch v := v.(type) {
	case *ddbtypes.AttributeValueMemberS:
		return len(v.Value)
	case *ddbtypes.AttributeValueMemberN:
		return (len(strings.TrimLeft(v.Value, "-0"))+1)/2 + 1
	case *ddbtypes.AttributeValueMemberB:
		return len(v.Value)
	case *ddbtypes.AttributeValueMemberSS:
		n := 0
		for _, s := range v.Value {
			n += len(s)
		}
		return n
	case *ddbtypes.AttributeValueMemberM:
		n := 3
		for k, x := range v.Value {
			n += len(k) + size(x) + 1
		}
		return n
	case *ddbtypes.AttributeValueMemberL:
		n := 3
		for _, x := range v.Value {
			n += size(x) + 1
		}
		return n
	}
	return 1
}
