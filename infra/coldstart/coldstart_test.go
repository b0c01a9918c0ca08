package main

import (
	"bytes"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// buildBare builds the bare handler for this machine into a temp dir.
func buildBare(t *testing.T) string {
	t.Helper()
	root, _, err := goEnv(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := goBuild(t.Context(), root, runtime.GOOS, runtime.GOARCH, dir, []string{barePkg}); err != nil {
		t.Fatal(err)
	}
	return filepath.Join(dir, "bare")
}

func startAPI(t *testing.T) *runtimeAPI {
	t.Helper()
	api, err := startRuntimeAPI()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = api.Close() })
	return api
}

func TestBareHandlerColdStartsAreRecordedAndReported(t *testing.T) {
	bin := buildBare(t)
	// The arm64 build's size is not under test; the host binary stands in.
	bare, err := goTarget("bare", kindBare, bin, bin)
	if err != nil {
		t.Fatal(err)
	}
	api := startAPI(t)
	var progress bytes.Buffer
	if err := measure(t.Context(), api, t.TempDir(), []*target{bare}, 1, 2, 10*time.Second, &progress); err != nil {
		t.Fatal(err)
	}
	if got := progress.String(); got != "w..\n" {
		t.Errorf("progress %q, want one warm-up and two measured rounds", got)
	}
	if len(bare.samples) != 2 || len(bare.cpu) != 2 {
		t.Fatalf("%d samples and %d CPU times, want 2 (the warm-up discarded)", len(bare.samples), len(bare.cpu))
	}
	for _, d := range bare.samples {
		if d <= 0 {
			t.Errorf("sample %v: no time from exec to poll", d)
		}
	}

	var table bytes.Buffer
	writeTable(&table, []*target{bare})
	lines := strings.Split(strings.TrimSpace(table.String()), "\n")
	if len(lines) != 3 {
		t.Fatalf("table of %d lines, want header, separator and one row:\n%s", len(lines), table.String())
	}
	// The bare handler against itself, and no Python measured.
	if row := lines[2]; !strings.HasPrefix(row, "| *bare aws-lambda-go handler* | ") || !strings.Contains(row, "| 1.00 | — |") {
		t.Errorf("row %q", row)
	}
}

func TestAProcessThatExitsBeforePollingIsAnError(t *testing.T) {
	bin := buildBare(t)
	api := startAPI(t)
	// Without AWS_LAMBDA_RUNTIME_API aws-lambda-go exits at once, saying so.
	_, _, err := api.coldStart(t.Context(), []string{bin}, []string{"HOME=" + t.TempDir()}, filepath.Dir(bin), 10*time.Second)
	if err == nil || !strings.Contains(err.Error(), "exited before polling") || !strings.Contains(err.Error(), "AWS_LAMBDA_RUNTIME_API") {
		t.Errorf("err = %v, want the exit and the process's own message", err)
	}
}

func TestEvaluate(t *testing.T) {
	msec := func(n int) []time.Duration {
		return []time.Duration{time.Duration(n) * time.Millisecond, time.Duration(n) * time.Millisecond}
	}
	targets := []*target{
		{name: "bare", kind: kindBare, samples: msec(2)},
		{name: "lean", kind: kindFunction, samples: msec(3), lambdaSize: 5 * mib},
		{name: "fat", kind: kindFunction, samples: msec(6), lambdaSize: 9 * mib},
		{name: "python", kind: kindPython, samples: msec(100)},
	}
	vs := evaluate(targets, limits{minVsPython: 20, maxVsBare: 2.5, maxLambdaMB: 8})
	want := []verdict{
		// The median of 33.3× and 16.7×.
		{true, "the median function starts 25.0× faster than Python (target ≥ 20×)"},
		{false, "no function's median above 2.5× the bare handler's; over: fat 3.00×"},
		{false, "every arm64 bootstrap ≤ 8 MB; over: fat 9.00 MB"},
	}
	if len(vs) != len(want) {
		t.Fatalf("verdicts %v", vs)
	}
	for i := range want {
		if vs[i] != want[i] {
			t.Errorf("verdict %d = %+v, want %+v", i, vs[i], want[i])
		}
	}
}
