package filetype

import (
	"archive/zip"
	"bytes"
	"testing"
)

func zipOf(t *testing.T, names ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, n := range names {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte("<x/>")); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestAllowed(t *testing.T) {
	for _, ct := range []string{PDF, JPEG, PNG, CSV, Text, XLSX, "text/csv; charset=utf-8", "Application/PDF", " image/png "} {
		if !Allowed(ct) {
			t.Errorf("Allowed(%q) = false", ct)
		}
	}
	for _, ct := range []string{"", "image/gif", "application/zip", "application/msword", "text/html", "application/octet-stream", "application/pdfx"} {
		if Allowed(ct) {
			t.Errorf("Allowed(%q) = true", ct)
		}
	}
}

func TestTextBearing(t *testing.T) {
	tests := map[string]bool{
		PDF: true, CSV: true, Text: true, XLSX: true, "text/plain; charset=utf-8": true,
		JPEG: false, PNG: false, "image/gif": false, "": false,
	}
	for ct, want := range tests {
		if got := TextBearing(ct); got != want {
			t.Errorf("TextBearing(%q) = %v, want %v", ct, got, want)
		}
	}
}

func TestMatches(t *testing.T) {
	pdf := []byte("%PDF-1.7\n1 0 obj\n<< >>\nendobj\n%%EOF\n")
	png := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR"), make([]byte, 17)...)
	jpeg := []byte{0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0x00}
	xlsx := zipOf(t, "[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/worksheets/sheet1.xml")
	docx := zipOf(t, "[Content_Types].xml", "word/document.xml")
	noTypes := zipOf(t, "xl/workbook.xml")
	tests := []struct {
		name     string
		declared string
		content  []byte
		want     bool
	}{
		{"pdf", PDF, pdf, true},
		{"pdf with parameters", "application/pdf; version=1.7", pdf, true},
		{"png", PNG, png, true},
		{"jpeg", JPEG, jpeg, true},
		{"xlsx", XLSX, xlsx, true},
		{"csv", CSV, []byte("naam;uren\nJansen;40\n"), true},
		{"csv with BOM", CSV, []byte("\xEF\xBB\xBFnaam;uren\n"), true},
		{"text", Text, []byte("Verklaring: alles in orde. Ça va, één."), true},
		{"text one line", Text, []byte("x"), true},
		// Mismatches.
		{"png declared as pdf", PDF, png, false},
		{"pdf declared as png", PNG, pdf, false},
		{"jpeg declared as png", PNG, jpeg, false},
		{"png signature only", PNG, []byte("\x89PNG\r\n\x1a\n"), false},
		{"png declared as jpeg", JPEG, png, false},
		{"pdf header not at start", PDF, append([]byte(" "), pdf...), false},
		{"docx declared as xlsx", XLSX, docx, false},
		{"zip without content types", XLSX, noTypes, false},
		{"zip magic but damaged", XLSX, []byte("PK\x03\x04garbage"), false},
		{"pdf declared as xlsx", XLSX, pdf, false},
		{"binary declared as text", Text, []byte{0x01, 0x02, 0x00, 0xFF}, false},
		{"NUL in text", Text, []byte("abc\x00def"), false},
		{"invalid UTF-8 declared as csv", CSV, []byte("naam;\xff\xfe\n"), false},
		{"latin-1 declared as csv", CSV, []byte("caf\xe9;1\n"), false},
		{"pdf declared as text", Text, pdf, false},
		{"png declared as text", Text, png, false},
		{"jpeg declared as csv", CSV, jpeg, false},
		{"xlsx declared as csv", CSV, xlsx, false},
		{"empty pdf", PDF, nil, false},
		{"empty png", PNG, []byte{}, false},
		{"empty jpeg", JPEG, nil, false},
		{"empty xlsx", XLSX, nil, false},
		{"empty text", Text, nil, false},
		{"empty csv", CSV, []byte{}, false},
		{"unknown type", "image/gif", []byte("GIF89a"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Matches(tt.declared, tt.content); got != tt.want {
				t.Errorf("Matches(%q, ...) = %v, want %v", tt.declared, got, tt.want)
			}
		})
	}
}
