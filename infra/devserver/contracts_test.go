package devserver

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/srmonitor/srmonitor/shared/civil"
)

func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04:05", s, civil.Amsterdam)
	if err != nil {
		panic(err)
	}
	return t
}

func newContract(mun, ref, kvk string) map[string]any {
	return map[string]any{
		"municipality": mun, "reference": ref, "title": "Cleaning of city offices", "contractor_kvk": kvk,
		"contractor_name": "Schoon BV", "value_cents": 50_000_000, "awarded_on": "2026-03-02",
		"starts_on": "2026-04-01", "ends_on": "2027-03-31",
	}
}

func TestContractLifecycleAmsterdam(t *testing.T) {
	e := newEnv(t)
	e.clock.Set(at("2026-03-02 10:00:00"))
	mun, con := e.token("municipality", "amsterdam"), e.token("contractor", "12345678")

	body := newContract("amsterdam", "AMS-2026-001", "12345678")
	body["pso_level"] = 2
	c := e.do("POST", "/contracts", mun, body).want(t, 201)
	id := c.get("id").(string)
	// 004: 5% of EUR 500,000 = EUR 25,000, PSO trede 2 takes 25% off.
	if c.get("obligation", "obligation_cents") != float64(1_875_000) || c.get("obligation", "pso_discount_bp") != float64(2500) {
		t.Fatalf("obligation: %v", c.get("obligation"))
	}
	for k, want := range map[string]string{"registration_due": "2026-03-09", "plan_due": "2026-04-13", "plan_due_max": "2026-05-25"} {
		if got := c.get("deadlines", k); got != want {
			t.Errorf("%s = %v, want %s", k, got, want)
		}
	}
	if c.get("status") != "awaiting_registration" || c.Header.Get("etag") != `"1"` {
		t.Fatalf("new contract: %v etag %s", c.get("status"), c.Header.Get("etag"))
	}
	e.do("POST", "/contracts", mun, body).want(t, 409)

	// Plans need a registration first.
	plan := map[string]any{"items": []any{map[string]any{"block": "training", "amount_cents": 1_000_000}}, "note": "first draft"}
	e.do("PUT", "/contracts/"+id+"/plan", con, plan).want(t, 409)

	// 004: within seven days; 23:30 on the due date is still on time.
	e.clock.Set(at("2026-03-09 23:30:00"))
	reg := map[string]any{"contact_name": "A. de Vries", "contact_email": "sr@schoon.nl", "phone": "+31 20 123 4567"}
	r := e.do("POST", "/contracts/"+id+"/registration", con, reg).want(t, 200)
	if r.get("registration", "late") != false || r.get("status") != "awaiting_plan" {
		t.Fatalf("registration: %s", r.Raw)
	}
	e.do("POST", "/contracts/"+id+"/registration", con, reg).want(t, 409)

	r = e.do("PUT", "/contracts/"+id+"/plan", con, plan).want(t, 200)
	if r.get("plan", "revision") != float64(1) || r.get("plan", "plan_value_cents") != float64(1_000_000) ||
		r.get("plan", "catalog_version") == "" || r.get("status") != "plan_submitted" {
		t.Fatalf("plan: %s", r.Raw)
	}
	// The plan itself, with its items and valuation lines, for both parties.
	for _, tok := range []string{con, mun} {
		p := e.do("GET", "/contracts/"+id+"/plan", tok, nil).want(t, 200)
		if p.get("revision") != float64(1) || p.get("note") != "first draft" || p.get("valuation", "plan_value_cents") != float64(1_000_000) ||
			len(p.get("items").([]any)) != 1 || len(p.get("valuation", "lines").([]any)) != 1 {
			t.Fatalf("plan revision: %s", p.Raw)
		}
	}
	r = e.do("POST", "/contracts/"+id+"/plan/decision", mun, map[string]any{"decision": "rejected", "note": "too little"}).want(t, 200)
	if r.get("status") != "plan_rejected" {
		t.Fatalf("rejection: %s", r.Raw)
	}
	e.do("POST", "/contracts/"+id+"/plan/decision", mun, map[string]any{"decision": "approved"}).want(t, 409)

	// Extension in writing, within the 12 weeks; beyond is refused.
	r = e.do("POST", "/contracts/"+id+"/plan/extension", mun, map[string]any{"until": "2026-05-01", "reason": "letter of 2026-04-10"}).want(t, 200)
	if r.get("deadlines", "plan_extended_until") != "2026-05-01" {
		t.Fatalf("extension: %s", r.Raw)
	}
	bad := e.do("POST", "/contracts/"+id+"/plan/extension", mun, map[string]any{"until": "2026-05-26", "reason": "x"}).want(t, 422)
	if !strings.Contains(bad.Raw, "2026-05-25") {
		t.Errorf("the refusal should name the latest date: %s", bad.Raw)
	}
	e.do("POST", "/contracts/"+id+"/plan/extension", mun, map[string]any{"until": "2026-05-20"}).want(t, 422)

	plan["items"] = append(plan["items"].([]any), map[string]any{"block": "social_purchase", "amount_cents": 2_000_000, "materials_cents": 500_000})
	r = e.do("PUT", "/contracts/"+id+"/plan", con, plan).want(t, 200)
	if r.get("plan", "revision") != float64(2) || r.get("plan", "plan_value_cents") != float64(2_500_000) {
		t.Fatalf("revision 2: %s", r.Raw)
	}
	version := r.Header.Get("etag")
	e.do("POST", "/contracts/"+id+"/plan/decision", mun, map[string]any{"decision": "approved"}, "If-Match", `"1"`).want(t, 412)
	r = e.do("POST", "/contracts/"+id+"/plan/decision", mun, map[string]any{"decision": "approved"}, "If-Match", version).want(t, 200)
	if r.get("status") != "plan_approved" || r.get("plan", "decision", "decision") != "approved" {
		t.Fatalf("approval: %s", r.Raw)
	}
	// Earlier revisions are kept, each with its own decision.
	if p := e.do("GET", "/contracts/"+id+"/plan?revision=1", mun, nil).want(t, 200); p.get("status") != "rejected" || p.get("decision", "note") != "too little" {
		t.Fatalf("revision 1: %s", p.Raw)
	}
	e.do("GET", "/contracts/"+id+"/plan?revision=3", mun, nil).want(t, 404)
	e.do("GET", "/contracts/"+id+"/plan?revision=x", mun, nil).want(t, 422)
	// After approval a new revision is an amendment: the approved plan
	// stays in force until the office approves it.
	if r := e.do("PUT", "/contracts/"+id+"/plan", con, plan).want(t, 200); r.get("status") != "plan_approved" ||
		r.get("plan", "revision") != float64(3) || r.get("approved_plan", "revision") != float64(2) {
		t.Fatalf("amendment: %s", r.Raw)
	}
	e.do("POST", "/contracts/"+id+"/plan/extension", mun, map[string]any{"until": "2026-05-02", "reason": "x"}).want(t, 409)

	h := e.do("GET", "/contracts/"+id+"/history", con, nil).want(t, 200)
	var actions []string
	for _, it := range h.get("items").([]any) {
		actions = append(actions, it.(map[string]any)["action"].(string))
	}
	want := "contract_created registered plan_submitted plan_rejected plan_extended plan_submitted plan_approved plan_submitted"
	if strings.Join(actions, " ") != want {
		t.Fatalf("history: %v, want %s", actions, want)
	}
	page := e.do("GET", "/contracts/"+id+"/history?limit=3", con, nil).want(t, 200)
	next, _ := page.get("next_cursor").(string)
	if len(page.get("items").([]any)) != 3 || next == "" {
		t.Fatalf("history page: %s", page.Raw)
	}
	rest := e.do("GET", "/contracts/"+id+"/history?limit=10&cursor="+next, con, nil).want(t, 200)
	if len(rest.get("items").([]any)) != 5 {
		t.Fatalf("history page 2: %s", rest.Raw)
	}
}

// The municipality amends a contract with a reason (the obligation and
// deadlines follow, the history says why) and cancels another: nothing is
// owed, and the view shows no deadlines.
func TestAmendAndCancel(t *testing.T) {
	e := newEnv(t)
	e.clock.Set(at("2026-03-02 10:00:00"))
	mun, con := e.token("municipality", "amsterdam"), e.token("contractor", "12345678")
	body := newContract("amsterdam", "AMS-AMEND", "12345678")
	id := e.do("POST", "/contracts", mun, body).want(t, 201).get("id").(string)
	amend := map[string]any{"value_cents": 30_000_000, "ends_on": "2026-12-31"}
	if r := e.do("POST", "/contracts/"+id+"/amendments", mun, amend).want(t, 422); !strings.Contains(r.Raw, "reason") {
		t.Fatalf("no reason: %s", r.Raw)
	}
	amend["reason"] = "ended early by mutual agreement"
	e.do("POST", "/contracts/"+id+"/amendments", con, amend).want(t, 403)
	r := e.do("POST", "/contracts/"+id+"/amendments", mun, amend).want(t, 200)
	if r.get("obligation", "obligation_cents") != float64(1_500_000) || r.get("ends_on") != "2026-12-31" {
		t.Fatalf("amended: %s", r.Raw)
	}
	h := e.do("GET", "/contracts/"+id+"/history", mun, nil).want(t, 200).get("items").([]any)
	last := h[len(h)-1].(map[string]any)
	if last["action"] != "contract_amended" || last["data"].(map[string]any)["reason"] != amend["reason"] {
		t.Fatalf("history: %v", last)
	}
	r = e.do("POST", "/contracts/"+id+"/cancellation", mun, map[string]any{"reason": "tender annulled"}).want(t, 200)
	if r.get("status") != "cancelled" || r.get("deadlines") != nil || r.get("cancellation", "reason") != "tender annulled" {
		t.Fatalf("cancelled: %s", r.Raw)
	}
	e.do("POST", "/contracts/"+id+"/registration", con, map[string]any{"contact_name": "A", "contact_email": "a@b.nl"}).want(t, 409)
	e.do("POST", "/contracts/"+id+"/cancellation", mun, map[string]any{"reason": "again"}).want(t, 409)
}

func TestContractLifecycleAmersfoortLateRegistration(t *testing.T) {
	e := newEnv(t)
	e.clock.Set(at("2026-03-02 10:00:00"))
	mun, con := e.token("municipality", "amersfoort,soest,baarn"), e.token("contractor", "87654321")

	body := newContract("", "AMF-7", "87654321")
	e.do("POST", "/contracts", mun, body).want(t, 422) // which of the three?
	body["municipality"] = "amersfoort"
	c := e.do("POST", "/contracts", mun, body).want(t, 201)
	id := c.get("id").(string)
	if c.get("deadlines", "registration_due") != "2026-03-09" || c.get("deadlines", "plan_due") != "2026-04-13" {
		t.Fatalf("000: one week, six weeks: %v", c.get("deadlines"))
	}
	// 000: "binnen één week": one second into the next day is late.
	e.clock.Set(at("2026-03-10 00:00:01"))
	r := e.do("POST", "/contracts/"+id+"/registration", con, map[string]any{"contact_name": "B. Jansen", "contact_email": "b@bouw.nl"}).want(t, 200)
	if r.get("registration", "late") != true {
		t.Fatalf("late registration not marked: %s", r.Raw)
	}
	e.do("PUT", "/contracts/"+id+"/plan", con, map[string]any{"items": []any{map[string]any{"block": "power_certificate", "amount_cents": 2_500_000}}}).want(t, 200)
	e.do("POST", "/contracts/"+id+"/plan/extension", mun, map[string]any{"until": "2026-05-25", "reason": "letter"}).want(t, 200)
	e.do("POST", "/contracts/"+id+"/plan/extension", mun, map[string]any{"until": "2026-05-26", "reason": "letter"}).want(t, 422)
	e.do("POST", "/contracts/"+id+"/plan/decision", mun, map[string]any{"decision": "approved"}).want(t, 200)

	list := e.do("GET", "/contracts?status=plan_approved", mun, nil).want(t, 200)
	if n := len(list.get("items").([]any)); n != 1 {
		t.Fatalf("list: %d", n)
	}
	e.do("GET", "/contracts?status=bogus", mun, nil).want(t, 422)
	e.do("GET", "/contracts?limit=500", mun, nil).want(t, 422)
	e.do("GET", "/contracts?cursor=forged", mun, nil).want(t, 400)
}

func TestCreateValidationListsEveryProblem(t *testing.T) {
	e := newEnv(t)
	mun := e.token("municipality", "utrecht")
	r := e.do("POST", "/contracts", mun, map[string]any{
		"reference": "", "title": "x", "contractor_kvk": "1234", "contractor_name": "y", "value_cents": 100,
		"percentage_bp": 9000, "awarded_on": "2026-05-01", "starts_on": "2026-04-01", "ends_on": "2026-03-01",
		"reporting": "monthly", "municipality": "amsterdam",
	}).want(t, 422)
	fields := map[string]bool{}
	for _, d := range r.get("error", "details").([]any) {
		fields[d.(map[string]any)["field"].(string)] = true
	}
	for _, f := range []string{"reference", "contractor_kvk", "ends_on", "starts_on", "reporting", "municipality"} {
		if !fields[f] {
			t.Errorf("no problem reported for %s: %s", f, r.Raw)
		}
	}
	e.do("POST", "/contracts", mun, `{"reference":"x","surprise":1}`).want(t, 400)
	e.do("POST", "/contracts", mun, `{"value_cents":"100"}`).want(t, 400)
	e.do("POST", "/contracts", mun, `{"awarded_on":"2026-02-30"}`).want(t, 400)
	e.do("POST", "/contracts", e.token("contractor", "12345678"), newContract("utrecht", "X", "12345678")).want(t, 403)
}

// For every contract route, another municipality and another contractor
// learn nothing: 404, or 403 where their role may not use the route.
func TestContractIsolation(t *testing.T) {
	e := newEnv(t)
	e.clock.Set(at("2026-03-02 10:00:00"))
	mun, con := e.token("municipality", "utrecht"), e.token("contractor", "12345678")
	id := e.do("POST", "/contracts", mun, newContract("utrecht", "ISO-1", "12345678")).want(t, 201).get("id").(string)
	e.do("POST", "/contracts/"+id+"/registration", con, map[string]any{"contact_name": "A", "contact_email": "a@b.nl"}).want(t, 200)
	e.do("PUT", "/contracts/"+id+"/plan", con, map[string]any{"items": []any{}}).want(t, 200)
	e.clock.Set(at("2026-04-02 10:00:00"))
	e.do("PUT", "/contracts/"+id+"/reports/final", con, map[string]any{"items": []any{}}).want(t, 200)

	otherMun, otherCon := e.token("municipality", "amsterdam,leiden"), e.token("contractor", "99999999")
	routes := []struct {
		method, path string
		body         any
	}{
		{"GET", "/contracts/" + id, nil},
		{"GET", "/contracts/" + id + "/history", nil},
		{"POST", "/contracts/" + id + "/registration", map[string]any{"contact_name": "A", "contact_email": "a@b.nl"}},
		{"PUT", "/contracts/" + id + "/plan", map[string]any{"items": []any{}}},
		{"POST", "/contracts/" + id + "/plan/decision", map[string]any{"decision": "approved"}},
		{"POST", "/contracts/" + id + "/plan/extension", map[string]any{"until": "2026-04-20", "reason": "x"}},
		{"PUT", "/contracts/" + id + "/reports/final", map[string]any{"items": []any{}}},
		{"GET", "/contracts/" + id + "/reports/final", nil},
		{"POST", "/contracts/" + id + "/reports/final/decision", map[string]any{"decision": "accepted"}},
	}
	for _, rt := range routes {
		for name, tok := range map[string]string{"other municipality": otherMun, "other contractor": otherCon} {
			got := e.do(rt.method, rt.path, tok, rt.body)
			if got.Status != http.StatusNotFound && got.Status != http.StatusForbidden {
				t.Errorf("%s %s as %s: %d %s", rt.method, rt.path, name, got.Status, got.Raw)
			}
		}
	}
	for name, tok := range map[string]string{"other municipality": otherMun, "other contractor": otherCon} {
		if items := e.do("GET", "/contracts", tok, nil).want(t, 200).get("items").([]any); len(items) != 0 {
			t.Errorf("%s lists %d contracts", name, len(items))
		}
	}
	// A cursor from utrecht's list does not open amsterdam's.
	for i := range 3 {
		e.do("POST", "/contracts", mun, newContract("utrecht", fmt.Sprintf("ISO-%d", i+2), "12345678")).want(t, 201)
	}
	next, _ := e.do("GET", "/contracts?limit=1", mun, nil).want(t, 200).get("next_cursor").(string)
	if next == "" {
		t.Fatal("no next cursor")
	}
	if got := e.do("GET", "/contracts?limit=1&cursor="+next, otherMun, nil); got.Status != 400 {
		t.Errorf("foreign cursor: %d %s", got.Status, got.Raw)
	}
	if got := e.do("GET", "/contracts?limit=1&cursor="+next, con, nil); got.Status != 400 {
		t.Errorf("municipality cursor used by contractor: %d %s", got.Status, got.Raw)
	}
	if n := len(e.do("GET", "/contracts?limit=2&cursor="+next, mun, nil).want(t, 200).get("items").([]any)); n != 2 {
		t.Errorf("own cursor: %d items", n)
	}
}

func TestConcurrentPlanSubmissionsAndDecisions(t *testing.T) {
	e := newEnv(t)
	e.clock.Set(at("2026-03-02 10:00:00"))
	mun, con := e.token("municipality", "utrecht"), e.token("contractor", "12345678")
	id := e.do("POST", "/contracts", mun, newContract("utrecht", "CON-1", "12345678")).want(t, 201).get("id").(string)
	e.do("POST", "/contracts/"+id+"/registration", con, map[string]any{"contact_name": "A", "contact_email": "a@b.nl"}).want(t, 200)

	var wg sync.WaitGroup
	statuses := make(chan int, 20)
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			item := map[string]any{"block": "social_activity", "hours": i + 1}
			statuses <- e.do("PUT", "/contracts/"+id+"/plan", con, map[string]any{"items": []any{item}}).Status
		}()
	}
	wg.Wait()
	close(statuses)
	for s := range statuses {
		if s != 200 {
			t.Errorf("parallel plan submission: %d", s)
		}
	}
	c := e.do("GET", "/contracts/"+id, mun, nil).want(t, 200)
	if c.get("plan", "revision") != float64(20) || c.get("version") != float64(22) {
		t.Fatalf("after 20 submissions: revision %v version %v", c.get("plan", "revision"), c.get("version"))
	}
	h := e.do("GET", "/contracts/"+id+"/history", mun, nil).want(t, 200)
	if n := len(h.get("items").([]any)); n != 22 {
		t.Fatalf("history has %d events, want 22", n)
	}

	results := make(chan int, 10)
	for i := range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			decision := []string{"approved", "rejected"}[i%2]
			var headers []string
			if i < 5 {
				headers = []string{"If-Match", `"22"`}
			}
			results <- e.do("POST", "/contracts/"+id+"/plan/decision", mun, map[string]any{"decision": decision}, headers...).Status
		}()
	}
	wg.Wait()
	close(results)
	count := map[int]int{}
	for s := range results {
		count[s]++
	}
	if count[200] != 1 || count[409]+count[412] != 9 {
		t.Fatalf("parallel decisions: %v; want one winner and 409/412 for the rest", count)
	}
}
