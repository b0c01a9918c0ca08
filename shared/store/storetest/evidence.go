package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/srmonitor/srmonitor/shared/cursor"
	"github.com/srmonitor/srmonitor/shared/evidence"
)

// EvidenceID is the id of the n-th evidence of a contract.
func EvidenceID(contractID string, n int) string {
	return fmt.Sprintf("%s.e_%020d", contractID, n)
}

// Announced is a record awaiting its upload.
func Announced(contractID string, n int) *evidence.Evidence {
	return &evidence.Evidence{
		ID: EvidenceID(contractID, n), ContractID: contractID, Municipality: "utrecht", ContractorKvK: "12345678",
		FileName: "factuur.pdf", ContentType: "application/pdf", SizeBytes: 1000, SHA256: "ab", Kind: "invoice",
		Status: evidence.AwaitingUpload, CreatedAt: T0, CreatedBy: "u", ExpiresAt: T0.Add(24 * time.Hour),
	}
}

// Evidence runs the suite on repositories made by newRepo.
func Evidence(t *testing.T, newRepo func(t *testing.T) evidence.Repository) {
	ctx := context.Background()

	t.Run("round trip, pages, foreign cursors", func(t *testing.T) {
		r := newRepo(t)
		for n := range 5 {
			if err := r.Create(ctx, Announced("c_1", n)); err != nil {
				t.Fatal(err)
			}
		}
		if err := r.Create(ctx, Announced("c_2", 9)); err != nil {
			t.Fatal(err)
		}
		want := Announced("c_1", 3)
		got, err := r.Get(ctx, want.ID)
		if err != nil {
			t.Fatal(err)
		}
		same(t, "read back", got, want)
		if _, err := r.Get(ctx, EvidenceID("c_2", 3)); !errors.Is(err, evidence.ErrNotFound) {
			t.Fatalf("another contract's id: %v", err)
		}
		if _, err := r.Get(ctx, "not-an-id"); !errors.Is(err, evidence.ErrNotFound) {
			t.Fatalf("malformed id: %v", err)
		}
		var ids []string
		cur := ""
		for {
			items, next, err := r.List(ctx, "c_1", 2, cur)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range items {
				ids = append(ids, e.ID)
			}
			if next == "" {
				break
			}
			cur = next
		}
		var want5 []string
		for n := range 5 {
			want5 = append(want5, EvidenceID("c_1", n))
		}
		if fmt.Sprint(ids) != fmt.Sprint(want5) {
			t.Fatalf("pages: %v", ids)
		}
		// A cursor of one contract cannot page through another.
		_, next, _ := r.List(ctx, "c_1", 1, "")
		if _, _, err := r.List(ctx, "c_2", 1, next); !errors.Is(err, cursor.ErrInvalid) {
			t.Fatalf("foreign cursor: %v", err)
		}
		many, err := r.GetMany(ctx, "c_1", []string{EvidenceID("c_1", 4), EvidenceID("c_1", 4), EvidenceID("c_2", 9), EvidenceID("c_1", 77), EvidenceID("c_1", 0)})
		if err != nil || len(many) != 2 {
			t.Fatalf("GetMany: %d %v", len(many), err)
		}
	})

	t.Run("GetMany past one batch", func(t *testing.T) {
		r := newRepo(t)
		var ids []string
		for n := range 130 {
			if err := r.Create(ctx, Announced("c_1", n)); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, EvidenceID("c_1", n))
		}
		many, err := r.GetMany(ctx, "c_1", ids)
		if err != nil || len(many) != 130 {
			t.Fatalf("GetMany: %d %v", len(many), err)
		}
	})

	// The first decision stands: a second delivery of the notification, or
	// a concurrent one, gets the stored record back unchanged.
	t.Run("the first decision stands", func(t *testing.T) {
		r := newRepo(t)
		e := Announced("c_1", 1)
		if err := r.Create(ctx, e); err != nil {
			t.Fatal(err)
		}
		// A retried create of the same record changes nothing.
		if err := r.Create(ctx, e); err != nil {
			t.Fatal(err)
		}
		at := T0.Add(time.Minute)
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
		if _, err := r.Decide(ctx, EvidenceID("c_1", 99), evidence.Outcome{Status: evidence.Verified}, "", at); !errors.Is(err, evidence.ErrNotFound) {
			t.Fatalf("decide unknown: %v", err)
		}
	})
}
