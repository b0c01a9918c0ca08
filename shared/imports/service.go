package imports

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/srmonitor/srmonitor/shared/auth"
	"github.com/srmonitor/srmonitor/shared/check"
	"github.com/srmonitor/srmonitor/shared/contract"
	"github.com/srmonitor/srmonitor/shared/ids"
)

// Service imports contracts.
type Service struct {
	Contracts *contract.Service
	Jobs      Jobs
	Holders   Holders
	Queue     Queue
	Now       func() time.Time
}

const (
	// ChunkRows is the rows of one chunk: one message, one item of at most
	// ~150 KB with every text at its longest, and a few seconds of work.
	ChunkRows = 50
	// keepJobs is how long a job and its rows (which name contractors'
	// e-mail addresses) are kept before the table's TTL deletes them.
	keepJobs = 30 * 24 * time.Hour
	// parallelCreates bounds the contracts one chunk creates at a time.
	parallelCreates = 8
)

// Check is what a dry run found: every row's result.
type Check struct {
	Counts  Counts
	Results []Result
}

// DryRun checks a contract file as an import would, and stores nothing:
// every problem of every row, and what the import would create.
func (s *Service) DryRun(ctx context.Context, p auth.Principal, file []byte) (*Check, error) {
	rows, err := s.read(ctx, p, file)
	if err != nil {
		return nil, err
	}
	results, err := s.settle(ctx, rows, nil)
	if err != nil {
		return nil, err
	}
	out := &Check{Results: results, Counts: Counts{Rows: len(results)}}
	for _, r := range results {
		out.Counts.add(r)
	}
	return out, nil
}

// checked is a row with the contract the domain would create of it, or
// its problems.
type checked struct {
	Row
	candidate *contract.Contract
}

// read parses a file and validates every row with the domain's rules.
func (s *Service) read(ctx context.Context, p auth.Principal, file []byte) ([]checked, error) {
	if p.Role != auth.Municipality {
		return nil, contract.ErrForbidden
	}
	f, problems := ParseContracts(file, s.Contracts.Policies)
	if len(problems) > 0 {
		var out check.Problems
		for _, pr := range problems {
			out.Add("file", "%s", pr)
		}
		return nil, out
	}
	v := newValidator(s.Contracts)
	rows := make([]checked, len(f.Rows))
	for i, r := range f.Rows {
		c, probs, err := v.check(ctx, p, r.Line, r.Input, f.Column)
		if err != nil {
			return nil, err
		}
		rows[i] = checked{Row: r, candidate: c}
		// A cell that could not be read is one problem, not also the
		// domain's "required" for the field it left empty.
		for _, q := range probs {
			if !slices.ContainsFunc(r.Problems, func(x Problem) bool { return x.Field == q.Field }) {
				rows[i].Problems = append(rows[i].Problems, q)
			}
		}
		if len(rows[i].Problems) > 0 {
			rows[i].candidate = nil
		}
	}
	return rows, nil
}

// settle decides what each valid row comes to against the contracts that
// exist: one batch read of the reference claims (and of the contracts that
// hold them). With job set it creates the contracts whose reference is
// free, else it says it would.
func (s *Service) settle(ctx context.Context, rows []checked, job *Job) ([]Result, error) {
	var refs []Ref
	for _, r := range rows {
		if r.candidate != nil {
			refs = append(refs, refOf(r.candidate))
		}
	}
	held, err := s.holders(ctx, refs)
	if err != nil {
		return nil, err
	}
	results := make([]Result, len(rows))
	var (
		mu       sync.Mutex
		wg       sync.WaitGroup
		firstErr error
		slots    = make(chan struct{}, parallelCreates)
	)
	for i, r := range rows {
		res := Result{Line: r.Line, Reference: r.Reference, Problems: r.Problems}
		c := r.candidate
		switch {
		case c == nil:
			res.Status = StatusInvalid
		case held[refOf(c)] != nil:
			res = compare(res, c, held[refOf(c)], job)
		case job == nil:
			res.Status, res.Municipality = StatusWillCreate, c.Municipality
			res.Obligation = &c.Obligation.ObligationCents
		default:
			wg.Add(1)
			slots <- struct{}{}
			go func() {
				defer func() { <-slots; wg.Done() }()
				out, err := s.create(ctx, res, c, job)
				mu.Lock()
				defer mu.Unlock()
				if err != nil && firstErr == nil {
					firstErr = err
				}
				results[i] = out
			}()
			continue
		}
		results[i] = res
	}
	wg.Wait()
	return results, firstErr
}

// holders is Holders as a map of pointers, so a miss is nil.
func (s *Service) holders(ctx context.Context, refs []Ref) (map[Ref]*contract.Contract, error) {
	out := map[Ref]*contract.Contract{}
	if len(refs) == 0 {
		return out, nil
	}
	found, err := s.Holders.Holders(ctx, refs)
	if err != nil {
		return nil, err
	}
	for k, c := range found {
		out[k] = &c
	}
	return out, nil
}

// create creates a row's contract as the job's user: one write
// transaction. A reference taken since the check (a race with another
// import or user) is settled as if it had been taken before.
func (s *Service) create(ctx context.Context, res Result, c *contract.Contract, job *Job) (Result, error) {
	made, err := s.Contracts.Create(ctx, job.principal(), inputOf(c))
	var probs check.Problems
	switch {
	case err == nil:
		res.Status, res.ContractID, res.Municipality = StatusCreated, made.ID, made.Municipality
		res.Obligation = &made.Obligation.ObligationCents
		return res, nil
	case errors.As(err, &probs):
		// The rules moved since the check (a date window passed midnight).
		res.Status = StatusInvalid
		for _, q := range probs {
			res.Problems = append(res.Problems, Problem{Column: q.Field, Field: q.Field, Problem: q.Problem})
		}
		return res, nil
	case !errors.Is(err, contract.ErrDuplicate):
		return res, err
	}
	held, err := s.holders(ctx, []Ref{refOf(c)})
	if err != nil {
		return res, err
	}
	h := held[refOf(c)]
	if h == nil {
		return res, fmt.Errorf("imports: reference of row %d taken, yet no contract holds it", res.Line)
	}
	return compare(res, c, h, job), nil
}

// compare settles a row whose reference is taken by have: the same data
// is nothing to do (or, when the contract was made after the job started,
// by an attempt of this job that failed before it could say so: created),
// other data a conflict. (Two imports of one file started at once may
// each count the other's contracts as their own; nothing is made twice.)
func compare(res Result, want, have *contract.Contract, job *Job) Result {
	res.ContractID, res.Municipality = have.ID, have.Municipality
	res.Differs = differs(want, have)
	switch {
	case len(res.Differs) > 0:
		res.Status = StatusConflict
	case job != nil && have.CreatedAt.After(job.CreatedAt):
		res.Status = StatusCreated
		res.Obligation = &have.Obligation.ObligationCents
	default:
		res.Status = StatusExists
	}
	return res
}

// differs lists the fields of an import row (as POST /contracts names
// them) in which the contract it would create differs from the one that
// holds its reference. The percentage compared is the one in force, so a
// row that leaves it to the policy's default matches a contract that
// named the default.
func differs(want, have *contract.Contract) []string {
	var out []string
	add := func(field string, same bool) {
		if !same {
			out = append(out, field)
		}
	}
	add("title", want.Title == have.Title)
	add("contractor_kvk", want.ContractorKvK == have.ContractorKvK)
	add("contractor_name", want.ContractorName == have.ContractorName)
	add("contractor_email", want.ContractorEmail == have.ContractorEmail)
	add("value_cents", want.ValueCents == have.ValueCents)
	add("percentage_bp", want.PercentageBP == have.PercentageBP)
	add("pso_level", want.PSOLevel == have.PSOLevel)
	add("social_award_criterion", want.SocialAwardCriterion == have.SocialAwardCriterion)
	add("awarded_on", want.AwardedOn == have.AwardedOn)
	add("starts_on", want.StartsOn == have.StartsOn)
	add("ends_on", want.EndsOn == have.EndsOn)
	add("reporting", want.Reporting == have.Reporting)
	return out
}

func refOf(c *contract.Contract) Ref {
	return Ref{Municipality: c.Municipality, Key: check.Key(c.Reference)}
}

// inputOf is the input that makes c again: what the worker creates.
func inputOf(c *contract.Contract) contract.CreateInput {
	v, pct := c.ValueCents, c.PercentageBP
	a, st, e := c.AwardedOn, c.StartsOn, c.EndsOn
	return contract.CreateInput{
		Municipality: c.Municipality, Reference: c.Reference, Title: c.Title, ContractorKvK: c.ContractorKvK,
		ContractorName: c.ContractorName, ContractorEmail: c.ContractorEmail, ValueCents: &v, PercentageBP: &pct,
		PSOLevel: c.PSOLevel, SocialAwardCriterion: c.SocialAwardCriterion, AwardedOn: &a, StartsOn: &st, EndsOn: &e,
		Reporting: string(c.Reporting),
	}
}

// Start checks a contract file and starts its import as a job: the rows
// are stored in chunks and each chunk with valid rows is queued for the
// worker. Invalid rows are settled at once; it returns every row's result
// so far.
func (s *Service) Start(ctx context.Context, p auth.Principal, file []byte) (*Job, []Result, error) {
	rows, err := s.read(ctx, p, file)
	if err != nil {
		return nil, nil, err
	}
	results := make([]Result, len(rows))
	now := s.Now()
	job := &Job{ID: ids.New("i"), CreatedAt: now, CreatedBy: p.Subject, Orgs: p.Orgs, ExpiresAt: now.Add(keepJobs),
		Counts: Counts{Rows: len(rows)}}
	var chunks []Chunk
	var queue []int
	for start := 0; start < len(rows); start += ChunkRows {
		ch := Chunk{JobID: job.ID, N: len(chunks), Done: true}
		for i, r := range rows[start:min(start+ChunkRows, len(rows))] {
			cr := ChunkRow{Line: r.Line, Reference: r.Reference}
			results[start+i] = Result{Line: r.Line, Reference: r.Reference, Status: StatusPending}
			if r.candidate == nil {
				res := Result{Line: r.Line, Reference: r.Reference, Status: StatusInvalid, Problems: r.Problems}
				cr.Result, results[start+i] = &res, res
				job.Counts.add(res)
			} else {
				in := rowInput(inputOf(r.candidate))
				cr.Input = &in
				ch.Done = false
				if !slices.Contains(job.Municipalities, r.candidate.Municipality) {
					job.Municipalities = append(job.Municipalities, r.candidate.Municipality)
				}
			}
			ch.Rows = append(ch.Rows, cr)
		}
		if !ch.Done {
			queue = append(queue, ch.N)
		}
		chunks = append(chunks, ch)
	}
	if len(job.Municipalities) == 0 {
		job.Municipalities = p.Orgs
	}
	slices.Sort(job.Municipalities)
	job.Chunks = len(chunks)
	if err := s.Jobs.Create(ctx, job, chunks); err != nil {
		return nil, nil, err
	}
	if len(queue) > 0 {
		if err := s.Queue.Send(ctx, job.ID, queue); err != nil {
			return nil, nil, err
		}
	}
	return job, results, nil
}

// Get returns a job p may see with every row's result so far. Only a
// municipality user serving every municipality the job's rows name sees
// it; to others it does not exist.
func (s *Service) Get(ctx context.Context, p auth.Principal, id string) (*Job, []Result, error) {
	job, err := s.Jobs.Get(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if len(job.Municipalities) == 0 || slices.ContainsFunc(job.Municipalities, func(m string) bool { return !p.ServesMunicipality(m) }) {
		return nil, nil, ErrJobNotFound
	}
	chunks, err := s.Jobs.Chunks(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	results := make([]Result, 0, job.Counts.Rows)
	for _, ch := range chunks {
		for _, r := range ch.Rows {
			if r.Result != nil {
				results = append(results, *r.Result)
				continue
			}
			results = append(results, Result{Line: r.Line, Reference: r.Reference, Status: StatusPending})
		}
	}
	return job, results, nil
}

// Run processes one chunk of a job: it creates the contracts of its rows
// whose reference is free (one write transaction each) and stores the
// chunk's results with the job's counts in one more write. A chunk done
// already (a message delivered twice) is left alone; a chunk that fails is
// the queue's to retry, and its retry reports what the failed attempt
// created as created.
func (s *Service) Run(ctx context.Context, jobID string, n int) error {
	ch, err := s.Jobs.Chunk(ctx, jobID, n)
	if err != nil || ch.Done {
		return err
	}
	job, err := s.Jobs.Get(ctx, jobID)
	if err != nil {
		return err
	}
	v := newValidator(s.Contracts)
	var rows []checked
	var at []int
	for i, r := range ch.Rows {
		if r.Result != nil {
			continue
		}
		in := r.Input.input()
		c, probs, err := v.check(ctx, job.principal(), r.Line, in, func(f string) string { return f })
		if err != nil {
			return err
		}
		rows = append(rows, checked{Row: Row{Line: r.Line, Reference: r.Reference, Input: in, Problems: probs}, candidate: c})
		at = append(at, i)
	}
	results, err := s.settle(ctx, rows, job)
	if err != nil {
		return err
	}
	var counts Counts
	for i, res := range results {
		ch.Rows[at[i]].Result = &res
		ch.Rows[at[i]].Input = nil
		counts.add(res)
	}
	ch.Done = true
	_, err = s.Jobs.Complete(ctx, ch, counts)
	return err
}

func (j *Job) principal() auth.Principal {
	return auth.Principal{Subject: j.CreatedBy, Role: auth.Municipality, Orgs: j.Orgs}
}

func rowInput(in contract.CreateInput) RowInput { return RowInput(in) }

func (r *RowInput) input() contract.CreateInput { return contract.CreateInput(*r) }

// validator runs the domain's Create on rows without storing anything:
// it is the Repository of a copy of the contract service, and Create calls
// nothing of a repository but Create. It also finds references given twice
// in one file.
type validator struct {
	contract.Repository
	svc     contract.Service
	seen    map[Ref]int // reference -> the row that has it
	line    int
	dupLine int
	got     *contract.Contract
}

func newValidator(svc *contract.Service) *validator {
	v := &validator{svc: *svc, seen: map[Ref]int{}}
	v.svc.Repo = v
	return v
}

// Create takes the contract the domain made instead of storing it.
func (v *validator) Create(_ context.Context, c *contract.Contract, _ contract.Write) error {
	k := refOf(c)
	if first, ok := v.seen[k]; ok {
		v.dupLine = first
		return contract.ErrDuplicate
	}
	v.seen[k] = v.line
	v.got = c
	return nil
}

// check validates one row's input: the contract it would make, or every
// problem the domain finds, each with the column named by column.
func (v *validator) check(ctx context.Context, p auth.Principal, line int, in contract.CreateInput, column func(string) string) (*contract.Contract, []Problem, error) {
	v.line, v.got = line, nil
	_, err := v.svc.Create(ctx, p, in)
	var probs check.Problems
	switch {
	case err == nil:
		return v.got, nil, nil
	case errors.As(err, &probs):
		out := make([]Problem, len(probs))
		for i, q := range probs {
			out[i] = Problem{Column: column(q.Field), Field: q.Field, Problem: q.Problem}
		}
		return nil, out, nil
	case errors.Is(err, contract.ErrDuplicate):
		return nil, []Problem{{Column: column("reference"), Field: "reference", Problem: fmt.Sprintf("row %d has this reference already", v.dupLine)}}, nil
	}
	return nil, nil, err
}
