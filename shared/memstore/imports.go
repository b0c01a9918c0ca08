package memstore

import (
	"context"
	"slices"
	"sync"

	"github.com/srmonitor/srmonitor/shared/contract"
	"github.com/srmonitor/srmonitor/shared/imports"
)

var (
	_ imports.Holders = (*Contracts)(nil)
	_ imports.Jobs    = (*Jobs)(nil)
)

// Holders returns the contracts that hold refs.
func (r *Contracts) Holders(_ context.Context, refs []imports.Ref) (map[imports.Ref]contract.Contract, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := map[imports.Ref]contract.Contract{}
	for _, ref := range refs {
		if id, ok := r.references[partKey(ref.Municipality, ref.Key)]; ok {
			out[ref] = clone(r.contracts[id])
		}
	}
	return out, nil
}

// Jobs implements imports.Jobs in memory.
type Jobs struct {
	mu     sync.Mutex
	jobs   map[string]imports.Job
	chunks map[string][]imports.Chunk
	// Completions counts the chunks completed, for tests of redelivery.
	Completions int
}

// NewJobs returns an empty job store.
func NewJobs() *Jobs {
	return &Jobs{jobs: map[string]imports.Job{}, chunks: map[string][]imports.Chunk{}}
}

// Create stores a job and its chunks.
func (s *Jobs) Create(_ context.Context, j *imports.Job, chunks []imports.Chunk) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.jobs[j.ID] = clone(*j)
	s.chunks[j.ID] = clone(chunks)
	return nil
}

// Get reads a job.
func (s *Jobs) Get(_ context.Context, id string) (*imports.Job, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	j, ok := s.jobs[id]
	if !ok {
		return nil, imports.ErrJobNotFound
	}
	j = clone(j)
	return &j, nil
}

// Chunk reads one chunk.
func (s *Jobs) Chunk(_ context.Context, id string, n int) (*imports.Chunk, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cs := s.chunks[id]
	if n < 0 || n >= len(cs) {
		return nil, imports.ErrJobNotFound
	}
	c := clone(cs[n])
	return &c, nil
}

// Chunks reads every chunk of a job.
func (s *Jobs) Chunks(_ context.Context, id string) ([]imports.Chunk, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return clone(slices.Clone(s.chunks[id])), nil
}

// Complete stores a done chunk and adds counts to its job, once.
func (s *Jobs) Complete(_ context.Context, c *imports.Chunk, counts imports.Counts) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cs := s.chunks[c.JobID]
	if c.N >= len(cs) || cs[c.N].Done {
		return false, nil
	}
	cs[c.N] = clone(*c)
	j := s.jobs[c.JobID]
	j.Counts.Done += counts.Done
	j.Counts.Created += counts.Created
	j.Counts.Exists += counts.Exists
	j.Counts.Conflicts += counts.Conflicts
	j.Counts.Invalid += counts.Invalid
	s.jobs[c.JobID] = j
	s.Completions++
	return true, nil
}
