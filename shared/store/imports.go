package store

// The items of contract imports and the batch reads that imports and the
// council report make. An import job and its chunks share a partition;
// both expire (expires_at, the table's TTL) a month after the import, as
// their rows name contractors' e-mail addresses:
//
//	import job    pk=I#<job id>  sk=J
//	import chunk  pk=I#<job id>  sk=B#<chunk, 5 digits>   its rows as a JSON document
//
// An import reads the reference claims of its rows in one BatchGetItem per
// 100 rows (and the contracts holding claimed ones); each row it creates is
// the contract's own Create transaction.

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/srmonitor/srmonitor/shared/contract"
	"github.com/srmonitor/srmonitor/shared/imports"
)

var (
	_ imports.Holders = (*Contracts)(nil)
	_ imports.Jobs    = (*Jobs)(nil)
)

// Holders returns the contracts that hold refs: a batch read of the
// reference claims, then one of the contracts they name.
func (r *Contracts) Holders(ctx context.Context, refs []imports.Ref) (map[imports.Ref]contract.Contract, error) {
	byPK := map[string]imports.Ref{}
	var keys []map[string]types.AttributeValue
	for _, ref := range refs {
		pk := "R#" + ref.Municipality + "#" + ref.Key // as referencePK writes it
		if _, dup := byPK[pk]; !dup {
			byPK[pk] = ref
			keys = append(keys, key(pk, "R"))
		}
	}
	holder := map[string]imports.Ref{} // contract id -> its reference
	err := batchGet(ctx, r.db, r.table, keys, func(item map[string]types.AttributeValue) error {
		var it referenceItem
		if err := attributevalue.UnmarshalMap(item, &it); err != nil {
			return err
		}
		holder[it.ContractID] = byPK[it.PK]
		return nil
	})
	if err != nil {
		return nil, err
	}
	keys = keys[:0]
	for id := range holder {
		keys = append(keys, key(contractPK(id), contractSK))
	}
	out := map[imports.Ref]contract.Contract{}
	err = batchGet(ctx, r.db, r.table, keys, func(item map[string]types.AttributeValue) error {
		c, err := decodeContract(item)
		if err != nil {
			skipUnreadable(ctx, item, err)
			return contract.ErrUnreadable
		}
		out[holder[c.ID]] = *c
		return nil
	})
	return out, err
}

// Jobs implements imports.Jobs on DynamoDB.
type Jobs struct {
	db    *dynamodb.Client
	table string
}

// NewJobs is the import job store on table.
func NewJobs(db *dynamodb.Client, table string) *Jobs { return &Jobs{db: db, table: table} }

type jobItem struct {
	PK             string                  `dynamodbav:"pk"`
	SK             string                  `dynamodbav:"sk"`
	Format         int                     `dynamodbav:"format"`
	ID             string                  `dynamodbav:"id"`
	CreatedAt      time.Time               `dynamodbav:"created_at"`
	CreatedBy      string                  `dynamodbav:"created_by"`
	Orgs           []string                `dynamodbav:"orgs"`
	Municipalities []string                `dynamodbav:"municipalities"`
	Chunks         int                     `dynamodbav:"chunks"`
	Rows           int                     `dynamodbav:"rows"`
	Done           int                     `dynamodbav:"done"`
	Created        int                     `dynamodbav:"created"`
	Exists         int                     `dynamodbav:"exists"`
	Conflicts      int                     `dynamodbav:"conflicts"`
	Invalid        int                     `dynamodbav:"invalid"`
	ExpiresAt      attributevalue.UnixTime `dynamodbav:"expires_at"`
}

type chunkItem struct {
	PK        string                  `dynamodbav:"pk"`
	SK        string                  `dynamodbav:"sk"`
	Format    int                     `dynamodbav:"format"`
	N         int                     `dynamodbav:"n"`
	Done      bool                    `dynamodbav:"done"`
	Rows      string                  `dynamodbav:"rows"` // []imports.ChunkRow as JSON
	ExpiresAt attributevalue.UnixTime `dynamodbav:"expires_at"`
}

func jobPK(id string) string { return "I#" + id }

func chunkSK(n int) string { return fmt.Sprintf("B#%05d", n) }

func toChunkItem(c *imports.Chunk, expires time.Time) (chunkItem, error) {
	rows, err := json.Marshal(c.Rows)
	return chunkItem{PK: jobPK(c.JobID), SK: chunkSK(c.N), Format: format, N: c.N, Done: c.Done, Rows: string(rows),
		ExpiresAt: attributevalue.UnixTime(expires)}, err
}

func fromChunkItem(id string, it chunkItem) (*imports.Chunk, error) {
	c := &imports.Chunk{JobID: id, N: it.N, Done: it.Done}
	if it.Format != format {
		return nil, fmt.Errorf("store: import chunk of format %d", it.Format)
	}
	return c, json.Unmarshal([]byte(it.Rows), &c.Rows)
}

// Create writes the job and its chunks, 25 items per BatchWriteItem.
func (s *Jobs) Create(ctx context.Context, j *imports.Job, chunks []imports.Chunk) error {
	items := make([]types.WriteRequest, 0, len(chunks)+1)
	job, err := attributevalue.MarshalMap(jobItem{PK: jobPK(j.ID), SK: "J", Format: format, ID: j.ID, CreatedAt: j.CreatedAt,
		CreatedBy: j.CreatedBy, Orgs: j.Orgs, Municipalities: j.Municipalities, Chunks: j.Chunks, Rows: j.Counts.Rows,
		Done: j.Counts.Done, Created: j.Counts.Created, Exists: j.Counts.Exists, Conflicts: j.Counts.Conflicts,
		Invalid: j.Counts.Invalid, ExpiresAt: attributevalue.UnixTime(j.ExpiresAt)})
	if err != nil {
		return err
	}
	items = append(items, types.WriteRequest{PutRequest: &types.PutRequest{Item: job}})
	for i := range chunks {
		it, err := toChunkItem(&chunks[i], j.ExpiresAt)
		if err != nil {
			return err
		}
		m, err := attributevalue.MarshalMap(it)
		if err != nil {
			return err
		}
		items = append(items, types.WriteRequest{PutRequest: &types.PutRequest{Item: m}})
	}
	for batch := range slices.Chunk(items, 25) {
		req := map[string][]types.WriteRequest{s.table: batch}
		for len(req) > 0 {
			out, err := s.db.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: req})
			if err != nil {
				return err
			}
			req = out.UnprocessedItems
		}
	}
	return nil
}

// Get reads a job consistently: its counts change as chunks complete.
func (s *Jobs) Get(ctx context.Context, id string) (*imports.Job, error) {
	out, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: &s.table, Key: key(jobPK(id), "J"), ConsistentRead: aws.Bool(true)})
	if err != nil {
		return nil, err
	}
	if out.Item == nil {
		return nil, imports.ErrJobNotFound
	}
	var it jobItem
	if err := attributevalue.UnmarshalMap(out.Item, &it); err != nil || it.Format != format {
		skipUnreadable(ctx, out.Item, fmt.Errorf("import job: %v (format %d)", err, it.Format))
		return nil, contract.ErrUnreadable
	}
	return &imports.Job{ID: it.ID, CreatedAt: it.CreatedAt, CreatedBy: it.CreatedBy, Orgs: it.Orgs, Municipalities: it.Municipalities,
		Chunks: it.Chunks, ExpiresAt: time.Time(it.ExpiresAt), Counts: imports.Counts{Rows: it.Rows, Done: it.Done, Created: it.Created,
			Exists: it.Exists, Conflicts: it.Conflicts, Invalid: it.Invalid}}, nil
}

// Chunk reads one chunk.
func (s *Jobs) Chunk(ctx context.Context, id string, n int) (*imports.Chunk, error) {
	out, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: &s.table, Key: key(jobPK(id), chunkSK(n)), ConsistentRead: aws.Bool(true)})
	if err != nil {
		return nil, err
	}
	if out.Item == nil {
		return nil, imports.ErrJobNotFound
	}
	var it chunkItem
	if err := attributevalue.UnmarshalMap(out.Item, &it); err != nil {
		return nil, err
	}
	return fromChunkItem(id, it)
}

// Chunks reads every chunk of a job, in order.
func (s *Jobs) Chunks(ctx context.Context, id string) ([]imports.Chunk, error) {
	e, err := expression.NewBuilder().WithKeyCondition(
		expression.Key("pk").Equal(expression.Value(jobPK(id))).And(expression.Key("sk").BeginsWith("B#")),
	).Build()
	if err != nil {
		return nil, err
	}
	p := dynamodb.NewQueryPaginator(s.db, &dynamodb.QueryInput{TableName: &s.table, KeyConditionExpression: e.KeyCondition(),
		ExpressionAttributeNames: e.Names(), ExpressionAttributeValues: e.Values(), ConsistentRead: aws.Bool(true)})
	var out []imports.Chunk
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, item := range page.Items {
			var it chunkItem
			if err := attributevalue.UnmarshalMap(item, &it); err != nil {
				return nil, err
			}
			c, err := fromChunkItem(id, it)
			if err != nil {
				return nil, err
			}
			out = append(out, *c)
		}
	}
	return out, nil
}

// Complete sets the chunk's rows and done on condition it was not done
// yet, and adds its counts to the job, in one transaction.
func (s *Jobs) Complete(ctx context.Context, c *imports.Chunk, counts imports.Counts) (bool, error) {
	rows, err := json.Marshal(c.Rows)
	if err != nil {
		return false, err
	}
	chunk, err := expression.NewBuilder().
		WithCondition(expression.Name("done").Equal(expression.Value(false))).
		WithUpdate(expression.Set(expression.Name("rows"), expression.Value(string(rows))).Set(expression.Name("done"), expression.Value(true))).
		Build()
	if err != nil {
		return false, err
	}
	job, err := expression.NewBuilder().WithUpdate(expression.
		Add(expression.Name("done"), expression.Value(counts.Done)).
		Add(expression.Name("created"), expression.Value(counts.Created)).
		Add(expression.Name("exists"), expression.Value(counts.Exists)).
		Add(expression.Name("conflicts"), expression.Value(counts.Conflicts)).
		Add(expression.Name("invalid"), expression.Value(counts.Invalid))).Build()
	if err != nil {
		return false, err
	}
	_, err = s.db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{ClientRequestToken: token(), TransactItems: []types.TransactWriteItem{
		{Update: &types.Update{TableName: &s.table, Key: key(jobPK(c.JobID), chunkSK(c.N)), UpdateExpression: chunk.Update(),
			ConditionExpression: chunk.Condition(), ExpressionAttributeNames: chunk.Names(), ExpressionAttributeValues: chunk.Values()}},
		{Update: &types.Update{TableName: &s.table, Key: key(jobPK(c.JobID), "J"), UpdateExpression: job.Update(),
			ExpressionAttributeNames: job.Names(), ExpressionAttributeValues: job.Values()}},
	}})
	if failed(err, 0) {
		return false, nil
	}
	return err == nil, err
}
