// EvidenceVerifyFunction: checks each uploaded evidence object (size,
// checksum, type, no BSN) and marks it verified or rejected. DynamoDB (the
// records) and S3 (reading and tagging objects).
package main

import (
	"os"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/srmonitor/srmonitor/shared/awsconfig"
	"github.com/srmonitor/srmonitor/shared/bucket"
	"github.com/srmonitor/srmonitor/shared/evidence"
	"github.com/srmonitor/srmonitor/shared/inspect"
	"github.com/srmonitor/srmonitor/shared/jobs/verify"
	"github.com/srmonitor/srmonitor/shared/logs"
	"github.com/srmonitor/srmonitor/shared/metrics"
	"github.com/srmonitor/srmonitor/shared/store"
)

func main() {
	log := logs.New(os.Stdout)
	cfg, err := awsconfig.FromEnv(os.Getenv)
	if err != nil {
		logs.Fatal(log, err)
	}
	name := os.Getenv("EVIDENCE_BUCKET")
	svc := &evidence.Service{
		Repo:    store.NewEvidence(dynamodb.NewFromConfig(cfg), os.Getenv("TABLE_NAME")),
		Storage: bucket.New(bucket.NewClient(cfg), name),
		Now:     time.Now,
		Inspect: inspect.Check,
	}
	lambda.Start(verify.Handler(svc, name, log, metrics.Lambda()))
}
