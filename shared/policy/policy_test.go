package policy

import (
	"encoding/json"
	"maps"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/srmonitor/srmonitor/shared/civil"
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

var allIDs = []string{
	"amersfoort", "amsterdam", "baarn", "den-haag", "gorinchem",
	"leiden", "molenlanden", "soest", "utrecht", "vijfheerenlanden",
}

func mustMunicipality(t *testing.T, id string) Municipality {
	t.Helper()
	m, ok := Default().Municipality(id)
	if !ok {
		t.Fatalf("municipality %s is missing", id)
	}
	return m
}

func TestDefaultLoadsEveryMunicipalitySorted(t *testing.T) {
	var ids []string
	for _, m := range Default().Municipalities() {
		ids = append(ids, m.ID)
	}
	if !slices.Equal(ids, allIDs) {
		t.Fatalf("ids = %v, want %v (API.md fixed names, sorted)", ids, allIDs)
	}
	if _, ok := Default().Municipality("rotterdam"); ok {
		t.Fatal("an unknown id was found")
	}
}

// dataCitations are the public documents of the data.
func dataCitations(t *testing.T) *citations {
	t.Helper()
	var df documentsFileLayout
	if err := decodeStrict(dataFS, documentsFile, &df); err != nil {
		t.Fatal(err)
	}
	c, errs := newCitations(df.Documents)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	return c
}

// userText is every text of the data that the API shows, by where it is.
func userText(t *testing.T) map[string]string {
	t.Helper()
	r := Default()
	out := map[string]string{}
	for _, m := range r.Municipalities() {
		out[m.ID+" sr_office"] = m.SROffice
		out[m.ID+" small_contract"] = m.SmallContract
		for rule, s := range m.Sources {
			out[m.ID+" sources["+rule+"]"] = s
		}
		for i, th := range m.Thresholds {
			out[m.ID+" thresholds["+strconv.Itoa(i)+"]"] = th.Source
		}
		for _, ref := range m.CatalogVersions {
			c, ok := r.Catalog(m.ID, ref.Version)
			if !ok {
				t.Fatalf("%s: catalog version %s is listed but not found", m.ID, ref.Version)
			}
			where := c.Family + "-" + c.Version
			for i, s := range c.Sources {
				out[where+" sources["+strconv.Itoa(i)+"]"] = s
			}
			for _, b := range c.Blocks {
				out[where+" "+b.Code+" source"] = b.Source
				out[where+" "+b.Code+" note"] = b.Note
				out[where+" "+b.Code+" names"] = b.NameNL + " / " + b.NameEN
			}
		}
	}
	return out
}

// Every rule of every municipality, every threshold, catalog and block cites
// a public document in full (publisher, title, date and URL where there is
// one) or says it is a project default.
func TestEveryValueHasASource(t *testing.T) {
	cites := dataCitations(t)
	r := Default()
	for _, m := range r.Municipalities() {
		for _, rule := range ruleNames {
			if err := cites.check(m.Sources[rule]); err != nil {
				t.Errorf("%s: sources[%s]: %v", m.ID, rule, err)
			}
		}
		for i, th := range m.Thresholds {
			if err := cites.check(th.Source); err != nil {
				t.Errorf("%s: thresholds[%d]: %v", m.ID, i, err)
			}
		}
		if len(m.CatalogVersions) == 0 {
			t.Errorf("%s: no catalog versions", m.ID)
		}
		for _, ref := range m.CatalogVersions {
			c, _ := r.Catalog(m.ID, ref.Version)
			for _, s := range c.Sources {
				if err := cites.check(s); err != nil {
					t.Errorf("%s %s: %v", c.Family, c.Version, err)
				}
			}
			for _, b := range c.Blocks {
				if err := cites.check(b.Source); err != nil {
					t.Errorf("%s %s block %s: %v", c.Family, c.Version, b.Code, err)
				}
			}
		}
	}
	if errs := cites.uncited(); len(errs) > 0 {
		t.Errorf("documents no source cites: %v", errs)
	}
}

// Users of the API have the public documents, not the project's working
// notes: no text names a seed file (seeds/..., *.txt), the old handbook
// (DOMAIN.md) or a seed by its number, as "(004)".
func TestNoSourceNamesAFileUsersDoNotHave(t *testing.T) {
	seedNumber := regexp.MustCompile(`\(00[0-4]\)|\b00[0-4]:`)
	texts := userText(t)
	if len(texts) < 200 {
		t.Fatalf("only %d texts collected", len(texts))
	}
	for where, s := range texts {
		for _, bad := range []string{"seeds/", ".txt", "DOMAIN.md", "../"} {
			if strings.Contains(s, bad) {
				t.Errorf("%s names %q: %s", where, bad, s)
			}
		}
		if n := seedNumber.FindString(s); n != "" {
			t.Errorf("%s cites a seed by number %s: %s", where, n, s)
		}
	}
}

// The rules of docs/domain.md (lifecycle, deadlines, obligation) and where no
// source publishes one, the
// project default that says so.
func TestPublishedRules(t *testing.T) {
	pso := map[string]int64{"1": 1000, "2": 2500, "3": 5000}
	none := map[string]int64{}
	tests := []struct {
		name string
		ids  []string
		got  func(Municipality) any
		want any
	}{
		{"Leidraad: Amsterdam asks usually at least 5%", []string{"amsterdam"}, func(m Municipality) any { return m.DefaultPercentageBP }, int64(500)},
		{"Leidraad: Amsterdam's percentage varies between 1 and 25%", []string{"amsterdam"}, func(m Municipality) any { return m.PercentageRangeBP }, Range{100, 2500}},
		{"Leidraad: Amsterdam registers within seven days", []string{"amsterdam"}, func(m Municipality) any { return m.RegistrationDays }, 7},
		{"Leidraad: Amsterdam reports every quarter (the Informatieblad's half-yearly loses to the Leidraad)", []string{"amsterdam"}, func(m Municipality) any { return m.Reporting }, ReportingQuarterly},
		{"Leidraad: PSO trede 1/2/3 gives 10/25/50% off", []string{"amsterdam"}, func(m Municipality) any { return m.PSODiscountBP }, pso},
		{"Leidraad: Amsterdam's office is Bureau Social Return", []string{"amsterdam"}, func(m Municipality) any { return strings.Contains(m.SROffice, "Bureau Social Return") }, true},
		{"PIANOo 2019 (Utrecht): Utrecht asks SR from EUR 100,000", []string{"utrecht"}, func(m Municipality) any { return m.Thresholds[0].AmountCents }, int64(10_000_000)},
		{"PIANOo 2019 (Utrecht): Utrecht's threshold has no end date", []string{"utrecht"}, func(m Municipality) any { return m.Thresholds[0].ValidUntil == nil }, true},
		{"WSP regio Amersfoort page: WSP regio Amersfoort serves Amersfoort, Soest and Baarn", []string{"amersfoort", "soest", "baarn"}, func(m Municipality) any { return m.SROffice }, "WerkgeversServicepunt (WSP) regio Amersfoort"},
		{"WSP regio Amersfoort page: 5% of the contract value", []string{"amersfoort", "soest", "baarn"}, func(m Municipality) any { return m.DefaultPercentageBP }, int64(500)},
		{"WSP regio Amersfoort page: register within one week", []string{"amersfoort", "soest", "baarn"}, func(m Municipality) any { return m.RegistrationDays }, 7},
		{"WSP regio Amersfoort page: plan approved within 6 weeks", []string{"amersfoort", "soest", "baarn"}, func(m Municipality) any { return m.PlanApprovalDays }, 42},
		{"WSP regio Amersfoort page: extension in writing to at most 12 weeks", []string{"amersfoort", "soest", "baarn"}, func(m Municipality) any { return m.PlanExtensionMaxDays }, 84},
		{"WSP regio Amersfoort page: no threshold amount is published", []string{"amersfoort", "soest", "baarn"}, func(m Municipality) any { return len(m.Thresholds) }, 0},
		{"WSP regio Amersfoort page: a final evaluation, interim evaluations only where agreed", []string{"amersfoort", "soest", "baarn"}, func(m Municipality) any { return m.Reporting }, ReportingFinal},
		{"AV-regio page: evidence after the activity, no interim reports named", []string{"gorinchem", "molenlanden", "vijfheerenlanden"}, func(m Municipality) any { return m.Reporting }, ReportingFinal},
		{"WSP regio Amersfoort page: small contracts owe a social activity", []string{"amersfoort"}, func(m Municipality) any { return strings.Contains(m.SmallContract, "social activity") }, true},
		{"AV-regio page: the AV-regio's office is the Adviespunt SR", []string{"gorinchem", "molenlanden", "vijfheerenlanden"}, func(m Municipality) any { return m.SROffice }, "Adviespunt SR (WerkgeversServicepunt AV-regio)"},
		{"AV-regio page: no threshold published", []string{"gorinchem", "molenlanden", "vijfheerenlanden"}, func(m Municipality) any { return len(m.Thresholds) }, 0},
		{"project default: AV-regio, Den Haag, Leiden and Utrecht at 5%, said so", []string{"gorinchem", "den-haag", "leiden", "utrecht"}, func(m Municipality) any {
			return m.DefaultPercentageBP == 500 && strings.HasPrefix(m.Sources["default_percentage_bp"], "project default")
		}, true},
		{"project default: 7/42/84 days where nothing is published, said so", []string{"utrecht", "gorinchem", "den-haag", "leiden"}, func(m Municipality) any {
			ok := m.RegistrationDays == 7 && m.PlanApprovalDays == 42 && m.PlanExtensionMaxDays == 84
			for _, rule := range []string{"registration_days", "plan_approval_days", "plan_extension_max_days"} {
				ok = ok && strings.HasPrefix(m.Sources[rule], "project default")
			}
			return ok
		}, true},
		{"project default: quarterly as the Leidraad where no cadence or evaluation is published, said so", []string{"utrecht", "den-haag", "leiden"}, func(m Municipality) any {
			return m.Reporting == ReportingQuarterly && strings.HasPrefix(m.Sources["reporting"], "project default")
		}, true},
		{"project default: Amsterdam's plan terms are WSP's, said so", []string{"amsterdam"}, func(m Municipality) any {
			return m.PlanApprovalDays == 42 && strings.HasPrefix(m.Sources["plan_approval_days"], "project default")
		}, true},
		{"Leidraad: Amsterdam's reports come with copies of payslips, invoices and other evidence", []string{"amsterdam"}, func(m Municipality) any { return m.EvidenceRequired }, true},
		{"AV-regio page: the contractor hands in evidence after the activity", []string{"gorinchem", "molenlanden", "vijfheerenlanden"}, func(m Municipality) any { return m.EvidenceRequired }, true},
		{"WSP regio Amersfoort page: evaluations with evidence where there is any ('eventuele bewijsstukken')", []string{"amersfoort", "soest", "baarn"}, func(m Municipality) any { return m.EvidenceRequired }, false},
		{"project default: no evidence rule where none is published, said so", []string{"utrecht", "den-haag", "leiden"}, func(m Municipality) any {
			return !m.EvidenceRequired && strings.HasPrefix(m.Sources["evidence_required"], "project default")
		}, true},
		{"only Amsterdam (Leidraad) publishes a PSO discount", []string{"utrecht", "amersfoort", "gorinchem", "den-haag", "leiden"}, func(m Municipality) any { return m.PSODiscountBP }, none},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, id := range tc.ids {
				if got := tc.got(mustMunicipality(t, id)); !reflect.DeepEqual(got, tc.want) {
					t.Errorf("%s: got %v, want %v", id, got, tc.want)
				}
			}
		})
	}
}

func TestThresholdOn(t *testing.T) {
	tests := []struct {
		name string
		id   string
		on   string
		want int64 // 0: none in force
	}{
		{"EU 2021/1952: none encoded before 2022", "amsterdam", "2021-12-31", 0},
		{"EU 2021/1952: EUR 215,000 from 2022", "amsterdam", "2022-01-01", 21_500_000},
		{"EU 2021/1952: EUR 215,000 until 2023", "amsterdam", "2023-12-31", 21_500_000},
		{"EU 2023/2495: EUR 221,000 from 2024", "amsterdam", "2024-01-01", 22_100_000},
		{"Leidraad + EU 2023/2495: 2025-12-31 is still EUR 221,000", "amsterdam", "2025-12-31", 22_100_000},
		{"Leidraad + EU 2025/2152: 2026-01-01 is EUR 216,000", "amsterdam", "2026-01-01", 21_600_000},
		{"EU 2025/2152: EUR 216,000 until 2027", "amsterdam", "2027-12-31", 21_600_000},
		{"PIANOo 2019 (Utrecht): Utrecht EUR 100,000", "utrecht", "2026-03-02", 10_000_000},
		{"WSP regio Amersfoort page: Amersfoort publishes none", "amersfoort", "2026-03-02", 0},
		{"AV-regio page: Gorinchem publishes none", "gorinchem", "2026-03-02", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			th, ok := Default().ThresholdOn(mustMunicipality(t, tc.id), civil.MustParse(tc.on))
			if ok != (tc.want != 0) || th.AmountCents != tc.want {
				t.Fatalf("ThresholdOn(%s, %s) = %d, %v; want %d", tc.id, tc.on, th.AmountCents, ok, tc.want)
			}
			if ok && th.Source == "" {
				t.Fatal("threshold without source")
			}
		})
	}
}

// A threshold stays in force until a newer one is known. Commission Delegated
// Regulation (EU) 2025/2152 sets EUR 216,000 "for the years 2026-2027"; the
// Leidraad Sociaal Opdrachtgeverschap (gemeente Amsterdam) asks social return
// above the European services threshold, whichever is in force. Until the
// Commission publishes the 2028-2029 threshold (weeks before it applies), the
// last one published is the rule Amsterdam follows, not no threshold at all.
func TestThresholdStaysInForceUntilANewerOne(t *testing.T) {
	m := mustMunicipality(t, "amsterdam")
	for _, on := range []string{"2028-01-01", "2028-06-15", "2031-12-31"} {
		th, ok := Default().ThresholdOn(m, civil.MustParse(on))
		if !ok || th.AmountCents != 21_600_000 || th.ValidFrom.String() != "2026-01-01" {
			t.Fatalf("ThresholdOn(amsterdam, %s) = %+v, %v; want the 2026-2027 threshold of EUR 216,000", on, th, ok)
		}
		if th.ValidUntil == nil || th.ValidUntil.String() != "2027-12-31" {
			t.Fatalf("the period the regulation names is lost: %+v", th)
		}
	}

	// Once a newer threshold is added, it takes over from its start; a gap
	// between two named periods keeps the older one.
	r, err := load(fixtureFS(t, municipalitiesFile,
		`{"valid_from": "2022-01-01", "amount_cents": 200`,
		`{"valid_from": "2023-01-01", "amount_cents": 200`))
	if err != nil {
		t.Fatal(err)
	}
	town, _ := r.Municipality("town")
	for on, want := range map[string]int64{"2019-12-31": 0, "2020-01-01": 100, "2022-06-30": 100, "2023-01-01": 200, "2099-01-01": 200} {
		th, ok := r.ThresholdOn(town, civil.MustParse(on))
		if ok != (want != 0) || th.AmountCents != want {
			t.Errorf("fixture ThresholdOn(%s) = %d, %v; want %d", on, th.AmountCents, ok, want)
		}
	}
}

func TestCatalogOn(t *testing.T) {
	tests := []struct {
		name   string
		id     string
		on     string
		family string
		want   string // version; "" when none is in force
	}{
		{"PIANOo 2019 (Utrecht): no Utrecht model before 2015", "utrecht", "2014-12-31", "", ""},
		{"PIANOo 2019 (Utrecht): the 2015 model", "utrecht", "2015-01-01", "utrecht", "2015"},
		{"PIANOo 2019 (Utrecht): the 2015 model until the revision", "utrecht", "2019-12-31", "utrecht", "2015"},
		{"PIANOo 2019 (Utrecht): the 2019 revision from its assumed start", "utrecht", "2020-01-01", "utrecht", "2019"},
		{"PIANOo 2019 (Utrecht): the 2019 revision is current", "utrecht", "2026-03-02", "utrecht", "2019"},
		{"published table: Haaglanden not before 2023-07-01", "den-haag", "2023-06-30", "", ""},
		{"published table: Haaglanden from 2023-07-01", "den-haag", "2023-07-01", "haaglanden", "2023-07"},
		{"published table: Holland Rijnland not before 2023-09-01", "leiden", "2023-08-31", "", ""},
		{"published table: Holland Rijnland from 2023-09-01", "leiden", "2023-09-01", "holland-rijnland", "2023-09"},
		{"WSP regio Amersfoort page: Soest uses the WSP family", "soest", "2026-03-02", "wsp-amersfoort", "1"},
		{"WSP regio Amersfoort page: Baarn uses the WSP family", "baarn", "2026-03-02", "wsp-amersfoort", "1"},
		{"AV-regio page: Vijfheerenlanden uses the AV-regio family", "vijfheerenlanden", "2026-03-02", "av-regio", "1"},
		{"Leidraad: Amsterdam", "amsterdam", "2026-03-02", "amsterdam", "1"},
		{"unknown municipality", "rotterdam", "2026-03-02", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, ok := Default().CatalogOn(tc.id, civil.MustParse(tc.on))
			if ok != (tc.want != "") || c.Version != tc.want || c.Family != tc.family {
				t.Fatalf("CatalogOn(%s, %s) = %s %s, %v; want %s %s", tc.id, tc.on, c.Family, c.Version, ok, tc.family, tc.want)
			}
			// Full time is 36 h/week in Utrecht's current and Haaglanden's
			// tables, 40 in Utrecht's 2015 table.
			if want := map[bool]int{true: 40, false: 36}[c.Version == "2015"]; ok && c.FullTimeHours != want {
				t.Fatalf("full_time_hours = %d, want %d", c.FullTimeHours, want)
			}
		})
	}
}

func TestCatalogByVersion(t *testing.T) {
	r := Default()
	if c, ok := r.Catalog("utrecht", "2015"); !ok || c.ValidUntil == nil || c.ValidUntil.String() != "2019-12-31" {
		t.Fatalf("Catalog(utrecht, 2015) = %+v, %v", c, ok)
	}
	if _, ok := r.Catalog("utrecht", "2023-07"); ok {
		t.Fatal("another family's version was found for Utrecht")
	}
	m := mustMunicipality(t, "utrecht")
	until := civil.MustParse("2019-12-31")
	want := []CatalogRef{
		{Version: "2015", ValidFrom: civil.MustParse("2015-01-01"), ValidUntil: &until},
		{Version: "2019", ValidFrom: civil.MustParse("2020-01-01")},
	}
	if !reflect.DeepEqual(m.CatalogVersions, want) {
		t.Fatalf("catalog_versions = %+v, want %+v", m.CatalogVersions, want)
	}
}

type bonusMap = map[string]int64

// The bonuses each table gives its person blocks.
var (
	u15Bonuses = bonusMap{"permanent_contract": 1_000_000, "age_50_plus": 500_000}
	ucBonuses  = bonusMap{"permanent_contract": 1_000_000, "age_50_plus": 1_000_000, "statushouder_or_language": 1_000_000}
	dhBonuses  = bonusMap{"age_55_plus": 1_000_000, "after_internship": 2_500_000, "work_limitation": 1_000_000}
	hr55       = bonusMap{"age_55_plus": 1_500_000}
)

// The building blocks of docs/domain.md, each as its table publishes it.
func TestCatalogBlocks(t *testing.T) {
	tests := []struct {
		name      string
		id, on    string
		code      string
		kind      string
		value     int64 // person: per full-time year; hours: per hour
		maxMonths int
		bonuses   bonusMap
	}{
		{"PIANOo 2019 (Utrecht) + Utrecht 2015 table: full-time Participatiewet 40,000 (row 2, more than 2 years) + permanent 10,000", "utrecht", "2018-01-01", "participatiewet_gt2y", KindPerson, 4_000_000, 0, u15Bonuses},
		{"Utrecht 2015 table: Participatiewet less than 2 years 30,000", "utrecht", "2018-01-01", "participatiewet_lt2y", KindPerson, 3_000_000, 0, u15Bonuses},
		{"Utrecht 2015 table: WW less than 1 year 15,000", "utrecht", "2018-01-01", "ww_lt1y", KindPerson, 1_500_000, 0, u15Bonuses},
		{"Utrecht 2015 table: WW more than 1 year 20,000", "utrecht", "2018-01-01", "ww_gt1y", KindPerson, 2_000_000, 0, u15Bonuses},
		{"Utrecht 2015 table: WIA/WAO 30,000", "utrecht", "2018-01-01", "wia_wao", KindPerson, 3_000_000, 0, u15Bonuses},
		{"Utrecht 2015 table: Banenafspraak target groups 35,000", "utrecht", "2018-01-01", "doelgroepregister", KindPerson, 3_500_000, 0, u15Bonuses},
		{"Utrecht 2015 table: Wajong is a Banenafspraak target group, 35,000", "utrecht", "2018-01-01", "wajong", KindPerson, 3_500_000, 0, u15Bonuses},
		{"Utrecht 2015 table: hiring a Wsw employee counts as Banenafspraak, 35,000", "utrecht", "2018-01-01", "wsw", KindPerson, 3_500_000, 0, u15Bonuses},
		{"Utrecht 2015 table: Wsw work and social enterprises by paid invoice", "utrecht", "2018-01-01", "social_purchase", KindMoney, 0, 0, nil},
		{"Utrecht 2015 table: BBL track 15,000, below the bonus rows", "utrecht", "2018-01-01", "bbl", KindPerson, 1_500_000, 0, nil},
		{"Utrecht 2015 table: BOL track 10,000, below the bonus rows", "utrecht", "2018-01-01", "bol", KindPerson, 1_000_000, 0, nil},
		{"Utrecht 2015 table: EUR 100 per employee-hour", "utrecht", "2018-01-01", "social_activity", KindHours, 10_000, 0, nil},
		{"Utrecht 2015 table: or the activity's invoice", "utrecht", "2018-01-01", "training", KindCost, 0, 0, nil},
		{"Utrecht 2015 table: hiring a person without benefit 10,000, below the bonus rows", "utrecht", "2018-01-01", "no_benefit", KindPerson, 1_000_000, 0, nil},
		{"PIANOo 2019 (Utrecht): the 2015 model offers tailored fillings", "utrecht", "2018-01-01", "agreed_activity", KindAgreed, 0, 0, nil},
		{"Utrecht current table: Participatiewet 40,000", "utrecht", "2026-03-02", "participatiewet", KindPerson, 4_000_000, 0, ucBonuses},
		{"Utrecht current table: doelgroepregister 50,000", "utrecht", "2026-03-02", "doelgroepregister", KindPerson, 5_000_000, 0, ucBonuses},
		{"Utrecht current table: PrO/VSO/mbo 1 work-learn place 35,000", "utrecht", "2026-03-02", "pro_vso_mbo1", KindPerson, 3_500_000, 0, ucBonuses},
		{"Utrecht current table: WIA/WAO 40,000", "utrecht", "2026-03-02", "wia_wao", KindPerson, 4_000_000, 0, ucBonuses},
		{"Utrecht current table: WW 20,000", "utrecht", "2026-03-02", "ww", KindPerson, 2_000_000, 0, ucBonuses},
		{"Utrecht current table: BBL 35,000", "utrecht", "2026-03-02", "bbl", KindPerson, 3_500_000, 0, ucBonuses},
		{"Utrecht current table: BOL 20,000", "utrecht", "2026-03-02", "bol", KindPerson, 2_000_000, 0, ucBonuses},
		{"Utrecht current table: no benefit 10,000", "utrecht", "2026-03-02", "no_benefit", KindPerson, 1_000_000, 0, ucBonuses},
		{"Utrecht current table: buying from social enterprises at (wage) costs excl. VAT", "utrecht", "2026-03-02", "social_purchase", KindMoney, 0, 0, nil},
		{"Utrecht current table: training at cost", "utrecht", "2026-03-02", "training", KindCost, 0, 0, nil},
		{"Utrecht current table: EUR 100 per employee-hour", "utrecht", "2026-03-02", "social_activity", KindHours, 10_000, 0, nil},
		{"Haaglanden table: jobseeker without benefit 5,000, 12 months", "den-haag", "2026-03-02", "no_benefit", KindPerson, 500_000, 12, dhBonuses},
		{"Haaglanden table: youth without start qualification 10,000, 12 months", "den-haag", "2026-03-02", "youth_no_start_qualification", KindPerson, 1_000_000, 12, dhBonuses},
		{"Haaglanden table: intern mbo/hbo 5,000, 12 months, no employment bonus", "den-haag", "2026-03-02", "intern", KindPerson, 500_000, 12, bonusMap{"age_55_plus": 1_000_000}},
		{"Haaglanden table: intern VSO/PrO 7,500, 24 months, no employment bonus", "den-haag", "2026-03-02", "intern_vso_pro", KindPerson, 750_000, 24, bonusMap{"age_55_plus": 1_000_000}},
		{"Haaglanden table: BBL up to level 2 25,000, employment up to 24 months", "den-haag", "2026-03-02", "bbl_up_to_2", KindPerson, 2_500_000, 24, dhBonuses},
		{"Haaglanden table: BBL level 3+ 15,000, employment up to 36 months", "den-haag", "2026-03-02", "bbl_3_plus", KindPerson, 1_500_000, 36, dhBonuses},
		{"Haaglanden table: WW 20,000, 12 months", "den-haag", "2026-03-02", "ww", KindPerson, 2_000_000, 12, dhBonuses},
		{"Haaglanden table: WIA 30,000, 24 months", "den-haag", "2026-03-02", "wia_wao", KindPerson, 3_000_000, 24, dhBonuses},
		{"Haaglanden table: Participatiewet 40,000, 24 months", "den-haag", "2026-03-02", "participatiewet", KindPerson, 4_000_000, 24, dhBonuses},
		{"Haaglanden table: Banenafspraak 50,000, always", "den-haag", "2026-03-02", "doelgroepregister", KindPerson, 5_000_000, 0, dhBonuses},
		{"Haaglanden table: Banenafspraak includes Wajong: 50,000, always", "den-haag", "2026-03-02", "wajong", KindPerson, 5_000_000, 0, dhBonuses},
		{"Haaglanden table: Banenafspraak includes the Wsw: 50,000, always", "den-haag", "2026-03-02", "wsw", KindPerson, 5_000_000, 0, dhBonuses},
		{"Haaglanden table: training and special coaching at actual costs", "den-haag", "2026-03-02", "training", KindCost, 0, 0, nil},
		{"Holland Rijnland table: no benefit 5,000", "leiden", "2026-03-02", "no_benefit", KindPerson, 500_000, 0, hr55},
		{"Holland Rijnland table: no benefit with work limitation 10,000", "leiden", "2026-03-02", "no_benefit_work_limitation", KindPerson, 1_000_000, 0, hr55},
		{"Holland Rijnland table: BOL internship 10,000 per year", "leiden", "2026-03-02", "bol", KindPerson, 1_000_000, 0, hr55},
		{"Holland Rijnland table: BBL hire 25,000", "leiden", "2026-03-02", "bbl", KindPerson, 2_500_000, 0, hr55},
		{"Holland Rijnland table: PrO/VSO hire 25,000 + 10,000 after a 6-month internship", "leiden", "2026-03-02", "pro_vso_hire", KindPerson, 2_500_000, 0, bonusMap{"after_internship": 1_000_000, "age_55_plus": 1_500_000}},
		{"Holland Rijnland table: WW 15,000", "leiden", "2026-03-02", "ww", KindPerson, 1_500_000, 0, hr55},
		{"Holland Rijnland table: WIA 40,000", "leiden", "2026-03-02", "wia_wao", KindPerson, 4_000_000, 0, hr55},
		{"Holland Rijnland table: Wajong 25,000", "leiden", "2026-03-02", "wajong", KindPerson, 2_500_000, 0, hr55},
		{"Holland Rijnland table: Participatiewet 30,000", "leiden", "2026-03-02", "participatiewet", KindPerson, 3_000_000, 0, hr55},
		{"Holland Rijnland table: Participatiewet with a UWV work limitation (doelgroepregister, Banenafspraak) 50,000", "leiden", "2026-03-02", "doelgroepregister", KindPerson, 5_000_000, 0, hr55},
		{"Holland Rijnland table: Wsw employment 50,000", "leiden", "2026-03-02", "wsw", KindPerson, 5_000_000, 0, hr55},
		{"Holland Rijnland table: SW-company services, paid invoices excl. VAT", "leiden", "2026-03-02", "social_purchase", KindMoney, 0, 0, nil},
		{"Holland Rijnland table: social activity, tailored, at most 1,000 a day", "leiden", "2026-03-02", "agreed_activity", KindAgreed, 0, 0, nil},
		{"Leidraad: Amsterdam wage costs actually made", "amsterdam", "2026-03-02", "employment_costs", KindCost, 0, 0, nil},
		{"Leidraad: Amsterdam training at cost", "amsterdam", "2026-03-02", "training", KindCost, 0, 0, nil},
		{"Leidraad + AV-regio page: Amsterdam social purchase excl. materials and VAT", "amsterdam", "2026-03-02", "social_purchase", KindMoney, 0, 0, nil},
		{"Leidraad: Amsterdam Power Certificate", "amsterdam", "2026-03-02", "power_certificate", KindCertificate, 0, 0, nil},
		{"Leidraad: Amsterdam project proposal agreed with Bureau Social Return", "amsterdam", "2026-03-02", "agreed_activity", KindAgreed, 0, 0, nil},
		{"WSP regio Amersfoort page: Amersfoort Power Certificate", "amersfoort", "2026-03-02", "power_certificate", KindCertificate, 0, 0, nil},
		{"WSP regio Amersfoort page: social activity valued in advance by the office", "baarn", "2026-03-02", "agreed_activity", KindAgreed, 0, 0, nil},
		{"AV-regio page: social purchase excl. materials and VAT", "molenlanden", "2026-03-02", "social_purchase", KindMoney, 0, 0, nil},
		{"AV-regio page: training", "gorinchem", "2026-03-02", "training", KindCost, 0, 0, nil},
		{"AV-regio page: social activity valued in advance", "vijfheerenlanden", "2026-03-02", "agreed_activity", KindAgreed, 0, 0, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, ok := Default().CatalogOn(tc.id, civil.MustParse(tc.on))
			if !ok {
				t.Fatalf("no catalog for %s on %s", tc.id, tc.on)
			}
			b, ok := c.Block(tc.code)
			if !ok {
				t.Fatalf("%s %s has no block %s", c.Family, c.Version, tc.code)
			}
			value := b.ValueCents
			if b.Kind == KindHours {
				value = b.HourlyCents
			}
			var bonuses bonusMap
			for _, x := range b.Bonuses {
				if bonuses == nil {
					bonuses = bonusMap{}
				}
				bonuses[x.Code] = x.ValueCents
			}
			if b.Kind != tc.kind || value != tc.value || b.MaxMonths != tc.maxMonths || !maps.Equal(bonuses, tc.bonuses) {
				t.Fatalf("block %s = %s %d max %d %v; want %s %d max %d %v",
					tc.code, b.Kind, value, b.MaxMonths, bonuses, tc.kind, tc.value, tc.maxMonths, tc.bonuses)
			}
		})
	}
}

// Where a source names no number, the block is left out rather than invented.
func TestUnpublishedBlocksAreLeftOut(t *testing.T) {
	tests := []struct {
		name   string
		id, on string
		code   string
	}{
		{"AV-regio page: werk naar werk is valued lower, without a number", "gorinchem", "2026-03-02", "werk_naar_werk"},
		{"AV-regio page: the Bouwblokmethode tariffs are not published", "gorinchem", "2026-03-02", "participatiewet"},
		{"WSP regio Amersfoort page: the WSP handbook values are not published", "amersfoort", "2026-03-02", "participatiewet"},
		{"Utrecht 2015 table: WW is split by duration, so plain ww is absent", "utrecht", "2018-01-01", "ww"},
		{"Utrecht 2015 table: Participatiewet is split by duration", "utrecht", "2018-01-01", "participatiewet"},
		{"Holland Rijnland table: the Banenafspraak row is doelgroepregister, not a code of its own", "leiden", "2026-03-02", "participatiewet_work_limitation"},
		{"Leidraad: Amsterdam publishes no person table", "amsterdam", "2026-03-02", "participatiewet"},
		{"Holland Rijnland: a daily maximum is not an hourly value", "leiden", "2026-03-02", "social_activity"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := Default().CatalogOn(tc.id, civil.MustParse(tc.on))
			if _, ok := c.Block(tc.code); ok {
				t.Fatalf("%s %s offers %s", c.Family, c.Version, tc.code)
			}
		})
	}
}

// API.md's fixed block and bonus codes with their kinds, and the codes this
// project added for rows that have none (docs/domain.md lists them).
var (
	fixedBlocks = map[string]string{
		"participatiewet": KindPerson, "participatiewet_lt2y": KindPerson, "participatiewet_gt2y": KindPerson,
		"doelgroepregister": KindPerson, "wia_wao": KindPerson, "ww": KindPerson, "ww_lt1y": KindPerson,
		"ww_gt1y": KindPerson, "wajong": KindPerson, "wsw": KindPerson, "no_benefit": KindPerson,
		"pro_vso_mbo1": KindPerson, "bbl": KindPerson, "bol": KindPerson, "intern": KindPerson,
		"werk_naar_werk": KindPerson, "social_purchase": KindMoney, "social_activity": KindHours,
		"training": KindCost, "power_certificate": KindCertificate, "agreed_activity": KindAgreed,
	}
	addedBlocks = map[string]string{
		"youth_no_start_qualification": KindPerson, // Haaglanden: jongeren zonder startkwalificatie
		"intern_vso_pro":               KindPerson, // Haaglanden: stagiair(e)s vso/PrO
		"bbl_up_to_2":                  KindPerson, // Haaglanden: BBL maximaal niveau 2
		"bbl_3_plus":                   KindPerson, // Haaglanden: BBL niveau 3 en hoger
		"no_benefit_work_limitation":   KindPerson, // Holland Rijnland: geen uitkering, met arbeidsbeperking
		"pro_vso_hire":                 KindPerson, // Holland Rijnland: PrO/VSO indienstneming na uitstroom
		"employment_costs":             KindCost,   // Amsterdam: wage costs actually made
	}
	fixedBonuses = []string{"permanent_contract", "age_50_plus", "age_55_plus", "statushouder_or_language", "work_limitation", "after_internship"}
)

// Every code is one of API.md's, with API.md's kind, or one this project
// added on purpose for a published row without a code.
func TestBlockCodesAreKnown(t *testing.T) {
	r := Default()
	used := map[string]bool{}
	for _, family := range slices.Sorted(maps.Keys(r.catalogs)) {
		for _, c := range r.catalogs[family] {
			for _, b := range c.Blocks {
				used[b.Code] = true
				kind, fixed := fixedBlocks[b.Code]
				if !fixed {
					kind, fixed = addedBlocks[b.Code]
				}
				if !fixed || kind != b.Kind {
					t.Errorf("%s %s: block %s (%s) is neither an API.md code nor a documented new one of that kind", c.Family, c.Version, b.Code, b.Kind)
				}
				for _, bonus := range b.Bonuses {
					if !slices.Contains(fixedBonuses, bonus.Code) {
						t.Errorf("%s %s: block %s has bonus %s, which API.md does not name", c.Family, c.Version, b.Code, bonus.Code)
					}
				}
			}
		}
	}
	for code := range addedBlocks {
		if !used[code] {
			t.Errorf("added code %s is used by no catalog", code)
		}
	}
}

// doelgroepregister means the Banenafspraak (UWV doelgroepregister) in every
// catalog that has such a row: Utrecht's tables ("Doelgroepen Banenafspraak",
// "Ingeschreven in doelgroepregister UWV"), Haaglanden's ("Banenafspraak (ook:
// Wajong, Wsw, doelgroepregistratie)") and Holland Rijnland's ("Participatiewet
// met arbeidsbeperking, vastgesteld door UWV (valt onder garantiebaan /
// doelgroep register / banenafspraak)").
func TestDoelgroepregisterMeansBanenafspraakEverywhere(t *testing.T) {
	for _, tc := range []struct{ id, on string }{
		{"utrecht", "2018-01-01"}, {"utrecht", "2026-03-02"}, {"den-haag", "2026-03-02"}, {"leiden", "2026-03-02"},
	} {
		c, _ := Default().CatalogOn(tc.id, civil.MustParse(tc.on))
		b, ok := c.Block("doelgroepregister")
		if !ok {
			t.Errorf("%s %s has no doelgroepregister block", c.Family, c.Version)
			continue
		}
		if !strings.Contains(b.NameEN, "Banenafspraak") || !strings.Contains(strings.ToLower(b.NameNL), "doelgroep") &&
			!strings.Contains(strings.ToLower(b.NameNL), "banenafspraak") {
			t.Errorf("%s %s: doelgroepregister is named %q / %q", c.Family, c.Version, b.NameNL, b.NameEN)
		}
	}
}

// Haaglanden's Banenafspraak row names Wajong and the Wsw ("Banenafspraak
// (ook: Wajong, Wet sociale werkvoorziening (Wsw), doelgroepregistratie)"):
// a wajong or wsw candidate is valued there as the row, not refused.
func TestHaaglandenBanenafspraakIncludesWajongAndWsw(t *testing.T) {
	c, _ := Default().CatalogOn("den-haag", civil.MustParse("2026-03-02"))
	row, _ := c.Block("doelgroepregister")
	if !strings.Contains(row.NameNL, "Wajong") || !strings.Contains(row.NameNL, "Wsw") {
		t.Errorf("the Banenafspraak row's name %q does not say it includes Wajong and Wsw", row.NameNL)
	}
	for _, code := range []string{"wajong", "wsw"} {
		b, ok := c.Block(code)
		if !ok || b.ValueCents != row.ValueCents || b.MaxMonths != row.MaxMonths || !reflect.DeepEqual(b.Bonuses, row.Bonuses) {
			t.Errorf("%s = %+v, %v; want the Banenafspraak row's value, limit and bonuses", code, b, ok)
		}
	}
}

// Utrecht's older table as published: thirteen rows, values for a full-time
// contract of 40 hours a week ("Social Return: tabel bouwblokken social
// return", gemeente Utrecht), the model PIANOo's 2019 case study describes
// ("dertien bouwblokken", 40,000 for a full-time Participatiewet hire).
func TestUtrecht2015IsThePublishedTable(t *testing.T) {
	c, ok := Default().Catalog("utrecht", "2015")
	if !ok || c.FullTimeHours != 40 {
		t.Fatalf("utrecht 2015: %v, full_time_hours %d, want 40", ok, c.FullTimeHours)
	}
	var codes []string
	for _, b := range c.Blocks {
		codes = append(codes, b.Code)
	}
	// Rows 1-6, 10, 11, 13 are person blocks (row 6 also as wajong and wsw),
	// rows 7 and 12 are purchases, hours and invoices, rows 8 and 9 bonuses;
	// agreed_activity is the case study's "maatwerk".
	want := []string{
		"participatiewet_lt2y", "participatiewet_gt2y", "ww_lt1y", "ww_gt1y", "wia_wao", "doelgroepregister",
		"wajong", "wsw", "social_purchase", "bbl", "bol", "social_activity", "training", "no_benefit", "agreed_activity",
	}
	if !slices.Equal(codes, want) {
		t.Fatalf("codes %v, want %v", codes, want)
	}
}

// Holland Rijnland's units: the BOL internship is prorated by weeks ("Stage
// op jaarbasis of naar rato / weken") and the social activity is tailored at
// most EUR 1,000 a day ("Maatwerk, € 1.000, maximaal per dag").
func TestHollandRijnlandUnits(t *testing.T) {
	c, _ := Default().CatalogOn("leiden", civil.MustParse("2026-03-02"))
	if b, _ := c.Block("bol"); !b.PerWeeks {
		t.Error("bol is not counted in weeks")
	}
	if b, _ := c.Block("agreed_activity"); b.MaxPerDayCents != 100_000 {
		t.Errorf("agreed_activity max_per_day_cents = %d, want 100000", b.MaxPerDayCents)
	}
	for _, b := range c.Blocks {
		if b.Code != "bol" && b.PerWeeks {
			t.Errorf("%s is counted in weeks, but the table says so only for the BOL internship", b.Code)
		}
	}
}

// docs/domain.md is the readers' handbook of these rules: it lists every
// public document the data cite (title, and URL where there is one), every
// code the project added, and the readings chosen for unclear sources.
func TestDomainDocCitesTheDataSources(t *testing.T) {
	b, err := os.ReadFile("../../docs/domain.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	for _, d := range dataCitations(t).docs {
		if !strings.Contains(doc, d.Title) || !strings.Contains(doc, d.URL) {
			t.Errorf("docs/domain.md does not list %s", d.citation())
		}
	}
	for code := range addedBlocks {
		if !strings.Contains(doc, "`"+code+"`") {
			t.Errorf("docs/domain.md does not list the added code %s", code)
		}
	}
	for _, heading := range []string{"## 9. Readings of unclear sources", "## 10. Where the sources disagree"} {
		if !strings.Contains(doc, heading) {
			t.Errorf("docs/domain.md lacks %q", heading)
		}
	}
	if err := noLocalRef(doc); err != nil {
		t.Error(err)
	}
}

// A block code means the same in every catalog (API.md): at least its kind.
func TestBlockCodesKeepTheirKind(t *testing.T) {
	r := Default()
	kinds := map[string]string{}
	for _, family := range slices.Sorted(maps.Keys(r.catalogs)) {
		for _, c := range r.catalogs[family] {
			for _, b := range c.Blocks {
				if k, ok := kinds[b.Code]; ok && k != b.Kind {
					t.Errorf("%s is %s elsewhere but %s in %s %s", b.Code, k, b.Kind, c.Family, c.Version)
				}
				kinds[b.Code] = b.Kind
			}
		}
	}
}

// The registry is shared by every request: changing what it returns must not
// change what the next caller sees.
func TestAccessorsReturnCopies(t *testing.T) {
	r := Default()
	m := mustMunicipality(t, "amsterdam")
	m.Thresholds[0].AmountCents = 1
	*m.Thresholds[0].ValidUntil = civil.MustParse("2099-01-01")
	m.PSODiscountBP["3"] = 9999
	m.Sources["thresholds"] = ""
	m.CatalogVersions[0].Version = "x"
	all := r.Municipalities()
	all[0].Name = "changed"

	c, _ := r.CatalogOn("utrecht", civil.MustParse("2026-03-02"))
	c.Blocks[0].ValueCents = 1
	c.Blocks[0].Bonuses[0].ValueCents = 1
	c.Sources[0] = ""

	fresh := mustMunicipality(t, "amsterdam")
	if fresh.Thresholds[0].AmountCents != 21_500_000 || fresh.Thresholds[0].ValidUntil.String() != "2023-12-31" ||
		fresh.PSODiscountBP["3"] != 5000 || fresh.Sources["thresholds"] == "" || fresh.CatalogVersions[0].Version != "1" {
		t.Fatalf("a caller changed the registry's Amsterdam: %+v", fresh)
	}
	if r.Municipalities()[0].Name != "Amersfoort" {
		t.Fatal("a caller changed the registry's municipality list")
	}
	fc, _ := r.CatalogOn("utrecht", civil.MustParse("2026-03-02"))
	if fc.Blocks[0].ValueCents != 4_000_000 || fc.Blocks[0].Bonuses[0].ValueCents != 1_000_000 || fc.Sources[0] == "" {
		t.Fatal("a caller changed the registry's catalog")
	}
}

// API.md shows empty lists and maps as [] and {}, never null.
func TestJSONShape(t *testing.T) {
	b, err := json.Marshal(mustMunicipality(t, "amersfoort"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, want := range []string{`"thresholds":[]`, `"pso_discount_bp":{}`, `"reporting":"final"`, `"catalog_versions":[{"version":"1","valid_from":"2015-01-01"}]`} {
		if !strings.Contains(s, want) {
			t.Errorf("municipality JSON lacks %s: %s", want, s)
		}
	}
	c, _ := Default().CatalogOn("utrecht", civil.MustParse("2026-03-02"))
	b, err = json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"code":"social_activity","name_nl":"Inzet van medewerkers voor scholing, kennis of een sociaal project (uren)","name_en":"Employee hours for training, knowledge sharing or a social project","kind":"hours","hourly_cents":10000,"note":"EUR 100 per employee-hour.","source":"Gemeente Utrecht, \"Social return berekenen (bouwblokken)\" (undated web page), https://www.utrecht.nl/ondernemen/inkopen-en-aanbesteden/social-return/social-return-berekenen-bouwblokken/: 'Kosten of € 100 per medewerker per uur'"}`
	if !strings.Contains(string(b), want) {
		t.Errorf("catalog JSON lacks %s", want)
	}
}

// A minimal valid data set; each broken case below changes one thing in it.
var fixture = map[string]string{
	documentsFile: `{"documents": [
  {"publisher": "Town hall", "title": "Rules", "date": "2020", "url": "https://example.org/rules"},
  {"publisher": "Town hall", "title": "Table", "date": "undated"}]}`,
	municipalitiesFile: `{"policies": [{
  "key": "p", "sr_office": "Office", "catalog_family": "fam",
  "municipalities": [{"id": "town", "name": "Town"}],
  "thresholds": [
    {"valid_from": "2020-01-01", "valid_until": "2021-12-31", "amount_cents": 100, "source": "project default: a"},
    {"valid_from": "2022-01-01", "amount_cents": 200, "source": "project default: b"}],
  "default_percentage_bp": 500, "percentage_range_bp": {"min": 100, "max": 2500},
  "registration_days": 7, "plan_approval_days": 42, "plan_extension_max_days": 84,
  "reporting": "quarterly", "pso_discount_bp": {"3": 5000}, "small_contract": "none", "reminder_working_days": [5, 1],
  "sources": {"sr_office": "project default: s", "reminder_working_days": "project default: s", "thresholds": "project default: s",
    "default_percentage_bp": "Town hall, \"Rules\" (2020), https://example.org/rules: 5%", "percentage_range_bp": "project default: s",
    "registration_days": "project default: s", "plan_approval_days": "project default: s",
    "plan_extension_max_days": "project default: s", "reporting": "project default: s",
    "pso_discount_bp": "project default: s", "small_contract": "project default: s",
    "catalog_versions": "Town hall, \"Table\" (undated)", "evidence_required": "project default: s"}}]}`,
	"data/catalogs/fam-1.json": `{"family": "fam", "version": "1", "valid_from": "2020-01-01", "valid_until": "2022-12-31",
  "full_time_hours": 36, "sources": ["Town hall, \"Table\" (undated)"],
  "blocks": [{"code": "participatiewet", "name_nl": "n", "name_en": "n", "kind": "person", "value_cents": 100,
    "bonuses": [{"code": "permanent_contract", "value_cents": 10}], "source": "Town hall, \"Table\" (undated)"}]}`,
	"data/catalogs/fam-2.json": `{"family": "fam", "version": "2", "valid_from": "2023-01-01",
  "full_time_hours": 36, "sources": ["Town hall, \"Table\" (undated)"],
  "blocks": [{"code": "social_purchase", "name_nl": "n", "name_en": "n", "kind": "money", "source": "Town hall, \"Table\" (undated)"}]}`,
}

func fixtureFS(t *testing.T, file, old, new string) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, data := range fixture {
		if name == file {
			if !strings.Contains(data, old) {
				t.Fatalf("fixture %s does not contain %q", name, old)
			}
			data = strings.Replace(data, old, new, 1)
		}
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	return fsys
}

func TestLoadAcceptsTheFixture(t *testing.T) {
	r, err := load(fixtureFS(t, "", "", ""))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := r.CatalogOn("town", civil.MustParse("2023-01-01")); !ok {
		t.Fatal("fixture catalog not in force")
	}
}

func TestLoadRejectsBrokenData(t *testing.T) {
	const muni, cat1, cat2 = municipalitiesFile, "data/catalogs/fam-1.json", "data/catalogs/fam-2.json"
	tests := []struct {
		name           string
		file, old, new string
		wantErr        string
	}{
		{"block without source", cat2, `"kind": "money", "source": "Town hall, \"Table\" (undated)"`, `"kind": "money", "source": ""`, "has no source"},
		{"source that names nothing", cat2, `"kind": "money", "source": "Town hall, \"Table\" (undated)"`, `"kind": "money", "source": "the internet"`, "cites no public document"},
		{"source citing a seed file", muni, `"Town hall, \"Rules\" (2020), https://example.org/rules: 5%"`, `"seeds/000_example.txt"`, "a file users of the API do not have"},
		{"source citing a document by a wrong URL", muni, `https://example.org/rules: 5%`, `https://example.org/rulez: 5%`, "no known document's URL"},
		{"source citing a document without its date", muni, `"Town hall, \"Rules\" (2020), https://example.org/rules: 5%"`, `"Town hall, \"Rules\", https://example.org/rules: 5%"`, "cites no public document"},
		{"note naming the old handbook", cat1, `"source": "Town hall, \"Table\" (undated)"}]}`, `"note": "see DOMAIN.md", "source": "Town hall, \"Table\" (undated)"}]}`, "DOMAIN.md"},
		{"document cited nowhere", documentsFile, `"date": "undated"}`, `"date": "undated"}, {"publisher": "P", "title": "T", "date": "2021"}`, "is cited by no source"},
		{"document without a date", documentsFile, `"date": "undated"`, `"date": ""`, "needs a publisher, a title and a date"},
		{"overlapping catalog versions", cat1, `"valid_until": "2022-12-31"`, `"valid_until": "2023-01-01"`, "overlaps"},
		{"open-ended version before another", cat1, `, "valid_until": "2022-12-31"`, ``, "overlaps"},
		{"unknown kind", cat2, `"kind": "money"`, `"kind": "gift"`, `unknown kind "gift"`},
		{"person block without value", cat1, `"value_cents": 100,`, ``, "value_cents 0 must be"},
		{"money block with a value", cat2, `"kind": "money"`, `"kind": "money", "value_cents": 5`, "belong to person blocks only"},
		{"money block counted in weeks", cat2, `"kind": "money"`, `"kind": "money", "per_weeks": true`, "belong to person blocks only"},
		{"per-weeks block with a month limit", cat1, `"value_cents": 100,`, `"value_cents": 100, "per_weeks": true, "max_months": 12,`, "counted in weeks"},
		{"person block with a daily maximum", cat1, `"value_cents": 100,`, `"value_cents": 100, "max_per_day_cents": 5,`, "max_per_day_cents belongs to agreed blocks only"},
		{"agreed block with a negative daily maximum", cat2, `"kind": "money"`, `"kind": "agreed", "max_per_day_cents": -1`, "max_per_day_cents -1 must be"},
		{"unknown field", cat2, `"kind": "money"`, `"kind": "money", "valeu_cents": 5`, "unknown field"},
		{"catalog file named after another version", cat2, `"version": "2"`, `"version": "3"`, "must be named fam-3.json"},
		{"same code, different kinds", cat2, `"code": "social_purchase"`, `"code": "participatiewet"`, "is person in"},
		{"bonus without value", cat1, `"value_cents": 10}`, `"value_cents": 0}`, "bonus permanent_contract"},
		{"missing rule source", muni, `"reporting": "project default: s",`, ``, "sources[reporting]"},
		{"unknown rule source", muni, `"reporting": "project default: s",`, `"reporting": "project default: s", "colour": "project default: s",`, "not a rule"},
		{"overlapping thresholds", muni, `"valid_from": "2022-01-01"`, `"valid_from": "2021-06-01"`, "overlaps"},
		{"thresholds out of order", muni, `"valid_from": "2022-01-01"`, `"valid_from": "2019-01-01"`, "overlaps or precedes"},
		{"default outside its range", muni, `"default_percentage_bp": 500`, `"default_percentage_bp": 50`, "outside percentage_range_bp"},
		{"PSO discount above 50%", muni, `{"3": 5000}`, `{"3": 6000}`, "must be in 1..5000"},
		{"PSO level 4", muni, `{"3": 5000}`, `{"4": 1000}`, `level "4"`},
		{"reporting monthly", muni, `"reporting": "quarterly"`, `"reporting": "monthly"`, `reporting "monthly" is not quarterly, semiannual or final`},
		{"catalog family without a file", muni, `"catalog_family": "fam"`, `"catalog_family": "other"`, `family "other" has no catalog file`},
		{"duplicate municipality", muni, `[{"id": "town", "name": "Town"}]`, `[{"id": "town", "name": "Town"}, {"id": "town", "name": "Town"}]`, "appears twice"},
		{"upper-case id", muni, `"id": "town"`, `"id": "Town"`, "lower-case id"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := load(fixtureFS(t, tc.file, tc.old, tc.new))
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("load error = %v, want one containing %q", err, tc.wantErr)
			}
		})
	}
}

// A source naming a file users do not have is refused, in any case.
func TestNoLocalRef(t *testing.T) {
	for s, bad := range map[string]bool{
		"see seeds/004_b48a.txt": true, "Seed/1": true, "notes.TXT, p. 3": true, "a-b.txt": true, "DOMAIN.md section 2": true,
		"../shared": true, "x.txt-y": true,
		`Gemeente Amsterdam, "Leidraad" (undated)`: false, "page.txtfile": false, ".txt alone": false, "https://example.org/a/b": false,
	} {
		if got := noLocalRef(s) != nil; got != bad {
			t.Errorf("%q: refused %v", s, got)
		}
	}
}
