package devserver

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

// check invokes DeadlineCheckFunction through the Lambda Invoke API.
func (e *env) check(asOf string) reply {
	e.t.Helper()
	r := e.do("POST", "/2015-03-31/functions/DeadlineCheckFunction/invocations", "", fmt.Sprintf(`{"as_of":%q}`, asOf)).want(e.t, 200)
	checkSchema(e.t, "DeadlineCheckSummary", []byte(r.Raw))
	return r
}

func flagKinds(r reply) []string {
	var kinds []string
	items, _ := r.get("items").([]any)
	for _, it := range items {
		f := it.(map[string]any)
		k := f["kind"].(string)
		if p, ok := f["period"].(string); ok {
			k += ":" + p
		}
		kinds = append(kinds, k)
	}
	return kinds
}

// subscribe routes srmonitor events on the stack's bus to a fresh queue,
// as a municipality's own system would; the function it returns waits for
// n events to arrive.
func (e *env) subscribe() func(n int) []map[string]any {
	ctx := e.t.Context()
	q := sqs.NewFromConfig(e.local.Config)
	name := strings.ReplaceAll(e.local.Table, "-", "") + "events"
	qu, err := q.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: &name})
	if err != nil {
		e.t.Fatal(err)
	}
	attrs, err := q.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: qu.QueueUrl, AttributeNames: []sqstypes.QueueAttributeName{"QueueArn"}})
	if err != nil {
		e.t.Fatal(err)
	}
	bus := aws.String(e.local.Getenv("EVENT_BUS_NAME"))
	_, err = e.events.PutRule(ctx, &eventbridge.PutRuleInput{Name: &name, EventBusName: bus, EventPattern: aws.String(`{"source":["srmonitor"]}`)})
	if err == nil {
		_, err = e.events.PutTargets(ctx, &eventbridge.PutTargetsInput{Rule: &name, EventBusName: bus,
			Targets: []ebtypes.Target{{Id: aws.String("q"), Arn: aws.String(attrs.Attributes["QueueArn"])}}})
	}
	if err != nil {
		e.t.Fatal(err)
	}
	return func(n int) []map[string]any {
		var out []map[string]any
		for deadline := time.Now().Add(15 * time.Second); len(out) < n; {
			msgs, err := q.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: qu.QueueUrl, MaxNumberOfMessages: 10})
			if err != nil {
				e.t.Fatal(err)
			}
			if len(msgs.Messages) == 0 {
				if time.Now().After(deadline) {
					e.t.Fatalf("%d of %d events arrived: %v", len(out), n, out)
				}
				time.Sleep(100 * time.Millisecond)
				continue
			}
			for _, m := range msgs.Messages {
				var ev map[string]any
				_ = json.Unmarshal([]byte(*m.Body), &ev)
				out = append(out, ev)
				_, _ = q.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: qu.QueueUrl, ReceiptHandle: m.ReceiptHandle})
			}
		}
		return out
	}
}

func TestRegistrationOverdueOnceAndResolved(t *testing.T) {
	e := newEnv(t)
	received := e.subscribe()
	e.clock.Set(at("2026-03-02 10:00:00")) // a Monday
	mun, con := e.token("municipality", "amsterdam"), e.token("contractor", "12345678")
	id := e.do("POST", "/contracts", mun, newContract("amsterdam", "DL-1", "12345678")).want(t, 201).get("id").(string)

	// Due 2026-03-09: at 23:30 that day nothing has passed.
	if s := e.check("2026-03-09T23:30:00+01:00"); s.get("raised") != float64(0) {
		t.Fatalf("flagged before the deadline ended: %s", s.Raw)
	}
	// The next morning, two concurrent runs raise the flag once.
	var wg sync.WaitGroup
	raised := make(chan float64, 2)
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			raised <- e.check("2026-03-10T06:00:00+01:00").get("raised").(float64)
		}()
	}
	wg.Wait()
	close(raised)
	total := 0.0
	for r := range raised {
		total += r
	}
	if total != 1 {
		t.Fatalf("two concurrent runs raised %v flags, want 1", total)
	}
	if s := e.check("2026-03-10T07:00:00+01:00"); s.get("raised") != float64(0) {
		t.Fatalf("a third run raised again: %s", s.Raw)
	}
	if k := flagKinds(e.do("GET", "/flags", mun, nil).want(t, 200)); fmt.Sprint(k) != "[registration_overdue]" {
		t.Fatalf("open flags: %v", k)
	}
	if k := flagKinds(e.do("GET", "/flags", con, nil).want(t, 200)); len(k) != 1 {
		t.Fatalf("the contractor sees its flag: %v", k)
	}
	if k := flagKinds(e.do("GET", "/flags", e.token("municipality", "utrecht"), nil).want(t, 200)); len(k) != 0 {
		t.Fatalf("another municipality sees %v", k)
	}
	if n := len(e.do("GET", "/contracts?flagged=true", mun, nil).want(t, 200).get("items").([]any)); n != 1 {
		t.Fatalf("?flagged=true lists %d", n)
	}

	e.clock.Set(at("2026-03-11 09:00:00"))
	c := e.do("POST", "/contracts/"+id+"/registration", con, map[string]any{"contact_name": "A", "contact_email": "a@b.nl"}).want(t, 200)
	if c.get("registration", "late") != true || len(c.get("open_flags").([]any)) != 0 {
		t.Fatalf("late registration: %v open %v", c.get("registration"), c.get("open_flags"))
	}
	res := e.do("GET", "/flags?status=resolved", mun, nil).want(t, 200)
	if k := flagKinds(res); fmt.Sprint(k) != "[registration_overdue]" || res.get("items").([]any)[0].(map[string]any)["resolved_at"] == nil {
		t.Fatalf("resolved flags: %s", res.Raw)
	}
	e.do("GET", "/flags?status=bogus", mun, nil).want(t, 422)
	e.do("GET", "/flags?kind=bogus", mun, nil).want(t, 422)
	e.do("GET", "/contracts?flagged=maybe", mun, nil).want(t, 422)
	if n := len(e.do("GET", "/contracts?flagged=true", mun, nil).want(t, 200).get("items").([]any)); n != 0 {
		t.Fatalf("?flagged=true after resolution lists %d", n)
	}

	var types []string
	ids := map[string]bool{}
	for _, ev := range received(3) {
		d := ev["detail"].(map[string]any)
		types = append(types, fmt.Sprint(ev["detail-type"], ":", d["flag_kind"]))
		if ev["source"] != "srmonitor" || d["reference"] != "DL-1" || d["id"] == "" || ids[d["id"].(string)] {
			t.Errorf("event %v", ev)
		}
		ids[d["id"].(string)] = true
	}
	slices.Sort(types)
	if fmt.Sprint(types) != "[DeadlineApproaching:<nil> FlagRaised:registration_overdue FlagResolved:registration_overdue]" {
		t.Fatalf("events on the bus: %v", types)
	}
}

func TestAmersfoortPlanOverdueAndExtension(t *testing.T) {
	e := newEnv(t)
	e.clock.Set(at("2026-03-02 10:00:00"))
	mun, con := e.token("municipality", "amersfoort"), e.token("contractor", "12345678")
	var ids []string
	for i := range 2 {
		id := e.do("POST", "/contracts", mun, newContract("amersfoort", fmt.Sprintf("AMF-%d", i), "12345678")).want(t, 201).get("id").(string)
		e.do("POST", "/contracts/"+id+"/registration", con, map[string]any{"contact_name": "A", "contact_email": "a@b.nl"}).want(t, 200)
		e.do("PUT", "/contracts/"+id+"/plan", con, map[string]any{"items": []any{}}).want(t, 200)
		ids = append(ids, id)
	}
	e.do("POST", "/contracts/"+ids[1]+"/plan/extension", mun, map[string]any{"until": "2026-05-01", "reason": "letter"}).want(t, 200)

	// 000: six weeks after award is 2026-04-13.
	e.check("2026-04-13T22:00:00+02:00")
	if k := flagKinds(e.do("GET", "/flags", mun, nil).want(t, 200)); len(k) != 0 {
		t.Fatalf("flagged on the due date: %v", k)
	}
	s := e.check("2026-04-14T06:00:00+02:00")
	if s.get("raised") != float64(1) {
		t.Fatalf("after six weeks: %s", s.Raw)
	}
	flags := e.do("GET", "/flags", mun, nil).want(t, 200).get("items").([]any)
	if len(flags) != 1 || flags[0].(map[string]any)["contract_id"] != ids[0] || flags[0].(map[string]any)["due"] != "2026-04-13" {
		t.Fatalf("plan flag: %v", flags)
	}
	e.check("2026-05-01T12:00:00+02:00")
	if n := len(e.do("GET", "/flags", mun, nil).want(t, 200).get("items").([]any)); n != 1 {
		t.Fatalf("the extended plan was flagged before its extension ended (%d flags)", n)
	}
	e.check("2026-05-02T06:00:00+02:00")
	if n := len(e.do("GET", "/flags?kind=plan_overdue", mun, nil).want(t, 200).get("items").([]any)); n != 2 {
		t.Fatalf("after the extension ended: %d plan flags", n)
	}
	e.clock.Set(at("2026-05-03 10:00:00"))
	e.do("POST", "/contracts/"+ids[0]+"/plan/decision", mun, map[string]any{"decision": "approved"}).want(t, 200)
	if n := len(e.do("GET", "/flags?kind=plan_overdue", mun, nil).want(t, 200).get("items").([]any)); n != 1 {
		t.Fatalf("approval did not resolve the flag: %d open", n)
	}
}

func TestReportOverdueAndShortfallFine(t *testing.T) {
	e := newEnv(t)
	e.clock.Set(at("2026-03-02 10:00:00"))
	mun, con := e.token("municipality", "amsterdam"), e.token("contractor", "12345678")
	body := newContract("amsterdam", "SHORT-1", "12345678")
	body["ends_on"] = "2026-06-30"
	id := e.do("POST", "/contracts", mun, body).want(t, 201).get("id").(string)
	e.do("POST", "/contracts/"+id+"/registration", con, map[string]any{"contact_name": "A", "contact_email": "a@b.nl"}).want(t, 200)
	e.do("PUT", "/contracts/"+id+"/plan", con, training(2_500_000)).want(t, 200)
	e.do("POST", "/contracts/"+id+"/plan/decision", mun, map[string]any{"decision": "approved"}).want(t, 200)

	// The contract has 2026-Q2 (due 2026-07-31) and the final report (due 2026-07-31).
	e.check("2026-08-01T06:00:00+02:00")
	kinds := flagKinds(e.do("GET", "/flags", mun, nil).want(t, 200))
	if fmt.Sprint(kinds) != "[report_overdue:2026-Q2 report_overdue:final obligation_shortfall]" {
		t.Fatalf("flags: %v", kinds)
	}
	e.clock.Set(at("2026-08-02 10:00:00"))
	e.do("PUT", "/contracts/"+id+"/reports/2026-Q2", con, training(1_000_000)).want(t, 200)
	e.do("POST", "/contracts/"+id+"/reports/2026-Q2/decision", mun, map[string]any{"decision": "accepted", "note": "invoices seen"}).want(t, 200)
	kinds = flagKinds(e.do("GET", "/flags", mun, nil).want(t, 200))
	if fmt.Sprint(kinds) != "[report_overdue:final obligation_shortfall]" {
		t.Fatalf("the report arriving resolves its flag: %v", kinds)
	}
	shortfall := e.do("GET", "/flags?kind=obligation_shortfall", mun, nil).want(t, 200).get("items").([]any)[0].(map[string]any)
	fid := shortfall["id"].(string)
	// EUR 25,000 owed; the proposal follows the EUR 10,000 accepted since.
	if shortfall["fine_cents"] != float64(1_500_000) {
		t.Fatalf("fine proposal: %v", shortfall)
	}
	e.do("POST", "/flags/"+fid+"/decision", mun, map[string]any{"decision": "fine", "fine_cents": 1_500_001, "reason": "x"}).want(t, 422)
	e.do("POST", "/flags/"+fid+"/decision", con, map[string]any{"decision": "waive", "reason": "x"}).want(t, 403)
	e.do("POST", "/flags/"+fid+"/decision", e.token("municipality", "utrecht"), map[string]any{"decision": "waive", "reason": "x"}).want(t, 404)
	e.do("POST", "/flags/nonsense/decision", mun, map[string]any{"decision": "waive", "reason": "x"}).want(t, 404)
	f := e.do("POST", "/flags/"+fid+"/decision", mun, map[string]any{"decision": "fine", "fine_cents": 1_500_000, "reason": "talked on 2026-08-02; pro rata"}).want(t, 200)
	if f.get("status") != "fined" || f.get("fine_cents") != float64(1_500_000) {
		t.Fatalf("fined: %s", f.Raw)
	}
	if c := e.do("GET", "/contracts/"+id, mun, nil).want(t, 200); c.get("status") != "closed" {
		t.Fatalf("a decided fine closes the contract: %v", c.get("status"))
	}
	e.do("POST", "/flags/"+fid+"/decision", mun, map[string]any{"decision": "waive", "reason": "x"}).want(t, 409)
	h := e.do("GET", "/contracts/"+id+"/history", mun, nil).want(t, 200)
	if !strings.Contains(h.Raw, `"action":"flags_raised"`) || !strings.Contains(h.Raw, `"action":"flag_fined"`) {
		t.Fatalf("history lacks the flags: %s", h.Raw)
	}
}
