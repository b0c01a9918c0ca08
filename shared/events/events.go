// Package events publishes flag events to EventBridge (source srmonitor,
// detail types FlagRaised and FlagResolved), so SR offices can route them to
// e-mail or their own systems.
package events

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge/types"

	"github.com/srmonitor/srmonitor/shared/contract"
)

// Source is the EventBridge source of every srmonitor event.
const Source = "srmonitor"

// EventBridge implements contract.Publisher.
type EventBridge struct {
	Client *eventbridge.Client
	Bus    string
}

var _ contract.Publisher = (*EventBridge)(nil)

// Publish sends the events in batches of ten, PutEvents' limit.
func (p *EventBridge) Publish(ctx context.Context, evs []contract.FlagEvent) error {
	for start := 0; start < len(evs); start += 10 {
		batch := evs[start:min(start+10, len(evs))]
		entries := make([]types.PutEventsRequestEntry, len(batch))
		for i, ev := range batch {
			f := ev.Flag
			detail, err := json.Marshal(map[string]any{
				"id": f.ID, "contract_id": f.ContractID, "kind": f.Kind, "period": f.Period, "due": f.Due,
				"raised_at": f.RaisedAt, "status": f.Status, "resolved_at": f.ResolvedAt, "fine_cents": f.FineCents,
			})
			if err != nil {
				return err
			}
			entries[i] = types.PutEventsRequestEntry{
				Source: aws.String(Source), DetailType: aws.String(ev.DetailType),
				Detail: aws.String(string(detail)), EventBusName: aws.String(p.Bus),
				Resources: []string{},
			}
		}
		out, err := p.Client.PutEvents(ctx, &eventbridge.PutEventsInput{Entries: entries})
		if err != nil {
			return err
		}
		if out.FailedEntryCount > 0 {
			return fmt.Errorf("eventbridge refused %d of %d events", out.FailedEntryCount, len(entries))
		}
	}
	return nil
}
