// Package bsn finds Dutch citizen service numbers (burgerservicenummers) in
// evidence so that an upload carrying one is refused: evidence must not
// contain a BSN (DOMAIN.md section 5). A finding says where and in what form a
// number was seen, never the number itself, so that the number is not stored
// or logged by the check that is meant to keep it out.
//
// What the check covers: text in plain text and CSV files; in PDFs the text
// shown by content streams (page contents, form XObjects, annotation
// appearances; uncompressed, FlateDecode, ASCIIHexDecode or ASCII85Decode;
// literal and hex strings, TJ arrays split by kerning), strings elsewhere in
// the file such as form field values and document information, objects
// inside object streams, XMP metadata and embedded files that are plain
// text; in XLSX the shared strings and the cell values of every worksheet,
// numbers stored as numbers included. A number counts when it passes the
// eleven-test and is nine digits standing alone (123456782), grouped as
// 1234.56.782, 123.456.782 or 123 456 782, or written after a label such as
// BSN, burgerservicenummer or sofinummer; after a label, or under a BSN
// column header in XLSX, eight digits count too, as old numbers lost their
// leading zero.
//
// What the check cannot see: text in images (scanned or photographed
// documents, JPEG and PNG uploads, images inside PDFs), text drawn as vector
// paths, fonts with custom encodings (subset fonts whose codes are glyph
// numbers, not characters, as many PDF generators write them; only the
// font's ToUnicode map says what they show), other stream
// filters (LZW, RunLength), binary files embedded in a PDF, cell comments,
// charts and drawings in XLSX, and numbers split over several cells, lines
// or separately placed pieces of text, or written with other separators or
// non-ASCII digits. Nine-digit numbers that are clearly something else are
// let through: amounts, phone numbers, IBANs, KvK numbers, invoice, order,
// customer and reference numbers after their label, and digits joined to
// other letters or digits. The check is a safety net, not a guarantee that a
// file holds no personal data.
package bsn

import (
	"errors"
)

// Forms in which a number is found.
const (
	FormPlain    = "plain"    // nine digits standing alone
	FormGrouped  = "grouped"  // 1234.56.782, 123.456.782 or 123 456 782
	FormLabelled = "labelled" // after a label such as "BSN:"
)

// Finding says that and how a BSN was found, never the number itself (it
// must never be stored or logged).
type Finding struct {
	Form string // FormPlain, FormGrouped or FormLabelled
	// Offset is the byte offset of the number's first digit in the text given
	// to FindText. From Scan it is a byte offset into the file: exact for
	// plain text and CSV, the start of the PDF stream or string region or of
	// the XLSX part that held the number otherwise.
	Offset int
}

// ErrNotTextBearing is returned by Scan for content types it cannot read
// text from, such as images.
var ErrNotTextBearing = errors.New("bsn: content type does not carry readable text")

// ErrTooLarge is returned by Scan when a file decompresses to more than
// maxDecompressed bytes, so that a zip or deflate bomb is refused rather than
// scanned for ever.
var ErrTooLarge = errors.New("bsn: file decompresses to too much data to scan")

// ErrEncrypted is returned by Scan for an encrypted PDF (even one that opens
// without a password): its text is ciphertext the check cannot read, so the
// file must be refused rather than passed unread.
var ErrEncrypted = errors.New("bsn: encrypted PDF cannot be read")

// Valid reports whether digits is nine ASCII digits d1..d9 passing the
// eleven-test 9*d1+8*d2+7*d3+6*d4+5*d5+4*d6+3*d7+2*d8-1*d9 = 0 (mod 11). All
// zeros passes the sum but is not a number that is ever issued.
func Valid(digits string) bool {
	if len(digits) != 9 {
		return false
	}
	sum, zero := 0, true
	for i := 0; i < 9; i++ {
		c := digits[i]
		if c < '0' || c > '9' {
			return false
		}
		d := int(c - '0')
		if d != 0 {
			zero = false
		}
		if i == 8 {
			sum -= d
		} else {
			sum += (9 - i) * d
		}
	}
	return !zero && sum%11 == 0
}
