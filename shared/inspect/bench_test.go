package inspect

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"testing"

	"github.com/srmonitor/srmonitor/shared/evidence"
)

// The verify function's work per object: hash, type check and BSN scan.
// b.SetBytes makes the result a throughput, to size the function's memory
// and timeout for 25 MiB files.

func BenchmarkCheckCSV(b *testing.B) {
	var csv bytes.Buffer
	csv.WriteString("naam;datum;uren;factuur\n")
	for i := 0; csv.Len() < 8<<20; i++ {
		fmt.Fprintf(&csv, "Medewerker %d;2026-03-%02d;%d,5;F-2026-%06d\n", i, i%28+1, i%40, i)
	}
	benchCheck(b, csv.Bytes(), "text/csv")
}

func BenchmarkCheckPDF(b *testing.B) {
	var text bytes.Buffer
	for i := 0; text.Len() < 8<<20; i++ {
		fmt.Fprintf(&text, "BT /F1 10 Tf 72 %d Td (Uren week %d: %d, factuur F-2026-%06d) Tj ET\n", 700-i%60*10, i%52+1, i%40, i)
	}
	var z bytes.Buffer
	w := zlib.NewWriter(&z)
	_, _ = w.Write(text.Bytes())
	_ = w.Close()
	var pdf bytes.Buffer
	fmt.Fprintf(&pdf, "%%PDF-1.7\n4 0 obj\n<< /Length %d /Filter /FlateDecode >>\nstream\n", z.Len())
	pdf.Write(z.Bytes())
	pdf.WriteString("\nendstream\nendobj\n%%EOF\n")
	benchCheck(b, pdf.Bytes(), "application/pdf")
}

func benchCheck(b *testing.B, content []byte, contentType string) {
	e := announced(content, contentType)
	if o := Check(e, content); o.Status != evidence.Verified {
		b.Fatalf("fixture not clean: %+v", o)
	}
	b.SetBytes(int64(len(content)))
	b.ReportAllocs()
	for b.Loop() {
		Check(e, content)
	}
}
