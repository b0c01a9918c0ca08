package main

import (
	"context"

	"github.com/aws/aws-lambda-go/lambda"
)

func main() { lambda.Start(func(ctx context.Context, in map[string]any) (string, error) { return "ok", nil }) }
