package devserver

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/srmonitor/srmonitor/infra/samtemplate"
)

type portalReply struct {
	status int
	header http.Header
	body   string
}

func portalDo(t *testing.T, method, url, token, body string) portalReply {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return portalReply{status: resp.StatusCode, header: resp.Header, body: string(raw)}
}

func builtPortal(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"index.html":            `<!doctype html><title>srmonitor</title><div id="app"></div>`,
		"assets/index-abc12.js": `console.log("portal")`,
		"favicon.svg":           `<svg xmlns="http://www.w3.org/2000/svg"/>`,
	}
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// The portal is served at every GET that is no API path; API paths keep
// API Gateway's answers, unmatched ones its 404 {"message":"Not Found"}.
func TestPortalServesAssetsAndLeavesAPIPathsAlone(t *testing.T) {
	e := newEnv(t)
	hs := httptest.NewServer(e.srv.WithPortal(PortalOptions{Dir: builtPortal(t), ConnectSrc: []string{"http://127.0.0.1:4566"}}))
	t.Cleanup(hs.Close)

	for _, p := range []string{"/", "/contracten", "/contracten/c_123/rapportages/2026-Q2", "/aanmelden?next=%2F"} {
		r := portalDo(t, "GET", hs.URL+p, "", "")
		if r.status != 200 || !strings.Contains(r.body, `<div id="app">`) {
			t.Errorf("GET %s: %d %q, want index.html", p, r.status, r.body)
		}
		if csp := r.header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") ||
			!strings.Contains(csp, "connect-src 'self' http://127.0.0.1:4566") || !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("GET %s: CSP %q", p, csp)
		}
		if r.header.Get("Cache-Control") != "no-cache" || r.header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("GET %s: headers %v", p, r.header)
		}
	}
	if r := portalDo(t, "GET", hs.URL+"/assets/index-abc12.js", "", ""); r.status != 200 || r.body != `console.log("portal")` ||
		!strings.Contains(r.header.Get("Cache-Control"), "immutable") || !strings.Contains(r.header.Get("Content-Type"), "javascript") {
		t.Errorf("asset: %d %v %q", r.status, r.header, r.body)
	}
	if r := portalDo(t, "HEAD", hs.URL+"/favicon.svg", "", ""); r.status != 200 {
		t.Errorf("HEAD favicon: %d", r.status)
	}
	// A missing file is a 404, not the HTML page a script tag would choke on.
	for _, p := range []string{"/assets/gone-123.js", "/robots.txt", "/../../etc/passwd.txt"} {
		if r := portalDo(t, "GET", hs.URL+p, "", ""); r.status != 404 || strings.Contains(r.body, "<div") {
			t.Errorf("GET %s: %d %q", p, r.status, r.body)
		}
	}
	r := portalDo(t, "GET", hs.URL+"/config.json", "", "")
	var cfg struct {
		Auth struct{ Mode string } `json:"auth"`
	}
	if r.status != 200 || json.Unmarshal([]byte(r.body), &cfg) != nil || cfg.Auth.Mode != "dev" || r.header.Get("Cache-Control") != "no-store" {
		t.Errorf("config.json: %d %q", r.status, r.body)
	}

	// API paths: unchanged.
	tok := e.token("municipality", "utrecht")
	for _, c := range []struct{ method, path string }{
		{"GET", "/contracts/x/y/z"}, {"DELETE", "/contracts"}, {"POST", "/nope"}, {"PUT", "/"}, {"GET", "/flags/x"},
		{"GET", "/municipalities/utrecht/catalog/extra"}, {"GET", "/dev/token"},
	} {
		r := portalDo(t, c.method, hs.URL+c.path, tok, "")
		if r.status != 404 || strings.TrimSpace(r.body) != `{"message":"Not Found"}` {
			t.Errorf("%s %s: %d %q, want API Gateway's 404", c.method, c.path, r.status, r.body)
		}
	}
	if r := portalDo(t, "GET", hs.URL+"/contracts", "", ""); r.status != 401 {
		t.Errorf("GET /contracts without a token: %d %s", r.status, r.body)
	}
	if r := portalDo(t, "GET", hs.URL+"/contracts", tok, ""); r.status != 200 || !strings.Contains(r.body, `"items"`) {
		t.Errorf("GET /contracts: %d %s", r.status, r.body)
	}
	if r := portalDo(t, "GET", hs.URL+"/healthz", "", ""); r.status != 200 || !strings.Contains(r.body, "ok") {
		t.Errorf("healthz: %d %s", r.status, r.body)
	}
}

// POST /dev/token signs what the API accepts as an identity, and refuses
// the rest with the API's error shape, naming the field.
func TestDevToken(t *testing.T) {
	e := newEnv(t)
	hs := httptest.NewServer(e.srv.WithPortal(PortalOptions{Dir: builtPortal(t)}))
	t.Cleanup(hs.Close)

	r := portalDo(t, "POST", hs.URL+"/dev/token", "", `{"role":"municipality","org":" Amersfoort, soest ,,baarn"}`)
	var got tokenResponse
	if r.status != 200 || json.Unmarshal([]byte(r.body), &got) != nil {
		t.Fatalf("token: %d %s", r.status, r.body)
	}
	claims, err := e.v.Claims("Bearer " + got.Token)
	if err != nil || claims["custom:org"] != "amersfoort,soest,baarn" || claims["custom:role"] != "municipality" ||
		claims["sub"] != "municipality-amersfoort,soest,baarn" || got.Org != "amersfoort,soest,baarn" {
		t.Fatalf("claims %v (%v), reply %+v", claims, err, got)
	}
	if r := portalDo(t, "GET", hs.URL+"/contracts", got.Token, ""); r.status != 200 {
		t.Errorf("the token is refused: %d %s", r.status, r.body)
	}
	r = portalDo(t, "POST", hs.URL+"/dev/token", "", `{"role":"contractor","org":"12345678"}`)
	if r.status != 200 || json.Unmarshal([]byte(r.body), &got) != nil {
		t.Fatalf("contractor token: %d %s", r.status, r.body)
	}
	if r := portalDo(t, "GET", hs.URL+"/contracts", got.Token, ""); r.status != 200 {
		t.Errorf("the contractor token is refused: %d %s", r.status, r.body)
	}

	for _, c := range []struct{ body, field, problem string }{
		{`{"role":"admin","org":"utrecht"}`, "role", "municipality or contractor"},
		{`{"role":"municipality","org":""}`, "org", "required"},
		{`{"role":"municipality","org":"utrecht,atlantis"}`, "org", "unknown municipality atlantis"},
		{`{"role":"contractor","org":"1234"}`, "org", "8 digits"},
		{`{"role":"contractor","org":"12345678,87654321"}`, "org", "8 digits"},
	} {
		r := portalDo(t, "POST", hs.URL+"/dev/token", "", c.body)
		var body struct {
			Error struct {
				Code    string
				Details []problem
			}
		}
		if r.status != 422 || json.Unmarshal([]byte(r.body), &body) != nil || body.Error.Code != "validation_failed" ||
			len(body.Error.Details) == 0 || body.Error.Details[0].Field != c.field || !strings.Contains(body.Error.Details[0].Problem, c.problem) {
			t.Errorf("%s: %d %s", c.body, r.status, r.body)
		}
	}
	if r := portalDo(t, "POST", hs.URL+"/dev/token", "", `{"role":"contractor","org":"12345678","sub":"x"}`); r.status != 400 ||
		!strings.Contains(r.body, "invalid_json") {
		t.Errorf("unknown field: %d %s", r.status, r.body)
	}
}

// Without a built portal the portal's paths say how to build it; the API
// works as ever.
func TestPortalNotBuilt(t *testing.T) {
	e := newEnv(t)
	hs := httptest.NewServer(e.srv.WithPortal(PortalOptions{Dir: t.TempDir()}))
	t.Cleanup(hs.Close)
	if r := portalDo(t, "GET", hs.URL+"/", "", ""); r.status != 503 || !strings.Contains(r.body, "make portal") {
		t.Errorf("GET /: %d %q", r.status, r.body)
	}
	if r := portalDo(t, "GET", hs.URL+"/healthz", "", ""); r.status != 200 {
		t.Errorf("healthz: %d", r.status)
	}
	if _, err := PortalDir(t.TempDir()); err == nil || !strings.Contains(err.Error(), "make portal") {
		t.Errorf("PortalDir of an empty dir: %v", err)
	}
}

// In AWS, CloudFront sends the API's paths to the HTTP API and everything
// else to the portal (template.yaml, PortalDistribution): every route of the
// template must reach the API, and no path of the portal may.
func TestCloudFrontSendsEveryRouteToTheAPI(t *testing.T) {
	tmpl, err := samtemplate.LoadNearest(".")
	if err != nil {
		t.Fatal(err)
	}
	cfg, _ := tmpl.Resources["PortalDistribution"].Properties["DistributionConfig"].(map[string]any)
	behaviors, _ := cfg["CacheBehaviors"].([]any)
	var api []*regexp.Regexp
	for _, b := range behaviors {
		m, _ := b.(map[string]any)
		if m["TargetOriginId"] != "api" {
			continue
		}
		// CloudFront path patterns: * is any run of characters, ? one.
		p, _ := m["PathPattern"].(string)
		re := strings.NewReplacer(`\*`, `.*`, `\?`, `.`).Replace(regexp.QuoteMeta(p))
		api = append(api, regexp.MustCompile("^"+re+"$"))
	}
	if len(api) == 0 {
		t.Fatal("PortalDistribution has no cache behavior for the API")
	}
	toAPI := func(p string) bool {
		for _, re := range api {
			if re.MatchString(p) {
				return true
			}
		}
		return false
	}
	for _, f := range tmpl.Functions() {
		for _, r := range f.Routes {
			p := strings.NewReplacer("{id}", "c_1", "{period}", "2026-Q2").Replace(r.Path)
			if !toAPI(p) {
				t.Errorf("%s: CloudFront would send %s to the portal; add a cache behavior for it to PortalDistribution", r.Key(), p)
			}
		}
	}
	for _, p := range []string{"/", "/aanmelden", "/auth/callback", "/contracten", "/contracten/nieuw", "/contracten/c_1/rapportages/2026-Q2",
		"/catalogus/utrecht", "/toegankelijkheid", "/config.json", "/assets/index-abc12.js", "/favicon.svg"} {
		if toAPI(p) {
			t.Errorf("CloudFront would send the portal's %s to the API", p)
		}
	}
}
