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
// numbers stored as numbers included (also as 1.23456782E8).
//
// A number counts when it passes the eleven-test and is nine digits standing
// alone (123456782); grouped four, two, three (1234 56 782, the official
// notation) or three, three, three (123 456 782), the groups joined by
// spaces, no-break spaces (U+00A0, U+202F, U+2007), dots or hyphens; or
// written after a label (BSN, BSN-nummer, burgerservicenummer,
// burgerservicenr, sofinummer, sofi-nr, persoonsnummer (BSN), citizen
// service number, social security number, SSN), then in any grouping and
// with eight digits counting too, as old numbers lost their leading zero.
// In CSV and XLSX a column under a header naming the BSN (the same labels,
// any case and punctuation) counts its eight- and nine-digit values; a
// column under a header naming another number (Personeelsnummer, KvK,
// Factuurnummer) counts only numbers labelled in the cell.
//
// What the check lets through: amounts, phone numbers, IBANs, KvK, VAT,
// RSIN and payroll tax numbers, invoice, order, customer, case, reference,
// certificate and employee numbers after their label, references dated
// year-month first (2026-03-003), and in documents digits joined to letters
// or to other digits (identifiers, hashes, UUIDs). FindText, meant for file
// names, does count numbers joined to words (loonstrook_123456782.pdf).
//
// What the check cannot see: text in images (scanned or photographed
// documents, JPEG and PNG uploads, images inside PDFs), text drawn as vector
// paths, fonts with custom encodings (subset fonts whose codes are glyph
// numbers, not characters, as many PDF generators write them; only the
// font's ToUnicode map says what they show), other stream filters (LZW,
// RunLength), binary files embedded in a PDF, cell comments, charts and
// drawings in XLSX, and numbers split over several cells, lines or
// separately placed pieces of text, or written with other separators or
// non-ASCII digits. The check is a safety net, not a guarantee that a file
// holds no personal data.
//
// The work per file is bounded (see limits): a file that inflates to more
// than 64 MiB, has more than 100,000 streams or parts or more than 3
// million XML elements, or (XLSX) lays out more than 64 MiB of text, is
// refused with an error wrapping ErrTooComplex rather than scanned into the
// function's timeout; scanning stops after 1,000 findings.
package bsn

import (
	"errors"
)

// Forms in which a number is found.
const (
	FormPlain    = "plain"    // nine digits standing alone
	FormGrouped  = "grouped"  // 1234 56 782, 1234.56.782, 123.456.782, 123 456 782, ...
	FormLabelled = "labelled" // after a label such as "BSN:", or in a BSN column
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

// ErrTooComplex is wrapped by the error Scan returns for a file beyond its
// work limits (more than 64 MiB inflated, too many streams, parts or cells),
// so that a zip or deflate bomb is refused rather than scanned into the
// function's timeout. The wrapping error says which limit.
var ErrTooComplex = errors.New("bsn: file too complex to scan")

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
