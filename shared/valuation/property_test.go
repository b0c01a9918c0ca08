package valuation_test

import (
	"math/big"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/srmonitor/srmonitor/shared/civil"
	"github.com/srmonitor/srmonitor/shared/policy"
	"github.com/srmonitor/srmonitor/shared/valuation"
)

// checkInvariants asserts what holds for every successful valuation: lines
// sum to the plan, the obligation is gross minus at most half of it, and
// coverage and shortfall follow from plan and obligation, recomputed here
// with math/big as an independent oracle.
func checkInvariants(t *testing.T, res valuation.Result) {
	t.Helper()
	var sum int64
	for i, l := range res.Lines {
		// With no problems every item has a line, in order.
		if l.Index != i {
			t.Fatalf("line %d has index %d", i, l.Index)
		}
		if l.ValueCents < 0 {
			t.Fatalf("line %d is negative: %d", i, l.ValueCents)
		}
		sum += l.ValueCents
	}
	if sum != res.PlanValueCents {
		t.Fatalf("lines sum to %d, plan_value_cents is %d", sum, res.PlanValueCents)
	}
	g, o := res.GrossObligationCents, res.ObligationCents
	if o < 0 || o > g || 2*(g-o) > g {
		t.Fatalf("gross %d, obligation %d: the discount is negative or more than half", g, o)
	}
	if !res.Applies && (g != 0 || o != 0 || res.SmallContract == "") {
		t.Fatalf("a contract below the threshold owes %d/%d or lacks the small-contract text", g, o)
	}
	wantShortfall := max(0, o-res.PlanValueCents)
	if res.ShortfallCents != wantShortfall {
		t.Fatalf("shortfall %d, want %d", res.ShortfallCents, wantShortfall)
	}
	wantCoverage := big.NewInt(10000)
	if o > 0 {
		wantCoverage.Mul(big.NewInt(res.PlanValueCents), wantCoverage)
		wantCoverage.Quo(wantCoverage, big.NewInt(o))
		if !wantCoverage.IsInt64() {
			wantCoverage.SetInt64(1<<63 - 1)
		}
	}
	if res.CoverageBP != wantCoverage.Int64() {
		t.Fatalf("coverage %d, want %s", res.CoverageBP, wantCoverage)
	}
}

// roundHalfAway rounds a non-negative rational to whole cents.
func roundHalfAway(r *big.Rat) int64 {
	half := new(big.Rat).Add(r, big.NewRat(1, 2))
	return new(big.Int).Quo(half.Num(), half.Denom()).Int64()
}

func rat(d valuation.Decimal) *big.Rat { return big.NewRat(int64(d), 100) }

// personOracle values a person item with math/big, straight from API.md and,
// for a per-weeks block, Holland Rijnland's "naar rato / weken" of a 52-week
// year.
func personOracle(cat policy.Catalog, b policy.Block, it valuation.Item) int64 {
	yearly := b.ValueCents
	for _, code := range it.Bonuses {
		for _, x := range b.Bonuses {
			if x.Code == code {
				yearly += x.ValueCents
			}
		}
	}
	persons := int64(1)
	if it.Persons != nil {
		persons = *it.Persons
	}
	ft := big.NewRat(int64(cat.FullTimeHours), 1)
	h := rat(*it.HoursPerWeek)
	if h.Cmp(ft) > 0 {
		h = ft
	}
	v := new(big.Rat).SetInt64(yearly * persons)
	v.Mul(v, h).Quo(v, ft)
	if b.PerWeeks {
		v.Mul(v, rat(*it.Weeks)).Quo(v, big.NewRat(52, 1))
		return roundHalfAway(v)
	}
	m := rat(*it.Months)
	if b.MaxMonths > 0 && m.Cmp(big.NewRat(int64(b.MaxMonths), 1)) > 0 {
		m = big.NewRat(int64(b.MaxMonths), 1)
	}
	v.Mul(v, m).Quo(v, big.NewRat(12, 1))
	return roundHalfAway(v)
}

// randomItem makes a valid item for block b and returns the value it should have.
func randomItem(rng *rand.Rand, cat policy.Catalog, b policy.Block) (valuation.Item, int64) {
	it := valuation.Item{Block: b.Code}
	switch b.Kind {
	case policy.KindPerson:
		if rng.IntN(2) == 0 {
			p := rng.Int64N(50) + 1
			it.Persons = &p
		}
		h := valuation.Decimal(rng.Int64N(6000) + 1) // up to 60 h/week: some above full time
		it.HoursPerWeek = &h
		if b.PerWeeks {
			w := valuation.Decimal(rng.Int64N(10400) + 1) // up to two years
			it.Weeks = &w
		} else {
			m := valuation.Decimal(rng.Int64N(3600) + 1) // up to 36 months: some above the limits
			it.Months = &m
		}
		for _, x := range b.Bonuses {
			if rng.IntN(2) == 0 {
				it.Bonuses = append(it.Bonuses, x.Code)
			}
		}
		return it, personOracle(cat, b, it)
	case policy.KindMoney:
		a := rng.Int64N(1_000_000_000)
		it.AmountCents = &a
		if rng.IntN(2) == 0 {
			mat := rng.Int64N(a + 1)
			it.MaterialsCents = &mat
			return it, a - mat
		}
		return it, a
	case policy.KindHours:
		h := valuation.Decimal(rng.Int64N(1_000_000) + 1)
		it.Hours = &h
		return it, roundHalfAway(new(big.Rat).Mul(rat(h), big.NewRat(b.HourlyCents, 1)))
	case policy.KindAgreed:
		a := rng.Int64N(1_000_000_000)
		it.AgreedValueCents = &a
		if b.MaxPerDayCents == 0 {
			return it, a
		}
		d := valuation.Decimal(rng.Int64N(2000) + 1) // up to 20 days: some under the cap
		it.Days = &d
		return it, min(a, roundHalfAway(new(big.Rat).Mul(rat(d), big.NewRat(b.MaxPerDayCents, 1))))
	default: // cost, certificate
		a := rng.Int64N(1_000_000_000)
		it.AmountCents = &a
		return it, a
	}
}

// Random valid plans for every municipality and date: each line matches the
// math/big oracle and the totals hold together.
func TestPropertyRandomPlans(t *testing.T) {
	reg := policy.Default()
	rng := rand.New(rand.NewPCG(2026, 3))
	munis := reg.Municipalities()
	start := civil.MustParse("2014-06-01")
	for n := 0; n < 3000; n++ {
		m := munis[rng.IntN(len(munis))]
		on := start.AddDays(rng.IntN(15 * 365))
		contract := rng.Int64N(1_000_000_000_000)
		req := valuation.Request{Municipality: m.ID, ContractValueCents: &contract, On: &on,
			PSOLevel: rng.IntN(4), SocialAwardCriterion: rng.IntN(3) == 0}
		if rng.IntN(2) == 0 {
			rg := m.PercentageRangeBP
			bp := rg.Min + rng.Int64N(rg.Max-rg.Min+1)
			req.PercentageBP = &bp
		}
		cat, inForce := reg.CatalogOn(m.ID, on)
		var want []int64
		if inForce {
			for range rng.IntN(9) {
				it, v := randomItem(rng, cat, cat.Blocks[rng.IntN(len(cat.Blocks))])
				req.Items = append(req.Items, it)
				want = append(want, v)
			}
		}
		res, err := valuation.Value(reg, req, today)
		if !inForce {
			if got := problemFields(t, err); len(got) != 1 || got[0] != "on" {
				t.Fatalf("%s on %s: problems %v, want on", m.ID, on, got)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s on %s: %v", m.ID, on, err)
		}
		checkInvariants(t, res)
		if len(res.Lines) != len(want) {
			t.Fatalf("%d lines for %d items", len(res.Lines), len(want))
		}
		for i, l := range res.Lines {
			if l.ValueCents != want[i] {
				t.Fatalf("%s %s item %+v: value %d, oracle %d (%s)", m.ID, cat.Version, req.Items[i], l.ValueCents, want[i], l.Explanation)
			}
		}
	}
}

func lineValue(t *testing.T, cat policy.Catalog, it valuation.Item) int64 {
	t.Helper()
	lines, total, err := valuation.ValueItems(cat, []valuation.Item{it}, "items", nil)
	if err != nil || len(lines) != 1 {
		t.Fatalf("%+v: %v", it, err)
	}
	return total
}

// More hours a week or more months (weeks) never lower a value, in any
// person block of any catalog version, with or without bonuses.
func TestPropertyMoreHoursOrMonthsNeverLower(t *testing.T) {
	reg := policy.Default()
	rng := rand.New(rand.NewPCG(7, 11))
	for _, m := range reg.Municipalities() {
		for _, ref := range m.CatalogVersions {
			cat, _ := reg.Catalog(m.ID, ref.Version)
			for _, b := range cat.Blocks {
				if b.Kind != policy.KindPerson && b.Kind != policy.KindHours {
					continue
				}
				for range 200 {
					it, _ := randomItem(rng, cat, b)
					base := lineValue(t, cat, it)
					more := it
					if b.Kind == policy.KindHours {
						h := *it.Hours + valuation.Decimal(rng.Int64N(1000))
						more.Hours = &h
						if v := lineValue(t, cat, more); v < base {
							t.Fatalf("%s: %s hours give %d < %d for %s", b.Code, h, v, base, it.Hours)
						}
						continue
					}
					h := min(*it.HoursPerWeek+valuation.Decimal(rng.Int64N(2000)), 16800)
					more.HoursPerWeek = &h
					if v := lineValue(t, cat, more); v < base {
						t.Fatalf("%s: %s h/week gives %d < %d for %s", b.Code, h, v, base, it.HoursPerWeek)
					}
					more = it
					if b.PerWeeks {
						w := min(*it.Weeks+valuation.Decimal(rng.Int64N(2000)), 260000)
						more.Weeks = &w
						if v := lineValue(t, cat, more); v < base {
							t.Fatalf("%s: %s weeks give %d < %d for %s", b.Code, w, v, base, it.Weeks)
						}
						continue
					}
					mo := min(*it.Months+valuation.Decimal(rng.Int64N(2000)), 60000)
					more.Months = &mo
					if v := lineValue(t, cat, more); v < base {
						t.Fatalf("%s: %s months give %d < %d for %s", b.Code, mo, v, base, it.Months)
					}
				}
			}
		}
	}
}

// The PSO discount never exceeds 50% of the gross obligation, in any policy,
// at any level, and the remaining obligation matches a math/big oracle.
func TestPropertyDiscountAtMostHalf(t *testing.T) {
	reg := policy.Default()
	rng := rand.New(rand.NewPCG(50, 50))
	for _, m := range reg.Municipalities() {
		for n := 0; n < 2000; n++ {
			// Small values too, where rounding matters most.
			contract := rng.Int64N(1_000_000_000_000_000 + 1)
			if n%2 == 0 {
				contract = 21_600_000 + rng.Int64N(10_000)
			}
			rg := m.PercentageRangeBP
			bp := rg.Min + rng.Int64N(rg.Max-rg.Min+1)
			req := valuation.Request{Municipality: m.ID, ContractValueCents: &contract, PercentageBP: &bp,
				PSOLevel: rng.IntN(4), SocialAwardCriterion: rng.IntN(4) == 0}
			res, err := valuation.Value(reg, req, today)
			if err != nil {
				t.Fatal(err)
			}
			checkInvariants(t, res)
			if !res.Applies {
				continue
			}
			gross := roundHalfAway(new(big.Rat).SetFrac(new(big.Int).Mul(big.NewInt(contract), big.NewInt(bp)), big.NewInt(10000)))
			wantBP := int64(0)
			if req.PSOLevel > 0 && !req.SocialAwardCriterion {
				wantBP = m.PSODiscountBP[strconv.Itoa(req.PSOLevel)]
			}
			obligation := roundHalfAway(new(big.Rat).SetFrac(new(big.Int).Mul(big.NewInt(gross), big.NewInt(10000-wantBP)), big.NewInt(10000)))
			if res.GrossObligationCents != gross || res.PSODiscountBP != wantBP || res.ObligationCents != obligation {
				t.Fatalf("%s %d at %d bp, PSO %d (award criterion %v): got %d/%d/%d, oracle %d/%d/%d", m.ID, contract, bp,
					req.PSOLevel, req.SocialAwardCriterion, res.GrossObligationCents, res.PSODiscountBP, res.ObligationCents, gross, wantBP, obligation)
			}
		}
	}
}
