package localstack

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/srmonitor/srmonitor/infra/samtemplate"
)

func TestMain(m *testing.M) { os.Exit(RunTests(m)) }

// An object put under evidence/ reaches EvidenceQueue as an ObjectCreated
// notification with its key URL-encoded, as S3 sends it; one put elsewhere
// does not.
func TestBucketNotifiesQueue(t *testing.T) {
	env := ForTest(t)
	s, s3c := env.Stack, s3.NewFromConfig(env.Config, func(o *s3.Options) { o.UsePathStyle = true })
	ctx := t.Context()
	bucket := s.BucketName("EvidenceBucket")
	for _, key := range []string{"other/x.pdf", "evidence/c1/a b+c.pdf"} {
		if _, err := s3c.PutObject(ctx, &s3.PutObjectInput{Bucket: &bucket, Key: aws.String(key), Body: strings.NewReader("%PDF-1.7")}); err != nil {
			t.Fatal(err)
		}
	}
	queueURL, err := s.QueueURL("EvidenceQueue")
	if err != nil {
		t.Fatal(err)
	}
	sq := sqs.NewFromConfig(env.Config)
	var keys []string
	for deadline := time.Now().Add(5 * time.Second); len(keys) == 0 && time.Now().Before(deadline); {
		out, err := sq.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: &queueURL, MaxNumberOfMessages: 10})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range out.Messages {
			var n struct {
				Event   string // the s3:TestEvent sent when notifications are set
				Records []struct {
					EventName string
					S3        struct {
						Bucket struct{ Name string }
						Object struct{ Key string }
					}
				}
			}
			if err := json.Unmarshal([]byte(aws.ToString(m.Body)), &n); err != nil {
				t.Fatalf("%v: %s", err, aws.ToString(m.Body))
			}
			for _, r := range n.Records {
				if !strings.HasPrefix(r.EventName, "ObjectCreated:") || r.S3.Bucket.Name != bucket {
					t.Errorf("notification %s on %s", r.EventName, r.S3.Bucket.Name)
				}
				keys = append(keys, r.S3.Object.Key)
			}
		}
	}
	// Form encoding: a space is +, a + is %2B. AWS leaves / as it is,
	// moto encodes it as %2F; both decode alike.
	if len(keys) != 1 || !strings.HasSuffix(keys[0], "a+b%2Bc.pdf") {
		t.Fatalf("keys = %q, want the evidence key form-encoded", keys)
	}
	if k, err := url.QueryUnescape(keys[0]); k != "evidence/c1/a b+c.pdf" {
		t.Errorf("key decodes to %q, %v", k, err)
	}
}

// Queues carry the template's attributes, the redrive policy the dead-letter
// queue's real ARN; the bucket is versioned with the template's CORS rule;
// the table's time to live is on. Provisioning again changes nothing.
func TestProvisionFollowsTemplateAndRepeats(t *testing.T) {
	env := ForTest(t)
	s, s3c := env.Stack, s3.NewFromConfig(env.Config, func(o *s3.Options) { o.UsePathStyle = true })
	ctx := t.Context()
	sq := sqs.NewFromConfig(env.Config)
	before, _ := s.QueueURL("EvidenceQueue")
	// As left by a run of an older template: CreateQueue then refuses the
	// name, and Provision sets the attributes on the queue that is there.
	if _, err := sq.SetQueueAttributes(ctx, &sqs.SetQueueAttributesInput{QueueUrl: &before, Attributes: map[string]string{"VisibilityTimeout": "7"}}); err != nil {
		t.Fatal(err)
	}
	if err := s.Provision(ctx, env.Config); err != nil {
		t.Fatalf("second provision: %v", err)
	}
	if after, _ := s.QueueURL("EvidenceQueue"); after != before || after == "" {
		t.Errorf("queue URL %q, then %q", before, after)
	}

	attrs := func(id string) map[string]string {
		u, err := s.QueueURL(id)
		if err != nil {
			t.Fatal(err)
		}
		out, err := sq.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: &u, AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameAll}})
		if err != nil {
			t.Fatal(err)
		}
		return out.Attributes
	}
	for _, id := range s.Template.OfType("AWS::SQS::Queue") {
		got := attrs(id)
		for _, k := range queueAttributes {
			if want, ok := s.Template.Resources[id].Properties[k]; ok && k != "RedrivePolicy" && got[k] != fmt.Sprint(want) {
				t.Errorf("%s %s = %q, want %v", id, k, got[k], want)
			}
		}
	}
	var redrive struct {
		DeadLetterTargetArn string
		MaxReceiveCount     json.Number
	}
	if err := json.Unmarshal([]byte(attrs("EvidenceQueue")["RedrivePolicy"]), &redrive); err != nil {
		t.Fatal(err)
	}
	if dlq := attrs("EvidenceDeadLetterQueue")["QueueArn"]; redrive.DeadLetterTargetArn != dlq || dlq == "" || redrive.MaxReceiveCount != "5" {
		t.Errorf("redrive policy %+v, dead-letter queue %s", redrive, dlq)
	}

	bucket := s.BucketName("EvidenceBucket")
	v, err := s3c.GetBucketVersioning(ctx, &s3.GetBucketVersioningInput{Bucket: &bucket})
	if err != nil || v.Status != "Enabled" {
		t.Errorf("versioning %v, %v", v, err)
	}
	cors, err := s3c.GetBucketCors(ctx, &s3.GetBucketCorsInput{Bucket: &bucket})
	if err != nil || len(cors.CORSRules) != 1 || strings.Join(cors.CORSRules[0].AllowedOrigins, ",") != "*" {
		t.Fatalf("cors %v, %v", cors, err)
	}
	if r := cors.CORSRules[0]; strings.Join(r.AllowedMethods, ",") != "PUT,GET" || aws.ToInt32(r.MaxAgeSeconds) != 3600 {
		t.Errorf("cors rule %+v", r)
	}

	ttl, err := dynamodb.NewFromConfig(env.Config).DescribeTimeToLive(ctx, &dynamodb.DescribeTimeToLiveInput{TableName: aws.String(s.Name("Table"))})
	if err != nil {
		t.Fatal(err)
	}
	if d := ttl.TimeToLiveDescription; d.TimeToLiveStatus != ddbtypes.TimeToLiveStatusEnabled || aws.ToString(d.AttributeName) != "expires_at" {
		t.Errorf("time to live %s on %q", d.TimeToLiveStatus, aws.ToString(d.AttributeName))
	}
}

// The functions' environment names the bucket before anything exists; a
// queue resolves only once provisioned.
func TestNamesBeforeProvision(t *testing.T) {
	tmpl, err := samtemplate.LoadNearest(".")
	if err != nil {
		t.Fatal(err)
	}
	s := &Stack{Template: tmpl, Prefix: "x-"}
	getenv, err := s.Getenv()
	if err != nil {
		t.Fatal(err)
	}
	if got := getenv("EVIDENCE_BUCKET"); got != "x-evidencebucket" || got != s.BucketName("EvidenceBucket") {
		t.Errorf("EVIDENCE_BUCKET = %q", got)
	}
	if got := getenv("TABLE_NAME"); got != "x-Table" {
		t.Errorf("TABLE_NAME = %q", got)
	}
	if _, err := s.physical("EvidenceQueue", "Arn"); err == nil {
		t.Error("queue ARN resolved before provisioning")
	}
	if _, err := s.QueueURL("EvidenceQueue"); err == nil {
		t.Error("queue URL before provisioning")
	}
}
