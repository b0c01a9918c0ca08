package publish

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	srmevents "github.com/srmonitor/srmonitor/shared/events"
	"github.com/srmonitor/srmonitor/shared/logs"
	"github.com/srmonitor/srmonitor/shared/metrics"
)

type bus struct {
	got  []srmevents.Detail
	fail string // the id of a notice to fail
}

func (b *bus) Publish(_ context.Context, ds []srmevents.Detail) []error {
	errs := make([]error, len(ds))
	for i, d := range ds {
		if d.ID == b.fail {
			errs[i] = errors.New("throttled")
			continue
		}
		b.got = append(b.got, d)
	}
	return errs
}

func notice(seq, id string) events.DynamoDBEventRecord {
	s := events.NewStringAttribute
	return events.DynamoDBEventRecord{EventName: "INSERT", Change: events.DynamoDBStreamRecord{SequenceNumber: seq, NewImage: map[string]events.DynamoDBAttributeValue{
		"pk": s("C#c_1"), "sk": s("N#" + id), "format": events.NewNumberAttribute("1"), "id": s(id), "kind": s("FlagRaised"),
		"at": s("2026-03-10T05:00:00Z"), "contract_id": s("c_1"), "municipality": s("utrecht"), "reference": s("R"), "title": s("T"),
		"kvk": s("12345678"), "contractor_name": s("N"), "flag_kind": s("registration_overdue"), "due": s("2026-03-09"),
		"expires_at": events.NewNumberAttribute("1790000000"),
	}}}
}

// A notice that fails to publish is reported, so Lambda retries from it;
// one that is not a notice is passed over; one that cannot be read stops
// the batch there.
func TestPublishReportsTheFirstFailure(t *testing.T) {
	b := &bus{fail: "c_1.2.1"}
	var emf bytes.Buffer
	h := Handler(b, logs.New(io.Discard), metrics.New(&emf, "PublishFunction"))
	other := events.DynamoDBEventRecord{Change: events.DynamoDBStreamRecord{SequenceNumber: "2", NewImage: map[string]events.DynamoDBAttributeValue{
		"pk": events.NewStringAttribute("C#c_1"), "sk": events.NewStringAttribute("E#000000000002")}}}
	resp, err := h(context.Background(), events.DynamoDBEvent{Records: []events.DynamoDBEventRecord{notice("1", "c_1.1.1"), other, notice("3", "c_1.2.1"), notice("4", "c_1.3.1")}})
	if err != nil || len(resp.BatchItemFailures) != 1 || resp.BatchItemFailures[0].ItemIdentifier != "3" {
		t.Fatalf("response %+v %v", resp, err)
	}
	if len(b.got) != 2 || b.got[0].ID != "c_1.1.1" || b.got[0].Due.String() != "2026-03-09" || b.got[0].FlagKind != "registration_overdue" {
		t.Fatalf("published %+v", b.got)
	}
	// Counted: what Lambda will not send again, by kind; and the failed batch.
	lines := strings.Split(strings.TrimSpace(emf.String()), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], `"Kind":"FlagRaised","NoticesPublished":1,`) ||
		!strings.Contains(lines[1], `"PublishFailures":1,`) {
		t.Fatalf("metrics:\n%s", emf.String())
	}
	bad := notice("5", "c_1.4.1")
	bad.Change.NewImage["format"] = events.NewNumberAttribute("9")
	resp, _ = h(context.Background(), events.DynamoDBEvent{Records: []events.DynamoDBEventRecord{bad, notice("6", "c_1.5.1")}})
	if len(resp.BatchItemFailures) != 1 || resp.BatchItemFailures[0].ItemIdentifier != "5" {
		t.Fatalf("unreadable: %+v", resp)
	}
}
