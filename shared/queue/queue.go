// Package queue is the SQS adapter that hands import chunks to the import
// worker (ImportQueue in template.yaml).
package queue

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/srmonitor/srmonitor/shared/imports"
)

// Chunks sends chunk messages to the queue named Name. The function is
// given the queue's name, not its URL: the name is known before the queue
// exists (the local stack creates its queues after it reads the
// functions' environment), and the URL is looked up on the first send
// rather than at start, so a cold start makes no call for it.
type Chunks struct {
	Client *sqs.Client
	Name   string

	mu  sync.Mutex
	url string
}

var _ imports.Queue = (*Chunks)(nil)

func (q *Chunks) queueURL(ctx context.Context) (string, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.url == "" {
		out, err := q.Client.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: &q.Name})
		if err != nil {
			return "", err
		}
		q.url = aws.ToString(out.QueueUrl)
	}
	return q.url, nil
}

// Send queues one message per chunk, ten per SendMessageBatch.
func (q *Chunks) Send(ctx context.Context, job string, chunks []int) error {
	url, err := q.queueURL(ctx)
	if err != nil {
		return err
	}
	for batch := range slices.Chunk(chunks, 10) {
		entries := make([]types.SendMessageBatchRequestEntry, len(batch))
		for i, n := range batch {
			body, err := json.Marshal(imports.Message{Job: job, Chunk: n})
			if err != nil {
				return err
			}
			entries[i] = types.SendMessageBatchRequestEntry{Id: aws.String(strconv.Itoa(n)), MessageBody: aws.String(string(body))}
		}
		out, err := q.Client.SendMessageBatch(ctx, &sqs.SendMessageBatchInput{QueueUrl: &url, Entries: entries})
		if err != nil {
			return err
		}
		if len(out.Failed) > 0 {
			return fmt.Errorf("queue: %d of %d chunk messages not sent: %s", len(out.Failed), len(entries), aws.ToString(out.Failed[0].Message))
		}
	}
	return nil
}
