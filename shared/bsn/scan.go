package bsn

import (
	"bytes"
	"io"
	"sort"
	"strings"

	"github.com/srmonitor/srmonitor/shared/filetype"
)

// maxDecompressed bounds the bytes Scan inflates from one file, over all its
// PDF streams or XLSX parts together. Evidence is at most 25 MiB, and real
// documents inflate a few times at most, so a file beyond this is a
// decompression bomb and is refused instead of scanned.
const maxDecompressed = 64 << 20

// Scan extracts the text of a file of the given content type and scans it:
// plain text and CSV as is, PDF from its content streams and strings, XLSX
// from its shared strings and worksheet cells (see the package comment for
// what is and is not seen). Types without readable text, such as images,
// return ErrNotTextBearing; a file that inflates to more than 64 MiB returns
// ErrTooLarge; an XLSX that cannot be read (not a zip, a damaged part)
// returns an error, so that it is refused rather than passed unread. A
// damaged PDF is read as far as it goes, as viewers do.
func Scan(contentType string, content []byte) ([]Finding, error) {
	switch {
	case !filetype.TextBearing(contentType):
		return nil, ErrNotTextBearing
	case isMediaType(contentType, filetype.PDF):
		return scanPDF(content)
	case isMediaType(contentType, filetype.XLSX):
		return scanXLSX(content)
	case isMediaType(contentType, filetype.CSV):
		return find(string(content), commaDelimited(content)), nil
	default:
		return FindText(string(content)), nil
	}
}

// isMediaType reports whether contentType is want, ignoring case and
// parameters the way filetype does.
func isMediaType(contentType, want string) bool {
	mediaType, _, _ := strings.Cut(contentType, ";")
	return strings.EqualFold(strings.TrimSpace(mediaType), want)
}

// commaDelimited reports whether a CSV file separates its fields with commas
// rather than semicolons or tabs, judged by its first line. Dutch
// spreadsheets write semicolon-separated CSV with decimal commas, so a comma
// before digits means decimals unless the comma is the delimiter.
func commaDelimited(content []byte) bool {
	line := content
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	commas, others, quoted := 0, 0, false
	for _, c := range line {
		switch {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == ',':
			commas++
		case c == ';' || c == '\t':
			others++
		}
	}
	return commas > others
}

// extracted is text pulled out of a container file, with the file offset of
// each piece so that findings can point into the file.
type extracted struct {
	text   strings.Builder
	starts []int // text offset where each piece starts
	origin []int // file offset of each piece
	budget int   // bytes that may still be inflated
	// extra holds findings made outside the text, such as XLSX cells in a
	// BSN column.
	extra []Finding
}

func newExtracted() *extracted {
	return &extracted{budget: maxDecompressed}
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

// inflate reads r to the end within the remaining budget; exceeding it is
// ErrTooLarge. With tolerant set a read error keeps what was read so far,
// otherwise it is returned.
func (e *extracted) inflate(r io.Reader, tolerant bool) ([]byte, error) {
	var buf bytes.Buffer
	n, err := io.Copy(&buf, io.LimitReader(r, int64(e.budget)+1))
	if n > int64(e.budget) {
		return nil, ErrTooLarge
	}
	if err != nil && !tolerant {
		return nil, err
	}
	e.budget -= int(n)
	return buf.Bytes(), nil
}

// findings scans the extracted text and maps each finding to the file offset
// of the piece it lies in.
func (e *extracted) findings() []Finding {
	fs := find(e.text.String(), false)
	for k := range fs {
		p := sort.SearchInts(e.starts, fs[k].Offset+1) - 1
		if p >= 0 {
			fs[k].Offset = e.origin[p]
		}
	}
	fs = append(fs, e.extra...)
	sort.SliceStable(fs, func(a, b int) bool { return fs[a].Offset < fs[b].Offset })
	return fs
}
