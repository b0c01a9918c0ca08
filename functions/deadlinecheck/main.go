// DeadlineCheckFunction: daily, flags every deadline that passed unmet.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"github.com/srmonitor/srmonitor/shared/api"
	"github.com/srmonitor/srmonitor/shared/app"
)

func main() { lambda.Start(api.DeadlineCheck(app.MustLoad())) }
