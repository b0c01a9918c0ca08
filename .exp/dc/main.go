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
	"context"
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
	_ = metrics.Lambda; lambda.Start(func(ctx context.Context, in map[string]any) (contract.CheckSummary, error) { return svc.CheckDeadlines(ctx, time.Now()) })
}
