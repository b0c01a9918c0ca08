package policy

// The data's checks and the loader that applies them live in tests: the
// functions use the registry generated from the checked data
// (registry_data.go, see generate_test.go), so none of this runs, or is
// linked, in production.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/srmonitor/srmonitor/shared/civil"
)

const (
	municipalitiesFile = "data/municipalities.json"
	documentsFile      = "data/documents.json"
	catalogGlob        = "data/catalogs/*.json"

	// maxThresholdCents bounds thresholds to the same "absurd" limit the
	// valuation applies to contract values (EUR 10 trillion).
	maxThresholdCents = 1_000_000_000_000_000
	// maxBlockCents bounds block, bonus and hourly values to EUR 10 million, so
	// that a valuation's intermediate products stay far inside 128 bits.
	maxBlockCents = 1_000_000_000
	// maxMonthsLimit is the longest person-block limit: the valuation accepts
	// at most 600 months (50 years) per item.
	maxMonthsLimit = 600
)

// ruleNames are the rules of a Municipality that must each name a source.
var ruleNames = []string{
	"sr_office", "thresholds", "default_percentage_bp", "percentage_range_bp",
	"registration_days", "plan_approval_days", "plan_extension_max_days",
	"reporting", "pso_discount_bp", "small_contract", "catalog_versions", "reminder_working_days",
	"evidence_required",
}

var (
	idPattern   = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)
	codePattern = regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)
	urlPattern  = regexp.MustCompile(`https?://[^\s,;'"()]+`)
)

// document is a public text the data cite: every source names at least one
// by its citation, so that a reader of the API can find the text a rule or a
// value comes from.
type document struct {
	Publisher string `json:"publisher"`
	Title     string `json:"title"`
	Date      string `json:"date"`          // when it was published, or "undated ..."
	URL       string `json:"url,omitempty"` // only where the text is known to be online there
}

// citation is how sources name the document: Publisher, "Title" (date), URL.
func (d document) citation() string {
	c := d.Publisher + `, "` + d.Title + `" (` + d.Date + ")"
	if d.URL != "" {
		c += ", " + d.URL
	}
	return c
}

type documentsFileLayout struct {
	Documents []document `json:"documents"`
}

// citations checks sources against the known public documents and records
// which documents are cited, so that the data carry no unused document.
type citations struct {
	docs  []document
	cited []bool
	urls  map[string]bool
}

func newCitations(docs []document) (*citations, []error) {
	var errs []error
	c := &citations{docs: docs, cited: make([]bool, len(docs)), urls: map[string]bool{}}
	seen := map[string]bool{}
	for i, d := range docs {
		if d.Publisher == "" || d.Title == "" || d.Date == "" {
			errs = append(errs, fmt.Errorf("%s: documents[%d] needs a publisher, a title and a date", documentsFile, i))
		}
		if d.URL != "" && urlPattern.FindString(d.URL) != d.URL {
			errs = append(errs, fmt.Errorf("%s: documents[%d]: url %q is malformed", documentsFile, i, d.URL))
		}
		if seen[d.citation()] {
			errs = append(errs, fmt.Errorf("%s: %s appears twice", documentsFile, d.citation()))
		}
		seen[d.citation()] = true
		c.urls[d.URL] = true
	}
	return c, errs
}

// check reports whether s is a valid source: it cites at least one known
// document in full, or admits to being a project default (a value no source
// publishes); every URL in it is a known document's; and it names no file
// users do not have.
func (c *citations) check(s string) error {
	if strings.TrimSpace(s) == "" {
		return errors.New("has no source")
	}
	if err := noLocalRef(s); err != nil {
		return err
	}
	for _, u := range urlPattern.FindAllString(s, -1) {
		if u = strings.TrimRight(u, ".:"); !c.urls[u] {
			return fmt.Errorf("source %q cites %s, which is no known document's URL", s, u)
		}
	}
	found := false
	for i, d := range c.docs {
		if strings.Contains(s, d.citation()) {
			c.cited[i] = true
			found = true
		}
	}
	if !found && !strings.HasPrefix(s, "project default:") {
		return fmt.Errorf(`source %q cites no public document as Publisher, "Title" (date), URL and is no "project default:"`, s)
	}
	return nil
}

// uncited lists the documents no source cites.
func (c *citations) uncited() []error {
	var errs []error
	for i, d := range c.docs {
		if !c.cited[i] {
			errs = append(errs, fmt.Errorf("%s: %s is cited by no source", documentsFile, d.citation()))
		}
	}
	return errs
}

// noLocalRef rejects text that points users at files they do not have:
// the working notes the project was started from (seeds/..., *.txt,
// DOMAIN.md, ../...), in any case. It is written out rather than a regular
// expression, whose backtracking over every source was most of the time
// the registry takes to load, and every function loads it at start.
func noLocalRef(s string) error {
	lower := strings.ToLower(s)
	for _, ref := range []string{"seeds/", "seed/", "domain.md", "../"} {
		if strings.Contains(lower, ref) {
			return fmt.Errorf("%q refers to %s, a file users of the API do not have: cite the public document", s, ref)
		}
	}
	for i := 0; ; {
		j := strings.Index(lower[i:], ".txt")
		if j < 0 {
			return nil
		}
		j += i
		if j > 0 && (isWordByte(lower[j-1]) || lower[j-1] == '-') && (j+4 == len(lower) || !isWordByte(lower[j+4])) {
			return fmt.Errorf("%q refers to a .txt file, which users of the API do not have: cite the public document", s)
		}
		i = j + 4
	}
}

func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z'
}

// policyFile is the layout of municipalities.json: one policy per SR office
// or region, listing the municipalities it serves, so that municipalities
// sharing an office share one copy of the rules.
type policyFile struct {
	Policies []policyEntry `json:"policies"`
}

type policyEntry struct {
	Key                  string            `json:"key"`
	SROffice             string            `json:"sr_office"`
	CatalogFamily        string            `json:"catalog_family"`
	Municipalities       []memberEntry     `json:"municipalities"`
	Thresholds           []Threshold       `json:"thresholds"`
	DefaultPercentageBP  int64             `json:"default_percentage_bp"`
	PercentageRangeBP    Range             `json:"percentage_range_bp"`
	RegistrationDays     int               `json:"registration_days"`
	PlanApprovalDays     int               `json:"plan_approval_days"`
	PlanExtensionMaxDays int               `json:"plan_extension_max_days"`
	Reporting            string            `json:"reporting"`
	PSODiscountBP        map[string]int64  `json:"pso_discount_bp"`
	SmallContract        string            `json:"small_contract"`
	ReminderWorkingDays  []int             `json:"reminder_working_days"`
	EvidenceRequired     bool              `json:"evidence_required"`
	Sources              map[string]string `json:"sources"`
}

type memberEntry struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// load reads and validates the data under fsys. It reports every problem it
// finds, not just the first, so that one run shows a data author all mistakes.
func load(fsys fs.FS) (*Registry, error) {
	var errs []error
	fail := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }

	var df documentsFileLayout
	if err := decodeStrict(fsys, documentsFile, &df); err != nil {
		return nil, fmt.Errorf("%s: %v", documentsFile, err)
	}
	cites, docErrs := newCitations(df.Documents)
	errs = append(errs, docErrs...)

	catalogs := map[string][]Catalog{}
	names, err := fs.Glob(fsys, catalogGlob)
	if err != nil {
		return nil, err
	}
	for _, name := range names {
		var c Catalog
		if err := decodeStrict(fsys, name, &c); err != nil {
			fail("%s: %v", name, err)
			continue
		}
		for _, e := range validateCatalog(c, cites) {
			fail("%s: %v", name, e)
		}
		if want := c.Family + "-" + c.Version + ".json"; path.Base(name) != want {
			fail("%s: a catalog of family %q version %q must be named %s", name, c.Family, c.Version, want)
		}
		catalogs[c.Family] = append(catalogs[c.Family], c)
	}
	for family, versions := range catalogs {
		slices.SortFunc(versions, func(a, b Catalog) int { return a.ValidFrom.Compare(b.ValidFrom) })
		for i := 1; i < len(versions); i++ {
			prev, next := versions[i-1], versions[i]
			if prev.ValidUntil == nil || !prev.ValidUntil.Before(next.ValidFrom) {
				fail("catalog family %s: version %q overlaps version %q", family, prev.Version, next.Version)
			}
			if prev.Version == next.Version {
				fail("catalog family %s: version %q appears twice", family, prev.Version)
			}
		}
	}
	errs = append(errs, sameKindEverywhere(catalogs)...)

	var pf policyFile
	if err := decodeStrict(fsys, municipalitiesFile, &pf); err != nil {
		return nil, errors.Join(append(errs, fmt.Errorf("%s: %v", municipalitiesFile, err))...)
	}
	r := &Registry{byID: map[string]int{}, family: map[string]string{}, catalogs: catalogs}
	usedFamilies := map[string]bool{}
	seenKeys := map[string]bool{}
	for _, p := range pf.Policies {
		if p.Key == "" || seenKeys[p.Key] {
			fail("policy %q: key is empty or appears twice", p.Key)
		}
		seenKeys[p.Key] = true
		for _, e := range validatePolicy(p, cites) {
			fail("policy %s: %v", p.Key, e)
		}
		versions, ok := catalogs[p.CatalogFamily]
		if !ok {
			fail("policy %s: catalog family %q has no catalog file", p.Key, p.CatalogFamily)
		}
		usedFamilies[p.CatalogFamily] = true
		refs := make([]CatalogRef, len(versions))
		for i, c := range versions {
			refs[i] = CatalogRef{Version: c.Version, ValidFrom: c.ValidFrom, ValidUntil: c.ValidUntil}
		}
		if len(p.Municipalities) == 0 {
			fail("policy %s: serves no municipality", p.Key)
		}
		for _, mb := range p.Municipalities {
			if !idPattern.MatchString(mb.ID) || mb.Name == "" {
				fail("policy %s: municipality %q needs a lower-case id and a name", p.Key, mb.ID)
			}
			if _, dup := r.family[mb.ID]; dup {
				fail("municipality %s appears twice", mb.ID)
				continue
			}
			r.family[mb.ID] = p.CatalogFamily
			r.municipalities = append(r.municipalities, cloneMunicipality(Municipality{
				ID: mb.ID, Name: mb.Name, SROffice: p.SROffice,
				Thresholds:           nonNil(p.Thresholds),
				DefaultPercentageBP:  p.DefaultPercentageBP,
				PercentageRangeBP:    p.PercentageRangeBP,
				RegistrationDays:     p.RegistrationDays,
				PlanApprovalDays:     p.PlanApprovalDays,
				PlanExtensionMaxDays: p.PlanExtensionMaxDays,
				Reporting:            p.Reporting,
				PSODiscountBP:        nonNilMap(p.PSODiscountBP),
				SmallContract:        p.SmallContract,
				ReminderWorkingDays:  p.ReminderWorkingDays,
				EvidenceRequired:     p.EvidenceRequired,
				CatalogVersions:      refs,
				Sources:              p.Sources,
			}))
		}
	}
	for family := range catalogs {
		if !usedFamilies[family] {
			fail("catalog family %s is used by no policy", family)
		}
	}
	errs = append(errs, cites.uncited()...)
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	slices.SortFunc(r.municipalities, func(a, b Municipality) int { return strings.Compare(a.ID, b.ID) })
	for i, m := range r.municipalities {
		r.byID[m.ID] = i
	}
	return r, nil
}

// decodeStrict decodes one JSON document, rejecting unknown fields (a typo in
// a field name would otherwise silently drop a value) and trailing data.
func decodeStrict(fsys fs.FS, name string, v any) error {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("trailing data after the JSON document")
	}
	return nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func nonNilMap(m map[string]int64) map[string]int64 {
	if m == nil {
		return map[string]int64{}
	}
	return m
}

func validatePeriod(from civil.Date, until *civil.Date) error {
	if from.IsZero() {
		return errors.New("valid_from is missing")
	}
	if until != nil && until.Before(from) {
		return fmt.Errorf("valid_until %s is before valid_from %s", until, from)
	}
	return nil
}

func validatePolicy(p policyEntry, cites *citations) []error {
	var errs []error
	fail := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if p.SROffice == "" {
		fail("sr_office is empty")
	}
	for i, t := range p.Thresholds {
		if err := validatePeriod(t.ValidFrom, t.ValidUntil); err != nil {
			fail("thresholds[%d]: %v", i, err)
		}
		if t.AmountCents <= 0 || t.AmountCents > maxThresholdCents {
			fail("thresholds[%d]: amount_cents %d out of range", i, t.AmountCents)
		}
		if err := cites.check(t.Source); err != nil {
			fail("thresholds[%d]: %v", i, err)
		}
		// Sorted by start, and a named period does not reach into the next
		// one: ThresholdOn picks the latest start, so an overlap would hide
		// part of a period its source names.
		if i > 0 {
			prev := p.Thresholds[i-1]
			if !prev.ValidFrom.Before(t.ValidFrom) || (prev.ValidUntil != nil && !prev.ValidUntil.Before(t.ValidFrom)) {
				fail("thresholds[%d] overlaps or precedes thresholds[%d]", i, i-1)
			}
		}
	}
	rg := p.PercentageRangeBP
	if rg.Min <= 0 || rg.Min > rg.Max || rg.Max > 10000 {
		fail("percentage_range_bp %d..%d must satisfy 0 < min <= max <= 10000", rg.Min, rg.Max)
	}
	if p.DefaultPercentageBP < rg.Min || p.DefaultPercentageBP > rg.Max {
		fail("default_percentage_bp %d is outside percentage_range_bp", p.DefaultPercentageBP)
	}
	if p.RegistrationDays <= 0 || p.PlanApprovalDays <= 0 || p.PlanExtensionMaxDays < p.PlanApprovalDays {
		fail("terms must be positive and the extension at least the approval term")
	}
	switch p.Reporting {
	case ReportingQuarterly, ReportingSemiannual, ReportingFinal:
	default:
		fail("reporting %q is not %s, %s or %s", p.Reporting, ReportingQuarterly, ReportingSemiannual, ReportingFinal)
	}
	for level, bp := range p.PSODiscountBP {
		// The API's largest PSO discount is 50% (trede 3); more would let a
		// certificate wipe out most of an obligation.
		if level != "1" && level != "2" && level != "3" {
			fail("pso_discount_bp: level %q is not 1, 2 or 3", level)
		}
		if bp <= 0 || bp > 5000 {
			fail("pso_discount_bp[%s] = %d must be in 1..5000", level, bp)
		}
	}
	if p.SmallContract == "" {
		fail("small_contract is empty")
	}
	// Reminders go out these many working days before a deadline, the
	// earliest first: at most four, each within four working weeks.
	if len(p.ReminderWorkingDays) > 4 || !slices.IsSortedFunc(p.ReminderWorkingDays, func(a, b int) int { return b - a }) ||
		slices.ContainsFunc(p.ReminderWorkingDays, func(d int) bool { return d < 1 || d > 20 }) ||
		len(slices.Compact(slices.Clone(p.ReminderWorkingDays))) != len(p.ReminderWorkingDays) {
		fail("reminder_working_days %v must be at most four distinct days from 20 down to 1", p.ReminderWorkingDays)
	}
	for _, text := range []string{p.SROffice, p.SmallContract} {
		if err := noLocalRef(text); err != nil {
			fail("%v", err)
		}
	}
	for _, rule := range ruleNames {
		if err := cites.check(p.Sources[rule]); err != nil {
			fail("sources[%s]: %v", rule, err)
		}
	}
	for rule := range p.Sources {
		if !slices.Contains(ruleNames, rule) {
			fail("sources[%s]: not a rule of a municipality", rule)
		}
	}
	return errs
}

func validateCatalog(c Catalog, cites *citations) []error {
	var errs []error
	fail := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if !idPattern.MatchString(c.Family) || c.Version == "" {
		fail("family %q or version %q is malformed", c.Family, c.Version)
	}
	if err := validatePeriod(c.ValidFrom, c.ValidUntil); err != nil {
		fail("%v", err)
	}
	if c.FullTimeHours <= 0 || c.FullTimeHours > 168 {
		fail("full_time_hours %d must be in 1..168", c.FullTimeHours)
	}
	if len(c.Sources) == 0 {
		fail("the catalog names no sources")
	}
	for _, s := range c.Sources {
		if err := cites.check(s); err != nil {
			fail("sources: %v", err)
		}
	}
	if len(c.Blocks) == 0 {
		fail("the catalog has no blocks")
	}
	seen := map[string]bool{}
	for _, b := range c.Blocks {
		if !codePattern.MatchString(b.Code) || seen[b.Code] {
			fail("block %q: code is malformed or appears twice", b.Code)
		}
		seen[b.Code] = true
		for _, e := range validateBlock(b, cites) {
			fail("block %s: %v", b.Code, e)
		}
	}
	return errs
}

func validateBlock(b Block, cites *citations) []error {
	var errs []error
	fail := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if b.NameNL == "" || b.NameEN == "" {
		fail("name_nl and name_en are required")
	}
	if err := cites.check(b.Source); err != nil {
		fail("%v", err)
	}
	for _, text := range []string{b.NameNL, b.NameEN, b.Note} {
		if err := noLocalRef(text); err != nil {
			fail("%v", err)
		}
	}
	person := b.Kind == KindPerson
	switch b.Kind {
	case KindPerson:
		if b.ValueCents <= 0 || b.ValueCents > maxBlockCents {
			fail("value_cents %d must be in 1..%d", b.ValueCents, int64(maxBlockCents))
		}
		if b.MaxMonths < 0 || b.MaxMonths > maxMonthsLimit {
			fail("max_months %d must be in 0..%d", b.MaxMonths, maxMonthsLimit)
		}
		if b.PerWeeks && b.MaxMonths != 0 {
			fail("max_months limits months, but a per_weeks block is counted in weeks")
		}
	case KindHours:
		if b.HourlyCents <= 0 || b.HourlyCents > maxBlockCents {
			fail("hourly_cents %d must be in 1..%d", b.HourlyCents, int64(maxBlockCents))
		}
	case KindAgreed:
		if b.MaxPerDayCents < 0 || b.MaxPerDayCents > maxBlockCents {
			fail("max_per_day_cents %d must be in 0..%d", b.MaxPerDayCents, int64(maxBlockCents))
		}
	case KindMoney, KindCost, KindCertificate:
	default:
		fail("unknown kind %q", b.Kind)
	}
	// A number that the block's kind does not use would be shown in the
	// catalog but never applied: reject it as a data error.
	if !person && (b.ValueCents != 0 || b.MaxMonths != 0 || b.PerWeeks || len(b.Bonuses) > 0) {
		fail("value_cents, max_months, per_weeks and bonuses belong to person blocks only")
	}
	if b.Kind != KindHours && b.HourlyCents != 0 {
		fail("hourly_cents belongs to hours blocks only")
	}
	if b.Kind != KindAgreed && b.MaxPerDayCents != 0 {
		fail("max_per_day_cents belongs to agreed blocks only")
	}
	seen := map[string]bool{}
	for _, bonus := range b.Bonuses {
		if !codePattern.MatchString(bonus.Code) || seen[bonus.Code] {
			fail("bonus %q: code is malformed or appears twice", bonus.Code)
		}
		seen[bonus.Code] = true
		if bonus.ValueCents <= 0 || bonus.ValueCents > maxBlockCents {
			fail("bonus %s: value_cents %d must be in 1..%d", bonus.Code, bonus.ValueCents, int64(maxBlockCents))
		}
	}
	return errs
}

// sameKindEverywhere enforces that a block code means the same in every
// catalog (API.md), at least as far as its kind goes.
func sameKindEverywhere(catalogs map[string][]Catalog) []error {
	type seenAt struct{ kind, where string }
	first := map[string]seenAt{}
	var errs []error
	families := slices.Sorted(maps.Keys(catalogs))
	for _, family := range families {
		for _, c := range catalogs[family] {
			for _, b := range c.Blocks {
				where := family + "-" + c.Version
				s, ok := first[b.Code]
				if !ok {
					first[b.Code] = seenAt{b.Kind, where}
					continue
				}
				if s.kind != b.Kind {
					errs = append(errs, fmt.Errorf("block %s is %s in %s but %s in %s", b.Code, s.kind, s.where, b.Kind, where))
				}
			}
		}
	}
	return errs
}
