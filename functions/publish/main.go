// PublishFunction: the table's stream delivers the notices written with
// each change; each becomes an event on the stack's EventBridge bus.
// EventBridge only (the stream is read by Lambda's event source mapping).
package main

import (
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"

	"github.com/srmonitor/srmonitor/shared/awsconfig"
	"github.com/srmonitor/srmonitor/shared/eventbus"
	"github.com/srmonitor/srmonitor/shared/jobs/publish"
	"github.com/srmonitor/srmonitor/shared/logs"
	"github.com/srmonitor/srmonitor/shared/metrics"
)

func main() {
	log := logs.New(os.Stdout)
	cfg, err := awsconfig.FromEnv(os.Getenv)
	if err != nil {
		logs.Fatal(log, err)
	}
	bus := &eventbus.Bus{Client: eventbridge.NewFromConfig(cfg), Name: os.Getenv("EVENT_BUS_NAME")}
	lambda.Start(publish.Handler(bus, log, metrics.Lambda()))
}
