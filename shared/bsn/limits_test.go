package bsn

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/srmonitor/srmonitor/shared/filetype"
	"github.com/srmonitor/srmonitor/shared/testdocs"
)

// small are limits small enough that tests reach them with small files;
// the limits of Scan are exercised by BenchmarkScanWorstCase.
var small = limits{inflated: 1 << 20, text: 1 << 20, streams: 50, objects: 50, elements: 10_000, findings: 10}

func wantTooComplex(t *testing.T, name string, content []byte, contentType string, lim limits) {
	t.Helper()
	if _, err := scan(contentType, content, lim); !errors.Is(err, ErrTooComplex) {
		t.Errorf("%s: scan = %v, want ErrTooComplex", name, err)
	}
}

func wantReadable(t *testing.T, name string, content []byte, contentType string, lim limits) {
	t.Helper()
	if _, err := scan(contentType, content, lim); err != nil {
		t.Errorf("%s: scan = %v, want no error", name, err)
	}
}

func TestLimitsPDF(t *testing.T) {
	filler := func(n int) string { return strings.Repeat(" ", n) }
	wantTooComplex(t, "deflate bomb", testdocs.PDFContent(filler(small.inflated+1), testdocs.Flate()), filetype.PDF, small)
	wantReadable(t, "just under", testdocs.PDFContent(filler(small.inflated), testdocs.Flate()), filetype.PDF, small)

	// Streams inflate against one limit for the whole file.
	var objs []string
	for range 5 {
		objs = append(objs, testdocs.ObjStm(filler(small.inflated/4)))
	}
	wantTooComplex(t, "many streams together", testdocs.PDF("x", testdocs.Objects(objs...)), filetype.PDF, small)

	streams := func(n int) []byte {
		objs := make([]string, n)
		for i := range objs {
			objs[i] = "<< /Length 2 >>\nstream\n()\nendstream"
		}
		return testdocs.PDF("x", testdocs.Objects(objs...))
	}
	// The page's content stream counts too.
	wantTooComplex(t, "too many streams", streams(small.streams), filetype.PDF, small)
	wantReadable(t, "streams within the limit", streams(small.streams-1), filetype.PDF, small)

	objects := func(n int) []byte {
		return testdocs.PDF("x", testdocs.IndirectLength(), testdocs.Objects(slices.Repeat([]string{"<< >>"}, n)...))
	}
	wantTooComplex(t, "too many objects to index", objects(small.objects), filetype.PDF, small)
	wantReadable(t, "objects within the limit", objects(small.objects-10), filetype.PDF, small)
}

func TestLimitsXLSX(t *testing.T) {
	sheet := func(body string) []byte {
		return testdocs.Zip(testdocs.XLSXParts("<sst/>", "<worksheet><sheetData>"+body+"</sheetData></worksheet>")...)
	}
	bomb := sheet(strings.Repeat(" ", small.inflated))
	wantTooComplex(t, "sheet bomb", bomb, filetype.XLSX, small)
	// The same with the sizes understated: reading stops at the false size
	// and the damaged part is refused.
	if _, err := scan(filetype.XLSX, understateSizes(t, bomb), small); err == nil {
		t.Error("zip bomb with false sizes: no error")
	}
	// A small shared string repeated over many cells.
	big := strings.Repeat("x", 1<<12)
	cells := strings.Repeat(`<c t="s"><v>0</v></c>`, small.text>>12+1)
	wantTooComplex(t, "repeated shared strings", testdocs.XLSXRaw([]string{big}, cells), filetype.XLSX, small)
	// Long cells in BSN columns and in columns naming other numbers count
	// against the text limit like any other.
	for _, header := range []string{"BSN", "Klantnummer"} {
		long := strings.Repeat(" ", 1<<12-1) + "1"
		wantTooComplex(t, header+" column of long cells", testdocs.XLSXRaw([]string{header, long},
			`<c r="A1" t="s"><v>0</v></c>`, strings.Repeat(`<c r="A2" t="s"><v>1</v></c>`, small.text>>12+1)), filetype.XLSX, small)
	}
	wantTooComplex(t, "many cells", sheet(strings.Repeat("<c/>", small.elements)), filetype.XLSX, small)
	wantReadable(t, "cells within the limit", sheet(strings.Repeat("<c/>", small.elements-20)), filetype.XLSX, small)
	wantTooComplex(t, "many strings", testdocs.XLSXRaw(slices.Repeat([]string{"x"}, small.elements)), filetype.XLSX, small)

	parts := testdocs.XLSXParts("<sst/>", "<worksheet/>")
	for i := 2; i <= small.streams; i++ {
		parts = append(parts, testdocs.File{Name: fmt.Sprintf("xl/worksheets/sheet%d.xml", i), Body: "<worksheet/>"})
	}
	wantTooComplex(t, "many sheets", testdocs.Zip(parts...), filetype.XLSX, small)
	wantReadable(t, "sheets within the limit", testdocs.Zip(parts[:len(parts)-1]...), filetype.XLSX, small)
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

// A file full of BSNs is reported with the first findings only, in every
// format.
func TestLimitsFindings(t *testing.T) {
	many := strings.Repeat("BSN 123456782\n", 3*small.findings)
	rows := [][]string{{"BSN"}}
	for range 3 * small.findings {
		rows = append(rows, []string{bsnShort})
	}
	for _, d := range []doc{
		{"text", filetype.Text, []byte(many)},
		{"csv", filetype.CSV, []byte("BSN\n" + strings.Repeat(bsnShort+"\n", 3*small.findings) + many)},
		{"pdf", filetype.PDF, testdocs.PDF(many, testdocs.Flate())},
		{"xlsx", filetype.XLSX, testdocs.XLSX(append(rows, []string{many}))},
	} {
		got, err := scan(d.contentType, d.content, small)
		if err != nil || len(got) != small.findings {
			t.Errorf("%s: %d findings, %v; want %d", d.name, len(got), err, small.findings)
		}
	}
}

// The error says which limit, and wraps ErrTooComplex for the caller.
func TestTooComplexError(t *testing.T) {
	_, err := scan(filetype.PDF, testdocs.PDFContent(strings.Repeat(" ", 100), testdocs.Flate()), limits{inflated: 10, streams: 10, findings: 1})
	if !errors.Is(err, ErrTooComplex) || !strings.Contains(err.Error(), "inflates to more than 10 bytes") {
		t.Fatalf("err = %v", err)
	}
}

// benchmarkPDF builds a PDF of payslip-like pages, each a compressed form
// XObject, that is about size bytes.
func benchmarkPDF(size int) []byte {
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
		data := testdocs.Deflate([]byte(c.String()))
		total += len(data)
		pages = append(pages, fmt.Sprintf("<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream", len(data), data))
	}
	return testdocs.PDFContent("q /Fm1 Do Q", testdocs.Flate(), testdocs.Objects(pages...))
}

func BenchmarkScanPDF(b *testing.B) {
	benchmarkScan(b, filetype.PDF, benchmarkPDF(1<<20))
}

// maxUpload is the largest evidence file (shared/evidence.MaxSize).
const maxUpload = 25 << 20

// worstUnit is the text that costs the scan the most per byte: a digit run
// every two bytes, each after a letter that ends a label ("bsn", "ssn"), so
// that every run is checked for a label before it.
const worstUnit = "n1"

// BenchmarkScanWorstCase scans the costliest files within the 25 MiB upload
// limit that stay inside Scan's limits, so that nothing stops them early: a
// text or CSV of worstUnit, a CSV of the most cells, a PDF whose stream
// inflates to just under 64
// MiB of it with the rest of the file in strings, a PDF of as many tiny
// compressed streams as allowed, and XLSX files with as many cells as
// allowed or shared strings repeated up to the text limit. Each must
// finish well inside the verify function's 120 s timeout.
func BenchmarkScanWorstCase(b *testing.B) {
	b.Run("text", func(b *testing.B) {
		benchmarkScan(b, filetype.Text, []byte(strings.Repeat(worstUnit, maxUpload/len(worstUnit))))
	})
	b.Run("csv", func(b *testing.B) {
		// A BSN column of eight-digit values failing the eleven-test,
		// and worstUnit in the other.
		var csv strings.Builder
		csv.WriteString("BSN;x\n")
		for csv.Len() < maxUpload-32 {
			csv.WriteString("12345678;" + strings.Repeat(worstUnit, 6) + "\n")
		}
		benchmarkScan(b, filetype.CSV, []byte(csv.String()))
	})
	b.Run("csv cells", func(b *testing.B) {
		// The most cells, each looked at as a possible header.
		row := strings.Repeat("Ab;", 40) + "\n"
		benchmarkScan(b, filetype.CSV, []byte(strings.Repeat(row, maxUpload/len(row))))
	})
	b.Run("pdf bomb", func(b *testing.B) {
		content := "(" + strings.Repeat(worstUnit, (scanLimits.inflated-4)/len(worstUnit)) + ")'"
		pdf := testdocs.PDFContent(content, testdocs.Flate())
		rest := strings.Repeat("("+worstUnit+")", (maxUpload-len(pdf)-1024)/(len(worstUnit)+2))
		pdf = testdocs.PDFContent(content, testdocs.Flate(), testdocs.Objects("["+rest+"]"))
		benchmarkScan(b, filetype.PDF, pdf)
	})
	b.Run("pdf streams", func(b *testing.B) {
		data := testdocs.Deflate([]byte("(" + worstUnit + ")'"))
		stream := fmt.Sprintf("<< /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream", len(data), data)
		benchmarkScan(b, filetype.PDF, testdocs.PDF("x", testdocs.Objects(slices.Repeat([]string{stream}, scanLimits.streams-1)...)))
	})
	b.Run("xlsx cells", func(b *testing.B) {
		// Numeric cells of worstUnit-like text are the most elements and
		// text per inflated byte; the shared strings part is empty.
		var sheet strings.Builder
		sheet.WriteString("<worksheet><sheetData>")
		cell := `<c t="inlineStr"><is><t>` + strings.Repeat(worstUnit, 8) + `</t></is></c>`
		for range (scanLimits.elements - 10) / 3 {
			sheet.WriteString(cell)
		}
		sheet.WriteString("</sheetData></worksheet>")
		benchmarkScan(b, filetype.XLSX, testdocs.Zip(testdocs.XLSXParts("<sst/>", sheet.String())...))
	})
	b.Run("xlsx shared strings", func(b *testing.B) {
		// One long shared string repeated until the text is just under
		// its limit.
		s := strings.Repeat(worstUnit, 1<<15)
		n := scanLimits.text / (len(s) + 1)
		benchmarkScan(b, filetype.XLSX, testdocs.XLSXRaw([]string{s}, strings.Repeat(`<c t="s"><v>0</v></c>`, n-1)))
	})
}

// benchmarkScan scans content once to check it, then as often as the
// benchmark asks, reporting the file's size.
func benchmarkScan(b *testing.B, contentType string, content []byte) {
	b.Helper()
	if len(content) > maxUpload {
		b.Fatalf("file is %d bytes, more than an upload", len(content))
	}
	if _, err := Scan(contentType, content); err != nil {
		b.Fatalf("Scan = %v", err)
	}
	b.SetBytes(int64(len(content)))
	for b.Loop() {
		_, _ = Scan(contentType, content)
	}
	b.ReportMetric(float64(len(content)), "file-bytes")
}
