// Package verify is the handler of EvidenceVerifyFunction: S3's upload
// notifications, queued, each decide an evidence record from its object.
package verify

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/srmonitor/srmonitor/shared/evidence"
	"github.com/srmonitor/srmonitor/shared/logs"
	"github.com/srmonitor/srmonitor/shared/metrics"
)

// Handler serves EvidenceVerifyFunction: S3 ObjectCreated
// notifications arrive through SQS, and each object is checked once. A
// message that fails is reported in BatchItemFailures, so only it is
// retried (and dead-lettered in the end); the others are done. The metrics
// count the evidence verified, rejected (by reason) and the notifications
// that failed; a redelivered notification counts its evidence again.
func Handler(svc *evidence.Service, bucket string, log *slog.Logger, m *metrics.Emitter) func(context.Context, events.SQSEvent) (events.SQSEventResponse, error) {
	return func(ctx context.Context, ev events.SQSEvent) (events.SQSEventResponse, error) {
		ctx = logs.Into(ctx, log)
		var resp events.SQSEventResponse
		verified, rejected := 0, map[string]int{}
		defer func() {
			m.Emit(nil,
				metrics.Metric{Name: "EvidenceVerified", Value: float64(verified), Unit: metrics.Count},
				metrics.Metric{Name: "EvidenceNotificationsFailed", Value: float64(len(resp.BatchItemFailures)), Unit: metrics.Count})
			for reason, n := range rejected {
				m.Emit([]metrics.Dimension{{Name: "Reason", Value: reason}}, metrics.Metric{Name: "EvidenceRejected", Value: float64(n), Unit: metrics.Count})
			}
		}()
		decided := func(e *evidence.Evidence) {
			switch e.Status {
			case evidence.Verified:
				verified++
			case evidence.Rejected:
				rejected[e.Reason]++
			}
		}
		for _, msg := range ev.Records {
			if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < perMessage {
				// Too little time left to check another object: leave it for
				// a retry instead of timing out, which would retry the
				// whole batch, the messages already done included.
				resp.BatchItemFailures = append(resp.BatchItemFailures, events.SQSBatchItemFailure{ItemIdentifier: msg.MessageId})
				continue
			}
			if err := verifyMessage(ctx, svc, bucket, msg.Body, decided); err != nil {
				log.Error("evidence notification failed", "message_id", msg.MessageId, "error", err.Error())
				resp.BatchItemFailures = append(resp.BatchItemFailures, events.SQSBatchItemFailure{ItemIdentifier: msg.MessageId})
			}
		}
		return resp, nil
	}
}

// perMessage is the time kept free to check one object of at most 25 MiB:
// reading it and scanning what it inflates to takes a few seconds.
const perMessage = 20 * time.Second

// notification is an S3 event notification, or the s3:TestEvent S3 sends
// when notifications are configured. Only the fields used are decoded:
// emulators write eventTime without a zone, which events.S3EventRecord
// cannot parse.
type notification struct {
	Event   string `json:"Event"`
	Records []struct {
		EventName string          `json:"eventName"`
		S3        events.S3Entity `json:"s3"`
	} `json:"Records"`
}

// verifyMessage checks the objects of one notification and tells decided
// the state of each that has a record.
func verifyMessage(ctx context.Context, svc *evidence.Service, bucket, body string, decided func(*evidence.Evidence)) error {
	log := logs.From(ctx)
	var n notification
	if err := json.Unmarshal([]byte(body), &n); err != nil {
		// Retried and then dead-lettered, where someone can look at it.
		return fmt.Errorf("not an S3 notification: %w", err)
	}
	if n.Event == "s3:TestEvent" {
		return nil
	}
	if len(n.Records) == 0 {
		log.Warn("notification without records ignored", "event", n.Event)
	}
	for _, rec := range n.Records {
		obj := rec.S3.Object
		if !strings.HasPrefix(rec.EventName, "ObjectCreated:") || rec.S3.Bucket.Name != bucket {
			log.Warn("notification ignored", "event", rec.EventName, "bucket", rec.S3.Bucket.Name)
			continue
		}
		// The key arrives URL-encoded; aws-lambda-go decodes it. The size
		// in the message is not used: the object itself decides.
		e, err := svc.Verify(ctx, obj.URLDecodedKey, obj.VersionID)
		switch {
		case errors.Is(err, evidence.ErrUnknownKey):
			log.Warn("object without evidence record quarantined", "key_sha256", keyRef(obj.URLDecodedKey))
		case errors.Is(err, evidence.ErrGone):
			log.Warn("object not there when checked; nothing decided", "key_sha256", keyRef(obj.URLDecodedKey))
		case err != nil:
			return err
		default:
			decided(e)
		}
	}
	return nil
}

// keyRef names an object key in logs without writing the key itself: a key
// nobody of ours chose may hold anything, a name included.
func keyRef(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:8])
}
