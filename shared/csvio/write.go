package csvio

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"

	"github.com/srmonitor/srmonitor/shared/civil"
)

// Writer builds a CSV file for a Dutch spreadsheet: a UTF-8 byte order
// mark (without it Excel reads UTF-8 as Windows-1252 and garbles ë and €),
// semicolons (Dutch Excel's list separator, since the comma is its decimal
// separator) and CRLF line ends.
type Writer struct {
	buf bytes.Buffer
	csv *csv.Writer
}

// NewWriter starts a file with header as its first row.
func NewWriter(header ...string) *Writer {
	w := &Writer{}
	w.buf.Write(bom)
	w.csv = csv.NewWriter(&w.buf)
	w.csv.Comma = ';'
	w.csv.UseCRLF = true
	w.Row(header...)
	return w
}

// Row appends a row; every cell is neutralised (see Neutralise).
func (w *Writer) Row(cells ...string) {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = Neutralise(c)
	}
	// Writing to a bytes.Buffer cannot fail.
	_ = w.csv.Write(out)
}

// Bytes returns the file.
func (w *Writer) Bytes() []byte {
	w.csv.Flush()
	return w.buf.Bytes()
}

// Neutralise keeps a spreadsheet from reading a cell as a formula, as
// OWASP's "CSV Injection" advice has it: a cell that begins with =, +, -,
// @, a tab or a carriage return gets a leading apostrophe, so a contractor
// name such as =HYPERLINK(...) shows as text. The quoting of the rest
// (separators, quotes, line breaks) is encoding/csv's. The numbers this
// package writes never begin with those characters (amounts are never
// negative), so they stay numbers.
func Neutralise(cell string) string {
	if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return "'" + cell
	}
	return cell
}

// Unneutralise undoes Neutralise on a cell read back, so an exported file
// imports as it was exported.
func Unneutralise(cell string) string {
	if len(cell) > 1 && cell[0] == '\'' && strings.ContainsRune("=+-@\t\r", rune(cell[1])) {
		return cell[1:]
	}
	return cell
}

// EurosCell writes cents as euros with a decimal comma and no thousands
// separator ("1234,56"), which a Dutch spreadsheet reads as a number.
func EurosCell(cents int64) string {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	frac := strconv.FormatInt(cents%100, 10)
	if len(frac) == 1 {
		frac = "0" + frac
	}
	return sign + strconv.FormatInt(cents/100, 10) + "," + frac
}

// PercentCell writes basis points as a percentage with a decimal comma:
// 500 is "5,00".
func PercentCell(bp int64) string { return EurosCell(bp) }

// DateCell writes a date day first, as Dutch spreadsheets show and read
// it: 31-12-2026; "" for the zero date.
func DateCell(d civil.Date) string {
	if d.IsZero() {
		return ""
	}
	s := d.String() // YYYY-MM-DD
	return s[8:10] + "-" + s[5:7] + "-" + s[0:4]
}

// BoolCell writes ja or nee.
func BoolCell(b bool) string {
	if b {
		return "ja"
	}
	return "nee"
}
