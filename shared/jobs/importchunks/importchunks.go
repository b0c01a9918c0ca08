// Package importchunks is the handler of ImportWorkerFunction: each queued
// message imports one chunk of a contract import.
package importchunks

import (
	"context"
	"encoding/json"
	"log/slog"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/srmonitor/srmonitor/shared/imports"
	"github.com/srmonitor/srmonitor/shared/logs"
)

// perChunk is the time kept free to process one chunk of an import: its
// rows' creates run a few at a time and take a second or two.
const perChunk = 15 * time.Second

// Handler serves ImportWorkerFunction: each message names a chunk of
// an import job, whose contracts it creates. A chunk that fails is reported
// in BatchItemFailures and retried alone (a retry creates nothing twice);
// one that keeps failing waits in the dead-letter queue, its rows pending.
func Handler(svc *imports.Service, log *slog.Logger) func(context.Context, events.SQSEvent) (events.SQSEventResponse, error) {
	return func(ctx context.Context, ev events.SQSEvent) (events.SQSEventResponse, error) {
		ctx = logs.Into(ctx, log)
		var resp events.SQSEventResponse
		for _, msg := range ev.Records {
			fail := func() {
				resp.BatchItemFailures = append(resp.BatchItemFailures, events.SQSBatchItemFailure{ItemIdentifier: msg.MessageId})
			}
			if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < perChunk {
				fail()
				continue
			}
			var m imports.Message
			if err := json.Unmarshal([]byte(msg.Body), &m); err != nil || m.Job == "" {
				log.Error("not an import chunk message", "message_id", msg.MessageId)
				fail()
				continue
			}
			if err := svc.Run(ctx, m.Job, m.Chunk); err != nil {
				log.Error("import chunk failed", "message_id", msg.MessageId, "job", m.Job, "chunk", m.Chunk, "error", err.Error())
				fail()
				continue
			}
			log.Info("import chunk done", "job", m.Job, "chunk", m.Chunk)
		}
		return resp, nil
	}
}
