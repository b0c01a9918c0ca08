// Package eventbus is the EventBridge adapter: it puts srmonitor's events
// on the stack's event bus.
package eventbus

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge/types"

	"github.com/srmonitor/srmonitor/shared/events"
)

// Bus is one event bus.
type Bus struct {
	Client *eventbridge.Client
	Name   string
}

// maxEntries is what one PutEvents takes.
const maxEntries = 10

// Publish puts the events on the bus and returns, per event, nil or why
// it was not put, so a caller can retry exactly those that failed.
func (b *Bus) Publish(ctx context.Context, ds []events.Detail) []error {
	errs := make([]error, len(ds))
	for start := 0; start < len(ds); start += maxEntries {
		end := min(start+maxEntries, len(ds))
		entries := make([]types.PutEventsRequestEntry, 0, end-start)
		for _, d := range ds[start:end] {
			detail, err := json.Marshal(d)
			if err != nil {
				// Only a programming error gets here.
				panic("eventbus: " + err.Error())
			}
			entries = append(entries, types.PutEventsRequestEntry{
				Source: aws.String(events.Source), DetailType: aws.String(d.Kind), Detail: aws.String(string(detail)),
				EventBusName: aws.String(b.Name), Resources: []string{},
			})
		}
		out, err := b.Client.PutEvents(ctx, &eventbridge.PutEventsInput{Entries: entries})
		for i := range entries {
			switch {
			case err != nil:
				errs[start+i] = err
			case i < len(out.Entries) && out.Entries[i].ErrorCode != nil:
				errs[start+i] = errors.New(aws.ToString(out.Entries[i].ErrorCode) + ": " + aws.ToString(out.Entries[i].ErrorMessage))
			}
		}
	}
	return errs
}
