package devserver

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"github.com/srmonitor/srmonitor/infra/samtemplate"
)

// Every route of template.yaml is served (by its own function), and none
// without a valid token.
func TestEveryTemplateRouteIsServedAndAuthenticated(t *testing.T) {
	e := newEnv(t)
	tmpl, err := samtemplate.LoadNearest(".")
	if err != nil {
		t.Fatal(err)
	}
	expired, _ := e.v.Token("u", "municipality", "utrecht", -1)
	forged, _ := NewVerifier("other").Token("u", "municipality", "utrecht", 3600e9)
	n := 0
	for _, f := range tmpl.Functions() {
		for _, r := range f.Routes {
			n++
			p := strings.NewReplacer("{id}", "x", "{period}", "2026-Q1").Replace(r.Path)
			for name, tok := range map[string]string{"none": "", "expired": expired, "forged": forged} {
				if got := e.do(r.Method, p, tok, nil); got.Status != http.StatusUnauthorized || got.errorCode() != "unauthenticated" {
					t.Errorf("%s %s with %s token: %d %s", r.Method, p, name, got.Status, got.Raw)
				}
			}
			got := e.do(r.Method, p, e.token("municipality", "utrecht"), "{}")
			if got.Status == http.StatusNotFound && strings.Contains(got.Raw, "route not found") || got.Status == http.StatusMethodNotAllowed {
				t.Errorf("%s %s not served: %d %s", r.Method, p, got.Status, got.Raw)
			}
			if got.Header.Get("x-request-id") == "" {
				t.Errorf("%s %s: no x-request-id", r.Method, p)
			}
		}
	}
	if n == 0 {
		t.Fatal("no routes")
	}
	e.do("GET", "/healthz", "", nil).want(t, 200)
	// A method and path that match no route: API Gateway's own answer.
	for _, r := range [][2]string{{"GET", "/nope"}, {"DELETE", "/contracts"}, {"GET", "/contracts/x/y/z"}} {
		if got := e.do(r[0], r[1], e.token("municipality", "utrecht"), nil).want(t, 404); got.get("message") != "Not Found" {
			t.Errorf("%s %s: %s", r[0], r[1], got.Raw)
		}
	}
}

// The Invoke API runs a function on a real API Gateway fixture (the JWT
// authorizer event from aws-lambda-go's testdata, pointed at our route).
func TestInvokeAPIWithGatewayFixture(t *testing.T) {
	e := newEnv(t)
	raw, err := os.ReadFile(filepath.Join("testdata", "apigw-v2-request-jwt-authorizer.json"))
	if err != nil {
		t.Fatal(err)
	}
	var ev events.APIGatewayV2HTTPRequest
	if err := json.Unmarshal(raw, &ev); err != nil {
		t.Fatal(err)
	}
	ev.RouteKey, ev.RawPath, ev.Body = "POST /valuations", "/valuations", `{"municipality":"utrecht","contract_value_cents":200000000,"on":"2026-03-02","items":[]}`
	ev.RequestContext.Authorizer.JWT.Claims = map[string]string{"sub": "u1", "custom:role": "contractor", "custom:org": "12345678"}
	payload, _ := json.Marshal(ev)

	resp := e.do("POST", "/2015-03-31/functions/ValuationFunction/invocations", "", string(payload)).want(t, 200)
	if resp.get("statusCode") != float64(200) {
		t.Fatalf("invoke: %s", resp.Raw)
	}
	var body map[string]any
	_ = json.Unmarshal([]byte(resp.get("body").(string)), &body)
	if body["obligation_cents"] != float64(10_000_000) {
		t.Fatalf("obligation: %v", body)
	}
	if got := e.do("POST", "/2015-03-31/functions/NoSuchFunction/invocations", "", "{}"); got.Status != 404 {
		t.Fatalf("unknown function: %d", got.Status)
	}
	// The handler itself, in process, through the runtime's JSON round trip.
	out, err := e.srv.Invoke(t.Context(), "ValuationFunction", payload)
	if err != nil || !strings.Contains(string(out), `\"obligation_cents\":10000000`) {
		t.Fatalf("in-process invoke: %s %v", out, err)
	}
}
