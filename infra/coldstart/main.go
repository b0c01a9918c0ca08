// Command coldstart measures the part of each function's Lambda cold start
// that the binary controls, from exec of bootstrap to its first poll of the
// Runtime API, against a bare aws-lambda-go handler and a Python + boto3
// handler, in interleaved rounds on this machine, and prints a Markdown
// table. Run it from the checkout: go run ./infra/coldstart -rounds 15.
// See README.md.
package main

import (
	"context"
	_ "embed"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"syscall"
	"time"
)

//go:embed testdata/python/bootstrap.py
var pythonBootstrap []byte

// errMissed is a target -check enforces, missed.
var errMissed = errors.New("a cold-start target was missed")

func main() {
	err := run()
	switch {
	case errors.Is(err, errMissed):
		fmt.Fprintln(os.Stderr, "coldstart:", err)
		os.Exit(1)
	case err != nil:
		fmt.Fprintln(os.Stderr, "coldstart:", err)
		os.Exit(2)
	}
}

func run() error {
	rounds := flag.Int("rounds", 20, "measured rounds; each starts every binary once")
	warmup := flag.Int("warmup", 2, "rounds run first and discarded")
	functions := flag.String("functions", "", "directory of prebuilt bootstraps for this machine's architecture, "+
		"<dir>/<name>/bootstrap or <dir>/<Name>Function/bootstrap (default: build functions/* into a temp dir)")
	python := flag.String("python", "python3", "Python interpreter with boto3, for the Python baseline")
	timeout := flag.Duration("timeout", 30*time.Second, "longest wait for one process's first poll")
	check := flag.Bool("check", false, "exit 1 if a target below is missed")
	var l limits
	flag.Float64Var(&l.minVsPython, "min-vs-python", 20, "target: the median function starts at least this many times faster than Python")
	flag.Float64Var(&l.maxVsBare, "max-vs-bare", 2.5, "target: no function's median above this many times the bare handler's")
	flag.Float64Var(&l.maxLambdaMB, "max-mb", 8, "target: no arm64 bootstrap above this many MB (MiB)")
	flag.Parse()
	if *rounds < 1 || *warmup < 0 {
		return errors.New("-rounds must be at least 1 and -warmup not negative")
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	root, goVersion, err := goEnv(ctx)
	if err != nil {
		return err
	}
	names, err := functionNames(root)
	if err != nil {
		return err
	}
	pythonExe, pythonVersion, err := pythonInfo(ctx, *python)
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "coldstart-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	targets, err := prepare(ctx, root, tmp, names, *functions, pythonExe)
	if err != nil {
		return err
	}
	home := filepath.Join(tmp, "home")
	if err := os.Mkdir(home, 0o755); err != nil {
		return err
	}

	api, err := startRuntimeAPI()
	if err != nil {
		return err
	}
	defer api.Close()
	fmt.Fprintf(os.Stderr, "coldstart: %d binaries, %d warm-up (w) and %d measured (.) rounds\n", len(targets), *warmup, *rounds)
	if err := measure(ctx, api, home, targets, *warmup, *rounds, *timeout, os.Stderr); err != nil {
		return err
	}

	fmt.Printf("Cold start from exec of bootstrap to its first GET %s, on %s/%s with %d CPUs; %s, %s. "+
		"%d measured rounds, each starting every binary once in a new random order, after %d warm-up rounds.\n\n",
		nextPath, runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), goVersion, pythonVersion, *rounds, *warmup)
	writeTable(os.Stdout, targets)
	fmt.Println()
	verdicts := evaluate(targets, l)
	writeVerdicts(os.Stdout, verdicts)
	if *check {
		for _, v := range verdicts {
			if !v.met {
				return errMissed
			}
		}
	}
	return nil
}

// prepare builds (or finds) every binary and writes the Python bootstrap
// into tmp, and returns the targets in the order of the table: the bare
// handler, the functions, Python.
func prepare(ctx context.Context, root, tmp string, names []string, prebuiltDir, pythonExe string) ([]*target, error) {
	hostDir, lambdaDir := filepath.Join(tmp, "host"), filepath.Join(tmp, "arm64")
	hostPkgs := []string{barePkg}
	lambdaPkgs := []string{barePkg}
	for _, n := range names {
		if prebuiltDir == "" {
			hostPkgs = append(hostPkgs, "./functions/"+n)
		}
		lambdaPkgs = append(lambdaPkgs, "./functions/"+n)
	}
	fmt.Fprintf(os.Stderr, "coldstart: building %d packages for %s/%s and %d for linux/arm64\n",
		len(hostPkgs), runtime.GOOS, runtime.GOARCH, len(lambdaPkgs))
	if err := goBuild(ctx, root, runtime.GOOS, runtime.GOARCH, hostDir, hostPkgs); err != nil {
		return nil, err
	}
	if err := goBuild(ctx, root, "linux", "arm64", lambdaDir, lambdaPkgs); err != nil {
		return nil, err
	}

	bare, err := goTarget("bare", kindBare, filepath.Join(hostDir, "bare"), filepath.Join(lambdaDir, "bare"))
	if err != nil {
		return nil, err
	}
	targets := []*target{bare}
	for _, n := range names {
		bin := filepath.Join(hostDir, n)
		if prebuiltDir != "" {
			if bin, err = prebuilt(prebuiltDir, n); err != nil {
				return nil, err
			}
		}
		t, err := goTarget(n, kindFunction, bin, filepath.Join(lambdaDir, n))
		if err != nil {
			return nil, err
		}
		targets = append(targets, t)
	}

	pyDir := filepath.Join(tmp, "python")
	if err := os.Mkdir(pyDir, 0o755); err != nil {
		return nil, err
	}
	script := filepath.Join(pyDir, "bootstrap.py")
	if err := os.WriteFile(script, pythonBootstrap, 0o644); err != nil {
		return nil, err
	}
	return append(targets, &target{
		name: "python",
		kind: kindPython,
		argv: []string{pythonExe, script},
		// Lambda's code and runtime are read-only, so Python never writes
		// bytecode there; nor should it into this machine's site-packages.
		env: []string{"_HANDLER=bootstrap.handler", "PYTHONDONTWRITEBYTECODE=1"},
		dir: pyDir,
	}), nil
}

// goTarget is a Go binary to start, with its size and its arm64 build's.
func goTarget(name string, k kind, bin, lambdaBin string) (*target, error) {
	host, err := os.Stat(bin)
	if err != nil {
		return nil, err
	}
	lambda, err := os.Stat(lambdaBin)
	if err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(bin)
	if err != nil {
		return nil, err
	}
	return &target{
		name:       name,
		kind:       k,
		argv:       []string{abs},
		env:        []string{"_HANDLER=bootstrap"},
		dir:        filepath.Dir(abs),
		size:       host.Size(),
		lambdaSize: lambda.Size(),
	}, nil
}
