package imports

import (
	"context"
	"errors"
	"time"

	"github.com/srmonitor/srmonitor/shared/civil"
	"github.com/srmonitor/srmonitor/shared/contract"
)

// Row statuses. A dry run answers will_create for what an import would
// create; a job's rows are pending until their chunk ran.
const (
	StatusInvalid    = "invalid"     // the row has problems; nothing is created
	StatusWillCreate = "will_create" // dry run: the import would create it
	StatusPending    = "pending"     // job: not processed yet
	StatusCreated    = "created"     // job: created by this import
	StatusExists     = "exists"      // the reference exists with the same data: nothing to do
	StatusConflict   = "conflict"    // the reference exists with other data: reported, not overwritten
)

// Result is what became of one row. Its JSON form is how a job stores it.
type Result struct {
	Line         int       `json:"row"`
	Reference    string    `json:"reference"`
	Status       string    `json:"status"`
	ContractID   string    `json:"contract_id,omitempty"`
	Municipality string    `json:"municipality,omitempty"`
	Obligation   *int64    `json:"obligation_cents,omitempty"`
	Differs      []string  `json:"differs,omitempty"` // conflict: the fields that differ
	Problems     []Problem `json:"problems,omitempty"`
}

// Counts are a job's or a check's rows by status.
type Counts struct {
	Rows      int
	Done      int
	Created   int // a dry run counts what it would create
	Exists    int
	Conflicts int
	Invalid   int
}

func (c *Counts) add(r Result) {
	c.Done++
	switch r.Status {
	case StatusCreated, StatusWillCreate:
		c.Created++
	case StatusExists:
		c.Exists++
	case StatusConflict:
		c.Conflicts++
	case StatusInvalid:
		c.Invalid++
	}
}

// Job is a contract import running in the background.
type Job struct {
	ID        string
	CreatedAt time.Time
	CreatedBy string
	// Orgs are the municipalities the user who started it acts for: the
	// worker creates the contracts as that user. Municipalities are those
	// the rows name; only a user serving all of them may see the job.
	Orgs           []string
	Municipalities []string
	Chunks         int
	Counts         Counts
	ExpiresAt      time.Time
}

// Status is running until every row is done.
func (j *Job) Status() string {
	if j.Counts.Done < j.Counts.Rows {
		return "running"
	}
	return "done"
}

// Chunk is a part of a job's rows, processed as one message.
type Chunk struct {
	JobID string
	N     int // 0, 1, ...
	Done  bool
	Rows  []ChunkRow
}

// ChunkRow is a row as stored for the worker: its input while pending, its
// result once known (at once for an invalid row).
type ChunkRow struct {
	Line      int       `json:"line"`
	Reference string    `json:"reference"`
	Input     *RowInput `json:"input,omitempty"`
	Result    *Result   `json:"result,omitempty"`
}

// RowInput is contract.CreateInput as a job stores it, in a JSON form of
// its own so that a stored job never changes meaning with the domain's
// types.
type RowInput struct {
	Municipality         string      `json:"municipality"`
	Reference            string      `json:"reference"`
	Title                string      `json:"title"`
	ContractorKvK        string      `json:"contractor_kvk"`
	ContractorName       string      `json:"contractor_name"`
	ContractorEmail      string      `json:"contractor_email,omitempty"`
	ValueCents           *int64      `json:"value_cents,omitempty"`
	PercentageBP         *int64      `json:"percentage_bp,omitempty"`
	PSOLevel             int         `json:"pso_level,omitempty"`
	SocialAwardCriterion bool        `json:"social_award_criterion,omitempty"`
	AwardedOn            *civil.Date `json:"awarded_on,omitempty"`
	StartsOn             *civil.Date `json:"starts_on,omitempty"`
	EndsOn               *civil.Date `json:"ends_on,omitempty"`
	Reporting            string      `json:"reporting,omitempty"`
}

// Jobs stores import jobs and their chunks.
type Jobs interface {
	// Create stores a job and all its chunks.
	Create(ctx context.Context, j *Job, chunks []Chunk) error
	// Get reads a job; ErrJobNotFound.
	Get(ctx context.Context, id string) (*Job, error)
	// Chunk reads one chunk of a job; ErrJobNotFound.
	Chunk(ctx context.Context, id string, n int) (*Chunk, error)
	// Chunks reads every chunk of a job, in order.
	Chunks(ctx context.Context, id string) ([]Chunk, error)
	// Complete stores a processed chunk (Done) and adds counts to its job,
	// in one write, once: false when the chunk was completed already (a
	// message delivered twice).
	Complete(ctx context.Context, c *Chunk, counts Counts) (bool, error)
}

// ErrJobNotFound is an unknown job, or another organisation's.
var ErrJobNotFound = errors.New("import not found")

// Ref is a reference in a municipality, in check.Key form: what makes a
// contract unique.
type Ref struct{ Municipality, Key string }

// Holders finds the contracts that hold references already.
type Holders interface {
	// Holders returns the contract holding each of refs that is taken;
	// free references are left out.
	Holders(ctx context.Context, refs []Ref) (map[Ref]contract.Contract, error)
}

// Queue hands a job's chunks to the worker.
type Queue interface {
	Send(ctx context.Context, jobID string, chunks []int) error
}

// Message is what the queue carries for one chunk: the worker reads the
// chunk itself, so a message stays a few bytes however long the rows.
type Message struct {
	Job   string `json:"job"`
	Chunk int    `json:"chunk"`
}
