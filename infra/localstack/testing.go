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

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/srmonitor/srmonitor/shared/awsconfig"
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

// Env is a test's share of the local endpoint: fresh resources, created
// under a prefix no other test uses, and how to reach them.
type Env struct {
	Stack  *Stack
	Config aws.Config
	// Getenv is the functions' environment (TABLE_NAME, ...).
	Getenv func(string) string
	Table  string
	Bucket string
	Log    *slog.Logger
}

// ForTest returns a fresh Env on the local endpoint. moto starts once per
// test binary.
func ForTest(t testing.TB) *Env {
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
	cfg, err := awsconfig.FromEnv(getenv)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Provision(ctx, cfg); err != nil {
		t.Fatalf("provision: %v", err)
	}
	return &Env{Stack: &s, Config: cfg, Getenv: getenv, Table: getenv("TABLE_NAME"), Bucket: getenv("EVIDENCE_BUCKET"), Log: quietLogger()}
}

// quietLogger keeps test output readable; SRM_TEST_LOGS=1 shows the logs.
func quietLogger() *slog.Logger {
	if os.Getenv("SRM_TEST_LOGS") != "" {
		return logs.New(os.Stderr)
	}
	return logs.New(io.Discard)
}
