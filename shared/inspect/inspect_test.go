package inspect

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"

	"github.com/srmonitor/srmonitor/shared/evidence"
	"github.com/srmonitor/srmonitor/shared/testdocs"
)

func announced(content []byte, contentType string) *evidence.Evidence {
	h := sha256.Sum256(content)
	return &evidence.Evidence{ContentType: contentType, SizeBytes: int64(len(content)), SHA256: hex.EncodeToString(h[:])}
}

func TestCheck(t *testing.T) {
	pdf := func(text string) []byte {
		return []byte("%PDF-1.4\n1 0 obj\n<< >>\nstream\nBT (" + text + ") Tj ET\nendstream\nendobj\n%%EOF\n")
	}
	png := testdocs.PNG(1, 1)
	for _, tc := range []struct {
		name    string
		e       *evidence.Evidence
		content []byte
		want    evidence.Outcome
	}{
		{"pdf", announced(pdf("Factuur 2026-0042, KvK 12345678"), "application/pdf"), pdf("Factuur 2026-0042, KvK 12345678"), evidence.Outcome{Status: evidence.Verified}},
		{"pdf with a BSN", announced(pdf("BSN: 123456782"), "application/pdf"), pdf("BSN: 123456782"), evidence.Outcome{Status: evidence.Rejected, Reason: evidence.ContainsBSN, Findings: 1}},
		{"csv with a grouped BSN", announced([]byte("naam;nummer\nA;1234.56.782\n"), "text/csv"), []byte("naam;nummer\nA;1234.56.782\n"), evidence.Outcome{Status: evidence.Rejected, Reason: evidence.ContainsBSN, Findings: 1}},
		{"text with an IBAN and a phone number", announced([]byte("NL91ABNA0417164300, 0612345678"), "text/plain"), []byte("NL91ABNA0417164300, 0612345678"), evidence.Outcome{Status: evidence.Verified}},
		{"png declared as pdf", announced(png, "application/pdf"), png, evidence.Outcome{Status: evidence.Rejected, Reason: evidence.TypeMismatch}},
		{"png is not read for text", announced(png, "image/png"), png, evidence.Outcome{Status: evidence.Verified}},
		{"short body", announced(pdf("x"), "application/pdf"), pdf("x")[:10], evidence.Outcome{Status: evidence.Rejected, Reason: evidence.SizeMismatch}},
		{"longer body", announced(pdf("x"), "application/pdf"), append(pdf("x"), ' '), evidence.Outcome{Status: evidence.Rejected, Reason: evidence.SizeMismatch}},
		{"other bytes of the same size", announced(pdf("x"), "application/pdf"), pdf("y"), evidence.Outcome{Status: evidence.Rejected, Reason: evidence.ChecksumMismatch}},
		{"encrypted pdf", announced(append(pdf("x"), "trailer << /Encrypt 5 0 R >>"...), "application/pdf"),
			append(pdf("x"), "trailer << /Encrypt 5 0 R >>"...), evidence.Outcome{Status: evidence.Rejected, Reason: evidence.Unreadable}},
		{"not an xlsx", announced([]byte("PK\x03\x04 broken"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
			[]byte("PK\x03\x04 broken"), evidence.Outcome{Status: evidence.Rejected, Reason: evidence.TypeMismatch}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Check(tc.e, tc.content); got != tc.want {
				t.Fatalf("Check = %+v, want %+v", got, tc.want)
			}
		})
	}
}
