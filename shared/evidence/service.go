package evidence

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/srmonitor/srmonitor/shared/auth"
	"github.com/srmonitor/srmonitor/shared/contract"
	"github.com/srmonitor/srmonitor/shared/logs"
	"github.com/srmonitor/srmonitor/shared/schedule"
)

// Repository stores evidence records.
type Repository interface {
	Create(ctx context.Context, e *Evidence) error
	Get(ctx context.Context, id string) (*Evidence, error)
	// GetMany returns the records of a contract among ids; unknown ids are
	// left out.
	GetMany(ctx context.Context, contractID string, ids []string) ([]Evidence, error)
	// List returns one page of a contract's records, oldest first.
	List(ctx context.Context, contractID string, limit int, cursor string) ([]Evidence, string, error)
	// Decide records a check's outcome if the record still awaits its
	// upload, and returns the record as it now stands: a record decided
	// before keeps its first decision.
	Decide(ctx context.Context, id string, o Outcome, versionID string, at time.Time) (*Evidence, error)
}

// Storage holds the files.
type Storage interface {
	// PresignUpload returns a URL that accepts exactly the announced file
	// at key: its content type, length and SHA-256, until it expires.
	PresignUpload(ctx context.Context, key string, e *Evidence, ttl time.Duration) (Upload, error)
	// PresignDownload returns a URL serving one version of key as an
	// attachment named fileName.
	PresignDownload(ctx context.Context, key, versionID, fileName, contentType string, ttl time.Duration) (string, error)
	// Read returns at most limit bytes of one version of key ("" for the
	// latest) and the version it read.
	Read(ctx context.Context, key, versionID string, limit int64) ([]byte, string, error)
	// Quarantine marks one version of key so that it is never served and
	// is deleted in time.
	Quarantine(ctx context.Context, key, versionID string) error
}

// Upload is how the client sends the file.
type Upload struct {
	Method    string
	URL       string
	Headers   map[string]string
	ExpiresAt time.Time
}

// Contracts finds the contract evidence belongs to, as the caller may see
// it (contract.Service).
type Contracts interface {
	Get(ctx context.Context, p auth.Principal, id string) (*contract.Contract, error)
}

// Service runs the evidence rules over its ports.
type Service struct {
	Repo      Repository
	Storage   Storage
	Contracts Contracts
	Now       func() time.Time
	// Inspect decides on an uploaded object (shared/inspect's Check); only
	// the verifying function sets it, and Verify fails without it.
	Inspect func(e *Evidence, content []byte) Outcome
}

// Outcome is the result of inspecting an uploaded object.
type Outcome struct {
	Status Status
	Reason string // "" when verified
	// Findings counts BSNs found, for the log; the numbers are not kept.
	Findings int
}

// Shown is evidence as a reader gets it: the record and, when it is
// verified, a short-lived download URL.
type Shown struct {
	Evidence
	DownloadURL string
}

// Request announces an upload: it stores the record and returns the
// presigned URL the contractor PUTs the file to.
func (s *Service) Request(ctx context.Context, p auth.Principal, contractID string, in RequestInput) (*Shown, *Upload, error) {
	if p.Role != auth.Contractor {
		return nil, nil, contract.ErrForbidden
	}
	probs := in.validate()
	c, err := s.Contracts.Get(ctx, p, contractID)
	if err != nil {
		return nil, nil, err
	}
	if in.Period != "" {
		if _, err := schedule.ParsePeriod(c.Reporting, in.Period, c.StartsOn, c.EndsOn); err != nil {
			probs.Add("period", "%s", err.Error())
		}
	}
	if err := probs.Err(); err != nil {
		return nil, nil, err
	}
	now := s.Now().UTC()
	e := &Evidence{
		ID: newID(c.ID, now), ContractID: c.ID, Municipality: c.Municipality, ContractorKvK: c.ContractorKvK,
		FileName: in.FileName, ContentType: in.ContentType, SizeBytes: in.SizeBytes, SHA256: in.SHA256,
		Kind: in.Kind, Period: in.Period, Consent: in.Consent, Status: AwaitingUpload,
		CreatedAt: now, CreatedBy: p.Subject, ExpiresAt: now.Add(UploadTTL + RecordTTL),
	}
	up, err := s.Storage.PresignUpload(ctx, e.Key(), e, UploadTTL)
	if err != nil {
		return nil, nil, err
	}
	if err := s.Repo.Create(ctx, e); err != nil {
		return nil, nil, err
	}
	return s.view(ctx, e), &up, nil
}

// Get returns one piece of evidence p may see, with a download URL when it
// is verified. Another organisation's, or a malformed id, is ErrNotFound.
func (s *Service) Get(ctx context.Context, p auth.Principal, id string) (*Shown, error) {
	e, err := s.Repo.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if !p.CanSee(e.Municipality, e.ContractorKvK) || e.Expired(s.Now()) {
		return nil, ErrNotFound
	}
	return s.view(ctx, e), nil
}

// List returns a page of the evidence of a contract p may see.
func (s *Service) List(ctx context.Context, p auth.Principal, contractID string, limit int, cursor string) ([]Shown, string, error) {
	if _, err := s.Contracts.Get(ctx, p, contractID); err != nil {
		return nil, "", err
	}
	items, next, err := s.Repo.List(ctx, contractID, limit, cursor)
	if err != nil {
		return nil, "", err
	}
	now := s.Now()
	views := make([]Shown, 0, len(items))
	for i := range items {
		if !items[i].Expired(now) {
			views = append(views, *s.view(ctx, &items[i]))
		}
	}
	return views, next, nil
}

// view shows e, presigning a download only for a verified file. A failed
// presign leaves the URL out rather than failing the read: the metadata
// is still right, and the next read tries again.
func (s *Service) view(ctx context.Context, e *Evidence) *Shown {
	v := &Shown{Evidence: *e}
	if e.Status == Verified {
		url, err := s.Storage.PresignDownload(ctx, e.Key(), e.VersionID, e.FileName, e.ContentType, DownloadTTL)
		if err != nil {
			logs.From(ctx).Error("presign download", "evidence_id", e.ID, "error", err.Error())
		}
		v.DownloadURL = url
	}
	return v
}

// Index tells a contract which evidence it has: the port reports use
// (contract.EvidenceStatuses). It reads the records, not the evidence
// service, so contracts and evidence do not depend on each other.
type Index struct {
	Repo Repository
	Now  func() time.Time
}

// Statuses tells which of ids are evidence of the contract, and their
// status; records that lapsed unuploaded are left out.
func (s Index) Statuses(ctx context.Context, contractID string, ids []string) (map[string]string, error) {
	items, err := s.Repo.GetMany(ctx, contractID, ids)
	if err != nil {
		return nil, err
	}
	now := s.Now()
	out := make(map[string]string, len(items))
	for _, e := range items {
		if !e.Expired(now) {
			out[e.ID] = string(e.Status)
		}
	}
	return out, nil
}

// Verify checks the object stored at key (one version of it) and records
// the outcome. It is
// idempotent: a record decided before keeps its decision, and a rejected
// object is quarantined again, in case an earlier attempt stopped between
// the two writes. An object no record owns is quarantined and reported as
// ErrUnknownKey.
func (s *Service) Verify(ctx context.Context, key, versionID string) (*Evidence, error) {
	log := logs.From(ctx)
	id, err := IDFromKey(key)
	var e *Evidence
	if err == nil {
		e, err = s.Repo.Get(ctx, id)
	}
	if errors.Is(err, ErrUnknownKey) || errors.Is(err, ErrNotFound) {
		// Nothing may serve it, and lifecycle deletes it.
		if qerr := s.Storage.Quarantine(ctx, key, versionID); qerr != nil {
			return nil, qerr
		}
		return nil, ErrUnknownKey
	}
	if err != nil {
		return nil, err
	}
	if e.Status == AwaitingUpload {
		// The object decides, never the message: a stray or forged
		// notification can say anything about sizes, and one for an object
		// that is not there (yet) decides nothing (ErrGone). Reading one
		// byte more than declared shows an object that is too long.
		// Notifications from emulators carry no version: the one read is
		// recorded, so downloads serve exactly what was checked.
		content, read, err := s.Storage.Read(ctx, key, versionID, e.SizeBytes+1)
		if err != nil {
			return nil, err
		}
		versionID = read
		if s.Inspect == nil {
			return nil, errors.New("evidence: no inspector to verify uploads with")
		}
		o := s.Inspect(e, content)
		log.Info("evidence checked", "evidence_id", e.ID, "status", string(o.Status), "reason", o.Reason, "bsn_findings", o.Findings)
		if e, err = s.Repo.Decide(ctx, id, o, versionID, s.Now().UTC()); err != nil {
			return nil, err
		}
	}
	if e.Status == Rejected {
		// The version the decision was about, and the one notified: a
		// retried PUT of the same URL stores the same bytes again as a new
		// version, which must not stay readable either ("" is the latest).
		for _, v := range slices.Compact([]string{e.VersionID, versionID}) {
			if err := s.Storage.Quarantine(ctx, key, v); err != nil {
				return nil, err
			}
		}
	}
	return e, nil
}

// ReasonDetail explains a reason code to the contractor.
func ReasonDetail(reason string) string {
	switch reason {
	case SizeMismatch:
		return "the stored file's size differs from the declared size_bytes"
	case ChecksumMismatch:
		return "the stored file's SHA-256 differs from the declared sha256"
	case TypeMismatch:
		return "the file's content is not of the declared content_type"
	case ContainsBSN:
		return "the file contains what looks like a BSN (citizen service number); remove it and upload the file again"
	case Unreadable:
		return "the file could not be read to check it for a BSN (for example an encrypted PDF); upload it without password protection"
	}
	return ""
}
