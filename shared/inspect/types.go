package inspect

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"unicode/utf8"

	"github.com/srmonitor/srmonitor/shared/filetype"
)

// Type checks: whether an uploaded evidence object really is of
// the content type the contractor declared. The declared type is bound into
// the presigned upload URL, but S3 stores whatever bytes arrive, so after the
// upload the object is checked against its declared type by its structure,
// not only its first bytes, and a file that is two formats at once (a
// polyglot: an image with a PDF after it, a PDF that also opens as a zip) is
// refused: what the BSN check reads must be what people open.
//
// What each type must be:
//
//   - PNG: the signature, an IHDR chunk that image/png accepts with sane
//     dimensions, a well-formed chain of chunks with image data, and the IEND
//     chunk at the end.
//   - JPEG: start of image, a header that image/jpeg accepts with sane
//     dimensions, well-formed segments and end of image at the end. Further
//     JPEG images after the first are allowed: phones store gain maps and
//     depth maps that way (Multi-Picture Format, Ultra HDR).
//   - PDF: the header %PDF-1.x or %PDF-2.x at the start and %%EOF in the last
//     1024 bytes, as viewers require; several %%EOF from incremental updates
//     are fine. If the last startxref is present it must point at a
//     cross-reference table that parses or at a cross-reference stream
//     object, since a file whose pointer leads elsewhere must be rebuilt by
//     guesswork, and readers that guess differently can show different
//     content. A PDF without startxref is accepted: it has no pointer that
//     could mislead, every reader rebuilds it from its objects the same way
//     (as the BSN check reads it), and small generators write such files.
//   - XLSX: a zip archive from the first byte to the last, readable by
//     archive/zip, holding [Content_Types].xml and xl/workbook.xml.
//   - CSV and plain text: valid UTF-8, optionally after a byte order mark,
//     without NUL bytes, not starting like one of the binary formats.
//
// To keep false refusals away from real files, bytes after the end of an
// image are allowed when they are padding (NUL, 0xFF, white space) or a
// short run of at most 64 bytes, and bytes after a PDF's last %%EOF are
// allowed whatever they are (a stray trailer, a newline, a signature's
// padding), as long as they hold no signature of another format (zip, PDF,
// PNG, JPEG, GIF, gzip, 7z, RAR, OLE, ELF). No image, PDF or text may also
// open as a zip archive, and no image, XLSX or text may hold a PDF header in
// its first 1024 bytes, where PDF readers look for one.

var (
	pdfMagic  = []byte("%PDF-")
	pngMagic  = []byte("\x89PNG\r\n\x1a\n")
	jpegMagic = []byte{0xFF, 0xD8, 0xFF}
	zipMagic  = []byte("PK\x03\x04")
	utf8BOM   = []byte("\xEF\xBB\xBF")
)

// foreignMagic are signatures of formats that must not hide after the end
// of an image or a PDF: archives, documents, images and executables.
var foreignMagic = [][]byte{
	zipMagic, []byte("PK\x05\x06"), []byte("PK\x07\x08"), pdfMagic, pngMagic, jpegMagic,
	[]byte("GIF8"), []byte("\x1F\x8B\x08"), []byte("7z\xBC\xAF\x27\x1C"), []byte("Rar!\x1A\x07"),
	[]byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"), []byte("\x7FELF"),
}

// maxTrailing is how many bytes other than padding may follow the end of an
// image or a PDF: a few bytes some writers leave, too few to be a document.
const maxTrailing = 64

// Matches reports whether content (the whole object) is a well-formed file
// of the declared type and nothing else (see the package comment). An empty
// body matches no type. The work is linear in the size of content.
func Matches(declared string, content []byte) bool {
	if len(content) == 0 {
		return false
	}
	switch filetype.MediaType(declared) {
	case filetype.PDF:
		return isPDF(content)
	case filetype.PNG:
		return isPNG(content)
	case filetype.JPEG:
		return isJPEG(content)
	case filetype.XLSX:
		return isXLSX(content)
	case filetype.CSV, filetype.Text:
		return isText(content)
	}
	return false
}

// trailingOK reports whether the bytes after the end of an image or a PDF
// are harmless: padding, or a few bytes, without another format's
// signature.
func trailingOK(rest []byte) bool {
	if len(bytes.Trim(rest, "\x00\xFF \t\r\n\f")) == 0 {
		return true
	}
	return len(rest) <= maxTrailing && !hasForeignMagic(rest)
}

func hasForeignMagic(b []byte) bool {
	for _, m := range foreignMagic {
		if bytes.Contains(b, m) {
			return true
		}
	}
	return false
}

// opensAsZip reports whether archive/zip reads content as an archive. Zip
// readers look for the end of the central directory near the end of the
// file and accept any bytes before the archive, so a zip glued to or hidden
// in the end of another file opens as one.
func opensAsZip(content []byte) bool {
	_, err := zip.NewReader(bytes.NewReader(content), int64(len(content)))
	return err == nil
}

// opensAsPDF reports whether a PDF reader would take content for a PDF:
// readers look for the %PDF- header anywhere in the first 1024 bytes, so a
// PDF can hide behind the start of an image, a text or a zip archive.
func opensAsPDF(content []byte) bool {
	return bytes.Contains(content[:min(len(content), eofWindow)], pdfMagic)
}

func isXLSX(content []byte) bool {
	if !bytes.HasPrefix(content, zipMagic) || !zipEndsAtEnd(content) || opensAsPDF(content) {
		return false
	}
	zr, err := zip.NewReader(bytes.NewReader(content), int64(len(content)))
	if err != nil {
		return false
	}
	var contentTypes, workbook bool
	for _, f := range zr.File {
		switch f.Name {
		case "[Content_Types].xml":
			contentTypes = true
		case "xl/workbook.xml":
			workbook = true
		}
	}
	return contentTypes && workbook
}

// zipEndsAtEnd reports whether the archive's end of central directory
// record, with its comment, is the end of content: nothing was appended
// after the archive, where another format could hide.
func zipEndsAtEnd(content []byte) bool {
	const eocdLen = 22
	lo := max(0, len(content)-eocdLen-0xFFFF)
	for end := len(content); end > lo; {
		i := bytes.LastIndex(content[lo:end], []byte("PK\x05\x06"))
		if i < 0 {
			return false
		}
		i += lo
		if i+eocdLen <= len(content) && i+eocdLen+int(binary.LittleEndian.Uint16(content[i+20:])) == len(content) {
			return true
		}
		end = i
	}
	return false
}

func isText(content []byte) bool {
	if opensAsPDF(content) || bytes.HasPrefix(content, pngMagic) ||
		bytes.HasPrefix(content, jpegMagic) || bytes.HasPrefix(content, zipMagic) {
		return false
	}
	text := bytes.TrimPrefix(content, utf8BOM)
	return bytes.IndexByte(text, 0) < 0 && utf8.Valid(text) && !opensAsZip(content)
}
