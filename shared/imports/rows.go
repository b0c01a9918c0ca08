// Package imports reads contracts and report lines from CSV files as
// spreadsheets export them and turns them into the domain's inputs, with
// every problem named by the file's row and column. The domain decides
// what is valid: a contract row is validated by contract.Service.Create
// itself (run against a repository that stores nothing), report lines by
// contract.Service.SubmitReport, so an import accepts exactly what the API
// accepts.
//
// A contract import of thousands of rows runs as a job: the rows are
// checked and stored in chunks, each chunk is queued, and a worker creates
// its contracts (one write transaction per contract) and records the
// results. The reference is the key: a row whose reference exists already
// creates nothing; with other data it is reported as a conflict, never
// overwritten.
package imports

import (
	"fmt"
	"strings"

	"github.com/srmonitor/srmonitor/shared/civil"
	"github.com/srmonitor/srmonitor/shared/contract"
	"github.com/srmonitor/srmonitor/shared/csvio"
	"github.com/srmonitor/srmonitor/shared/policy"
)

// MaxRows is the most data rows one contract file may have: 1 MiB holds
// about that many rows of the shortest realistic length.
const MaxRows = 10_000

// Problem is one thing wrong with a row: the column as the file names it,
// the API field it fills, and what is wrong.
type Problem struct {
	Column  string `json:"column"`
	Field   string `json:"field"`
	Problem string `json:"problem"`
}

// contractColumns are the columns of a contract file: POST /contracts's
// fields by their API names, and the names Dutch spreadsheets give them.
// value and percentage are the Dutch forms of value_cents and percentage_bp:
// euros and percent.
var contractColumns = []csvio.Column{
	{Name: "municipality", Aliases: []string{"gemeente"}},
	{Name: "reference", Aliases: []string{"kenmerk", "referentie", "contractnummer", "contractkenmerk"}},
	{Name: "title", Aliases: []string{"omschrijving", "titel", "onderwerp", "opdracht"}},
	{Name: "contractor_kvk", Aliases: []string{"kvk", "kvk-nummer", "kvknummer opdrachtnemer"}},
	{Name: "contractor_name", Aliases: []string{"opdrachtnemer", "naam opdrachtnemer", "leverancier"}},
	{Name: "contractor_email", Aliases: []string{"e-mail", "e-mailadres", "e-mail opdrachtnemer"}},
	{Name: "value_cents"},
	{Name: "value", Aliases: []string{"opdrachtwaarde", "waarde", "contractwaarde"}},
	{Name: "percentage_bp"},
	{Name: "percentage", Aliases: []string{"sr-percentage", "social return percentage"}},
	{Name: "pso_level", Aliases: []string{"pso-trede", "pso"}},
	{Name: "social_award_criterion", Aliases: []string{"sociaal gunningscriterium", "gunningscriterium"}},
	{Name: "awarded_on", Aliases: []string{"gunningsdatum", "datum gunning"}},
	{Name: "starts_on", Aliases: []string{"startdatum", "ingangsdatum", "begindatum"}},
	{Name: "ends_on", Aliases: []string{"einddatum"}},
	{Name: "reporting", Aliases: []string{"rapportage", "rapportagefrequentie"}},
}

// ExportOnly are the columns of the contract export (GET /contracts as
// CSV) that are no input: an exported file imports again, these columns
// ignored.
var ExportOnly = []string{
	"status", "verplichting", "geaccepteerd", "ingediend", "resterend", "dekking", "open signalen", "volgende rapportage", "aangemeld op", "id",
}

var requiredContractColumns = []string{"reference", "title", "contractor_kvk", "contractor_name", "awarded_on", "starts_on", "ends_on"}

// Row is a contract row read from a file.
type Row struct {
	Line      int
	Reference string // as in the file, for results
	Input     contract.CreateInput
	Problems  []Problem
}

// File is a contract file read: its rows and how its columns map onto
// the API's fields.
type File struct {
	Rows []Row
	cols csvio.Columns
}

// Column is the file's column for an API field of POST /contracts, for
// the domain's problems: value_cents may come from an opdrachtwaarde column.
func (f *File) Column(field string) string {
	switch {
	case field == "value_cents" && f.cols.Has("value"):
		return f.cols.Header("value")
	case field == "percentage_bp" && f.cols.Has("percentage"):
		return f.cols.Header("percentage")
	}
	return f.cols.Header(field)
}

// ParseContracts reads a contract file. A file that cannot be read as a
// table, or whose header is wrong, gives file problems (all of them) and
// no rows; each row's cell problems are in the row. Municipalities may be
// given by id or by name ("Den Haag").
func ParseContracts(b []byte, reg *policy.Registry) (*File, []string) {
	t, err := csvio.Read(b, MaxRows)
	if err != nil {
		return nil, []string{err.Error()}
	}
	cols, probs := t.Map(contractColumns, requiredContractColumns, ExportOnly)
	switch {
	case cols.Has("value") && cols.Has("value_cents"):
		probs = append(probs, fmt.Sprintf("columns %q and %q both give the contract value; keep one", cols.Header("value"), cols.Header("value_cents")))
	case !cols.Has("value") && !cols.Has("value_cents"):
		probs = append(probs, "column value_cents (or opdrachtwaarde, waarde, contractwaarde, in euros) is missing")
	}
	if cols.Has("percentage") && cols.Has("percentage_bp") {
		probs = append(probs, fmt.Sprintf("columns %q and %q both give the percentage; keep one", cols.Header("percentage"), cols.Header("percentage_bp")))
	}
	if len(probs) > 0 {
		return nil, probs
	}
	if len(t.Rows) == 0 {
		return nil, []string{"the file has a header but no rows"}
	}
	f := &File{Rows: make([]Row, len(t.Rows)), cols: cols}
	ids := municipalityIDs(reg)
	for i, r := range t.Rows {
		f.Rows[i] = parseContract(r, cols, ids)
	}
	return f, nil
}

// cellReader reads one row's cells, collecting problems per column.
type cellReader struct {
	row  csvio.Row
	cols csvio.Columns
	out  *[]Problem
}

func (c cellReader) text(field string) string {
	return csvio.Unneutralise(c.cols.Get(c.row, field))
}

func (c cellReader) fail(field, target string, err error) {
	*c.out = append(*c.out, Problem{Column: c.cols.Header(field), Field: target, Problem: err.Error()})
}

// int64 reads field with parse into the API field target; nil when empty
// or wrong.
func (c cellReader) int64(field, target string, parse func(string) (int64, error)) *int64 {
	s := c.text(field)
	if s == "" {
		return nil
	}
	v, err := parse(s)
	if err != nil {
		c.fail(field, target, err)
		return nil
	}
	return &v
}

func (c cellReader) date(field string) *civil.Date {
	s := c.text(field)
	if s == "" {
		return nil
	}
	d, err := csvio.Date(s)
	if err != nil {
		c.fail(field, field, err)
		return nil
	}
	return &d
}

func parseContract(r csvio.Row, cols csvio.Columns, municipalities map[string]string) Row {
	row := Row{Line: r.Line}
	c := cellReader{row: r, cols: cols, out: &row.Problems}
	in := &row.Input
	in.Municipality = c.text("municipality")
	if id, ok := municipalities[csvio.Normalize(in.Municipality)]; ok {
		in.Municipality = id
	}
	in.Reference, in.Title = c.text("reference"), c.text("title")
	in.ContractorKvK, in.ContractorName, in.ContractorEmail = c.text("contractor_kvk"), c.text("contractor_name"), c.text("contractor_email")
	row.Reference = in.Reference
	if cols.Has("value") {
		in.ValueCents = c.int64("value", "value_cents", csvio.Euros)
	} else {
		in.ValueCents = c.int64("value_cents", "value_cents", csvio.Cents)
	}
	if cols.Has("percentage") {
		in.PercentageBP = c.int64("percentage", "percentage_bp", csvio.PercentBP)
	} else {
		in.PercentageBP = c.int64("percentage_bp", "percentage_bp", csvio.Int)
	}
	if pso := c.int64("pso_level", "pso_level", csvio.Int); pso != nil {
		// The domain bounds it (0 to 3); a huge number is its problem too.
		in.PSOLevel = int(min(*pso, 1<<20))
	}
	if s := c.text("social_award_criterion"); s != "" {
		b, err := csvio.Bool(s)
		if err != nil {
			c.fail("social_award_criterion", "social_award_criterion", err)
		}
		in.SocialAwardCriterion = b
	}
	in.AwardedOn, in.StartsOn, in.EndsOn = c.date("awarded_on"), c.date("starts_on"), c.date("ends_on")
	in.Reporting = cadence(c.text("reporting"))
	return row
}

// municipalityIDs maps the municipalities' ids and names, normalised, to
// their ids, so a file may name one either way and in any case ("Den
// Haag" is den-haag). Anything else is passed on for the domain to refuse.
func municipalityIDs(reg *policy.Registry) map[string]string {
	out := map[string]string{}
	for _, m := range reg.Municipalities() {
		out[csvio.Normalize(m.ID)], out[csvio.Normalize(m.Name)] = m.ID, m.ID
	}
	return out
}

// cadence reads the reporting cadence in English or Dutch; anything else is
// passed on for the domain to refuse with its own message.
func cadence(s string) string {
	switch csvio.Normalize(s) {
	case "kwartaal", "perkwartaal", "kwartaalrapportage", "quarterly":
		return "quarterly"
	case "halfjaar", "perhalfjaar", "halfjaarlijks", "semiannual":
		return "semiannual"
	case "eind", "eindrapportage", "alleeneindrapportage", "final":
		return "final"
	}
	return strings.TrimSpace(s)
}
