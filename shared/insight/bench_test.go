package insight_test

import (
	"fmt"
	"testing"

	"github.com/srmonitor/srmonitor/shared/auth"
	"github.com/srmonitor/srmonitor/shared/civil"
	"github.com/srmonitor/srmonitor/shared/contract"
	"github.com/srmonitor/srmonitor/shared/insight"
)

// fleet is n Utrecht contracts in a realistic mix, each with its accepted
// report revisions: 50 made through the domain's lifecycle, then copied
// under new ids and references.
func fleet(b testing.TB, n int) ([]contract.Contract, []*contract.Report) {
	w := newWorld(b)
	for i := range 50 {
		c := w.contract("utrecht", fmt.Sprintf("T-%02d", i), fmt.Sprintf("%08d", 10_000_000+i%17), int64(20_000_000+i*1_000_000), "2026-01-05", "2027-06-30")
		if i%5 == 0 {
			continue // not registered
		}
		w.register(c)
	}
	w.at("2026-10-02")
	var reports []contract.Report
	for i, c := range w.all() {
		if c.Registration == nil {
			continue
		}
		for _, period := range []string{"2026-Q1", "2026-Q2", "2026-Q3"}[:1+i%3] {
			w.report(&c, period, hire(int64(1+i%4), 24+int64(i%12), 3, "permanent_contract"), training(int64(50_000+i)), purchase(120_000))
			if i%4 != 0 {
				w.decide(&c, period, contract.Accepted)
			}
		}
	}
	base := w.all()
	for _, k := range insight.AcceptedReports(base, 2026) {
		r, err := w.repo.Report(w.ctx, k.ContractID, k.Period, k.Revision)
		if err != nil {
			b.Fatal(err)
		}
		reports = append(reports, *r)
	}
	var cs []contract.Contract
	var rs []*contract.Report
	for copyN := 0; len(cs) < n; copyN++ {
		for _, c := range base {
			if len(cs) == n {
				break
			}
			id := fmt.Sprintf("%s-%d", c.ID, copyN)
			for _, r := range reports {
				if r.ContractID == c.ID {
					r.ContractID = id
					rs = append(rs, &r)
				}
			}
			c.ID, c.Reference = id, fmt.Sprintf("%s-%d", c.Reference, copyN)
			cs = append(cs, c)
		}
	}
	return cs, rs
}

func BenchmarkCouncilReport5000(b *testing.B) {
	cs, rs := fleet(b, 5000)
	today := civil.MustParse("2026-10-02")
	b.ResetTimer()
	for b.Loop() {
		cr := insight.CouncilReport(cs, rs, "utrecht", 2026, today)
		if cr.Contracts != 5000 {
			b.Fatal(cr.Contracts)
		}
	}
}

func BenchmarkDashboard2000(b *testing.B) {
	cs, _ := fleet(b, 2000)
	today := civil.MustParse("2026-10-02")
	b.ResetTimer()
	for b.Loop() {
		insight.Office(cs, []string{"utrecht"}, 2026, today)
		insight.Tasks(cs, auth.Municipality, today)
	}
}
