// FlagsFunction: deadline flags and decisions on fines. DynamoDB only.
package main

import (
	"os"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/srmonitor/srmonitor/shared/api"
	"github.com/srmonitor/srmonitor/shared/awsconfig"
	"github.com/srmonitor/srmonitor/shared/contract"
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
	reg := policy.Default()
	svc := &contract.Service{Repo: store.NewContracts(dynamodb.NewFromConfig(cfg), os.Getenv("TABLE_NAME")), Policies: reg, Now: time.Now}
	o := httpapi.Options{Log: log, KnownMunicipality: reg.Known}
	o.Metrics = metrics.Lambda()
	lambda.Start(api.Flags(svc, o))
}
