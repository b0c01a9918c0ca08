package store_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/srmonitor/srmonitor/infra/localstack"
	"github.com/srmonitor/srmonitor/infra/samtemplate"
	"github.com/srmonitor/srmonitor/shared/civil"
	"github.com/srmonitor/srmonitor/shared/contract"
	"github.com/srmonitor/srmonitor/shared/evidence"
	"github.com/srmonitor/srmonitor/shared/logs"
	"github.com/srmonitor/srmonitor/shared/store"
	"github.com/srmonitor/srmonitor/shared/store/storetest"
)

func TestMain(m *testing.M) { os.Exit(localstack.RunTests(m)) }

func TestContractsSuite(t *testing.T) {
	storetest.Contracts(t, func(t *testing.T) contract.Repository {
		env := localstack.ForTest(t)
		return store.NewContracts(dynamodb.NewFromConfig(env.Config), env.Table)
	})
}

func TestEvidenceSuite(t *testing.T) {
	storetest.Evidence(t, func(t *testing.T) evidence.Repository {
		env := localstack.ForTest(t)
		return store.NewEvidence(dynamodb.NewFromConfig(env.Config), env.Table)
	})
}

func s(v string) types.AttributeValue { return &types.AttributeValueMemberS{Value: v} }

// One record that cannot be decoded (corruption, a format this code does
// not know) harms nothing else: lists skip it, the deadline index reports
// it, and reading it is an error of its own.
func TestUnreadableRecordHarmsNothingElse(t *testing.T) {
	var logged bytes.Buffer
	ctx := logs.Into(context.Background(), logs.New(&logged))
	env := localstack.ForTest(t)
	db := dynamodb.NewFromConfig(env.Config)
	r := store.NewContracts(db, env.Table)
	good := storetest.Sample("c_good", "utrecht", "G", "12345678", storetest.T0)
	if err := r.Create(ctx, good, contract.Write{Event: storetest.Event(good, "contract_created")}); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []map[string]types.AttributeValue{
		{"pk": s("C#c_bad1"), "sk": s("C"), "gsi1pk": s("M#utrecht"), "gsi1sk": s("2026-03-02T09:00:00Z#c_bad1"),
			"gsi2pk": s("K#12345678"), "gsi2sk": s("2026-03-02T09:00:00Z#c_bad1"), "gsi3pk": s("DUE"), "gsi3sk": s("2026-03-01#c_bad1"),
			"format": &types.AttributeValueMemberN{Value: "1"}, "id": s("c_bad1"), "awarded_on": s("the second of March"),
			"obligation": &types.AttributeValueMemberM{Value: map[string]types.AttributeValue{}}},
		{"pk": s("C#c_bad2"), "sk": s("C"), "gsi1pk": s("M#utrecht"), "gsi1sk": s("2026-03-02T10:00:00Z#c_bad2"),
			"gsi2pk": s("K#12345678"), "gsi2sk": s("2026-03-02T10:00:00Z#c_bad2"), "gsi3pk": s("DUE"), "gsi3sk": s("2026-03-01#c_bad2"),
			"format": &types.AttributeValueMemberN{Value: "99"}, "id": s("c_bad2")},
		{"pk": s("C#c_bad3"), "sk": s("C"), "gsi1pk": s("M#utrecht"), "gsi1sk": s("2026-03-02T11:00:00Z#c_bad3"),
			"gsi2pk": s("K#12345678"), "gsi2sk": s("2026-03-02T11:00:00Z#c_bad3"), "version": s("not a number")},
	} {
		if _, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: &env.Table, Item: bad}); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range []contract.Query{{Municipality: "utrecht", Limit: 50}, {KvK: "12345678", Limit: 50}, {Municipality: "utrecht", Limit: 1}} {
		got, _, err := r.List(ctx, q)
		if err != nil || len(got) != 1 || got[0].ID != "c_good" {
			t.Fatalf("list %+v: %+v %v", q, got, err)
		}
	}
	if _, err := r.Get(ctx, "c_bad1"); !errors.Is(err, contract.ErrUnreadable) {
		t.Fatalf("get: %v", err)
	}
	due, err := r.Due(ctx, civil.MustParse("2026-03-10"))
	if err != nil || len(due.Contracts) != 1 || due.Contracts[0].ID != "c_good" || len(due.Unreadable) != 2 {
		t.Fatalf("due: %+v %v", due, err)
	}
	// Each skip is logged with its key, as the message the metric counts.
	for _, pk := range []string{"C#c_bad1", "C#c_bad2", "C#c_bad3"} {
		if !strings.Contains(logged.String(), `"msg":"`+store.UnreadableMessage+`","pk":"`+pk+`"`) {
			t.Errorf("no log line for %s:\n%s", pk, logged.String())
		}
	}
}

// Every function that links the store (reads the table or its stream)
// counts its unreadable records: its log group has a metric filter on
// UnreadableMessage.
func TestUnreadableRecordsAreCountedInEveryFunctionThatReads(t *testing.T) {
	tpl, err := samtemplate.LoadNearest(".")
	if err != nil {
		t.Fatal(err)
	}
	counted := map[string]bool{}
	for _, r := range tpl.Resources {
		if r.Type != "AWS::Logs::MetricFilter" || !strings.Contains(fmt.Sprint(r.Properties["FilterPattern"]), `"`+store.UnreadableMessage+`"`) {
			continue
		}
		group, _ := r.Properties["LogGroupName"].(map[string]any)
		counted[strings.TrimSuffix(fmt.Sprint(group["Ref"]), "Logs")] = true
	}
	out, err := exec.Command("go", "list", "-f", `{{.Dir}} {{join .Deps " "}}`, filepath.Join(tpl.Dir, "functions", "...")).Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		dir, deps, _ := strings.Cut(line, " ")
		name := filepath.Base(dir)
		uses := strings.Contains(" "+deps+" ", " github.com/srmonitor/srmonitor/shared/store ")
		found := false
		for _, f := range tpl.Functions() {
			if strings.EqualFold(f.LogicalID, name+"Function") {
				found = true
				if uses != counted[f.LogicalID] {
					t.Errorf("%s: links the store %v, its unreadable records counted %v", f.LogicalID, uses, counted[f.LogicalID])
				}
			}
		}
		if !found {
			t.Errorf("functions/%s is no function of template.yaml", name)
		}
	}
}
