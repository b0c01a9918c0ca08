// Package publish is the handler of PublishFunction, which the table's
// stream starts: it puts the notices written with each change on the bus.
package publish

import (
	"context"
	"errors"
	"log/slog"

	"github.com/aws/aws-lambda-go/events"

	"github.com/srmonitor/srmonitor/shared/contract"
	srmevents "github.com/srmonitor/srmonitor/shared/events"
	"github.com/srmonitor/srmonitor/shared/logs"
	"github.com/srmonitor/srmonitor/shared/metrics"
	"github.com/srmonitor/srmonitor/shared/store"
)

// Publisher puts events on the bus and says, per event, whether it failed.
type Publisher interface {
	Publish(ctx context.Context, ds []srmevents.Detail) []error
}

// Handler serves PublishFunction: the table's stream delivers every
// notice written with a change (and only those: the event source mapping
// filters on the notice items' sort key), and each becomes an event on the
// bus. A record that fails is reported with those after it, so Lambda
// retries from there (and sends what keeps failing to the dead-letter
// queue); its events carry their notice's id, so a consumer drops the
// duplicates a retry makes. The metrics count the notices published, by
// kind, and the flags resolved, by flag kind: every resolution, whichever
// change made it, passes here.
func Handler(bus Publisher, log *slog.Logger, m *metrics.Emitter) func(context.Context, events.DynamoDBEvent) (events.DynamoDBEventResponse, error) {
	return func(ctx context.Context, ev events.DynamoDBEvent) (events.DynamoDBEventResponse, error) {
		ctx = logs.Into(ctx, log)
		var resp events.DynamoDBEventResponse
		var details []srmevents.Detail
		var seqs []string
		unreadable := ""
		for _, rec := range ev.Records {
			n, err := store.NoticeFromStream(rec.Change.NewImage)
			if errors.Is(err, store.ErrNotANotice) {
				continue // the filter let it through (or an emulator has none)
			}
			if err != nil {
				// Retried from here, and then dead-lettered, where someone
				// can look; the records before it are published.
				log.Error("unreadable notice", "sequence_number", rec.Change.SequenceNumber, "error", err.Error())
				unreadable = rec.Change.SequenceNumber
				break
			}
			details = append(details, srmevents.FromNotice(n))
			seqs = append(seqs, rec.Change.SequenceNumber)
		}
		failed := unreadable
		byKind, resolved := map[string]int{}, map[string]int{}
		for i, err := range bus.Publish(ctx, details) {
			if err != nil {
				// Lambda retries from the first failure.
				log.Error("publishing a notice failed", "sequence_number", seqs[i], "error", err.Error())
				failed = seqs[i]
				break
			}
			byKind[details[i].Kind]++
			if details[i].Kind == contract.NoticeFlagResolved {
				resolved[details[i].FlagKind]++
			}
		}
		for kind, n := range byKind {
			m.Emit([]metrics.Dimension{{Name: "Kind", Value: kind}}, metrics.Metric{Name: "NoticesPublished", Value: float64(n), Unit: metrics.Count})
		}
		for kind, n := range resolved {
			m.Emit([]metrics.Dimension{{Name: "FlagKind", Value: kind}}, metrics.Metric{Name: "FlagsResolved", Value: float64(n), Unit: metrics.Count})
		}
		batchFailed := 0.0
		if failed != "" {
			batchFailed = 1
		}
		m.Emit(nil, metrics.Metric{Name: "PublishFailures", Value: batchFailed, Unit: metrics.Count})
		if failed != "" {
			resp.BatchItemFailures = []events.DynamoDBBatchItemFailure{{ItemIdentifier: failed}}
		}
		log.Info("notices published", "records", len(ev.Records), "events", len(details), "failed", failed != "")
		return resp, nil
	}
}
