package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"strings"
	"testing"

	"github.com/srmonitor/srmonitor/shared/logs"
	"github.com/srmonitor/srmonitor/shared/metrics"
)

// Every request counts once, by its route and the class of its status;
// a route key that names no route (a direct invoke) counts as unmatched.
func TestRequestsCountedByRouteAndStatusClass(t *testing.T) {
	var buf bytes.Buffer
	h := NewHandler(Routes{
		"GET /fail": {Handle: func(context.Context, *Request) (Response, error) { return Response{}, io.ErrUnexpectedEOF }},
		"GET /me":   {Handle: func(context.Context, *Request) (Response, error) { return OK(map[string]any{}), nil }},
	}, Options{Log: logs.New(io.Discard), KnownMunicipality: func(string) bool { return true }, Metrics: metrics.New(&buf, "fn")})
	for _, route := range []string{"GET /me", "GET /fail", "GET /anything"} {
		if _, err := h(context.Background(), event(route, "", contractor)); err != nil {
			t.Fatal(err)
		}
	}
	var got []string
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		var l struct {
			Function, Route, StatusClass string
			Requests                     float64
		}
		if err := json.Unmarshal([]byte(line), &l); err != nil || !strings.Contains(line, `"_aws"`) {
			t.Fatalf("%q: %v", line, err)
		}
		got = append(got, l.Function+" "+l.Route+" "+l.StatusClass+" "+strings.Repeat("I", int(l.Requests)))
	}
	want := []string{"fn GET /me 2xx I", "fn GET /fail 5xx I", "fn unmatched 4xx I"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("metrics %q, want %q", got, want)
	}
}
