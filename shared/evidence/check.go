package evidence

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"

	"github.com/srmonitor/srmonitor/shared/bsn"
	"github.com/srmonitor/srmonitor/shared/filetype"
)

// Outcome is the result of checking an uploaded object.
type Outcome struct {
	Status Status
	Reason string // "" when verified
	// Findings counts BSNs found, for the log; the numbers are not kept.
	Findings int
}

func reject(reason string) Outcome { return Outcome{Status: Rejected, Reason: reason} }

// Check decides whether content is the file e announced: exactly the
// declared size and SHA-256, of the declared type by its magic bytes, and,
// when the type carries text, free of BSNs. content may be longer than the
// declared size (the reader stops one byte past it), never shorter than
// what was stored.
func Check(e *Evidence, content []byte) Outcome {
	if int64(len(content)) != e.SizeBytes {
		return reject(SizeMismatch)
	}
	sum := sha256.Sum256(content)
	if hex.EncodeToString(sum[:]) != e.SHA256 {
		return reject(ChecksumMismatch)
	}
	if !filetype.Matches(e.ContentType, content) {
		return reject(TypeMismatch)
	}
	findings, err := bsn.Scan(e.ContentType, content)
	switch {
	case errors.Is(err, bsn.ErrNotTextBearing):
		// Images are not read: what they show is the contractor's
		// responsibility (see README, "What the BSN check sees").
	case err != nil:
		// Encrypted, damaged or a decompression bomb: refused, not passed
		// unread.
		return reject(Unreadable)
	case len(findings) > 0:
		o := reject(ContainsBSN)
		o.Findings = len(findings)
		return o
	}
	return Outcome{Status: Verified}
}
