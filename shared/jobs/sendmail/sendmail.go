// Package sendmail is the handler of MailFunction: the events of the bus,
// queued, become e-mails.
package sendmail

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"

	"github.com/aws/aws-lambda-go/events"

	srmevents "github.com/srmonitor/srmonitor/shared/events"
	"github.com/srmonitor/srmonitor/shared/logs"
	"github.com/srmonitor/srmonitor/shared/mail"
	"github.com/srmonitor/srmonitor/shared/metrics"
)

// envelope is an EventBridge event as a rule delivers it to SQS.
type envelope struct {
	DetailType string           `json:"detail-type"`
	Source     string           `json:"source"`
	Detail     srmevents.Detail `json:"detail"`
}

// Handler serves MailFunction: the bus's events arrive through a queue,
// and each becomes the e-mails it calls for. A message that fails is
// reported in BatchItemFailures, so only it is retried (and dead-lettered
// in the end). The metrics count the e-mails sent and the messages that
// failed.
func Handler(svc *mail.Service, log *slog.Logger, m *metrics.Emitter) func(context.Context, events.SQSEvent) (events.SQSEventResponse, error) {
	return func(ctx context.Context, ev events.SQSEvent) (events.SQSEventResponse, error) {
		ctx = logs.Into(ctx, log)
		var resp events.SQSEventResponse
		// This invocation's own copy of the service counts what it sends.
		counted, sender := *svc, &countingSender{Sender: svc.Sender}
		counted.Sender = sender
		for _, msg := range ev.Records {
			if err := mailMessage(ctx, &counted, msg.Body); err != nil {
				log.Error("e-mail failed", "message_id", msg.MessageId, "error", err.Error())
				resp.BatchItemFailures = append(resp.BatchItemFailures, events.SQSBatchItemFailure{ItemIdentifier: msg.MessageId})
			}
		}
		m.Emit(nil,
			metrics.Metric{Name: "EmailsSent", Value: float64(sender.sent), Unit: metrics.Count},
			metrics.Metric{Name: "EmailMessagesFailed", Value: float64(len(resp.BatchItemFailures)), Unit: metrics.Count})
		return resp, nil
	}
}

// countingSender counts the e-mails its Sender accepted.
type countingSender struct {
	mail.Sender
	sent int
}

func (c *countingSender) Send(ctx context.Context, m mail.Message) error {
	err := c.Sender.Send(ctx, m)
	if err == nil {
		c.sent++
	}
	return err
}

func mailMessage(ctx context.Context, svc *mail.Service, body string) error {
	var e envelope
	if err := json.Unmarshal([]byte(body), &e); err != nil {
		return fmt.Errorf("not an event: %w", err)
	}
	if e.Source != srmevents.Source || e.Detail.ID == "" {
		return fmt.Errorf("not an srmonitor event: source %q", e.Source)
	}
	return svc.Deliver(ctx, e.Detail)
}
