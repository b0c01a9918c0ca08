package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/srmonitor/srmonitor/infra/localstack"
	"github.com/srmonitor/srmonitor/shared/api"
	"github.com/srmonitor/srmonitor/shared/auth"
	"github.com/srmonitor/srmonitor/shared/civil"
	"github.com/srmonitor/srmonitor/shared/contract"
	"github.com/srmonitor/srmonitor/shared/store"
)

// memRepo captures the contract the service creates, as a template to copy.
type memRepo struct {
	contract.Repository
	last *contract.Contract
}

func (m *memRepo) Create(_ context.Context, c *contract.Contract, _ contract.Event) error {
	m.last = c
	return nil
}

// The deadline check reads only what is due: with 2,000 contracts of which
// 2% have a passed deadline, it reads two items per flag raised (the index
// entry and the contract) and none of the other 1,960 contracts.
func TestDeadlineCheckReadsOnlyWhatIsDue(t *testing.T) {
	ctx := context.Background()
	d := localstack.ForTest(t)
	d.Now = func() time.Time { return time.Date(2026, 3, 2, 9, 0, 0, 0, civil.Amsterdam) }
	repo := &store.Contracts{DB: d.DynamoDB, Table: d.TableName}
	mem := &memRepo{}
	svc := &contract.Service{Repo: mem, Policies: d.Policies, Now: d.Now}
	mun := auth.Principal{Subject: "u", Role: auth.Municipality, Orgs: []string{"utrecht"}}
	value := int64(50_000_000)
	template := func(awarded, starts string) contract.Contract {
		a, s, e := civil.MustParse(awarded), civil.MustParse(starts), civil.MustParse("2027-06-30")
		if _, err := svc.Create(ctx, mun, contract.CreateInput{Reference: "T", Title: "t", ContractorKvK: "12345678",
			ContractorName: "n", ValueCents: &value, AwardedOn: &a, StartsOn: &s, EndsOn: &e}); err != nil {
			t.Fatal(err)
		}
		return *mem.last
	}
	overdue, later := template("2026-03-02", "2026-04-01"), template("2026-06-01", "2026-07-01")

	var batch []types.WriteRequest
	for i := range 2000 {
		c := later
		if i%50 == 0 { // 40 of 2,000: registration due 2026-03-09
			c = overdue
		}
		c.ID, c.Reference = fmt.Sprintf("c_%04d", i), fmt.Sprintf("R-%04d", i)
		item, err := store.ContractItem(repo, &c)
		if err != nil {
			t.Fatal(err)
		}
		batch = append(batch, types.WriteRequest{PutRequest: &types.PutRequest{Item: item}})
		if len(batch) == 25 {
			if _, err := d.DynamoDB.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{d.TableName: batch}}); err != nil {
				t.Fatal(err)
			}
			batch = nil
		}
	}

	check := api.DeadlineCheck(d)
	sum, err := check(ctx, api.CheckInput{AsOf: "2026-03-10T06:00:00+01:00"})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Checked != 40 || sum.Raised != 40 || sum.ByKind[contract.RegistrationOverdue] != 40 {
		t.Fatalf("summary: %+v", sum)
	}
	perFlag := float64(sum.ItemsRead) / float64(sum.Raised)
	t.Logf("2,000 contracts, %d due: %d items read for %d flags = %.2f items per flag", sum.Checked, sum.ItemsRead, sum.Raised, perFlag)
	if perFlag > 2 {
		t.Errorf("%.2f items read per flag, want at most 2", perFlag)
	}
	// Flagged contracts leave the index until their next deadline.
	again, err := check(ctx, api.CheckInput{AsOf: "2026-03-10T07:00:00+01:00"})
	if err != nil || again.Raised != 0 || again.ItemsRead != 0 {
		t.Fatalf("second run: %+v %v", again, err)
	}
	if _, err := check(ctx, api.CheckInput{AsOf: "yesterday"}); err == nil {
		t.Fatal("a malformed as_of was accepted")
	}
}
