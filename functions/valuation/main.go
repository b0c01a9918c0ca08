// ValuationFunction: values a social return plan against its obligation. A
// pure computation over data compiled in: no AWS client, no permissions.
package main

import (
	"os"
	"time"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/srmonitor/srmonitor/shared/api/valuationapi"
	"github.com/srmonitor/srmonitor/shared/httpapi"
	"github.com/srmonitor/srmonitor/shared/logs"
	"github.com/srmonitor/srmonitor/shared/metrics"
	"github.com/srmonitor/srmonitor/shared/policy"
)

func main() {
	reg := policy.Default()
	o := httpapi.Options{Log: logs.New(os.Stdout), KnownMunicipality: reg.Known}
	o.Metrics = metrics.Lambda()
	lambda.Start(valuationapi.Valuation(reg, time.Now, o))
}
