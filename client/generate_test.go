package client

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The checked-in client is what go generate makes of openapi.yaml now:
// the generator runs again into a temporary directory and the two must be
// equal byte for byte. A change to openapi.yaml without go generate
// ./client fails here, in make test.
func TestGeneratedClientIsCurrent(t *testing.T) {
	cfg, err := os.ReadFile("oapi-codegen.yaml")
	if err != nil {
		t.Fatal(err)
	}
	fresh := filepath.Join(t.TempDir(), "client.gen.go")
	// The same configuration, writing elsewhere (the generator takes its
	// output file from the configuration, not from -o).
	tmpCfg := strings.Replace(string(cfg), "\noutput: client.gen.go\n", "\noutput: "+fresh+"\n", 1)
	if tmpCfg == string(cfg) {
		t.Fatal("oapi-codegen.yaml no longer has the line output: client.gen.go")
	}
	cfgPath := filepath.Join(t.TempDir(), "oapi-codegen.yaml")
	if err := os.WriteFile(cfgPath, []byte(tmpCfg), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "tool", "oapi-codegen", "-config", cfgPath, "../openapi.yaml")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("oapi-codegen: %v\n%s", err, out)
	}
	want, err := os.ReadFile(fresh)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("client.gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("client.gen.go is not what openapi.yaml generates now: run go generate ./client and commit the result")
	}
}
