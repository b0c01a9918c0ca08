// ImportFunction: contracts imported from CSV (a dry run answered at once,
// an import stored in chunks and queued for ImportWorkerFunction) and the
// jobs' progress, and report lines imported from CSV. DynamoDB and SQS
// (sending to ImportQueue).
package main

import (
	"os"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/srmonitor/srmonitor/shared/api"
	"github.com/srmonitor/srmonitor/shared/awsconfig"
	"github.com/srmonitor/srmonitor/shared/contract"
	"github.com/srmonitor/srmonitor/shared/httpapi"
	"github.com/srmonitor/srmonitor/shared/imports"
	"github.com/srmonitor/srmonitor/shared/logs"
	"github.com/srmonitor/srmonitor/shared/policy"
	"github.com/srmonitor/srmonitor/shared/queue"
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
	contracts := store.NewContracts(db, table)
	svc := &imports.Service{
		Contracts: &contract.Service{Repo: contracts, Policies: reg, Now: time.Now},
		Jobs:      store.NewJobs(db, table),
		Holders:   contracts,
		Queue:     &queue.Chunks{Client: sqs.NewFromConfig(cfg), Name: os.Getenv("IMPORT_QUEUE_NAME")},
		Now:       time.Now,
	}
	lambda.Start(api.Imports(svc, httpapi.Options{Log: log, KnownMunicipality: reg.Known}))
}
