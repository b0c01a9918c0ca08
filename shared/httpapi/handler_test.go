package httpapi

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"github.com/srmonitor/srmonitor/shared/auth"
	"github.com/srmonitor/srmonitor/shared/check"
	"github.com/srmonitor/srmonitor/shared/logs"
)

type echoBody struct {
	Name  string `json:"name"`
	Count int    `json:"count"`
}

func testHandler() Handler {
	return NewHandler(Routes{
		"POST /echo": {Roles: []auth.Role{auth.Contractor}, Handle: func(_ context.Context, r *Request) (Response, error) {
			var b echoBody
			if err := r.Decode(&b); err != nil {
				return Response{}, err
			}
			if b.Count < 0 {
				var p check.Problems
				p.Add("count", "must not be negative")
				p.Add("name", "must not be empty")
				return Response{}, p
			}
			return Created(b), nil
		}},
		"GET /boom": {Handle: func(context.Context, *Request) (Response, error) { panic("secret detail") }},
		"GET /fail": {Handle: func(context.Context, *Request) (Response, error) { return Response{}, io.ErrUnexpectedEOF }},
		"GET /me": {Handle: func(_ context.Context, r *Request) (Response, error) {
			return OK(map[string]any{"role": r.Principal.Role, "orgs": r.Principal.Orgs}), nil
		}},
	}, Options{Log: logs.New(io.Discard), KnownMunicipality: func(id string) bool { return id != "atlantis" }})
}

func event(route, body string, claims map[string]string) events.APIGatewayV2HTTPRequest {
	ev := events.APIGatewayV2HTTPRequest{RouteKey: route, Body: body}
	ev.RequestContext.RequestID = "req-1"
	if claims != nil {
		ev.RequestContext.Authorizer = &events.APIGatewayV2HTTPRequestContextAuthorizerDescription{
			JWT: &events.APIGatewayV2HTTPRequestContextAuthorizerJWTDescription{Claims: claims},
		}
	}
	return ev
}

var contractor = map[string]string{"sub": "u1", "custom:role": "contractor", "custom:org": "12345678"}

func TestErrorModel(t *testing.T) {
	h := testHandler()
	cases := []struct {
		name   string
		ev     events.APIGatewayV2HTTPRequest
		status int
		code   string
	}{
		{"ok", event("POST /echo", `{"name":"a","count":1}`, contractor), 201, ""},
		{"no claims", event("POST /echo", `{}`, nil), 401, "unauthenticated"},
		{"unknown role", event("GET /me", ``, map[string]string{"sub": "u", "custom:role": "admin", "custom:org": "x"}), 401, "unauthenticated"},
		{"contractor with bad kvk", event("GET /me", ``, map[string]string{"sub": "u", "custom:role": "contractor", "custom:org": "1234"}), 401, "unauthenticated"},
		{"municipality without org", event("GET /me", ``, map[string]string{"sub": "u", "custom:role": "municipality"}), 401, "unauthenticated"},
		{"unknown municipality", event("GET /me", ``, map[string]string{"sub": "u", "custom:role": "municipality", "custom:org": "atlantis"}), 401, "unauthenticated"},
		{"one unknown municipality", event("GET /me", ``, map[string]string{"sub": "u", "custom:role": "municipality", "custom:org": "utrecht,atlantis"}), 401, "unauthenticated"},
		{"no subject", event("GET /me", ``, map[string]string{"custom:role": "contractor", "custom:org": "12345678"}), 401, "unauthenticated"},
		{"wrong role", event("POST /echo", `{}`, map[string]string{"sub": "u", "custom:role": "municipality", "custom:org": "utrecht"}), 403, "forbidden"},
		{"unknown field", event("POST /echo", `{"name":"a","extra":1}`, contractor), 400, "invalid_json"},
		{"trailing data", event("POST /echo", `{"name":"a"} {}`, contractor), 400, "invalid_json"},
		{"wrong type", event("POST /echo", `{"count":"3"}`, contractor), 400, "invalid_json"},
		{"malformed", event("POST /echo", `{"name":`, contractor), 400, "invalid_json"},
		{"empty body", event("POST /echo", ``, contractor), 400, "invalid_json"},
		{"array body", event("POST /echo", `[]`, contractor), 400, "invalid_json"},
		{"validation", event("POST /echo", `{"count":-1}`, contractor), 422, "validation_failed"},
		{"too large", event("POST /echo", `{"name":"`+strings.Repeat("x", MaxBody)+`"}`, contractor), 413, "payload_too_large"},
		{"unknown route", event("GET /nope", ``, contractor), 404, "not_found"},
		{"panic", event("GET /boom", ``, contractor), 500, "internal"},
		{"error", event("GET /fail", ``, contractor), 500, "internal"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resp, err := h(context.Background(), c.ev)
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != c.status {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, c.status, resp.Body)
			}
			if resp.Headers["x-request-id"] != "req-1" || resp.Headers["content-type"] != "application/json" {
				t.Errorf("headers %v", resp.Headers)
			}
			if c.code == "" {
				return
			}
			var e errorBody
			if err := json.Unmarshal([]byte(resp.Body), &e); err != nil {
				t.Fatal(err)
			}
			if e.Error.Code != c.code || e.Error.RequestID != "req-1" || e.Error.Message == "" {
				t.Errorf("error %+v", e.Error)
			}
			if strings.Contains(resp.Body, "secret detail") || strings.Contains(resp.Body, "unexpected EOF") {
				t.Errorf("internals leaked: %s", resp.Body)
			}
			if c.code == "validation_failed" && len(e.Error.Details) != 2 {
				t.Errorf("want every problem in details, got %+v", e.Error.Details)
			}
		})
	}
}

func TestBase64BodyAndOrgs(t *testing.T) {
	h := testHandler()
	ev := event("POST /echo", base64.StdEncoding.EncodeToString([]byte(`{"name":"b"}`)), contractor)
	ev.IsBase64Encoded = true
	resp, _ := h(context.Background(), ev)
	if resp.StatusCode != http.StatusCreated || !strings.Contains(resp.Body, `"name":"b"`) {
		t.Fatalf("%d %s", resp.StatusCode, resp.Body)
	}
	resp, _ = h(context.Background(), event("GET /me", "", map[string]string{"sub": "u", "custom:role": "municipality", "custom:org": "amersfoort, soest,baarn,soest"}))
	if !strings.Contains(resp.Body, `"orgs":["amersfoort","soest","baarn"]`) {
		t.Fatalf("orgs not split and deduplicated: %s", resp.Body)
	}
}

func TestIfMatch(t *testing.T) {
	for h, want := range map[string]int64{`"3"`: 3, `W/"12"`: 12, `7`: 7} {
		r := &Request{Event: events.APIGatewayV2HTTPRequest{Headers: map[string]string{"if-match": h}}}
		v, err := r.IfMatch()
		if err != nil || v == nil || *v != want {
			t.Errorf("If-Match %s: %v %v", h, v, err)
		}
	}
	for _, h := range []string{`"x"`, `"0"`, `*`} {
		r := &Request{Event: events.APIGatewayV2HTTPRequest{Headers: map[string]string{"If-Match": h}}}
		if _, err := r.IfMatch(); err == nil {
			t.Errorf("If-Match %s accepted", h)
		}
	}
	if v, err := (&Request{}).IfMatch(); v != nil || err != nil {
		t.Error("absent If-Match")
	}
}

func FuzzDecodeStrict(f *testing.F) {
	for _, s := range []string{`{"name":"a","count":1}`, `{"count":1e400}`, `{}`, `[`, `{"name":"a"}x`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var v echoBody
		if err := DecodeStrict(b, &v); err != nil {
			var e *Error
			if !asError(err, &e) || e.Status != 400 {
				t.Fatalf("decode error is not a 400: %v", err)
			}
		}
	})
}

func asError(err error, target **Error) bool {
	e, ok := err.(*Error)
	*target = e
	return ok
}

func TestDuplicateKeysRefused(t *testing.T) {
	for _, body := range []string{
		`{"name":"a","name":"b"}`,
		`{"name":"a","count":1,"count":2}`,
		`{"items":[{"a":1},{"b":2,"b":3}]}`,
		`{"x":{"y":{"z":1,"z":1}}}`,
	} {
		var v map[string]any
		err := DecodeStrict([]byte(body), &v)
		var e *Error
		if !asError(err, &e) || e.Status != 400 || !strings.Contains(e.Message, "twice") {
			t.Errorf("%s: %v", body, err)
		}
	}
	for _, body := range []string{
		`{"name":"a","count":1}`,
		`{"items":[{"a":1},{"a":2}],"a":{"a":"a"}}`,
		`{"k":["k","k"],"v":{"k":"k"}}`,
	} {
		var v map[string]any
		if err := DecodeStrict([]byte(body), &v); err != nil {
			t.Errorf("%s: %v", body, err)
		}
	}
}
