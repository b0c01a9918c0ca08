package valuation

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Decimal is a JSON number with at most two decimals, held exactly as
// hundredths (1850 = 18.5). Hours and months arrive as decimals ("18.5 hours
// a week"); holding them as integers keeps every valuation exact.
type Decimal int64

// What a Decimal holds for a number that is not a whole number of
// hundredths, or is too large for one. Decoding keeps them rather than
// failing the whole body (a 400 that hides every other problem), and the
// valuation reports them at the item's field with every other problem
// (422). Negative numbers are held as they are, and refused the same way.
const (
	notHundredths Decimal = math.MinInt64
	tooLarge      Decimal = math.MinInt64 + 1
)

// Problem says why d is not a quantity of hundredths, or "".
func (d Decimal) Problem() string {
	switch d {
	case notHundredths:
		return "must have at most two decimals"
	case tooLarge:
		return "is too large"
	}
	return ""
}

// maxDecimalDigits is the most digits an int64 of hundredths can have; it
// stops a long literal early, and ParseInt rejects what still overflows.
const maxDecimalDigits = 19

// UnmarshalJSON reads a JSON number. It rejects what is not a number (a
// string, a malformed literal); a number that is not a whole number of
// hundredths (18.555, 1e-3) or too large becomes a value that Problem
// names, so no value is ever rounded on the way in. Trailing zeros are fine:
// 18.50 and 1.85e1 are 18.5 exactly.
func (d *Decimal) UnmarshalJSON(b []byte) error {
	s := string(b)
	if s == "null" {
		// Like encoding/json's own types, null leaves the value unchanged.
		return nil
	}
	v, err := parseDecimal(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// MarshalJSON writes the shortest JSON number: 18.5, 36, 0.05.
func (d Decimal) MarshalJSON() ([]byte, error) {
	if d.Problem() != "" {
		return nil, fmt.Errorf("decimal: %s", d.Problem())
	}
	return d.append(nil), nil
}

// String is the number as given, without trailing zeros: "18.5", "36".
func (d Decimal) String() string { return string(d.append(nil)) }

func (d Decimal) append(dst []byte) []byte {
	u := uint64(d)
	if d < 0 {
		dst = append(dst, '-')
		u = -u
	}
	dst = strconv.AppendUint(dst, u/100, 10)
	switch frac := u % 100; {
	case frac == 0:
	case frac%10 == 0:
		dst = append(dst, '.', byte('0'+frac/10))
	default:
		dst = append(dst, '.', byte('0'+frac/10), byte('0'+frac%10))
	}
	return dst
}

// parseDecimal parses a JSON number literal into hundredths.
func parseDecimal(s string) (Decimal, error) {
	bad := func(why string) (Decimal, error) {
		return 0, fmt.Errorf("%.40q is not a valid decimal: %s", s, why)
	}
	if s == "" {
		return bad("empty")
	}
	if s[0] == '"' {
		return bad("want a JSON number, not a string")
	}
	neg := false
	rest := s
	if rest[0] == '-' {
		neg = true
		rest = rest[1:]
	}
	intPart, rest := takeDigits(rest)
	if intPart == "" || (len(intPart) > 1 && intPart[0] == '0') {
		return bad("not a JSON number")
	}
	var fracPart string
	if strings.HasPrefix(rest, ".") {
		fracPart, rest = takeDigits(rest[1:])
		if fracPart == "" {
			return bad("not a JSON number")
		}
	}
	exp := 0
	if rest != "" {
		if rest[0] != 'e' && rest[0] != 'E' {
			return bad("not a JSON number")
		}
		rest = rest[1:]
		expNeg := false
		if rest != "" && (rest[0] == '+' || rest[0] == '-') {
			expNeg = rest[0] == '-'
			rest = rest[1:]
		}
		var expDigits string
		expDigits, rest = takeDigits(rest)
		if expDigits == "" || rest != "" {
			return bad("not a JSON number")
		}
		expDigits = strings.TrimLeft(expDigits, "0")
		// An exponent beyond four digits cannot yield an int64 of hundredths
		// unless the number is zero, which is handled below.
		if len(expDigits) > 4 {
			expDigits = "99999"
		}
		exp, _ = strconv.Atoi("0" + expDigits)
		if expNeg {
			exp = -exp
		}
	}

	// The value is digits x 10^shift hundredths.
	digits := strings.TrimLeft(intPart+fracPart, "0")
	shift := exp - len(fracPart) + 2
	if digits == "" {
		return 0, nil // zero, including -0 and 0e999
	}
	trimmed := strings.TrimRight(digits, "0")
	shift += len(digits) - len(trimmed)
	digits = trimmed
	if shift < 0 {
		return notHundredths, nil
	}
	if len(digits)+shift > maxDecimalDigits {
		return tooLarge, nil
	}
	v, err := strconv.ParseInt(digits+strings.Repeat("0", shift), 10, 64)
	if err != nil {
		return tooLarge, nil
	}
	if neg {
		v = -v
	}
	return Decimal(v), nil
}

func takeDigits(s string) (digits, rest string) {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return s[:i], s[i:]
}
