// Package policy holds the social return rules of each municipality and the
// building-block tables (catalogs) they value plans with. The data are
// versioned files (data/), compiled into the binary, every value naming the
// public text it comes from, so that a valuation can always say which table
// produced it and a plan valued last year can be re-valued with last year's
// table.
package policy

import (
	"maps"
	"slices"

	"github.com/srmonitor/srmonitor/shared/civil"
)

// Block kinds: how a building block turns an item into a value.
const (
	KindPerson      = "person"      // value per full-time person-year, pro rata
	KindMoney       = "money"       // invoice amount minus materials
	KindHours       = "hours"       // hours times an hourly value
	KindCost        = "cost"        // costs actually made
	KindCertificate = "certificate" // purchase price of a certificate
	KindAgreed      = "agreed"      // a value the SR office sets
)

// Reporting cadences: how often a contractor reports before the final report.
const (
	ReportingQuarterly  = "quarterly"
	ReportingSemiannual = "semiannual"
	// ReportingFinal asks only the final report (evaluation); interim reports
	// only where the plan agrees them, as WSP regio Amersfoort asks "eventueel
	// tussenevaluaties" and always an "eindevaluatie".
	ReportingFinal = "final"
)

// Threshold is a contract value below which no percentage is asked, from a
// date on: the EU thresholds Amsterdam follows change every two years.
//
// A threshold stays in force until a newer one starts, also past ValidUntil:
// ValidUntil is the end of the period its source names (an EU regulation sets
// the thresholds "for the years 2026-2027"), and the next regulation is
// published only weeks before it applies. Ending the last known threshold on
// its ValidUntil would make every contract awarded after it owe social return
// until the data are updated; keeping it applies the rule the municipality
// last published.
type Threshold struct {
	ValidFrom   civil.Date  `json:"valid_from"`
	ValidUntil  *civil.Date `json:"valid_until,omitempty"`
	AmountCents int64       `json:"amount_cents"`
	Source      string      `json:"source"`
}

// Range is an inclusive range.
type Range struct {
	Min int64 `json:"min"`
	Max int64 `json:"max"`
}

// CatalogRef names one version of a municipality's catalog and when it is in force.
type CatalogRef struct {
	Version    string      `json:"version"`
	ValidFrom  civil.Date  `json:"valid_from"`
	ValidUntil *civil.Date `json:"valid_until,omitempty"`
}

// Municipality is the social return policy of one municipality.
type Municipality struct {
	ID                   string           `json:"id"`
	Name                 string           `json:"name"`
	SROffice             string           `json:"sr_office"`
	Thresholds           []Threshold      `json:"thresholds"` // dated history; empty = no published threshold
	DefaultPercentageBP  int64            `json:"default_percentage_bp"`
	PercentageRangeBP    Range            `json:"percentage_range_bp"`
	RegistrationDays     int              `json:"registration_days"`
	PlanApprovalDays     int              `json:"plan_approval_days"`
	PlanExtensionMaxDays int              `json:"plan_extension_max_days"`
	Reporting            string           `json:"reporting"`       // "quarterly" | "semiannual" | "final"
	PSODiscountBP        map[string]int64 `json:"pso_discount_bp"` // PSO level ("1".."3") -> discount; empty when none
	SmallContract        string           `json:"small_contract"`  // what applies below the threshold, in English
	CatalogVersions      []CatalogRef     `json:"catalog_versions"`
	// ReminderWorkingDays are the working days before a deadline on which
	// the people who must meet it are reminded, the earliest first.
	ReminderWorkingDays []int `json:"reminder_working_days"`
	// EvidenceRequired is an office that asks evidence with every report
	// line: accepting a report with lines that cite none needs a written
	// reason.
	EvidenceRequired bool              `json:"evidence_required"`
	Sources          map[string]string `json:"sources"` // rule name -> source, for every rule above
}

// Bonus is an extra value a person block may carry, e.g. for a permanent contract.
type Bonus struct {
	Code       string `json:"code"`
	ValueCents int64  `json:"value_cents"`
}

// Block is one building block of a catalog.
type Block struct {
	Code        string `json:"code"`
	NameNL      string `json:"name_nl"`
	NameEN      string `json:"name_en"`
	Kind        string `json:"kind"`                   // person | money | hours | cost | certificate | agreed
	ValueCents  int64  `json:"value_cents,omitempty"`  // person: value per full-time person-year
	HourlyCents int64  `json:"hourly_cents,omitempty"` // hours kind
	MaxMonths   int    `json:"max_months,omitempty"`   // person kind: 0 = no published limit
	// PerWeeks marks a person block whose table prorates the year by weeks
	// (Holland Rijnland's BOL internship, "naar rato / weken"): items give
	// weeks of a 52-week year instead of months.
	PerWeeks bool `json:"per_weeks,omitempty"`
	// MaxPerDayCents caps an agreed block per day of the activity (Holland
	// Rijnland's social activity, "maximaal per dag"): items give the days
	// and the agreed value counts up to days x this.
	MaxPerDayCents int64   `json:"max_per_day_cents,omitempty"`
	Bonuses        []Bonus `json:"bonuses,omitempty"` // allowed bonuses with their values
	Note           string  `json:"note,omitempty"`
	Source         string  `json:"source"`
}

// Catalog is one version of a building-block table. Municipalities that share
// an SR office share a catalog family.
type Catalog struct {
	Family        string      `json:"family"`
	Version       string      `json:"version"`
	ValidFrom     civil.Date  `json:"valid_from"`
	ValidUntil    *civil.Date `json:"valid_until,omitempty"`
	FullTimeHours int         `json:"full_time_hours"`
	Blocks        []Block     `json:"blocks"`
	Sources       []string    `json:"sources"`
}

// Block finds a block by code.
func (c Catalog) Block(code string) (Block, bool) {
	for _, b := range c.Blocks {
		if b.Code == code {
			return b, true
		}
	}
	return Block{}, false
}

// Registry is the loaded, validated policy data. It is read-only: every
// accessor returns copies, so a caller cannot change what other requests see.
type Registry struct {
	municipalities []Municipality       // sorted by id
	byID           map[string]int       // id -> index in municipalities
	family         map[string]string    // municipality id -> catalog family
	catalogs       map[string][]Catalog // family -> versions, oldest first
}

// Default is the registry of the data in data/, compiled into the binary as
// Go values (registry_data.go), so that a function starts without decoding
// and checking some 100 KB of JSON: that took about 7 ms of every cold start.
// The tests check the data and regenerate the file from it (make
// policy-data); a test fails while the two differ.
func Default() *Registry { return registryData }

// Municipalities lists every municipality, sorted by id.
func (r *Registry) Municipalities() []Municipality {
	out := make([]Municipality, len(r.municipalities))
	for i, m := range r.municipalities {
		out[i] = cloneMunicipality(m)
	}
	return out
}

// Known reports whether id is a municipality of the registry: what a
// token's organisation claim must name (httpapi.Options.KnownMunicipality).
func (r *Registry) Known(id string) bool {
	_, ok := r.byID[id]
	return ok
}

// Municipality finds a municipality by id.
func (r *Registry) Municipality(id string) (Municipality, bool) {
	i, ok := r.byID[id]
	if !ok {
		return Municipality{}, false
	}
	return cloneMunicipality(r.municipalities[i]), true
}

// ThresholdOn is m's threshold in force on the given day: the latest one that
// started on or before it, even past its ValidUntil when no newer one is
// known (see Threshold). It reports false when m publishes none or the first
// one starts after that day.
func (r *Registry) ThresholdOn(m Municipality, on civil.Date) (Threshold, bool) {
	// Thresholds are sorted by ValidFrom (load checks it).
	for i := len(m.Thresholds) - 1; i >= 0; i-- {
		if t := m.Thresholds[i]; !on.Before(t.ValidFrom) {
			t.ValidUntil = cloneDate(t.ValidUntil)
			return t, true
		}
	}
	return Threshold{}, false
}

// CatalogOn is the catalog version in force for the municipality on that day.
func (r *Registry) CatalogOn(municipalityID string, on civil.Date) (Catalog, bool) {
	for _, c := range r.catalogs[r.family[municipalityID]] {
		if inForce(c.ValidFrom, c.ValidUntil, on) {
			return cloneCatalog(c), true
		}
	}
	return Catalog{}, false
}

// Catalog is a named version of the municipality's catalog, so that a stored
// valuation can be re-read with the table that produced it.
func (r *Registry) Catalog(municipalityID, version string) (Catalog, bool) {
	for _, c := range r.catalogs[r.family[municipalityID]] {
		if c.Version == version {
			return cloneCatalog(c), true
		}
	}
	return Catalog{}, false
}

func inForce(from civil.Date, until *civil.Date, on civil.Date) bool {
	return !on.Before(from) && (until == nil || !on.After(*until))
}

func cloneDate(d *civil.Date) *civil.Date {
	if d == nil {
		return nil
	}
	c := *d
	return &c
}

func cloneMunicipality(m Municipality) Municipality {
	m.Thresholds = slices.Clone(m.Thresholds)
	for i := range m.Thresholds {
		m.Thresholds[i].ValidUntil = cloneDate(m.Thresholds[i].ValidUntil)
	}
	m.PSODiscountBP = maps.Clone(m.PSODiscountBP)
	m.CatalogVersions = slices.Clone(m.CatalogVersions)
	for i := range m.CatalogVersions {
		m.CatalogVersions[i].ValidUntil = cloneDate(m.CatalogVersions[i].ValidUntil)
	}
	m.ReminderWorkingDays = slices.Clone(m.ReminderWorkingDays)
	m.Sources = maps.Clone(m.Sources)
	return m
}

func cloneCatalog(c Catalog) Catalog {
	c.ValidUntil = cloneDate(c.ValidUntil)
	c.Blocks = slices.Clone(c.Blocks)
	for i := range c.Blocks {
		c.Blocks[i].Bonuses = slices.Clone(c.Blocks[i].Bonuses)
	}
	c.Sources = slices.Clone(c.Sources)
	return c
}
