// Package app builds what every function needs once per container: the AWS
// clients, resource names from the environment template.yaml sets, the
// policies, a logger and the clock. main.go and the dev server both use it,
// so a function runs the same in Lambda, on moto and on LocalStack.
package app

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/srmonitor/srmonitor/shared/logs"
	"github.com/srmonitor/srmonitor/shared/policy"
)

// Environment variable names; template.yaml sets them on each function.
const (
	EnvEndpoint = "AWS_ENDPOINT_URL"
	EnvRegion   = "AWS_REGION"
	EnvTable    = "TABLE_NAME"
	EnvEventBus = "EVENT_BUS_NAME"
	EnvEvidence = "EVIDENCE_BUCKET"
)

// Deps is a function's dependencies.
type Deps struct {
	AWS       aws.Config
	DynamoDB  *dynamodb.Client
	S3        *s3.Client
	Events    *eventbridge.Client
	TableName string
	EventBus  string
	// EvidenceBucket holds the evidence files.
	EvidenceBucket string
	Policies       *policy.Registry
	Log            *slog.Logger
	Now            func() time.Time
}

// Load builds Deps from environment lookups (os.Getenv in Lambda).
func Load(ctx context.Context, getenv func(string) string) (*Deps, error) {
	endpoint := getenv(EnvEndpoint)
	opts := []func(*config.LoadOptions) error{}
	if r := getenv(EnvRegion); r != "" {
		opts = append(opts, config.WithRegion(r))
	}
	if endpoint != "" {
		// A local endpoint (moto, LocalStack) takes any credentials; do not
		// let the default chain wait on an instance metadata service.
		opts = append(opts, config.WithBaseEndpoint(endpoint))
		if getenv("AWS_ACCESS_KEY_ID") == "" {
			opts = append(opts, config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider("test", "test", "")))
		}
		if getenv(EnvRegion) == "" {
			opts = append(opts, config.WithRegion("eu-west-1"))
		}
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("aws config: %w", err)
	}
	return &Deps{
		AWS:      cfg,
		DynamoDB: dynamodb.NewFromConfig(cfg),
		S3: s3.NewFromConfig(cfg, func(o *s3.Options) {
			// Emulators serve buckets by path; virtual hosts under
			// localhost or 127.0.0.1 do not resolve.
			o.UsePathStyle = endpoint != ""
			// The verify function hashes what it reads itself; the SDK's
			// note that an object has no stored checksum is noise.
			o.DisableLogOutputChecksumValidationSkipped = true
		}),
		Events:         eventbridge.NewFromConfig(cfg),
		TableName:      getenv(EnvTable),
		EventBus:       getenv(EnvEventBus),
		EvidenceBucket: getenv(EnvEvidence),
		Policies:       policy.Default(),
		Log:            logs.New(os.Stdout),
		Now:            time.Now,
	}, nil
}

// MustLoad is Load for main: a function that cannot build its clients
// cannot serve, and Lambda reports the init error.
func MustLoad() *Deps {
	d, err := Load(context.Background(), os.Getenv)
	if err != nil {
		slog.Error("init failed", "error", err.Error())
		os.Exit(1)
	}
	return d
}
