package jobs

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"

	"github.com/aws/aws-lambda-go/events"

	srmevents "github.com/srmonitor/srmonitor/shared/events"
	"github.com/srmonitor/srmonitor/shared/logs"
	"github.com/srmonitor/srmonitor/shared/mail"
)

// envelope is an EventBridge event as a rule delivers it to SQS.
type envelope struct {
	DetailType string           `json:"detail-type"`
	Source     string           `json:"source"`
	Detail     srmevents.Detail `json:"detail"`
}

// SendMail serves MailFunction: the bus's events arrive through a queue,
// and each becomes the e-mails it calls for. A message that fails is
// reported in BatchItemFailures, so only it is retried (and dead-lettered
// in the end).
func SendMail(svc *mail.Service, log *slog.Logger) func(context.Context, events.SQSEvent) (events.SQSEventResponse, error) {
	return func(ctx context.Context, ev events.SQSEvent) (events.SQSEventResponse, error) {
		ctx = logs.Into(ctx, log)
		var resp events.SQSEventResponse
		for _, msg := range ev.Records {
			if err := mailMessage(ctx, svc, msg.Body); err != nil {
				log.Error("e-mail failed", "message_id", msg.MessageId, "error", err.Error())
				resp.BatchItemFailures = append(resp.BatchItemFailures, events.SQSBatchItemFailure{ItemIdentifier: msg.MessageId})
			}
		}
		return resp, nil
	}
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
