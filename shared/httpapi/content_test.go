package httpapi

import (
	"context"
	"encoding/base64"
	"io"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"github.com/srmonitor/srmonitor/shared/logs"
)

func TestNegotiate(t *testing.T) {
	for accept, want := range map[string]string{
		"":                                    JSON,
		"*/*":                                 JSON,
		"text/csv":                            CSV,
		"text/*":                              CSV,
		"application/pdf":                     PDF,
		"application/json, text/csv":          JSON,
		"text/csv;q=0.9, application/json":    JSON,
		"application/json;q=0.5, text/csv":    CSV,
		"text/*;q=0.2, text/csv, */*;q=0.1":   CSV,
		"text/html":                           JSON, // none offered: the default
		"text/csv;q=0":                        JSON,
		"text/csv;q=x, application/pdf;q=0.3": PDF, // a malformed range is skipped
		"application/pdf, text/csv;charset=utf-8;header=present": CSV, // a tie: the earlier offer
	} {
		r := &Request{Event: events.APIGatewayV2HTTPRequest{Headers: map[string]string{"accept": accept}}}
		if got := r.Negotiate(JSON, CSV, PDF); got != want {
			t.Errorf("Accept %q: %s, want %s", accept, got, want)
		}
	}
}

// A text file is sent as it is; a binary one base64-encoded, which API
// Gateway decodes; errors stay JSON.
func TestFileResponses(t *testing.T) {
	pdf := []byte("%PDF-1.7\n\xe2\x00\xff")
	h := NewHandler(Routes{
		"GET /csv": {Handle: func(context.Context, *Request) (Response, error) {
			return File(CSV+"; charset=utf-8", "a b.csv", []byte("\ufeffa;b\r\n")), nil
		}},
		"GET /pdf":  {Handle: func(context.Context, *Request) (Response, error) { return File(PDF, "s.pdf", pdf), nil }},
		"POST /raw": {Handle: func(_ context.Context, r *Request) (Response, error) { return File(CSV, "echo.csv", r.Body()), nil }},
	}, Options{Log: logs.New(io.Discard)})
	resp, _ := h(context.Background(), event("GET /csv", "", contractor))
	if resp.IsBase64Encoded || resp.Body != "\ufeffa;b\r\n" || resp.Headers["content-type"] != "text/csv; charset=utf-8" ||
		resp.Headers["content-disposition"] != `attachment; filename="a b.csv"` || resp.Headers["x-request-id"] != "req-1" {
		t.Fatalf("csv: %+v", resp)
	}
	resp, _ = h(context.Background(), event("GET /pdf", "", contractor))
	if b, err := base64.StdEncoding.DecodeString(resp.Body); !resp.IsBase64Encoded || err != nil || string(b) != string(pdf) {
		t.Fatalf("pdf: %+v", resp)
	}
	ev := event("POST /raw", base64.StdEncoding.EncodeToString([]byte("x;y\n")), contractor)
	ev.IsBase64Encoded = true
	if resp, _ = h(context.Background(), ev); resp.Body != "x;y\n" {
		t.Fatalf("raw body: %+v", resp)
	}
}
