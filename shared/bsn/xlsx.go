package bsn

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// The XLSX reader lays each worksheet out as text, a row per line and cells
// separated by tabs, with shared strings put in the cells that use them, so
// that a label in one cell applies to the number in the next ("BSN" |
// 123456782). Shared strings no cell uses are scanned after the sheets. A
// column under a header cell that names the BSN is read as labelled (see
// columns), so an eight-digit number that lost its leading zero in Excel is
// still seen.

func scanXLSX(content []byte, lim limits) ([]Finding, error) {
	zr, err := zip.NewReader(bytes.NewReader(content), int64(len(content)))
	if err != nil {
		return nil, fmt.Errorf("bsn: reading xlsx: %w", err)
	}
	ex := newExtracted(lim)
	var sst *zip.File
	var sheets []*zip.File
	for _, f := range zr.File {
		name := strings.ToLower(f.Name)
		sheet, ok := strings.CutPrefix(name, "xl/worksheets/")
		switch {
		case name == "xl/sharedstrings.xml":
			sst = f
		case ok && strings.HasSuffix(sheet, ".xml") && !strings.Contains(sheet, "/"):
			sheets = append(sheets, f)
		}
	}
	var shared []string
	if sst != nil {
		data, err := readPart(ex, sst)
		if err != nil {
			return nil, err
		}
		if shared, err = sharedStrings(ex, data); err != nil {
			return nil, err
		}
	}
	used := make([]bool, len(shared))
	for _, f := range sheets {
		data, err := readPart(ex, f)
		if err != nil {
			return nil, err
		}
		if err := sheetText(ex, partOffset(f), data, shared, used); err != nil {
			return nil, err
		}
	}
	if sst != nil {
		ex.begin(partOffset(sst))
		for i, s := range shared {
			if !used[i] {
				ex.text.WriteString(s)
				ex.text.WriteByte('\n')
			}
		}
	}
	return ex.findings(), nil
}

// readPart inflates one zip entry within the file's budget. The declared size
// is checked first so that a bomb is refused before any work; the actual
// size is bounded again while reading, since the declaration may lie.
func readPart(ex *extracted, f *zip.File) ([]byte, error) {
	if err := ex.stream(); err != nil {
		return nil, err
	}
	if f.UncompressedSize64 > uint64(ex.lim.inflated-ex.inflated) {
		return nil, tooComplex("inflates to more than %d bytes", ex.lim.inflated)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("bsn: reading xlsx part %s: %w", f.Name, err)
	}
	defer rc.Close()
	// A damaged part is an error rather than skipped: Excel offers to
	// repair such a file and may then show what the scan did not read.
	data, err := ex.inflate(rc, false)
	if err != nil && !errors.Is(err, ErrTooComplex) {
		err = fmt.Errorf("bsn: reading xlsx part %s: %w", f.Name, err)
	}
	return data, err
}

func partOffset(f *zip.File) int {
	off, err := f.DataOffset()
	if err != nil {
		return 0
	}
	return int(off)
}

// sharedStrings returns the strings of xl/sharedStrings.xml in order. The
// runs of a rich-text string are joined; phonetic hints are left out. A
// malformed part yields the strings read up to the damage.
func sharedStrings(ex *extracted, data []byte) ([]string, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	var out []string
	var cur strings.Builder
	inSI, inT, phonetic := false, false, 0
	for {
		tok, err := d.RawToken()
		if err != nil {
			return out, nil
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if err := ex.element(); err != nil {
				return nil, err
			}
			switch t.Name.Local {
			case "si":
				inSI = true
				cur.Reset()
			case "t":
				inT = true
			case "rPh":
				phonetic++
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "si":
				out = append(out, cur.String())
				inSI = false
			case "t":
				inT = false
			case "rPh":
				phonetic--
			}
		case xml.CharData:
			if inSI && inT && phonetic == 0 {
				cur.Write(t)
			}
		}
	}
}

// sheetText writes the cells of one worksheet to ex and records labelled
// findings for BSN columns. Cells under a header naming another number are
// marked in the text, so that only labelled numbers count in them.
func sheetText(ex *extracted, offset int, data []byte, shared []string, used []bool) error {
	ex.begin(offset)
	d := xml.NewDecoder(bytes.NewReader(data))
	cols := columns{}
	var val strings.Builder
	var cellType string
	col, firstInRow := 0, true
	inValue := false
	for {
		tok, err := d.RawToken()
		if err != nil {
			return nil
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if err := ex.element(); err != nil {
				return err
			}
			switch t.Name.Local {
			case "row":
				ex.text.WriteByte('\n')
				col, firstInRow = -1, true
			case "c":
				cellType = ""
				col++
				for _, a := range t.Attr {
					switch a.Name.Local {
					case "t":
						cellType = a.Value
					case "r":
						if c, ok := columnIndex(a.Value); ok {
							col = c
						}
					}
				}
				val.Reset()
			case "v", "t":
				inValue = true
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "v", "t":
				inValue = false
			case "c":
				text := cellText(cellType, val.String(), shared, used)
				if text == "" {
					continue
				}
				kind := cols.cell(col, text)
				if kind == bsnColumn && labelledCell(text) {
					ex.found(offset)
					continue
				}
				if !firstInRow {
					ex.text.WriteByte('\t')
				}
				firstInRow = false
				start := ex.text.Len()
				ex.text.WriteString(text)
				if kind == otherColumn && digitCount(text) >= 9 {
					ex.except = append(ex.except, [2]int{start, ex.text.Len()})
				}
				// Shared strings repeated over many cells can make
				// the text far larger than the inflated file.
				if ex.text.Len() > ex.lim.text {
					return tooComplex("more than %d bytes of text", ex.lim.text)
				}
			}
		case xml.CharData:
			if inValue {
				val.Write(t)
			}
		}
	}
}

// cellText returns what a cell shows: its shared string, inline string or
// value, with numbers in plain notation (Excel may store 123456782 as
// 1.23456782E8).
func cellText(cellType, v string, shared []string, used []bool) string {
	switch cellType {
	case "s":
		i, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || i < 0 || i >= len(shared) {
			return ""
		}
		used[i] = true
		return shared[i]
	case "", "n":
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err == nil && f == float64(int64(f)) && f > -1e15 && f < 1e15 {
			return strconv.FormatInt(int64(f), 10)
		}
	}
	return v
}

// columnIndex returns the zero-based column of a cell reference like "AB12".
func columnIndex(ref string) (int, bool) {
	col, n := 0, 0
	for n < len(ref) && n < 3 && isASCIILetter(ref[n]) {
		col = col*26 + int(lower(ref[n])-'a') + 1
		n++
	}
	return col - 1, n > 0
}
