package api

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/srmonitor/srmonitor/shared/app"
	"github.com/srmonitor/srmonitor/shared/evidence"
	"github.com/srmonitor/srmonitor/shared/httpapi"
	"github.com/srmonitor/srmonitor/shared/logs"
)

// Evidence serves EvidenceFunction: announcing uploads and reading
// evidence.
func Evidence(d *app.Deps) httpapi.Handler {
	svc := wire(d).evidence
	return httpapi.NewHandler(httpapi.Routes{
		"POST /contracts/{id}/evidence": {Roles: contractorOnly, Handle: func(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
			var in evidence.RequestInput
			if err := r.Decode(&in); err != nil {
				return httpapi.Response{}, err
			}
			v, up, err := svc.Request(ctx, r.Principal, r.Path("id"), in)
			if err != nil {
				return httpapi.Response{}, evidenceError(err)
			}
			return httpapi.Created(map[string]any{"evidence": v, "upload": up}), nil
		}},
		"GET /contracts/{id}/evidence": {Handle: func(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
			limit, cursor, err := r.Page()
			if err != nil {
				return httpapi.Response{}, err
			}
			items, next, err := svc.List(ctx, r.Principal, r.Path("id"), limit, cursor)
			if err != nil {
				return httpapi.Response{}, evidenceError(err)
			}
			return httpapi.OK(page(items, next)), nil
		}},
		"GET /evidence/{id}": {Handle: func(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
			v, err := svc.Get(ctx, r.Principal, r.Path("id"))
			if err != nil {
				return httpapi.Response{}, evidenceError(err)
			}
			return httpapi.OK(v), nil
		}},
	}, d.Log)
}

func evidenceError(err error) error {
	if errors.Is(err, evidence.ErrNotFound) {
		return httpapi.NotFound("evidence")
	}
	return contractError(err)
}

// VerifyEvidence serves EvidenceVerifyFunction: S3 ObjectCreated
// notifications arrive through SQS, and each object is checked once. A
// message that fails is reported in BatchItemFailures, so only it is
// retried (and dead-lettered in the end); the others are done.
func VerifyEvidence(d *app.Deps) func(context.Context, events.SQSEvent) (events.SQSEventResponse, error) {
	svc := wire(d).evidence
	return func(ctx context.Context, ev events.SQSEvent) (events.SQSEventResponse, error) {
		ctx = logs.Into(ctx, d.Log)
		var resp events.SQSEventResponse
		for _, msg := range ev.Records {
			if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < perMessage {
				// Too little time left to check another object: leave it for
				// a retry instead of timing out, which would retry the
				// whole batch, the messages already done included.
				resp.BatchItemFailures = append(resp.BatchItemFailures, events.SQSBatchItemFailure{ItemIdentifier: msg.MessageId})
				continue
			}
			if err := verifyMessage(ctx, svc, d.EvidenceBucket, msg.Body); err != nil {
				d.Log.Error("evidence notification failed", "message_id", msg.MessageId, "error", err.Error())
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

func verifyMessage(ctx context.Context, svc *evidence.Service, bucket, body string) error {
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
		// The key arrives URL-encoded; aws-lambda-go decodes it.
		_, err := svc.Verify(ctx, obj.URLDecodedKey, obj.VersionID, obj.Size)
		switch {
		case errors.Is(err, evidence.ErrUnknownKey):
			log.Warn("object without evidence record quarantined", "key_sha256", keyRef(obj.URLDecodedKey))
		case errors.Is(err, evidence.ErrGone):
			log.Warn("object gone before it was checked", "key_sha256", keyRef(obj.URLDecodedKey))
		case err != nil:
			return err
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
