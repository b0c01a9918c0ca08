package bsn

import (
	"strings"
	"testing"

	"github.com/srmonitor/srmonitor/shared/filetype"
	"github.com/srmonitor/srmonitor/shared/testdocs"
)

// bsnHeaders are column headers of payroll and HR exports that name the
// BSN.
var bsnHeaders = []string{
	"BSN", "bsn", "bsn-nummer", "BSN nummer", "BSN-nr.", "BSN_NR", "bsnNummer", "burgerservicenummer",
	"Burgerservicenummer (BSN)", "Burgerservicenr", "Burger service nummer", "burgerServiceNummer",
	"sofinummer", "Sofi-nummer", "sofi-nr", "Sofinr.", "SofiNr", "BSN/Sofinr.", "persoonsnummer (BSN)",
	"Citizen service number", "Citizen Service No.", "social security number", "SSN", "medewerker_bsn",
	"medewerkerBsn", "medewerkerBSN", "BSN partner", " BSN ",
}

// otherHeaders name other numbers; their columns hold eight-digit values
// that pass the eleven-test when padded, which must not count.
var otherHeaders = []string{
	"KvK", "KvK-nummer", "Personeelsnummer", "persoonsnummer", "Relatienummer", "Sofie", "Bsnl", "subsnummer",
	"Nummer", "Fiscaal nummer", "BSN 2",
}

func TestIsOtherHeader(t *testing.T) {
	for _, h := range []string{"Personeelsnummer", "KvK", "KvK-nummer", "Factuurnr.", "klantNummer", "Employee ID",
		"Telefoon", "IBAN", " Ordernummer ", "Betalingskenmerk", "Pers.nr.", "KvKNummer"} {
		if !isOtherHeader(h) {
			t.Errorf("isOtherHeader(%q) = false", h)
		}
	}
	for _, h := range []string{"bellen via tel", "zie factuur", "Naam", "Werknemer", "BSN", "Factuur 2026", ""} {
		if isOtherHeader(h) {
			t.Errorf("isOtherHeader(%q) = true", h)
		}
	}
}

func TestIsBSNHeader(t *testing.T) {
	for _, h := range bsnHeaders {
		if !isBSNHeader(h) {
			t.Errorf("isBSNHeader(%q) = false", h)
		}
	}
	for _, h := range append(otherHeaders, "", strings.Repeat("BSN ", 20)) {
		if isBSNHeader(h) {
			t.Errorf("isBSNHeader(%q) = true", h)
		}
	}
}

// Every BSN header makes its column's eight-digit values count, in CSV with
// either delimiter and in XLSX with the value stored as text or as a
// number.
func TestScanBSNColumns(t *testing.T) {
	for _, h := range bsnHeaders {
		for _, doc := range columnDocs(h, bsnShort) {
			got, err := Scan(doc.contentType, doc.content)
			if err != nil {
				t.Fatal(err)
			}
			if !sameForms(got, []string{FormLabelled}) {
				t.Errorf("header %q, %s: Scan = %v, want one labelled", h, doc.name, got)
			}
		}
	}
	for _, h := range otherHeaders {
		for _, doc := range columnDocs(h, bsnShort) {
			got, err := Scan(doc.contentType, doc.content)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 0 {
				t.Errorf("header %q, %s: Scan = %v, want none", h, doc.name, got)
			}
		}
	}
}

type doc struct {
	name, contentType string
	content           []byte
}

// columnDocs returns a table with a name column and a column headed header
// holding value, as CSV and XLSX files.
func columnDocs(header, value string) []doc {
	q := strings.ReplaceAll(header, `"`, `""`)
	return []doc{
		{"csv semicolon", filetype.CSV, []byte("Naam;" + header + ";Uren\nJansen;" + value + ";40,5\n")},
		{"csv comma quoted", filetype.CSV, []byte(`"Naam","` + q + `","Uren"` + "\r\n" + `"Jansen, J.","` + value + `","40.5"` + "\r\n")},
		{"xlsx text", filetype.XLSX, testdocs.XLSX([][]string{{"Naam", header}, {"Jansen", value}})},
		{"xlsx number", filetype.XLSX, testdocs.XLSXRaw([]string{"Naam", header, "Jansen"},
			`<c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>`,
			`<c r="A2" t="s"><v>2</v></c><c r="B2"><v>`+value+`</v></c>`)},
	}
}

func TestScanCSV(t *testing.T) {
	tests := []struct {
		name    string
		content string
		forms   []string
	}{
		{"semicolon plain", "naam;bsn;uren\nJansen;123456782;40,00\n", []string{FormLabelled}},
		{"semicolon labelled in row", "Jansen;BSN;12345672\n", []string{FormLabelled}},
		{"semicolon decimals", "omschrijving;bedrag\ntotaal;123456782,00\n", nil},
		{"comma", "naam,nummer,uren\nJansen,123456782,40\n", []string{FormPlain}},
		{"comma quoted", "\"naam\",\"nummer\"\n\"Jansen, J.\",\"111222333\"\n", []string{FormPlain}},
		{"tab", "naam\tuur\nJansen\t40\n", nil},
		{"tab bsn column", "naam\tBSN\nJansen\t12345672\n", []string{FormLabelled}},
		{"BOM before header", "\ufeffBSN;naam\n12345672;Jansen\n", []string{FormLabelled}},
		{"title line before header", "Presentielijst week 12, locatie Utrecht\n\nnaam;bsn;uren\nJansen;12345672;40,5\nde Vries;111222333;38,0\n",
			[]string{FormLabelled, FormLabelled}},
		{"several rows", "bsn;naam\n12345672;A\n111222333;B\n123456789;C\n\n012345672;D\n", []string{FormLabelled, FormLabelled, FormLabelled}},
		{"grouped in column", "Sofinummer;naam\n1234.56.72;A\n", []string{FormLabelled}},
		{"spreadsheet formula text", "naam,bsn\nJansen,=\"12345672\"\n", []string{FormLabelled}},
		{"quoted header with delimiter", "\"Naam; voornaam\";\"Burgerservicenummer (BSN)\"\n\"Jansen; J.\";\"12345672\"\n", []string{FormLabelled}},
		{"quoted cell over lines", "opmerking;bsn\n\"regel 1\nregel 2\";12345672\n", []string{FormLabelled}},
		{"value before header", "12345672;x\nbsn;y\n", nil},
		{"employee number column", "Naam;Personeelsnummer;Uren\nJansen;123456782;40\nde Vries;111 222 333;38\n", nil},
		{"customer number column", "naam,klantNummer\nJansen,\"123456782\"\n", nil},
		{"labelled in other column", "Naam;Telefoon\nJansen;BSN 123456782\n", []string{FormLabelled}},
		{"column heads change", "Klantnummer\n123456782\nBSN\n12345672\n", []string{FormLabelled}},
		{"text ending in a label is no header", "Opmerking;x\nbellen via tel;1\n123456782;2\n", []string{FormPlain}},
		{"other column", "bsn;kvk\n123456789;12345672\n", nil},
		{"invalid in column", "bsn\n12345678\n", nil},
		{"longer in column", "bsn\n1234567820\n", nil},
		{"empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Scan(filetype.CSV, []byte(tt.content))
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

func TestCSVDelimiter(t *testing.T) {
	tests := []struct {
		text string
		want byte
	}{
		{"naam;uren\nJansen;40,5\nde Vries;38,0\n", ';'},
		{"naam,uren\nJansen,40\n", ','},
		{"Overzicht, week 12\nnaam;uren;bedrag\nA;40,5;1,5\nB;38,0;2,5\nC;1;2\n", ';'},
		{"\"a;b\",c\n\"d;e\",f\n", ','},
		{"naam\turen\nA\t1\n", '\t'},
		{"Bedrag\n123,00\n€ 5\nEUR 7\n", 0},
		{"alleen tekst\n", 0},
		{"", 0},
	}
	for _, tt := range tests {
		if got := csvDelimiter(tt.text); got != tt.want {
			t.Errorf("csvDelimiter(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestCSVCells(t *testing.T) {
	text := "\ufeffa;\"b;\"\"c\"\"\"\r\n\"d\ne\";f\n"
	type cell struct {
		col   int
		value string
	}
	var got []cell
	csvCells(text, ';', func(col int, value string, start, end int) bool {
		got = append(got, cell{col, value})
		return true
	})
	want := []cell{{0, "a"}, {1, `b;"c"`}, {0, "d\ne"}, {1, "f"}, {0, ""}}
	if len(got) != len(want) {
		t.Fatalf("cells = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("cell %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestScanXLSXColumns(t *testing.T) {
	tests := []struct {
		name   string
		shared []string
		rows   []string
		forms  []string
	}{
		{"header and inline string", []string{"BSN"}, []string{
			`<c r="A1" t="s"><v>0</v></c>`,
			`<c r="A2" t="inlineStr"><is><t>12345672</t></is></c>`,
		}, []string{FormLabelled}},
		{"header and scientific number", []string{"Sofinummer"}, []string{
			`<c r="C1" t="s"><v>0</v></c>`,
			`<c r="C2"><v>1.2345672E7</v></c>`,
		}, []string{FormLabelled}},
		{"header in a later row", []string{"Urenoverzicht", "Naam", "BSN", "Jansen"}, []string{
			`<c r="A1" t="s"><v>0</v></c>`,
			`<c r="A3" t="s"><v>1</v></c><c r="B3" t="s"><v>2</v></c>`,
			`<c r="A4" t="s"><v>3</v></c><c r="B4"><v>12345672</v></c>`,
		}, []string{FormLabelled}},
		{"column by reference, not position", []string{"BSN"}, []string{
			`<c r="D1" t="s"><v>0</v></c>`,
			`<c r="A2"><v>1</v></c><c r="D2"><v>12345672</v></c>`,
		}, []string{FormLabelled}},
		{"other column", []string{"BSN", "KvK"}, []string{
			`<c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>`,
			`<c r="A2"><v>123456789</v></c><c r="B2"><v>12345672</v></c>`,
		}, nil},
		{"employee number column", []string{"Naam", "Personeelsnummer", "Jansen"}, []string{
			`<c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>`,
			`<c r="A2" t="s"><v>2</v></c><c r="B2"><v>123456782</v></c>`,
		}, nil},
		{"labelled in other column", []string{"Telefoon", "BSN 123456782"}, []string{
			`<c r="A1" t="s"><v>0</v></c>`,
			`<c r="A2" t="s"><v>1</v></c>`,
		}, []string{FormLabelled}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Scan(filetype.XLSX, testdocs.XLSXRaw(tt.shared, tt.rows...))
			if err != nil {
				t.Fatal(err)
			}
			if !sameForms(got, tt.forms) {
				t.Fatalf("Scan = %v, want forms %v", got, tt.forms)
			}
		})
	}
}
