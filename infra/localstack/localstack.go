// Package localstack runs the system's AWS resources locally: it starts
// moto on a free loopback port (unless AWS_ENDPOINT_URL already points
// at moto or LocalStack) and creates the tables, buckets and queues exactly as
// template.yaml declares them. make run and the tests use the same code.
package localstack

import (
	"bufio"
	"context"
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

	"github.com/srmonitor/srmonitor/infra/samtemplate"
	"github.com/srmonitor/srmonitor/shared/app"
)

// Stack is a local endpoint with the template's resources on it.
type Stack struct {
	Endpoint string
	Template *samtemplate.Template
	// Prefix makes physical names unique, so test runs get fresh resources.
	Prefix string
	moto   *exec.Cmd
}

// Start connects to AWS_ENDPOINT_URL, or starts moto when it is unset,
// and loads the repository's template.yaml.
func Start(ctx context.Context, prefix string) (*Stack, error) {
	tmpl, err := samtemplate.LoadNearest(".")
	if err != nil {
		return nil, err
	}
	s := &Stack{Endpoint: os.Getenv(app.EnvEndpoint), Template: tmpl, Prefix: prefix}
	if s.Endpoint == "" {
		if s.Endpoint, s.moto, err = startMoto(ctx); err != nil {
			return nil, err
		}
	}
	return s, nil
}

var listening = regexp.MustCompile(`Running on (http://[0-9.]+:[0-9]+)`)

// serialMoto is moto_server serving one request at a time. moto_server
// itself is threaded, and moto's TransactWriteItems restores a snapshot of
// the whole table when a transaction fails, wiping a concurrent transaction
// that succeeded. One request at a time gives each transaction the
// isolation DynamoDB gives it, so the concurrency tests test our code.
const serialMoto = `
from werkzeug.serving import run_simple
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
run_simple("127.0.0.1", 0, DomainDispatcherApplication(create_backend_app), threaded=False)
`

func startMoto(ctx context.Context) (string, *exec.Cmd, error) {
	cmd := exec.Command("python3", "-c", serialMoto)
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

// Getenv returns an environment lookup for the functions: the process
// environment, overlaid with AWS_ENDPOINT_URL and every variable the
// template sets on its functions, resolved to local names.
func (s *Stack) Getenv() (func(string) string, error) {
	env := map[string]string{app.EnvEndpoint: s.Endpoint}
	for _, f := range s.Template.Functions() {
		for k, v := range f.Env {
			val, err := s.Template.Resolve(v, s.physical)
			if err != nil {
				return nil, fmt.Errorf("%s %s: %w", f.LogicalID, k, err)
			}
			if prev, ok := env[k]; ok && prev != val && k != app.EnvEndpoint {
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

func (s *Stack) physical(logicalID, attr string) (string, error) {
	r, ok := s.Template.Resources[logicalID]
	if !ok {
		return "", fmt.Errorf("no resource %s", logicalID)
	}
	if attr == "" && r.Type == "AWS::DynamoDB::Table" {
		return s.Name(logicalID), nil
	}
	return "", fmt.Errorf("cannot resolve %s.%s of type %s locally", logicalID, attr, r.Type)
}

// Provision creates every table of the template. It is idempotent, so
// make run can be restarted against a running LocalStack.
func (s *Stack) Provision(ctx context.Context, cfg aws.Config) error {
	db := dynamodb.NewFromConfig(cfg)
	for _, id := range s.Template.OfType("AWS::DynamoDB::Table") {
		in, err := createTableInput(s.Template.Resources[id].Properties)
		if err != nil {
			return fmt.Errorf("table %s: %w", id, err)
		}
		in.TableName = aws.String(s.Name(id))
		if _, err := db.CreateTable(ctx, in); err != nil {
			var inUse *types.ResourceInUseException
			if !errors.As(err, &inUse) {
				return fmt.Errorf("create table %s: %w", id, err)
			}
		}
	}
	return nil
}

// createTableInput maps CloudFormation table properties onto the API's
// input; the property names are the API's, so JSON carries them across.
func createTableInput(props map[string]any) (*dynamodb.CreateTableInput, error) {
	var in dynamodb.CreateTableInput
	pick := map[string]any{}
	for _, k := range []string{"AttributeDefinitions", "KeySchema", "GlobalSecondaryIndexes", "BillingMode"} {
		if v, ok := props[k]; ok {
			pick[k] = v
		}
	}
	b, err := json.Marshal(pick)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(b, &in); err != nil {
		return nil, err
	}
	if len(in.KeySchema) == 0 {
		return nil, errors.New("no KeySchema")
	}
	if in.BillingMode == "" {
		in.BillingMode = types.BillingModePayPerRequest
	}
	for _, g := range in.GlobalSecondaryIndexes {
		if g.Projection == nil {
			return nil, fmt.Errorf("index %s has no Projection", aws.ToString(g.IndexName))
		}
	}
	return &in, nil
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
