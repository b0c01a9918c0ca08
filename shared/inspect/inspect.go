// Package inspect decides whether an uploaded evidence object is the file
// its record announced: its size and SHA-256, its type by structure (see
// Matches), and, when the type carries text, free of BSNs (shared/bsn). Only
// the function that verifies uploads links it: the image decoders and the
// PDF and XLSX readers it needs cost every other function size and init
// time.
package inspect

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"

	"github.com/srmonitor/srmonitor/shared/bsn"
	"github.com/srmonitor/srmonitor/shared/evidence"
)

func reject(reason string) evidence.Outcome {
	return evidence.Outcome{Status: evidence.Rejected, Reason: reason}
}

// Check decides whether content is the file e announced: exactly the
// declared size and SHA-256, of the declared type by its structure, and,
// when the type carries text, free of BSNs. content may be longer than the
// declared size (the reader stops one byte past it), never shorter than
// what was stored.
func Check(e *evidence.Evidence, content []byte) evidence.Outcome {
	if int64(len(content)) != e.SizeBytes {
		return reject(evidence.SizeMismatch)
	}
	sum := sha256.Sum256(content)
	if hex.EncodeToString(sum[:]) != e.SHA256 {
		return reject(evidence.ChecksumMismatch)
	}
	if !Matches(e.ContentType, content) {
		return reject(evidence.TypeMismatch)
	}
	findings, err := bsn.Scan(e.ContentType, content)
	switch {
	case errors.Is(err, bsn.ErrNotTextBearing):
		// Images are not read: what they show is the contractor's
		// responsibility (see README, "What the BSN check sees").
	case err != nil:
		// Encrypted, damaged or a decompression bomb: refused, not passed
		// unread.
		return reject(evidence.Unreadable)
	case len(findings) > 0:
		o := reject(evidence.ContainsBSN)
		o.Findings = len(findings)
		return o
	}
	return evidence.Outcome{Status: evidence.Verified}
}
