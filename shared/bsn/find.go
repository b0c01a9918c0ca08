package bsn

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The label expressions are matched against a short window that ends where a
// digit run begins, never against the whole text: digit runs are rare next to
// the amount of text, so the scan stays one linear pass and the regular
// expressions only run on small windows.
const (
	// labelWindow is how far back a label may start before the number.
	labelWindow = 64
	// fill is what may stand between a label and its number ("BSN: ",
	// "BSN-nummer ", "(BSN) "), kept short so that a label applies only to
	// the number right after it.
	fill = `[^\p{L}\p{N}]{0,12}`
	// bsnLabel and labelWord are the labels that name a BSN and the words
	// that may follow them ("nummer", "nr.").
	bsnLabel  = `(?:bsn|b\.s\.n\.?|burger\s?-?\s?service\s?-?\s?(?:nummer|nr\.?)|sofi|citizen\s+service\s+(?:number|no\.?))`
	labelWord = `(?:nummer|nr\.?|number|no\.?)`
)

var (
	// bsnLabelRe matches a window that ends in a BSN label and its fill, such
	// as "Burgerservicenummer (BSN): " or "sofi-nr. ".
	bsnLabelRe = regexp.MustCompile(`(?i)(?:^|[^\p{L}\p{N}])` + bsnLabel +
		`(?:` + fill + `(?:` + bsnLabel + `|` + labelWord + `))*` + fill + `$`)
	// otherLabelRe matches a window that ends in a label saying the number is
	// something else: an invoice, order, customer or reference number, a
	// payment reference, an IBAN, a KvK, VAT or phone number.
	otherLabelRe = regexp.MustCompile(`(?i)(?:^|[^\p{L}\p{N}])(?:invoice|factuur|order|bestel|klant|customer|client|` +
		`referentie|reference|ref|\p{L}*kenmerk|iban|kvk|k\.v\.k\.?|tel|telefoon|phone|mobiel|mobile|gsm|fax|btw|vat|` +
		`rekening|account|debiteur|crediteur|transactie|transaction|artikel|article)` +
		`(?:[\s.\-]*(?:nummer|nr\.?|no\.?|number|id|code))?[^\p{L}\p{N}]{0,6}$`)
	// countryCodeRe matches a window that ends in an international dialling
	// prefix ("+31 ", "0031 ", "+31 (0)"), after which nine digits are a
	// phone number.
	countryCodeRe = regexp.MustCompile(`(?:\+|(?:^|[^0-9])00)[0-9]{1,3}[\s.\-]*(?:\(0\)[\s.\-]*)?$`)
)

// FindText scans text for BSNs; returns the findings (empty when clean).
func FindText(text string) []Finding {
	return find(text, false)
}

// find scans text. commaSeparates says that ',' separates fields, as in a
// comma-delimited CSV file, rather than starting the decimals of an amount.
func find(text string, commaSeparates bool) []Finding {
	s := scanner{text: text, commaSeparates: commaSeparates}
	var out []Finding
	for i := 0; i < len(text); {
		if !isDigit(text[i]) {
			i++
			continue
		}
		f, next, ok := s.at(i)
		if ok {
			out = append(out, f)
		}
		i = next
	}
	return out
}

type scanner struct {
	text           string
	commaSeparates bool
}

// at examines the digit run starting at i and returns a finding if a BSN
// starts there, and where to continue scanning.
func (s scanner) at(i int) (Finding, int, bool) {
	j := digitsEnd(s.text, i)
	if s.labelled(i) {
		if end, ok := s.labelledNumber(i); ok {
			return Finding{Form: FormLabelled, Offset: i}, end, true
		}
	}
	if j-i == 9 && s.startOK(i) && s.endOK(j) && Valid(s.text[i:j]) && !s.otherMeaning(i, j) {
		return Finding{Form: FormPlain, Offset: i}, j, true
	}
	if end, digits, ok := s.grouped(i, j); ok && Valid(digits) && !s.otherMeaning(i, end) {
		return Finding{Form: FormGrouped, Offset: i}, end, true
	}
	return Finding{}, j, false
}

// labelled reports whether a BSN label ends right before position i.
func (s scanner) labelled(i int) bool {
	// Cheap tests first: a label ends in a letter, at most a fill away (up
	// to 12 characters of up to 4 bytes).
	k := i
	for k > 0 && i-k < 48 && !isASCIIAlnum(s.text[k-1]) {
		k--
	}
	if k == 0 || !isASCIILetter(s.text[k-1]) {
		return false
	}
	w := s.text[max(0, i-labelWindow):i]
	return mentionsBSN(w) && bsnLabelRe.MatchString(w)
}

// mentionsBSN reports whether w contains the start of a BSN label, a quick
// test before the regular expression.
func mentionsBSN(w string) bool {
	for i := 0; i < len(w); i++ {
		var found bool
		switch lower(w[i]) {
		case 'b':
			found = hasPrefixFold(w[i:], "bsn") || hasPrefixFold(w[i:], "b.s.n") || hasPrefixFold(w[i:], "burger")
		case 's':
			found = hasPrefixFold(w[i:], "sofi")
		case 'c':
			found = hasPrefixFold(w[i:], "citizen")
		}
		if found {
			return true
		}
	}
	return false
}

// labelledNumber reads the number after a BSN label at i: eight or nine
// digits, possibly grouped by single spaces, dots or hyphens. Eight digits
// are read with a leading zero, which old numbers are often written without.
// It returns the end of the number if it passes the eleven-test.
func (s scanner) labelledNumber(i int) (int, bool) {
	var buf [9]byte
	n, end8, end9 := 0, -1, -1
	for k := i; k < len(s.text) && n < 9; {
		c := s.text[k]
		switch {
		case isDigit(c):
			buf[n] = c
			n++
			k++
			if k == len(s.text) || !isDigit(s.text[k]) {
				switch n {
				case 8:
					end8 = k
				case 9:
					end9 = k
				}
			}
		case (c == ' ' || c == '.' || c == '-') && k+1 < len(s.text) && isDigit(s.text[k+1]):
			k++
		default:
			k = len(s.text)
		}
	}
	if end9 >= 0 && s.endOK(end9) && Valid(string(buf[:])) {
		return end9, true
	}
	if end8 >= 0 && s.endOK(end8) && Valid("0"+string(buf[:8])) {
		return end8, true
	}
	return 0, false
}

// grouped reads 1234.56.782, 123.456.782 or 123 456 782 starting with the
// digit run [i, j) and returns its end and its nine digits.
func (s scanner) grouped(i, j int) (int, string, bool) {
	t := s.text
	if j >= len(t) {
		return 0, "", false
	}
	sep := t[j]
	var sizes [3]int
	switch {
	case j-i == 4 && sep == '.':
		sizes = [3]int{4, 2, 3}
	case j-i == 3 && (sep == '.' || sep == ' '):
		sizes = [3]int{3, 3, 3}
	default:
		return 0, "", false
	}
	digits := make([]byte, 0, 9)
	k := i
	for g, size := range sizes {
		if g > 0 {
			if k >= len(t) || t[k] != sep {
				return 0, "", false
			}
			k++
		}
		e := digitsEnd(t, k)
		if e-k != size {
			return 0, "", false
		}
		digits = append(digits, t[k:e]...)
		k = e
	}
	if !s.startOK(i) || !s.endOK(k) {
		return 0, "", false
	}
	// A space-grouped number continuing on either side is a longer number
	// ("1 234 567 890", "06 123 456 78"), not a BSN.
	if sep == ' ' && ((i >= 2 && t[i-1] == ' ' && isDigit(t[i-2])) ||
		(k+1 < len(t) && t[k] == ' ' && isDigit(t[k+1]))) {
		return 0, "", false
	}
	return k, string(digits), true
}

// startOK reports whether a number may start at i: it is not glued to a
// letter or digit, not joined to an identifier by '-', '/', '_', '@' or '\',
// not the tail of a larger number (1.123456782) and not after a '+'.
func (s scanner) startOK(i int) bool {
	if i == 0 {
		return true
	}
	r, n := utf8.DecodeLastRuneInString(s.text[:i])
	if isAlnum(r) {
		return false
	}
	before, _ := utf8.DecodeLastRuneInString(s.text[:i-n])
	switch r {
	case '+':
		return false
	case '-', '/', '_', '@', '\\':
		return i-n == 0 || !isAlnum(before)
	case ',':
		if s.commaSeparates {
			return true
		}
		return i-n == 0 || !unicode.IsDigit(before)
	case '.':
		return i-n == 0 || !unicode.IsDigit(before)
	}
	return true
}

// endOK reports whether a number may end at j: it is not glued to a letter
// or digit, not joined to more by '-', '/', '_', '@' or '\' (123456782-01),
// and not followed by decimals (123456782,00 or 123456782.50) or the Dutch
// amount ending ",-".
func (s scanner) endOK(j int) bool {
	if j == len(s.text) {
		return true
	}
	r, n := utf8.DecodeRuneInString(s.text[j:])
	if isAlnum(r) {
		return false
	}
	if j+n == len(s.text) {
		return true
	}
	after, _ := utf8.DecodeRuneInString(s.text[j+n:])
	switch r {
	case '-', '/', '_', '@', '\\':
		return !isAlnum(after)
	case ',':
		if s.commaSeparates {
			return true
		}
		return !unicode.IsDigit(after) && after != '-'
	case '.':
		return !unicode.IsDigit(after)
	}
	return true
}

// otherMeaning reports whether the unlabelled number at [i, end) is, by its
// context, something other than a BSN: an amount, a phone number after a
// country code, or a number after a label that says what it is.
func (s scanner) otherMeaning(i, end int) bool {
	before := s.text[max(0, i-labelWindow):i]
	after := s.text[end:min(len(s.text), end+8)]
	return isCurrencyBefore(before) || isCurrencyAfter(after) ||
		countryCodeRe.MatchString(before[max(0, len(before)-16):]) ||
		otherLabelRe.MatchString(before)
}

func isCurrencyBefore(before string) bool {
	before = strings.TrimRight(before, " \u00a0")
	if strings.HasSuffix(before, "€") || strings.HasSuffix(before, "$") || strings.HasSuffix(before, "£") {
		return true
	}
	if !hasSuffixFold(before, "eur") {
		return false
	}
	rest := before[:len(before)-3]
	r, _ := utf8.DecodeLastRuneInString(rest)
	return rest == "" || !unicode.IsLetter(r)
}

func isCurrencyAfter(after string) bool {
	after = strings.TrimLeft(after, " \u00a0")
	return strings.HasPrefix(after, "€") || hasPrefixFold(after, "eur")
}

func digitsEnd(t string, i int) int {
	for i < len(t) && isDigit(t[i]) {
		i++
	}
	return i
}

func isDigit(c byte) bool       { return c >= '0' && c <= '9' }
func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }
func isASCIIAlnum(c byte) bool  { return isDigit(c) || isASCIILetter(c) }
func isAlnum(r rune) bool       { return unicode.IsLetter(r) || unicode.IsNumber(r) }

// lower folds an ASCII letter to lower case; labels are ASCII.
func lower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func hasPrefixFold(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for k := 0; k < len(prefix); k++ {
		if lower(s[k]) != prefix[k] {
			return false
		}
	}
	return true
}

func hasSuffixFold(s, suffix string) bool {
	return len(s) >= len(suffix) && hasPrefixFold(s[len(s)-len(suffix):], suffix)
}
