package localstack

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync"
	"testing"

	"github.com/srmonitor/srmonitor/shared/app"
	"github.com/srmonitor/srmonitor/shared/logs"
)

var (
	shared     *Stack
	sharedErr  error
	sharedOnce sync.Once
)

// RunTests is TestMain for packages whose tests use ForTest: it stops the
// moto the package started once all its tests are done.
func RunTests(m *testing.M) int {
	code := m.Run()
	if shared != nil {
		shared.Close()
	}
	return code
}

// ForTest returns Deps on a local endpoint with fresh resources, created
// under a prefix no other test uses. moto starts once per test binary.
func ForTest(t testing.TB) *app.Deps {
	t.Helper()
	_, deps := StackForTest(t)
	return deps
}

// StackForTest is ForTest that also returns the test's Stack, for the
// names and queues of its resources.
func StackForTest(t testing.TB) (*Stack, *app.Deps) {
	t.Helper()
	ctx := context.Background()
	sharedOnce.Do(func() { shared, sharedErr = Start(ctx, "") })
	if sharedErr != nil {
		t.Fatalf("local stack: %v", sharedErr)
	}
	id := make([]byte, 4)
	_, _ = rand.Read(id)
	s := *shared
	s.Prefix = fmt.Sprintf("t%s-", hex.EncodeToString(id))
	s.moto = nil // only the shared stack stops moto
	getenv, err := s.Getenv()
	if err != nil {
		t.Fatal(err)
	}
	deps, err := app.Load(ctx, getenv)
	if err != nil {
		t.Fatal(err)
	}
	deps.Log = quietLogger()
	if err := s.Provision(ctx, deps.AWS); err != nil {
		t.Fatalf("provision: %v", err)
	}
	return &s, deps
}

// quietLogger keeps test output readable; SRM_TEST_LOGS=1 shows the logs.
func quietLogger() *slog.Logger {
	if os.Getenv("SRM_TEST_LOGS") != "" {
		return logs.New(os.Stderr)
	}
	return logs.New(io.Discard)
}
