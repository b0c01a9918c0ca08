package inspect

import (
	"bytes"
	"regexp"
)

// eofWindow is how close to the end of the file %%EOF must be; it is the
// distance Acrobat searches, and startxref is looked for as far before it.
const eofWindow = 1024

var (
	pdfHeader = regexp.MustCompile(`^%PDF-[12]\.[0-9]`)
	objHeader = regexp.MustCompile(`^[0-9]{1,10}\s+[0-9]{1,5}\s+obj\s*<<`)
	xrefType  = regexp.MustCompile(`/Type\s*/XRef\b`)
)

// isPDF checks the header, the end of file marker, what follows it and the
// cross-reference section the last startxref points at (see the package
// comment).
func isPDF(b []byte) bool {
	if !pdfHeader.Match(b) {
		return false
	}
	tailStart := max(0, len(b)-eofWindow)
	k := bytes.LastIndex(b[tailStart:], []byte("%%EOF"))
	if k < 0 {
		return false
	}
	eof := tailStart + k
	if hasForeignMagic(b[eof:]) {
		return false
	}
	before := b[max(0, eof-eofWindow):eof]
	if s := bytes.LastIndex(before, []byte("startxref")); s >= 0 {
		off, ok := pdfUint(bytes.TrimLeft(before[s+len("startxref"):], pdfSpace))
		if !ok || off >= len(b) || !xrefAt(b[off:]) {
			return false
		}
	}
	return !opensAsZip(b)
}

const pdfSpace = " \t\r\n\f\x00"

// xrefAt reports whether b starts, after white space, with a
// cross-reference table that parses or a cross-reference stream object.
func xrefAt(b []byte) bool {
	b = bytes.TrimLeft(b, pdfSpace)
	if rest, ok := bytes.CutPrefix(b, []byte("xref")); ok {
		return xrefTable(rest)
	}
	return xrefStream(b[:min(len(b), 4096)])
}

// xrefStream reports whether b starts with a cross-reference stream object:
// an object header and a dictionary of type XRef before the stream keyword.
// Its data, compressed and predicted, is not decoded.
func xrefStream(b []byte) bool {
	if !objHeader.Match(b) {
		return false
	}
	dict, _, ok := bytes.Cut(b, []byte("stream"))
	return ok && xrefType.Match(dict)
}

// xrefTable reports whether b, after the xref keyword, holds one or more
// subsections ("first count" and count entries "nnnnnnnnnn ggggg n") and
// then the trailer keyword. Entries are read by their fields rather than
// as fixed 20-byte lines, since some writers end them with one byte.
func xrefTable(b []byte) bool {
	sections := 0
	for {
		b = bytes.TrimLeft(b, pdfSpace)
		if bytes.HasPrefix(b, []byte("trailer")) {
			return sections > 0
		}
		if _, ok := pdfUint(b); !ok {
			return false
		}
		b = bytes.TrimLeft(bytes.TrimLeft(b, "0123456789"), " \t")
		count, ok := pdfUint(b)
		if !ok || count > len(b)/18 {
			return false
		}
		b = bytes.TrimLeft(b, "0123456789")
		for range count {
			b = bytes.TrimLeft(b, pdfSpace)
			if len(b) < 18 || !allDigits(b[:10]) || b[10] != ' ' || !allDigits(b[11:16]) || b[16] != ' ' ||
				b[17] != 'n' && b[17] != 'f' {
				return false
			}
			b = b[18:]
		}
		sections++
	}
}

// pdfUint parses the unsigned decimal number at the start of b, of at most
// ten digits.
func pdfUint(b []byte) (int, bool) {
	n, i := 0, 0
	for ; i < len(b) && i < 11 && b[i] >= '0' && b[i] <= '9'; i++ {
		n = n*10 + int(b[i]-'0')
	}
	return n, i > 0 && i <= 10
}

func allDigits(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
