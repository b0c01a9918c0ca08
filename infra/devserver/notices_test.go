package devserver

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/srmonitor/srmonitor/infra/localstack"
	"github.com/srmonitor/srmonitor/infra/samtemplate"
)

// mailbox is an address only this test's environment sends to: the local
// SES is shared by every test of the package.
func (e *env) mailbox(name string) string {
	return name + "@" + strings.TrimSuffix(e.local.Stack.Prefix, "-") + ".example"
}

// outbox waits until the local SES sent n e-mails to this environment's
// addresses and returns them, newest first.
func (e *env) outbox(n int) []Mail {
	e.t.Helper()
	domain := e.mailbox("")
	for deadline := time.Now().Add(20 * time.Second); ; {
		r := e.do("GET", "/dev/outbox", "", nil).want(e.t, 200)
		var mails struct{ Items []Mail }
		if err := json.Unmarshal([]byte(r.Raw), &mails); err != nil {
			e.t.Fatal(err)
		}
		mine := slices.DeleteFunc(mails.Items, func(m Mail) bool { return len(m.To) == 0 || !strings.HasSuffix(m.To[0], domain) })
		if len(mine) >= n {
			return mine
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("%d of %d e-mails sent: %+v", len(mine), n, mine)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func subjects(mails []Mail) []string {
	var out []string
	for _, m := range mails {
		out = append(out, strings.Join(m.To, ",")+": "+m.Subject)
	}
	slices.Sort(out)
	return out
}

// The walk: a contract awarded today with a contractor e-mail gets
// the award e-mail, a reminder the configured working days before
// registration is due, a flag e-mail the day after, and the office an
// e-mail when the contractor submits a plan; each once, however often the
// check runs.
func TestEmailsBeforeAndAfterDeadlines(t *testing.T) {
	e := newEnv(t)
	e.clock.Set(at("2026-03-02 10:00:00")) // a Monday
	mun, con := e.token("municipality", "utrecht"), e.token("contractor", "12345678")

	// The office sets where its e-mails go.
	e.do("PUT", "/municipalities/utrecht/settings", mun, map[string]any{"email": e.mailbox("sr"), "language": "nl"}).want(t, 200)
	if r := e.do("GET", "/municipalities/utrecht/settings", mun, nil).want(t, 200); r.get("email") != e.mailbox("sr") {
		t.Fatalf("settings: %s", r.Raw)
	}
	e.do("GET", "/municipalities/amsterdam/settings", mun, nil).want(t, 404)
	e.do("GET", "/municipalities/utrecht/settings", con, nil).want(t, 403)
	if r := e.do("PUT", "/municipalities/utrecht/settings", mun, map[string]any{"email": "no address", "language": "fr"}).want(t, 422); len(r.get("error", "details").([]any)) != 2 {
		t.Fatalf("every problem: %s", r.Raw)
	}

	body := newContract("utrecht", "UTR-MAIL-1", "12345678")
	body["awarded_on"], body["contractor_email"] = "2026-03-02", e.mailbox("tender")
	id := e.do("POST", "/contracts", mun, body).want(t, 201).get("id").(string)
	award := e.outbox(1)[0]
	if award.To[0] != e.mailbox("tender") || !strings.Contains(award.Subject, "UTR-MAIL-1") ||
		!strings.Contains(award.Text, "maandag 9 maart 2026") || !strings.Contains(award.Text, "/contracten/"+id) {
		t.Fatalf("award e-mail: %+v", award)
	}

	// Registration is due Monday 2026-03-09: reminded five working days
	// before (today) and the working day before; each check runs twice.
	for _, asOf := range []string{"2026-03-02T06:00:00+01:00", "2026-03-02T07:00:00+01:00", "2026-03-06T06:00:00+01:00", "2026-03-06T07:00:00+01:00"} {
		e.check(asOf)
	}
	mails := e.outbox(3)
	if got := subjects(mails[:2]); got[0] != e.mailbox("tender")+": Herinnering: meld u vóór maandag 9 maart 2026 aan voor UTR-MAIL-1" || got[1] != got[0] {
		t.Fatalf("reminders: %v", got)
	}
	// The day after: the flag, to the contractor and the office.
	e.check("2026-03-10T06:00:00+01:00")
	e.check("2026-03-10T07:00:00+01:00")
	mails = e.outbox(5)
	flagged := subjects(mails[:2])
	if !strings.HasPrefix(flagged[0], e.mailbox("sr")+": Termijn verstreken bij UTR-MAIL-1") || !strings.HasPrefix(flagged[1], e.mailbox("tender")+": Termijn verstreken") {
		t.Fatalf("flag e-mails: %v", flagged)
	}

	// The contractor registers (in English) and submits a plan: the office
	// is told.
	e.clock.Set(at("2026-03-11 09:00:00"))
	e.do("POST", "/contracts/"+id+"/registration", con, map[string]any{"contact_name": "A. de Vries", "contact_email": e.mailbox("a.devries"), "language": "en"}).want(t, 200)
	e.do("PUT", "/contracts/"+id+"/plan", con, map[string]any{"items": []any{}}).want(t, 200)
	mails = e.outbox(6)
	if m := mails[0]; m.To[0] != e.mailbox("sr") || m.Subject != "Plan van aanpak ter beoordeling: UTR-MAIL-1" || !strings.Contains(m.Text, "Schoon BV") {
		t.Fatalf("plan e-mail: %+v", m)
	}
	e.do("POST", "/contracts/"+id+"/plan/decision", mun, map[string]any{"decision": "rejected", "note": "add a BBL place"}).want(t, 200)
	mails = e.outbox(7)
	if m := mails[0]; m.To[0] != e.mailbox("a.devries") || m.Subject != "Your plan of approach was rejected: UTR-MAIL-1" || !strings.Contains(m.Text, "add a BBL place") {
		t.Fatalf("decision e-mail in English to the registered contact: %+v", m)
	}
	// Nothing more arrives: every e-mail went out once.
	e.check("2026-03-12T06:00:00+01:00")
	if n := len(e.outbox(7)); n != 7 {
		t.Fatalf("%d e-mails", n)
	}
}

// The stream event source redelivers what the function failed on, from the
// first failed record, and dead-letters a batch that keeps failing: a
// failed publish is retried and nothing is lost.
func TestStreamRetriesFailuresAndDeadLetters(t *testing.T) {
	local := localstack.ForTest(t)
	db := dynamodb.NewFromConfig(local.Config)
	var mu sync.Mutex
	var seen []string
	failFirst := map[string]int{"N#b": 2, "N#z": 99} // b fails twice, z always
	handler := func(_ context.Context, ev events.DynamoDBEvent) (events.DynamoDBEventResponse, error) {
		mu.Lock()
		defer mu.Unlock()
		var resp events.DynamoDBEventResponse
		for _, r := range ev.Records {
			sk := r.Change.NewImage["sk"].String()
			seen = append(seen, sk)
			if failFirst[sk] > 0 {
				failFirst[sk]--
				resp.BatchItemFailures = []events.DynamoDBBatchItemFailure{{ItemIdentifier: r.Change.SequenceNumber}}
				return resp, nil
			}
		}
		return resp, nil
	}
	tmpl, err := samtemplate.Parse([]byte(`
Resources:
  StubFunction:
    Type: AWS::Serverless::Function
    Properties:
      Events:
        S:
          Type: DynamoDB
          Properties:
            Stream: !GetAtt Table.StreamArn
            StartingPosition: TRIM_HORIZON
            BatchSize: 10
            MaximumRetryAttempts: 3
            FunctionResponseTypes: [ReportBatchItemFailures]
            FilterCriteria:
              Filters:
                - Pattern: '{"eventName": ["INSERT"], "dynamodb": {"NewImage": {"sk": {"S": [{"prefix": "N#"}]}}}}'
            DestinationConfig:
              OnFailure:
                Type: SQS
                Destination: !GetAtt Dead.Arn
`))
	if err != nil {
		t.Fatal(err)
	}
	q := sqs.NewFromConfig(local.Config)
	dead, err := q.CreateQueue(t.Context(), &sqs.CreateQueueInput{QueueName: aws.String(local.Stack.Name("StubDead"))})
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{tmpl: tmpl, handlers: map[string]lambda.Handler{"StubFunction": lambda.NewHandler(handler)},
		aws: local.Config, sqs: q, wake: newWaker(), log: local.Log}
	for _, sk := range []string{"N#a", "X#skipped", "N#b", "N#c"} {
		if _, err := db.PutItem(t.Context(), &dynamodb.PutItemInput{TableName: &local.Table, Item: map[string]ddbtypes.AttributeValue{
			"pk": &ddbtypes.AttributeValueMemberS{Value: "C#1"}, "sk": &ddbtypes.AttributeValueMemberS{Value: sk}}}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.PollStreams(t.Context(), local.Stack.StreamARN, func(string) (string, error) { return aws.ToString(dead.QueueUrl), nil }); err != nil {
		t.Fatal(err)
	}
	wait := func(what string, done func() bool) {
		for deadline := time.Now().Add(15 * time.Second); !done(); {
			if time.Now().After(deadline) {
				mu.Lock()
				defer mu.Unlock()
				t.Fatalf("%s: seen %v", what, seen)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	// The stub stops at its first failure: the batch [a b c] fails at b,
	// is retried from b twice, and then c follows b.
	wait("b and c delivered after b's two failures", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return fmt.Sprint(seen) == "[N#a N#b N#b N#b N#c]"
	})
	if _, err := db.PutItem(t.Context(), &dynamodb.PutItemInput{TableName: &local.Table, Item: map[string]ddbtypes.AttributeValue{
		"pk": &ddbtypes.AttributeValueMemberS{Value: "C#1"}, "sk": &ddbtypes.AttributeValueMemberS{Value: "N#z"}}}); err != nil {
		t.Fatal(err)
	}
	var body string
	wait("z dead-lettered after 1 + 3 attempts", func() bool {
		out, err := q.ReceiveMessage(t.Context(), &sqs.ReceiveMessageInput{QueueUrl: dead.QueueUrl})
		if err != nil || len(out.Messages) == 0 {
			return false
		}
		body = aws.ToString(out.Messages[0].Body)
		return true
	})
	if !strings.Contains(body, `"condition":"RetryAttemptsExhausted"`) || !strings.Contains(body, `"batchSize":1`) {
		t.Fatalf("on-failure record: %s", body)
	}
	mu.Lock()
	defer mu.Unlock()
	if n := strings.Count(fmt.Sprint(seen), "N#z"); n != 4 {
		t.Fatalf("z delivered %d times, want 4", n)
	}
}
