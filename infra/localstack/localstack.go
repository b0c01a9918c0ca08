// Package localstack runs the system's AWS resources locally: it starts
// moto on a free loopback port (unless AWS_ENDPOINT_URL already points
// at moto or LocalStack) and creates the tables, buckets and queues exactly as
// template.yaml declares them. make run and the tests use the same code.
package localstack

import (
	"bufio"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	sestypes "github.com/aws/aws-sdk-go-v2/service/sesv2/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/srmonitor/srmonitor/infra/samtemplate"
	"github.com/srmonitor/srmonitor/shared/awsconfig"
)

// Stack is a local endpoint with the template's resources on it.
type Stack struct {
	Endpoint string
	Template *samtemplate.Template
	// Prefix makes physical names unique, so test runs get fresh resources.
	Prefix string
	moto   *exec.Cmd
	// queues are the queues Provision created, by logical id: a queue's URL
	// and ARN are known once it exists, in CloudFormation as here; so is a
	// table's stream ARN.
	queues  map[string]queue
	streams map[string]string
}

type queue struct{ url, arn string }

// Start connects to AWS_ENDPOINT_URL, or starts moto when it is unset,
// and loads the repository's template.yaml.
func Start(ctx context.Context, prefix string) (*Stack, error) {
	tmpl, err := samtemplate.LoadNearest(".")
	if err != nil {
		return nil, err
	}
	s := &Stack{Endpoint: os.Getenv(awsconfig.EnvEndpoint), Template: tmpl, Prefix: prefix}
	if s.Endpoint == "" {
		if s.Endpoint, s.moto, err = startMoto(ctx); err != nil {
			return nil, err
		}
	}
	return s, nil
}

var listening = regexp.MustCompile(`Running on (http://[0-9.]+:[0-9]+)`)

// motoServer is moto's server app, serving one request at a time with
// item-level rollback of failed transactions; moto_server.py says why.
//
//go:embed moto_server.py
var motoServer string

func startMoto(ctx context.Context) (string, *exec.Cmd, error) {
	cmd := exec.Command("python3", "-c", motoServer)
	// moto must not outlive us, even when a test binary is killed.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL, Setpgid: true}
	out, err := cmd.StderrPipe()
	if err != nil {
		return "", nil, err
	}
	cmd.Stdout = io.Discard
	if err := cmd.Start(); err != nil {
		return "", nil, fmt.Errorf("start moto (python3 with moto installed; see README): %w", err)
	}
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if m := listening.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
				break
			}
		}
		// Keep draining so moto never blocks on a full pipe.
		_, _ = io.Copy(io.Discard, out)
	}()
	select {
	case url := <-found:
		return url, cmd, nil
	case <-time.After(60 * time.Second):
	case <-ctx.Done():
	}
	_ = cmd.Process.Kill()
	return "", nil, errors.New("moto did not report its port within 60s (is moto installed for python3? see README)")
}

// Close stops moto if this stack started it.
func (s *Stack) Close() {
	if s.moto != nil && s.moto.Process != nil {
		_ = syscall.Kill(-s.moto.Process.Pid, syscall.SIGKILL)
		_ = s.moto.Wait()
	}
}

// Name is the local physical name of a template resource.
func (s *Stack) Name(logicalID string) string { return s.Prefix + logicalID }

// BucketName is the local name of a template bucket. The template names
// buckets after the stack's id; locally the prefixed logical id keeps them
// apart the same way, lower-cased as S3 requires.
func (s *Stack) BucketName(logicalID string) string { return strings.ToLower(s.Name(logicalID)) }

// QueueURL is the URL of a template queue, once Provision created it.
func (s *Stack) QueueURL(logicalID string) (string, error) {
	q, ok := s.queues[logicalID]
	if !ok {
		return "", fmt.Errorf("no queue %s provisioned", logicalID)
	}
	return q.url, nil
}

// Getenv returns an environment lookup for the functions: the process
// environment, overlaid with AWS_ENDPOINT_URL and every variable the
// template sets on its functions, resolved to local names.
func (s *Stack) Getenv() (func(string) string, error) {
	env := map[string]string{awsconfig.EnvEndpoint: s.Endpoint}
	for _, f := range s.Template.Functions() {
		for k, v := range f.Env {
			val, err := s.Template.Resolve(v, s.physical)
			if err != nil {
				return nil, fmt.Errorf("%s %s: %w", f.LogicalID, k, err)
			}
			if prev, ok := env[k]; ok && prev != val && k != awsconfig.EnvEndpoint {
				return nil, fmt.Errorf("functions disagree on %s (%q, %q): one process cannot run them", k, prev, val)
			}
			env[k] = val
		}
	}
	return func(k string) string {
		if v, ok := env[k]; ok {
			return v
		}
		return os.Getenv(k)
	}, nil
}

// physical resolves Ref and GetAtt as CloudFormation would. Table and
// bucket names are known up front, since Getenv runs before Provision;
// queue URLs and ARNs only once the queue exists.
func (s *Stack) physical(logicalID, attr string) (string, error) {
	r, ok := s.Template.Resources[logicalID]
	if !ok {
		return "", fmt.Errorf("no resource %s", logicalID)
	}
	switch {
	case r.Type == "AWS::DynamoDB::Table" && attr == "":
		return s.Name(logicalID), nil
	case r.Type == "AWS::DynamoDB::Table" && attr == "StreamArn":
		arn, ok := s.streams[logicalID]
		if !ok {
			return "", fmt.Errorf("table %s has no stream (yet)", logicalID)
		}
		return arn, nil
	case r.Type == "AWS::Events::EventBus" && attr == "":
		return s.Name(logicalID), nil
	case r.Type == "AWS::S3::Bucket" && attr == "":
		return s.BucketName(logicalID), nil
	case r.Type == "AWS::SQS::Queue" && attr == "QueueName":
		// Known up front, like a table's name: provisionQueue names it so.
		return s.Name(logicalID), nil
	case r.Type == "AWS::SQS::Queue" && (attr == "" || attr == "Arn"):
		q, ok := s.queues[logicalID]
		if !ok {
			return "", fmt.Errorf("queue %s is not provisioned yet", logicalID)
		}
		if attr == "Arn" {
			return q.arn, nil
		}
		return q.url, nil
	}
	return "", fmt.Errorf("cannot resolve %s.%s of type %s locally", logicalID, attr, r.Type)
}

// Provision creates what the template declares that behaves locally:
// tables with their time to live, queues with their redrive policies, and
// buckets with versioning, CORS and notifications to the queues. Encryption,
// point-in-time recovery, deletion protection, public access blocks,
// ownership controls, lifecycle rules and resource policies are left out:
// moto accepts them but enforces none, so locally they would change nothing.
//
// Provision is idempotent, so make run can be restarted against a running
// LocalStack.
func (s *Stack) Provision(ctx context.Context, cfg aws.Config) error {
	db := dynamodb.NewFromConfig(cfg)
	s.streams = map[string]string{}
	for _, id := range s.Template.OfType("AWS::DynamoDB::Table") {
		if err := s.provisionTable(ctx, db, id); err != nil {
			return fmt.Errorf("table %s: %w", id, err)
		}
	}
	// A fresh map, never the one of the Stack this was copied from: ForTest
	// copies the shared Stack for each test.
	s.queues = map[string]queue{}
	sq := sqs.NewFromConfig(cfg)
	for _, id := range s.Template.OfType("AWS::SQS::Queue") {
		if err := s.provisionQueue(ctx, sq, id); err != nil {
			return fmt.Errorf("queue %s: %w", id, err)
		}
	}
	eb := eventbridge.NewFromConfig(cfg)
	for _, id := range s.Template.OfType("AWS::Events::EventBus") {
		if err := s.provisionBus(ctx, eb, id); err != nil {
			return fmt.Errorf("event bus %s: %w", id, err)
		}
	}
	for _, id := range s.Template.OfType("AWS::Events::Rule") {
		if err := s.provisionRule(ctx, eb, id); err != nil {
			return fmt.Errorf("rule %s: %w", id, err)
		}
	}
	sesc := sesv2.NewFromConfig(cfg)
	for _, id := range s.Template.OfType("AWS::SES::EmailIdentity") {
		if err := s.provisionIdentity(ctx, sesc, id); err != nil {
			return fmt.Errorf("e-mail identity %s: %w", id, err)
		}
	}
	// Local endpoints serve buckets by path (see bucket.NewClient).
	s3c := s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true })
	for _, id := range s.Template.OfType("AWS::S3::Bucket") {
		if err := s.provisionBucket(ctx, s3c, cfg.Region, id); err != nil {
			return fmt.Errorf("bucket %s: %w", id, err)
		}
	}
	return nil
}

func (s *Stack) provisionTable(ctx context.Context, db *dynamodb.Client, id string) error {
	var p struct {
		dynamodb.CreateTableInput
		TimeToLiveSpecification *types.TimeToLiveSpecification
	}
	// The property names are the API's, so the input decodes as it is.
	if err := s.decode(id, &p, "AttributeDefinitions", "KeySchema", "GlobalSecondaryIndexes", "BillingMode",
		"TimeToLiveSpecification", "StreamSpecification"); err != nil {
		return err
	}
	in, err := createTableInput(p.CreateTableInput)
	if err != nil {
		return err
	}
	in.TableName = aws.String(s.Name(id))
	if _, err := db.CreateTable(ctx, in); err != nil {
		var inUse *types.ResourceInUseException
		if !errors.As(err, &inUse) {
			return err
		}
	}
	if in.StreamSpecification != nil {
		desc, err := db.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: in.TableName})
		if err != nil {
			return err
		}
		s.streams[id] = aws.ToString(desc.Table.LatestStreamArn)
	}
	if p.TimeToLiveSpecification == nil {
		return nil
	}
	cur, err := db.DescribeTimeToLive(ctx, &dynamodb.DescribeTimeToLiveInput{TableName: in.TableName})
	if err != nil {
		return err
	}
	// DynamoDB refuses to set the time to live it already has, as on a
	// restarted make run.
	want, d := p.TimeToLiveSpecification, cur.TimeToLiveDescription
	on := d != nil && d.TimeToLiveStatus == types.TimeToLiveStatusEnabled
	if on == aws.ToBool(want.Enabled) && (!on || aws.ToString(d.AttributeName) == aws.ToString(want.AttributeName)) {
		return nil
	}
	_, err = db.UpdateTimeToLive(ctx, &dynamodb.UpdateTimeToLiveInput{TableName: in.TableName, TimeToLiveSpecification: want})
	return err
}

// createTableInput completes and checks a table's input.
func createTableInput(in dynamodb.CreateTableInput) (*dynamodb.CreateTableInput, error) {
	if len(in.KeySchema) == 0 {
		return nil, errors.New("no KeySchema")
	}
	if in.BillingMode == "" {
		in.BillingMode = types.BillingModePayPerRequest
	}
	if in.StreamSpecification != nil {
		// CloudFormation names only the view; the API wants it switched on.
		in.StreamSpecification.StreamEnabled = aws.Bool(true)
	}
	for _, g := range in.GlobalSecondaryIndexes {
		if g.Projection == nil {
			return nil, fmt.Errorf("index %s has no Projection", aws.ToString(g.IndexName))
		}
	}
	return &in, nil
}

// queueAttributes are the queue properties that behave locally;
// CloudFormation names them as the SQS API does. ReceiveMessageWaitTimeSeconds
// is left out on purpose: it would turn the dev server's polls into long
// polls, and the local moto serves one request at a time.
var queueAttributes = []string{"DelaySeconds", "MaximumMessageSize", "MessageRetentionPeriod", "VisibilityTimeout", "RedrivePolicy"}

func (s *Stack) provisionQueue(ctx context.Context, sq *sqs.Client, id string) error {
	if _, done := s.queues[id]; done {
		return nil
	}
	props := s.Template.Resources[id].Properties
	// A redrive policy names its dead-letter queue by ARN, so that queue
	// goes first. (cfn-lint, in make lint, rejects circular references.)
	redrive, _ := props["RedrivePolicy"].(map[string]any)
	if dlq, ok := samtemplate.RefTarget(redrive["deadLetterTargetArn"]); ok && s.Template.Resources[dlq].Type == "AWS::SQS::Queue" {
		if err := s.provisionQueue(ctx, sq, dlq); err != nil {
			return fmt.Errorf("queue %s: %w", dlq, err)
		}
	}
	p, err := s.resolved(id, queueAttributes...)
	if err != nil {
		return err
	}
	attrs := map[string]string{}
	for k, v := range p {
		if k == "RedrivePolicy" { // a JSON document in the API
			b, err := json.Marshal(v)
			if err != nil {
				return err
			}
			attrs[k] = string(b)
			continue
		}
		attrs[k] = fmt.Sprint(v)
	}
	name := aws.String(s.Name(id))
	var url *string
	created, err := sq.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: name, Attributes: attrs})
	var exists *sqstypes.QueueNameExists
	switch {
	case err == nil:
		url = created.QueueUrl
	case errors.As(err, &exists):
		// The queue is left from an earlier run, with other attributes.
		got, err := sq.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: name})
		if err != nil {
			return err
		}
		url = got.QueueUrl
		if _, err := sq.SetQueueAttributes(ctx, &sqs.SetQueueAttributesInput{QueueUrl: url, Attributes: attrs}); err != nil {
			return err
		}
	default:
		return err
	}
	got, err := sq.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{
		QueueUrl: url, AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameQueueArn},
	})
	if err != nil {
		return err
	}
	s.queues[id] = queue{url: aws.ToString(url), arn: got.Attributes[string(sqstypes.QueueAttributeNameQueueArn)]}
	return nil
}

func (s *Stack) provisionBus(ctx context.Context, eb *eventbridge.Client, id string) error {
	_, err := eb.CreateEventBus(ctx, &eventbridge.CreateEventBusInput{Name: aws.String(s.Name(id))})
	var exists *ebtypes.ResourceAlreadyExistsException
	if errors.As(err, &exists) {
		return nil
	}
	return err
}

// provisionRule puts a rule and its targets on its bus; the targets are
// queues, which receive the events that match as in AWS.
func (s *Stack) provisionRule(ctx context.Context, eb *eventbridge.Client, id string) error {
	var p struct {
		EventBusName string
		EventPattern map[string]any
		Targets      []struct{ Id, Arn string }
	}
	if err := s.decode(id, &p, "EventBusName", "EventPattern", "Targets"); err != nil {
		return err
	}
	pattern, err := json.Marshal(p.EventPattern)
	if err != nil {
		return err
	}
	name := aws.String(s.Name(id))
	if _, err := eb.PutRule(ctx, &eventbridge.PutRuleInput{Name: name, EventBusName: &p.EventBusName, EventPattern: aws.String(string(pattern))}); err != nil {
		return err
	}
	var targets []ebtypes.Target
	for _, t := range p.Targets {
		targets = append(targets, ebtypes.Target{Id: aws.String(t.Id), Arn: aws.String(t.Arn)})
	}
	_, err = eb.PutTargets(ctx, &eventbridge.PutTargetsInput{Rule: name, EventBusName: &p.EventBusName, Targets: targets})
	return err
}

func (s *Stack) provisionIdentity(ctx context.Context, c *sesv2.Client, id string) error {
	var p struct{ EmailIdentity string }
	if err := s.decode(id, &p, "EmailIdentity"); err != nil {
		return err
	}
	_, err := c.CreateEmailIdentity(ctx, &sesv2.CreateEmailIdentityInput{EmailIdentity: &p.EmailIdentity})
	var exists *sestypes.AlreadyExistsException
	if errors.As(err, &exists) {
		return nil
	}
	return err
}

// bucketProps are the bucket properties that behave locally, as
// CloudFormation names them.
type bucketProps struct {
	VersioningConfiguration *struct {
		Status s3types.BucketVersioningStatus
	}
	CorsConfiguration *struct {
		CorsRules []struct {
			AllowedHeaders, AllowedMethods []string
			AllowedOrigins, ExposedHeaders []string
			ID                             *string
			MaxAge                         *int32
		}
	}
	NotificationConfiguration *struct {
		QueueConfigurations []struct {
			Event  s3types.Event
			Queue  string
			Filter *struct {
				S3Key struct{ Rules []s3types.FilterRule }
			}
		}
	}
}

func (s *Stack) provisionBucket(ctx context.Context, c *s3.Client, region, id string) error {
	var p bucketProps
	if err := s.decode(id, &p, "VersioningConfiguration", "CorsConfiguration", "NotificationConfiguration"); err != nil {
		return err
	}
	name := aws.String(s.BucketName(id))
	in := &s3.CreateBucketInput{Bucket: name}
	if region != "us-east-1" {
		// Outside us-east-1, S3 wants the bucket's region named.
		in.CreateBucketConfiguration = &s3types.CreateBucketConfiguration{LocationConstraint: s3types.BucketLocationConstraint(region)}
	}
	if _, err := c.CreateBucket(ctx, in); err != nil {
		var owned *s3types.BucketAlreadyOwnedByYou
		if !errors.As(err, &owned) {
			return err
		}
	}
	if v := p.VersioningConfiguration; v != nil {
		if _, err := c.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{
			Bucket: name, VersioningConfiguration: &s3types.VersioningConfiguration{Status: v.Status},
		}); err != nil {
			return fmt.Errorf("versioning: %w", err)
		}
	}
	if cors := p.CorsConfiguration; cors != nil {
		var rules []s3types.CORSRule
		for _, r := range cors.CorsRules {
			rules = append(rules, s3types.CORSRule{
				AllowedHeaders: r.AllowedHeaders, AllowedMethods: r.AllowedMethods, AllowedOrigins: r.AllowedOrigins,
				ExposeHeaders: r.ExposedHeaders, ID: r.ID, MaxAgeSeconds: r.MaxAge,
			})
		}
		if _, err := c.PutBucketCors(ctx, &s3.PutBucketCorsInput{
			Bucket: name, CORSConfiguration: &s3types.CORSConfiguration{CORSRules: rules},
		}); err != nil {
			return fmt.Errorf("cors: %w", err)
		}
	}
	// Only queue notifications: the template has no topics, and functions
	// hear of objects through queues.
	if n := p.NotificationConfiguration; n != nil {
		var queues []s3types.QueueConfiguration
		for _, q := range n.QueueConfigurations {
			qc := s3types.QueueConfiguration{Events: []s3types.Event{q.Event}, QueueArn: aws.String(q.Queue)}
			if q.Filter != nil {
				qc.Filter = &s3types.NotificationConfigurationFilter{Key: &s3types.S3KeyFilter{FilterRules: q.Filter.S3Key.Rules}}
			}
			queues = append(queues, qc)
		}
		if _, err := c.PutBucketNotificationConfiguration(ctx, &s3.PutBucketNotificationConfigurationInput{
			Bucket: name, NotificationConfiguration: &s3types.NotificationConfiguration{QueueConfigurations: queues},
		}); err != nil {
			return fmt.Errorf("notifications: %w", err)
		}
	}
	return nil
}

// resolved returns the named properties of a resource, those it has, with
// their intrinsics resolved.
func (s *Stack) resolved(logicalID string, names ...string) (map[string]any, error) {
	props := s.Template.Resources[logicalID].Properties
	pick := map[string]any{}
	for _, k := range names {
		if v, ok := props[k]; ok {
			pick[k] = v
		}
	}
	r, err := s.Template.ResolveAll(pick, s.physical)
	if err != nil {
		return nil, err
	}
	return r.(map[string]any), nil
}

// decode decodes the named properties of a resource, resolved, into dst
// through JSON, whose field matching ignores case.
func (s *Stack) decode(logicalID string, dst any, names ...string) error {
	props, err := s.resolved(logicalID, names...)
	if err != nil {
		return err
	}
	b, err := json.Marshal(props)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, dst)
}

// Describe says, for a person starting make run, what runs where.
func (s *Stack) Describe() string {
	var b strings.Builder
	fmt.Fprintf(&b, "AWS endpoint %s", s.Endpoint)
	if s.moto != nil {
		b.WriteString(" (moto started by make run)")
	}
	return b.String()
}

// StreamARN is the stream of a template table, once Provision created it.
func (s *Stack) StreamARN(logicalID string) (string, error) {
	arn, ok := s.streams[logicalID]
	if !ok {
		return "", fmt.Errorf("no stream of table %s provisioned", logicalID)
	}
	return arn, nil
}
