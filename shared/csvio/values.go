package csvio

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/srmonitor/srmonitor/shared/civil"
)

// Cell values as Dutch spreadsheets write them. The errors are meant for
// the person who fixes the file; none repeats more of the cell than a
// few characters.

// maxCents bounds amounts (EUR 10 trillion, valuation's own limit) so the
// arithmetic below never overflows.
const maxCents = 1_000_000_000_000_000

// Cents reads whole euro cents: "123456".
func Cents(s string) (int64, error) {
	if s == "" || strings.Trim(s, "0123456789") != "" {
		return 0, fmt.Errorf("%s is not a whole number of cents", quote(s))
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n > maxCents {
		return 0, fmt.Errorf("%s is more than EUR 10 trillion", quote(s))
	}
	return n, nil
}

// Euros reads an amount in euros and returns cents. Accepted: "1.234,56",
// "€ 1.234,56", "EUR 1234,5", "1234", and, as other tools write it,
// "1234.56" or "1,234.56". A dot followed by exactly three digits and no
// comma is a thousands separator ("1.234" is 1234 euros), as Dutch writes
// it; more than two decimals is refused, never rounded.
func Euros(s string) (int64, error) {
	v := strings.TrimSpace(s)
	for _, p := range []string{"€", "EUR", "eur"} {
		v = strings.TrimSpace(strings.TrimPrefix(v, p))
	}
	v = strings.ReplaceAll(strings.ReplaceAll(v, " ", ""), "\u00a0", "")
	bad := func(why string) (int64, error) {
		return 0, fmt.Errorf("%s is not an amount in euros%s (write it as 1.234,56)", quote(s), why)
	}
	if v == "" {
		return bad("")
	}
	if strings.HasPrefix(v, "-") {
		return bad(": it is negative")
	}
	whole, frac := v, ""
	lastComma, lastDot := strings.LastIndex(v, ","), strings.LastIndex(v, ".")
	switch {
	case lastComma > lastDot: // 1.234,56 or 1234,5
		whole, frac = v[:lastComma], v[lastComma+1:]
		whole = strings.ReplaceAll(whole, ".", "")
	case lastDot > lastComma && lastComma >= 0: // 1,234.56
		whole, frac = strings.ReplaceAll(v[:lastDot], ",", ""), v[lastDot+1:]
	case lastDot >= 0 && len(v)-lastDot-1 == 3: // 1.234 or 1.234.567
		whole = strings.ReplaceAll(v, ".", "")
		if !groupedByThousands(v, '.') {
			return bad("")
		}
	case lastDot >= 0: // 1234.5
		whole, frac = v[:lastDot], v[lastDot+1:]
	}
	if whole == "" || strings.Trim(whole, "0123456789") != "" || strings.Trim(frac, "0123456789") != "" {
		return bad("")
	}
	if len(frac) > 2 {
		return bad(": more than two decimals")
	}
	if len(whole) > 14 {
		return bad(": more than EUR 10 trillion")
	}
	n, _ := strconv.ParseInt(whole, 10, 64)
	f, _ := strconv.ParseInt((frac + "00")[:2], 10, 64)
	cents := n*100 + f
	if cents > maxCents {
		return bad(": more than EUR 10 trillion")
	}
	return cents, nil
}

// groupedByThousands reports whether v is digits in groups of three after
// the first, separated by sep: 1.234.567.
func groupedByThousands(v string, sep byte) bool {
	parts := strings.Split(v, string(sep))
	if len(parts[0]) == 0 || len(parts[0]) > 3 {
		return false
	}
	for _, p := range parts[1:] {
		if len(p) != 3 {
			return false
		}
	}
	return true
}

// Hundredths reads a number with at most two decimals, with a decimal
// comma or point ("18,5", "18.5", "36"), as hundredths: 1850.
func Hundredths(s string) (int64, error) {
	v := strings.ReplaceAll(s, ",", ".")
	whole, frac, _ := strings.Cut(v, ".")
	if whole == "" || strings.Trim(whole, "0123456789") != "" || strings.Trim(frac, "0123456789") != "" ||
		strings.Count(v, ".") > 1 || (strings.Contains(v, ".") && frac == "") {
		return 0, fmt.Errorf("%s is not a number (write it as 18,5)", quote(s))
	}
	if len(frac) > 2 {
		return 0, fmt.Errorf("%s has more than two decimals", quote(s))
	}
	if len(whole) > 15 {
		return 0, fmt.Errorf("%s is too large", quote(s))
	}
	n, _ := strconv.ParseInt(whole, 10, 64)
	f, _ := strconv.ParseInt((frac + "00")[:2], 10, 64)
	return n*100 + f, nil
}

// Int reads a whole number.
func Int(s string) (int64, error) {
	if s == "" || len(s) > 15 || strings.Trim(s, "0123456789") != "" {
		return 0, fmt.Errorf("%s is not a whole number", quote(s))
	}
	return strconv.ParseInt(s, 10, 64)
}

// PercentBP reads a percentage ("5", "5%", "2,5 %") as basis points.
func PercentBP(s string) (int64, error) {
	h, err := Hundredths(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%")))
	if err != nil {
		return 0, fmt.Errorf("%s is not a percentage (write it as 5 or 2,5)", quote(s))
	}
	return h, nil
}

// Date reads a date as YYYY-MM-DD, or day first as Dutch spreadsheets
// write it: DD-MM-YYYY, D-M-YYYY, with '-', '/' or '.' between.
func Date(s string) (civil.Date, error) {
	bad := func() (civil.Date, error) {
		return civil.Date{}, fmt.Errorf("%s is not a date (write it as 31-12-2026 or 2026-12-31)", quote(s))
	}
	sep := strings.IndexAny(s, "-/.")
	if sep < 0 {
		return bad()
	}
	parts := strings.Split(s, s[sep:sep+1])
	if len(parts) != 3 {
		return bad()
	}
	if len(parts[0]) != 4 {
		parts[0], parts[2] = parts[2], parts[0]
	}
	if len(parts[0]) != 4 || len(parts[1]) < 1 || len(parts[1]) > 2 || len(parts[2]) < 1 || len(parts[2]) > 2 {
		return bad()
	}
	pad := func(p string) string { return strings.Repeat("0", 2-len(p)) + p }
	d, err := civil.Parse(parts[0] + "-" + pad(parts[1]) + "-" + pad(parts[2]))
	if err != nil {
		return bad()
	}
	return d, nil
}

// Bool reads yes or no: ja/nee, j/n, yes/no, true/false, waar/onwaar, 1/0,
// x (a ticked column) or "".
func Bool(s string) (bool, error) {
	switch strings.ToLower(s) {
	case "ja", "j", "yes", "y", "true", "waar", "1", "x":
		return true, nil
	case "nee", "n", "no", "false", "onwaar", "0", "":
		return false, nil
	}
	return false, fmt.Errorf("%s is not ja or nee", quote(s))
}

// quote shows a cell in an error, cut to 40 characters.
func quote(s string) string {
	if r := []rune(s); len(r) > 40 {
		return strconv.Quote(string(r[:40]) + "…")
	}
	return strconv.Quote(s)
}
