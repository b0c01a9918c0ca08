package imports_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/srmonitor/srmonitor/shared/csvio"
	"github.com/srmonitor/srmonitor/shared/imports"
	"github.com/srmonitor/srmonitor/shared/policy"
)

// contractsCSV is n rows as a Dutch spreadsheet saves them, at the length
// of real ones (about 170 bytes a row: 5,000 rows are 0.8 MiB, within the
// 1 MiB limit).
func contractsCSV(n int) []byte {
	var sb strings.Builder
	sb.WriteString("\ufeff" + dutchHeader)
	for i := range n {
		fmt.Fprintf(&sb, "Utrecht;UTR-2026-%05d;Onderhoud groenvoorziening wijk %d;%08d;Groen & Co Hoveniers B.V.;inkoop@groen.example;€ %d.234,56;5;0;02-03-2026;01-04-2026;31-03-2027;kwartaal\r\n",
			i, i, 10_000_000+i, 100+i%900)
	}
	return []byte(sb.String())
}

// Reading 5,000 rows: CSV, columns, Dutch money and dates.
func BenchmarkParse5000(b *testing.B) {
	file := contractsCSV(5000)
	reg := policy.Default()
	b.SetBytes(int64(len(file)))
	for b.Loop() {
		f, probs := imports.ParseContracts(file, reg)
		if len(probs) > 0 || len(f.Rows) != 5000 {
			b.Fatal(probs)
		}
	}
}

// A dry run of 5,000 rows: parsing, the domain's validation of every row
// (obligation included) and the reference check, on the in-memory store.
func BenchmarkDryRun5000(b *testing.B) {
	file := contractsCSV(5000)
	f := newFixture()
	b.SetBytes(int64(len(file)))
	for b.Loop() {
		chk, err := f.svc.DryRun(f.ctx, f.mun, file)
		if err != nil || chk.Counts.Created != 5000 {
			b.Fatal(err, chk.Counts)
		}
	}
}

func TestTheBenchmarkFileIsWithinTheLimit(t *testing.T) {
	if n := len(contractsCSV(5000)); n > 1<<20 {
		t.Fatalf("%d bytes", n)
	}
	if _, err := csvio.Read(contractsCSV(5000), imports.MaxRows); err != nil {
		t.Fatal(err)
	}
}
