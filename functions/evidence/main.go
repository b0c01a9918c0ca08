// EvidenceFunction: evidence records, presigned uploads and downloads.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"github.com/srmonitor/srmonitor/shared/api"
	"github.com/srmonitor/srmonitor/shared/app"
)

func main() { lambda.Start(api.Evidence(app.MustLoad())) }
