package bsn

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// Test numbers. 123456782, 111222333 and 612345671 pass the eleven-test,
// 012345672 does too, so "12345672" is a BSN when labelled.
const (
	bsnA      = "123456782"
	bsnB      = "111222333"
	bsnPhone  = "612345671"
	bsnShort  = "12345672"
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
	// The corpus below relies on these.
	for _, n := range []string{bsnA, bsnB, bsnPhone, "0" + bsnShort} {
		if !Valid(n) {
			t.Fatalf("test number %s does not pass the eleven-test", n)
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
	// Positive: grouped.
	{"grouped 4.2.3", "1234.56.782", []string{FormGrouped}},
	{"grouped 3.3.3", "Nummer 123.456.782 ok", []string{FormGrouped}},
	{"grouped spaces", "Nummer 123 456 782 ok", []string{FormGrouped}},
	{"grouped other", "id " + bsnBGroup, []string{FormGrouped}},
	// Positive: labelled.
	{"labelled BSN colon", "BSN: 123456782", []string{FormLabelled}},
	{"labelled lower case", "bsn 111222333", []string{FormLabelled}},
	{"labelled BSN-nummer", "BSN-nummer 123456782", []string{FormLabelled}},
	{"labelled B.S.N.", "B.S.N. 123456782", []string{FormLabelled}},
	{"labelled burgerservicenummer", "Burgerservicenummer: 123456782", []string{FormLabelled}},
	{"labelled burger service nummer", "burger service nummer 123456782", []string{FormLabelled}},
	{"labelled with abbreviation", "Burgerservicenummer (BSN): 123.456.782", []string{FormLabelled}},
	{"labelled sofinummer", "Sofinummer 123456782", []string{FormLabelled}},
	{"labelled sofi-nummer", "sofi-nummer: 123456782", []string{FormLabelled}},
	{"labelled sofi nr", "SoFi nr. 123456782", []string{FormLabelled}},
	{"labelled citizen service number", "Citizen Service Number: 123456782", []string{FormLabelled}},
	{"labelled glued", "BSN123456782", []string{FormLabelled}},
	{"labelled no-break space", "BSN:\u00a0" + bsnShort, []string{FormLabelled}},
	{"labelled en dash", "BSN – " + bsnShort, []string{FormLabelled}},
	{"labelled hyphen", "BSN-123456782", []string{FormLabelled}},
	{"labelled on next line", "BSN\n123456782", []string{FormLabelled}},
	{"labelled eight digits", "BSN: " + bsnShort, []string{FormLabelled}},
	{"labelled eight digits grouped", "sofinummer 1234.56.72", []string{FormLabelled}},
	{"labelled odd grouping", "BSN 12 34 56 782", []string{FormLabelled}},
	{"labelled in comma csv", "naam,bsn\nJansen,BSN," + bsnA, []string{FormLabelled}},
	{"labelled then plain", "BSN 123456782 en 111222333", []string{FormLabelled, FormPlain}},
	{"labelled beats other label", "factuur voor BSN 123456782", []string{FormLabelled}},
	// Negative: the number fails the eleven-test.
	{"invalid plain", notBSN, nil},
	{"invalid labelled", "BSN: 123456789", nil},
	{"invalid labelled eight", "BSN: " + notBSN8, nil},
	{"all zeros", "BSN 000000000", nil},
	{"unlabelled eight digits", bsnShort, nil},
	// Negative: IBAN, KvK, phone numbers.
	{"iban compact", "NL91ABNA0417164300", nil},
	{"iban grouped", "NL91 ABNA 0417 1643 00", nil},
	{"iban label", "IBAN: 417164300", nil},
	{"kvk", "KvK 12345678", nil},
	{"kvk eight valid when padded", "KvK " + bsnShort, nil},
	{"kvk label nine", "KvK-nummer: 123456782", nil},
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
	// Negative: invoice, order and reference numbers.
	{"invoice id", "INV-2026-123456782", nil},
	{"factuurnummer", "factuurnummer 2026123456", nil},
	{"factuurnummer nine", "Factuurnummer: 123456782", nil},
	{"invoice label", "Invoice no. 123456782", nil},
	{"order label", "Ordernr 123456782", nil},
	{"klantnummer", "Klantnummer 123456782", nil},
	{"referentie", "Referentie: 123.456.782", nil},
	{"betalingskenmerk", "Betalingskenmerk 123456782", nil},
	{"suffix", "123456782-01", nil},
	{"slash suffix", "123456782/2026", nil},
	{"underscore", "scan_123456782", nil},
	{"email", "123456782@example.nl", nil},
	// Negative: amounts.
	{"amount grouped decimals", "123.456.782,00", nil},
	{"amount decimals", "1.234.567,82 EUR", nil},
	{"amount plain comma", "123456782,00", nil},
	{"amount plain dot", "123456782.50", nil},
	{"amount dash", "123456782,-", nil},
	{"amount euro sign", "€ 123456782", nil},
	{"amount euro sign grouped", "€123.456.782", nil},
	{"amount EUR before", "EUR 123456782", nil},
	{"amount EUR after", "123456782 EUR", nil},
	{"amount longer grouping", "1.123.456.782", nil},
	{"amount longer spaced", "1 123 456 782", nil},
	// Negative: dates, postcodes, longer runs, glued.
	{"date", "12-03-2026", nil},
	{"date compact", "20260312", nil},
	{"postcode", "1234 AB Amsterdam", nil},
	{"longer run", "1234567820", nil},
	{"longer labelled", "BSN 1234567820", nil},
	{"glued letters before", "A123456782", nil},
	{"glued letters after", "123456782B", nil},
	{"glued unicode letter", "é123456782", nil},
	{"glued digit dot", "9.123456782", nil},
	{"labelled glued after", "BSN 123456782x", nil},
	{"empty", "", nil},
	{"bsn word only", "geen BSN vermeld", nil},
}

func TestFindText(t *testing.T) {
	for _, tt := range findCorpus {
		t.Run(tt.name, func(t *testing.T) {
			got := FindText(tt.text)
			if !sameForms(got, tt.forms) {
				t.Fatalf("FindText(%q) = %v, want forms %v", tt.text, got, tt.forms)
			}
			for _, f := range got {
				if f.Offset < 0 || f.Offset >= len(tt.text) || !isDigit(tt.text[f.Offset]) {
					t.Errorf("finding %v does not point at a digit of %q", f, tt.text)
				}
			}
		})
	}
}

func TestFindTextOffsets(t *testing.T) {
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
	if got := find(text, true); !sameForms(got, []string{FormPlain}) {
		t.Fatalf("comma CSV: %v", got)
	}
	if got := find(text, false); len(got) != 0 {
		t.Fatalf("as text the ,40 reads as decimals: %v", got)
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

func FuzzFindText(f *testing.F) {
	for _, tt := range findCorpus {
		f.Add(tt.text)
	}
	f.Add("BSN: 1 2 3 4 5 6 7 8 2")
	f.Add("\xff123456782\xfe")
	f.Fuzz(func(t *testing.T, text string) {
		for _, fd := range FindText(text) {
			checkFinding(t, fd, text)
		}
		for _, fd := range find(text, true) {
			checkFinding(t, fd, text)
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
