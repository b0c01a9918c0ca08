package check

import (
	"strings"
	"testing"
)

func TestLineRefusesWhatIsNotText(t *testing.T) {
	for _, v := range []string{
		"REF\x00-1", "REF\u202e1-FER", "REF-1\u200b", "REF\u2066-1", "a\nb", "a\u2028b", "\ufeffREF", "RE\uE000F", "bad \ufffd",
	} {
		var p Problems
		p.Line("reference", v, 100)
		if len(p) != 1 {
			t.Errorf("%q: problems %v, want one", v, p)
		}
	}
	var p Problems
	if got := p.Line("title", "  Schoonmaak gemeentehuis \u2013 perceel 2  ", 100); got != "Schoonmaak gemeentehuis \u2013 perceel 2" || len(p) != 0 {
		t.Errorf("got %q, %v", got, p)
	}
	if got := p.Para("note", "line one\r\n\tline two", 100); got != "line one\n\tline two" || len(p) != 0 {
		t.Errorf("para %q, %v", got, p)
	}
}

func TestLineLengthAndRequired(t *testing.T) {
	var p Problems
	p.Line("a", "   ", 10)
	p.Line("b", strings.Repeat("é", 11), 10)
	p.OptionalLine("c", "", 10)
	if len(p) != 2 || p[0].Problem != "required" || !strings.Contains(p[1].Problem, "at most 10 characters") {
		t.Fatalf("%v", p)
	}
	// Lengths count characters after NFC: e + combining acute is one.
	var q Problems
	q.Line("d", strings.Repeat("e\u0301", 10), 10)
	if len(q) != 0 {
		t.Fatalf("%v", q)
	}
}

func TestKeyMakesEquivalentTextsEqual(t *testing.T) {
	for _, pair := range [][2]string{
		{"Café-1", "CAFE\u0301-1"},
		{"ＡＭＳ-２０２６", "ams-2026"},
		{"Straße", "STRASSE"},
		{"GROOTE-ẞ", "groote-ss"},
		{"ΟΔΟΣ-1", "οδος-1"},
		{"K-7", "k-7"},    // the Kelvin sign
		{"ﬁets", "FIETS"}, // a ligature
	} {
		if Key(pair[0]) != Key(pair[1]) {
			t.Errorf("Key(%q)=%q, Key(%q)=%q", pair[0], Key(pair[0]), pair[1], Key(pair[1]))
		}
	}
	if k := Key("UTR-Ⅻ-Straße"); k != "utr-xii-strasse" {
		t.Errorf("keys are lower case: %q", k)
	}
	if Key("A-1") == Key("A-2") {
		t.Error("different references share a key")
	}
}
