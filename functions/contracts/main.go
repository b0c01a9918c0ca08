// ContractsFunction: contracts, registration, the plan and the audit trail.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"github.com/srmonitor/srmonitor/shared/api"
	"github.com/srmonitor/srmonitor/shared/app"
)

func main() { lambda.Start(api.Contracts(app.MustLoad())) }
