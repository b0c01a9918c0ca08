package valuation_test

import (
	"testing"

	"github.com/srmonitor/srmonitor/shared/policy"
	"github.com/srmonitor/srmonitor/shared/valuation"
)

// BenchmarkValue20Lines values a 20-line Utrecht plan: the size of a large
// real plan, mixing every kind of the current table.
func BenchmarkValue20Lines(b *testing.B) {
	items := make([]valuation.Item, 0, 20)
	persons := []string{"participatiewet", "doelgroepregister", "pro_vso_mbo1", "wia_wao", "ww", "bbl", "bol", "no_benefit"}
	for i := range 12 {
		items = append(items, valuation.Item{Block: persons[i%len(persons)], Persons: i64(int64(1 + i%3)),
			HoursPerWeek: dec("18.5"), Months: dec("7.25"), Bonuses: []string{"age_50_plus", "statushouder_or_language"}})
	}
	for range 2 {
		items = append(items,
			valuation.Item{Block: "social_purchase", AmountCents: i64(1_000_000), MaterialsCents: i64(200_000)},
			valuation.Item{Block: "social_activity", Hours: dec("40.5")},
			valuation.Item{Block: "training", AmountCents: i64(345_678)},
			valuation.Item{Block: "agreed_activity", AgreedValueCents: i64(250_000), Description: "guest lessons"})
	}
	req := valuation.Request{Municipality: "utrecht", ContractValueCents: i64(200_000_000), On: date("2026-03-02"), Items: items}
	reg := policy.Default()
	if res, err := valuation.Value(reg, req, today); err != nil || len(res.Lines) != 20 {
		b.Fatalf("%d lines, %v", len(res.Lines), err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := valuation.Value(reg, req, today); err != nil {
			b.Fatal(err)
		}
	}
}
