package bsn

import (
	"math"
	"strings"
	"testing"
	"unicode/utf8"
)

// Test numbers. 123456782, 111222333 and 612345671 pass the eleven-test,
// 012345672 does too, so "12345672" is a BSN when labelled. 202603003
// passes and reads as a dated reference when grouped 2026-03-003.
const (
	bsnA      = "123456782"
	bsnB      = "111222333"
	bsnPhone  = "612345671"
	bsnShort  = "12345672"
	bsnDated  = "202603003"
	notBSN    = "123456789"
	notBSN8   = "12345678"
	bsnBGroup = "111.222.333"
)

func TestValid(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{bsnA, true},
		{bsnB, true},
		{bsnPhone, true},
		{bsnDated, true},
		{"0" + bsnShort, true},
		{"100000009", true},
		{notBSN, false},
		{"0" + notBSN8, false},
		{"000000000", false},
		{"12345678", false},
		{"1234567820", false},
		{"12345678a", false},
		{"１２３４５６７８２", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := Valid(tt.in); got != tt.want {
			t.Errorf("Valid(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// findCase is one corpus entry: text and the forms expected in order (none
// for a clean text).
type findCase struct {
	name  string
	text  string
	forms []string
}

// findCorpus is read the same way in documents and by FindText, except for
// the entries named in joinedForms.
var findCorpus = []findCase{
	// Positive: plain.
	{"plain alone", bsnA, []string{FormPlain}},
	{"plain in sentence", "Werknemer J. Jansen, 123456782, in dienst sinds 2020.", []string{FormPlain}},
	{"plain second number", "nummers 111222333 en 123456782", []string{FormPlain, FormPlain}},
	{"plain at end with dot", "Zijn nummer is 111222333.", []string{FormPlain}},
	{"plain in parentheses", "(123456782)", []string{FormPlain}},
	{"plain after tab", "Jansen\t123456782\t40", []string{FormPlain}},
	{"plain in semicolon csv", "Jansen;123456782;40,00", []string{FormPlain}},
	{"plain followed by space and number", "123456782 40 uur", []string{FormPlain}},
	{"plain after hash", "#123456782", []string{FormPlain}},
	{"plain after letter dot", "nr.123456782", []string{FormPlain}},
	{"plain unicode text around", "Naïve éé 123456782 ü", []string{FormPlain}},
	{"plain with leading zero kept", "Jansen;012345672;40", []string{FormPlain}},
	{"plain spreadsheet text formula", `Jansen,="012345672"`, []string{FormPlain}},
	{"plain after werknemer", "Werknemer 123456782", []string{FormPlain}},
	// Positive: grouped, as typed and as word processors join the groups.
	{"grouped 4 2 3 official", "Nummer 1234 56 782 ok", []string{FormGrouped}},
	{"grouped 4.2.3", "1234.56.782", []string{FormGrouped}},
	{"grouped 4-2-3", "nummer 1234-56-782", []string{FormGrouped}},
	{"grouped 3.3.3", "Nummer 123.456.782 ok", []string{FormGrouped}},
	{"grouped 3 3 3", "Nummer 123 456 782 ok", []string{FormGrouped}},
	{"grouped 3-3-3", "nummer 123-456-782", []string{FormGrouped}},
	{"grouped other", "id " + bsnBGroup, []string{FormGrouped}},
	{"grouped no-break space", "1234\u00a056\u00a0782", []string{FormGrouped}},
	{"grouped narrow no-break space", "1234\u202f56\u202f782", []string{FormGrouped}},
	{"grouped figure space", "123\u2007456\u2007782", []string{FormGrouped}},
	{"grouped WinAnsi no-break space", "1234\xa056\xa0782", []string{FormGrouped}},
	{"grouped year-like but month 13", "1988 13 004", []string{FormGrouped}},
	// Positive: labelled.
	{"labelled BSN colon", "BSN: 123456782", []string{FormLabelled}},
	{"labelled lower case", "bsn 111222333", []string{FormLabelled}},
	{"labelled BSN-nummer", "BSN-nummer 123456782", []string{FormLabelled}},
	{"labelled BSN nummer", "BSN nummer " + bsnShort, []string{FormLabelled}},
	{"labelled B.S.N.", "B.S.N. 123456782", []string{FormLabelled}},
	{"labelled burgerservicenummer", "Burgerservicenummer: 123456782", []string{FormLabelled}},
	{"labelled burgerservicenr", "Burgerservicenr.: " + bsnShort, []string{FormLabelled}},
	{"labelled burger service nummer", "burger service nummer 123456782", []string{FormLabelled}},
	{"labelled burger-service-nummer", "Burger-service-nummer " + bsnShort, []string{FormLabelled}},
	{"labelled with abbreviation", "Burgerservicenummer (BSN): 123.456.782", []string{FormLabelled}},
	{"labelled persoonsnummer (BSN)", "Persoonsnummer (BSN): " + bsnShort, []string{FormLabelled}},
	{"labelled sofinummer", "Sofinummer 123456782", []string{FormLabelled}},
	{"labelled sofi-nummer", "sofi-nummer: 123456782", []string{FormLabelled}},
	{"labelled sofi nr", "SoFi nr. 123456782", []string{FormLabelled}},
	{"labelled sofinr", "Sofinr. " + bsnShort, []string{FormLabelled}},
	{"labelled BSN/sofinummer", "BSN/Sofinummer: " + bsnShort, []string{FormLabelled}},
	{"labelled citizen service number", "Citizen Service Number: 123456782", []string{FormLabelled}},
	{"labelled social security number", "Social security number " + bsnShort, []string{FormLabelled}},
	{"labelled SSN", "SSN: " + bsnShort, []string{FormLabelled}},
	{"labelled glued", "BSN123456782", []string{FormLabelled}},
	{"labelled no-break space", "BSN:\u00a0" + bsnShort, []string{FormLabelled}},
	{"labelled no-break grouping", "BSN:\u00a0123\u00a0456\u00a0782", []string{FormLabelled}},
	{"labelled en dash", "BSN – " + bsnShort, []string{FormLabelled}},
	{"labelled hyphen", "BSN-123456782", []string{FormLabelled}},
	{"labelled on next line", "BSN\n123456782", []string{FormLabelled}},
	{"labelled eight digits", "BSN: " + bsnShort, []string{FormLabelled}},
	{"labelled eight digits grouped", "sofinummer 1234.56.72", []string{FormLabelled}},
	{"labelled odd grouping", "BSN 12 34 56 782", []string{FormLabelled}},
	{"labelled dotted pairs", "BSN: 123.45.67.82", []string{FormLabelled}},
	{"labelled in comma csv", "naam,bsn\nJansen,BSN," + bsnA, []string{FormLabelled}},
	{"labelled then plain", "BSN 123456782 en 111222333", []string{FormLabelled, FormPlain}},
	{"labelled beats other label", "factuur voor BSN 123456782", []string{FormLabelled}},
	{"labelled year-like", "BSN 2026 03 003", []string{FormLabelled}},
	// Negative: the number fails the eleven-test.
	{"invalid plain", notBSN, nil},
	{"invalid labelled", "BSN: 123456789", nil},
	{"invalid labelled eight", "BSN: " + notBSN8, nil},
	{"all zeros", "BSN 000000000", nil},
	{"unlabelled eight digits", bsnShort, nil},
	{"name like a label", "Sofie " + bsnShort, nil},
	{"label inside a word", "xbsn " + bsnShort, nil},
	// Negative: IBAN, KvK, VAT, RSIN, payroll tax and phone numbers.
	{"iban compact", "NL91ABNA0417164300", nil},
	{"iban grouped", "NL91 ABNA 0417 1643 00", nil},
	{"iban label", "IBAN: 417164300", nil},
	{"iban with nine digits", "GB87ABCD123456782EF", nil},
	{"kvk", "KvK 12345678", nil},
	{"kvk eight valid when padded", "KvK " + bsnShort, nil},
	{"kvk label nine", "KvK-nummer: 123456782", nil},
	{"vat number", "Btw-nummer NL123456782B01", nil},
	{"rsin", "RSIN 123456782", nil},
	{"payroll tax number", "Loonheffingennummer 123456782L01", nil},
	{"mobile", "0612345678", nil},
	{"mobile hyphen", "06-12345678", nil},
	{"mobile international", "+31 6 12345678", nil},
	{"mobile international nine", "+31 " + bsnPhone, nil},
	{"mobile international glued", "+31" + bsnPhone, nil},
	{"mobile international (0)", "+31 (0)" + bsnPhone, nil},
	{"mobile 0031", "0031 " + bsnPhone, nil},
	{"landline", "020-1234567", nil},
	{"landline international", "+31 20 123 4567", nil},
	{"tel label", "Tel: " + bsnPhone, nil},
	{"telefoonnummer label", "telefoonnummer " + bsnA, nil},
	{"spaced phone", "06 123 456 782", nil},
	{"spaced phone 4 2 3", "06 1234 56 782", nil},
	// Negative: invoice, order, reference and employee numbers.
	{"invoice id", "INV-2026-123456782", nil},
	{"inv label", "INV 123456782", nil},
	{"factuurnummer", "factuurnummer 2026123456", nil},
	{"factuurnummer nine", "Factuurnummer: 123456782", nil},
	{"invoice label", "Invoice no. 123456782", nil},
	{"order label", "Ordernr 123456782", nil},
	{"order grouped with dashes", "Order 123-456-782", nil},
	{"klantnummer", "Klantnummer 123456782", nil},
	{"referentie", "Referentie: 123.456.782", nil},
	{"betalingskenmerk", "Betalingskenmerk 123456782", nil},
	{"personeelsnummer", "Personeelsnummer: 123456782", nil},
	{"pers.nr.", "Pers.nr. 111222333", nil},
	{"employee id", "Employee ID 123456782", nil},
	{"polisnummer", "Polisnummer 1234 56 782", nil},
	{"zaaknummer", "Zaaknummer: 123-456-782", nil},
	{"certificaatnummer", "Certificaatnr. 123456782", nil},
	{"dated invoice number", "2026-03-003", nil},
	{"dated invoice number spaced", "nr 2026 03 003", nil},
	{"suffix", "123456782-01", nil},
	{"slash suffix", "123456782/2026", nil},
	{"email", "123456782@example.nl", nil},
	// Negative: amounts.
	{"amount grouped decimals", "123.456.782,00", nil},
	{"amount decimals", "1.234.567,82 EUR", nil},
	{"amount plain comma", "123456782,00", nil},
	{"amount plain dot", "123456782.50", nil},
	{"amount dash", "123456782,-", nil},
	{"amount euro sign", "€ 123456782", nil},
	{"amount euro sign grouped", "€123.456.782", nil},
	{"amount euro no-break", "€\u00a0123\u00a0456\u00a0782", nil},
	{"amount EUR before", "EUR 123456782", nil},
	{"amount EUR after", "123456782 EUR", nil},
	{"amount longer grouping", "1.123.456.782", nil},
	{"amount longer spaced", "1 123 456 782", nil},
	{"amount longer no-break", "1\u00a0123\u00a0456\u00a0782", nil},
	// Negative: dates, postcodes, longer runs, glued.
	{"date", "12-03-2026", nil},
	{"date compact", "20260312", nil},
	{"postcode", "1234 AB Amsterdam", nil},
	{"longer run", "1234567820", nil},
	{"longer labelled", "BSN 1234567820", nil},
	{"glued digit dot", "9.123456782", nil},
	{"glued digit hyphen", "2026-123456782", nil},
	{"empty", "", nil},
	{"bsn word only", "geen BSN vermeld", nil},
	// Joined to words: identifiers in documents, names in file names (see
	// joinedForms).
	{"glued letters before", "A123456782", nil},
	{"glued letters after", "123456782B", nil},
	{"glued unicode letter", "é123456782", nil},
	{"underscore", "scan_123456782", nil},
	{"joined by hyphen to a word", "123456782-jan", nil},
	{"labelled glued after", "BSN 123456782x", nil},
	{"hash", "a3f9123456782bcd0e", nil},
	{"uuid", "5d2a3b4c-1d2e-4f3a-8b9c-123456782abc", nil},
}

// joinedForms are the corpus entries FindText reads differently: a number
// joined to a word counts in a file name.
var joinedForms = map[string][]string{
	"glued letters before":       {FormPlain},
	"glued letters after":        {FormPlain},
	"glued unicode letter":       {FormPlain},
	"underscore":                 {FormPlain},
	"joined by hyphen to a word": {FormPlain},
	"labelled glued after":       {FormLabelled},
}

func TestFind(t *testing.T) {
	for _, tt := range findCorpus {
		t.Run(tt.name, func(t *testing.T) {
			got := find(tt.text, mode{}, math.MaxInt)
			if !sameForms(got, tt.forms) {
				t.Errorf("in a document: %v, want forms %v", got, tt.forms)
			}
			checkOffsets(t, got, tt.text)
			want, ok := joinedForms[tt.name]
			if !ok {
				want = tt.forms
			}
			got = FindText(tt.text)
			if !sameForms(got, want) {
				t.Errorf("FindText: %v, want forms %v", got, want)
			}
			checkOffsets(t, got, tt.text)
		})
	}
}

// File names join the number to words in every way; FindText, which checks
// them, finds it however it is joined and still lets other numbers through.
func TestFindTextFileNames(t *testing.T) {
	tests := []struct {
		name  string
		found bool
	}{
		{"loonstrook_123456782.pdf", true},
		{"123456782-jan.pdf", true},
		{"jansen123456782.pdf", true},
		{"BSN123456782.pdf", true},
		{"BSN_12345672.pdf", true},
		{"loonstrook 123456782 mei.pdf", true},
		{"Loonstrook-1234-56-782.pdf", true},
		{"123456782_2026-03.pdf", true},
		{"jansen.123456782.pdf", true},
		{"loonstrook 1234\u00a056\u00a0782.pdf", true},
		{"factuur_123456782.pdf", false},
		{"factuur123456782.pdf", false},
		{"INV-2026-123456782.pdf", false},
		{"order-123456782.pdf", false},
		{"scan-123456782-01.pdf", false},
		{"NL91ABNA0417164300.pdf", false},
		{"GB87ABCD123456782EF.pdf", false},
		{"btw_NL123456782B01.pdf", false},
		{"123456782L01.pdf", false},
		{"KvK_12345678.pdf", false},
		{"IMG_20260312_123456.jpg", false},
		{"tel0612345678.pdf", false},
		{"scan_5d2a3b4c-1d2e-4f3a-8b9c-123456782abc.pdf", false},
		{"5d2a3b4c-1d2e-4f3a-8b9c-0123456789ab_123456782.pdf", true},
		{"a3f9123456782bcd0e.pdf", false},
		{"personeelsnummer_123456782.pdf", false},
		{"factuur 2026-03-003.pdf", false},
		{"loonstrook_123456789.pdf", false},
	}
	for _, tt := range tests {
		if got := FindText(tt.name); (len(got) > 0) != tt.found {
			t.Errorf("FindText(%q) = %v, want found %v", tt.name, got, tt.found)
		}
	}
}

func TestFindOffsets(t *testing.T) {
	text := "Naam: Jansen\nBSN: 123456782\nnummer 111 222 333"
	got := FindText(text)
	want := []Finding{
		{Form: FormLabelled, Offset: strings.Index(text, bsnA)},
		{Form: FormGrouped, Offset: strings.Index(text, "111 222 333")},
	}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("FindText = %v, want %v", got, want)
	}
}

// TestFindCommaCSV checks that in comma-delimited CSV a comma before digits
// separates fields instead of starting decimals.
func TestFindCommaCSV(t *testing.T) {
	text := "naam,nummer,uren\nJansen," + bsnA + ",40\n"
	if got := find(text, mode{commaSeparates: true}, math.MaxInt); !sameForms(got, []string{FormPlain}) {
		t.Fatalf("comma CSV: %v", got)
	}
	if got := find(text, mode{}, math.MaxInt); len(got) != 0 {
		t.Fatalf("as text the ,40 reads as decimals: %v", got)
	}
}

// TestFindStopsAtMost checks that the scan stops after the given number of
// findings: a file is refused for the first.
func TestFindStopsAtMost(t *testing.T) {
	text := strings.Repeat("BSN 123456782\n", 50)
	if got := find(text, mode{}, 7); len(got) != 7 {
		t.Fatalf("%d findings, want 7", len(got))
	}
}

func sameForms(got []Finding, want []string) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if got[i].Form != want[i] {
			return false
		}
	}
	return true
}

func checkOffsets(t *testing.T, got []Finding, text string) {
	t.Helper()
	for _, f := range got {
		if f.Offset < 0 || f.Offset >= len(text) || !isDigit(text[f.Offset]) {
			t.Errorf("finding %v does not point at a digit of %q", f, text)
		}
	}
}

func FuzzFindText(f *testing.F) {
	for _, tt := range findCorpus[:20] {
		f.Add(tt.text)
	}
	f.Add("BSN: 1 2 3 4 5 6 7 8 2")
	f.Add("\xff123456782\xfe")
	f.Add("Burgerservicenummer (BSN)\u00a0: 1234\u202f56\u202f782_x")
	f.Fuzz(func(t *testing.T, text string) {
		for _, m := range []mode{{}, {commaSeparates: true}, {joined: true}} {
			for _, fd := range find(text, m, math.MaxInt) {
				checkFinding(t, fd, text)
			}
		}
	})
}

func checkFinding(t *testing.T, f Finding, text string) {
	t.Helper()
	if f.Offset < 0 || f.Offset >= len(text) || !isDigit(text[f.Offset]) {
		t.Fatalf("finding %v out of bounds or not at a digit in %q", f, text)
	}
	switch f.Form {
	case FormPlain, FormGrouped, FormLabelled:
	default:
		t.Fatalf("unknown form %q", f.Form)
	}
	if r, _ := utf8.DecodeRuneInString(text[f.Offset:]); r == utf8.RuneError {
		t.Fatalf("finding at invalid rune %v", f)
	}
}
