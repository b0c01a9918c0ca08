// Package evidence holds the rules for the files contractors upload to prove
// their social return: what may be uploaded, where it is stored, and the
// check every uploaded object passes before anyone can download it. The
// bytes go straight from the contractor to object storage through a
// presigned URL; this package knows the storage and the records only through
// its ports.
package evidence

import (
	"errors"
	"fmt"
	"path"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/srmonitor/srmonitor/shared/bsn"
	"github.com/srmonitor/srmonitor/shared/check"
	"github.com/srmonitor/srmonitor/shared/filetype"
	"github.com/srmonitor/srmonitor/shared/ids"
)

// Status is where a piece of evidence is in its life.
type Status string

const (
	AwaitingUpload Status = "awaiting_upload"
	Verified       Status = "verified"
	Rejected       Status = "rejected"
)

// Reasons a file is rejected (API.md).
const (
	SizeMismatch     = "size_mismatch"
	ChecksumMismatch = "checksum_mismatch"
	TypeMismatch     = "type_mismatch"
	ContainsBSN      = "contains_bsn"
	// Unreadable is a text-bearing file the BSN check cannot read (an
	// encrypted PDF, a damaged spreadsheet, a decompression bomb). It is
	// refused rather than passed unread.
	Unreadable = "unreadable"
)

// Kinds of evidence, and those that are personal documents: the contractor
// must confirm the candidate's consent (DOMAIN.md section 5) before
// uploading one.
var (
	Kinds    = []string{"payslip", "invoice", "employment_contract", "attendance", "certificate", "other"}
	personal = map[string]bool{"payslip": true, "employment_contract": true, "attendance": true}
)

const (
	// MaxSize is the largest file accepted: 25 MiB.
	MaxSize = 25 << 20
	// UploadTTL is how long a presigned upload URL is valid.
	UploadTTL = 15 * time.Minute
	// DownloadTTL is how long a presigned download URL is valid.
	DownloadTTL = 5 * time.Minute
	// RecordTTL is how long a record whose upload never arrived is kept
	// after its URL expired: long enough for a delayed or retried
	// notification of an upload made in time to still find it.
	RecordTTL = 24 * time.Hour
	// maxFileName bounds file names in characters.
	maxFileName = 200
)

// types are the allowed content types (API.md), each with the file name
// extensions that fit it.
var types = []struct {
	contentType string
	extensions  []string
}{
	{filetype.PDF, []string{".pdf"}},
	{filetype.JPEG, []string{".jpg", ".jpeg"}},
	{filetype.PNG, []string{".png"}},
	{filetype.CSV, []string{".csv"}},
	{filetype.Text, []string{".txt"}},
	{filetype.XLSX, []string{".xlsx"}},
}

// Evidence is one uploaded (or announced) file.
type Evidence struct {
	ID            string
	ContractID    string
	Municipality  string // of the contract: who may read it
	ContractorKvK string // of the contract: who may read it
	FileName      string
	ContentType   string
	SizeBytes     int64
	SHA256        string // lower-case hex, as declared
	Kind          string
	Period        string
	Consent       bool
	Status        Status
	Reason        string
	CreatedAt     time.Time
	CreatedBy     string
	CheckedAt     *time.Time
	// VersionID is the storage version that was checked; downloads serve
	// that version only.
	VersionID string
	// ExpiresAt is when a record still awaiting its upload is forgotten;
	// zero once the upload was checked.
	ExpiresAt time.Time
}

// Key is where the object is stored: chosen by the server, never by the
// client, and holding no personal data.
func (e *Evidence) Key() string { return keyPrefix + e.ID }

const keyPrefix = "evidence/"

// Expired reports whether a record never got its upload and has lapsed.
func (e *Evidence) Expired(now time.Time) bool {
	return e.Status == AwaitingUpload && !e.ExpiresAt.IsZero() && !now.Before(e.ExpiresAt)
}

// Errors of the service.
var (
	ErrNotFound = errors.New("evidence not found")
	// ErrUnknownKey is an object key that names no evidence record.
	ErrUnknownKey = errors.New("object key names no evidence")
	// ErrGone is an object (version) that no longer exists by the time
	// it is read: there is nothing left to check.
	ErrGone = errors.New("object no longer exists")
)

// newID makes an evidence id that carries its contract's id, so one read
// by id finds the record in the contract's partition, followed by an
// ordered id, so a contract's evidence lists in the order it was announced.
func newID(contractID string, now time.Time) string {
	return contractID + idInfix + ids.Ordered(now)
}

const idInfix = ".e_"

// ContractOf returns the contract id an evidence id belongs to, or false
// when id is not an evidence id.
func ContractOf(id string) (string, bool) {
	contractID, rest, ok := strings.Cut(id, idInfix)
	if !ok || contractID == "" || !ids.IsOrdered(rest) || strings.ContainsAny(contractID, "./# ") {
		return "", false
	}
	return contractID, true
}

// IDFromKey returns the evidence id an object key names.
func IDFromKey(key string) (string, error) {
	id, ok := strings.CutPrefix(key, keyPrefix)
	if !ok {
		return "", ErrUnknownKey
	}
	if _, ok := ContractOf(id); !ok {
		return "", ErrUnknownKey
	}
	return id, nil
}

// RequestInput is the body of POST /contracts/{id}/evidence.
type RequestInput struct {
	FileName    string
	ContentType string
	SizeBytes   int64
	SHA256      string
	Kind        string
	Period      string
	Consent     bool
}

// maxContentType bounds the content type as sent, parameters included.
const maxContentType = 200

// validate checks the request on its own; the period is checked against
// the contract by the service.
func (in *RequestInput) validate() check.Problems {
	var probs check.Problems
	long := len(in.ContentType) > maxContentType
	in.ContentType = strings.ToLower(strings.TrimSpace(strings.SplitN(in.ContentType, ";", 2)[0]))
	in.SHA256 = strings.ToLower(strings.TrimSpace(in.SHA256))
	in.FileName = strings.TrimSpace(in.FileName)
	switch {
	case long:
		probs.Add("content_type", "at most %d characters", maxContentType)
	case !filetype.Allowed(in.ContentType):
		probs.Add("content_type", "must be one of %s", strings.Join(allowedTypes(), ", "))
	}
	switch {
	case in.SizeBytes < 1:
		probs.Add("size_bytes", "must be at least 1")
	case in.SizeBytes > MaxSize:
		probs.Add("size_bytes", "must be at most %d (25 MiB)", MaxSize)
	}
	if !isHexSHA256(in.SHA256) {
		probs.Add("sha256", "must be the file's SHA-256 as 64 hexadecimal characters")
	}
	if !slices.Contains(Kinds, in.Kind) {
		probs.Add("kind", "must be one of %s", strings.Join(Kinds, ", "))
	} else if personal[in.Kind] && !in.Consent {
		probs.Add("consent_confirmed", "must be true: a %s holds personal data, so the candidate's consent is required", strings.ReplaceAll(in.Kind, "_", " "))
	}
	if problem := fileNameProblem(in.FileName, in.ContentType); problem != "" {
		probs.Add("file_name", "%s", problem)
	}
	return probs
}

// fileNameProblem says what is unsafe about a file name, or "". The name
// is shown to people and offered as the download's name, so it may not
// reach into paths, hide behind control characters or pose as another type.
func fileNameProblem(name, contentType string) string {
	switch {
	case name == "":
		return "required"
	case !utf8.ValidString(name):
		return "must be valid UTF-8"
	case utf8.RuneCountInString(name) > maxFileName:
		return fmt.Sprintf("must be at most %d characters", maxFileName)
	case strings.ContainsAny(name, `/\`):
		return "must be a name without a path (no / or \\)"
	case strings.HasPrefix(name, "."):
		return "must not start with a dot"
	case strings.ContainsFunc(name, func(r rune) bool { return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) }):
		return "must not contain control or invisible formatting characters"
	case strings.ContainsAny(name, `"<>|:*?`):
		return `must not contain any of " < > | : * ?`
	}
	if len(bsn.FindText(name)) > 0 {
		// Payslip files are often named after the employee's number.
		return "must not contain a BSN (citizen service number)"
	}
	for _, ty := range types {
		if ty.contentType == contentType && !slices.Contains(ty.extensions, strings.ToLower(path.Ext(name))) {
			return fmt.Sprintf("must end in %s for %s", strings.Join(ty.extensions, " or "), contentType)
		}
	}
	return ""
}

func isHexSHA256(s string) bool {
	return len(s) == 64 && strings.Trim(s, "0123456789abcdef") == ""
}

func allowedTypes() []string {
	out := make([]string, len(types))
	for i, ty := range types {
		out[i] = ty.contentType
	}
	return out
}
