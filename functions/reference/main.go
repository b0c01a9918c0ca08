// ReferenceFunction: municipal policies and building-block catalogs. A pure
// computation over data compiled in: no AWS client, no permissions.
package main

import (
	"os"
	"time"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/srmonitor/srmonitor/shared/api/referenceapi"
	"github.com/srmonitor/srmonitor/shared/httpapi"
	"github.com/srmonitor/srmonitor/shared/logs"
	"github.com/srmonitor/srmonitor/shared/metrics"
	"github.com/srmonitor/srmonitor/shared/policy"
)

func main() {
	reg := policy.Default()
	o := httpapi.Options{Log: logs.New(os.Stdout), KnownMunicipality: reg.Known}
	o.Metrics = metrics.Lambda()
	lambda.Start(referenceapi.Reference(reg, time.Now, o))
}
