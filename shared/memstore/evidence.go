package memstore

import (
	"context"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/srmonitor/srmonitor/shared/cursor"
	"github.com/srmonitor/srmonitor/shared/evidence"
)

// Evidence implements evidence.Repository in memory.
type Evidence struct {
	mu      sync.Mutex
	records map[string]evidence.Evidence
}

var _ evidence.Repository = (*Evidence)(nil)

// NewEvidence returns an empty repository.
func NewEvidence() *Evidence { return &Evidence{records: map[string]evidence.Evidence{}} }

// Create stores a new record; a retried create of the same id is a no-op.
func (r *Evidence) Create(_ context.Context, e *evidence.Evidence) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.records[e.ID]; !ok {
		r.records[e.ID] = clone(*e)
	}
	return nil
}

// Get reads one record; a malformed id is not found.
func (r *Evidence) Get(_ context.Context, id string) (*evidence.Evidence, error) {
	if _, ok := evidence.ContractOf(id); !ok {
		return nil, evidence.ErrNotFound
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	e, ok := r.records[id]
	if !ok {
		return nil, evidence.ErrNotFound
	}
	e = clone(e)
	return &e, nil
}

// GetMany reads the records of one contract among ids.
func (r *Evidence) GetMany(_ context.Context, contractID string, ids []string) ([]evidence.Evidence, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []evidence.Evidence
	for i, id := range ids {
		if e, ok := r.records[id]; ok && e.ContractID == contractID && !slices.Contains(ids[:i], id) {
			out = append(out, clone(e))
		}
	}
	return out, nil
}

type evidencePosition struct {
	ID string `json:"id"`
}

// List returns a page of a contract's records in id order.
func (r *Evidence) List(_ context.Context, contractID string, limit int, cur string) ([]evidence.Evidence, string, error) {
	var pos evidencePosition
	if err := cursor.Decode(cur, &pos); err != nil {
		return nil, "", err
	}
	if cur != "" {
		if c, ok := evidence.ContractOf(pos.ID); !ok || c != contractID {
			return nil, "", cursor.ErrInvalid
		}
	}
	r.mu.Lock()
	var all []evidence.Evidence
	for _, e := range r.records {
		if e.ContractID == contractID && e.ID > pos.ID {
			all = append(all, clone(e))
		}
	}
	r.mu.Unlock()
	slices.SortFunc(all, func(a, b evidence.Evidence) int { return strings.Compare(a.ID, b.ID) })
	if len(all) > limit {
		return all[:limit], cursor.Encode(evidencePosition{ID: all[limit-1].ID}), nil
	}
	return all, "", nil
}

// Decide records an outcome if the record still awaits its upload; the
// first decision stands.
func (r *Evidence) Decide(_ context.Context, id string, o evidence.Outcome, versionID string, at time.Time) (*evidence.Evidence, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	e, ok := r.records[id]
	if !ok {
		return nil, evidence.ErrNotFound
	}
	if e.Status == evidence.AwaitingUpload {
		e.Status, e.Reason, e.CheckedAt, e.ExpiresAt = o.Status, o.Reason, &at, time.Time{}
		if versionID != "" {
			e.VersionID = versionID
		}
		r.records[id] = e
	}
	e = clone(e)
	return &e, nil
}
