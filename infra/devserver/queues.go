package devserver

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/srmonitor/srmonitor/infra/samtemplate"
)

// PollQueues delivers the messages of every SQS event of template.yaml to
// its function as Lambda's event source mapping does, one goroutine per
// event, until ctx is done. queueURL finds a queue by logical id; if one
// cannot be found, no poller starts.
func (s *Server) PollQueues(ctx context.Context, queueURL func(logicalID string) (string, error)) error {
	var sources []*eventSource
	for _, f := range s.tmpl.Functions() {
		for _, ev := range f.Queues {
			url, err := queueURL(ev.Queue)
			if err != nil {
				return fmt.Errorf("%s: %w", f.LogicalID, err)
			}
			src, err := s.eventSource(ctx, f.LogicalID, ev, url)
			if err != nil {
				return fmt.Errorf("%s: %w", f.LogicalID, err)
			}
			sources = append(sources, src)
		}
	}
	for _, src := range sources {
		s.pollers.Go(func() { src.run(ctx) })
	}
	return nil
}

// eventSource is one SQS event of a function: the event source mapping
// Lambda would create for it.
type eventSource struct {
	s        *Server
	function string
	event    samtemplate.QueueEvent
	url, arn string
}

func (s *Server) eventSource(ctx context.Context, function string, ev samtemplate.QueueEvent, url string) (*eventSource, error) {
	out, err := s.sqs.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{
		QueueUrl: &url, AttributeNames: []types.QueueAttributeName{types.QueueAttributeNameQueueArn},
	})
	if err != nil {
		return nil, fmt.Errorf("queue %s: %w", ev.Queue, err)
	}
	return &eventSource{s: s, function: function, event: ev, url: url, arn: out.Attributes[string(types.QueueAttributeNameQueueArn)]}, nil
}

// run polls until ctx is done. The polls are short (see wake.go): the
// local moto serves one request at a time, so a long poll would hold up
// every other AWS call while it waits.
func (e *eventSource) run(ctx context.Context) {
	var idle idleWait
	for {
		woken := e.s.wake.woken()
		n, err := e.poll(ctx)
		if err != nil && ctx.Err() == nil {
			e.s.log.Error("sqs event source", "function", e.function, "queue", e.event.Queue, "error", err.Error())
		}
		if !idle.wait(ctx, woken, n > 0 && err == nil) {
			return
		}
	}
}

// poll receives one batch, invokes the function with it and deletes what
// the function handled. It returns how many messages it received.
func (e *eventSource) poll(ctx context.Context) (int, error) {
	out, err := e.s.sqs.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{
		QueueUrl: &e.url,
		// Lambda gathers batches of up to 10,000 over several receives
		// (with a batching window); one receive of at most 10 will do here.
		MaxNumberOfMessages: int32(min(e.event.BatchSize, 10)),
		// No WaitTimeSeconds: the SDK does not send 0, so the queue's
		// ReceiveMessageWaitTimeSeconds applies, which localstack leaves at
		// 0 (a short poll).
		MessageSystemAttributeNames: []types.MessageSystemAttributeName{types.MessageSystemAttributeNameAll},
		MessageAttributeNames:       []string{"All"},
	})
	if err != nil || len(out.Messages) == 0 {
		return 0, err
	}
	n := len(out.Messages)
	payload, err := json.Marshal(e.sqsEvent(out.Messages))
	if err != nil {
		return n, err
	}
	resp, err := e.s.Invoke(ctx, e.function, payload)
	if err != nil {
		// Lambda deletes nothing: the batch is received again after the
		// visibility timeout, and the queue's redrive policy dead-letters
		// what keeps failing.
		return n, fmt.Errorf("function failed on a batch of %d: %w", n, err)
	}
	failed := e.failed(resp, out.Messages)
	var done []types.DeleteMessageBatchRequestEntry
	var failedIDs []string
	for i, m := range out.Messages {
		if failed[aws.ToString(m.MessageId)] {
			failedIDs = append(failedIDs, aws.ToString(m.MessageId))
			continue
		}
		done = append(done, types.DeleteMessageBatchRequestEntry{Id: aws.String(strconv.Itoa(i)), ReceiptHandle: m.ReceiptHandle})
	}
	log := []any{"function", e.function, "queue", e.event.Queue, "messages", n, "failed", len(failedIDs)}
	if len(failedIDs) > 0 {
		log = append(log, "failed_ids", failedIDs)
	}
	e.s.log.Info("sqs batch", log...)
	if len(done) == 0 {
		return n, nil
	}
	// What the function handled is deleted even when the poller is being
	// stopped meanwhile, or it would be handled again after a restart.
	del, err := e.s.sqs.DeleteMessageBatch(context.WithoutCancel(ctx), &sqs.DeleteMessageBatchInput{QueueUrl: &e.url, Entries: done})
	if err != nil {
		return n, err
	}
	if len(del.Failed) > 0 {
		return n, fmt.Errorf("%d of %d handled messages not deleted: %s", len(del.Failed), len(done), aws.ToString(del.Failed[0].Message))
	}
	return n, nil
}

// sqsEvent is the event Lambda passes a function for msgs.
func (e *eventSource) sqsEvent(msgs []types.Message) events.SQSEvent {
	ev := events.SQSEvent{Records: make([]events.SQSMessage, len(msgs))}
	region := e.s.sqs.Options().Region
	for i, m := range msgs {
		attrs := map[string]events.SQSMessageAttribute{}
		for k, a := range m.MessageAttributes {
			// Lambda sends the list fields as empty lists, not null.
			attrs[k] = events.SQSMessageAttribute{
				DataType: aws.ToString(a.DataType), StringValue: a.StringValue, BinaryValue: a.BinaryValue,
				StringListValues: append([]string{}, a.StringListValues...), BinaryListValues: append([][]byte{}, a.BinaryListValues...),
			}
		}
		ev.Records[i] = events.SQSMessage{
			MessageId:              aws.ToString(m.MessageId),
			ReceiptHandle:          aws.ToString(m.ReceiptHandle),
			Body:                   aws.ToString(m.Body),
			Md5OfBody:              aws.ToString(m.MD5OfBody),
			Md5OfMessageAttributes: aws.ToString(m.MD5OfMessageAttributes),
			Attributes:             m.Attributes,
			MessageAttributes:      attrs,
			EventSource:            "aws:sqs",
			EventSourceARN:         e.arn,
			AWSRegion:              region,
		}
	}
	return ev
}

// failed returns the ids of the messages the function did not handle.
// Without ReportBatchItemFailures Lambda ignores the response: none failed.
// With it, a response that is not an SQSEventResponse, or that names a
// message outside the batch, fails the whole batch, as in Lambda.
func (e *eventSource) failed(resp []byte, msgs []types.Message) map[string]bool {
	if !e.event.ReportBatchItemFailures {
		return nil
	}
	all := map[string]bool{}
	for _, m := range msgs {
		all[aws.ToString(m.MessageId)] = true
	}
	var r events.SQSEventResponse
	if err := json.Unmarshal(resp, &r); err != nil {
		return all
	}
	failed := map[string]bool{}
	for _, f := range r.BatchItemFailures {
		if !all[f.ItemIdentifier] {
			return all
		}
		failed[f.ItemIdentifier] = true
	}
	return failed
}
