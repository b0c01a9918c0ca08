// ContractsFunction: contracts, registration, plans, reports and the audit
// trail. DynamoDB (the table) and EventBridge (flags resolved by a change).
package main

import (
	"os"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"

	"github.com/srmonitor/srmonitor/shared/api"
	"github.com/srmonitor/srmonitor/shared/awsconfig"
	"github.com/srmonitor/srmonitor/shared/contract"
	"github.com/srmonitor/srmonitor/shared/events"
	"github.com/srmonitor/srmonitor/shared/evidence"
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
	reg := policy.Default()
	svc := &contract.Service{
		Repo:     store.NewContracts(db, table),
		Evidence: evidence.Index{Repo: store.NewEvidence(db, table), Now: time.Now},
		Policies: reg,
		Now:      time.Now,
		Events:   &events.EventBridge{Client: eventbridge.NewFromConfig(cfg), Bus: os.Getenv("EVENT_BUS_NAME")},
	}
	lambda.Start(api.Contracts(svc, api.Options(reg, log)))
}
