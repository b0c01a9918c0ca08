package devserver

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/srmonitor/srmonitor/infra/samtemplate"
)

// PollStreams delivers the records of every DynamoDB stream event of
// template.yaml to its function as Lambda's event source mapping does,
// one goroutine per event, until ctx is done: records in order, filtered by
// the event's filter criteria, in batches; a batch that fails, or the part
// of it from the first failed record on, is retried until it succeeds or
// the retry attempts run out, and then described on the event's
// on-failure queue and skipped. streamARN finds a table's stream by
// logical id, queueURL a queue's URL.
func (s *Server) PollStreams(ctx context.Context, streamARN, queueURL func(logicalID string) (string, error)) error {
	var sources []*streamSource
	for _, f := range s.tmpl.Functions() {
		for _, ev := range f.Streams {
			arn, err := streamARN(ev.Table)
			if err != nil {
				return fmt.Errorf("%s: %w", f.LogicalID, err)
			}
			src := &streamSource{s: s, function: f.LogicalID, event: ev, arn: arn}
			for _, p := range ev.Filters {
				var pattern map[string]any
				if err := json.Unmarshal([]byte(p), &pattern); err != nil {
					return fmt.Errorf("%s: filter %s: %w", f.LogicalID, p, err)
				}
				if err := checkPattern(pattern); err != nil {
					return fmt.Errorf("%s: filter %s: %w", f.LogicalID, p, err)
				}
				src.filters = append(src.filters, pattern)
			}
			if ev.OnFailure != "" {
				if src.onFailure, err = queueURL(ev.OnFailure); err != nil {
					return fmt.Errorf("%s: %w", f.LogicalID, err)
				}
			}
			sources = append(sources, src)
		}
	}
	for _, src := range sources {
		s.pollers.Go(func() { src.run(ctx) })
	}
	return nil
}

// streamSource is one DynamoDB event of a function: the event source
// mapping Lambda would create for it.
type streamSource struct {
	s         *Server
	function  string
	event     samtemplate.StreamEvent
	arn       string
	filters   []map[string]any
	onFailure string
}

func (e *streamSource) run(ctx context.Context) {
	streams := dynamodbstreams.NewFromConfig(e.s.aws)
	iterator, err := e.iterator(ctx, streams)
	var idle idleWait
	for err == nil && ctx.Err() == nil {
		woken := e.s.wake.woken()
		var pending []events.DynamoDBEventRecord
		if pending, iterator, err = e.read(ctx, streams, iterator); err == nil {
			found := len(pending) > 0
			for len(pending) > 0 && ctx.Err() == nil {
				n := min(len(pending), e.event.BatchSize)
				e.deliver(ctx, pending[:n])
				pending = pending[n:]
			}
			if iterator == "" {
				err = errors.New("the shard closed")
			} else if !idle.wait(ctx, woken, found) {
				return
			}
		}
	}
	if err != nil && ctx.Err() == nil {
		e.s.log.Error("dynamodb stream event source stopped", "function", e.function, "error", err.Error())
	}
}

// iterator starts reading the stream's first shard where the event says.
// Local streams have one shard.
func (e *streamSource) iterator(ctx context.Context, c *dynamodbstreams.Client) (string, error) {
	desc, err := c.DescribeStream(ctx, &dynamodbstreams.DescribeStreamInput{StreamArn: &e.arn})
	if err != nil {
		return "", err
	}
	if len(desc.StreamDescription.Shards) == 0 {
		return "", errors.New("the stream has no shard")
	}
	position := types.ShardIteratorTypeTrimHorizon
	if e.event.StartingPosition == "LATEST" {
		position = types.ShardIteratorTypeLatest
	}
	out, err := c.GetShardIterator(ctx, &dynamodbstreams.GetShardIteratorInput{
		StreamArn: &e.arn, ShardId: desc.StreamDescription.Shards[0].ShardId, ShardIteratorType: position,
	})
	if err != nil {
		return "", err
	}
	return aws.ToString(out.ShardIterator), nil
}

// read gets the next records and keeps those the filters let through.
func (e *streamSource) read(ctx context.Context, c *dynamodbstreams.Client, iterator string) ([]events.DynamoDBEventRecord, string, error) {
	out, err := c.GetRecords(ctx, &dynamodbstreams.GetRecordsInput{ShardIterator: &iterator})
	if err != nil {
		return nil, iterator, err
	}
	var recs []events.DynamoDBEventRecord
	for _, r := range out.Records {
		rec := e.record(r)
		if e.passes(rec) {
			recs = append(recs, rec)
		}
	}
	return recs, aws.ToString(out.NextShardIterator), nil
}

// deliver invokes the function with a batch and retries what fails.
func (e *streamSource) deliver(ctx context.Context, batch []events.DynamoDBEventRecord) {
	for attempt := 0; ctx.Err() == nil; attempt++ {
		from, err := e.invoke(ctx, batch)
		if err == nil {
			return
		}
		e.s.log.Warn("dynamodb stream batch failed", "function", e.function, "records", len(batch), "from", from, "attempt", attempt+1, "error", err.Error())
		if max := e.event.MaximumRetryAttempts; max >= 0 && attempt >= max {
			e.giveUp(ctx, batch[from:])
			return
		}
		batch = batch[from:]
		// Lambda backs off between retries too.
		select {
		case <-ctx.Done():
		case <-time.After(idleMin):
		}
	}
}

// invoke runs the function on a batch; on failure it returns the index of
// the first record to retry from.
func (e *streamSource) invoke(ctx context.Context, batch []events.DynamoDBEventRecord) (int, error) {
	payload, err := json.Marshal(events.DynamoDBEvent{Records: batch})
	if err != nil {
		return 0, err
	}
	resp, err := e.s.Invoke(ctx, e.function, payload)
	if err != nil || !e.event.ReportBatchItemFailures {
		return 0, err
	}
	var r events.DynamoDBEventResponse
	if err := json.Unmarshal(resp, &r); err != nil {
		return 0, fmt.Errorf("not a DynamoDBEventResponse: %w", err)
	}
	first := len(batch)
	for _, f := range r.BatchItemFailures {
		i := indexOf(batch, f.ItemIdentifier)
		if i < 0 {
			// A sequence number outside the batch fails it whole, as in
			// Lambda.
			return 0, fmt.Errorf("the function named %q, not in the batch", f.ItemIdentifier)
		}
		first = min(first, i)
	}
	if first == len(batch) {
		return 0, nil
	}
	return first, fmt.Errorf("the function failed on record %s", batch[first].Change.SequenceNumber)
}

func indexOf(batch []events.DynamoDBEventRecord, seq string) int {
	for i, r := range batch {
		if r.Change.SequenceNumber == seq {
			return i
		}
	}
	return -1
}

// giveUp describes the records on the on-failure queue, as Lambda does,
// and moves on.
func (e *streamSource) giveUp(ctx context.Context, batch []events.DynamoDBEventRecord) {
	if e.onFailure == "" || len(batch) == 0 {
		e.s.log.Error("dynamodb stream batch dropped", "function", e.function, "records", len(batch))
		return
	}
	body, _ := json.Marshal(map[string]any{
		"requestContext": map[string]any{"functionArn": e.function, "condition": "RetryAttemptsExhausted", "approximateInvokeCount": e.event.MaximumRetryAttempts + 1},
		"DDBStreamBatchInfo": map[string]any{
			"streamArn": e.arn, "batchSize": len(batch),
			"startSequenceNumber": batch[0].Change.SequenceNumber, "endSequenceNumber": batch[len(batch)-1].Change.SequenceNumber,
		},
	})
	if _, err := e.s.sqs.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: &e.onFailure, MessageBody: aws.String(string(body))}); err != nil {
		e.s.log.Error("dynamodb stream on-failure destination", "function", e.function, "error", err.Error())
	}
}

// record is the stream record as Lambda hands it to a function.
func (e *streamSource) record(r types.Record) events.DynamoDBEventRecord {
	rec := events.DynamoDBEventRecord{
		AWSRegion: aws.ToString(r.AwsRegion), EventID: aws.ToString(r.EventID), EventName: string(r.EventName),
		EventSource: "aws:dynamodb", EventVersion: aws.ToString(r.EventVersion), EventSourceArn: e.arn,
	}
	if d := r.Dynamodb; d != nil {
		rec.Change = events.DynamoDBStreamRecord{
			Keys: image(d.Keys), NewImage: image(d.NewImage), OldImage: image(d.OldImage),
			SequenceNumber: aws.ToString(d.SequenceNumber), SizeBytes: aws.ToInt64(d.SizeBytes), StreamViewType: string(d.StreamViewType),
		}
		if d.ApproximateCreationDateTime != nil {
			rec.Change.ApproximateCreationDateTime = events.SecondsEpochTime{Time: *d.ApproximateCreationDateTime}
		}
	}
	return rec
}

func image(m map[string]types.AttributeValue) map[string]events.DynamoDBAttributeValue {
	if m == nil {
		return nil
	}
	out := make(map[string]events.DynamoDBAttributeValue, len(m))
	for k, v := range m {
		out[k] = value(v)
	}
	return out
}

func value(v types.AttributeValue) events.DynamoDBAttributeValue {
	switch x := v.(type) {
	case *types.AttributeValueMemberS:
		return events.NewStringAttribute(x.Value)
	case *types.AttributeValueMemberN:
		return events.NewNumberAttribute(x.Value)
	case *types.AttributeValueMemberBOOL:
		return events.NewBooleanAttribute(x.Value)
	case *types.AttributeValueMemberB:
		return events.NewBinaryAttribute(x.Value)
	case *types.AttributeValueMemberSS:
		return events.NewStringSetAttribute(x.Value)
	case *types.AttributeValueMemberNS:
		return events.NewNumberSetAttribute(x.Value)
	case *types.AttributeValueMemberBS:
		return events.NewBinarySetAttribute(x.Value)
	case *types.AttributeValueMemberL:
		l := make([]events.DynamoDBAttributeValue, len(x.Value))
		for i, e := range x.Value {
			l[i] = value(e)
		}
		return events.NewListAttribute(l)
	case *types.AttributeValueMemberM:
		return events.NewMapAttribute(image(x.Value))
	}
	return events.NewNullAttribute()
}

// passes applies the event's filter criteria: a record passes when any
// filter matches it, or when there are none.
func (e *streamSource) passes(rec events.DynamoDBEventRecord) bool {
	if len(e.filters) == 0 {
		return true
	}
	b, _ := json.Marshal(rec)
	var doc map[string]any
	_ = json.Unmarshal(b, &doc)
	for _, f := range e.filters {
		if matches(f, doc) {
			return true
		}
	}
	return false
}

// The part of Lambda's filter syntax srmonitor uses: nested objects, and
// at the leaves a list of values or {"prefix": "..."} rules.

func checkPattern(p map[string]any) error {
	for k, v := range p {
		switch x := v.(type) {
		case map[string]any:
			if err := checkPattern(x); err != nil {
				return fmt.Errorf("%s: %w", k, err)
			}
		case []any:
			for _, rule := range x {
				if m, ok := rule.(map[string]any); ok {
					if _, prefix := m["prefix"].(string); !prefix || len(m) != 1 {
						return fmt.Errorf("%s: only {\"prefix\": ...} rules are emulated locally, not %v", k, m)
					}
				}
			}
		default:
			return fmt.Errorf("%s: a pattern's leaves are lists", k)
		}
	}
	return nil
}

func matches(pattern map[string]any, doc map[string]any) bool {
	for k, p := range pattern {
		v, ok := doc[k]
		if !ok {
			return false
		}
		switch x := p.(type) {
		case map[string]any:
			sub, ok := v.(map[string]any)
			if !ok || !matches(x, sub) {
				return false
			}
		case []any:
			if !matchesAny(x, v) {
				return false
			}
		}
	}
	return true
}

func matchesAny(rules []any, v any) bool {
	for _, r := range rules {
		if m, ok := r.(map[string]any); ok {
			if s, ok := v.(string); ok && strings.HasPrefix(s, m["prefix"].(string)) {
				return true
			}
			continue
		}
		if r == v {
			return true
		}
	}
	return false
}
