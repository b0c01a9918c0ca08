// Command bare is the Go floor of a cold start: aws-lambda-go and a handler
// that does nothing, built like every function. It lives under testdata so
// that go build ./... and go vet ./... leave it out; the coldstart tool
// builds it by its directory.
package main

import (
	"context"
	"encoding/json"

	"github.com/aws/aws-lambda-go/lambda"
)

func main() {
	lambda.Start(func(ctx context.Context, in json.RawMessage) (string, error) { return "ok", nil })
}
