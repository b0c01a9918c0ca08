package bsn

import (
	"bytes"
	"sort"
	"strings"
	"unicode/utf8"
)

// Tables (CSV files, XLSX sheets) are also read by column. A column under a
// header that names the BSN counts its values as labelled, so that an
// eight-digit number that lost its leading zero in a spreadsheet is seen
// without a label next to it. A column under a header that names another
// number (Personeelsnummer, KvK, Factuurnummer, Telefoon) is read as if that
// label stood before each value: only a BSN labelled in the cell itself
// counts. Any row may hold the headers, because exports often start with a
// title or a blank line.

// maxHeader bounds the length of a header cell; longer cells are text.
const maxHeader = 64

type columnKind uint8

const (
	textColumn  columnKind = iota
	bsnColumn              // under a BSN header
	otherColumn            // under a header naming another number
)

// columns records the kind of each column of one table.
type columns map[int]columnKind

// cell returns the kind of the column a cell is in, and records the cell
// as the column's header when it is one, for the rows below.
func (c columns) cell(col int, value string) columnKind {
	kind := c[col]
	switch {
	case isBSNHeader(value):
		c[col] = bsnColumn
	case isOtherHeader(value):
		c[col] = otherColumn
	}
	return kind
}

// header reports whether a cell may be a column header: short, with a
// letter and without digits.
func header(cell string) bool {
	return len(cell) <= maxHeader && strings.IndexFunc(cell, isASCIILetterRune) >= 0 &&
		!strings.ContainsAny(cell, "0123456789")
}

func isASCIILetterRune(r rune) bool { return r < utf8.RuneSelf && isASCIILetter(byte(r)) }

// isBSNHeader reports whether a cell is a header that names the BSN: a
// short text without digits holding a BSN label, whatever its case,
// punctuation or spacing ("BSN", "bsn-nummer", "Burgerservicenr",
// "Sofinr.", "persoonsnummer (BSN)", "Citizen service number", "SSN",
// "medewerkerBsn", "BSN_NR").
func isBSNHeader(cell string) bool {
	if !header(cell) || !mentionsLabel(cell) {
		return false
	}
	return asWritten(cell, func(h string) bool {
		for k := 1; k <= len(h); k++ {
			if isASCIILetter(h[k-1]) && (k == len(h) || !isASCIILetter(h[k])) && labelEndsAt(h, 0, k) {
				return true
			}
		}
		return false
	})
}

// isOtherHeader reports whether a cell is a header that names another
// number ("Personeelsnummer", "KvK", "Factuurnr.", "klantNummer", "Employee
// ID"). The label must open the cell: a cell of text that merely ends in
// such a word ("bellen via tel") does not make its column one whose
// numbers go unread.
func isOtherHeader(cell string) bool {
	if !header(cell) {
		return false
	}
	return asWritten(cell, func(h string) bool {
		start, ok := otherLabelBefore(h, len(h))
		return ok && start == strings.IndexFunc(h, isASCIILetterRune)
	})
}

// asWritten reports whether match holds for the cell as written or with
// its camel case split into words ("medewerkerBsn" as "medewerker Bsn"),
// since splitting would break words such as "KvK".
func asWritten(cell string, match func(string) bool) bool {
	if match(cell) {
		return true
	}
	split := splitCamel(cell)
	return split != cell && match(split)
}

// mentionsLabel reports whether s contains the start of a BSN label, a
// quick test before the label is matched.
func mentionsLabel(s string) bool {
	for i := 0; i+3 <= len(s); i++ {
		switch w := s[i:]; lower(s[i]) {
		case 'b':
			if hasPrefixFold(w, "bsn") || hasPrefixFold(w, "b.s.n") || hasPrefixFold(w, "burger") {
				return true
			}
		case 's':
			if hasPrefixFold(w, "sofi") || hasPrefixFold(w, "ssn") || hasPrefixFold(w, "social") {
				return true
			}
		case 'c':
			if hasPrefixFold(w, "citizen") {
				return true
			}
		}
	}
	return false
}

// splitCamel puts a space where a lower-case letter meets an upper-case
// one, so that column names such as "medewerkerBsn" read as words.
func splitCamel(s string) string {
	camel := false
	for i := 1; i < len(s) && !camel; i++ {
		camel = s[i] >= 'A' && s[i] <= 'Z' && s[i-1] >= 'a' && s[i-1] <= 'z'
	}
	if !camel {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if i > 0 && s[i] >= 'A' && s[i] <= 'Z' && s[i-1] >= 'a' && s[i-1] <= 'z' {
			b.WriteByte(' ')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// labelledCell reports whether a cell in a BSN column holds a BSN: eight
// or nine digits, possibly grouped, passing the eleven-test. Spreadsheet
// exports may keep the leading zero by writing ="012345672".
func labelledCell(text string) bool {
	if len(text) > maxHeader {
		return false // longer than any number with its spaces and quotes
	}
	t := strings.TrimSpace(text)
	t = strings.TrimPrefix(t, "=")
	t = strings.TrimSpace(strings.Trim(t, `"'`))
	if t == "" || !isDigit(t[0]) {
		return false
	}
	end, ok := scanner{text: t}.labelledNumber(0)
	return ok && end == len(t)
}

// scanCSV scans a delimited text file: by column, then as text, with the
// delimiter telling whether a comma separates fields or starts decimals.
func scanCSV(content []byte, lim limits) []Finding {
	text := string(content)
	delim := csvDelimiter(text)
	cols := columns{}
	var inColumns []Finding
	var other [][2]int // cells that could hold a number, in columns naming other numbers
	csvCells(text, delim, func(col int, value string, start, end int) bool {
		switch cols.cell(col, value) {
		case bsnColumn:
			if labelledCell(value) {
				first := start + strings.IndexAny(text[start:end], "0123456789")
				inColumns = append(inColumns, Finding{Form: FormLabelled, Offset: first})
			}
		case otherColumn:
			if digitCount(value) >= 9 {
				other = append(other, [2]int{start, end})
			}
		}
		return len(inColumns) < lim.findings
	})
	fs := findExcept(text, mode{commaSeparates: delim == ','}, lim.findings, other)
	return mergeFindings(fs, inColumns, lim.findings)
}

func digitCount(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) {
			n++
		}
	}
	return n
}

// mergeFindings adds findings from columns to those from the text, in file
// order. A number both found in the text and in a BSN column is reported
// once, as labelled.
func mergeFindings(text, inColumns []Finding, most int) []Finding {
	seen := make(map[int]bool, len(inColumns))
	for _, f := range inColumns {
		seen[f.Offset] = true
	}
	out := inColumns
	for _, f := range text {
		if !seen[f.Offset] {
			out = append(out, f)
		}
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].Offset < out[b].Offset })
	return out[:min(len(out), most)]
}

// csvDelimiter guesses a delimited file's field separator from its first
// records: of ';', ',' and tab, the one found the same number of times on
// most records, outside quotes, and on at least half of the records that
// are not empty. A title line or decimal commas do not mislead it, since they
// do not repeat line after line. On a tie the larger count wins, then ';',
// which Dutch spreadsheets write. It returns 0 for a file of one column.
func csvDelimiter(text string) byte {
	const lines = 20
	candidates := []byte{';', ',', '\t'}
	var counts [3][lines]int
	n, nonEmpty, blank, quoted := 0, 0, true, false
	sample := text[:min(len(text), 64<<10)]
records:
	for i := 0; i < len(sample); i++ {
		c := sample[i]
		switch {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '\n':
			if !blank {
				nonEmpty++
			}
			blank = true
			if n++; n == lines {
				break records
			}
			continue
		default:
			if k := bytes.IndexByte(candidates, c); k >= 0 {
				counts[k][n]++
			}
		}
		if c != ' ' && c != '\r' {
			blank = false
		}
	}
	if !blank {
		nonEmpty++
		n++
	}
	best, bestScore, bestCount := byte(0), (nonEmpty+1)/2-1, 0
	for c, d := range candidates {
		freq := map[int]int{}
		for _, k := range counts[c][:n] {
			if k > 0 {
				freq[k]++
			}
		}
		for k, score := range freq {
			if score > bestScore || score == bestScore && best != 0 && k > bestCount {
				best, bestScore, bestCount = d, score, k
			}
		}
	}
	return best
}

// csvCells calls cell for every cell of a delimited text with its column,
// its value without quotes, and the byte range it spans in text, until
// cell returns false. Quoted cells may hold delimiters, line breaks and
// doubled quotes; a byte order mark is skipped.
func csvCells(text string, delim byte, cell func(col int, value string, start, end int) bool) {
	i, col := 0, 0
	if strings.HasPrefix(text, "\ufeff") {
		i = len("\ufeff")
	}
	for {
		start := i
		var value string
		if i < len(text) && text[i] == '"' {
			value, i = quotedCell(text, i, delim)
		} else {
			for i < len(text) && text[i] != delim && text[i] != '\n' && text[i] != '\r' {
				i++
			}
			value = text[start:i]
		}
		if !cell(col, value, start, i) || i >= len(text) {
			return
		}
		switch {
		case text[i] == delim:
			col++
		case text[i] == '\r' && i+1 < len(text) && text[i+1] == '\n':
			i++
			col = 0
		default:
			col = 0
		}
		i++
	}
}

// quotedCell reads the quoted cell starting at i and returns its value and
// where it ends. Text after the closing quote, which strict CSV does not
// allow, is kept as spreadsheets keep it.
func quotedCell(text string, i int, delim byte) (string, int) {
	var b strings.Builder
	j := i + 1
	for j < len(text) {
		k := strings.IndexByte(text[j:], '"')
		if k < 0 {
			b.WriteString(text[j:])
			return b.String(), len(text)
		}
		b.WriteString(text[j : j+k])
		j += k + 1
		if j < len(text) && text[j] == '"' {
			b.WriteByte('"')
			j++
			continue
		}
		break
	}
	k := j
	for k < len(text) && text[k] != delim && text[k] != '\n' && text[k] != '\r' {
		k++
	}
	b.WriteString(text[j:k])
	return b.String(), k
}
