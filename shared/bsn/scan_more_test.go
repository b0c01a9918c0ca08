package bsn

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/srmonitor/srmonitor/shared/filetype"
)

func TestScanTextAndCSV(t *testing.T) {
	tests := []struct {
		name        string
		contentType string
		content     string
		forms       []string
	}{
		{"text", filetype.Text, "Loonstrook\nBSN: 123456782\n", []string{FormLabelled}},
		{"text with parameters", "Text/Plain; charset=utf-8", "nummer 111222333", []string{FormPlain}},
		{"text with BOM", filetype.Text, "\ufeff123456782", []string{FormPlain}},
		{"text clean", filetype.Text, "Factuur 2026-001, KvK 12345678, IBAN NL91 ABNA 0417 1643 00, tel 06-12345678", nil},
		{"csv semicolon", filetype.CSV, "naam;bsn;uren\nJansen;123456782;40,00\n", []string{FormPlain}},
		{"csv semicolon labelled", filetype.CSV, "Jansen;BSN;12345672\n", []string{FormLabelled}},
		{"csv semicolon decimals", filetype.CSV, "omschrijving;bedrag\ntotaal;123456782,00\n", nil},
		{"csv comma", filetype.CSV, "naam,nummer,uren\nJansen,123456782,40\n", []string{FormPlain}},
		{"csv comma quoted", filetype.CSV, "\"naam\",\"nummer\"\n\"Jansen, J.\",\"111222333\"\n", []string{FormPlain}},
		{"csv tab", filetype.CSV, "naam\tuur\nJansen\t40\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Scan(tt.contentType, []byte(tt.content))
			if err != nil {
				t.Fatal(err)
			}
			if !sameForms(got, tt.forms) {
				t.Fatalf("Scan = %v, want forms %v", got, tt.forms)
			}
			for _, f := range got {
				if !isDigit(tt.content[f.Offset]) {
					t.Errorf("offset %d is not at the number", f.Offset)
				}
			}
		})
	}
}

func TestScanNotTextBearing(t *testing.T) {
	for _, ct := range []string{filetype.JPEG, filetype.PNG, "application/zip", "", "image/gif"} {
		if _, err := Scan(ct, []byte("BSN 123456782")); !errors.Is(err, ErrNotTextBearing) {
			t.Errorf("Scan(%q) error = %v, want ErrNotTextBearing", ct, err)
		}
	}
}

func TestScanXLSXErrors(t *testing.T) {
	if _, err := Scan(filetype.XLSX, []byte("not a zip")); err == nil {
		t.Error("Scan of a non-zip XLSX succeeded")
	}
	// A worksheet that inflates beyond the budget: a bomb.
	bomb := zipFiles(t, map[string]string{
		"[Content_Types].xml":      "<Types/>",
		"xl/workbook.xml":          "<workbook/>",
		"xl/worksheets/sheet1.xml": "<worksheet>" + strings.Repeat(" ", maxDecompressed) + "</worksheet>",
	})
	if len(bomb) > 1<<20 {
		t.Fatalf("bomb is %d bytes, meant to be small", len(bomb))
	}
	if _, err := Scan(filetype.XLSX, bomb); !errors.Is(err, ErrTooLarge) {
		t.Errorf("Scan of a zip bomb = %v, want ErrTooLarge", err)
	}
	// The same with the sizes understated: reading stops at the false size
	// and the damaged part is refused.
	if _, err := Scan(filetype.XLSX, understateSizes(t, bomb)); err == nil {
		t.Error("Scan of a zip bomb with false sizes succeeded")
	}
	// A small shared string repeated over many cells.
	big := strings.Repeat("x", 1<<16)
	cells := strings.Repeat(`<c t="s"><v>0</v></c>`, 1100)
	x := buildXLSX(t, []string{big}, cells)
	if _, err := Scan(filetype.XLSX, x); !errors.Is(err, ErrTooLarge) {
		t.Errorf("Scan of repeated shared strings = %v, want ErrTooLarge", err)
	}
}

// understateSizes rewrites the uncompressed sizes in a zip's local and
// central headers to 1.
func understateSizes(t *testing.T, z []byte) []byte {
	t.Helper()
	out := bytes.Clone(z)
	for _, sig := range []struct {
		magic string
		at    int
	}{{"PK\x03\x04", 22}, {"PK\x01\x02", 24}} {
		for i := 0; ; {
			k := bytes.Index(out[i:], []byte(sig.magic))
			if k < 0 {
				break
			}
			k += i
			copy(out[k+sig.at:], []byte{1, 0, 0, 0})
			i = k + 4
		}
	}
	zr, err := zip.NewReader(bytes.NewReader(out), int64(len(out)))
	if err != nil {
		t.Fatal(err)
	}
	if zr.File[len(zr.File)-1].UncompressedSize64 != 1 {
		t.Fatal("sizes not rewritten")
	}
	return out
}

func FuzzScan(f *testing.F) {
	types := []string{filetype.Text, filetype.CSV, filetype.PDF, filetype.XLSX, filetype.PNG}
	f.Add(uint8(0), []byte("BSN: 123456782"))
	f.Add(uint8(1), []byte("naam,bsn\nJansen,123456782\n"))
	for _, tt := range pdfCorpus {
		f.Add(uint8(2), buildPDF(f, tt.content, pdfOptions{}))
		f.Add(uint8(2), buildPDF(f, tt.content, pdfOptions{compress: true}))
	}
	f.Add(uint8(3), buildXLSX(f, []string{"BSN", "x"}, `<c r="A1" t="s"><v>0</v></c><c r="B1"><v>123456782</v></c>`, `<c t="inlineStr"><is><t>111222333</t></is></c>`))
	f.Add(uint8(4), []byte("\x89PNG\r\n\x1a\n"))
	f.Add(uint8(2), []byte("%PDF-1.4\n1 0 obj<</Length 2 0 R>>stream\nBT[(1)-9(2)]TJ<3>Tj(\\1)'ET\nendstream\n2 0 obj 20 endobj"))
	f.Fuzz(func(t *testing.T, kind uint8, content []byte) {
		ct := types[int(kind)%len(types)]
		got, err := Scan(ct, content)
		if err != nil {
			return
		}
		for _, fd := range got {
			if fd.Offset < 0 || fd.Offset >= len(content) {
				t.Fatalf("Scan(%s) finding %v outside the %d-byte file", ct, fd, len(content))
			}
		}
	})
}

// benchmarkPDF builds a PDF of payslip-like pages, each a compressed form
// XObject, that is about size bytes.
func benchmarkPDF(b *testing.B, size int) []byte {
	b.Helper()
	rng := rand.New(rand.NewPCG(1, 2))
	words := []string{"Loon", "uren", "vakantiegeld", "pensioen", "werknemer", "Jansen", "de", "van",
		"bruto", "netto", "Totaal", "periode", "toeslag", "inhouding"}
	var pages []string
	for total := 0; total < size; {
		var c strings.Builder
		c.WriteString("BT /F1 9 Tf 40 800 Td 11 TL\n")
		for range 2000 {
			fmt.Fprintf(&c, "[(%s %s) -250 (%d,%02d)] TJ (%s) ' 0 -11 Td (%d) Tj\n",
				words[rng.IntN(len(words))], words[rng.IntN(len(words))], rng.IntN(100000), rng.IntN(100),
				words[rng.IntN(len(words))], rng.Uint32())
		}
		c.WriteString("ET")
		data := deflate(b, c.String())
		total += len(data)
		pages = append(pages, fmt.Sprintf("<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream", len(data), data))
	}
	return buildPDF(b, "q /Fm1 Do Q", pdfOptions{compress: true, objects: pages})
}

func BenchmarkScanPDF(b *testing.B) {
	pdf := benchmarkPDF(b, 1<<20)
	if _, err := Scan(filetype.PDF, pdf); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(len(pdf)), "file-bytes")
	b.SetBytes(int64(len(pdf)))
	b.ResetTimer()
	for b.Loop() {
		if _, err := Scan(filetype.PDF, pdf); err != nil {
			b.Fatal(err)
		}
	}
}
