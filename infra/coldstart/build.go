package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// barePkg is the bare aws-lambda-go handler, relative to the module root.
// Under testdata, go build ./... skips it, so it is built by its path.
const barePkg = "./infra/coldstart/testdata/bare"

// lambdaBuildFlags are the Makefile's LAMBDA_FLAGS: what is measured is
// built as what is deployed, apart from the architecture.
var lambdaBuildFlags = []string{"-tags", "lambda.norpc", "-trimpath", "-ldflags=-s -w"}

// goBuild compiles the main packages pkgs (relative to root, such as
// ./functions/flags) for goos/goarch into dir, one binary per package, named
// after its directory. One go build for all of them lets the go command
// compile them in parallel.
func goBuild(ctx context.Context, root, goos, goarch, dir string, pkgs []string) error {
	args := append([]string{"build"}, lambdaBuildFlags...)
	args = append(args, "-o", dir+string(filepath.Separator))
	args = append(args, pkgs...)
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOOS="+goos, "GOARCH="+goarch, "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build for %s/%s: %v\n%s", goos, goarch, err, out)
	}
	return nil
}

// goEnv finds the directory of the go.mod the working directory is in (the
// tool builds the functions of the checkout it is run from) and the version
// of the go command that builds them.
func goEnv(ctx context.Context) (root, version string, err error) {
	out, err := exec.CommandContext(ctx, "go", "env", "GOMOD", "GOVERSION").Output()
	if err != nil {
		return "", "", fmt.Errorf("go env: %w", err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 2 || lines[0] == "" || lines[0] == os.DevNull {
		return "", "", errors.New("not inside a Go module: run from the srmonitor checkout")
	}
	return filepath.Dir(lines[0]), lines[1], nil
}

// functionNames lists functions/*: each directory there is one Lambda.
func functionNames(root string) ([]string, error) {
	entries, err := os.ReadDir(filepath.Join(root, "functions"))
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if e.IsDir() {
			names = append(names, e.Name())
		}
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("no functions under %s", filepath.Join(root, "functions"))
	}
	return names, nil
}

// prebuilt finds function name's bootstrap in dir, by the function's
// directory name (dir/valuation/bootstrap) or by its logical id, as make
// build lays them out (dir/ValuationFunction/bootstrap).
func prebuilt(dir, name string) (string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "", err
	}
	for _, e := range entries {
		if !e.IsDir() || !(strings.EqualFold(e.Name(), name) || strings.EqualFold(e.Name(), name+"Function")) {
			continue
		}
		p := filepath.Join(dir, e.Name(), "bootstrap")
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("no prebuilt bootstrap for %s in %s (want %s/bootstrap or %sFunction/bootstrap, in any case)", name, dir, name, name)
}

// pythonInfo resolves the interpreter the Python baseline runs on and
// checks that it imports boto3. It returns sys.executable rather than the
// command, since that may be a shim (pyenv's python3 is a shell script)
// whose own start would be counted against Python.
func pythonInfo(ctx context.Context, python string) (exe, version string, err error) {
	out, err := exec.CommandContext(ctx, python, "-c",
		"import sys, boto3; print(sys.executable); print(sys.version.split()[0]); print(boto3.__version__)").Output()
	if err != nil {
		return "", "", fmt.Errorf("%s cannot import boto3 (pip install boto3): %w", python, err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 3 {
		return "", "", fmt.Errorf("%s: unexpected output %q", python, out)
	}
	return lines[0], "Python " + lines[1] + ", boto3 " + lines[2], nil
}
