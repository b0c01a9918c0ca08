package awsconfig

import (
	"context"
	"testing"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestFromEnv(t *testing.T) {
	cfg, err := FromEnv(env(map[string]string{"AWS_REGION": "eu-central-1", "AWS_ACCESS_KEY_ID": "AKIA", "AWS_SECRET_ACCESS_KEY": "s", "AWS_SESSION_TOKEN": "tok"}))
	if err != nil {
		t.Fatal(err)
	}
	creds, err := cfg.Credentials.Retrieve(context.Background())
	if err != nil || creds.AccessKeyID != "AKIA" || creds.SessionToken != "tok" || cfg.Region != "eu-central-1" || Local(cfg) {
		t.Fatalf("config %+v creds %+v %v", cfg, creds, err)
	}

	local, err := FromEnv(env(map[string]string{"AWS_ENDPOINT_URL": "http://127.0.0.1:5000"}))
	if err != nil || !Local(local) || local.Region != "eu-west-1" || *local.BaseEndpoint != "http://127.0.0.1:5000" {
		t.Fatalf("local: %+v %v", local, err)
	}

	// Fail closed: no identity, no function.
	for _, m := range []map[string]string{
		{"AWS_ACCESS_KEY_ID": "AKIA", "AWS_SECRET_ACCESS_KEY": "s"},
		{"AWS_REGION": "eu-west-1"},
		{"AWS_REGION": "eu-west-1", "AWS_ACCESS_KEY_ID": "AKIA"},
	} {
		if _, err := FromEnv(env(m)); err == nil {
			t.Errorf("%v: accepted", m)
		}
	}
}
