package samtemplate

import (
	"os"
	"reflect"
	"slices"
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
		for _, q := range f.Queues {
			if tmpl.Resources[q.Queue].Type != "AWS::SQS::Queue" {
				t.Errorf("%s: SQS event on %s, which is no AWS::SQS::Queue", f.LogicalID, q.Queue)
			}
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
  Origins: {Type: CommaDelimitedList, Default: "https://a.example, https://b.example"}
Globals:
  Function:
    Environment:
      Variables: {A: one, B: global}
Resources:
  Q: {Type: AWS::SQS::Queue, Properties: {VisibilityTimeout: 60, FifoQueue: false, QueueName: "007"}}
  R: {Type: AWS::SQS::Queue}
  F:
    Type: AWS::Serverless::Function
    Properties:
      Environment:
        Variables:
          B: !Ref Stage
          QUEUE_ARN: !GetAtt Q.Arn
      Events:
        E: {Type: SQS, Properties: {Queue: !GetAtt Q.Arn}}
        S: {Type: SQS, Properties: {Queue: !GetAtt R.Arn, BatchSize: 5, FunctionResponseTypes: [ReportBatchItemFailures]}}
        H: {Type: HttpApi, Properties: {Method: get, Path: "/x/{id}"}}
`))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := tmpl.Resources["Q"].Properties, map[string]any{"VisibilityTimeout": 60, "FifoQueue": false, "QueueName": "007"}; !reflect.DeepEqual(got, want) {
		t.Errorf("scalars %#v, want their YAML types %#v", got, want)
	}
	f := tmpl.Functions()[0]
	phys := func(id, attr string) (string, error) { return id + "/" + attr, nil }
	for name, want := range map[string]string{"A": "one", "B": "dev", "QUEUE_ARN": "Q/Arn"} {
		got, err := tmpl.Resolve(f.Env[name], phys)
		if err != nil || got != want {
			t.Errorf("%s = %q, %v; want %q", name, got, err, want)
		}
	}
	wantQueues := []QueueEvent{{Queue: "Q", BatchSize: 10}, {Queue: "R", BatchSize: 5, ReportBatchItemFailures: true}}
	if !slices.Equal(f.Queues, wantQueues) {
		t.Errorf("queues = %v, want %v", f.Queues, wantQueues)
	}
	props, err := tmpl.ResolveAll(map[string]any{
		"Origins": map[string]any{"Ref": "Origins"},
		"Rules":   []any{map[string]any{"Queue": map[string]any{"Fn::GetAtt": []any{"Q", "Arn"}}, "Stage": map[string]any{"Ref": "Stage"}}},
	}, phys)
	wantProps := map[string]any{
		"Origins": []any{"https://a.example", "https://b.example"},
		"Rules":   []any{map[string]any{"Queue": "Q/Arn", "Stage": "dev"}},
	}
	if err != nil || !reflect.DeepEqual(props, wantProps) {
		t.Errorf("ResolveAll = %v, %v; want %v", props, err, wantProps)
	}
	if _, err := tmpl.ResolveAll(map[string]any{"Name": map[string]any{"Fn::Sub": "x-${AWS::StackId}"}}, phys); err == nil {
		t.Error("ResolveAll resolved a Fn::Sub it cannot evaluate locally")
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
