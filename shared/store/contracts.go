// Package store is the DynamoDB adapter of the domain's repository ports.
//
// One table holds everything (README.md, "Table design"), each record in an
// item type of its own (items.go):
//
//	contract   pk=C#<id>  sk=C                  gsi1 M#<municipality> / <created>#<id>, gsi2 K#<kvk> / <created>#<id>
//	plan       pk=C#<id>  sk=P#<revision>       one per plan revision
//	report     pk=C#<id>  sk=R#<period>#<rev>   one per report revision
//	event      pk=C#<id>  sk=E#<seq>            the audit trail, written with the change
//	evidence   pk=C#<id>  sk=V#<evidence id>
//	reference  pk=R#<municipality>#<key>  sk=R  (makes references unique per municipality)
//
// A contract with a deadline neither met nor flagged also carries
// gsi3 DUE / <that date>#<id>: the sparse index the deadline check queries.
package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/srmonitor/srmonitor/shared/check"
	"github.com/srmonitor/srmonitor/shared/civil"
	"github.com/srmonitor/srmonitor/shared/contract"
	"github.com/srmonitor/srmonitor/shared/cursor"
	"github.com/srmonitor/srmonitor/shared/logs"
)

// Contracts implements contract.Repository on DynamoDB.
type Contracts struct {
	db    *dynamodb.Client
	table string
}

var _ contract.Repository = (*Contracts)(nil)

// NewContracts is the contract repository on table.
func NewContracts(db *dynamodb.Client, table string) *Contracts {
	return &Contracts{db: db, table: table}
}

// maxTransactItems is what one TransactWriteItems takes.
const maxTransactItems = 100

// Keys.
const (
	contractSK   = "C"
	duePartition = "DUE"
)

func contractPK(id string) string { return "C#" + id }

func planSK(revision int) string { return fmt.Sprintf("P#%06d", revision) }

func reportSK(period string, revision int) string { return fmt.Sprintf("R#%s#%06d", period, revision) }

func eventSK(seq int64) string { return fmt.Sprintf("E#%012d", seq) }

func referencePK(municipality, reference string) string {
	return "R#" + municipality + "#" + check.Key(reference)
}

func key(pk, sk string) map[string]types.AttributeValue {
	return map[string]types.AttributeValue{"pk": &types.AttributeValueMemberS{Value: pk}, "sk": &types.AttributeValueMemberS{Value: sk}}
}

// put is a transaction's Put of v on cond (none when cond is nil).
func (r *Contracts) put(v any, cond *expression.ConditionBuilder) (types.TransactWriteItem, error) {
	item, err := attributevalue.MarshalMap(v)
	if err != nil {
		return types.TransactWriteItem{}, err
	}
	p := &types.Put{TableName: &r.table, Item: item}
	if cond != nil {
		e, err := expression.NewBuilder().WithCondition(*cond).Build()
		if err != nil {
			return types.TransactWriteItem{}, err
		}
		p.ConditionExpression, p.ExpressionAttributeNames, p.ExpressionAttributeValues = e.Condition(), e.Names(), e.Values()
	}
	return types.TransactWriteItem{Put: p}, nil
}

var notExists = expression.AttributeNotExists(expression.Name("pk"))

// transact writes the contract on cond, then w's event, plan and report,
// then each of extra where none is yet, in one transaction.
func (r *Contracts) transact(ctx context.Context, c *contract.Contract, cond expression.ConditionBuilder, w contract.Write, extra ...any) error {
	data, err := json.Marshal(w.Event.Data)
	if err != nil {
		return err
	}
	var items []types.TransactWriteItem
	add := func(v any, cond *expression.ConditionBuilder) {
		if err != nil {
			return
		}
		var it types.TransactWriteItem
		it, err = r.put(v, cond)
		items = append(items, it)
	}
	add(toContractItem(c), &cond)
	add(eventItem{PK: contractPK(c.ID), SK: eventSK(w.Event.Seq), Format: format, Seq: w.Event.Seq, At: w.Event.At,
		Actor: w.Event.Actor, Role: w.Event.Role, Action: w.Event.Action, Data: string(data)}, &notExists)
	// Revisions are written as they stand: the contract's condition guards
	// the whole transaction.
	if w.Plan != nil {
		add(toPlanItem(w.Plan), nil)
	}
	if w.Report != nil {
		add(toReportItem(w.Report), nil)
	}
	for i := range w.Notices {
		add(toNoticeItem(&w.Notices[i]), &notExists)
	}
	for _, x := range extra {
		add(x, &notExists)
	}
	if err != nil {
		return err
	}
	if len(items) > maxTransactItems {
		// Not reached by design: a contract has at most 85 deadlines to
		// flag at once (contract.MaxDurationYears of quarters).
		return fmt.Errorf("store: a change of %d items is more than one transaction holds", len(items))
	}
	_, err = r.db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{
		// The token makes the SDK's own retries idempotent: a retry of a
		// transaction that did commit succeeds instead of failing its
		// condition.
		ClientRequestToken: token(),
		TransactItems:      items,
	})
	return err
}

// referenceItem claims a reference in a municipality.
type referenceItem struct {
	PK         string `dynamodbav:"pk"`
	SK         string `dynamodbav:"sk"`
	ContractID string `dynamodbav:"contract_id"`
}

// Create writes the contract, its first event and its reference claim in
// one transaction: two creations of one reference, even in a race, leave
// one.
func (r *Contracts) Create(ctx context.Context, c *contract.Contract, w contract.Write) error {
	err := r.transact(ctx, c, notExists, w, referenceItem{PK: referencePK(c.Municipality, c.Reference), SK: "R", ContractID: c.ID})
	if failed(err, 2) {
		return contract.ErrDuplicate
	}
	return err
}

// Save replaces the contract if its stored version is still prev, and
// writes w, in one transaction.
func (r *Contracts) Save(ctx context.Context, c *contract.Contract, prev int64, w contract.Write) error {
	err := r.transact(ctx, c, expression.Name("version").Equal(expression.Value(prev)), w)
	if failed(err, 0) || failed(err, 1) {
		return contract.ErrStale
	}
	return err
}

// Get reads a contract with a strongly consistent read, so a write that
// follows never starts from a stale version it could have avoided.
func (r *Contracts) Get(ctx context.Context, id string) (*contract.Contract, error) {
	out, err := r.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: &r.table, Key: key(contractPK(id), contractSK), ConsistentRead: aws.Bool(true)})
	if err != nil {
		return nil, err
	}
	if out.Item == nil {
		return nil, contract.ErrNotFound
	}
	c, err := decodeContract(out.Item)
	if err != nil {
		logs.From(ctx).Error("unreadable contract", "pk", contractPK(id), "error", err.Error())
		return nil, contract.ErrUnreadable
	}
	return c, nil
}

func decodeContract(item map[string]types.AttributeValue) (*contract.Contract, error) {
	var it contractItem
	if err := attributevalue.UnmarshalMap(item, &it); err != nil {
		return nil, err
	}
	if it.Format != format {
		return nil, fmt.Errorf("format %d", it.Format)
	}
	return fromContractItem(it)
}

// UnreadableMessage is the log message of a record skipped because it
// cannot be decoded: template.yaml's metric filters count it as the
// metric UnreadableRecords, which an alarm watches.
const UnreadableMessage = "unreadable record skipped"

// skipUnreadable logs a record that cannot be decoded, by its key, so that
// one bad record never hides the others of a list.
func skipUnreadable(ctx context.Context, item map[string]types.AttributeValue, err error) {
	pk, _ := item["pk"].(*types.AttributeValueMemberS)
	k := ""
	if pk != nil {
		k = pk.Value
	}
	logs.From(ctx).Error(UnreadableMessage, "pk", k, "error", err.Error())
}

// listPosition is a list cursor: the last key read, in the partition of
// the index it was read from.
type listPosition struct {
	Partition string `json:"p"`
	PK        string `json:"pk"`
	Index     string `json:"i"`
}

// List queries the organisation's index, newest first.
func (r *Contracts) List(ctx context.Context, q contract.Query) ([]contract.Contract, string, error) {
	index, pk := "gsi1", "M#"+q.Municipality
	if q.KvK != "" {
		index, pk = "gsi2", "K#"+q.KvK
	}
	var pos listPosition
	if err := cursor.Decode(q.Cursor, &pos); err != nil {
		return nil, "", err
	}
	var start map[string]types.AttributeValue
	if q.Cursor != "" {
		// The cursor's contract must lie in the caller's partition: its
		// sort key names the contract, and the contract id is checked on
		// the index key DynamoDB would resume from.
		id, ok := strings.CutPrefix(pos.PK, "C#")
		if !ok || pos.Partition != pk || !strings.HasSuffix(pos.Index, "#"+id) || id == "" {
			return nil, "", cursor.ErrInvalid
		}
		start = map[string]types.AttributeValue{
			"pk": &types.AttributeValueMemberS{Value: pos.PK}, "sk": &types.AttributeValueMemberS{Value: contractSK},
			index + "pk": &types.AttributeValueMemberS{Value: pk}, index + "sk": &types.AttributeValueMemberS{Value: pos.Index},
		}
	}
	b := expression.NewBuilder().WithKeyCondition(expression.Key(index + "pk").Equal(expression.Value(pk)))
	var filters []expression.ConditionBuilder
	if q.Status != "" {
		filters = append(filters, expression.Name("status").Equal(expression.Value(string(q.Status))))
	}
	if q.Flagged {
		filters = append(filters, expression.Name("open_flags").GreaterThan(expression.Value(0)))
	}
	if q.WithFlags {
		filters = append(filters, expression.AttributeExists(expression.Name("has_flags")))
	}
	if len(filters) > 0 {
		f := filters[0]
		for _, g := range filters[1:] {
			f = f.And(g)
		}
		b = b.WithFilter(f)
	}
	e, err := b.Build()
	if err != nil {
		return nil, "", err
	}
	in := &dynamodb.QueryInput{
		TableName: &r.table, IndexName: &index, ScanIndexForward: aws.Bool(false),
		KeyConditionExpression: e.KeyCondition(), FilterExpression: e.Filter(),
		ExpressionAttributeNames: e.Names(), ExpressionAttributeValues: e.Values(), ExclusiveStartKey: start,
	}
	var out []contract.Contract
	// A filter applies after Limit, so keep querying until the page is full.
	for len(out) < q.Limit {
		in.Limit = aws.Int32(int32(q.Limit - len(out)))
		page, err := r.db.Query(ctx, in)
		if err != nil {
			return nil, "", err
		}
		for _, item := range page.Items {
			c, err := decodeContract(item)
			if err != nil {
				skipUnreadable(ctx, item, err)
				continue
			}
			out = append(out, *c)
		}
		if page.LastEvaluatedKey == nil {
			return out, "", nil
		}
		in.ExclusiveStartKey = page.LastEvaluatedKey
	}
	last := in.ExclusiveStartKey
	pkv, _ := last["pk"].(*types.AttributeValueMemberS)
	skv, _ := last[index+"sk"].(*types.AttributeValueMemberS)
	if pkv == nil || skv == nil {
		return nil, "", errors.New("store: list page ended on a key without pk or sort key")
	}
	return out, cursor.Encode(listPosition{Partition: pk, PK: pkv.Value, Index: skv.Value}), nil
}

// historyPosition is a history cursor: the last event read.
type historyPosition struct {
	Seq int64 `json:"seq"`
}

// History reads the contract's events in order.
func (r *Contracts) History(ctx context.Context, id string, limit int, cur string) ([]contract.Event, string, error) {
	var pos historyPosition
	if err := cursor.Decode(cur, &pos); err != nil {
		return nil, "", err
	}
	if cur != "" && pos.Seq < 1 {
		return nil, "", cursor.ErrInvalid
	}
	// Events only: revisions and evidence share the contract's partition.
	e, err := expression.NewBuilder().WithKeyCondition(
		expression.Key("pk").Equal(expression.Value(contractPK(id))).And(expression.Key("sk").BeginsWith("E#")),
	).Build()
	if err != nil {
		return nil, "", err
	}
	in := &dynamodb.QueryInput{
		TableName: &r.table, KeyConditionExpression: e.KeyCondition(),
		ExpressionAttributeNames: e.Names(), ExpressionAttributeValues: e.Values(), Limit: aws.Int32(int32(limit)),
	}
	if cur != "" {
		in.ExclusiveStartKey = key(contractPK(id), eventSK(pos.Seq))
	}
	out, err := r.db.Query(ctx, in)
	if err != nil {
		return nil, "", err
	}
	events := make([]contract.Event, 0, len(out.Items))
	for _, item := range out.Items {
		var it eventItem
		if err := attributevalue.UnmarshalMap(item, &it); err != nil || it.Format != format {
			skipUnreadable(ctx, item, fmt.Errorf("event: %v (format %d)", err, it.Format))
			continue
		}
		ev := contract.Event{ContractID: id, Seq: it.Seq, At: it.At, Actor: it.Actor, Role: it.Role, Action: it.Action}
		if err := json.Unmarshal([]byte(it.Data), &ev.Data); err != nil || ev.Data == nil {
			ev.Data = map[string]any{}
		}
		events = append(events, ev)
		pos.Seq = it.Seq
	}
	next := ""
	if out.LastEvaluatedKey != nil {
		next = cursor.Encode(pos)
	}
	return events, next, nil
}

// Plan reads one plan revision.
func (r *Contracts) Plan(ctx context.Context, id string, revision int) (*contract.PlanRevision, error) {
	var it planItem
	if err := r.getPart(ctx, key(contractPK(id), planSK(revision)), &it, &it.Format); err != nil {
		if errors.Is(err, contract.ErrNotFound) {
			return nil, contract.ErrPlanNotFound
		}
		return nil, err
	}
	return fromPlanItem(id, it)
}

// Report reads one revision of a period's report.
func (r *Contracts) Report(ctx context.Context, id, period string, revision int) (*contract.Report, error) {
	var it reportItem
	if err := r.getPart(ctx, key(contractPK(id), reportSK(period, revision)), &it, &it.Format); err != nil {
		if errors.Is(err, contract.ErrNotFound) {
			return nil, contract.ErrReportNotFound
		}
		return nil, err
	}
	return fromReportItem(id, it)
}

// Reports reads report revisions, of one contract or many, in batches.
func (r *Contracts) Reports(ctx context.Context, refs []contract.ReportRef) ([]*contract.Report, error) {
	keys := make([]map[string]types.AttributeValue, len(refs))
	at := make(map[[2]string]int, len(refs))
	for i, ref := range refs {
		pk, sk := contractPK(ref.ContractID), reportSK(ref.Period, ref.Revision)
		keys[i], at[[2]string{pk, sk}] = key(pk, sk), i
	}
	out := make([]*contract.Report, len(refs))
	err := batchGet(ctx, r.db, r.table, keys, func(item map[string]types.AttributeValue) error {
		var it reportItem
		if err := attributevalue.UnmarshalMap(item, &it); err != nil || it.Format != format {
			skipUnreadable(ctx, item, fmt.Errorf("report: %v (format %d)", err, it.Format))
			return contract.ErrUnreadable
		}
		rep, err := fromReportItem(strings.TrimPrefix(it.PK, "C#"), it)
		if err == nil {
			out[at[[2]string{it.PK, it.SK}]] = rep
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if slices.Contains(out, nil) {
		return nil, contract.ErrReportNotFound
	}
	return out, nil
}

// getPart reads one item of a contract's partition into v, consistently:
// it is read to be changed or right after a change.
func (r *Contracts) getPart(ctx context.Context, k map[string]types.AttributeValue, v any, itemFormat *int) error {
	out, err := r.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: &r.table, Key: k, ConsistentRead: aws.Bool(true)})
	if err != nil {
		return err
	}
	if out.Item == nil {
		return contract.ErrNotFound
	}
	if err := attributevalue.UnmarshalMap(out.Item, v); err != nil || *itemFormat != format {
		skipUnreadable(ctx, out.Item, fmt.Errorf("%v (format %d)", err, *itemFormat))
		return contract.ErrUnreadable
	}
	return nil
}

// Due returns the contracts whose next unflagged deadline falls before day.
// The index projects the whole contract, so each due contract is one item
// read; it is eventually consistent, which the caller's conditional write
// catches.
func (r *Contracts) Due(ctx context.Context, day civil.Date) (contract.Due, error) {
	e, err := expression.NewBuilder().WithKeyCondition(
		expression.Key("gsi3pk").Equal(expression.Value(duePartition)).And(expression.Key("gsi3sk").LessThan(expression.Value(day.String()))),
	).Build()
	if err != nil {
		return contract.Due{}, err
	}
	var due contract.Due
	p := dynamodb.NewQueryPaginator(r.db, &dynamodb.QueryInput{
		TableName: &r.table, IndexName: aws.String("gsi3"), KeyConditionExpression: e.KeyCondition(),
		ExpressionAttributeNames: e.Names(), ExpressionAttributeValues: e.Values(),
	})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return due, err
		}
		for _, item := range page.Items {
			due.ItemsRead++
			c, err := decodeContract(item)
			if err != nil {
				skipUnreadable(ctx, item, err)
				pk, _ := item["pk"].(*types.AttributeValueMemberS)
				if pk != nil {
					due.Unreadable = append(due.Unreadable, strings.TrimPrefix(pk.Value, "C#"))
				}
				continue
			}
			due.Contracts = append(due.Contracts, *c)
		}
	}
	return due, nil
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
