// Package csvio reads and writes CSV the way Dutch spreadsheets do: Excel
// and LibreOffice in a Dutch locale save semicolon-separated files (the
// comma is the decimal separator), often with a UTF-8 byte order mark, with
// money as 1.234,56 and dates as 31-12-2026. Reading accepts that and the
// comma-separated, ISO-dated form of other tools; writing produces what a
// Dutch Excel opens without an import wizard, with every cell neutralised
// against formula injection.
package csvio

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Table is a parsed CSV file: its header and data rows.
type Table struct {
	Header []string // as in the file, trimmed
	Rows   []Row
}

// Row is one data record.
type Row struct {
	// Line is the record's row number as a spreadsheet shows it: the header
	// is row 1, the first data row 2. (A cell with a line break in it keeps
	// its record on one spreadsheet row.)
	Line  int
	Cells []string // trimmed; missing trailing cells are ""
}

// Cell returns the row's cell in column i, "" when the row is shorter or
// i is negative.
func (r Row) Cell(i int) string {
	if i < 0 || i >= len(r.Cells) {
		return ""
	}
	return r.Cells[i]
}

// FileError is a file that cannot be read as a table at all: not UTF-8, no
// header, malformed quoting, too many rows. It says where and why, for the
// person who has to fix the file.
type FileError struct{ Reason string }

func (e *FileError) Error() string { return e.Reason }

func fileError(format string, args ...any) error {
	return &FileError{Reason: fmt.Sprintf(format, args...)}
}

var bom = []byte("\ufeff")

// Read parses b: UTF-8 with or without a byte order mark, separated by
// semicolons, commas or tabs (whichever the header line has most of, outside
// quotes), with a header row. Blank rows (a spreadsheet's trailing ;;;) are
// skipped. More than maxRows data rows is a FileError.
func Read(b []byte, maxRows int) (*Table, error) {
	b = bytes.TrimPrefix(b, bom)
	if !utf8.Valid(b) {
		line := 1 + bytes.Count(b[:firstInvalid(b)], []byte("\n"))
		return nil, fileError("the file is not UTF-8 (first unreadable character on line %d): save it as \"CSV UTF-8\"", line)
	}
	r := csv.NewReader(bytes.NewReader(b))
	r.Comma = Separator(b)
	r.FieldsPerRecord = -1 // spreadsheets drop empty trailing cells
	t := &Table{}
	// row counts as a spreadsheet does: encoding/csv skips empty lines,
	// which a spreadsheet shows as rows, and a quoted cell may span lines
	// of the file within one row.
	row, end := 0, 0
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, fileError("row %d is not valid CSV: %v (a quote inside a cell must be doubled)", row+pe.StartLine-end, pe.Err)
			}
			return nil, err
		}
		start, _ := r.FieldPos(0)
		row += start - end
		last, _ := r.FieldPos(len(rec) - 1)
		end = last + strings.Count(rec[len(rec)-1], "\n")
		n := row
		for i := range rec {
			rec[i] = strings.TrimSpace(rec[i])
		}
		if t.Header == nil {
			if blank(rec) {
				return nil, fileError("row 1 must be the header with the column names; it is empty")
			}
			t.Header = rec
			continue
		}
		if blank(rec) {
			continue
		}
		if len(t.Rows) == maxRows {
			return nil, fileError("the file has more than %d rows; split it into files of at most %d", maxRows, maxRows)
		}
		t.Rows = append(t.Rows, Row{Line: n, Cells: rec})
	}
	if t.Header == nil {
		return nil, fileError("the file is empty: it needs a header row with the column names")
	}
	return t, nil
}

func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(b)
}

func blank(rec []string) bool {
	return !slices.ContainsFunc(rec, func(s string) bool { return s != "" })
}

// Separator guesses the separator from the first line of b: the one of
// ';', ',' and tab that occurs most outside quotes; ';' when there is none
// (a one-column file), as a Dutch spreadsheet writes.
func Separator(b []byte) rune {
	counts := map[rune]int{}
	quoted := false
	for _, c := range string(b) {
		if c == '"' {
			quoted = !quoted
			continue
		}
		if !quoted && (c == '\n' || c == '\r') {
			break
		}
		if !quoted {
			counts[c]++
		}
	}
	best := ';'
	for _, c := range []rune{',', '\t'} {
		if counts[c] > counts[best] {
			best = c
		}
	}
	return best
}

// Column is a field a table may have, under its API name or another name
// people give it (Dutch, or a spreadsheet's own).
type Column struct {
	Name    string
	Aliases []string
}

// Columns maps a table's header onto fields.
type Columns struct {
	index  map[string]int    // field -> column
	header map[string]string // field -> the header as the file names it
}

// Has reports whether the file has a column for field.
func (c Columns) Has(field string) bool { _, ok := c.index[field]; return ok }

// Get returns the row's cell for field, "" without such a column.
func (c Columns) Get(r Row, field string) string {
	i, ok := c.index[field]
	if !ok {
		return ""
	}
	return r.Cell(i)
}

// Header returns the column name the file uses for field, or the field
// name when it has no such column: what a problem should point at.
func (c Columns) Header(field string) string {
	if h, ok := c.header[field]; ok {
		return h
	}
	return field
}

// Normalize reduces a column name to its letters and digits in lower case,
// so "KvK-nummer", "kvk nummer" and "KVK_NUMMER" are one name and a unit
// in brackets ("Opdrachtwaarde (€)") does not matter.
func Normalize(name string) string {
	var sb strings.Builder
	for _, r := range strings.ToLower(name) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			sb.WriteRune(r)
		}
	}
	return sb.String()
}

// Map finds the columns of t. A header that names no column and is not in
// ignore, a column given twice, or a required field without a column is a
// problem of the header; all are reported at once.
func (t *Table) Map(cols []Column, required, ignore []string) (Columns, []string) {
	byName := map[string]string{}
	for _, c := range cols {
		byName[Normalize(c.Name)] = c.Name
		for _, a := range c.Aliases {
			byName[Normalize(a)] = c.Name
		}
	}
	skip := map[string]bool{}
	for _, s := range ignore {
		skip[Normalize(s)] = true
	}
	m := Columns{index: map[string]int{}, header: map[string]string{}}
	var problems []string
	for i, h := range t.Header {
		n := Normalize(h)
		field, ok := byName[n]
		switch {
		case n == "" || skip[n]:
		case !ok:
			problems = append(problems, fmt.Sprintf("unknown column %q", h))
		case m.Has(field):
			problems = append(problems, fmt.Sprintf("columns %q and %q both give %s", m.header[field], h, field))
		default:
			m.index[field], m.header[field] = i, h
		}
	}
	for _, f := range required {
		if !m.Has(f) {
			problems = append(problems, fmt.Sprintf("column %s is missing", describe(cols, f)))
		}
	}
	return m, problems
}

// describe names a field with its aliases: `reference (or kenmerk, ...)`.
func describe(cols []Column, field string) string {
	for _, c := range cols {
		if c.Name == field && len(c.Aliases) > 0 {
			return fmt.Sprintf("%s (or %s)", field, strings.Join(c.Aliases, ", "))
		}
	}
	return field
}
