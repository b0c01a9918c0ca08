// EvidenceVerifyFunction: checks each uploaded evidence object (size,
// checksum, type, no BSN) and marks it verified or rejected.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"github.com/srmonitor/srmonitor/shared/api"
	"github.com/srmonitor/srmonitor/shared/app"
)

func main() { lambda.Start(api.VerifyEvidence(app.MustLoad())) }
