package devserver

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/srmonitor/srmonitor/infra/localstack"
	"github.com/srmonitor/srmonitor/infra/samtemplate"
)

type sqsHandler func(context.Context, events.SQSEvent) (events.SQSEventResponse, error)

// stubServer is a Server with one function, StubFunction, and a queue of
// its own whose messages are visible again at once, so that what the
// function left can be received straight after.
func stubServer(t *testing.T, h sqsHandler) (*Server, string) {
	t.Helper()
	local := localstack.ForTest(t)
	stack := local.Stack
	s := &Server{
		handlers: map[string]lambda.Handler{"StubFunction": lambda.NewHandler(h)}, wake: newWaker(),
		sqs: sqs.NewFromConfig(local.Config), log: local.Log,
	}
	q, err := s.sqs.CreateQueue(t.Context(), &sqs.CreateQueueInput{
		QueueName: aws.String(stack.Name("StubQueue")), Attributes: map[string]string{"VisibilityTimeout": "0"},
	})
	if err != nil {
		t.Fatal(err)
	}
	return s, aws.ToString(q.QueueUrl)
}

func send(t *testing.T, s *Server, url string, bodies ...string) {
	t.Helper()
	for _, b := range bodies {
		if _, err := s.sqs.SendMessage(t.Context(), &sqs.SendMessageInput{
			QueueUrl: &url, MessageBody: aws.String(b),
			MessageAttributes: map[string]types.MessageAttributeValue{"kind": {DataType: aws.String("String"), StringValue: aws.String("test")}},
		}); err != nil {
			t.Fatal(err)
		}
	}
}

// left lists the bodies of the messages on the queue.
func left(t *testing.T, s *Server, url string) []string {
	t.Helper()
	out, err := s.sqs.ReceiveMessage(t.Context(), &sqs.ReceiveMessageInput{QueueUrl: &url, MaxNumberOfMessages: 10})
	if err != nil {
		t.Fatal(err)
	}
	var bodies []string
	for _, m := range out.Messages {
		bodies = append(bodies, aws.ToString(m.Body))
	}
	slices.Sort(bodies)
	return bodies
}

// The poller deletes what the function handled and leaves the rest, as
// Lambda's event source mapping does with and without
// ReportBatchItemFailures.
func TestEventSourceDeletesWhatTheFunctionHandled(t *testing.T) {
	failBad := func(_ context.Context, ev events.SQSEvent) (events.SQSEventResponse, error) {
		var r events.SQSEventResponse
		for _, m := range ev.Records {
			if m.Body == "bad" {
				r.BatchItemFailures = append(r.BatchItemFailures, events.SQSBatchItemFailure{ItemIdentifier: m.MessageId})
			}
		}
		return r, nil
	}
	for _, c := range []struct {
		name    string
		report  bool
		handler sqsHandler
		fnErr   bool
		left    []string
	}{
		{"one item fails", true, failBad, false, []string{"bad"}},
		{"function error", true, func(context.Context, events.SQSEvent) (events.SQSEventResponse, error) {
			return events.SQSEventResponse{}, errors.New("boom")
		}, true, []string{"bad", "good1", "good2"}},
		// Lambda ignores the response of a function without ReportBatchItemFailures.
		{"failures not reported", false, failBad, false, nil},
		// Lambda fails the whole batch.
		{"failure outside the batch", true, func(context.Context, events.SQSEvent) (events.SQSEventResponse, error) {
			return events.SQSEventResponse{BatchItemFailures: []events.SQSBatchItemFailure{{ItemIdentifier: "nope"}}}, nil
		}, false, []string{"bad", "good1", "good2"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var got events.SQSEvent
			s, url := stubServer(t, func(ctx context.Context, ev events.SQSEvent) (events.SQSEventResponse, error) {
				got = ev
				return c.handler(ctx, ev)
			})
			send(t, s, url, "good1", "bad", "good2")
			src, err := s.eventSource(t.Context(), "StubFunction", samtemplate.QueueEvent{Queue: "StubQueue", BatchSize: 5, ReportBatchItemFailures: c.report}, url)
			if err != nil {
				t.Fatal(err)
			}
			n, err := src.poll(t.Context())
			if n != 3 || (err != nil) != c.fnErr {
				t.Fatalf("poll: %d messages, %v", n, err)
			}
			if l := left(t, s, url); !slices.Equal(l, c.left) {
				t.Errorf("left %q, want %q", l, c.left)
			}
			r := got.Records[0]
			if len(got.Records) != 3 || r.EventSource != "aws:sqs" || r.EventSourceARN != src.arn || src.arn == "" ||
				r.AWSRegion != s.sqs.Options().Region || r.Attributes["ApproximateReceiveCount"] != "1" || r.Md5OfBody == "" || r.ReceiptHandle == "" {
				t.Errorf("event record %+v", r)
			}
			if a := r.MessageAttributes["kind"]; a.DataType != "String" || aws.ToString(a.StringValue) != "test" || a.StringListValues == nil {
				t.Errorf("message attribute %+v", a)
			}
		})
	}
}

// PollQueues starts a poller for each SQS event of the template, which
// delivers messages until its context ends.
func TestPollQueuesDeliversUntilDone(t *testing.T) {
	var mu sync.Mutex
	var bodies []string
	s, url := stubServer(t, func(_ context.Context, ev events.SQSEvent) (events.SQSEventResponse, error) {
		mu.Lock()
		defer mu.Unlock()
		for _, m := range ev.Records {
			bodies = append(bodies, m.Body)
		}
		return events.SQSEventResponse{}, nil
	})
	tmpl, err := samtemplate.Parse([]byte(`
Resources:
  StubQueue: {Type: AWS::SQS::Queue}
  StubFunction:
    Type: AWS::Serverless::Function
    Properties:
      Events:
        Q: {Type: SQS, Properties: {Queue: !GetAtt StubQueue.Arn}}
`))
	if err != nil {
		t.Fatal(err)
	}
	s.tmpl = tmpl
	if err := s.PollQueues(t.Context(), func(string) (string, error) { return "", errors.New("no such queue") }); err == nil {
		t.Fatal("PollQueues started without its queue")
	}
	ctx, cancel := context.WithCancel(t.Context())
	if err := s.PollQueues(ctx, func(id string) (string, error) { return url, nil }); err != nil {
		t.Fatal(err)
	}
	received := func() []string { mu.Lock(); defer mu.Unlock(); return slices.Clone(bodies) }
	send(t, s, url, "one")
	for deadline := time.Now().Add(5 * time.Second); len(received()) == 0 && time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond)
	}
	if got := received(); !slices.Equal(got, []string{"one"}) {
		t.Fatalf("delivered %q", got)
	}
	cancel()
	s.Wait() // every poller has stopped
	send(t, s, url, "two")
	if got := received(); len(got) != 1 {
		t.Errorf("delivered %q after the context ended", got)
	}
	if l := left(t, s, url); !slices.Equal(l, []string{"two"}) {
		t.Errorf("left %q", l)
	}
}
