// Package memstore holds in-memory implementations of the domain's
// repository ports. They keep the same promises as the DynamoDB adapters
// (conditional writes, unique references, consistent reads, cursors that
// reach only the caller's data), checked by the one repository suite both
// pass (shared/store/storetest), so the domain's rules can be tested fast,
// without an emulator. They are for tests: nothing is persisted.
package memstore

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"sync"

	"github.com/srmonitor/srmonitor/shared/check"
	"github.com/srmonitor/srmonitor/shared/civil"
	"github.com/srmonitor/srmonitor/shared/contract"
	"github.com/srmonitor/srmonitor/shared/cursor"
)

// clone deep-copies v, so that what a caller holds never aliases what is
// stored: the domain changes the contracts it reads.
func clone[T any](v T) T {
	b, err := json.Marshal(v)
	if err != nil {
		panic("memstore: " + err.Error())
	}
	var out T
	if err := json.Unmarshal(b, &out); err != nil {
		panic("memstore: " + err.Error())
	}
	return out
}

// Contracts implements contract.Repository in memory.
type Contracts struct {
	mu         sync.Mutex
	contracts  map[string]contract.Contract
	references map[string]string // municipality + check.Key(reference) -> id
	events     map[string][]contract.Event
	plans      map[string]contract.PlanRevision // id#revision
	reports    map[string]contract.Report       // id#period#revision
}

var _ contract.Repository = (*Contracts)(nil)

// NewContracts returns an empty repository.
func NewContracts() *Contracts {
	return &Contracts{
		contracts: map[string]contract.Contract{}, references: map[string]string{}, events: map[string][]contract.Event{},
		plans: map[string]contract.PlanRevision{}, reports: map[string]contract.Report{},
	}
}

func partKey(parts ...any) string {
	b, _ := json.Marshal(parts)
	return string(b)
}

func (r *Contracts) write(c *contract.Contract, w contract.Write) {
	r.contracts[c.ID] = clone(*c)
	r.events[c.ID] = append(r.events[c.ID], clone(w.Event))
	if w.Plan != nil {
		r.plans[partKey(c.ID, w.Plan.Revision)] = clone(*w.Plan)
	}
	if w.Report != nil {
		r.reports[partKey(c.ID, w.Report.Period.Key, w.Report.Revision)] = clone(*w.Report)
	}
}

// Create stores a new contract and claims its reference.
func (r *Contracts) Create(_ context.Context, c *contract.Contract, w contract.Write) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	ref := partKey(c.Municipality, check.Key(c.Reference))
	if _, taken := r.references[ref]; taken {
		return contract.ErrDuplicate
	}
	if _, exists := r.contracts[c.ID]; exists {
		return contract.ErrDuplicate
	}
	r.references[ref] = c.ID
	r.write(c, w)
	return nil
}

// Get reads a contract.
func (r *Contracts) Get(_ context.Context, id string) (*contract.Contract, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	c, ok := r.contracts[id]
	if !ok {
		return nil, contract.ErrNotFound
	}
	c = clone(c)
	return &c, nil
}

// Save replaces the contract if it is still at version prev.
func (r *Contracts) Save(_ context.Context, c *contract.Contract, prev int64, w contract.Write) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	cur, ok := r.contracts[c.ID]
	if !ok || cur.Version != prev {
		return contract.ErrStale
	}
	r.write(c, w)
	return nil
}

type listPosition struct {
	Partition string `json:"p"`
	Key       string `json:"k"`
}

// sortKey orders a list newest first, as the index does.
func sortKey(c *contract.Contract) string {
	return c.CreatedAt.UTC().Format("2006-01-02T15:04:05.000000000Z") + "#" + c.ID
}

// List returns a page of one organisation's contracts, newest first.
func (r *Contracts) List(_ context.Context, q contract.Query) ([]contract.Contract, string, error) {
	var pos listPosition
	if err := cursor.Decode(q.Cursor, &pos); err != nil {
		return nil, "", err
	}
	r.mu.Lock()
	var all []contract.Contract
	for _, c := range r.contracts {
		if (q.KvK != "" && c.ContractorKvK == q.KvK) || (q.KvK == "" && c.Municipality == q.Municipality) {
			all = append(all, clone(c))
		}
	}
	r.mu.Unlock()
	slices.SortFunc(all, func(a, b contract.Contract) int { return strings.Compare(sortKey(&b), sortKey(&a)) })
	partition := "M#" + q.Municipality
	if q.KvK != "" {
		partition = "K#" + q.KvK
	}
	start := 0
	if q.Cursor != "" {
		if pos.Partition != partition {
			return nil, "", cursor.ErrInvalid
		}
		start = slices.IndexFunc(all, func(c contract.Contract) bool { return sortKey(&c) == pos.Key }) + 1
		if start == 0 {
			return nil, "", cursor.ErrInvalid
		}
	}
	var out []contract.Contract
	for i := start; i < len(all); i++ {
		c := all[i]
		if (q.Status == "" || c.Status == q.Status) && (!q.Flagged || len(c.OpenFlags()) > 0) && (!q.WithFlags || len(c.Flags) > 0) {
			out = append(out, c)
		}
		if len(out) == q.Limit && i+1 < len(all) {
			return out, cursor.Encode(listPosition{Partition: partition, Key: sortKey(&c)}), nil
		}
	}
	return out, "", nil
}

type historyPosition struct {
	Seq int64 `json:"seq"`
}

// History returns a page of a contract's events, oldest first.
func (r *Contracts) History(_ context.Context, id string, limit int, cur string) ([]contract.Event, string, error) {
	var pos historyPosition
	if err := cursor.Decode(cur, &pos); err != nil {
		return nil, "", err
	}
	r.mu.Lock()
	events := clone(r.events[id])
	r.mu.Unlock()
	i := 0
	for i < len(events) && events[i].Seq <= pos.Seq {
		i++
	}
	end := min(i+limit, len(events))
	next := ""
	if end < len(events) {
		next = cursor.Encode(historyPosition{Seq: events[end-1].Seq})
	}
	return events[i:end], next, nil
}

// Plan reads one plan revision.
func (r *Contracts) Plan(_ context.Context, id string, revision int) (*contract.PlanRevision, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	p, ok := r.plans[partKey(id, revision)]
	if !ok {
		return nil, contract.ErrPlanNotFound
	}
	p = clone(p)
	return &p, nil
}

// Report reads one revision of a period's report.
func (r *Contracts) Report(_ context.Context, id, period string, revision int) (*contract.Report, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	rep, ok := r.reports[partKey(id, period, revision)]
	if !ok {
		return nil, contract.ErrReportNotFound
	}
	rep = clone(rep)
	return &rep, nil
}

// Reports reads report revisions.
func (r *Contracts) Reports(ctx context.Context, refs []contract.ReportRef) ([]*contract.Report, error) {
	out := make([]*contract.Report, len(refs))
	for i, ref := range refs {
		rep, err := r.Report(ctx, ref.ContractID, ref.Period, ref.Revision)
		if err != nil {
			return nil, err
		}
		out[i] = rep
	}
	return out, nil
}

// Due returns the contracts whose next unflagged deadline lies before day.
func (r *Contracts) Due(_ context.Context, day civil.Date) (contract.Due, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var due contract.Due
	for _, c := range r.contracts {
		if next := c.NextCheck(); next != nil && next.Before(day) {
			due.Contracts = append(due.Contracts, clone(c))
			due.ItemsRead++
		}
	}
	slices.SortFunc(due.Contracts, func(a, b contract.Contract) int { return strings.Compare(a.ID, b.ID) })
	return due, nil
}
