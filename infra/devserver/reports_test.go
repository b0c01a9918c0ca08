package devserver

import (
	"testing"
)

func reportsFixture(t *testing.T, reporting string) (e *env, mun, con, id string) {
	e = newEnv(t)
	e.clock.Set(at("2026-03-02 10:00:00"))
	mun, con = e.token("municipality", "amsterdam"), e.token("contractor", "12345678")
	body := newContract("amsterdam", "REP-"+reporting, "12345678")
	body["reporting"] = reporting
	c := e.do("POST", "/contracts", mun, body).want(t, 201)
	id = c.get("id").(string)
	if c.get("reporting") != reporting {
		t.Fatalf("reporting: %v", c.get("reporting"))
	}
	e.do("POST", "/contracts/"+id+"/registration", con, map[string]any{"contact_name": "A", "contact_email": "a@b.nl"}).want(t, 200)
	return e, mun, con, id
}

func training(cents int) map[string]any {
	return map[string]any{"items": []any{map[string]any{"block": "training", "amount_cents": cents}}, "note": "course invoices"}
}

func TestQuarterlyReportCycle(t *testing.T) {
	e, mun, con, id := reportsFixture(t, "quarterly")
	// Obligation: 5% of EUR 500,000 = EUR 25,000.
	c := e.do("GET", "/contracts/"+id, con, nil).want(t, 200)
	if c.get("deadlines", "next_report_due") != "2026-07-31" || c.get("realisation", "remaining_cents") != float64(2_500_000) {
		t.Fatalf("before any report: %v %v", c.get("deadlines"), c.get("realisation"))
	}
	e.clock.Set(at("2026-07-15 12:00:00"))
	for period, why := range map[string]string{
		"2026-H1": "half year on a quarterly contract", "2026-Q1": "before the contract starts",
		"2026-Q4": "not begun yet", "2026-Q9": "not a period", "2026-q2": "lower case",
	} {
		if r := e.do("PUT", "/contracts/"+id+"/reports/"+period, con, training(1)); r.Status != 422 {
			t.Errorf("%s (%s): %d %s", period, why, r.Status, r.Raw)
		}
	}
	withEvidence := training(1)
	withEvidence["evidence_ids"] = []string{"e_unknown"}
	e.do("PUT", "/contracts/"+id+"/reports/2026-Q2", con, withEvidence).want(t, 422)

	r := e.do("PUT", "/contracts/"+id+"/reports/2026-Q2", con, training(500_000)).want(t, 200)
	if r.get("realisation", "awaiting_decision_cents") != float64(500_000) || r.get("deadlines", "next_report_due") != "2026-10-31" {
		t.Fatalf("after submission: %v %v", r.get("realisation"), r.get("deadlines"))
	}
	r = e.do("POST", "/contracts/"+id+"/reports/2026-Q2/decision", mun, map[string]any{"decision": "rejected", "note": "no invoices"}).want(t, 200)
	if r.get("realisation", "awaiting_decision_cents") != float64(0) || r.get("deadlines", "next_report_due") != "2026-07-31" {
		t.Fatalf("after rejection: %v %v", r.get("realisation"), r.get("deadlines"))
	}
	e.do("POST", "/contracts/"+id+"/reports/2026-Q2/decision", mun, map[string]any{"decision": "accepted"}).want(t, 409)

	e.clock.Set(at("2026-08-01 09:00:00"))
	r = e.do("PUT", "/contracts/"+id+"/reports/2026-Q2", con, training(600_000)).want(t, 200)
	rep := e.do("GET", "/contracts/"+id+"/reports/2026-Q2", mun, nil).want(t, 200)
	if rep.get("revision") != float64(2) || rep.get("late") != true || rep.get("valuation", "plan_value_cents") != float64(600_000) ||
		rep.get("due") != "2026-07-31" || rep.get("valuation", "catalog_version") == "" {
		t.Fatalf("re-submitted report: %s", rep.Raw)
	}
	r = e.do("POST", "/contracts/"+id+"/reports/2026-Q2/decision", mun, map[string]any{"decision": "accepted", "note": "invoices seen"}).want(t, 200)
	want := map[string]float64{"accepted_cents": 600_000, "awaiting_decision_cents": 0, "remaining_cents": 1_900_000, "coverage_bp": 2400}
	for k, v := range want {
		if r.get("realisation", k) != v {
			t.Errorf("realisation.%s = %v, want %v", k, r.get("realisation", k), v)
		}
	}
	e.do("PUT", "/contracts/"+id+"/reports/2026-Q2", con, training(1)).want(t, 409)
	e.do("POST", "/contracts/"+id+"/reports/2026-Q2/decision", mun, map[string]any{"decision": "rejected"}).want(t, 409)
	e.do("GET", "/contracts/"+id+"/reports/2026-Q3", con, nil).want(t, 404)
	e.do("POST", "/contracts/"+id+"/reports/2026-Q3/decision", mun, map[string]any{"decision": "accepted"}).want(t, 404)
	e.do("POST", "/contracts/"+id+"/reports/2026-Q2/decision", mun, map[string]any{"decision": "maybe"}).want(t, 422)
	e.do("PUT", "/contracts/"+id+"/reports/2026-Q2", mun, training(1)).want(t, 403)
	e.do("POST", "/contracts/"+id+"/reports/2026-Q2/decision", con, map[string]any{"decision": "accepted"}).want(t, 403)

	h := e.do("GET", "/contracts/"+id+"/history", mun, nil).want(t, 200)
	var actions []string
	for _, it := range h.get("items").([]any) {
		actions = append(actions, it.(map[string]any)["action"].(string))
	}
	if got := actions[len(actions)-4:]; got[0] != "report_submitted" || got[1] != "report_rejected" || got[2] != "report_submitted" || got[3] != "report_accepted" {
		t.Fatalf("history: %v", actions)
	}
}

func TestSemiannualReportCycle(t *testing.T) {
	e, mun, con, id := reportsFixture(t, "semiannual")
	e.clock.Set(at("2026-07-10 12:00:00"))
	e.do("PUT", "/contracts/"+id+"/reports/2026-Q2", con, training(1)).want(t, 422)
	r := e.do("PUT", "/contracts/"+id+"/reports/2026-H1", con, training(1_000_000)).want(t, 200)
	if r.get("deadlines", "next_report_due") != "2027-01-31" {
		t.Fatalf("next due after H1: %v", r.get("deadlines"))
	}
	rep := e.do("GET", "/contracts/"+id+"/reports/2026-H1", con, nil).want(t, 200)
	// The contract starts on 1 April: its first half year is cut to it.
	if rep.get("start") != "2026-04-01" || rep.get("end") != "2026-06-30" || rep.get("due") != "2026-07-31" || rep.get("late") != false {
		t.Fatalf("H1 report: %s", rep.Raw)
	}
	e.do("POST", "/contracts/"+id+"/reports/2026-H1/decision", mun, map[string]any{"decision": "accepted", "note": "invoices seen"}).want(t, 200)
	e.clock.Set(at("2027-04-15 12:00:00"))
	e.do("PUT", "/contracts/"+id+"/reports/2026-H2", con, training(1_000_000)).want(t, 200)
	e.do("PUT", "/contracts/"+id+"/reports/2027-H1", con, training(0)).want(t, 200)
	r = e.do("PUT", "/contracts/"+id+"/reports/final", con, training(500_000)).want(t, 200)
	if r.get("deadlines", "next_report_due") != nil {
		t.Fatalf("every report is in, yet next due %v", r.get("deadlines", "next_report_due"))
	}
	if r.get("realisation", "accepted_cents") != float64(1_000_000) || r.get("realisation", "awaiting_decision_cents") != float64(1_500_000) {
		t.Fatalf("realisation: %v", r.get("realisation"))
	}
	var periods []string
	for _, it := range r.get("reports").([]any) {
		periods = append(periods, it.(map[string]any)["period"].(string))
	}
	if len(periods) != 4 || periods[0] != "2026-H1" || periods[3] != "final" {
		t.Fatalf("reports in period order: %v", periods)
	}
}
