// DeadlineCheckFunction: daily, flags every deadline that passed unmet and
// sends the reminders of those ahead. DynamoDB only: the deadline index,
// the contracts, and the notices written with each change.
package main

import (
	"os"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/srmonitor/srmonitor/shared/awsconfig"
	"github.com/srmonitor/srmonitor/shared/contract"
	"github.com/srmonitor/srmonitor/shared/jobs/deadlinecheck"
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
	svc := &contract.Service{Repo: store.NewContracts(dynamodb.NewFromConfig(cfg), os.Getenv("TABLE_NAME")), Policies: policy.Default(), Now: time.Now}
	lambda.Start(deadlinecheck.Handler(svc, time.Now, log, metrics.Lambda()))
}
