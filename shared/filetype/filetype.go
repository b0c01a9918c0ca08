// Package filetype names the content types evidence may have and what each
// is: the names the API takes, and which of them carry text the BSN check
// reads. Whether an object really is of its type is shared/inspect's.
package filetype

import "strings"

// Allowed content types for evidence: PDF, JPEG, PNG, CSV, plain text,
// XLSX.
const (
	PDF  = "application/pdf"
	JPEG = "image/jpeg"
	PNG  = "image/png"
	CSV  = "text/csv"
	Text = "text/plain"
	XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)

// MediaType reduces a Content-Type to its lower-case media type, because
// clients send "text/csv; charset=utf-8" or "Application/PDF" for the same
// thing.
func MediaType(contentType string) string {
	mediaType, _, _ := strings.Cut(contentType, ";")
	return strings.ToLower(strings.TrimSpace(mediaType))
}

// Allowed reports whether contentType is one of the evidence types. Case and
// parameters such as charset are ignored.
func Allowed(contentType string) bool {
	switch MediaType(contentType) {
	case PDF, JPEG, PNG, CSV, Text, XLSX:
		return true
	}
	return false
}

// TextBearing reports whether the BSN scanner can read text from this type:
// PDF, CSV, plain text and XLSX yes, images no.
func TextBearing(contentType string) bool {
	switch MediaType(contentType) {
	case PDF, CSV, Text, XLSX:
		return true
	}
	return false
}
