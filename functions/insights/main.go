// InsightsFunction: the dashboard, the to-do list and the council report
// (JSON, CSV or PDF). It only reads DynamoDB: the caller's contracts and,
// for the council report, their accepted reports.
package main

import (
	"os"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/srmonitor/srmonitor/shared/api"
	"github.com/srmonitor/srmonitor/shared/awsconfig"
	"github.com/srmonitor/srmonitor/shared/contract"
	"github.com/srmonitor/srmonitor/shared/document"
	"github.com/srmonitor/srmonitor/shared/httpapi"
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
	reg := policy.Default()
	contracts := store.NewContracts(dynamodb.NewFromConfig(cfg), os.Getenv("TABLE_NAME"))
	svc := &contract.Service{Repo: contracts, Policies: reg, Now: time.Now}
	lambda.Start(api.Insight(svc, contracts, document.CouncilReport, httpapi.Options{Log: log, KnownMunicipality: reg.Known}))
}
