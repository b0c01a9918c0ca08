package valuation_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/srmonitor/srmonitor/shared/check"
	"github.com/srmonitor/srmonitor/shared/civil"
	"github.com/srmonitor/srmonitor/shared/policy"
	"github.com/srmonitor/srmonitor/shared/valuation"
)

// valueNeverPanics runs a valuation and checks that a failure is a non-empty
// check.Problems (a 422, never a 500) and a success keeps the invariants and
// encodes as JSON.
func valueNeverPanics(t *testing.T, req valuation.Request) {
	t.Helper()
	res, err := valuation.Value(policy.Default(), req, today)
	if err != nil {
		var p check.Problems
		if !errors.As(err, &p) || len(p) == 0 {
			t.Fatalf("error %v (%T) is not check.Problems", err, err)
		}
		for _, q := range p {
			if q.Field == "" || q.Problem == "" {
				t.Fatalf("problem without field or text: %+v", q)
			}
		}
		return
	}
	checkInvariants(t, res)
	if _, err := json.Marshal(res); err != nil {
		t.Fatalf("result does not encode: %v", err)
	}
}

func FuzzDecodeRequest(f *testing.F) {
	for _, seed := range []string{
		`{"municipality": "utrecht", "contract_value_cents": 200000000, "percentage_bp": 500, "pso_level": 0,
 "social_award_criterion": false, "on": "2026-03-02",
 "items": [
  {"block": "participatiewet", "persons": 1, "hours_per_week": 36, "months": 12, "bonuses": ["permanent_contract"]},
  {"block": "social_purchase", "amount_cents": 1000000, "materials_cents": 200000},
  {"block": "social_activity", "hours": 40},
  {"block": "agreed_activity", "agreed_value_cents": 250000, "description": "guest lessons"}]}`,
		`{"municipality": "den-haag", "contract_value_cents": 1000000000000000, "pso_level": 3, "on": "2023-07-01",
 "items": [{"block": "doelgroepregister", "persons": 10000, "hours_per_week": 168, "months": 600, "bonuses": ["age_55_plus", "after_internship"]}]}`,
		`{"municipality": "amsterdam", "contract_value_cents": 22100000, "pso_level": 2, "social_award_criterion": true, "on": "2025-12-31"}`,
		`{"municipality": "leiden", "contract_value_cents": 1, "items": [{"block": "ww", "hours_per_week": 18.55, "months": 1e2}]}`,
		`{"municipality": "leiden", "contract_value_cents": 100000000, "items": [{"block": "bol", "hours_per_week": 36, "weeks": 20},
 {"block": "agreed_activity", "agreed_value_cents": 500000, "days": 2.5}, {"block": "bol", "months": 3, "days": 1}]}`,
		`{"municipality": "utrecht", "contract_value_cents": -1, "percentage_bp": 99999999999, "pso_level": -7, "items": [{}]}`,
		`{"municipality": "amersfoort", "contract_value_cents": 5, "items": [{"block": "power_certificate", "amount_cents": 9223372036854775807}]}`,
		`{"items": [{"block": "social_activity", "hours": 1e15}], "on": "2019-12-31"}`,
		`[]`, `null`, `{"unknown": 1}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		req, err := decodeStrict(data)
		if err != nil {
			return // the HTTP layer answers 400 invalid_json
		}
		valueNeverPanics(t, req)
	})
}

func FuzzValue(f *testing.F) {
	f.Add(uint8(9), int64(200_000_000), int64(500), 0, false, uint16(100), uint8(0),
		int64(1), int64(3600), int64(1200), int64(1_000_000), int64(200_000), int64(4000), uint16(3))
	f.Add(uint8(1), int64(22_100_100), int64(500), 1, false, uint16(3650), uint8(1),
		int64(2), int64(675), int64(1199), int64(1), int64(2), int64(1), uint16(0))
	f.Add(uint8(3), int64(-5), int64(-1), 9, true, uint16(0), uint8(200),
		int64(0), int64(0), int64(-1), int64(-1), int64(5), int64(-100), uint16(1023))
	f.Add(uint8(5), int64(1_000_000), int64(500), 0, false, uint16(3200), uint8(2),
		int64(1), int64(3600), int64(2600), int64(300_000), int64(0), int64(250), uint16(0x320))
	f.Fuzz(func(t *testing.T, muniIndex uint8, contract, bp int64, pso int, award bool, dayOffset uint16, blockIndex uint8,
		persons, hoursPerWeek, months, amount, materials, hours int64, fields uint16) {
		reg := policy.Default()
		munis := reg.Municipalities()
		m := munis[int(muniIndex)%len(munis)]
		on := civil.MustParse("2015-01-01").AddDays(int(dayOffset) % (15 * 366))
		req := valuation.Request{Municipality: m.ID, ContractValueCents: &contract, PSOLevel: pso,
			SocialAwardCriterion: award, On: &on}
		if bp != 0 {
			req.PercentageBP = &bp
		}
		// One item on a block of the catalog in force (or a made-up one), with
		// the fields chosen by the bits of fields, valid for the kind or not.
		block := "no_such_block"
		if cat, ok := reg.CatalogOn(m.ID, on); ok && int(blockIndex) < 2*len(cat.Blocks) {
			block = cat.Blocks[int(blockIndex)%len(cat.Blocks)].Code
		}
		it := valuation.Item{Block: block}
		h, mo, hr := valuation.Decimal(hoursPerWeek), valuation.Decimal(months), valuation.Decimal(hours)
		set := func(bit uint) bool { return fields&(1<<bit) != 0 }
		if set(0) {
			it.Persons = &persons
		}
		if set(1) {
			it.HoursPerWeek, it.Months = &h, &mo
		}
		if set(2) {
			it.AmountCents = &amount
		}
		if set(3) {
			it.MaterialsCents = &materials
		}
		if set(4) {
			it.Hours = &hr
		}
		if set(5) {
			it.AgreedValueCents = &amount
		}
		if set(6) {
			it.Bonuses = []string{"permanent_contract", "age_55_plus", "after_internship"}
		}
		if set(7) {
			it.Bonuses = append(it.Bonuses, "permanent_contract")
		}
		if set(8) {
			it.Weeks = &mo
		}
		if set(9) {
			it.Days = &hr
		}
		req.Items = []valuation.Item{it, it}
		valueNeverPanics(t, req)
	})
}
