package check

import (
	"net/mail"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Text rules for every string a client sends. Text is shown to people,
// written into e-mails, CSV files and PDFs, and compared for uniqueness,
// so it is normalised (NFC, trimmed) and refused when it holds characters
// that are not text: control characters, NUL, bidirectional overrides,
// zero-width and other invisible formatting characters, line and paragraph
// separators, private-use characters and U+FFFD (what JSON decoding makes
// of invalid UTF-8). Lengths count characters (runes) after normalisation.

// Line checks a required one-line field (a name, a reference, a title) of
// at most max characters and returns it normalised.
func (p *Problems) Line(field, v string, max int) string {
	v = p.OptionalLine(field, v, max)
	if v == "" && !p.has(field) {
		p.Add(field, "required")
	}
	return v
}

// OptionalLine is Line for a field that may be empty.
func (p *Problems) OptionalLine(field, v string, max int) string {
	return p.text(field, v, max, false)
}

// Para checks an optional free text (a note, a reason) that may hold line
// breaks and tabs, of at most max characters, and returns it normalised with
// \r\n turned into \n.
func (p *Problems) Para(field, v string, max int) string {
	return p.text(field, strings.ReplaceAll(v, "\r\n", "\n"), max, true)
}

// RequiredPara is Para for a text that must be given (a written reason).
func (p *Problems) RequiredPara(field, v string, max int) string {
	v = p.Para(field, v, max)
	if v == "" && !p.has(field) {
		p.Add(field, "required")
	}
	return v
}

func (p *Problems) text(field, v string, max int, multiline bool) string {
	v = strings.TrimSpace(norm.NFC.String(v))
	if strings.ContainsFunc(v, func(r rune) bool { return notText(r, multiline) }) {
		what := "control, invisible or bidirectional formatting characters"
		if !multiline {
			what = "line breaks, " + what
		}
		p.Add(field, "must not contain %s", what)
		return v
	}
	if n := utf8.RuneCountInString(v); n > max {
		p.Add(field, "must be at most %d characters (it has %d)", max, n)
	}
	return v
}

// notText reports whether r is not a character of text.
func notText(r rune, multiline bool) bool {
	switch {
	case r == '\n' || r == '\t':
		return !multiline
	case r == utf8.RuneError:
		return true
	}
	return unicode.In(r, unicode.Cc, unicode.Cf, unicode.Co, unicode.Zl, unicode.Zp)
}

func (p Problems) has(field string) bool {
	for _, q := range p {
		if q.Field == field {
			return true
		}
	}
	return false
}

// Key is the form under which two texts count as the same for uniqueness:
// compatibility-normalised (NFKC: a full-width "Ａ" is an "A", a ligature
// its letters) and case-folded. Apply it to text that passed Line.
func Key(s string) string {
	return strings.Map(fold, sharpS.Replace(norm.NFKC.String(s)))
}

// Case folding without golang.org/x/text/cases, whose tables (with its
// language package) cost every function a quarter of a megabyte: each rune
// becomes the lower case of the smallest rune of its case orbit
// (unicode.SimpleFold: K, k and the Kelvin sign are k; Σ, σ and ς are σ),
// so keys read as the lower case the stored claims have; ß and ẞ become ss, the one
// full folding a Dutch or German reference needs. Full folding's other
// expansions (Greek with a subscript iota, a few Armenian ligatures) are
// left out.
var sharpS = strings.NewReplacer("ß", "ss", "ẞ", "ss")

func fold(r rune) rune {
	least := r
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		least = min(least, f)
	}
	return unicode.ToLower(least)
}

// Email checks an e-mail address as people type it: one address, nothing
// around it, a dot in the domain, at most max characters.
func (p *Problems) Email(field, v string, max int) string {
	v = p.OptionalLine(field, v, max)
	if p.has(field) {
		return v
	}
	a, err := mail.ParseAddress(v)
	if err != nil || a.Address != v || !strings.Contains(v[strings.LastIndex(v, "@"):], ".") {
		p.Add(field, "must be an e-mail address such as name@example.nl")
	}
	return v
}
