package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/srmonitor/srmonitor/shared/cursor"
	"github.com/srmonitor/srmonitor/shared/evidence"
)

// Evidence implements evidence.Repository on DynamoDB. Records live in
// their contract's partition (pk=C#<contract id>, sk=V#<evidence id>);
// evidence ids carry the contract id, so a record is one GetItem away from
// its id. A record awaiting its upload carries expires_at, the table's TTL
// attribute.
type Evidence struct {
	db    *dynamodb.Client
	table string
}

var _ evidence.Repository = (*Evidence)(nil)

// NewEvidence is the evidence repository on table.
func NewEvidence(db *dynamodb.Client, table string) *Evidence {
	return &Evidence{db: db, table: table}
}

// evidenceItem is the stored form of a record; every field is its own
// attribute, so the verify function's decision is one conditional update.
type evidenceItem struct {
	PK            string                   `dynamodbav:"pk"`
	SK            string                   `dynamodbav:"sk"`
	Format        int                      `dynamodbav:"format"`
	ID            string                   `dynamodbav:"id"`
	ContractID    string                   `dynamodbav:"contract_id"`
	Municipality  string                   `dynamodbav:"municipality"`
	ContractorKvK string                   `dynamodbav:"kvk"`
	FileName      string                   `dynamodbav:"file_name"`
	ContentType   string                   `dynamodbav:"content_type"`
	SizeBytes     int64                    `dynamodbav:"size_bytes"`
	SHA256        string                   `dynamodbav:"sha256"`
	Kind          string                   `dynamodbav:"kind"`
	Period        string                   `dynamodbav:"period,omitempty"`
	Consent       bool                     `dynamodbav:"consent"`
	Status        string                   `dynamodbav:"status"`
	Reason        string                   `dynamodbav:"reason,omitempty"`
	CreatedAt     time.Time                `dynamodbav:"created_at"`
	CreatedBy     string                   `dynamodbav:"created_by"`
	CheckedAt     *time.Time               `dynamodbav:"checked_at,omitempty"`
	VersionID     string                   `dynamodbav:"version_id,omitempty"`
	ExpiresAt     *attributevalue.UnixTime `dynamodbav:"expires_at,omitempty"`
}

func evidenceKey(id string) (map[string]types.AttributeValue, error) {
	contractID, ok := evidence.ContractOf(id)
	if !ok {
		return nil, evidence.ErrNotFound
	}
	return key(contractPK(contractID), "V#"+id), nil
}

func toItem(e *evidence.Evidence) (map[string]types.AttributeValue, error) {
	it := evidenceItem{
		PK: contractPK(e.ContractID), SK: "V#" + e.ID, Format: format, ID: e.ID, ContractID: e.ContractID, Municipality: e.Municipality,
		ContractorKvK: e.ContractorKvK, FileName: e.FileName, ContentType: e.ContentType, SizeBytes: e.SizeBytes,
		SHA256: e.SHA256, Kind: e.Kind, Period: e.Period, Consent: e.Consent, Status: string(e.Status), Reason: e.Reason,
		CreatedAt: e.CreatedAt, CreatedBy: e.CreatedBy, CheckedAt: e.CheckedAt, VersionID: e.VersionID,
	}
	if !e.ExpiresAt.IsZero() {
		exp := attributevalue.UnixTime(e.ExpiresAt)
		it.ExpiresAt = &exp
	}
	return attributevalue.MarshalMap(it)
}

func fromItem(item map[string]types.AttributeValue) (*evidence.Evidence, error) {
	var it evidenceItem
	if err := attributevalue.UnmarshalMap(item, &it); err != nil {
		return nil, err
	}
	if it.Format != format {
		return nil, fmt.Errorf("store: evidence record of format %d", it.Format)
	}
	e := &evidence.Evidence{
		ID: it.ID, ContractID: it.ContractID, Municipality: it.Municipality, ContractorKvK: it.ContractorKvK,
		FileName: it.FileName, ContentType: it.ContentType, SizeBytes: it.SizeBytes, SHA256: it.SHA256, Kind: it.Kind,
		Period: it.Period, Consent: it.Consent, Status: evidence.Status(it.Status), Reason: it.Reason,
		CreatedAt: it.CreatedAt, CreatedBy: it.CreatedBy, CheckedAt: it.CheckedAt, VersionID: it.VersionID,
	}
	if it.ExpiresAt != nil {
		e.ExpiresAt = time.Time(*it.ExpiresAt).UTC()
	}
	return e, nil
}

// Create stores a new record; its id is new, so the condition only guards
// against a retried write landing twice.
func (r *Evidence) Create(ctx context.Context, e *evidence.Evidence) error {
	item, err := toItem(e)
	if err != nil {
		return err
	}
	cond, err := expression.NewBuilder().WithCondition(notExists).Build()
	if err != nil {
		return err
	}
	_, err = r.db.PutItem(ctx, &dynamodb.PutItemInput{
		TableName: &r.table, Item: item, ConditionExpression: cond.Condition(), ExpressionAttributeNames: cond.Names(),
	})
	var ccf *types.ConditionalCheckFailedException
	if errors.As(err, &ccf) {
		// A retry of a put that did land: the record is there.
		return nil
	}
	return err
}

// Get reads one record, consistently: the verify function and a download
// right after it must see the latest decision.
func (r *Evidence) Get(ctx context.Context, id string) (*evidence.Evidence, error) {
	k, err := evidenceKey(id)
	if err != nil {
		return nil, err
	}
	out, err := r.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: &r.table, Key: k, ConsistentRead: aws.Bool(true)})
	if err != nil {
		return nil, err
	}
	if out.Item == nil {
		return nil, evidence.ErrNotFound
	}
	return fromItem(out.Item)
}

// GetMany reads the records of one contract among ids, 100 keys per
// request as BatchGetItem allows.
func (r *Evidence) GetMany(ctx context.Context, contractID string, ids []string) ([]evidence.Evidence, error) {
	var keys []map[string]types.AttributeValue
	seen := map[string]bool{}
	for _, id := range ids {
		if c, ok := evidence.ContractOf(id); !ok || c != contractID || seen[id] {
			continue
		}
		seen[id] = true
		keys = append(keys, key(contractPK(contractID), "V#"+id))
	}
	var out []evidence.Evidence
	err := batchGet(ctx, r.db, r.table, keys, func(item map[string]types.AttributeValue) error {
		e, err := fromItem(item)
		if err == nil {
			out = append(out, *e)
		}
		return err
	})
	return out, err
}

// evidencePosition is a list cursor: the last id read.
type evidencePosition struct {
	ID string `json:"id"`
}

// List reads a page of a contract's records in id order, which is the
// order they were announced in.
func (r *Evidence) List(ctx context.Context, contractID string, limit int, cur string) ([]evidence.Evidence, string, error) {
	var pos evidencePosition
	if err := cursor.Decode(cur, &pos); err != nil {
		return nil, "", err
	}
	e, err := expression.NewBuilder().WithKeyCondition(
		expression.Key("pk").Equal(expression.Value(contractPK(contractID))).And(expression.Key("sk").BeginsWith("V#")),
	).Build()
	if err != nil {
		return nil, "", err
	}
	in := &dynamodb.QueryInput{
		TableName: &r.table, KeyConditionExpression: e.KeyCondition(), ExpressionAttributeNames: e.Names(),
		ExpressionAttributeValues: e.Values(), Limit: aws.Int32(int32(limit)), ConsistentRead: aws.Bool(true),
	}
	if cur != "" {
		// The cursor is the last id read; it must be this contract's.
		if c, ok := evidence.ContractOf(pos.ID); !ok || c != contractID {
			return nil, "", cursor.ErrInvalid
		}
		in.ExclusiveStartKey = key(contractPK(contractID), "V#"+pos.ID)
	}
	out, err := r.db.Query(ctx, in)
	if err != nil {
		return nil, "", err
	}
	items := make([]evidence.Evidence, 0, len(out.Items))
	for _, item := range out.Items {
		e, err := fromItem(item)
		if err != nil {
			skipUnreadable(ctx, item, err)
			continue
		}
		items = append(items, *e)
		pos.ID = e.ID
	}
	next := ""
	if out.LastEvaluatedKey != nil && pos.ID != "" {
		next = cursor.Encode(pos)
	}
	return items, next, nil
}

// Decide records an outcome on condition that the record still awaits its
// upload, and drops its expiry. When the condition fails (decided before,
// by another delivery of the same notification or by this request's own
// retry) the stored record is returned unchanged.
func (r *Evidence) Decide(ctx context.Context, id string, o evidence.Outcome, versionID string, at time.Time) (*evidence.Evidence, error) {
	k, err := evidenceKey(id)
	if err != nil {
		return nil, err
	}
	upd := expression.Set(expression.Name("status"), expression.Value(string(o.Status))).
		Set(expression.Name("checked_at"), expression.Value(at)).
		Remove(expression.Name("expires_at"))
	if o.Reason != "" {
		upd = upd.Set(expression.Name("reason"), expression.Value(o.Reason))
	}
	if versionID != "" {
		upd = upd.Set(expression.Name("version_id"), expression.Value(versionID))
	}
	e, err := expression.NewBuilder().WithUpdate(upd).
		WithCondition(expression.Name("status").Equal(expression.Value(string(evidence.AwaitingUpload)))).Build()
	if err != nil {
		return nil, err
	}
	out, err := r.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName: &r.table, Key: k, UpdateExpression: e.Update(), ConditionExpression: e.Condition(),
		ExpressionAttributeNames: e.Names(), ExpressionAttributeValues: e.Values(),
		ReturnValues:                        types.ReturnValueAllNew,
		ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld,
	})
	var ccf *types.ConditionalCheckFailedException
	switch {
	case errors.As(err, &ccf) && ccf.Item == nil:
		return nil, evidence.ErrNotFound
	case errors.As(err, &ccf):
		return fromItem(ccf.Item)
	case err != nil:
		return nil, err
	}
	return fromItem(out.Attributes)
}
