// Package filetype decides whether an uploaded evidence object really is of
// the content type the contractor declared. The declared type is bound into
// the presigned upload URL, but S3 stores whatever bytes arrive, so after the
// upload the object is checked against its declared type by its magic bytes
// and structure rather than trusted.
package filetype

import (
	"archive/zip"
	"bytes"
	"strings"
	"unicode/utf8"
)

// Allowed content types for evidence (API.md): PDF, JPEG, PNG, CSV, plain
// text, XLSX.
const (
	PDF  = "application/pdf"
	JPEG = "image/jpeg"
	PNG  = "image/png"
	CSV  = "text/csv"
	Text = "text/plain"
	XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)

var (
	pdfMagic  = []byte("%PDF-")
	pngMagic  = []byte("\x89PNG\r\n\x1a\n")
	jpegMagic = []byte{0xFF, 0xD8, 0xFF}
	zipMagic  = []byte("PK\x03\x04")
	utf8BOM   = []byte("\xEF\xBB\xBF")
)

// normalize reduces a Content-Type to its lower-case media type, because
// clients send "text/csv; charset=utf-8" or "Application/PDF" for the same
// thing.
func normalize(contentType string) string {
	mediaType, _, _ := strings.Cut(contentType, ";")
	return strings.ToLower(strings.TrimSpace(mediaType))
}

// Allowed reports whether contentType is one of the evidence types. Case and
// parameters such as charset are ignored.
func Allowed(contentType string) bool {
	switch normalize(contentType) {
	case PDF, JPEG, PNG, CSV, Text, XLSX:
		return true
	}
	return false
}

// TextBearing reports whether the BSN scanner can read text from this type:
// PDF, CSV, plain text and XLSX yes, images no.
func TextBearing(contentType string) bool {
	switch normalize(contentType) {
	case PDF, CSV, Text, XLSX:
		return true
	}
	return false
}

// Matches reports whether content (the whole object) is of the declared
// type: a %PDF- header, the PNG signature followed by its IHDR chunk, the JPEG
// start of image FF D8 FF, or for XLSX a zip archive whose entries include
// [Content_Types].xml and xl/workbook.xml. CSV and plain text must be valid
// UTF-8 (optionally after a byte order mark) without NUL bytes and must not
// be one of the binary formats. An empty body matches no type.
func Matches(declared string, content []byte) bool {
	if len(content) == 0 {
		return false
	}
	switch normalize(declared) {
	case PDF:
		return bytes.HasPrefix(content, pdfMagic)
	case PNG:
		// The IHDR chunk must come first (length 13 at bytes 8..11), so a
		// bare signature glued to something else is not a PNG.
		return len(content) >= 16 && bytes.HasPrefix(content, pngMagic) &&
			string(content[12:16]) == "IHDR"
	case JPEG:
		return bytes.HasPrefix(content, jpegMagic)
	case XLSX:
		return isXLSX(content)
	case CSV, Text:
		return isText(content)
	}
	return false
}

func isXLSX(content []byte) bool {
	if !bytes.HasPrefix(content, zipMagic) {
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

func isText(content []byte) bool {
	if bytes.HasPrefix(content, pdfMagic) || bytes.HasPrefix(content, pngMagic) ||
		bytes.HasPrefix(content, jpegMagic) || bytes.HasPrefix(content, zipMagic) {
		return false
	}
	content = bytes.TrimPrefix(content, utf8BOM)
	return bytes.IndexByte(content, 0) < 0 && utf8.Valid(content)
}
