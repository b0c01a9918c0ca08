package evidence_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/srmonitor/srmonitor/shared/auth"
	"github.com/srmonitor/srmonitor/shared/civil"
	"github.com/srmonitor/srmonitor/shared/contract"
	"github.com/srmonitor/srmonitor/shared/evidence"
	"github.com/srmonitor/srmonitor/shared/inspect"
	"github.com/srmonitor/srmonitor/shared/memstore"
	"github.com/srmonitor/srmonitor/shared/policy"
)

// storage is object storage in memory: versions per key, and the versions
// quarantined.
type storage struct {
	mu          sync.Mutex
	versions    map[string][][]byte
	quarantined []string
}

func (s *storage) PresignUpload(_ context.Context, key string, _ *evidence.Evidence, ttl time.Duration) (evidence.Upload, error) {
	return evidence.Upload{Method: "PUT", URL: "https://bucket.example/" + key, ExpiresAt: time.Now().Add(ttl)}, nil
}

func (s *storage) PresignDownload(_ context.Context, key, version, _, _ string, _ time.Duration) (string, error) {
	return "https://bucket.example/" + key + "?v=" + version, nil
}

func (s *storage) put(key string, b []byte) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.versions[key] = append(s.versions[key], b)
	return string(rune('0' + len(s.versions[key])))
}

func (s *storage) Read(_ context.Context, key, version string, limit int64) ([]byte, string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	vs := s.versions[key]
	if len(vs) == 0 {
		return nil, "", evidence.ErrGone
	}
	b := vs[len(vs)-1]
	return b[:min(int64(len(b)), limit)], string(rune('0' + len(vs))), nil
}

func (s *storage) Quarantine(_ context.Context, key, version string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.quarantined = append(s.quarantined, key+"@"+version)
	return nil
}

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func setup(t *testing.T) (*evidence.Service, *storage, auth.Principal, string) {
	t.Helper()
	ctx := context.Background()
	now := time.Date(2026, 7, 15, 12, 0, 0, 0, civil.Amsterdam)
	contracts := &contract.Service{Repo: memstore.NewContracts(), Policies: policy.Default(), Now: func() time.Time { return now }}
	mun := auth.Principal{Subject: "m", Role: auth.Municipality, Orgs: []string{"utrecht"}}
	v := int64(50_000_000)
	a, s, e := civil.MustParse("2026-03-02"), civil.MustParse("2026-04-01"), civil.MustParse("2027-03-31")
	c, err := contracts.Create(ctx, mun, contract.CreateInput{Reference: "E-1", Title: "t", ContractorKvK: "12345678", ContractorName: "n",
		ValueCents: &v, AwardedOn: &a, StartsOn: &s, EndsOn: &e})
	if err != nil {
		t.Fatal(err)
	}
	st := &storage{versions: map[string][][]byte{}}
	svc := &evidence.Service{Repo: memstore.NewEvidence(), Storage: st, Contracts: contracts, Now: func() time.Time { return now }, Inspect: inspect.Check}
	return svc, st, auth.Principal{Subject: "k", Role: auth.Contractor, Orgs: []string{"12345678"}}, c.ID
}

var invoice = []byte("Factuur 2026-0042\nBedrag: EUR 1.234,56\nKvK 12345678\n")

// The object decides, never the message: a notification says nothing the
// check relies on, and one for an object that is not there decides
// nothing.
func TestVerifyDecidesFromTheObject(t *testing.T) {
	ctx := context.Background()
	svc, st, con, cid := setup(t)
	shown, _, err := svc.Request(ctx, con, cid, evidence.RequestInput{FileName: "factuur.txt", ContentType: "text/plain",
		SizeBytes: int64(len(invoice)), SHA256: sha(invoice), Kind: "invoice"})
	if err != nil {
		t.Fatal(err)
	}
	key := shown.Key()
	if _, err := svc.Verify(ctx, key, ""); !errors.Is(err, evidence.ErrGone) {
		t.Fatalf("no object yet: %v", err)
	}
	if got, _ := svc.Get(ctx, con, shown.ID); got.Status != evidence.AwaitingUpload {
		t.Fatalf("a notification without an object decided: %+v", got)
	}
	version := st.put(key, invoice)
	e, err := svc.Verify(ctx, key, version)
	if err != nil || e.Status != evidence.Verified || e.VersionID != version {
		t.Fatalf("verify: %+v %v", e, err)
	}
	got, err := svc.Get(ctx, con, shown.ID)
	if err != nil || got.DownloadURL == "" {
		t.Fatalf("verified evidence is downloadable: %+v %v", got, err)
	}
	// A later version with other bytes (a retried PUT) changes nothing.
	st.put(key, []byte("other bytes"))
	if e, err := svc.Verify(ctx, key, ""); err != nil || e.Status != evidence.Verified {
		t.Fatalf("second notification: %+v %v", e, err)
	}
	// An object no record owns is quarantined.
	stray := "evidence/" + cid + ".e_00000000000000000009"
	st.put(stray, invoice)
	if _, err := svc.Verify(ctx, stray, ""); !errors.Is(err, evidence.ErrUnknownKey) || !slices.Contains(st.quarantined, stray+"@") {
		t.Fatalf("stray object: %v, quarantined %v", err, st.quarantined)
	}
}

func TestRejectedIsQuarantinedAndNeverServed(t *testing.T) {
	ctx := context.Background()
	svc, st, con, cid := setup(t)
	withBSN := []byte("Loonstrook juli\nBSN: 123456782\n")
	shown, _, err := svc.Request(ctx, con, cid, evidence.RequestInput{FileName: "loonstrook.txt", ContentType: "text/plain",
		SizeBytes: int64(len(withBSN)), SHA256: sha(withBSN), Kind: "payslip", Consent: true})
	if err != nil {
		t.Fatal(err)
	}
	v := st.put(shown.Key(), withBSN)
	e, err := svc.Verify(ctx, shown.Key(), v)
	if err != nil || e.Status != evidence.Rejected || e.Reason != evidence.ContainsBSN || !slices.Contains(st.quarantined, shown.Key()+"@"+v) {
		t.Fatalf("verify: %+v %v, quarantined %v", e, err, st.quarantined)
	}
	if got, _ := svc.Get(ctx, con, shown.ID); got.DownloadURL != "" {
		t.Fatalf("rejected evidence has a download URL: %+v", got)
	}
	// Only the contractor announces uploads.
	mun := auth.Principal{Subject: "m", Role: auth.Municipality, Orgs: []string{"utrecht"}}
	if _, _, err := svc.Request(ctx, mun, cid, evidence.RequestInput{}); !errors.Is(err, contract.ErrForbidden) {
		t.Fatalf("a municipality announced an upload: %v", err)
	}
	other := auth.Principal{Subject: "x", Role: auth.Contractor, Orgs: []string{"87654321"}}
	if _, err := svc.Get(ctx, other, shown.ID); !errors.Is(err, evidence.ErrNotFound) {
		t.Fatalf("another contractor: %v", err)
	}
}
