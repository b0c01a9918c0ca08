package devserver

// The portal in make run: the dev server also serves the built browser
// portal (web/dist) on the API's own origin, as CloudFront does in AWS, plus
// two things that exist only here: a config.json that tells the portal to use
// the dev sign-in, and POST /dev/token, which signs a dev token for a role
// and organisation with the server's Verifier. Neither is in template.yaml.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/srmonitor/srmonitor/shared/auth"
	"github.com/srmonitor/srmonitor/shared/policy"
)

// PortalOptions says where the built portal is and what it may connect to.
type PortalOptions struct {
	// Dir is the built portal (web/dist). When it holds no index.html, the
	// portal's paths answer 503 with how to build it.
	Dir string
	// ConnectSrc lists the origins beyond its own the portal may fetch from:
	// locally the S3 endpoint that presigned uploads go to.
	ConnectSrc []string
	// TokenTTL is how long a dev token is valid; default 8 hours.
	TokenTTL time.Duration
}

// devConfig is the portal's runtime configuration in make run: sign in with
// the dev sign-in page, call the API on the same origin. In AWS, make deploy
// writes a config.json with the OpenID Connect settings instead.
const devConfig = `{"auth":{"mode":"dev"},"environment":"local"}`

// WithPortal returns a handler that serves the portal at every GET or HEAD
// whose path is not an API path, answers POST /dev/token, and hands
// everything else to s unchanged. An API path is one whose first segment is
// one of the template's routes' (contracts, flags, ...), the health check or
// the Lambda Invoke API: those keep API Gateway's answers, including its
// 404 {"message":"Not Found"} for a path no route matches.
func (s *Server) WithPortal(o PortalOptions) http.Handler {
	if o.TokenTTL <= 0 {
		o.TokenTTL = 8 * time.Hour
	}
	p := &portal{api: s, verify: s.verify, opts: o, apiRoots: map[string]bool{
		"healthz": true, "2015-03-31": true, "dev": true,
	}}
	for _, f := range s.tmpl.Functions() {
		for _, r := range f.Routes {
			p.apiRoots[firstSegment(r.Path)] = true
		}
	}
	if o.Dir != "" {
		p.files = os.DirFS(o.Dir)
	}
	p.csp = contentSecurityPolicy(o.ConnectSrc)
	return p
}

type portal struct {
	api      http.Handler
	verify   *Verifier
	opts     PortalOptions
	files    fs.FS
	apiRoots map[string]bool
	csp      string
}

func firstSegment(p string) string {
	seg, _, _ := strings.Cut(strings.TrimPrefix(p, "/"), "/")
	return seg
}

// IsAPIPath reports whether the portal leaves path to the API.
func (p *portal) isAPIPath(urlPath string) bool { return p.apiRoots[firstSegment(urlPath)] }

func (p *portal) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.URL.Path == "/dev/token" && r.Method == http.MethodPost:
		p.token(w, r)
	case (r.Method == http.MethodGet || r.Method == http.MethodHead) && !p.isAPIPath(r.URL.Path):
		p.static(w, r)
	default:
		p.api.ServeHTTP(w, r)
	}
}

// contentSecurityPolicy is the policy CloudFront sends in AWS (template.yaml,
// PortalHeaders), with the local upload endpoint in place of the bucket.
func contentSecurityPolicy(connect []string) string {
	src := append([]string{"'self'"}, connect...)
	return strings.Join([]string{
		"default-src 'none'",
		"script-src 'self'",
		"style-src 'self'",
		"img-src 'self' data:",
		"font-src 'self'",
		"connect-src " + strings.Join(src, " "),
		"manifest-src 'self'",
		"base-uri 'none'",
		"form-action 'self'",
		"frame-ancestors 'none'",
		"object-src 'none'",
	}, "; ")
}

func (p *portal) securityHeaders(h http.Header) {
	h.Set("Content-Security-Policy", p.csp)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
}

// static serves a file of the built portal, config.json, or index.html for
// any other path without a file extension (the portal routes in the browser).
func (p *portal) static(w http.ResponseWriter, r *http.Request) {
	p.securityHeaders(w.Header())
	name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
	if name == "config.json" {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		_, _ = io.WriteString(w, devConfig)
		return
	}
	if p.files == nil {
		p.notBuilt(w)
		return
	}
	if name != "" && fs.ValidPath(name) {
		if st, err := fs.Stat(p.files, name); err == nil && st.Mode().IsRegular() {
			if strings.HasPrefix(name, "assets/") {
				// Vite names every asset after its content.
				w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
			} else {
				w.Header().Set("Cache-Control", "no-cache")
			}
			http.ServeFileFS(w, r, p.files, name)
			return
		}
	}
	if path.Ext(name) != "" {
		// A missing script or image is a 404, never the HTML page.
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		_, _ = io.WriteString(w, "not found\n")
		return
	}
	index, err := fs.ReadFile(p.files, "index.html")
	if err != nil {
		p.notBuilt(w)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	http.ServeContent(w, r, "index.html", time.Time{}, bytes.NewReader(index))
}

func (p *portal) notBuilt(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusServiceUnavailable)
	_, _ = io.WriteString(w, `<!doctype html><html lang="en"><meta charset="utf-8"><title>Portal not built</title>`+
		`<p>The portal is not built. Run <code>make portal</code> (or <code>make run</code>, which builds it first) and reload.</p></html>`)
}

// tokenRequest is the body of POST /dev/token.
type tokenRequest struct {
	Role string `json:"role"`
	Org  string `json:"org"`
}

type tokenResponse struct {
	Token     string `json:"token"`
	Sub       string `json:"sub"`
	Role      string `json:"role"`
	Org       string `json:"org"`
	ExpiresAt string `json:"expires_at"`
}

// token signs a dev token, refusing what the API would refuse as an
// identity (401) with a 422 that names the field, in the API's error shape.
func (p *portal) token(w http.ResponseWriter, r *http.Request) {
	var req tokenRequest
	dec := json.NewDecoder(io.LimitReader(r.Body, 4096))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		writeAPIError(w, http.StatusBadRequest, "invalid_json", "the body must be {\"role\": ..., \"org\": ...}: "+err.Error(), nil)
		return
	}
	req.Role, req.Org = strings.TrimSpace(req.Role), normaliseOrg(req.Org)
	var problems []problem
	switch req.Role {
	case string(auth.Municipality), string(auth.Contractor):
	default:
		problems = append(problems, problem{"role", "must be municipality or contractor"})
	}
	if req.Org == "" {
		problems = append(problems, problem{"org", "is required: municipality ids (e.g. utrecht or amersfoort,soest,baarn) or a KvK number"})
	}
	if len(problems) == 0 {
		reg := policy.Default()
		known := func(id string) bool { _, ok := reg.Municipality(id); return ok }
		claims := map[string]string{auth.ClaimSubject: req.Role + "-" + req.Org, auth.ClaimRole: req.Role, auth.ClaimOrg: req.Org}
		if _, err := auth.FromClaims(claims, known); err != nil {
			problems = append(problems, problem{"org", orgProblem(req.Role, req.Org, reg)})
		}
	}
	if len(problems) > 0 {
		writeAPIError(w, http.StatusUnprocessableEntity, "validation_failed", "the request has problems; see details", problems)
		return
	}
	sub := req.Role + "-" + req.Org
	tok, err := p.verify.Token(sub, req.Role, req.Org, p.opts.TokenTTL)
	if err != nil {
		writeAPIError(w, http.StatusInternalServerError, "internal", "could not sign a token", nil)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, tokenResponse{
		Token: tok, Sub: sub, Role: req.Role, Org: req.Org,
		ExpiresAt: time.Now().Add(p.opts.TokenTTL).UTC().Format(time.RFC3339),
	})
}

// normaliseOrg trims each comma-separated part and drops empty ones.
func normaliseOrg(org string) string {
	var parts []string
	for _, part := range strings.Split(org, ",") {
		if part = strings.ToLower(strings.TrimSpace(part)); part != "" && !slices.Contains(parts, part) {
			parts = append(parts, part)
		}
	}
	return strings.Join(parts, ",")
}

func orgProblem(role, org string, reg *policy.Registry) string {
	if role == string(auth.Contractor) {
		return "a contractor is one KvK number of 8 digits, e.g. 12345678"
	}
	var ids []string
	for _, m := range reg.Municipalities() {
		ids = append(ids, m.ID)
	}
	var unknown []string
	for _, id := range strings.Split(org, ",") {
		if _, ok := reg.Municipality(id); !ok {
			unknown = append(unknown, id)
		}
	}
	return fmt.Sprintf("unknown municipality %s; known: %s", strings.Join(unknown, ", "), strings.Join(ids, ", "))
}

type problem struct {
	Field   string `json:"field"`
	Problem string `json:"problem"`
}

func writeAPIError(w http.ResponseWriter, status int, code, message string, details []problem) {
	body := map[string]any{"code": code, "message": message, "request_id": newID()}
	if len(details) > 0 {
		body["details"] = details
	}
	writeJSON(w, status, map[string]any{"error": body})
}

// errNoPortal is returned by PortalDir when no built portal is found.
var errNoPortal = errors.New("no built portal")

// PortalDir is dir when it holds a built portal (index.html), else an error
// saying how to build one.
func PortalDir(dir string) (string, error) {
	if st, err := os.Stat(path.Join(dir, "index.html")); err != nil || !st.Mode().IsRegular() {
		return "", fmt.Errorf("%w in %s: run make portal", errNoPortal, dir)
	}
	return dir, nil
}
