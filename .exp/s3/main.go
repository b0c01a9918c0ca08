package main

import (
	"context"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/srmonitor/srmonitor/shared/awsconfig"
)

func main() {
	cfg, _ := awsconfig.FromEnv(os.Getenv)
	db := dynamodb.NewFromConfig(cfg)
	sc := s3.NewFromConfig(cfg)
	lambda.Start(func(ctx context.Context, in map[string]any) (string, error) {
		_, err := db.ListTables(ctx, nil)
		_, _ = sc.GetObject(ctx, nil)
		_, _ = s3.NewPresignClient(sc).PresignPutObject(ctx, nil)
		return "ok", err
	})
}
