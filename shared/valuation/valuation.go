// Package valuation turns a contract into its social return obligation and a
// plan (or report) of building-block items into euro values, exactly: money is
// integer cents, hours and months are integer hundredths, and every line is
// rounded once, half away from zero, to whole cents.
package valuation

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strconv"
	"strings"

	"github.com/srmonitor/srmonitor/shared/check"
	"github.com/srmonitor/srmonitor/shared/civil"
	"github.com/srmonitor/srmonitor/shared/policy"
)

// Limits on input. Anything beyond them is a mistake, not a plan: rejecting it
// keeps every sum and product far from overflow.
const (
	maxCents                = 1_000_000_000_000_000 // EUR 10 trillion
	maxPersons              = 10_000
	maxHoursPerWeek Decimal = 168_00
	maxMonths       Decimal = 600_00
	maxWeeks        Decimal = 2600_00          // 50 years, as maxMonths
	maxDays         Decimal = 18250_00         // 50 years of days
	maxHours        Decimal = 1_000_000_000_00 // a billion hours
	// maxItems keeps the sum of lines (each at most maxCents) inside int64.
	maxItems = 1000
	// MaxDescription bounds an item's free text, in characters.
	MaxDescription = 200
)

// Request asks for the obligation of a contract and the value of a plan.
type Request struct {
	Municipality         string      `json:"municipality"`
	ContractValueCents   *int64      `json:"contract_value_cents"`
	PercentageBP         *int64      `json:"percentage_bp"`
	PSOLevel             int         `json:"pso_level"`
	SocialAwardCriterion bool        `json:"social_award_criterion"`
	On                   *civil.Date `json:"on"`
	Items                []Item      `json:"items"`
	// Used are the months candidates were valued for before these items
	// (a contract's earlier reports); nil for none. It is updated.
	Used Used `json:"-"`
}

// Item is one use of a building block. Which fields apply depends on the
// block's kind; a field of another kind is a validation problem. A person
// block gives months, or weeks where its table prorates by weeks
// (policy.Block.PerWeeks); an agreed block with a per-day maximum
// (policy.Block.MaxPerDayCents) also gives the activity's days.
type Item struct {
	Block            string   `json:"block"`
	Persons          *int64   `json:"persons,omitempty"`
	HoursPerWeek     *Decimal `json:"hours_per_week,omitempty"`
	Months           *Decimal `json:"months,omitempty"`
	Weeks            *Decimal `json:"weeks,omitempty"`
	Bonuses          []string `json:"bonuses,omitempty"`
	AmountCents      *int64   `json:"amount_cents,omitempty"`
	MaterialsCents   *int64   `json:"materials_cents,omitempty"`
	Hours            *Decimal `json:"hours,omitempty"`
	AgreedValueCents *int64   `json:"agreed_value_cents,omitempty"`
	Days             *Decimal `json:"days,omitempty"`
	// Candidate is a pseudonymous reference the contractor chooses for the
	// person of a person line (never a name or a BSN). A block's month
	// limit then holds per candidate across the lines valued together
	// (and, for reports, across the contract's earlier reports).
	Candidate   string `json:"candidate,omitempty"`
	Description string `json:"description,omitempty"`
}

// Used counts the months a candidate was already valued for on a block,
// by UsedKey: what the block's month limit leaves for further lines.
type Used map[string]Decimal

// UsedKey is the key of a candidate's months on a block.
func UsedKey(block, candidate string) string { return block + "\x00" + candidate }

// Line is the value of one item.
type Line struct {
	Index          int    `json:"index"`
	Block          string `json:"block"`
	Kind           string `json:"kind"`
	ValueCents     int64  `json:"value_cents"`
	Explanation    string `json:"explanation"`
	NeedsAgreement bool   `json:"needs_agreement,omitempty"`
	// CountedMonths is, for a line naming a candidate on a block with a
	// month limit, the months the line counted after that limit: what
	// later reports of the contract find used.
	CountedMonths *Decimal `json:"counted_months,omitempty"`
}

// Result is the obligation of a contract and the value of a plan against it.
type Result struct {
	Municipality         string     `json:"municipality"`
	CatalogVersion       string     `json:"catalog_version"`
	On                   civil.Date `json:"on"`
	Applies              bool       `json:"applies"`
	ThresholdCents       *int64     `json:"threshold_cents"` // null when the municipality publishes none
	ContractValueCents   int64      `json:"contract_value_cents"`
	PercentageBP         int64      `json:"percentage_bp"`
	GrossObligationCents int64      `json:"gross_obligation_cents"`
	PSODiscountBP        int64      `json:"pso_discount_bp"`
	ObligationCents      int64      `json:"obligation_cents"`
	PlanValueCents       int64      `json:"plan_value_cents"`
	CoverageBP           int64      `json:"coverage_bp"`
	ShortfallCents       int64      `json:"shortfall_cents"`
	SmallContract        string     `json:"small_contract,omitempty"` // the policy text when !Applies
	Lines                []Line     `json:"lines"`
}

// Value values req with reg; today is the default for req.On. Bad input
// returns check.Problems listing every problem found, across all fields and
// items, never just the first.
func Value(reg *policy.Registry, req Request, today civil.Date) (Result, error) {
	var p check.Problems
	on := today
	if req.On != nil {
		on = *req.On
	}
	if on.IsZero() {
		p.Add("on", "is not a date")
	}

	m, known := reg.Municipality(req.Municipality)
	if req.Municipality == "" {
		p.Add("municipality", "is required")
	} else if !known {
		p.Add("municipality", "unknown municipality %q", req.Municipality)
	}

	switch cv := req.ContractValueCents; {
	case cv == nil:
		p.Add("contract_value_cents", "is required")
	case *cv < 0:
		p.Add("contract_value_cents", "must not be negative")
	case *cv > maxCents:
		p.Add("contract_value_cents", "must be at most %d cents", int64(maxCents))
	}

	percentage := m.DefaultPercentageBP
	if req.PercentageBP != nil {
		percentage = *req.PercentageBP
		rg := m.PercentageRangeBP
		switch {
		case percentage < 0 || percentage > 10000:
			p.Add("percentage_bp", "must be between 0 and 10000 basis points")
		case known && (percentage < rg.Min || percentage > rg.Max):
			p.Add("percentage_bp", "must be between %d and %d basis points for %s", rg.Min, rg.Max, m.ID)
		}
	}

	if req.PSOLevel < 0 || req.PSOLevel > 3 {
		p.Add("pso_level", "must be 0 (no PSO certificate) to 3")
	}

	var (
		cat   policy.Catalog
		lines []Line
		plan  int64
	)
	if known && !on.IsZero() {
		var ok bool
		if cat, ok = reg.CatalogOn(m.ID, on); !ok {
			p.Add("on", "no building-block catalog of %s is in force on %s", m.ID, on)
		} else {
			var err error
			if lines, plan, err = ValueItems(cat, req.Items, "items", req.Used); err != nil {
				var itemProblems check.Problems
				if !errors.As(err, &itemProblems) {
					return Result{}, err
				}
				p = append(p, itemProblems...)
			}
		}
	}
	if len(p) > 0 {
		return Result{}, p
	}

	res := Result{
		Municipality:       m.ID,
		CatalogVersion:     cat.Version,
		On:                 on,
		Applies:            true,
		ContractValueCents: *req.ContractValueCents,
		PercentageBP:       percentage,
		PlanValueCents:     plan,
		Lines:              lines,
	}
	if t, ok := reg.ThresholdOn(m, on); ok {
		res.ThresholdCents = &t.AmountCents
		if res.ContractValueCents < t.AmountCents {
			res.Applies = false
			res.SmallContract = m.SmallContract
		}
	}
	if res.Applies {
		// Neither product can overflow: contract <= 1e15 and bp <= 1e4.
		gross, _ := mulDiv(uint64(res.ContractValueCents), uint64(percentage), 10000, true)
		res.GrossObligationCents = int64(gross)
		if req.PSOLevel > 0 && !req.SocialAwardCriterion {
			res.PSODiscountBP = m.PSODiscountBP[strconv.Itoa(req.PSOLevel)]
		}
		// The obligation that remains, not the discount, is rounded half away
		// from zero: at exactly half a cent the half stays with the
		// obligation, so a 50% discount never takes more than half.
		obligation, _ := mulDiv(gross, uint64(10000-res.PSODiscountBP), 10000, true)
		res.ObligationCents = int64(obligation)
	}
	res.CoverageBP = Coverage(plan, res.ObligationCents)
	res.ShortfallCents = max(0, res.ObligationCents-plan)
	return res, nil
}

// ValueItems values items against cat: used directly when a stored plan or
// report is re-valued with the catalog version it was made under. It
// normalises each item's description in place.
// fieldPrefix names the items in problems, e.g. "items" gives "items[2].months".
// It returns the lines, their sum, and check.Problems listing every problem.
func ValueItems(cat policy.Catalog, items []Item, fieldPrefix string, used Used) ([]Line, int64, error) {
	if used == nil {
		used = Used{}
	}
	var p check.Problems
	if len(items) > maxItems {
		p.Add(fieldPrefix, "must have at most %d items", maxItems)
	}
	lines := make([]Line, 0, len(items))
	var total int64
	for i, it := range items {
		// The description is free text shown to people: normalised in
		// place, as every text a client sends (check's text rules).
		items[i].Description = p.OptionalLine(fmt.Sprintf("%s[%d].description", fieldPrefix, i), it.Description, MaxDescription)
		c := itemCheck{p: &p, prefix: fieldPrefix, index: i}
		if line, ok := valueItem(cat, it, c, used); ok {
			line.Index = i
			lines = append(lines, line)
			total += line.ValueCents
		}
	}
	if len(p) > 0 {
		return nil, 0, p
	}
	return lines, total, nil
}

// itemCheck records problems of one item, building the field path only when
// there is a problem to report.
type itemCheck struct {
	p      *check.Problems
	prefix string
	index  int
}

func (c itemCheck) add(name, format string, args ...any) {
	field := c.prefix + "[" + strconv.Itoa(c.index) + "]"
	if name != "" {
		field = check.Field(field, name)
	}
	c.p.Add(field, format, args...)
}

// fieldKinds lists, per item field, the block kinds it belongs to.
var fieldKinds = map[string][]string{
	"persons":            {policy.KindPerson},
	"hours_per_week":     {policy.KindPerson},
	"months":             {policy.KindPerson},
	"weeks":              {policy.KindPerson},
	"bonuses":            {policy.KindPerson},
	"amount_cents":       {policy.KindMoney, policy.KindCost, policy.KindCertificate},
	"materials_cents":    {policy.KindMoney},
	"hours":              {policy.KindHours},
	"agreed_value_cents": {policy.KindAgreed},
	"days":               {policy.KindAgreed},
	"candidate":          {policy.KindPerson},
}

// unitMismatch says why a field of the block's kind still does not fit the
// block's unit, or "" when it fits: a block counts either months or weeks,
// and only a block with a per-day maximum takes days.
func unitMismatch(b policy.Block, field string) string {
	switch {
	case field == "months" && b.PerWeeks:
		return "it is counted in weeks of the year; give weeks"
	case field == "weeks" && !b.PerWeeks:
		return "it is counted in months; give months"
	case field == "days" && b.MaxPerDayCents == 0:
		return "it has no per-day maximum"
	}
	return ""
}

func valueItem(cat policy.Catalog, it Item, c itemCheck, used Used) (Line, bool) {
	before := len(*c.p)
	var (
		b     policy.Block
		known bool
	)
	if it.Block == "" {
		c.add("block", "is required")
	} else if b, known = cat.Block(it.Block); !known {
		c.add("block", "unknown block %q in catalog %s version %s", it.Block, cat.Family, cat.Version)
	}

	// present reports whether a field is given and belongs to the block's
	// kind and unit; a field that does not is itself a problem. With an
	// unknown block the kind is unknown, so the field's own range is still
	// checked.
	present := func(name string, given bool) bool {
		if !given {
			return false
		}
		if !known {
			return true
		}
		if !slices.Contains(fieldKinds[name], b.Kind) {
			c.add(name, "does not belong to block %s (kind %s)", b.Code, b.Kind)
			return false
		}
		if why := unitMismatch(b, name); why != "" {
			c.add(name, "does not belong to block %s: %s", b.Code, why)
			return false
		}
		return true
	}
	// required reports a missing field the block needs.
	required := func(name string, given, needed bool) {
		if known && needed && !given {
			c.add(name, "is required for block %s (kind %s)", b.Code, b.Kind)
		}
	}
	person, agreed := b.Kind == policy.KindPerson, b.Kind == policy.KindAgreed

	if present("persons", it.Persons != nil) && (*it.Persons < 1 || *it.Persons > maxPersons) {
		c.add("persons", "must be between 1 and %d", maxPersons)
	}
	if present("hours_per_week", it.HoursPerWeek != nil) {
		quantity(c, "hours_per_week", *it.HoursPerWeek, maxHoursPerWeek)
	}
	required("hours_per_week", it.HoursPerWeek != nil, person)
	if present("months", it.Months != nil) {
		quantity(c, "months", *it.Months, maxMonths)
	}
	required("months", it.Months != nil, person && !b.PerWeeks)
	if present("weeks", it.Weeks != nil) {
		quantity(c, "weeks", *it.Weeks, maxWeeks)
	}
	required("weeks", it.Weeks != nil, person && b.PerWeeks)
	var bonusCents int64
	if present("bonuses", len(it.Bonuses) > 0) {
		for j, code := range it.Bonuses {
			name := "bonuses[" + strconv.Itoa(j) + "]"
			if slices.Contains(it.Bonuses[:j], code) {
				c.add(name, "bonus %q is given twice", code)
				continue
			}
			if !known {
				continue
			}
			i := slices.IndexFunc(b.Bonuses, func(x policy.Bonus) bool { return x.Code == code })
			if i < 0 {
				c.add(name, "block %s allows no bonus %q (allowed: %s)", b.Code, code, bonusCodes(b.Bonuses))
				continue
			}
			bonusCents += b.Bonuses[i].ValueCents
		}
	}
	if present("candidate", it.Candidate != "") {
		if problem := CandidateProblem(it.Candidate); problem != "" {
			c.add("candidate", "%s", problem)
		}
		if it.Persons != nil && *it.Persons != 1 {
			c.add("persons", "must be 1 with a candidate: a candidate is one person")
		}
	}
	amountOK := present("amount_cents", it.AmountCents != nil) && checkCents(c, "amount_cents", *it.AmountCents)
	required("amount_cents", it.AmountCents != nil, slices.Contains(fieldKinds["amount_cents"], b.Kind))
	if present("materials_cents", it.MaterialsCents != nil) && checkCents(c, "materials_cents", *it.MaterialsCents) &&
		amountOK && *it.MaterialsCents > *it.AmountCents {
		c.add("materials_cents", "must not exceed amount_cents")
	}
	if present("hours", it.Hours != nil) {
		quantity(c, "hours", *it.Hours, maxHours)
	}
	required("hours", it.Hours != nil, b.Kind == policy.KindHours)
	if present("agreed_value_cents", it.AgreedValueCents != nil) {
		checkCents(c, "agreed_value_cents", *it.AgreedValueCents)
	}
	required("agreed_value_cents", it.AgreedValueCents != nil, agreed)
	if present("days", it.Days != nil) {
		quantity(c, "days", *it.Days, maxDays)
	}
	required("days", it.Days != nil, agreed && b.MaxPerDayCents > 0)

	if !known || len(*c.p) > before {
		return Line{}, false
	}

	line := Line{Block: b.Code, Kind: b.Kind}
	var value uint64
	ok := true
	// One buffer per explanation: formatting is most of a valuation's work.
	e := make([]byte, 0, 160)
	switch b.Kind {
	case policy.KindPerson:
		value, ok, e, line.CountedMonths = personValue(e, cat, b, it, bonusCents, used)
	case policy.KindMoney:
		var materials int64
		if it.MaterialsCents != nil {
			materials = *it.MaterialsCents
		}
		value = uint64(*it.AmountCents - materials)
		e = append(appendEUR(e, *it.AmountCents), " invoiced excl. VAT"...)
		if it.MaterialsCents != nil {
			e = append(appendEUR(append(e, " - "...), materials), " materials"...)
		}
	case policy.KindHours:
		value, ok = mulDiv(uint64(*it.Hours), uint64(b.HourlyCents), 100, true)
		e = append(appendEUR(append(it.Hours.append(e), " h x "...), b.HourlyCents), " per hour"...)
	case policy.KindCost:
		value = uint64(*it.AmountCents)
		e = append(appendEUR(e, *it.AmountCents), " costs actually made"...)
	case policy.KindCertificate:
		value = uint64(*it.AmountCents)
		e = appendEUR(append(e, "certificate bought for "...), *it.AmountCents)
	case policy.KindAgreed:
		value, e = agreedValue(e, b, it)
		line.NeedsAgreement = true
	}
	line.Explanation = string(e)
	if !ok || value > maxCents {
		c.add("", "the item's value exceeds EUR 10,000,000,000,000.00")
		return Line{}, false
	}
	line.ValueCents = int64(value)
	return line, true
}

// weeksPerYear is the year a per-weeks block prorates over: the table says
// "naar rato / weken" without a count, and 52 whole weeks is the year a
// school or employer plans an internship in.
const weeksPerYear = 52

// personValue is (value + bonuses) x persons x hours/full time x months/12
// (or weeks/52 for a per-weeks block), hours capped at full time and months
// at the block's limit, computed in hundredths of hours, months and weeks so
// that 18.5 hours is exact. It appends the explanation to e, and returns the
// months counted when the limit held per candidate.
func personValue(e []byte, cat policy.Catalog, b policy.Block, it Item, bonusCents int64, used Used) (uint64, bool, []byte, *Decimal) {
	persons := int64(1)
	if it.Persons != nil {
		persons = *it.Persons
	}
	fullTime := Decimal(cat.FullTimeHours) * 100
	hours := min(*it.HoursPerWeek, fullTime)
	// period is the part of the year, in hundredths of perYear's unit;
	// before, the months a candidate was valued for earlier.
	var (
		before  Decimal
		period  Decimal
		perYear int64 = 12
		unit          = "months"
		counted *Decimal
	)
	if b.PerWeeks {
		period, perYear, unit = *it.Weeks, weeksPerYear, "weeks"
	} else {
		period = *it.Months
		if b.MaxMonths > 0 {
			limit := Decimal(b.MaxMonths) * 100
			if it.Candidate != "" {
				// The limit holds per candidate: what earlier lines counted
				// is taken off.
				key := UsedKey(b.Code, it.Candidate)
				before = used[key]
				limit = max(0, limit-before)
				used[key] = before + min(period, limit)
				n := min(period, limit)
				counted = &n
			}
			period = min(period, limit)
		}
	}
	// Block and bonus values are at most EUR 10 million (policy validates
	// this), so (value+bonuses) x persons < 2^64 and so is hours x period.
	yearly := uint64(b.ValueCents+bonusCents) * uint64(persons)
	value, ok := mulDiv(yearly, uint64(hours)*uint64(period), uint64(fullTime)*uint64(perYear)*100, true)

	e = strconv.AppendInt(e, persons, 10)
	if persons == 1 {
		e = append(e, " person x "...)
	} else {
		e = append(e, " persons x "...)
	}
	e = append(strconv.AppendInt(append(hours.append(e), '/'), int64(cat.FullTimeHours), 10), " h"...)
	if *it.HoursPerWeek > fullTime {
		e = append(it.HoursPerWeek.append(append(e, " ("...)), " h/week capped at full time)"...)
	}
	e = append(period.append(append(e, " x "...)), '/')
	e = append(append(strconv.AppendInt(e, perYear, 10), ' '), unit...)
	switch {
	case !b.PerWeeks && period < *it.Months && it.Candidate != "":
		e = append(it.Months.append(append(e, " ("...)), " months capped: the block counts at most "...)
		e = append(strconv.AppendInt(e, int64(b.MaxMonths), 10), " months per candidate, and "...)
		e = append(before.append(append(append(e, it.Candidate...), " had "...)), " already)"...)
	case !b.PerWeeks && period < *it.Months:
		e = append(it.Months.append(append(e, " ("...)), " months capped at the block's "...)
		e = append(strconv.AppendInt(e, int64(b.MaxMonths), 10), "-month limit)"...)
	}
	e = appendEUR(append(e, " x "...), b.ValueCents)
	for _, code := range it.Bonuses {
		for _, bonus := range b.Bonuses {
			if bonus.Code == code {
				e = appendEUR(append(append(append(e, " + "...), bonusLabel(code)...), ' '), bonus.ValueCents)
			}
		}
	}
	return value, ok, e, counted
}

// agreedValue is the value the contractor proposes for an agreed block, up to
// days x the block's per-day maximum where it has one. It appends the
// explanation to e.
func agreedValue(e []byte, b policy.Block, it Item) (uint64, []byte) {
	value := uint64(*it.AgreedValueCents)
	e = append(appendEUR(e, *it.AgreedValueCents), " proposed"...)
	if b.MaxPerDayCents > 0 {
		// days <= 18,250.00 and the maximum <= EUR 10 million: no overflow.
		limit, _ := mulDiv(uint64(*it.Days), uint64(b.MaxPerDayCents), 100, true)
		if value > limit {
			value = limit
			e = append(e, ", capped at "...)
		} else {
			e = append(e, ", at most "...)
		}
		e = appendEUR(append(it.Days.append(e), " days x "...), b.MaxPerDayCents)
		e = appendEUR(append(e, " = "...), int64(limit))
	}
	return value, append(e, "; the value needs the SR office's agreement"...)
}

// quantity checks a decimal item field: a whole number of hundredths,
// more than 0 and at most max.
func quantity(c itemCheck, name string, d, max Decimal) {
	switch {
	case d.Problem() != "":
		c.add(name, "%s", d.Problem())
	case d <= 0 || d > max:
		c.add(name, "must be more than 0 and at most %s", max)
	}
}

func checkCents(c itemCheck, name string, v int64) bool {
	switch {
	case v < 0:
		c.add(name, "must not be negative")
	case v > maxCents:
		c.add(name, "must be at most %d cents", int64(maxCents))
	default:
		return true
	}
	return false
}

func bonusCodes(bonuses []policy.Bonus) string {
	if len(bonuses) == 0 {
		return "none"
	}
	codes := make([]string, len(bonuses))
	for i, b := range bonuses {
		codes[i] = b.Code
	}
	return strings.Join(codes, ", ")
}

// bonusLabels are the English names of bonuses in explanations; a code
// without a label is shown with spaces for underscores.
var bonusLabels = map[string]string{
	"age_50_plus":              "50+",
	"age_55_plus":              "55+",
	"statushouder_or_language": "statushouder or language gap",
	"after_internship":         "hire after internship",
}

func bonusLabel(code string) string {
	if l, ok := bonusLabels[code]; ok {
		return l
	}
	return strings.ReplaceAll(code, "_", " ")
}

// mulDiv is x*y/den on the exact 128-bit product, rounded half away from
// zero (all operands are non-negative, so that is half up) or truncated.
// It reports false when the quotient does not fit in 64 bits.
func mulDiv(x, y, den uint64, round bool) (uint64, bool) {
	hi, lo := bits.Mul64(x, y)
	if hi >= den {
		return 0, false
	}
	q, r := bits.Div64(hi, lo, den)
	if round && r >= den-r {
		if q == math.MaxUint64 {
			return 0, false
		}
		q++
	}
	return q, true
}

// appendEUR appends cents as "EUR 1,234.56".
func appendEUR(dst []byte, cents int64) []byte {
	var buf [20]byte
	whole := strconv.AppendInt(buf[:0], cents/100, 10)
	dst = append(dst, "EUR "...)
	for i, digit := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, digit)
	}
	frac := cents % 100
	return append(dst, '.', byte('0'+frac/10), byte('0'+frac%10))
}

// maxCandidate bounds a candidate reference.
const maxCandidate = 40

// CandidateProblem says why s is not a pseudonymous candidate reference,
// or "". A reference is letters and digits (with . _ -), at least one
// digit, so that it is a code and not a name, and no run of eight or more
// digits, so that it is not a BSN (nine digits, or eight for old numbers).
func CandidateProblem(s string) string {
	digits, run, longest := 0, 0, 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
			run++
			longest = max(longest, run)
			continue
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
		case (r == '.' || r == '_' || r == '-') && i > 0:
		default:
			return "must be a pseudonymous reference such as K-017: letters, digits, . _ and -"
		}
		run = 0
	}
	switch {
	case len(s) > maxCandidate:
		return fmt.Sprintf("must be at most %d characters", maxCandidate)
	case digits == 0:
		return "must be a code with a digit, such as K-017, not a name"
	case longest >= 8:
		return "must not hold a BSN or another long number: choose a reference such as K-017"
	}
	return ""
}
