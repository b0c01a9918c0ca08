// Package readme keeps README.md's examples true: its marked shell blocks
// run, as written, against the whole system as make run starts it.
package readme

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/srmonitor/srmonitor/infra/samtemplate"
)

// marker precedes a runnable block: the line right before its ```sh fence.
const marker = "<!-- readme-test -->"

// block is one runnable shell block and the README line it starts on.
type block struct {
	line int
	code string
}

// blocks returns README.md's marked sh blocks in order.
func blocks(readme string) ([]block, error) {
	var out []block
	lines := strings.Split(readme, "\n")
	for i := 0; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) != marker {
			continue
		}
		if i+1 >= len(lines) || strings.TrimSpace(lines[i+1]) != "```sh" {
			return nil, fmt.Errorf("README.md:%d: %s is not followed by a ```sh block", i+1, marker)
		}
		start := i + 2
		end := start
		for end < len(lines) && strings.TrimSpace(lines[end]) != "```" {
			end++
		}
		if end == len(lines) {
			return nil, fmt.Errorf("README.md:%d: the block never ends", start)
		}
		out = append(out, block{line: start + 1, code: strings.Join(lines[start:end], "\n")})
		i = end
	}
	return out, nil
}

// The marked blocks of README.md, run in order in one bash session in the
// repository's root, as a newcomer would paste them into a second shell
// while make run is up: every command must succeed, and every HTTP call
// too. The blocks name http://127.0.0.1:8080; the system runs on a free
// port, which replaces 8080 in them.
func TestReadmeBlocksRunAsWritten(t *testing.T) {
	tmpl, err := samtemplate.Find(".")
	if err != nil {
		t.Fatal(err)
	}
	root := filepath.Dir(tmpl)
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	bs, err := blocks(string(readme))
	if err != nil {
		t.Fatal(err)
	}
	if len(bs) < 4 {
		t.Fatalf("README.md has %d blocks marked %s; the examples lost their markers", len(bs), marker)
	}

	port := freePort(t)
	startSystem(t, root, port)

	// The session: stop at the first failure, say which block it was in,
	// and let an HTTP error status fail curl (with the body shown).
	var script strings.Builder
	script.WriteString("set -euo pipefail\ncurl() { command curl --fail-with-body \"$@\"; }\n")
	for _, b := range bs {
		fmt.Fprintf(&script, "echo '--- README.md:%d' >&2\n%s\n", b.line, strings.ReplaceAll(b.code, "127.0.0.1:8080", "127.0.0.1:"+port))
	}
	script.WriteString("echo '--- done' >&2\n")

	before := entries(t, root)
	t.Cleanup(func() { removeNew(t, root, before) })
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", "-c", script.String())
	cmd.Dir = root
	cmd.Env = newcomer(t)
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.HasSuffix(strings.TrimSpace(string(out)), "--- done") {
		t.Fatalf("the README's blocks failed (%v); the last '--- README.md:N' line names the block:\n%s", err, out)
	}
	// What the text around the blocks says they show.
	for _, want := range []string{`"action":"contract_amended"`, `"status":"verified"`, `"raised_by_kind":{"report_overdue":1}`, `"period":"2026-Q3"`} {
		if !strings.Contains(string(out), want) {
			t.Errorf("the README says its blocks show %s; they did not:\n%s", want, out)
		}
	}
	t.Logf("%d blocks ran:\n%s", len(bs), out)
}

// newcomer is the environment of someone who just cloned the repository:
// their PATH, an empty HOME (no ~/.aws, so the README must give the aws
// CLI its region and keys), and Go's caches where go env finds them now,
// so make token does not download and build everything again.
func newcomer(t *testing.T) []string {
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(), "LANG=C.UTF-8"}
	out, err := exec.Command("go", "env", "GOCACHE", "GOMODCACHE", "GOPATH", "GOTOOLCHAIN", "GOPROXY", "GOFLAGS").Output()
	if err != nil {
		t.Fatal(err)
	}
	for i, name := range []string{"GOCACHE", "GOMODCACHE", "GOPATH", "GOTOOLCHAIN", "GOPROXY", "GOFLAGS"} {
		env = append(env, name+"="+strings.Split(string(out), "\n")[i])
	}
	return env
}

// startSystem builds and starts infra/run (what make run runs) on port,
// and returns once it answers GET /healthz; it is stopped as Ctrl-C would
// stop it when the test ends.
func startSystem(t *testing.T, root, port string) {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "run")
	build := exec.Command("go", "build", "-o", bin, "./infra/run")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build ./infra/run: %v\n%s", err, out)
	}
	cmd := exec.Command(bin)
	cmd.Dir = root
	// moto, not whatever endpoint this shell may point at.
	cmd.Env = append(without(os.Environ(), "AWS_ENDPOINT_URL", "PORT"), "PORT="+port)
	logPath := filepath.Join(t.TempDir(), "run.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait(); logFile.Close() }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		if err := <-exited; err != nil && !isSignal(err) {
			t.Errorf("make run ended with %v", err)
		}
		if t.Failed() {
			log, _ := os.ReadFile(logPath)
			t.Logf("make run's output:\n%s", tail(string(log), 60))
		}
	})

	url := "http://127.0.0.1:" + port + "/healthz"
	for deadline := time.Now().Add(90 * time.Second); ; {
		select {
		case err := <-exited:
			log, _ := os.ReadFile(logPath)
			t.Fatalf("make run ended before it served (%v):\n%s", err, log)
		default:
		}
		if resp, err := http.Get(url); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("make run did not answer %s within 90 s", url)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func isSignal(err error) bool {
	var ee *exec.ExitError
	return errors.As(err, &ee) && !ee.Exited()
}

func freePort(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	return port
}

func without(env []string, names ...string) []string {
	var out []string
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		keep := true
		for _, n := range names {
			keep = keep && name != n
		}
		if keep {
			out = append(out, kv)
		}
	}
	return out
}

// entries lists the names in dir, to find what the blocks left there
// (factuur.pdf, out.json).
func entries(t *testing.T, dir string) map[string]bool {
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]bool{}
	for _, e := range es {
		m[e.Name()] = true
	}
	return m
}

// removeNew removes the plain files the blocks created in dir.
func removeNew(t *testing.T, dir string, before map[string]bool) {
	for name := range entries(t, dir) {
		p := filepath.Join(dir, name)
		if fi, err := os.Lstat(p); !before[name] && err == nil && fi.Mode().IsRegular() {
			if err := os.Remove(p); err != nil {
				t.Error(err)
			}
		}
	}
}

func tail(s string, n int) string {
	var lines []string
	sc := bufio.NewScanner(strings.NewReader(s))
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
