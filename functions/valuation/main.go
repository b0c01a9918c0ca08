// ValuationFunction: values a social return plan against its obligation.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"github.com/srmonitor/srmonitor/shared/api"
	"github.com/srmonitor/srmonitor/shared/app"
)

func main() { lambda.Start(api.Valuation(app.MustLoad())) }
