// Package awsconfig builds the aws.Config of a function from the
// environment Lambda gives it, and nothing else.
//
// Why not config.LoadDefaultConfig: in Lambda the region and the execution
// role's credentials are always in the environment (AWS_REGION,
// AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN). The default
// loader links the SSO, STS, IMDS and shared-file providers, and runs their
// package initialisation and its file lookups on every cold start; measured
// with infra/coldstart it more than doubled a function's init time (see
// README, "Cold starts"). The clients' own defaults (standard retryer,
// buildable HTTP client, no logging) are what we want.
//
// AWS_ENDPOINT_URL points every client at moto or LocalStack; there the
// credentials may be anything, so test ones are used when none are set.
// Anywhere else, missing credentials are an error: a function fails its init
// rather than run without an identity.
package awsconfig

import (
	"errors"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
)

// Environment variables read.
const (
	EnvEndpoint = "AWS_ENDPOINT_URL"
	EnvRegion   = "AWS_REGION"
	envKey      = "AWS_ACCESS_KEY_ID"
	envSecret   = "AWS_SECRET_ACCESS_KEY"
	envToken    = "AWS_SESSION_TOKEN"
)

// localRegion is the region used against a local endpoint when none is set.
const localRegion = "eu-west-1"

// FromEnv returns the config for environment lookups (os.Getenv in Lambda).
func FromEnv(getenv func(string) string) (aws.Config, error) {
	cfg := aws.Config{Region: getenv(EnvRegion)}
	key, secret := getenv(envKey), getenv(envSecret)
	endpoint := getenv(EnvEndpoint)
	if endpoint != "" {
		cfg.BaseEndpoint = aws.String(endpoint)
		if cfg.Region == "" {
			cfg.Region = localRegion
		}
		if key == "" {
			key, secret = "test", "test"
		}
	}
	switch {
	case cfg.Region == "":
		return aws.Config{}, errors.New("awsconfig: AWS_REGION is not set")
	case key == "" || secret == "":
		return aws.Config{}, errors.New("awsconfig: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set")
	}
	cfg.Credentials = credentials.NewStaticCredentialsProvider(key, secret, getenv(envToken))
	return cfg, nil
}

// Local reports whether the config points at a local endpoint (moto or
// LocalStack), which serves S3 buckets by path only.
func Local(cfg aws.Config) bool { return cfg.BaseEndpoint != nil }
