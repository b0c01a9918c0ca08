package samtemplate

import (
	"os"
	"testing"
)

func TestRepositoryTemplate(t *testing.T) {
	tmpl, err := LoadNearest(".")
	if err != nil {
		t.Fatal(err)
	}
	fns := tmpl.Functions()
	if len(fns) == 0 {
		t.Fatal("no functions in template.yaml")
	}
	seen := map[string]string{}
	for _, f := range fns {
		if f.Env["LOG_LEVEL"] == nil {
			t.Errorf("%s: global LOG_LEVEL not merged into its environment", f.LogicalID)
		}
		for _, r := range f.Routes {
			if other, dup := seen[r.Key()]; dup {
				t.Errorf("route %s declared by %s and %s", r.Key(), other, f.LogicalID)
			}
			seen[r.Key()] = f.LogicalID
		}
	}
	if len(tmpl.OfType("AWS::DynamoDB::Table")) == 0 {
		t.Error("no table in template.yaml")
	}
}

func TestIntrinsics(t *testing.T) {
	tmpl, err := Parse([]byte(`
Parameters:
  Stage: {Type: String, Default: dev}
Globals:
  Function:
    Environment:
      Variables: {A: one, B: global}
Resources:
  Q: {Type: AWS::SQS::Queue}
  F:
    Type: AWS::Serverless::Function
    Properties:
      Environment:
        Variables:
          B: !Ref Stage
          QUEUE_ARN: !GetAtt Q.Arn
      Events:
        E: {Type: SQS, Properties: {Queue: !GetAtt Q.Arn}}
        H: {Type: HttpApi, Properties: {Method: get, Path: "/x/{id}"}}
`))
	if err != nil {
		t.Fatal(err)
	}
	f := tmpl.Functions()[0]
	phys := func(id, attr string) (string, error) { return id + "/" + attr, nil }
	for name, want := range map[string]string{"A": "one", "B": "dev", "QUEUE_ARN": "Q/Arn"} {
		got, err := tmpl.Resolve(f.Env[name], phys)
		if err != nil || got != want {
			t.Errorf("%s = %q, %v; want %q", name, got, err, want)
		}
	}
	if len(f.Queues) != 1 || f.Queues[0] != "Q" {
		t.Errorf("queues = %v", f.Queues)
	}
	if len(f.Routes) != 1 || f.Routes[0].Key() != "GET /x/{id}" {
		t.Errorf("routes = %v", f.Routes)
	}
}

func TestFindFails(t *testing.T) {
	if _, err := Find(os.TempDir()); err == nil {
		t.Error("found a template.yaml above the temp dir")
	}
}
