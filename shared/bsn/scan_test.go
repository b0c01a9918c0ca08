package bsn

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/srmonitor/srmonitor/shared/filetype"
	"github.com/srmonitor/srmonitor/shared/testdocs"
)

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
	{"official grouping", "BT /F1 12 Tf 72 700 Td (1234 56 782) Tj ET", []string{FormGrouped}},
	{"WinAnsi no-break spaces", `BT /F1 12 Tf 72 700 Td (1234\24056\240782) Tj ET`, []string{FormGrouped}},
	{"UTF-16 no-break spaces", "BT /F1 12 Tf 72 700 Td <FEFF0031003200330034202F00350036202F003700380032> Tj ET", []string{FormGrouped}},
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
		opts []testdocs.PDFOption
	}{
		{"uncompressed", nil},
		{"flate", []testdocs.PDFOption{testdocs.Flate()}},
		{"ascii85 flate", []testdocs.PDFOption{testdocs.ASCII85()}},
		{"indirect length", []testdocs.PDFOption{testdocs.Flate(), testdocs.IndirectLength()}},
		{"xref stream", []testdocs.PDFOption{testdocs.Flate(), testdocs.XRefStream()}},
	}
	for _, v := range variants {
		for _, tt := range pdfCorpus {
			t.Run(v.name+"/"+tt.name, func(t *testing.T) {
				pdf := testdocs.PDFContent(tt.content, v.opts...)
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
		{"object stream", []string{testdocs.ObjStm("<< /FT /Tx /T (BSN) /V (123456782) >>")}, []string{FormLabelled}},
		{"image is skipped", []string{"<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /Length 13 >>\nstream\n(123456782) \nendstream"}, nil},
		{"unknown filter is skipped", []string{"<< /Filter /LZWDecode /Length 11 >>\nstream\n(123456782)\nendstream"}, nil},
		{"metadata stream", []string{"<< /Type /Metadata /Subtype /XML /Length 34 >>\nstream\n<dc:title>BSN 123456782</dc:title>\nendstream"}, []string{FormLabelled}},
		{"embedded text file", []string{"<< /Type /EmbeddedFile /Length 26 >>\nstream\nnaam;nr\nJansen;123456782\nendstream"}, []string{FormPlain}},
		{"xmp identifiers", []string{"<< /Type /Metadata /Subtype /XML /Length 80 >>\nstream\n<xmpMM:DocumentID>uuid:5d2a3b4c-1d2e-4f3a-8b9c-123456782abc</xmpMM:DocumentID>\nendstream"}, nil},
		{"clean strings", []string{"<< /Title (Factuur 2026-001) /Author (Bouw BV, KvK 12345678) >>"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pdf := testdocs.PDF("Loonstrook", testdocs.Flate(), testdocs.Objects(tt.objects...))
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

// TestScanPDFEndstreamInData checks that a correct /Length is trusted over
// an "endstream" that happens to lie inside the stream data.
func TestScanPDFEndstreamInData(t *testing.T) {
	content := "BT /F1 12 Tf 72 700 Td (endstream) Tj T* [(BSN 12345) (6782)] TJ ET"
	for _, opts := range [][]testdocs.PDFOption{nil, {testdocs.IndirectLength()}} {
		got, err := Scan(filetype.PDF, testdocs.PDFContent(content, opts...))
		if err != nil || !sameForms(got, []string{FormLabelled}) {
			t.Fatalf("Scan = %v, %v", got, err)
		}
	}
}

// The /Encrypt entry takes a reference or a dictionary; the name alone,
// or as the start of another name, says nothing.
func TestHasEncryptEntry(t *testing.T) {
	for in, want := range map[string]bool{
		"trailer << /Encrypt 12 0 R >>":               true,
		"<</Encrypt<</Filter/Standard>>":              true,
		"/Encrypt\r\n  <<":                            true,
		"/Encrypt\n12\n0\nR":                          true,
		"/EncryptMetadata false /Encrypt 7 0 R":       true,
		"/EncryptMetadata false":                      false,
		"/Encrypt 12 R":                               false,
		"/Encrypt 12 0 obj":                           false,
		"/Encrypt 12 0":                               false,
		"/Encrypt":                                    false,
		"(/Encrypt is a name) /Size 5 /Root 1 0 R >>": false,
	} {
		if got := hasEncryptEntry([]byte(in)); got != want {
			t.Errorf("hasEncryptEntry(%q) = %v, want %v", in, got, want)
		}
	}
}

// An encrypted PDF, even one that opens without a password, is not read
// but reported, so it can be refused; a PDF that merely mentions the word in
// its text is read as usual.
func TestScanPDFEncrypted(t *testing.T) {
	for _, pdf := range [][]byte{
		testdocs.PDF("harmless", testdocs.Encrypted()),
		testdocs.PDF("harmless", testdocs.Encrypted(), testdocs.XRefStream()),
		append(testdocs.PDF("harmless"), "trailer <</Encrypt<</Filter/Standard/V 2>>/Size 5>>"...),
	} {
		if _, err := Scan(filetype.PDF, pdf); !errors.Is(err, ErrEncrypted) {
			t.Errorf("Scan = %v, want ErrEncrypted", err)
		}
	}
	pdf := testdocs.PDF("/Encrypt is a PDF name; BSN 123456782", testdocs.Flate())
	if got, err := Scan(filetype.PDF, pdf); err != nil || !sameForms(got, []string{FormLabelled}) {
		t.Fatalf("Scan = %v, %v", got, err)
	}
}

// TestScanPDFDamaged checks that a truncated compressed stream is read up to
// the damage, as a viewer would show it.
func TestScanPDFDamaged(t *testing.T) {
	full := testdocs.Deflate([]byte("BT (BSN 123456782) Tj ET " + strings.Repeat("BT (filler text) Tj ET ", 2000)))
	data := full[:len(full)/2]
	pdf := fmt.Appendf(nil, "%%PDF-1.4\n4 0 obj\n<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream\nendobj\n%%%%EOF\n", len(data), data)
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
		{"unused shared string", []string{"Loonstrook", "oud: 111222333"}, []string{`<c r="A1" t="s"><v>0</v></c>`}, []string{FormPlain}},
		{"rich text runs", []string{`<r><t>BSN: 1234</t></r><r><rPr><b/></rPr><t>56782</t></r>`}, []string{`<c r="A1" t="s"><v>0</v></c>`}, []string{FormLabelled}},
		{"phonetic hint", []string{`<t>naam</t><rPh sb="0" eb="1"><t>123456782</t></rPh>`}, []string{`<c r="A1" t="s"><v>0</v></c>`}, nil},
		{"invalid number", nil, []string{`<c r="A1"><v>123456789</v></c>`}, nil},
		{"invoice label", []string{"Factuurnummer"}, []string{`<c r="A1" t="s"><v>0</v></c><c r="B1"><v>123456782</v></c>`}, nil},
		{"eight digits without label", []string{"KvK"}, []string{`<c r="A1" t="s"><v>0</v></c><c r="B1"><v>12345672</v></c>`}, nil},
		{"amount", nil, []string{`<c r="A1"><v>123456782.5</v></c>`}, nil},
		{"shared string index", []string{"a"}, []string{`<c r="A1" t="s"><v>0</v></c>`}, nil},
		{"numbers in separate cells", nil, []string{`<c r="A1"><v>1234</v></c><c r="B1"><v>56782</v></c>`}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := testdocs.XLSXRaw(tt.shared, tt.rows...)
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

func TestScanText(t *testing.T) {
	tests := []struct {
		name        string
		contentType string
		content     string
		forms       []string
	}{
		{"text", filetype.Text, "Loonstrook\nBSN: 123456782\n", []string{FormLabelled}},
		{"text with parameters", "Text/Plain; charset=utf-8", "nummer 111222333", []string{FormPlain}},
		{"text with BOM", filetype.Text, "\ufeff123456782", []string{FormPlain}},
		{"text joined identifiers", filetype.Text, "scan_123456782 A123456782", nil},
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
			checkOffsets(t, got, tt.content)
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

func TestScanXLSXNotAZip(t *testing.T) {
	if _, err := Scan(filetype.XLSX, []byte("not a zip")); err == nil || errors.Is(err, ErrTooComplex) {
		t.Errorf("Scan of a non-zip XLSX = %v, want a read error", err)
	}
}

func FuzzScan(f *testing.F) {
	types := []string{filetype.Text, filetype.CSV, filetype.PDF, filetype.XLSX, filetype.PNG}
	f.Add(uint8(0), []byte("BSN: 123456782"))
	f.Add(uint8(1), []byte("naam;bsn\nJansen;12345672\n"))
	f.Add(uint8(1), []byte("\"naam\",\"BSN\"\n\"Jansen, J.\",\"12345672\"\n"))
	for _, tt := range pdfCorpus[:6] {
		f.Add(uint8(2), testdocs.PDFContent(tt.content))
		f.Add(uint8(2), testdocs.PDFContent(tt.content, testdocs.Flate()))
	}
	f.Add(uint8(3), testdocs.XLSXRaw([]string{"BSN", "x"}, `<c r="A1" t="s"><v>0</v></c><c r="B1"><v>123456782</v></c>`, `<c t="inlineStr"><is><t>111222333</t></is></c>`))
	f.Add(uint8(4), []byte("\x89PNG\r\n\x1a\n"))
	f.Add(uint8(2), []byte("%PDF-1.4\n1 0 obj<</Length 2 0 R>>stream\nBT[(1)-9(2)]TJ<3>Tj(\\1)'ET\nendstream\n2 0 obj 20 endobj"))
	// Small limits, so that the fuzzer reaches them.
	lim := limits{inflated: 1 << 16, text: 1 << 16, streams: 20, objects: 20, elements: 200, findings: 10}
	f.Fuzz(func(t *testing.T, kind uint8, content []byte) {
		ct := types[int(kind)%len(types)]
		got, err := scan(ct, content, lim)
		if err != nil {
			return
		}
		if len(got) > lim.findings {
			t.Fatalf("%d findings, more than %d", len(got), lim.findings)
		}
		for _, fd := range got {
			if fd.Offset < 0 || fd.Offset >= len(content) {
				t.Fatalf("Scan(%s) finding %v outside the %d-byte file", ct, fd, len(content))
			}
		}
	})
}
