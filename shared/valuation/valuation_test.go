package valuation_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/srmonitor/srmonitor/shared/check"
	"github.com/srmonitor/srmonitor/shared/civil"
	"github.com/srmonitor/srmonitor/shared/policy"
	"github.com/srmonitor/srmonitor/shared/valuation"
)

// Test names cite their public source (docs/domain.md gives each in full):
//   - Leidraad: Gemeente Amsterdam, "Leidraad Sociaal Opdrachtgeverschap";
//   - Informatieblad: Gemeente Amsterdam, "Informatieblad social return";
//   - WSP regio Amersfoort page: WerkgeversServicepunt regio Amersfoort, "Social return";
//   - AV-regio page: Adviespunt SR, WerkgeversServicepunt AV-regio, "Social Return invulling";
//   - PIANOo 2019 (Utrecht): PIANOo, "Opdrachtnemers creatief aan zet bij invulling van
//     social return" (August 2019);
//   - Utrecht 2015 table: Gemeente Utrecht, "Social Return: tabel bouwblokken social return";
//   - Utrecht current table: Gemeente Utrecht, "Social return berekenen (bouwblokken)";
//   - Haaglanden table: Gemeente Den Haag, "Social return bouwblokken" (from 1 July 2023);
//   - Holland Rijnland table: DZB Leiden, "Bouwblokkenmethode" (from 1 September 2023);
//   - EU yyyy/nnnn: the Commission Delegated Regulation (EU) of that number.

var today = civil.MustParse("2026-03-02")

func i64(v int64) *int64 { return &v }

func dec(s string) *valuation.Decimal {
	var d valuation.Decimal
	if err := json.Unmarshal([]byte(s), &d); err != nil {
		panic(err)
	}
	return &d
}

func date(s string) *civil.Date {
	d := civil.MustParse(s)
	return &d
}

// decodeStrict decodes as the HTTP layer does: unknown fields are errors.
func decodeStrict(data []byte) (valuation.Request, error) {
	var req valuation.Request
	d := json.NewDecoder(bytes.NewReader(data))
	d.DisallowUnknownFields()
	err := d.Decode(&req)
	return req, err
}

func mustValue(t *testing.T, req valuation.Request) valuation.Result {
	t.Helper()
	res, err := valuation.Value(policy.Default(), req, today)
	if err != nil {
		t.Fatalf("Value: %v", err)
	}
	return res
}

func problemFields(t *testing.T, err error) []string {
	t.Helper()
	var p check.Problems
	if !errors.As(err, &p) {
		t.Fatalf("error %v (%T) is not check.Problems", err, err)
	}
	fields := make([]string, len(p))
	for i, q := range p {
		fields[i] = q.Field
	}
	return fields
}

// The request of API.md "Valuation", checked by hand:
//   - participatiewet: 1 x 36/36 x 12/12 x (40,000 + permanent 10,000) = 50,000.00
//   - social_purchase: 10,000.00 - 2,000.00 materials = 8,000.00
//   - social_activity: 40 h x 100.00 = 4,000.00
//   - agreed_activity: 2,500.00, needs agreement
//
// plan 64,500.00; obligation 2,000,000.00 x 5% = 100,000.00; coverage
// 64,500/100,000 = 6450 bp; shortfall 35,500.00; threshold 100,000.00 (PIANOo 2019 (Utrecht)).
func TestAPIExample(t *testing.T) {
	req, err := decodeStrict([]byte(`{"municipality": "utrecht", "contract_value_cents": 200000000, "percentage_bp": 500, "pso_level": 0,
 "social_award_criterion": false, "on": "2026-03-02",
 "items": [
  {"block": "participatiewet", "persons": 1, "hours_per_week": 36, "months": 12, "bonuses": ["permanent_contract"]},
  {"block": "social_purchase", "amount_cents": 1000000, "materials_cents": 200000},
  {"block": "social_activity", "hours": 40},
  {"block": "agreed_activity", "agreed_value_cents": 250000, "description": "guest lessons"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	got := mustValue(t, req)
	want := valuation.Result{
		Municipality: "utrecht", CatalogVersion: "2019", On: civil.MustParse("2026-03-02"),
		Applies: true, ThresholdCents: i64(10_000_000),
		ContractValueCents: 200_000_000, PercentageBP: 500,
		GrossObligationCents: 10_000_000, PSODiscountBP: 0, ObligationCents: 10_000_000,
		PlanValueCents: 6_450_000, CoverageBP: 6450, ShortfallCents: 3_550_000,
		Lines: []valuation.Line{
			{Index: 0, Block: "participatiewet", Kind: "person", ValueCents: 5_000_000,
				Explanation: "1 person x 36/36 h x 12/12 months x EUR 40,000.00 + permanent contract EUR 10,000.00"},
			{Index: 1, Block: "social_purchase", Kind: "money", ValueCents: 800_000,
				Explanation: "EUR 10,000.00 invoiced excl. VAT - EUR 2,000.00 materials"},
			{Index: 2, Block: "social_activity", Kind: "hours", ValueCents: 400_000,
				Explanation: "40 h x EUR 100.00 per hour"},
			{Index: 3, Block: "agreed_activity", Kind: "agreed", ValueCents: 250_000, NeedsAgreement: true,
				Explanation: "EUR 2,500.00 proposed; the value needs the SR office's agreement"},
		},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got\n%+v\nwant\n%+v", got, want)
	}

	// The response fields API.md shows, as JSON.
	b, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	for _, frag := range []string{
		`"municipality":"utrecht"`, `"applies":true`, `"threshold_cents":10000000`,
		`"contract_value_cents":200000000`, `"percentage_bp":500`, `"gross_obligation_cents":10000000`,
		`"pso_discount_bp":0`, `"obligation_cents":10000000`, `"plan_value_cents":6450000`,
		`"coverage_bp":6450`, `"shortfall_cents":3550000`,
		`{"index":0,"block":"participatiewet","kind":"person","value_cents":5000000,"explanation":"1 person x 36/36 h x 12/12 months x EUR 40,000.00 + permanent contract EUR 10,000.00"}`,
		`"needs_agreement":true`,
	} {
		if !bytes.Contains(b, []byte(frag)) {
			t.Errorf("response lacks %s:\n%s", frag, b)
		}
	}
	if bytes.Contains(b, []byte("small_contract")) {
		t.Error("small_contract shown although the obligation applies")
	}
}

// The obligation (docs/domain.md): thresholds, percentages and the PSO discount.
func TestObligation(t *testing.T) {
	tests := []struct {
		name       string
		req        valuation.Request
		applies    bool
		threshold  int64 // 0: null
		gross      int64
		discountBP int64
		obligation int64
	}{
		{"Leidraad + EU 2023/2495: on 2025-12-31 EUR 220,000 is below the EUR 221,000 threshold",
			valuation.Request{Municipality: "amsterdam", ContractValueCents: i64(22_000_000), On: date("2025-12-31")},
			false, 22_100_000, 0, 0, 0},
		{"Leidraad + EU 2025/2152: on 2026-01-01 EUR 220,000 is above the EUR 216,000 threshold",
			valuation.Request{Municipality: "amsterdam", ContractValueCents: i64(22_000_000), On: date("2026-01-01")},
			true, 21_600_000, 1_100_000, 0, 1_100_000},
		{"EU 2021/1952: on 2023-12-31 the threshold is EUR 215,000",
			valuation.Request{Municipality: "amsterdam", ContractValueCents: i64(21_499_999), On: date("2023-12-31")},
			false, 21_500_000, 0, 0, 0},
		{"EU 2025/2152 + Leidraad: a contract awarded in 2028 still has the 2026-2027 threshold until a newer one is known",
			valuation.Request{Municipality: "amsterdam", ContractValueCents: i64(21_599_999), On: date("2028-03-01")},
			false, 21_600_000, 0, 0, 0},
		{"EU 2025/2152 + Leidraad: in 2028 EUR 216,000 is at the threshold, so the obligation applies",
			valuation.Request{Municipality: "amsterdam", ContractValueCents: i64(21_600_000), On: date("2028-03-01")},
			true, 21_600_000, 1_080_000, 0, 1_080_000},
		{"API.md: a contract exactly at the threshold is not below it",
			valuation.Request{Municipality: "amsterdam", ContractValueCents: i64(22_100_000), On: date("2025-06-01")},
			true, 22_100_000, 1_105_000, 0, 1_105_000},
		{"Leidraad: PSO trede 1 takes 10% off",
			valuation.Request{Municipality: "amsterdam", ContractValueCents: i64(100_000_000), PSOLevel: 1},
			true, 21_600_000, 5_000_000, 1000, 4_500_000},
		{"Leidraad: PSO trede 2 takes 25% off",
			valuation.Request{Municipality: "amsterdam", ContractValueCents: i64(100_000_000), PSOLevel: 2},
			true, 21_600_000, 5_000_000, 2500, 3_750_000},
		{"Leidraad: PSO trede 3 takes 50% off",
			valuation.Request{Municipality: "amsterdam", ContractValueCents: i64(100_000_000), PSOLevel: 3},
			true, 21_600_000, 5_000_000, 5000, 2_500_000},
		{"Leidraad: no PSO discount when SR was a social award criterion",
			valuation.Request{Municipality: "amsterdam", ContractValueCents: i64(100_000_000), PSOLevel: 3, SocialAwardCriterion: true},
			true, 21_600_000, 5_000_000, 0, 5_000_000},
		{"PIANOo 2019 (Utrecht): Utrecht publishes no PSO discount",
			valuation.Request{Municipality: "utrecht", ContractValueCents: i64(100_000_000), PSOLevel: 3},
			true, 10_000_000, 5_000_000, 0, 5_000_000},
		{"Leidraad: percentage 1-25%: 25% is allowed",
			valuation.Request{Municipality: "amsterdam", ContractValueCents: i64(100_000_000), PercentageBP: i64(2500)},
			true, 21_600_000, 25_000_000, 0, 25_000_000},
		{"PIANOo 2019 (Utrecht): Utrecht asks nothing below EUR 100,000",
			valuation.Request{Municipality: "utrecht", ContractValueCents: i64(9_999_999)},
			false, 10_000_000, 0, 0, 0},
		{"PIANOo 2019 (Utrecht): Utrecht asks SR from EUR 100,000",
			valuation.Request{Municipality: "utrecht", ContractValueCents: i64(10_000_000)},
			true, 10_000_000, 500_000, 0, 500_000},
		{"WSP regio Amersfoort page: Amersfoort 5%, no threshold published, so even EUR 1 applies",
			valuation.Request{Municipality: "amersfoort", ContractValueCents: i64(100)},
			true, 0, 5, 0, 5},
		{"project default: Gorinchem 5%",
			valuation.Request{Municipality: "gorinchem", ContractValueCents: i64(1_000_000)},
			true, 0, 50_000, 0, 50_000},
		{"rounding: 12,350 cents x 5% = 617.5 rounds away from zero to 618",
			valuation.Request{Municipality: "soest", ContractValueCents: i64(12_350)},
			true, 0, 618, 0, 618},
		{"rounding: 12,349 cents x 5% = 617.45 rounds to 617",
			valuation.Request{Municipality: "soest", ContractValueCents: i64(12_349)},
			true, 0, 617, 0, 617},
		{"rounding: 1,105,005 x 90% = 994,504.5 keeps the half cent in the obligation",
			valuation.Request{Municipality: "amsterdam", ContractValueCents: i64(22_100_100), PSOLevel: 1},
			true, 21_600_000, 1_105_005, 1000, 994_505},
		{"rounding: 216,001 cents at 50% off leaves 108,000.5 -> 108,001, never more than half off",
			valuation.Request{Municipality: "amsterdam", ContractValueCents: i64(21_600_101), PercentageBP: i64(100), PSOLevel: 3},
			true, 21_600_000, 216_001, 5000, 108_001},
		{"absurd but accepted: EUR 10 trillion at 25% stays exact",
			valuation.Request{Municipality: "amsterdam", ContractValueCents: i64(1_000_000_000_000_000), PercentageBP: i64(2500), PSOLevel: 2},
			true, 21_600_000, 250_000_000_000_000, 2500, 187_500_000_000_000},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := mustValue(t, tc.req)
			var threshold int64
			if res.ThresholdCents != nil {
				threshold = *res.ThresholdCents
			}
			if res.Applies != tc.applies || threshold != tc.threshold || res.GrossObligationCents != tc.gross ||
				res.PSODiscountBP != tc.discountBP || res.ObligationCents != tc.obligation {
				t.Fatalf("applies %v threshold %d gross %d discount %d obligation %d; want %v %d %d %d %d",
					res.Applies, threshold, res.GrossObligationCents, res.PSODiscountBP, res.ObligationCents,
					tc.applies, tc.threshold, tc.gross, tc.discountBP, tc.obligation)
			}
			m, _ := policy.Default().Municipality(tc.req.Municipality)
			if !res.Applies && res.SmallContract != m.SmallContract {
				t.Errorf("small_contract = %q, want the policy's text", res.SmallContract)
			}
			if res.Applies && res.SmallContract != "" {
				t.Errorf("small_contract %q shown although the obligation applies", res.SmallContract)
			}
			if res.ObligationCents == 0 && res.CoverageBP != 10000 {
				t.Errorf("coverage with no obligation = %d, want 10000", res.CoverageBP)
			}
			if res.PercentageBP == 0 {
				t.Error("the percentage in force is not reported")
			}
		})
	}
}

func TestItems(t *testing.T) {
	tests := []struct {
		name        string
		municipal   string
		on          string
		item        valuation.Item
		want        int64
		explanation string // a fragment of the explanation
	}{
		{"PIANOo 2019 (Utrecht): Utrecht Participatiewet full time 40,000 + permanent 10,000", "utrecht", "2026-03-02",
			valuation.Item{Block: "participatiewet", HoursPerWeek: dec("36"), Months: dec("12"), Bonuses: []string{"permanent_contract"}},
			5_000_000, "1 person x 36/36 h x 12/12 months x EUR 40,000.00 + permanent contract EUR 10,000.00"},
		{"PIANOo 2019 (Utrecht) + Utrecht 2015 table: a full-time (40 h) Participatiewet hire of more than 2 years, permanent: 40,000 + 10,000", "utrecht", "2018-05-01",
			valuation.Item{Block: "participatiewet_gt2y", HoursPerWeek: dec("40"), Months: dec("12"), Bonuses: []string{"permanent_contract"}},
			5_000_000, "1 person x 40/40 h x 12/12 months x EUR 40,000.00 + permanent contract EUR 10,000.00"},
		{"Utrecht 2015 table: full time is 40 hours, so 36 h/week counts 36/40", "utrecht", "2018-05-01",
			valuation.Item{Block: "participatiewet_gt2y", HoursPerWeek: dec("36"), Months: dec("12"), Bonuses: []string{"permanent_contract"}},
			4_500_000, "1 person x 36/40 h x 12/12 months"},
		{"Utrecht 2015 table: Participatiewet less than 2 years 30,000 + 50+ 5,000", "utrecht", "2018-05-01",
			valuation.Item{Block: "participatiewet_lt2y", HoursPerWeek: dec("40"), Months: dec("12"), Bonuses: []string{"age_50_plus"}},
			3_500_000, "x EUR 30,000.00 + 50+ EUR 5,000.00"},
		{"Utrecht 2015 table: a Wsw hire counts as Banenafspraak, 35,000", "utrecht", "2018-05-01",
			valuation.Item{Block: "wsw", HoursPerWeek: dec("20"), Months: dec("12")},
			1_750_000, "1 person x 20/40 h x 12/12 months x EUR 35,000.00"},
		{"Utrecht current table: pro rata hours: 18.5/36 h of 40,000 = 20,555.555... rounds to 20,555.56", "utrecht", "2026-03-02",
			valuation.Item{Block: "participatiewet", HoursPerWeek: dec("18.5"), Months: dec("12")},
			2_055_556, "1 person x 18.5/36 h x 12/12 months x EUR 40,000.00"},
		{"Utrecht current table: pro rata months: 6/12 of 40,000", "utrecht", "2026-03-02",
			valuation.Item{Block: "participatiewet", HoursPerWeek: dec("36"), Months: dec("6")},
			2_000_000, "6/12 months"},
		{"API.md: bonuses pro rata by the same factor: 18/36 x 6/12 x (40,000 + 10,000 + 10,000) = 15,000", "utrecht", "2026-03-02",
			valuation.Item{Block: "participatiewet", HoursPerWeek: dec("18"), Months: dec("6"), Bonuses: []string{"age_50_plus", "permanent_contract"}},
			1_500_000, "x EUR 40,000.00 + 50+ EUR 10,000.00 + permanent contract EUR 10,000.00"},
		{"Utrecht current table: more than full time counts as full time", "utrecht", "2026-03-02",
			valuation.Item{Block: "participatiewet", HoursPerWeek: dec("40"), Months: dec("12")},
			4_000_000, "36/36 h (40 h/week capped at full time)"},
		{"Utrecht current table: 3 persons on WW 20,000", "utrecht", "2026-03-02",
			valuation.Item{Block: "ww", Persons: i64(3), HoursPerWeek: dec("36"), Months: dec("12")},
			6_000_000, "3 persons x 36/36 h"},
		{"Utrecht current table: statushouder or language gap +10,000 on no benefit 10,000", "utrecht", "2026-03-02",
			valuation.Item{Block: "no_benefit", HoursPerWeek: dec("36"), Months: dec("12"), Bonuses: []string{"statushouder_or_language"}},
			2_000_000, "+ statushouder or language gap EUR 10,000.00"},
		{"Haaglanden table: WW counts at most 12 months", "den-haag", "2026-03-02",
			valuation.Item{Block: "ww", HoursPerWeek: dec("36"), Months: dec("18")},
			2_000_000, "12/12 months (18 months capped at the block's 12-month limit)"},
		{"Haaglanden table: WIA counts at most 24 months", "den-haag", "2026-03-02",
			valuation.Item{Block: "wia_wao", HoursPerWeek: dec("36"), Months: dec("30")},
			6_000_000, "24/12 months (30 months capped"},
		{"Haaglanden table: Banenafspraak always counts", "den-haag", "2026-03-02",
			valuation.Item{Block: "doelgroepregister", HoursPerWeek: dec("36"), Months: dec("36")},
			15_000_000, "36/12 months x EUR 50,000.00"},
		{"Haaglanden table: bonuses are capped with the months: 55+ on 18 months of WW = 12 x (20,000 + 10,000)", "den-haag", "2026-03-02",
			valuation.Item{Block: "ww", HoursPerWeek: dec("36"), Months: dec("18"), Bonuses: []string{"age_55_plus"}},
			3_000_000, "+ 55+ EUR 10,000.00"},
		{"Haaglanden table: BBL up to level 2 counts up to 24 months", "den-haag", "2026-03-02",
			valuation.Item{Block: "bbl_up_to_2", HoursPerWeek: dec("36"), Months: dec("30")},
			5_000_000, "24/12 months (30 months capped at the block's 24-month limit) x EUR 25,000.00"},
		{"Haaglanden table: BBL level 3+ counts up to 36 months", "den-haag", "2026-03-02",
			valuation.Item{Block: "bbl_3_plus", HoursPerWeek: dec("36"), Months: dec("40")},
			4_500_000, "36/12 months (40 months capped at the block's 36-month limit) x EUR 15,000.00"},
		{"Haaglanden table: a Wajong candidate is valued as Banenafspraak, for as long as it runs", "den-haag", "2026-03-02",
			valuation.Item{Block: "wajong", HoursPerWeek: dec("36"), Months: dec("30")},
			12_500_000, "30/12 months x EUR 50,000.00"},
		{"Haaglanden table: the work-limitation bonus is no longer refused on WIA", "den-haag", "2026-03-02",
			valuation.Item{Block: "wia_wao", HoursPerWeek: dec("36"), Months: dec("12"), Bonuses: []string{"work_limitation"}},
			4_000_000, "+ work limitation EUR 10,000.00"},
		{"Haaglanden table: hire after a 6-month VSO/PrO internship +25,000", "den-haag", "2026-03-02",
			valuation.Item{Block: "participatiewet", HoursPerWeek: dec("36"), Months: dec("12"), Bonuses: []string{"after_internship"}},
			6_500_000, "+ hire after internship EUR 25,000.00"},
		{"Holland Rijnland table: PrO/VSO hire 25,000 + 10,000 after internship", "leiden", "2026-03-02",
			valuation.Item{Block: "pro_vso_hire", HoursPerWeek: dec("36"), Months: dec("12"), Bonuses: []string{"after_internship"}},
			3_500_000, "EUR 25,000.00 + hire after internship EUR 10,000.00"},
		{"Holland Rijnland table: BOL internship EUR 10,000 a year, pro rata by weeks: 20 weeks", "leiden", "2026-03-02",
			valuation.Item{Block: "bol", HoursPerWeek: dec("36"), Weeks: dec("20")},
			384_615, "1 person x 36/36 h x 20/52 weeks x EUR 10,000.00"},
		{"Holland Rijnland table: social activity at most EUR 1,000 a day: 3 days for 5,000 counts 3,000", "leiden", "2026-03-02",
			valuation.Item{Block: "agreed_activity", AgreedValueCents: i64(500_000), Days: dec("3"), Description: "guest lessons"},
			300_000, "EUR 5,000.00 proposed, capped at 3 days x EUR 1,000.00 = EUR 3,000.00"},
		{"Holland Rijnland table: Participatiewet with a UWV work limitation is the doelgroepregister row, 50,000", "leiden", "2026-03-02",
			valuation.Item{Block: "doelgroepregister", HoursPerWeek: dec("36"), Months: dec("12")},
			5_000_000, "x EUR 50,000.00"},
		{"Holland Rijnland table: 55+ +15,000 on WW 15,000", "leiden", "2026-03-02",
			valuation.Item{Block: "ww", HoursPerWeek: dec("36"), Months: dec("12"), Bonuses: []string{"age_55_plus"}},
			3_000_000, "+ 55+ EUR 15,000.00"},
		{"rounding half away from zero: WW 20,000 x 6.75/36 h x 11.99/12 months = 374,687.5 cents -> 374,688", "utrecht", "2026-03-02",
			valuation.Item{Block: "ww", HoursPerWeek: dec("6.75"), Months: dec("11.99")},
			374_688, "1 person x 6.75/36 h x 11.99/12 months x EUR 20,000.00"},
		{"absurd but accepted: 10,000 persons full time for 50 years on Banenafspraak", "den-haag", "2026-03-02",
			valuation.Item{Block: "doelgroepregister", Persons: i64(10_000), HoursPerWeek: dec("168"), Months: dec("600"), Bonuses: []string{"age_55_plus", "after_internship"}},
			10_000 * 50 * 8_500_000, "10000 persons x 36/36 h (168 h/week capped at full time) x 600/12 months"},
		{"AV-regio page: social purchase counts the invoice excluding materials (and VAT)", "gorinchem", "2026-03-02",
			valuation.Item{Block: "social_purchase", AmountCents: i64(1_000_000), MaterialsCents: i64(250_000)},
			750_000, "EUR 10,000.00 invoiced excl. VAT - EUR 2,500.00 materials"},
		{"Holland Rijnland table: SW-company services, paid invoices excl. VAT", "leiden", "2026-03-02",
			valuation.Item{Block: "social_purchase", AmountCents: i64(123_456_789)},
			123_456_789, "EUR 1,234,567.89 invoiced excl. VAT"},
		{"Utrecht current table: EUR 100 per employee-hour, 12.5 hours", "utrecht", "2026-03-02",
			valuation.Item{Block: "social_activity", Hours: dec("12.5")},
			125_000, "12.5 h x EUR 100.00 per hour"},
		{"Utrecht current table: a hundredth of an hour is one euro", "utrecht", "2026-03-02",
			valuation.Item{Block: "social_activity", Hours: dec("0.01")},
			100, "0.01 h x EUR 100.00 per hour"},
		{"Leidraad: Amsterdam settles wage costs actually made", "amsterdam", "2026-03-02",
			valuation.Item{Block: "employment_costs", AmountCents: i64(3_456_789)},
			3_456_789, "EUR 34,567.89 costs actually made"},
		{"Haaglanden table: training and coaching at actual costs", "den-haag", "2026-03-02",
			valuation.Item{Block: "training", AmountCents: i64(5)},
			5, "EUR 0.05 costs actually made"},
		{"WSP regio Amersfoort page: an Amersfoort Power Certificate at its purchase price", "amersfoort", "2026-03-02",
			valuation.Item{Block: "power_certificate", AmountCents: i64(1_500_000)},
			1_500_000, "certificate bought for EUR 15,000.00"},
		{"WSP regio Amersfoort page: a social activity valued in advance by the office", "baarn", "2026-03-02",
			valuation.Item{Block: "agreed_activity", AgreedValueCents: i64(0), Description: "guest lesson"},
			0, "needs the SR office's agreement"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := mustValue(t, valuation.Request{
				Municipality: tc.municipal, ContractValueCents: i64(0), On: date(tc.on),
				Items: []valuation.Item{tc.item},
			})
			if len(res.Lines) != 1 {
				t.Fatalf("lines = %+v", res.Lines)
			}
			l := res.Lines[0]
			if l.ValueCents != tc.want || !strings.Contains(l.Explanation, tc.explanation) {
				t.Fatalf("line = %d %q; want %d containing %q", l.ValueCents, l.Explanation, tc.want, tc.explanation)
			}
			if res.PlanValueCents != tc.want {
				t.Fatalf("plan = %d, want %d", res.PlanValueCents, tc.want)
			}
			if l.NeedsAgreement != (l.Kind == policy.KindAgreed) {
				t.Fatalf("needs_agreement = %v for kind %s", l.NeedsAgreement, l.Kind)
			}
		})
	}
}

// A valuation names the table version that produced it (docs/domain.md,
// building blocks): a plan valued last year keeps last year's value.
func TestCatalogVersionByDate(t *testing.T) {
	ww := valuation.Item{Block: "ww", HoursPerWeek: dec("36"), Months: dec("12")}
	req := valuation.Request{Municipality: "utrecht", ContractValueCents: i64(50_000_000), Items: []valuation.Item{ww}}

	req.On = date("2020-01-01")
	if res := mustValue(t, req); res.CatalogVersion != "2019" || res.PlanValueCents != 2_000_000 {
		t.Fatalf("2020-01-01: version %s plan %d, want 2019 and 2,000,000", res.CatalogVersion, res.PlanValueCents)
	}
	req.On = date("2019-12-31")
	_, err := valuation.Value(policy.Default(), req, today)
	if got := problemFields(t, err); !slices.Equal(got, []string{"items[0].block"}) {
		t.Fatalf("2019-12-31: problems %v, want the 2015 model to lack ww", got)
	}
	req.On = date("2014-12-31")
	_, err = valuation.Value(policy.Default(), req, today)
	if got := problemFields(t, err); !slices.Equal(got, []string{"on"}) {
		t.Fatalf("2014-12-31: problems %v, want on (no catalog in force)", got)
	}
	// Without "on", today picks the threshold and catalog.
	req.On = nil
	if res := mustValue(t, req); res.On != today || res.CatalogVersion != "2019" {
		t.Fatalf("default on: %s %s", res.On, res.CatalogVersion)
	}
}

// A stored plan is re-valued with its own catalog version.
func TestValueItemsWithAStoredVersion(t *testing.T) {
	cat, ok := policy.Default().Catalog("utrecht", "2015")
	if !ok {
		t.Fatal("no Utrecht 2015 catalog")
	}
	items := []valuation.Item{
		{Block: "participatiewet_gt2y", HoursPerWeek: dec("40"), Months: dec("12"), Bonuses: []string{"permanent_contract"}},
		{Block: "agreed_activity", AgreedValueCents: i64(100)},
	}
	lines, total, err := valuation.ValueItems(cat, items, "plan.items", nil)
	if err != nil || total != 5_000_100 || len(lines) != 2 || lines[1].Index != 1 {
		t.Fatalf("lines %+v total %d err %v", lines, total, err)
	}
	items = append(items, valuation.Item{Block: "ww", HoursPerWeek: dec("36"), Months: dec("12")},
		valuation.Item{Block: "participatiewet_gt2y", HoursPerWeek: dec("36"), Months: dec("12"), Bonuses: []string{"statushouder_or_language"}})
	lines, total, err = valuation.ValueItems(cat, items, "plan.items", nil)
	if got := problemFields(t, err); !slices.Equal(got, []string{"plan.items[2].block", "plan.items[3].bonuses[0]"}) || lines != nil || total != 0 {
		t.Fatalf("problems %v lines %v total %d", got, lines, total)
	}
}

func TestEmptyItemsGiveTheObligationAlone(t *testing.T) {
	res := mustValue(t, valuation.Request{Municipality: "utrecht", ContractValueCents: i64(200_000_000)})
	if res.PlanValueCents != 0 || res.CoverageBP != 0 || res.ShortfallCents != 10_000_000 || res.Lines == nil {
		t.Fatalf("%+v", res)
	}
	b, _ := json.Marshal(res)
	if !bytes.Contains(b, []byte(`"lines":[]`)) {
		t.Fatalf("lines not an empty list: %s", b)
	}
}

func TestCoverageAndShortfall(t *testing.T) {
	// Obligation 100,000.00; plan 100,000.01 + ... : coverage floors.
	res := mustValue(t, valuation.Request{Municipality: "utrecht", ContractValueCents: i64(200_000_000), Items: []valuation.Item{
		{Block: "training", AmountCents: i64(6_666_666)},
	}})
	if res.CoverageBP != 6666 || res.ShortfallCents != 3_333_334 {
		t.Fatalf("coverage %d shortfall %d, want 6666 (floored) and 3,333,334", res.CoverageBP, res.ShortfallCents)
	}
	res = mustValue(t, valuation.Request{Municipality: "utrecht", ContractValueCents: i64(200_000_000), Items: []valuation.Item{
		{Block: "training", AmountCents: i64(30_000_000)},
	}})
	if res.CoverageBP != 30000 || res.ShortfallCents != 0 {
		t.Fatalf("coverage %d shortfall %d, want 30000 and 0", res.CoverageBP, res.ShortfallCents)
	}
	// Below the threshold nothing is owed: full coverage with an empty plan.
	res = mustValue(t, valuation.Request{Municipality: "utrecht", ContractValueCents: i64(1)})
	if res.Applies || res.CoverageBP != 10000 || res.ShortfallCents != 0 {
		t.Fatalf("%+v", res)
	}
}

// Every problem of a request comes back at once, each naming its field.
func TestValidationListsEveryProblem(t *testing.T) {
	tests := []struct {
		name string
		req  valuation.Request
		want []string
	}{
		{"empty request", valuation.Request{}, []string{"municipality", "contract_value_cents"}},
		{"API.md: unknown municipality, negative value, absurd percentage, PSO level 4",
			valuation.Request{Municipality: "rotterdam", ContractValueCents: i64(-1), PercentageBP: i64(20_000), PSOLevel: 4},
			[]string{"municipality", "contract_value_cents", "percentage_bp", "pso_level"}},
		{"absurd contract value", valuation.Request{Municipality: "utrecht", ContractValueCents: i64(1_000_000_000_000_001)},
			[]string{"contract_value_cents"}},
		{"Leidraad: a percentage outside Amsterdam's 1-25%", valuation.Request{Municipality: "amsterdam", ContractValueCents: i64(1), PercentageBP: i64(50)},
			[]string{"percentage_bp"}},
		{"Leidraad: 26% is outside 1-25%", valuation.Request{Municipality: "amsterdam", ContractValueCents: i64(1), PercentageBP: i64(2600)},
			[]string{"percentage_bp"}},
		{"negative PSO level", valuation.Request{Municipality: "amsterdam", ContractValueCents: i64(1), PSOLevel: -1},
			[]string{"pso_level"}},
		{"Haaglanden: no catalog before 2023-07-01", valuation.Request{Municipality: "den-haag", ContractValueCents: i64(1), On: date("2023-06-30")},
			[]string{"on"}},
		{"a zero date", valuation.Request{Municipality: "den-haag", ContractValueCents: i64(1), On: &civil.Date{}},
			[]string{"on"}},
		{"every item, every field", valuation.Request{Municipality: "utrecht", PSOLevel: 9, Items: []valuation.Item{
			{Block: "nope", Hours: dec("-0")},
			{Block: "participatiewet"},
			{Block: "participatiewet", Persons: i64(0), HoursPerWeek: dec("0"), Months: dec("600.01")},
			{Block: "participatiewet", HoursPerWeek: dec("36"), Months: dec("12"), Bonuses: []string{"age_55_plus", "permanent_contract", "permanent_contract"}},
			{Block: "social_purchase", AmountCents: i64(100), MaterialsCents: i64(200)},
			{Block: "social_purchase", Hours: dec("3"), AmountCents: i64(-1)},
			{Block: "social_activity"},
			{Block: "agreed_activity", AgreedValueCents: i64(-5)},
			{Block: "training", AmountCents: i64(2_000_000_000_000_000)},
			{Block: ""},
			{Block: "ww", Persons: i64(10_001), HoursPerWeek: dec("168.01"), Months: dec("12")},
			{Block: "training", AmountCents: i64(100), Months: dec("3"), Bonuses: []string{"permanent_contract"}, AgreedValueCents: i64(1)},
			{Block: "social_activity", Hours: dec("1000000000.01")},
			{Block: "power_certificate", AmountCents: i64(1)},
		}}, []string{
			"contract_value_cents", "pso_level",
			"items[0].block", "items[0].hours",
			"items[1].hours_per_week", "items[1].months",
			"items[2].persons", "items[2].hours_per_week", "items[2].months",
			"items[3].bonuses[0]", "items[3].bonuses[2]",
			"items[4].materials_cents",
			"items[5].amount_cents", "items[5].hours",
			"items[6].hours",
			"items[7].agreed_value_cents",
			"items[8].amount_cents",
			"items[9].block",
			"items[10].persons", "items[10].hours_per_week",
			"items[11].months", "items[11].bonuses", "items[11].agreed_value_cents",
			"items[12].hours",
			"items[13].block",
		}},
		{"too many items", valuation.Request{Municipality: "utrecht", ContractValueCents: i64(1),
			Items: slices.Repeat([]valuation.Item{{Block: "training", AmountCents: i64(1)}}, 1001)},
			[]string{"items"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := valuation.Value(policy.Default(), tc.req, today)
			if got := problemFields(t, err); !slices.Equal(got, tc.want) {
				t.Fatalf("problem fields\n got %q\nwant %q\n(%v)", got, tc.want, err)
			}
			if !reflect.DeepEqual(res, valuation.Result{}) {
				t.Fatalf("a failed valuation returned a result: %+v", res)
			}
		})
	}
}

func TestProblemTexts(t *testing.T) {
	_, err := valuation.Value(policy.Default(), valuation.Request{Municipality: "utrecht", ContractValueCents: i64(1), Items: []valuation.Item{
		{Block: "social_purchase", Hours: dec("3"), AmountCents: i64(1)},
		{Block: "bbl", HoursPerWeek: dec("36"), Months: dec("12"), Bonuses: []string{"age_55_plus"}},
	}}, today)
	want := check.Problems{
		{Field: "items[0].hours", Problem: "does not belong to block social_purchase (kind money)"},
		{Field: "items[1].bonuses[0]", Problem: `block bbl allows no bonus "age_55_plus" (allowed: permanent_contract, age_50_plus, statushouder_or_language)`},
	}
	var got check.Problems
	if !errors.As(err, &got) || !reflect.DeepEqual(got, want) {
		t.Fatalf("got %#v, want %#v", err, want)
	}
}

func TestDecimal(t *testing.T) {
	good := []struct {
		in   string
		want valuation.Decimal
		out  string
	}{
		{"36", 3600, "36"},
		{"18.5", 1850, "18.5"},
		{"18.50", 1850, "18.5"},
		{"18.500", 1850, "18.5"},
		{"0.05", 5, "0.05"},
		{"0", 0, "0"},
		{"-0", 0, "0"},
		{"0e999999999999", 0, "0"},
		{"1e2", 10000, "100"},
		{"1.85E1", 1850, "18.5"},
		{"12345e-2", 12345, "123.45"},
		{"1850E-2", 1850, "18.5"},
		{"92233720368547758.07", 9223372036854775807, "92233720368547758.07"},
	}
	for _, tc := range good {
		var d valuation.Decimal
		if err := json.Unmarshal([]byte(tc.in), &d); err != nil || d != tc.want {
			t.Errorf("%s: got %d, %v; want %d", tc.in, d, err, tc.want)
			continue
		}
		if b, err := json.Marshal(d); err != nil || string(b) != tc.out {
			t.Errorf("%s: marshals to %s, %v; want %s", tc.in, b, err, tc.out)
		}
	}
	// What is not a JSON number is a decoding error (400).
	bad := []string{`"18"`, `01`, `1.`, `.5`, `true`, `{}`, `1e`, `1e+`, `--1`, `1.5x`}
	for _, in := range bad {
		var d valuation.Decimal
		if err := d.UnmarshalJSON([]byte(in)); err == nil {
			t.Errorf("%s: accepted as %d", in, d)
		}
	}
	// A number that is no quantity decodes, and the valuation names it at
	// its field with every other problem (422).
	for in, problem := range map[string]string{
		`-1`: "", `-0.01`: "", `18.555`: "must have at most two decimals", `1e-3`: "must have at most two decimals",
		`0.001`: "must have at most two decimals", `1e20`: "is too large", `1e99999`: "is too large", `92233720368547758.08`: "is too large",
	} {
		var d valuation.Decimal
		if err := d.UnmarshalJSON([]byte(in)); err != nil || d.Problem() != problem || (problem == "" && d >= 0) {
			t.Errorf("%s: %d %q %v", in, d, d.Problem(), err)
		}
	}
	req, err := decodeStrict([]byte(`{"municipality": "utrecht", "contract_value_cents": 100, "items": [
		{"block": "ww", "hours_per_week": -36, "months": 18.555},
		{"block": "ww", "hours_per_week": 36, "months": 1e30}]}`))
	if err != nil {
		t.Fatal(err)
	}
	_, err = valuation.Value(policy.Default(), req, civil.MustParse("2026-03-02"))
	var p check.Problems
	if !errors.As(err, &p) || len(p) != 3 || p[0].Field != "items[0].hours_per_week" || p[1].Field != "items[0].months" || p[2].Field != "items[1].months" {
		t.Errorf("every problem, each at its item: %v", err)
	}
	// Inside a request, a string where a number belongs is a JSON error.
	if _, err := decodeStrict([]byte(`{"items":[{"block":"ww","hours_per_week":"36"}]}`)); err == nil {
		t.Error("hours_per_week as a string was accepted")
	}
	if _, err := decodeStrict([]byte(`{"items":[{"block":"ww","hours_per_week":null}]}`)); err != nil {
		t.Errorf("null hours_per_week: %v", err)
	}
}

// unitsCatalog has the two units Holland Rijnland's table adds to the
// building-block method: a block prorated by weeks (BOL internship "op
// jaarbasis of naar rato / weken") and a social activity valued as agreed up
// to a maximum per day ("maximaal per dag").
var unitsCatalog = policy.Catalog{Family: "test", Version: "1", FullTimeHours: 36, Blocks: []policy.Block{
	{Code: "bol", Kind: policy.KindPerson, ValueCents: 1_000_000, PerWeeks: true},
	{Code: "ww", Kind: policy.KindPerson, ValueCents: 1_500_000},
	{Code: "agreed_activity", Kind: policy.KindAgreed, MaxPerDayCents: 100_000},
	{Code: "tailored", Kind: policy.KindAgreed},
}}

func TestWeeksAndDays(t *testing.T) {
	tests := []struct {
		name        string
		item        valuation.Item
		want        int64
		explanation string
	}{
		{"Holland Rijnland table: BOL EUR 10,000 a year pro rata by weeks: 26 of 52 weeks is 5,000",
			valuation.Item{Block: "bol", HoursPerWeek: dec("36"), Weeks: dec("26")},
			500_000, "1 person x 36/36 h x 26/52 weeks x EUR 10,000.00"},
		{"Holland Rijnland table: 10 weeks half time: 10,000 x 18/36 x 10/52 = 961.538... rounds to 961.54",
			valuation.Item{Block: "bol", HoursPerWeek: dec("18"), Weeks: dec("10")},
			96_154, "1 person x 18/36 h x 10/52 weeks x EUR 10,000.00"},
		{"Holland Rijnland table: no limit is published, so 60 weeks count pro rata: 11,538.46",
			valuation.Item{Block: "bol", Persons: i64(1), HoursPerWeek: dec("36"), Weeks: dec("60")},
			1_153_846, "60/52 weeks"},
		{"Holland Rijnland table: a social activity counts at most EUR 1,000 a day: 2,500 over 2 days is 2,000",
			valuation.Item{Block: "agreed_activity", AgreedValueCents: i64(250_000), Days: dec("2")},
			200_000, "EUR 2,500.00 proposed, capped at 2 days x EUR 1,000.00 = EUR 2,000.00; the value needs the SR office's agreement"},
		{"Holland Rijnland table: under the daily maximum the proposal stands",
			valuation.Item{Block: "agreed_activity", AgreedValueCents: i64(150_000), Days: dec("2")},
			150_000, "EUR 1,500.00 proposed, at most 2 days x EUR 1,000.00 = EUR 2,000.00; the value needs the SR office's agreement"},
		{"Holland Rijnland table: half a day counts at most EUR 500",
			valuation.Item{Block: "agreed_activity", AgreedValueCents: i64(100_000), Days: dec("0.5")},
			50_000, "capped at 0.5 days x EUR 1,000.00 = EUR 500.00"},
		{"an agreed block without a daily maximum needs no days",
			valuation.Item{Block: "tailored", AgreedValueCents: i64(100_000)},
			100_000, "EUR 1,000.00 proposed; the value needs the SR office's agreement"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			lines, total, err := valuation.ValueItems(unitsCatalog, []valuation.Item{tc.item}, "items", nil)
			if err != nil {
				t.Fatal(err)
			}
			if total != tc.want || lines[0].ValueCents != tc.want || !strings.Contains(lines[0].Explanation, tc.explanation) {
				t.Fatalf("line = %d %q; want %d containing %q", lines[0].ValueCents, lines[0].Explanation, tc.want, tc.explanation)
			}
		})
	}
}

// Weeks and days are validated like the other fields: each belongs to the
// blocks whose unit it is, is required there, and has a sane range.
func TestWeeksAndDaysValidation(t *testing.T) {
	_, _, err := valuation.ValueItems(unitsCatalog, []valuation.Item{
		{Block: "bol", HoursPerWeek: dec("36"), Months: dec("6")},
		{Block: "ww", HoursPerWeek: dec("36"), Weeks: dec("6")},
		{Block: "agreed_activity", AgreedValueCents: i64(1)},
		{Block: "tailored", AgreedValueCents: i64(1), Days: dec("1")},
		{Block: "bol", HoursPerWeek: dec("36"), Weeks: dec("0")},
		{Block: "bol", HoursPerWeek: dec("36"), Weeks: dec("2600.01")},
		{Block: "agreed_activity", AgreedValueCents: i64(1), Days: dec("18250.01")},
		{Block: "nope", Weeks: dec("0"), Days: dec("0")},
		{Block: "bol", HoursPerWeek: dec("36"), Weeks: dec("2600")},
		{Block: "agreed_activity", AgreedValueCents: i64(1), Days: dec("18250")},
	}, "items", nil)
	want := check.Problems{
		{Field: "items[0].months", Problem: "does not belong to block bol: it is counted in weeks of the year; give weeks"},
		{Field: "items[0].weeks", Problem: "is required for block bol (kind person)"},
		{Field: "items[1].months", Problem: "is required for block ww (kind person)"},
		{Field: "items[1].weeks", Problem: "does not belong to block ww: it is counted in months; give months"},
		{Field: "items[2].days", Problem: "is required for block agreed_activity (kind agreed)"},
		{Field: "items[3].days", Problem: "does not belong to block tailored: it has no per-day maximum"},
		{Field: "items[4].weeks", Problem: "must be more than 0 and at most 2600"},
		{Field: "items[5].weeks", Problem: "must be more than 0 and at most 2600"},
		{Field: "items[6].days", Problem: "must be more than 0 and at most 18250"},
		{Field: "items[7].block", Problem: "unknown block \"nope\" in catalog test version 1"},
		{Field: "items[7].weeks", Problem: "must be more than 0 and at most 2600"},
		{Field: "items[7].days", Problem: "must be more than 0 and at most 18250"},
	}
	var got check.Problems
	if !errors.As(err, &got) || !reflect.DeepEqual(got, want) {
		t.Fatalf("got\n%v\nwant\n%v", err, want)
	}
}

// A block's month limit holds per candidate: Haaglanden counts a candidate
// at most 12 months on most blocks (Haaglanden table), so a candidate
// reported in two lines of 8 months counts 8 and then 4; another candidate
// counts apart; what earlier reports counted is taken off.
func TestCandidateMonthLimit(t *testing.T) {
	cat, ok := policy.Default().CatalogOn("den-haag", civil.MustParse("2024-01-01"))
	if !ok {
		t.Fatal("no Haaglanden catalog")
	}
	block := ""
	for _, b := range cat.Blocks {
		if b.Kind == policy.KindPerson && b.MaxMonths == 12 && !b.PerWeeks {
			block = b.Code
			break
		}
	}
	h, m := valuation.Decimal(3600), valuation.Decimal(900)
	line := func(candidate string) valuation.Item {
		return valuation.Item{Block: block, HoursPerWeek: &h, Months: &m, Candidate: candidate}
	}
	used := valuation.Used{}
	lines, _, err := valuation.ValueItems(cat, []valuation.Item{line("K-1"), line("K-1"), line("K-2")}, "items", used)
	if err != nil {
		t.Fatal(err)
	}
	full := lines[0].ValueCents
	if lines[1].ValueCents*3 != full || lines[2].ValueCents != full || !strings.Contains(lines[1].Explanation, "K-1 had 9 already") {
		t.Fatalf("lines %+v", lines)
	}
	// A later report: K-1 is used up, K-2 has 3 months left.
	lines, _, err = valuation.ValueItems(cat, []valuation.Item{line("K-1"), line("K-2")}, "items", used)
	if err != nil || lines[0].ValueCents != 0 || lines[1].ValueCents*3 != full {
		t.Fatalf("a later report: %+v %v", lines, err)
	}
	// Without a candidate a line keeps today's meaning: its own limit only.
	lines, _, _ = valuation.ValueItems(cat, []valuation.Item{line(""), line("")}, "items", used)
	if lines[0].ValueCents != full || lines[1].ValueCents != full {
		t.Fatalf("lines without a candidate: %+v", lines)
	}
}

// A candidate is a pseudonymous reference: no name, no BSN.
func TestCandidateReference(t *testing.T) {
	for s, ok := range map[string]bool{
		"K-017": true, "2026.a1": true, "cand_7": true,
		"Jan Jansen": false, "JanJansen": false, "123456782": false, "K-12345678": false, "-1": false, "K 1": false,
		strings.Repeat("a1", 21): false,
	} {
		if got := valuation.CandidateProblem(s) == ""; got != ok {
			t.Errorf("%q: accepted %v", s, got)
		}
	}
	cat, _ := policy.Default().CatalogOn("utrecht", civil.MustParse("2026-03-02"))
	two, h, m := int64(2), valuation.Decimal(3600), valuation.Decimal(1200)
	amount := int64(100)
	_, _, err := valuation.ValueItems(cat, []valuation.Item{
		{Block: "participatiewet", Persons: &two, HoursPerWeek: &h, Months: &m, Candidate: "K-1"},
		{Block: "social_purchase", AmountCents: &amount, Candidate: "K-2"},
	}, "items", nil)
	var p check.Problems
	if !errors.As(err, &p) || len(p) != 2 || p[0].Field != "items[0].persons" || p[1].Field != "items[1].candidate" {
		t.Fatalf("%v", err)
	}
}
