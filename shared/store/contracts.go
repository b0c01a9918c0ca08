// Package store is the DynamoDB adapter of the domain's repository ports.
//
// One table holds everything (keys in README.md, "Table design"):
//
//	contract   pk=C#<id>             sk=C        gsi1 M#<municipality> / <created>#<id>, gsi2 K#<kvk> / <created>#<id>
//	reference  pk=R#<municipality>#<reference>   sk=R   (makes references unique per municipality)
//	event      pk=C#<id>             sk=E#<seq>  (the audit trail, written with the change)
//
// A contract with a deadline neither met nor flagged also carries
// gsi3 DUE / <that date>#<id>: the sparse index the deadline check queries.
package store

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/srmonitor/srmonitor/shared/contract"
)

// Contracts implements contract.Repository on DynamoDB.
type Contracts struct {
	DB    *dynamodb.Client
	Table string
}

var _ contract.Repository = (*Contracts)(nil)

func s(v string) types.AttributeValue { return &types.AttributeValueMemberS{Value: v} }
func n(v int64) types.AttributeValue  { return &types.AttributeValueMemberN{Value: fmt.Sprint(v)} }

func contractKey(id string) map[string]types.AttributeValue {
	return map[string]types.AttributeValue{"pk": s("C#" + id), "sk": s("C")}
}

func (r *Contracts) contractItem(c *contract.Contract) (map[string]types.AttributeValue, error) {
	doc, err := json.Marshal(c)
	if err != nil {
		return nil, err
	}
	sortKey := c.CreatedAt.UTC().Format(time.RFC3339Nano) + "#" + c.ID
	item := contractKey(c.ID)
	item["gsi1pk"] = s("M#" + c.Municipality)
	item["gsi1sk"] = s(sortKey)
	item["gsi2pk"] = s("K#" + c.ContractorKvK)
	item["gsi2sk"] = s(sortKey)
	item["status"] = s(string(c.Status))
	if next := c.NextCheck(); next != nil {
		item["gsi3pk"] = s(duePartition)
		item["gsi3sk"] = s(next.String() + "#" + c.ID)
	}
	if len(c.OpenFlags) > 0 {
		item["open_flags"] = n(int64(len(c.OpenFlags)))
	}
	if len(c.Flags) > 0 {
		item["flags"] = n(int64(len(c.Flags)))
	}
	item["version"] = n(c.Version)
	item["doc"] = s(string(doc))
	return item, nil
}

func (r *Contracts) eventPut(ev contract.Event) (types.TransactWriteItem, error) {
	doc, err := json.Marshal(ev)
	if err != nil {
		return types.TransactWriteItem{}, err
	}
	return types.TransactWriteItem{Put: &types.Put{
		TableName: &r.Table,
		Item: map[string]types.AttributeValue{
			"pk": s("C#" + ev.ContractID), "sk": s(fmt.Sprintf("E#%012d", ev.Seq)), "doc": s(string(doc)),
		},
		ConditionExpression: aws.String("attribute_not_exists(pk)"),
	}}, nil
}

// Create writes the contract, its reference claim and its first event in
// one transaction: two creations of one reference, even in a race, leave one.
func (r *Contracts) Create(ctx context.Context, c *contract.Contract, ev contract.Event) error {
	err := r.write(ctx, c, ev, &types.Put{ConditionExpression: aws.String("attribute_not_exists(pk)")},
		types.TransactWriteItem{Put: &types.Put{TableName: &r.Table, Item: map[string]types.AttributeValue{
			"pk": s("R#" + c.Municipality + "#" + strings.ToLower(c.Reference)), "sk": s("R"), "contract_id": s(c.ID),
		}, ConditionExpression: aws.String("attribute_not_exists(pk)")}})
	if failed(err, 2) {
		return contract.ErrDuplicate
	}
	return err
}

// write puts the contract on cond's condition and its event in one
// transaction, with any extra items.
func (r *Contracts) write(ctx context.Context, c *contract.Contract, ev contract.Event, cond *types.Put, extra ...types.TransactWriteItem) error {
	item, err := r.contractItem(c)
	if err != nil {
		return err
	}
	evPut, err := r.eventPut(ev)
	if err != nil {
		return err
	}
	cond.TableName, cond.Item = &r.Table, item
	_, err = r.DB.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{
		// The token makes the SDK's own retries idempotent: a retry of a
		// transaction that did commit succeeds instead of failing its
		// condition.
		ClientRequestToken: token(),
		TransactItems:      append([]types.TransactWriteItem{{Put: cond}, evPut}, extra...),
	})
	return err
}

// Get reads a contract with a strongly consistent read, so a write that
// follows never starts from a stale version it could have avoided.
func (r *Contracts) Get(ctx context.Context, id string) (*contract.Contract, error) {
	out, err := r.DB.GetItem(ctx, &dynamodb.GetItemInput{TableName: &r.Table, Key: contractKey(id), ConsistentRead: aws.Bool(true)})
	if err != nil {
		return nil, err
	}
	if out.Item == nil {
		return nil, contract.ErrNotFound
	}
	return decodeContract(out.Item)
}

func decodeContract(item map[string]types.AttributeValue) (*contract.Contract, error) {
	doc, ok := item["doc"].(*types.AttributeValueMemberS)
	if !ok {
		return nil, errors.New("store: contract item without doc")
	}
	var c contract.Contract
	if err := json.Unmarshal([]byte(doc.Value), &c); err != nil {
		return nil, fmt.Errorf("store: contract doc: %w", err)
	}
	return &c, nil
}

// Save replaces the contract if its stored version is still prev, and adds
// the event, in one transaction.
func (r *Contracts) Save(ctx context.Context, c *contract.Contract, prev int64, ev contract.Event) error {
	err := r.write(ctx, c, ev, &types.Put{
		ConditionExpression:       aws.String("version = :prev"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":prev": n(prev)},
	})
	if failed(err, 0) || failed(err, 1) {
		return contract.ErrStale
	}
	return err
}

// List queries the organisation's index, newest first.
func (r *Contracts) List(ctx context.Context, q contract.Query) ([]contract.Contract, string, error) {
	index, pk := "gsi1", "M#"+q.Municipality
	if q.KvK != "" {
		index, pk = "gsi2", "K#"+q.KvK
	}
	start, err := decodeCursor(q.Cursor, index, pk)
	if err != nil {
		return nil, "", err
	}
	in := &dynamodb.QueryInput{
		TableName: &r.Table, IndexName: &index, ScanIndexForward: aws.Bool(false),
		KeyConditionExpression:    aws.String(index + "pk = :pk"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": s(pk)},
		ExclusiveStartKey:         start,
	}
	var filters []string
	if q.Status != "" {
		filters = append(filters, "#status = :status")
		in.ExpressionAttributeNames = map[string]string{"#status": "status"}
		in.ExpressionAttributeValues[":status"] = s(string(q.Status))
	}
	if q.Flagged {
		filters = append(filters, "open_flags > :zero")
		in.ExpressionAttributeValues[":zero"] = n(0)
	}
	if q.WithFlags {
		filters = append(filters, "attribute_exists(flags)")
	}
	if len(filters) > 0 {
		in.FilterExpression = aws.String(strings.Join(filters, " AND "))
	}
	var out []contract.Contract
	// A filter applies after Limit, so keep querying until the page is full.
	for len(out) < q.Limit {
		in.Limit = aws.Int32(int32(q.Limit - len(out)))
		page, err := r.DB.Query(ctx, in)
		if err != nil {
			return nil, "", err
		}
		for _, item := range page.Items {
			c, err := decodeContract(item)
			if err != nil {
				return nil, "", err
			}
			out = append(out, *c)
		}
		if page.LastEvaluatedKey == nil {
			return out, "", nil
		}
		in.ExclusiveStartKey = page.LastEvaluatedKey
	}
	return out, encodeCursor(in.ExclusiveStartKey, index), nil
}

// A list cursor is the last key read. Decoding checks it against the
// caller's own partition, so an edited cursor can reach nothing else.
func encodeCursor(key map[string]types.AttributeValue, index string) string {
	m := map[string]string{}
	for _, k := range []string{"pk", "sk", index + "pk", index + "sk"} {
		if v, ok := key[k].(*types.AttributeValueMemberS); ok {
			m[k] = v.Value
		}
	}
	b, _ := json.Marshal(m)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(cursor, index, pk string) (map[string]types.AttributeValue, error) {
	if cursor == "" {
		return nil, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil {
		return nil, contract.ErrBadCursor
	}
	var m map[string]string
	if json.Unmarshal(b, &m) != nil || len(m) != 4 || m[index+"pk"] != pk || m["sk"] != "C" ||
		!strings.HasPrefix(m["pk"], "C#") || m[index+"sk"] == "" {
		return nil, contract.ErrBadCursor
	}
	key := map[string]types.AttributeValue{}
	for k, v := range m {
		key[k] = s(v)
	}
	return key, nil
}

// History reads the contract's events in order.
func (r *Contracts) History(ctx context.Context, id string, limit int, cursor string) ([]contract.Event, string, error) {
	// Events only: evidence records (V#) share the contract's partition.
	in := &dynamodb.QueryInput{
		TableName:              &r.Table,
		KeyConditionExpression: aws.String("pk = :pk AND begins_with(sk, :e)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":pk": s("C#" + id), ":e": s("E#"),
		},
		Limit: aws.Int32(int32(limit)),
	}
	if cursor != "" {
		b, err := base64.RawURLEncoding.DecodeString(cursor)
		if err != nil || len(b) != 14 || !strings.HasPrefix(string(b), "E#") || strings.Trim(string(b[2:]), "0123456789") != "" {
			return nil, "", contract.ErrBadCursor
		}
		in.ExclusiveStartKey = map[string]types.AttributeValue{"pk": s("C#" + id), "sk": s(string(b))}
	}
	out, err := r.DB.Query(ctx, in)
	if err != nil {
		return nil, "", err
	}
	events := make([]contract.Event, 0, len(out.Items))
	var last string
	for _, item := range out.Items {
		var ev contract.Event
		doc, _ := item["doc"].(*types.AttributeValueMemberS)
		if doc == nil || json.Unmarshal([]byte(doc.Value), &ev) != nil {
			return nil, "", errors.New("store: unreadable event")
		}
		events = append(events, ev)
		last = item["sk"].(*types.AttributeValueMemberS).Value
	}
	next := ""
	if out.LastEvaluatedKey != nil {
		next = base64.RawURLEncoding.EncodeToString([]byte(last))
	}
	return events, next, nil
}

// duePartition holds every contract with a deadline ahead. One partition
// is read once a day by one function; 2,000 contracts fit in a few pages.
const duePartition = "DUE"

// Due returns the ids of contracts with a deadline neither met nor flagged
// that falls before day (so has passed by its start), and how many index
// items it read.
func (r *Contracts) Due(ctx context.Context, day string) ([]string, int, error) {
	in := &dynamodb.QueryInput{
		TableName: &r.Table, IndexName: aws.String("gsi3"),
		KeyConditionExpression: aws.String("gsi3pk = :pk AND gsi3sk < :day"),
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":pk": s(duePartition), ":day": s(day),
		},
	}
	var ids []string
	p := dynamodb.NewQueryPaginator(r.DB, in)
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, len(ids), err
		}
		for _, item := range page.Items {
			if pk, ok := item["pk"].(*types.AttributeValueMemberS); ok {
				ids = append(ids, strings.TrimPrefix(pk.Value, "C#"))
			}
		}
	}
	return ids, len(ids), nil
}

// failed reports whether a transaction was cancelled because the condition
// of its i-th item failed.
func failed(err error, i int) bool {
	var tc *types.TransactionCanceledException
	if !errors.As(err, &tc) || i >= len(tc.CancellationReasons) {
		return false
	}
	return aws.ToString(tc.CancellationReasons[i].Code) == "ConditionalCheckFailed"
}

func token() *string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return aws.String(hex.EncodeToString(b))
}
