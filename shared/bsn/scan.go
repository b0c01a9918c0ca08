package bsn

import (
	"bytes"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/srmonitor/srmonitor/shared/filetype"
)

// limits bound the work Scan does for one file, so that a small upload
// crafted to inflate into a huge or intricate text (a deflate bomb in a PDF
// stream, a worksheet of millions of empty cells, a zip of thousands of
// parts) is refused within seconds instead of running into the function's
// timeout. Evidence is at most 25 MiB; real documents inflate a few times
// at most and hold far fewer parts, so they stay well inside.
type limits struct {
	// inflated bounds the bytes inflated from all PDF streams or XLSX
	// parts of a file together.
	inflated int
	// text bounds the text extracted from an XLSX file, where shared
	// strings repeated over many cells can make it far larger than the
	// inflated parts.
	text int
	// streams bounds the PDF streams decoded and the XLSX parts read.
	streams int
	// objects bounds the PDF objects indexed to resolve indirect stream
	// lengths.
	objects int
	// elements bounds the XML elements of all XLSX parts together
	// (cells, values, strings); encoding/xml is the slowest step per byte.
	elements int
	// findings is where scanning stops: a file with that many BSNs is
	// refused for the first, and counting further only costs memory.
	findings int
}

// scanLimits are the limits of Scan. The costliest files within them and
// the upload limit, measured by BenchmarkScanWorstCase, take two to three
// seconds on one core of a development machine (a PDF whose stream
// inflates to 64 MiB of digit runs after label letters; a worksheet of a
// million cells) and under 450 MiB of heap, against the verify function's
// 120 s and 1024 MB.
var scanLimits = limits{
	inflated: 64 << 20,
	text:     64 << 20,
	streams:  100_000,
	objects:  1 << 20,
	elements: 3 << 20,
	findings: 1000,
}

// Scan extracts the text of a file of the given content type and scans it:
// plain text as is, CSV as text and by column, PDF from its content streams
// and strings, XLSX from its shared strings and worksheet cells (see the
// package comment for what is and is not seen). Types without readable
// text, such as images, return ErrNotTextBearing; an encrypted PDF
// ErrEncrypted; a file beyond the work limits (more than 64 MiB inflated,
// too many streams, parts or cells) an error wrapping ErrTooComplex; an
// XLSX that cannot be read (not a zip, a damaged part) another error, so
// that it is refused rather than passed unread. A damaged PDF is read as far
// as it goes, as viewers do. At most 1,000 findings are returned.
func Scan(contentType string, content []byte) ([]Finding, error) {
	return scan(contentType, content, scanLimits)
}

func scan(contentType string, content []byte, lim limits) ([]Finding, error) {
	switch {
	case !filetype.TextBearing(contentType):
		return nil, ErrNotTextBearing
	case isMediaType(contentType, filetype.PDF):
		return scanPDF(content, lim)
	case isMediaType(contentType, filetype.XLSX):
		return scanXLSX(content, lim)
	case isMediaType(contentType, filetype.CSV):
		return scanCSV(content, lim), nil
	default:
		return find(string(content), mode{}, lim.findings), nil
	}
}

// isMediaType reports whether contentType is want, ignoring case and
// parameters the way filetype does.
func isMediaType(contentType, want string) bool {
	mediaType, _, _ := strings.Cut(contentType, ";")
	return strings.EqualFold(strings.TrimSpace(mediaType), want)
}

// tooComplex is the error for a file beyond one of the limits.
func tooComplex(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrTooComplex, fmt.Sprintf(format, args...))
}

// extracted is text pulled out of a container file, with the file offset of
// each piece so that findings can point into the file, and what is left of
// the file's limits.
type extracted struct {
	text   strings.Builder
	starts []int // text offset where each piece starts
	origin []int // file offset of each piece
	lim    limits
	// inflated, streams and elements count the work done against lim.
	inflated, streams, elements int
	// extra holds findings made outside the text, such as XLSX cells in a
	// BSN column.
	extra []Finding
	// except holds the text ranges, in order, where only labelled numbers
	// count: XLSX cells under a header naming another number.
	except [][2]int
}

func newExtracted(lim limits) *extracted {
	return &extracted{lim: lim}
}

// begin starts a piece of text that came from fileOffset. Pieces are
// separated by a newline so that the last word of one does not run into the
// first of the next.
func (e *extracted) begin(fileOffset int) {
	if e.text.Len() > 0 {
		e.text.WriteByte('\n')
	}
	e.starts = append(e.starts, e.text.Len())
	e.origin = append(e.origin, fileOffset)
}

// stream counts one more PDF stream or XLSX part against the limit.
func (e *extracted) stream() error {
	e.streams++
	if e.streams > e.lim.streams {
		return tooComplex("more than %d streams or parts", e.lim.streams)
	}
	return nil
}

// element counts one more XML element against the limit.
func (e *extracted) element() error {
	e.elements++
	if e.elements > e.lim.elements {
		return tooComplex("more than %d XML elements", e.lim.elements)
	}
	return nil
}

// inflate reads r to the end within what is left of the inflate limit. With
// tolerant set a read error keeps what was read so far, otherwise it is
// returned.
func (e *extracted) inflate(r io.Reader, tolerant bool) ([]byte, error) {
	var buf bytes.Buffer
	left := int64(e.lim.inflated - e.inflated)
	n, err := io.Copy(&buf, io.LimitReader(r, left+1))
	if n > left {
		return nil, tooComplex("inflates to more than %d bytes", e.lim.inflated)
	}
	if err != nil && !tolerant {
		return nil, err
	}
	e.inflated += int(n)
	return buf.Bytes(), nil
}

// found records a finding made outside the text, up to the limit.
func (e *extracted) found(offset int) {
	if len(e.extra) < e.lim.findings {
		e.extra = append(e.extra, Finding{Form: FormLabelled, Offset: offset})
	}
}

// findings scans the extracted text and maps each finding to the file offset
// of the piece it lies in.
func (e *extracted) findings() []Finding {
	fs := findExcept(e.text.String(), mode{}, e.lim.findings, e.except)
	for k := range fs {
		p := sort.SearchInts(e.starts, fs[k].Offset+1) - 1
		if p >= 0 {
			fs[k].Offset = e.origin[p]
		}
	}
	fs = append(fs, e.extra...)
	sort.SliceStable(fs, func(a, b int) bool { return fs[a].Offset < fs[b].Offset })
	return fs[:min(len(fs), e.lim.findings)]
}
