package bsn

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The scan is one linear pass over the text. Only where a digit run begins
// does it look around, and then only a bounded distance, with hand-written
// matchers rather than regular expressions: a text of millions of digit runs
// each after a label ("BSN 1", "BSN 1", ...) must cost tens of nanoseconds
// per run, not the ten microseconds a regular expression over the window
// took (half a minute for 16 MiB of them).
const (
	// labelWindow is how far back a label may start before the number.
	labelWindow = 64
	// maxFill is how many characters other than letters and digits may
	// stand between a label and its number ("BSN: ", "(BSN) "), kept short
	// so that a label applies only to the number right after it.
	maxFill = 12
	// maxOtherFill is the same for labels that say a number is something
	// else ("Factuurnummer: ").
	maxOtherFill = 6
)

// mode says how a text is read.
type mode struct {
	// commaSeparates says that ',' separates fields, as in a
	// comma-delimited CSV file, rather than starting the decimals of an
	// amount.
	commaSeparates bool
	// joined says that a number joined to a word by letters, '_' or '-'
	// counts, as in file names ("loonstrook_123456782.pdf",
	// "jansen123456782.pdf"). In documents such joins are identifiers
	// (hashes, UUIDs in metadata, product codes), so they are let through
	// there.
	joined bool
}

// FindText scans a short text such as a file name or a subject line for
// BSNs and returns the findings (empty when clean). Unlike the document
// scan of Scan, it also reports a number joined to a word by letters, '_'
// or '-' ("loonstrook_123456782.pdf", "123456782-jan.pdf",
// "jansen123456782.pdf"), because file names join words that way; joined
// identifiers with a known shape (IBANs, VAT and payroll tax numbers,
// hashes, UUIDs) and numbers after a label that says what they are
// ("factuur_123456782") are still let through. Its work is linear in the
// length of text.
func FindText(text string) []Finding {
	return find(text, mode{joined: true}, math.MaxInt)
}

// find scans text and stops after most findings.
func find(text string, m mode, most int) []Finding {
	return findExcept(text, m, most, nil)
}

// findExcept is find, except that within the byte ranges given in text
// order only labelled numbers count: they are cells under a column header
// that says what their numbers are.
func findExcept(text string, m mode, most int, ranges [][2]int) []Finding {
	s := scanner{text: text, mode: m}
	var out []Finding
	r := 0
	for i := 0; i < len(text) && len(out) < most; {
		if !isDigit(text[i]) {
			i++
			continue
		}
		f, next, ok := s.at(i)
		i = next
		if !ok {
			continue
		}
		for r < len(ranges) && ranges[r][1] <= f.Offset {
			r++
		}
		if f.Form != FormLabelled && r < len(ranges) && ranges[r][0] <= f.Offset {
			continue
		}
		out = append(out, f)
	}
	return out
}

type scanner struct {
	text string
	mode
}

// at examines the digit run starting at i and returns a finding if a BSN
// starts there, and where to continue scanning.
func (s scanner) at(i int) (Finding, int, bool) {
	j := digitsEnd(s.text, i)
	if labelEndsBefore(s.text, i) {
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

// labelledNumber reads the number after a BSN label at i: eight or nine
// digits, possibly grouped by single separators (space, no-break space,
// dot, hyphen). Eight digits are read with a leading zero, which old
// numbers are often written without. It returns the end of the number if it
// passes the eleven-test.
func (s scanner) labelledNumber(i int) (int, bool) {
	var buf [9]byte
	t := s.text
	n, end8, end9 := 0, -1, -1
	for k := i; k < len(t) && n < 9; {
		if isDigit(t[k]) {
			buf[n] = t[k]
			n++
			k++
			if k == len(t) || !isDigit(t[k]) {
				switch n {
				case 8:
					end8 = k
				case 9:
					end9 = k
				}
			}
			continue
		}
		if w := groupSep(t, k); w > 0 && k+w < len(t) && isDigit(t[k+w]) {
			k += w
			continue
		}
		break
	}
	if end9 >= 0 && s.endOK(end9) && Valid(string(buf[:])) {
		return end9, true
	}
	if end8 >= 0 && s.endOK(end8) && Valid("0"+string(buf[:8])) {
		return end8, true
	}
	return 0, false
}

// groupSep returns the length in bytes of the digit group separator at k,
// or 0: a space, dot or hyphen, or a no-break space (U+00A0, the narrow
// U+202F and the figure space U+2007) as word processors and payroll
// software put between groups. A lone byte A0 after a digit is a no-break
// space in the single-byte encodings of PDF text (WinAnsi, PDFDoc); in UTF-8
// it could not follow a digit.
func groupSep(t string, k int) int {
	if k >= len(t) {
		return 0
	}
	switch c := t[k]; {
	case c == ' ' || c == '.' || c == '-' || c == 0xA0:
		return 1
	case strings.HasPrefix(t[k:], "\u00a0"):
		return 2
	case strings.HasPrefix(t[k:], "\u202f") || strings.HasPrefix(t[k:], "\u2007"):
		return 3
	}
	return 0
}

// spaceLike reports whether a group separator is a kind of space.
func spaceLike(sep string) bool {
	return sep != "." && sep != "-"
}

// grouped reads nine digits grouped four, two, three (1234 56 782, the
// official notation, or 1234.56.782) or three, three, three (123 456 782,
// 123.456.782), all groups joined by the same separator, starting with the
// digit run [i, j). It returns the end and the nine digits.
func (s scanner) grouped(i, j int) (int, string, bool) {
	t := s.text
	w := groupSep(t, j)
	if w == 0 {
		return 0, "", false
	}
	sep := t[j : j+w]
	var sizes [3]int
	switch j - i {
	case 4:
		sizes = [3]int{4, 2, 3}
	case 3:
		sizes = [3]int{3, 3, 3}
	default:
		return 0, "", false
	}
	var digits [9]byte
	n, k := 0, i
	for g, size := range sizes {
		if g > 0 {
			if !strings.HasPrefix(t[k:], sep) {
				return 0, "", false
			}
			k += len(sep)
		}
		e := digitsEnd(t, k)
		if e-k != size {
			return 0, "", false
		}
		n += copy(digits[n:], t[k:e])
		k = e
	}
	if !s.startOK(i) || !s.endOK(k) {
		return 0, "", false
	}
	// A space-grouped number continuing on either side is a longer number
	// ("1 234 567 890", "06 123 456 78"), not a BSN.
	if spaceLike(sep) && (strings.HasSuffix(t[:i], sep) && i > len(sep) && isDigit(t[i-len(sep)-1]) ||
		strings.HasPrefix(t[k:], sep) && k+len(sep) < len(t) && isDigit(t[k+len(sep)])) {
		return 0, "", false
	}
	// Year and month first (2026-03-123, 2026 03 042) is a dated reference
	// such as an invoice number, a common numbering scheme.
	if sizes[0] == 4 && (digits[0] == '1' && digits[1] == '9' || digits[0] == '2' && digits[1] == '0') &&
		(digits[4] == '0' && digits[5] >= '1' || digits[4] == '1' && digits[5] <= '2') {
		return 0, "", false
	}
	return k, string(digits[:]), true
}

// startOK reports whether a number may start at i. In documents it must
// not be glued to a letter or digit, not joined to an identifier by '-',
// '/', '_', '@' or '\', not the tail of a larger number (1.123456782) and
// not after a '+'. In joined mode letters and '_' before it are fine, and
// '-' unless a digit precedes it (2026-123456782 is one identifier).
func (s scanner) startOK(i int) bool {
	if i == 0 {
		return true
	}
	r, n := utf8.DecodeLastRuneInString(s.text[:i])
	before, _ := utf8.DecodeLastRuneInString(s.text[:i-n])
	atStart := i-n == 0
	switch {
	case unicode.IsNumber(r):
		return false
	case unicode.IsLetter(r):
		return s.joined
	}
	switch r {
	case '+':
		return false
	case '_':
		return s.joined || atStart || !isAlnum(before)
	case '-':
		if s.joined {
			return atStart || !unicode.IsNumber(before)
		}
		return atStart || !isAlnum(before)
	case '/', '@', '\\':
		return atStart || !isAlnum(before)
	case ',':
		if s.commaSeparates {
			return true
		}
		return atStart || !unicode.IsDigit(before)
	case '.':
		return atStart || !unicode.IsDigit(before)
	}
	return true
}

// endOK reports whether a number may end at j. In documents it must not be
// glued to a letter or digit, not joined to more by '-', '/', '_', '@' or
// '\' (123456782-01), and not followed by decimals (123456782,00 or
// 123456782.50) or the Dutch amount ending ",-". In joined mode letters and
// '_' after it are fine, and '-' unless a digit follows.
func (s scanner) endOK(j int) bool {
	if j == len(s.text) {
		return true
	}
	r, n := utf8.DecodeRuneInString(s.text[j:])
	after, _ := utf8.DecodeRuneInString(s.text[j+n:])
	atEnd := j+n == len(s.text)
	switch {
	case unicode.IsNumber(r):
		return false
	case unicode.IsLetter(r):
		return s.joined
	}
	switch r {
	case '_':
		return s.joined || atEnd || !isAlnum(after)
	case '-':
		if s.joined {
			return atEnd || !unicode.IsNumber(after)
		}
		return atEnd || !isAlnum(after)
	case '/', '@', '\\':
		return atEnd || !isAlnum(after)
	case ',':
		if s.commaSeparates {
			return true
		}
		return atEnd || !unicode.IsDigit(after) && after != '-'
	case '.':
		return atEnd || !unicode.IsDigit(after)
	}
	return true
}

// otherMeaning reports whether the unlabelled number at [i, end) is, by its
// context, something other than a BSN: an amount, a phone number after a
// country code, a number after a label that says what it is, or in joined
// mode part of an identifier with a known shape.
func (s scanner) otherMeaning(i, end int) bool {
	t := s.text
	return isCurrencyBefore(t[max(0, i-labelWindow):i]) || isCurrencyAfter(t[end:min(len(t), end+8)]) ||
		countryCodeBefore(t, i) || otherLabel(t, i) ||
		s.joined && joinedIdentifier(t, i, end)
}

func otherLabel(t string, i int) bool {
	_, ok := otherLabelBefore(t, i)
	return ok
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

// countryCodeBefore reports whether an international dialling prefix ends
// right before i ("+31 ", "0031 ", "+31 (0)"), after which nine digits are
// a phone number.
func countryCodeBefore(t string, i int) bool {
	k := skipBack(t, i, " \t.-", 4)
	if hasSuffixFold(t[:k], "(0)") {
		k = skipBack(t, k-3, " \t.-", 4)
	}
	d := k
	for d > 0 && k-d < 5 && isDigit(t[d-1]) {
		d--
	}
	run := k - d
	switch {
	case run >= 1 && run <= 3 && d > 0 && t[d-1] == '+':
		return true
	case run >= 3 && run <= 5 && t[d:d+2] == "00":
		return d == 0 || !isDigit(t[d-1])
	}
	return false
}

// skipBack steps back from k over at most n bytes of chars.
func skipBack(t string, k int, chars string, n int) int {
	for j := k; k > 0 && j-k < n && strings.IndexByte(chars, t[k-1]) >= 0; {
		k--
	}
	return k
}

// bsnLabels are the labels that name a BSN, each as the words it is made
// of; the words may be written together or joined by a space or hyphen
// ("burgerservicenummer", "burger service nummer", "burger-service-nr").
var bsnLabels = [][]string{
	{"bsn"}, {"b.s.n"}, {"sofi"}, {"ssn"},
	{"burger", "service", "nummer"}, {"burger", "service", "nr"},
	{"citizen", "service", "number"}, {"citizen", "service", "no"},
	{"social", "security", "number"}, {"social", "security", "no"},
}

// labelWords may follow a label and each other: "BSN-nummer", "sofinr.",
// "Burgerservicenummer (BSN)".
var labelWords = []string{"nummer", "nr", "number", "no"}

// labelsByLast indexes the labels by their last letter, as wordIndex does
// words.
var labelsByLast = func() (l [128][][]string) {
	for _, words := range bsnLabels {
		last := words[len(words)-1]
		l[last[len(last)-1]] = append(l[last[len(last)-1]], words)
	}
	return l
}()

// wordIndex holds words by their last letter, so that the word before a
// number is compared only with those that could end it: the scan looks
// before every digit run, and most words end in a letter no label ends in.
type wordIndex [128][]string

func newWordIndex(words []string) *wordIndex {
	var x wordIndex
	for _, w := range words {
		x[w[len(w)-1]] = append(x[w[len(w)-1]], w)
	}
	return &x
}

// endingAt returns the words that may end at k, by the letter before k.
func (x *wordIndex) endingAt(t string, lo, k int) []string {
	if k <= lo || lower(t[k-1]) >= utf8.RuneSelf {
		return nil
	}
	return x[lower(t[k-1])]
}

var labelWordIndex = newWordIndex(labelWords)

// labelEndsBefore reports whether a BSN label ends right before i, followed
// by at most maxFill characters that are neither letters nor digits.
func labelEndsBefore(t string, i int) bool {
	lo := max(0, i-labelWindow)
	k, ok := fillBefore(t, lo, i, maxFill)
	return ok && labelEndsAt(t, lo, k)
}

// labelEndsAt reports whether a BSN label ends exactly at k, starting no
// earlier than lo: a label, then any label words or labels each after a
// fill ("BSN-nummer", "Sofinr", "Burgerservicenummer (BSN)").
func labelEndsAt(t string, lo, k int) bool {
	for k > lo {
		if c := lower(t[k-1]); c < utf8.RuneSelf {
			for _, words := range labelsByLast[c] {
				if start, ok := phraseEndsAt(t, lo, k, words); ok && boundaryBefore(t, start) {
					return true
				}
			}
		}
		start := -1
		for _, w := range labelWordIndex.endingAt(t, lo, k) {
			if hasSuffixFold(t[lo:k], w) {
				start = k - len(w)
				break
			}
		}
		if start < 0 {
			return false
		}
		var ok bool
		if k, ok = fillBefore(t, lo, start, maxFill); !ok {
			return false
		}
	}
	return false
}

// phraseEndsAt reports whether words end exactly at k, each joined to the
// next by at most three spaces or hyphens, and returns where they start.
func phraseEndsAt(t string, lo, k int, words []string) (int, bool) {
	for w := len(words) - 1; w >= 0; w-- {
		if w < len(words)-1 {
			k = max(lo, skipBack(t, k, " -", 3))
		}
		if !hasSuffixFold(t[lo:k], words[w]) {
			return 0, false
		}
		k -= len(words[w])
	}
	return k, true
}

// fillBefore steps back from k over at most n characters that are neither
// letters nor digits, no further than lo, and returns the position after
// the letter or digit before them.
func fillBefore(t string, lo, k, n int) (int, bool) {
	for runes := 0; k > lo; runes++ {
		r, size := rune(t[k-1]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeLastRuneInString(t[lo:k])
		}
		if isAlnum(r) {
			return k, true
		}
		if runes == n {
			return 0, false
		}
		k -= size
	}
	return 0, false
}

// boundaryBefore reports whether a word starting at k is not glued to a
// letter or digit before it.
func boundaryBefore(t string, k int) bool {
	r, _ := utf8.DecodeLastRuneInString(t[:k])
	return k == 0 || !isAlnum(r)
}

// otherLabels say that the number after them is something else: an
// invoice, order, customer or reference number, a payment reference, an
// IBAN, a KvK, VAT, RSIN or phone number. otherPrefixes do so only with a
// number word after them ("Personeelsnummer", "Pers.nr.", "Employee ID"):
// alone, "werknemer 123456782" may well name the employee's BSN.
var (
	otherLabels = []string{"invoice", "inv", "factuur", "order", "bestel", "po", "klant", "customer", "client",
		"referentie", "reference", "ref", "iban", "kvk", "k.v.k", "tel", "telefoon", "phone", "mobiel", "mobile",
		"gsm", "fax", "btw", "vat", "rsin", "rekening", "account", "debiteur", "crediteur", "transactie",
		"transaction", "artikel", "article"}
	otherPrefixes = []string{"personeel", "personeels", "pers", "medewerker", "medewerkers", "werknemer",
		"werknemers", "employee", "staff", "relatie", "polis", "dossier", "zaak", "aanvraag", "registratie",
		"contract", "project", "offerte", "certificaat", "diploma", "examen", "lid", "pas"}
	otherNumberWords = []string{"nummer", "nr", "no", "number", "id", "code"}

	otherLabelIndex      = newWordIndex(otherLabels)
	otherPrefixIndex     = newWordIndex(otherPrefixes)
	otherNumberWordIndex = newWordIndex(otherNumberWords)
)

// otherLabelBefore reports whether a label that says the number is
// something else ends right before i, with an optional number word
// ("Factuur", "Factuurnummer", "Invoice no.", "Betalingskenmerk"), and
// returns where the label starts.
func otherLabelBefore(t string, i int) (int, bool) {
	lo := max(0, i-labelWindow)
	k, ok := fillBefore(t, lo, i, maxOtherFill)
	if !ok {
		return 0, false
	}
	if start, ok := otherLabelEndsAt(t, lo, k, otherLabelIndex); ok {
		return start, true
	}
	for _, w := range otherNumberWordIndex.endingAt(t, lo, k) {
		if hasSuffixFold(t[lo:k], w) {
			j := max(lo, skipBack(t, k-len(w), " \t.-", 3))
			if start, ok := otherLabelEndsAt(t, lo, j, otherLabelIndex); ok {
				return start, true
			}
			return otherLabelEndsAt(t, lo, j, otherPrefixIndex)
		}
	}
	return 0, false
}

// otherLabelEndsAt reports whether one of labels, or a word ending in
// "kenmerk" (betalingskenmerk, uw kenmerk), ends at k as a whole word, and
// returns where it starts.
func otherLabelEndsAt(t string, lo, k int, labels *wordIndex) (int, bool) {
	for _, l := range labels.endingAt(t, lo, k) {
		if hasSuffixFold(t[lo:k], l) && boundaryBefore(t, k-len(l)) {
			return k - len(l), true
		}
	}
	if hasSuffixFold(t[lo:k], "kenmerk") {
		s := k - len("kenmerk")
		for s > lo && isASCIILetter(t[s-1]) {
			s--
		}
		return s, boundaryBefore(t, s)
	}
	return 0, false
}

// inUUID reports whether [i, end) lies within a UUID (8-4-4-4-12
// hexadecimal digits), as file names made by programs carry them.
func inUUID(t string, i, end int) bool {
	const n = 36
	for s := max(0, end-n); s <= i && s+n <= len(t); s++ {
		if isUUID(t[s : s+n]) {
			return true
		}
	}
	return false
}

func isUUID(u string) bool {
	for k := range len(u) {
		switch k {
		case 8, 13, 18, 23:
			if u[k] != '-' {
				return false
			}
		default:
			if !isHexDigit(u[k]) {
				return false
			}
		}
	}
	return true
}

// joinedIdentifier reports whether the digits [i, end), joined to letters,
// belong to an identifier of a known shape: an IBAN (by its check digits),
// a Dutch VAT number (NL123456782B01) or payroll tax number
// (123456782L01), a hexadecimal hash of 16 or more characters, or a UUID.
func joinedIdentifier(t string, i, end int) bool {
	a, b := i, end
	for a > 0 && isASCIIAlnum(t[a-1]) {
		a--
	}
	for b < len(t) && isASCIIAlnum(t[b]) {
		b++
	}
	token := t[a:b]
	switch {
	case validIBAN(token):
		return true
	case b-a == 14 && i-a == 2 && hasPrefixFold(token, "nl") && lower(t[end]) == 'b' && isDigit(t[end+1]) && isDigit(t[end+2]):
		return true
	case i == a && b-end == 3 && lower(t[end]) == 'l' && isDigit(t[end+1]) && isDigit(t[end+2]):
		return true
	case len(token) >= 16 && strings.Trim(strings.ToLower(token), "0123456789abcdef") == "":
		return true
	}
	return inUUID(t, i, end)
}

// validIBAN reports whether s has the shape of an IBAN (country code, two
// check digits, 11 to 30 letters and digits) and passes its mod-97 check.
func validIBAN(s string) bool {
	if len(s) < 15 || len(s) > 34 || !isASCIILetter(s[0]) || !isASCIILetter(s[1]) || !isDigit(s[2]) || !isDigit(s[3]) {
		return false
	}
	rem := 0
	for k := range len(s) {
		c := s[(k+4)%len(s)] // the first four characters go last
		switch {
		case isDigit(c):
			rem = (rem*10 + int(c-'0')) % 97
		case isASCIILetter(c):
			rem = (rem*100 + int(lower(c)-'a') + 10) % 97
		default:
			return false
		}
	}
	return rem == 1
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
func isAlnum(r rune) bool {
	if r < utf8.RuneSelf {
		return isASCIIAlnum(byte(r))
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r)
}

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
