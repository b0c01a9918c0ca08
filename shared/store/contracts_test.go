package store_test

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/srmonitor/srmonitor/infra/localstack"
	"github.com/srmonitor/srmonitor/shared/civil"
	"github.com/srmonitor/srmonitor/shared/contract"
	"github.com/srmonitor/srmonitor/shared/store"
)

func TestMain(m *testing.M) { os.Exit(localstack.RunTests(m)) }

// The repository suite: every contract.Repository must pass it.
func newRepo(t *testing.T) contract.Repository {
	d := localstack.ForTest(t)
	return &store.Contracts{DB: d.DynamoDB, Table: d.TableName}
}

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, civil.Amsterdam)

func sample(id, mun, ref, kvk string, created time.Time) *contract.Contract {
	return &contract.Contract{
		ID: id, Municipality: mun, Reference: ref, Title: "Cleaning", ContractorKvK: kvk, ContractorName: "Schoon BV",
		ValueCents: 50_000_000, AwardedOn: civil.MustParse("2026-03-02"), StartsOn: civil.MustParse("2026-04-01"),
		EndsOn: civil.MustParse("2027-03-31"), Status: contract.AwaitingRegistration, CreatedAt: created, UpdatedAt: created, Version: 1,
	}
}

func ev(c *contract.Contract, action string) contract.Event {
	return contract.Event{ContractID: c.ID, Seq: c.Version, At: c.UpdatedAt, Actor: "u", Role: "municipality", Action: action}
}

func TestCreateGetAndDuplicateReference(t *testing.T) {
	ctx := context.Background()
	r := newRepo(t)
	c := sample("c_1", "utrecht", "REF-1", "12345678", t0)
	if err := r.Create(ctx, c, ev(c, "contract_created")); err != nil {
		t.Fatal(err)
	}
	got, err := r.Get(ctx, "c_1")
	if err != nil || got.Reference != "REF-1" || got.Version != 1 || got.AwardedOn != c.AwardedOn {
		t.Fatalf("get: %+v %v", got, err)
	}
	dup := sample("c_2", "utrecht", "ref-1", "87654321", t0)
	if err := r.Create(ctx, dup, ev(dup, "contract_created")); !errors.Is(err, contract.ErrDuplicate) {
		t.Fatalf("same reference (other case) in the same municipality: %v, want ErrDuplicate", err)
	}
	other := sample("c_3", "amsterdam", "REF-1", "12345678", t0)
	if err := r.Create(ctx, other, ev(other, "contract_created")); err != nil {
		t.Fatalf("same reference in another municipality: %v", err)
	}
	if _, err := r.Get(ctx, "c_2"); !errors.Is(err, contract.ErrNotFound) {
		t.Fatalf("the refused duplicate was stored: %v", err)
	}
}

func TestCreateRaceLeavesOne(t *testing.T) {
	ctx := context.Background()
	r := newRepo(t)
	var wg sync.WaitGroup
	errs := make(chan error, 10)
	for i := range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := sample(fmt.Sprintf("c_race%d", i), "utrecht", "SAME", "12345678", t0)
			errs <- r.Create(ctx, c, ev(c, "contract_created"))
		}()
	}
	wg.Wait()
	close(errs)
	ok := 0
	for err := range errs {
		switch {
		case err == nil:
			ok++
		case !errors.Is(err, contract.ErrDuplicate):
			t.Errorf("unexpected error %v", err)
		}
	}
	items, _, err := r.List(ctx, contract.Query{Municipality: "utrecht", Limit: 50})
	if ok != 1 || err != nil || len(items) != 1 {
		t.Fatalf("%d creations succeeded, %d listed (%v); want exactly one", ok, len(items), err)
	}
}

func TestSaveIsConditional(t *testing.T) {
	ctx := context.Background()
	r := newRepo(t)
	c := sample("c_1", "utrecht", "R", "12345678", t0)
	if err := r.Create(ctx, c, ev(c, "contract_created")); err != nil {
		t.Fatal(err)
	}
	c.Status, c.Version = contract.AwaitingPlan, 2
	if err := r.Save(ctx, c, 1, ev(c, "registered")); err != nil {
		t.Fatal(err)
	}
	stale := *c
	stale.Version = 2
	if err := r.Save(ctx, &stale, 1, ev(&stale, "registered")); !errors.Is(err, contract.ErrStale) {
		t.Fatalf("save from version 1 after version 2: %v, want ErrStale", err)
	}
	events, _, err := r.History(ctx, "c_1", 50, "")
	if err != nil || len(events) != 2 || events[0].Action != "contract_created" || events[1].Action != "registered" {
		t.Fatalf("history: %+v %v", events, err)
	}
}

func TestListPagesAndCursors(t *testing.T) {
	ctx := context.Background()
	r := newRepo(t)
	for i := range 7 {
		mun := "utrecht"
		if i%2 == 1 {
			mun = "amsterdam"
		}
		c := sample(fmt.Sprintf("c_%d", i), mun, fmt.Sprintf("R%d", i), "12345678", t0.Add(time.Duration(i)*time.Minute))
		if i == 6 {
			c.Status = contract.PlanApproved
		}
		if err := r.Create(ctx, c, ev(c, "contract_created")); err != nil {
			t.Fatal(err)
		}
	}
	var ids []string
	cursor := ""
	for {
		page, next, err := r.List(ctx, contract.Query{Municipality: "utrecht", Limit: 3, Cursor: cursor})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range page {
			ids = append(ids, c.ID)
		}
		if next == "" {
			break
		}
		cursor = next
	}
	if fmt.Sprint(ids) != "[c_6 c_4 c_2 c_0]" {
		t.Fatalf("utrecht newest first: %v", ids)
	}
	byKvK, _, err := r.List(ctx, contract.Query{KvK: "12345678", Limit: 50})
	if err != nil || len(byKvK) != 7 {
		t.Fatalf("by KvK: %d %v", len(byKvK), err)
	}
	approved, _, err := r.List(ctx, contract.Query{Municipality: "utrecht", Status: contract.PlanApproved, Limit: 1})
	if err != nil || len(approved) != 1 || approved[0].ID != "c_6" {
		t.Fatalf("status filter: %+v %v", approved, err)
	}

	// A cursor of utrecht's list is useless for amsterdam's, or edited.
	_, next, _ := r.List(ctx, contract.Query{Municipality: "utrecht", Limit: 1})
	for name, bad := range map[string]string{
		"other partition": next,
		"garbage":         "!!!",
		"not json":        base64.RawURLEncoding.EncodeToString([]byte("x")),
		"edited":          base64.RawURLEncoding.EncodeToString([]byte(`{"gsi1pk":"M#amsterdam","gsi1sk":"x","pk":"C#c_1","sk":"R"}`)),
	} {
		if _, _, err := r.List(ctx, contract.Query{Municipality: "amsterdam", Limit: 1, Cursor: bad}); !errors.Is(err, contract.ErrBadCursor) {
			t.Errorf("%s cursor: %v, want ErrBadCursor", name, err)
		}
	}
	if _, _, err := r.History(ctx, "c_1", 5, "zzz"); !errors.Is(err, contract.ErrBadCursor) {
		t.Errorf("history cursor: %v", err)
	}
}
