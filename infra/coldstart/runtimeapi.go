package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os/exec"
	"time"
)

// nextPath is the Runtime API call a runtime makes once its init is done:
// asking for the first invocation.
const nextPath = "/2018-06-01/runtime/invocation/next"

// runtimeAPI is as much of the Lambda Runtime API as a cold start reaches:
// the first GET of the next invocation. It notes when each poll arrives and
// holds the request open, so the process waits there until it is killed; it
// never hands out an invocation. The API carries no process id, so the tool
// runs one process at a time and a poll belongs to the process just started.
type runtimeAPI struct {
	// Addr is host:port, the value of AWS_LAMBDA_RUNTIME_API.
	Addr  string
	polls chan time.Time
	done  chan struct{}
	srv   *http.Server
}

// startRuntimeAPI serves the stub on a free loopback port.
func startRuntimeAPI() (*runtimeAPI, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	a := &runtimeAPI{
		Addr: ln.Addr().String(),
		// Room for a process that polls again after a failed first poll;
		// coldStart drains whatever an earlier process left.
		polls: make(chan time.Time, 8),
		done:  make(chan struct{}),
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+nextPath, a.next)
	a.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	// Serve only ends, with ErrServerClosed, when Close is called.
	go func() { _ = a.srv.Serve(ln) }()
	return a, nil
}

func (a *runtimeAPI) next(w http.ResponseWriter, r *http.Request) {
	// The timestamp is the first thing taken, so the handler's own work is
	// not counted.
	at := time.Now()
	select {
	case a.polls <- at:
	default:
	}
	// The request context ends when the killed process's connection closes.
	select {
	case <-r.Context().Done():
	case <-a.done:
	}
}

// Close stops the server and releases any poll still held open.
func (a *runtimeAPI) Close() error {
	close(a.done)
	return a.srv.Close()
}

// coldStart starts argv in dir with env and returns the time from just
// before exec to its first poll of the stub, and the CPU time (user and
// system, all threads) the process used. The process is killed once it
// polled, or after timeout, or when ctx ends. Blocked in its poll it uses
// no CPU, so its CPU time is that of its init, plus its exit.
func (a *runtimeAPI) coldStart(ctx context.Context, argv, env []string, dir string, timeout time.Duration) (wall, cpu time.Duration, err error) {
	for len(a.polls) > 0 {
		<-a.polls
	}
	var out bytes.Buffer
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = env
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, 0, err
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	stop := func() {
		_ = cmd.Process.Kill()
		<-exited
	}
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case at := <-a.polls:
		stop()
		return at.Sub(start), cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(), nil
	case err := <-exited:
		if err == nil {
			err = errors.New("exit status 0")
		}
		return 0, 0, fmt.Errorf("exited before polling the runtime API (%v)%s", err, tail(out.Bytes()))
	case <-timer.C:
		stop()
		return 0, 0, fmt.Errorf("no poll of the runtime API within %s%s", timeout, tail(out.Bytes()))
	case <-ctx.Done():
		stop()
		return 0, 0, ctx.Err()
	}
}

// tail is the end of a process's output, enough to show why it failed.
func tail(out []byte) string {
	const keep = 2000
	if len(out) == 0 {
		return ""
	}
	if len(out) > keep {
		out = out[len(out)-keep:]
	}
	return ":\n" + string(out)
}
