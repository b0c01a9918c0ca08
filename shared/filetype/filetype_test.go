package filetype

import "testing"

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
