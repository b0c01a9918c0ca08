package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/srmonitor/srmonitor/infra/localstack"
	"github.com/srmonitor/srmonitor/shared/contract"
	"github.com/srmonitor/srmonitor/shared/evidence"
	"github.com/srmonitor/srmonitor/shared/store"
)

func newEvidenceRepo(t *testing.T) evidence.Repository {
	d := localstack.ForTest(t)
	return &store.Evidence{DB: d.DynamoDB, Table: d.TableName}
}

func evidenceID(contractID string, n int) string {
	return fmt.Sprintf("%s.e_%020d", contractID, n)
}

func announcedEvidence(contractID string, n int) *evidence.Evidence {
	return &evidence.Evidence{
		ID: evidenceID(contractID, n), ContractID: contractID, Municipality: "utrecht", ContractorKvK: "12345678",
		FileName: "factuur.pdf", ContentType: "application/pdf", SizeBytes: 1000, SHA256: "ab", Kind: "invoice",
		Status: evidence.AwaitingUpload, CreatedAt: t0.UTC(), CreatedBy: "u", ExpiresAt: t0.Add(24 * time.Hour).UTC().Truncate(time.Second),
	}
}

func TestEvidenceRoundTripAndPages(t *testing.T) {
	ctx := context.Background()
	r := newEvidenceRepo(t)
	for n := range 5 {
		if err := r.Create(ctx, announcedEvidence("c_1", n)); err != nil {
			t.Fatal(err)
		}
	}
	if err := r.Create(ctx, announcedEvidence("c_2", 9)); err != nil {
		t.Fatal(err)
	}
	want := announcedEvidence("c_1", 3)
	got, err := r.Get(ctx, want.ID)
	if err != nil || fmt.Sprint(*got) != fmt.Sprint(*want) {
		t.Fatalf("get:\n%+v\nwant\n%+v\n%v", got, want, err)
	}
	if _, err := r.Get(ctx, evidenceID("c_2", 3)); !errors.Is(err, evidence.ErrNotFound) {
		t.Fatalf("another contract's id: %v", err)
	}
	if _, err := r.Get(ctx, "not-an-id"); !errors.Is(err, evidence.ErrNotFound) {
		t.Fatalf("malformed id: %v", err)
	}

	var ids []string
	cursor := ""
	for pages := 0; ; pages++ {
		items, next, err := r.List(ctx, "c_1", 2, cursor)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range items {
			ids = append(ids, e.ID)
		}
		if next == "" {
			break
		}
		cursor = next
	}
	if fmt.Sprint(ids) != fmt.Sprint([]string{evidenceID("c_1", 0), evidenceID("c_1", 1), evidenceID("c_1", 2), evidenceID("c_1", 3), evidenceID("c_1", 4)}) {
		t.Fatalf("pages: %v", ids)
	}
	// A cursor of one contract cannot page through another.
	_, next, _ := r.List(ctx, "c_1", 1, "")
	if _, _, err := r.List(ctx, "c_2", 1, next); !errors.Is(err, contract.ErrBadCursor) {
		t.Fatalf("foreign cursor: %v", err)
	}

	many, err := r.GetMany(ctx, "c_1", []string{evidenceID("c_1", 4), evidenceID("c_1", 4), evidenceID("c_2", 9), evidenceID("c_1", 77), evidenceID("c_1", 0)})
	if err != nil || len(many) != 2 {
		t.Fatalf("GetMany: %d %v", len(many), err)
	}
}

func TestEvidenceGetManyPastOneBatch(t *testing.T) {
	ctx := context.Background()
	r := newEvidenceRepo(t)
	var ids []string
	for n := range 130 {
		if err := r.Create(ctx, announcedEvidence("c_1", n)); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, evidenceID("c_1", n))
	}
	many, err := r.GetMany(ctx, "c_1", ids)
	if err != nil || len(many) != 130 {
		t.Fatalf("GetMany: %d %v", len(many), err)
	}
}

// The first decision stands: a second delivery of the notification, or a
// concurrent one, gets the stored record back unchanged.
func TestEvidenceDecideOnce(t *testing.T) {
	ctx := context.Background()
	r := newEvidenceRepo(t)
	e := announcedEvidence("c_1", 1)
	if err := r.Create(ctx, e); err != nil {
		t.Fatal(err)
	}
	at := t0.Add(time.Minute).UTC()
	var wg sync.WaitGroup
	results := make([]*evidence.Evidence, 8)
	for i := range results {
		wg.Go(func() {
			o := evidence.Outcome{Status: evidence.Verified}
			if i%2 == 1 {
				o = evidence.Outcome{Status: evidence.Rejected, Reason: evidence.ContainsBSN}
			}
			got, err := r.Decide(ctx, e.ID, o, fmt.Sprintf("v%d", i), at)
			if err != nil {
				t.Error(err)
			}
			results[i] = got
		})
	}
	wg.Wait()
	stored, err := r.Get(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if stored.Status == evidence.AwaitingUpload || !stored.ExpiresAt.IsZero() || stored.CheckedAt == nil || stored.VersionID == "" {
		t.Fatalf("decided record: %+v", stored)
	}
	for i, got := range results {
		if got == nil || got.Status != stored.Status || got.VersionID != stored.VersionID || got.Reason != stored.Reason {
			t.Fatalf("decision %d returned %+v, stored %+v", i, got, stored)
		}
	}
	if _, err := r.Decide(ctx, evidenceID("c_1", 99), evidence.Outcome{Status: evidence.Verified}, "", at); !errors.Is(err, evidence.ErrNotFound) {
		t.Fatalf("decide unknown: %v", err)
	}
}
