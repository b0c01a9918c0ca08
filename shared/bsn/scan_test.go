package bsn

import (
	"archive/zip"
	"bytes"
	"compress/zlib"
	"encoding/ascii85"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/srmonitor/srmonitor/shared/filetype"
)

// pdfOptions shapes the test PDF built by buildPDF.
type pdfOptions struct {
	compress bool     // FlateDecode the content stream
	ascii85  bool     // and then ASCII85Decode it
	indirect bool     // give the stream length as an indirect object
	objects  []string // extra object bodies, numbered from 7
}

// buildPDF writes a minimal valid PDF, one page with one content stream
// holding content, with a correct cross-reference table.
func buildPDF(t testing.TB, content string, o pdfOptions) []byte {
	t.Helper()
	data := []byte(content)
	filter := ""
	if o.compress {
		data = deflate(t, content)
		filter = " /Filter /FlateDecode"
		if o.ascii85 {
			enc := make([]byte, ascii85.MaxEncodedLen(len(data)))
			data = append(enc[:ascii85.Encode(enc, data)], "~>"...)
			filter = " /Filter [/ASCII85Decode /FlateDecode]"
		}
	}
	length := fmt.Sprint(len(data))
	if o.indirect {
		length = "6 0 R"
	}
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		"<< /Length " + length + filter + " >>\nstream\n" + string(data) + "\nendstream",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
		fmt.Sprint(len(data)),
	}
	objs = append(objs, o.objects...)
	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(objs))
	for i, body := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, body)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

// buildXLSX writes a minimal workbook with the given shared strings (plain
// text, or the XML inside <si> when it starts with '<') and the rows of
// sheet1 (each cell already XML, e.g. `<c r="A1" t="s"><v>0</v></c>`).
func buildXLSX(t testing.TB, shared []string, rows ...string) []byte {
	t.Helper()
	var sst strings.Builder
	fmt.Fprintf(&sst, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+
		`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">`, len(shared), len(shared))
	for _, s := range shared {
		if !strings.HasPrefix(s, "<") {
			s = `<t xml:space="preserve">` + s + `</t>`
		}
		fmt.Fprintf(&sst, `<si>%s</si>`, s)
	}
	sst.WriteString(`</sst>`)
	var sheet strings.Builder
	sheet.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	for i, r := range rows {
		fmt.Fprintf(&sheet, `<row r="%d">%s</row>`, i+1, r)
	}
	sheet.WriteString(`</sheetData></worksheet>`)
	return zipFiles(t, map[string]string{
		"[Content_Types].xml":      `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
		"xl/workbook.xml":          `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="Blad1" sheetId="1"/></sheets></workbook>`,
		"xl/sharedStrings.xml":     sst.String(),
		"xl/worksheets/sheet1.xml": sheet.String(),
	})
}

func zipFiles(t testing.TB, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	// A fixed order keeps the archive the same from run to run.
	for _, name := range []string{"[Content_Types].xml", "xl/workbook.xml", "xl/sharedStrings.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"} {
		content, ok := files[name]
		if !ok {
			continue
		}
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(content)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// pdfCorpus holds content streams; each is tested uncompressed, compressed
// and ASCII85 over compressed.
var pdfCorpus = []struct {
	name    string
	content string
	forms   []string
}{
	{"Tj labelled", "BT /F1 12 Tf 72 700 Td (BSN: 123456782) Tj ET", []string{FormLabelled}},
	{"TJ kerned", "BT /F1 12 Tf 72 700 Td [(123) -20 (456) 10 (782)] TJ ET", []string{FormPlain}},
	{"TJ word spaced", "BT /F1 12 Tf 72 700 Td [(123) -300 (456) -300 (782)] TJ ET", []string{FormGrouped}},
	{"hex string", "BT /F1 12 Tf 72 700 Td <31 32 33 34 35 36 37 38 32> Tj ET", []string{FormPlain}},
	{"octal escapes", `BT /F1 12 Tf 72 700 Td (\061\62\063456782) Tj ET`, []string{FormPlain}},
	{"escaped parens", `BT /F1 12 Tf 72 700 Td (Burgerservicenummer \(BSN\): 123456782) Tj ET`, []string{FormLabelled}},
	{"nested parens", `BT /F1 12 Tf 72 700 Td (sofinummer (oud) 123456782) Tj ET`, []string{FormPlain}},
	{"line continuation", "BT /F1 12 Tf 72 700 Td (12345\\\n6782) Tj ET", []string{FormPlain}},
	{"font change mid number", "BT /F1 12 Tf 72 700 Td (12345) Tj /F1 10 Tf (6782) Tj ET", []string{FormPlain}},
	{"label and number in two text objects", "BT /F1 12 Tf 72 700 Td (BSN) Tj ET BT 150 700 Td (12345672) Tj ET", []string{FormLabelled}},
	{"label then number on next line", "BT /F1 12 Tf 72 700 Td (Uren 40) Tj 0 -14 Td (111222333) Tj ET", []string{FormPlain}},
	{"quote operator", "BT /F1 12 Tf 14 TL 72 700 Td (Naam) Tj (123456782) ' ET", []string{FormPlain}},
	{"two numbers", "BT /F1 12 Tf 72 700 Td (123456782) Tj T* (111.222.333) Tj ET", []string{FormPlain, FormGrouped}},
	{"actual text", "/Span << /ActualText (123456782) >> BDC BT /F1 12 Tf 72 700 Td <0102030405060708090a> Tj ET EMC", []string{FormPlain}},
	{"invalid number", "BT /F1 12 Tf 72 700 Td (BSN: 123456789) Tj ET", nil},
	{"invoice number", "BT /F1 12 Tf 72 700 Td (Factuurnummer: 123456782) Tj ET", nil},
	{"iban", "BT /F1 12 Tf 72 700 Td (IBAN NL91ABNA0417164300) Tj ET", nil},
	{"amount", "BT /F1 12 Tf 72 700 Td (Totaal) Tj 200 0 Td (123.456.782,00) Tj ET", nil},
	{"pieces apart on a line", "BT /F1 12 Tf 72 700 Td (12345) Tj 100 0 Td (6782) Tj ET", nil},
	{"numbers as operands only", "BT /F1 12 Tf 123456782 0 Td (x) Tj ET 1 0 0 1 111222333 0 cm", nil},
	{"inline image data", "q BI /W 4 /H 4 /BPC 8 /CS /G ID \x00(123456782)\xff\x10 EI Q", nil},
	{"comment", "% (123456782)\nBT ET", nil},
}

func TestScanPDF(t *testing.T) {
	variants := []struct {
		name string
		opts pdfOptions
	}{
		{"uncompressed", pdfOptions{}},
		{"flate", pdfOptions{compress: true}},
		{"ascii85 flate", pdfOptions{compress: true, ascii85: true}},
		{"indirect length", pdfOptions{compress: true, indirect: true}},
	}
	for _, v := range variants {
		for _, tt := range pdfCorpus {
			t.Run(v.name+"/"+tt.name, func(t *testing.T) {
				pdf := buildPDF(t, tt.content, v.opts)
				if !filetype.Matches(filetype.PDF, pdf) {
					t.Fatal("test PDF is not a PDF")
				}
				got, err := Scan(filetype.PDF, pdf)
				if err != nil {
					t.Fatal(err)
				}
				if !sameForms(got, tt.forms) {
					t.Fatalf("Scan = %v, want forms %v", got, tt.forms)
				}
				for _, f := range got {
					if f.Offset < 0 || f.Offset >= len(pdf) {
						t.Errorf("offset %d outside the file", f.Offset)
					}
				}
			})
		}
	}
}

func TestScanPDFObjects(t *testing.T) {
	tests := []struct {
		name    string
		objects []string
		forms   []string
	}{
		{"form field value", []string{"<< /FT /Tx /T (BSN) /V (123456782) >>"}, []string{FormLabelled}},
		{"form field unicode", []string{"<< /FT /Tx /T (nummer) /V <FEFF003100320033003400350036003700380032> >>"}, []string{FormPlain}},
		{"metadata title", []string{"<< /Title (Loonstrook 111222333) >>"}, []string{FormPlain}},
		{"object stream", []string{objStm(t, "<< /FT /Tx /T (BSN) /V (123456782) >>")}, []string{FormLabelled}},
		{"image is skipped", []string{"<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /Length 13 >>\nstream\n(123456782) \nendstream"}, nil},
		{"unknown filter is skipped", []string{"<< /Filter /LZWDecode /Length 11 >>\nstream\n(123456782)\nendstream"}, nil},
		{"metadata stream", []string{"<< /Type /Metadata /Subtype /XML /Length 34 >>\nstream\n<dc:title>BSN 123456782</dc:title>\nendstream"}, []string{FormLabelled}},
		{"embedded text file", []string{"<< /Type /EmbeddedFile /Length 26 >>\nstream\nnaam;nr\nJansen;123456782\nendstream"}, []string{FormPlain}},
		{"clean strings", []string{"<< /Title (Factuur 2026-001) /Author (Bouw BV, KvK 12345678) >>"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pdf := buildPDF(t, "BT /F1 12 Tf 72 700 Td (Loonstrook) Tj ET", pdfOptions{compress: true, objects: tt.objects})
			got, err := Scan(filetype.PDF, pdf)
			if err != nil {
				t.Fatal(err)
			}
			if !sameForms(got, tt.forms) {
				t.Fatalf("Scan = %v, want forms %v", got, tt.forms)
			}
		})
	}
}

// deflate compresses s as a FlateDecode stream.
func deflate(t testing.TB, s string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zlib.NewWriter(&buf)
	if _, err := zw.Write([]byte(s)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// objStm returns a compressed object stream holding obj as object 50.
func objStm(t testing.TB, obj string) string {
	data := deflate(t, "50 0 "+obj)
	return fmt.Sprintf("<< /Type /ObjStm /N 1 /First 5 /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream", len(data), data)
}

// TestScanPDFEndstreamInData checks that a correct /Length is trusted over
// an "endstream" that happens to lie inside the stream data.
func TestScanPDFEndstreamInData(t *testing.T) {
	content := "BT /F1 12 Tf 72 700 Td (endstream) Tj T* [(BSN 12345) (6782)] TJ ET"
	for _, indirect := range []bool{false, true} {
		pdf := buildPDF(t, content, pdfOptions{indirect: indirect})
		got, err := Scan(filetype.PDF, pdf)
		if err != nil || !sameForms(got, []string{FormLabelled}) {
			t.Fatalf("indirect=%v: Scan = %v, %v", indirect, got, err)
		}
	}
}

func TestScanPDFBomb(t *testing.T) {
	pdf := buildPDF(t, strings.Repeat(" ", maxDecompressed+1), pdfOptions{compress: true})
	if len(pdf) > 1<<20 {
		t.Fatalf("bomb is %d bytes, meant to be small", len(pdf))
	}
	if _, err := Scan(filetype.PDF, pdf); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("Scan of a deflate bomb = %v, want ErrTooLarge", err)
	}
	// Many streams together count against the same budget.
	objs := make([]string, 0, 5)
	for range 5 {
		objs = append(objs, objStm(t, strings.Repeat(" ", maxDecompressed/4)))
	}
	if _, err := Scan(filetype.PDF, buildPDF(t, "BT ET", pdfOptions{objects: objs})); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("Scan of many streams = %v, want ErrTooLarge", err)
	}
}

// An encrypted PDF, even one that opens without a password, is not read
// but reported, so it can be refused; a PDF that merely mentions the word in
// its text is read as usual.
func TestScanPDFEncrypted(t *testing.T) {
	for _, trailer := range []string{"trailer\n<< /Size 5 /Root 1 0 R /Encrypt 9 0 R >>", "trailer <</Encrypt<</Filter/Standard/V 2>>/Size 5>>"} {
		pdf := append(buildPDF(t, "BT (harmless) Tj ET", pdfOptions{}), trailer...)
		if _, err := Scan(filetype.PDF, pdf); !errors.Is(err, ErrEncrypted) {
			t.Errorf("%q: Scan = %v, want ErrEncrypted", trailer, err)
		}
	}
	pdf := buildPDF(t, "BT (/Encrypt is a PDF name; BSN 123456782) Tj ET", pdfOptions{compress: true})
	if got, err := Scan(filetype.PDF, pdf); err != nil || !sameForms(got, []string{FormLabelled}) {
		t.Fatalf("Scan = %v, %v", got, err)
	}
}

// TestScanPDFDamaged checks that a truncated compressed stream is read up to
// the damage, as a viewer would show it.
func TestScanPDFDamaged(t *testing.T) {
	full := deflate(t, "BT (BSN 123456782) Tj ET "+strings.Repeat("BT (filler text) Tj ET ", 2000))
	data := full[:len(full)/2]
	pdf := []byte(fmt.Sprintf("%%PDF-1.4\n4 0 obj\n<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream\nendobj\n%%%%EOF\n", len(data), data))
	got, err := Scan(filetype.PDF, pdf)
	if err != nil || !sameForms(got, []string{FormLabelled}) {
		t.Fatalf("Scan = %v, %v", got, err)
	}
}

func TestScanXLSX(t *testing.T) {
	tests := []struct {
		name   string
		shared []string
		rows   []string
		forms  []string
	}{
		{"shared string labelled", []string{"BSN: 123456782"}, []string{`<c r="A1" t="s"><v>0</v></c>`}, []string{FormLabelled}},
		{"numeric cell", nil, []string{`<c r="A1"><v>123456782</v></c>`}, []string{FormPlain}},
		{"numeric cell typed", nil, []string{`<c r="A1" t="n"><v>111222333</v></c>`}, []string{FormPlain}},
		{"numeric cell scientific", nil, []string{`<c r="A1"><v>1.23456782E8</v></c>`}, []string{FormPlain}},
		{"inline string", nil, []string{`<c r="B2" t="inlineStr"><is><t>nummer 111 222 333</t></is></c>`}, []string{FormGrouped}},
		{"formula string", nil, []string{`<c r="A1" t="str"><f>A2</f><v>123456782</v></c>`}, []string{FormPlain}},
		{"label in cell before", []string{"Burgerservicenummer"}, []string{`<c r="A1" t="s"><v>0</v></c><c r="B1"><v>12345672</v></c>`}, []string{FormLabelled}},
		{"bsn column header", []string{"Naam", "BSN", "Jansen"}, []string{
			`<c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>`,
			`<c r="A2" t="s"><v>2</v></c><c r="B2"><v>12345672</v></c>`,
		}, []string{FormLabelled}},
		{"unused shared string", []string{"Loonstrook", "oud: 111222333"}, []string{`<c r="A1" t="s"><v>0</v></c>`}, []string{FormPlain}},
		{"rich text runs", []string{`<r><t>BSN: 1234</t></r><r><rPr><b/></rPr><t>56782</t></r>`}, []string{`<c r="A1" t="s"><v>0</v></c>`}, []string{FormLabelled}},
		{"phonetic hint", []string{`<t>naam</t><rPh sb="0" eb="1"><t>123456782</t></rPh>`}, []string{`<c r="A1" t="s"><v>0</v></c>`}, nil},
		{"invalid number", nil, []string{`<c r="A1"><v>123456789</v></c>`}, nil},
		{"invoice label", []string{"Factuurnummer"}, []string{`<c r="A1" t="s"><v>0</v></c><c r="B1"><v>123456782</v></c>`}, nil},
		{"eight digits without label", []string{"KvK"}, []string{`<c r="A1" t="s"><v>0</v></c><c r="B1"><v>12345672</v></c>`}, nil},
		{"eight digits in other column", []string{"BSN", "KvK"}, []string{
			`<c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>`,
			`<c r="A2"><v>123456789</v></c><c r="B2"><v>12345672</v></c>`,
		}, nil},
		{"amount", nil, []string{`<c r="A1"><v>123456782.5</v></c>`}, nil},
		{"shared string index", []string{"a"}, []string{`<c r="A1" t="s"><v>0</v></c>`}, nil},
		{"numbers in separate cells", nil, []string{`<c r="A1"><v>1234</v></c><c r="B1"><v>56782</v></c>`}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := buildXLSX(t, tt.shared, tt.rows...)
			if !filetype.Matches(filetype.XLSX, x) {
				t.Fatal("test XLSX is not an XLSX")
			}
			got, err := Scan(filetype.XLSX, x)
			if err != nil {
				t.Fatal(err)
			}
			if !sameForms(got, tt.forms) {
				t.Fatalf("Scan = %v, want forms %v", got, tt.forms)
			}
		})
	}
}
