// ContractsFunction: contracts, registration, plans, reports, the audit
// trail and the office's settings. DynamoDB only: what a change announces
// is written with it and delivered from the table's stream.
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
	"github.com/srmonitor/srmonitor/shared/evidence"
	"github.com/srmonitor/srmonitor/shared/httpapi"
	"github.com/srmonitor/srmonitor/shared/logs"
	"github.com/srmonitor/srmonitor/shared/metrics"
	"github.com/srmonitor/srmonitor/shared/office"
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
	}
	offices := &office.Service{Repo: store.NewOffices(db, table), Now: time.Now}
	o := httpapi.Options{Log: log, KnownMunicipality: reg.Known}
	o.Metrics = metrics.Lambda()
	lambda.Start(api.Contracts(svc, offices, document.ContractStatement, o))
}
