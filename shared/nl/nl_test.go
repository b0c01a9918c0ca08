package nl

import (
	"testing"

	"github.com/srmonitor/srmonitor/shared/civil"
)

func TestFormats(t *testing.T) {
	for cents, want := range map[int64]string{0: "€ 0,00", 5: "€ 0,05", 123456: "€ 1.234,56", 123456789: "€ 1.234.567,89", 100000: "€ 1.000,00", -150: "-€ 1,50"} {
		if got := Euros(cents); got != want {
			t.Errorf("Euros(%d) = %q, want %q", cents, got, want)
		}
	}
	for bp, want := range map[int64]string{500: "5%", 1250: "12,5%", 1205: "12,05%", 0: "0%", 17400: "174%"} {
		if got := Percent(bp); got != want {
			t.Errorf("Percent(%d) = %q, want %q", bp, got, want)
		}
	}
	if Date(civil.MustParse("2026-03-02")) != "2 maart 2026" || Date(civil.Date{}) != "" {
		t.Error(Date(civil.MustParse("2026-03-02")))
	}
	for key, want := range map[string]string{"2026-Q2": "2e kwartaal 2026", "2027-H1": "1e halfjaar 2027", "final": "Eindrapportage", "odd": "odd"} {
		if got := Period(key); got != want {
			t.Errorf("Period(%q) = %q", key, got)
		}
	}
	if Status("plan_approved") != "Plan goedgekeurd" || Status("new_status") != "new_status" || FlagKind("report_overdue") != "Rapportage te laat" {
		t.Error("words")
	}
}
