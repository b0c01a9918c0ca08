// ImportWorkerFunction: ImportQueue delivers the chunks of contract
// imports; each chunk's contracts are created, one transaction each, and
// its results recorded. DynamoDB only.
package main

import (
	"os"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/srmonitor/srmonitor/shared/awsconfig"
	"github.com/srmonitor/srmonitor/shared/contract"
	"github.com/srmonitor/srmonitor/shared/imports"
	"github.com/srmonitor/srmonitor/shared/jobs/importchunks"
	"github.com/srmonitor/srmonitor/shared/logs"
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
	contracts := store.NewContracts(db, table)
	svc := &imports.Service{
		Contracts: &contract.Service{Repo: contracts, Policies: policy.Default(), Now: time.Now},
		Jobs:      store.NewJobs(db, table),
		Holders:   contracts,
		Now:       time.Now,
	}
	lambda.Start(importchunks.Handler(svc, log))
}
