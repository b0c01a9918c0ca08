// Package ids makes the system's identifiers: opaque to clients, URL-safe,
// lower case and free of the punctuation that compound ids (flag and
// evidence ids) use to join their parts.
package ids

import (
	"crypto/rand"
	"encoding/base32"
	"encoding/binary"
	"strings"
	"time"
)

// hex32 is base32 in an alphabet that sorts like the bytes it encodes, so
// Ordered ids sort by time as strings.
var hex32 = base32.HexEncoding.WithPadding(base32.NoPadding)

// New returns prefix, an underscore and 80 random bits: "c_0m2k4...".
func New(prefix string) string {
	b := make([]byte, 10)
	_, _ = rand.Read(b)
	return prefix + "_" + strings.ToLower(hex32.EncodeToString(b))
}

// OrderedLen is the length of an Ordered id.
const OrderedLen = 20

// Ordered returns 20 characters that sort by t (to the millisecond) and then
// by 48 random bits, for records listed in the order they were made.
func Ordered(t time.Time) string {
	b := make([]byte, 12)
	binary.BigEndian.PutUint64(b, uint64(t.UnixMilli())<<16)
	_, _ = rand.Read(b[6:])
	return strings.ToLower(hex32.EncodeToString(b))
}

// IsOrdered reports whether s has the form of an Ordered id.
func IsOrdered(s string) bool {
	return len(s) == OrderedLen && strings.Trim(s, "0123456789abcdefghijklmnopqrstuv") == ""
}

// Is reports whether s has the form New(prefix) gives.
func Is(s, prefix string) bool {
	rest, ok := strings.CutPrefix(s, prefix+"_")
	return ok && len(rest) == 16 && strings.Trim(rest, "0123456789abcdefghijklmnopqrstuv") == ""
}
