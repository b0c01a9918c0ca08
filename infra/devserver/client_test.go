package devserver

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/srmonitor/srmonitor/infra/localstack"
	"github.com/srmonitor/srmonitor/shared/bucket"
)

func TestMain(m *testing.M) { os.Exit(localstack.RunTests(m)) }

const testSecret = "test-secret"

// clock is a settable Now for deadline tests.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Set(t time.Time) { c.mu.Lock(); c.now = t; c.mu.Unlock() }

// env is the dev server on moto with fresh resources, its queues polled
// as Lambda would until the test ends.
type env struct {
	t      *testing.T
	url    string
	srv    *Server
	local  *localstack.Env
	s3     *s3.Client
	events *eventbridge.Client
	clock  *clock
	v      *Verifier
}

func newEnv(t *testing.T) *env {
	t.Helper()
	// Every environment has resources of its own: the tests overlap their
	// waits on the emulator.
	t.Parallel()
	local := localstack.ForTest(t)
	c := &clock{now: time.Now()}
	v := NewVerifier(testSecret)
	// E-mails link to a portal, as make run's do.
	getenv := func(k string) string {
		if k == "PORTAL_URL" {
			return "http://127.0.0.1:8080"
		}
		return local.Getenv(k)
	}
	srv, err := New(local.Stack.Template, Wiring{Config: local.Config, Getenv: getenv, Now: c.Now, Log: local.Log}, v)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	if err := srv.PollQueues(t.Context(), local.Stack.QueueURL); err != nil {
		t.Fatal(err)
	}
	if err := srv.PollStreams(t.Context(), local.Stack.StreamARN, local.Stack.QueueURL); err != nil {
		t.Fatal(err)
	}
	return &env{t: t, url: hs.URL, srv: srv, local: local, s3: bucket.NewClient(local.Config),
		events: eventbridge.NewFromConfig(local.Config), clock: c, v: v}
}

func (e *env) token(role, org string) string {
	tok, err := e.v.Token(role+"-"+org, role, org, time.Hour)
	if err != nil {
		e.t.Fatal(err)
	}
	return tok
}

type reply struct {
	Status int
	Header http.Header
	Body   map[string]any
	Raw    string
}

// do sends a request; body may be a string (sent as is) or a value (JSON).
func (e *env) do(method, path, token string, body any, headers ...string) reply {
	e.t.Helper()
	var sent []byte
	switch b := body.(type) {
	case nil:
	case string:
		sent = []byte(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			e.t.Fatal(err)
		}
		sent = j
	}
	req, err := http.NewRequest(method, e.url+path, bytes.NewReader(sent))
	if err != nil {
		e.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	checkSpec(e.t, req, sent, resp.StatusCode, resp.Header, raw)
	r := reply{Status: resp.StatusCode, Header: resp.Header, Raw: string(raw)}
	_ = json.Unmarshal(raw, &r.Body)
	return r
}

// want fails the test unless r has status.
func (r reply) want(t *testing.T, status int) reply {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status %d, want %d: %s", r.Status, status, r.Raw)
	}
	return r
}

// num reads a JSON number at a path of keys.
func (r reply) get(keys ...string) any {
	var v any = r.Body
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

func (r reply) errorCode() string {
	s, _ := r.get("error", "code").(string)
	return s
}
