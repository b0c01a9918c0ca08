// EvidenceFunction: evidence records, presigned uploads and downloads.
// DynamoDB (records and the contracts they belong to) and S3 (presigning).
package main

import (
	"os"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/srmonitor/srmonitor/shared/api"
	"github.com/srmonitor/srmonitor/shared/awsconfig"
	"github.com/srmonitor/srmonitor/shared/bucket"
	"github.com/srmonitor/srmonitor/shared/contract"
	"github.com/srmonitor/srmonitor/shared/evidence"
	"github.com/srmonitor/srmonitor/shared/httpapi"
	"github.com/srmonitor/srmonitor/shared/logs"
	"github.com/srmonitor/srmonitor/shared/metrics"
	"github.com/srmonitor/srmonitor/shared/policy"
	"github.com/srmonitor/srmonitor/shared/store"
)

func main() {
	log := logs.New(os.Stdout)
	cfg, err := awsconfig.FromEnv(os.Getenv)
	if err != nil {
		logs.Fatal(log, err)
	}
	db, table := dynamodb.NewFromConfig(cfg), os.Getenv("TABLE_NAME")
	reg := policy.Default()
	svc := &evidence.Service{
		Repo:      store.NewEvidence(db, table),
		Storage:   bucket.New(bucket.NewClient(cfg), os.Getenv("EVIDENCE_BUCKET")),
		Contracts: &contract.Service{Repo: store.NewContracts(db, table), Policies: reg, Now: time.Now},
		Now:       time.Now,
	}
	o := httpapi.Options{Log: log, KnownMunicipality: reg.Known}
	o.Metrics = metrics.Lambda()
	lambda.Start(api.Evidence(svc, o))
}
