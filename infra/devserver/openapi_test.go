package devserver

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/srmonitor/srmonitor/infra/samtemplate"
)

// Every request and response of these tests is checked against
// openapi.yaml with kin-openapi's validator: a field, status or shape the
// spec does not describe fails the test that met it. Object schemas that
// do not say otherwise are made strict first (no properties beyond those
// listed), so that a response cannot carry an undocumented field.

var specDoc = sync.OnceValues(func() (*openapi3.T, error) {
	path, err := samtemplate.Find(".")
	if err != nil {
		return nil, err
	}
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromFile(filepath.Join(filepath.Dir(path), "openapi.yaml"))
	if err != nil {
		return nil, err
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, err
	}
	strict(doc)
	// The tests' server has a port of its own: match paths only.
	doc.Servers = nil
	return doc, nil
})

var spec = sync.OnceValues(func() (routers.Router, error) {
	doc, err := specDoc()
	if err != nil {
		return nil, err
	}
	return gorillamux.NewRouter(doc)
})

// checkSchema checks a value that is no HTTP exchange (a function's
// result) against a schema of openapi.yaml's components.
func checkSchema(t *testing.T, name string, raw []byte) {
	t.Helper()
	doc, err := specDoc()
	if err != nil {
		t.Fatalf("openapi.yaml: %v", err)
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if err := doc.Components.Schemas[name].Value.VisitJSON(v); err != nil {
		t.Errorf("the result is not what openapi.yaml's %s describes: %v\n%s", name, err, raw)
	}
}

// strict forbids additional properties in every object schema that lists
// its properties and says nothing about others. A schema that is a part of
// others (an allOf member of a schema with unevaluatedProperties, like
// ValuationItemFields) is left open: the whole it is part of is closed.
func strict(doc *openapi3.T) {
	no := false
	parts := map[*openapi3.Schema]bool{}
	for _, s := range doc.Components.Schemas {
		if s.Value != nil && s.Value.UnevaluatedProperties.Has != nil {
			for _, x := range s.Value.AllOf {
				parts[x.Value] = true
			}
		}
	}
	seen := map[*openapi3.Schema]bool{}
	var visit func(*openapi3.SchemaRef)
	visit = func(ref *openapi3.SchemaRef) {
		if ref == nil || ref.Value == nil || seen[ref.Value] {
			return
		}
		s := ref.Value
		seen[s] = true
		if len(s.Properties) > 0 && s.AdditionalProperties.Has == nil && s.AdditionalProperties.Schema == nil &&
			len(s.AllOf) == 0 && len(s.OneOf) == 0 && len(s.AnyOf) == 0 && !parts[s] {
			s.AdditionalProperties.Has = &no
		}
		for _, p := range s.Properties {
			visit(p)
		}
		visit(s.Items)
		visit(s.AdditionalProperties.Schema)
		for _, list := range [][]*openapi3.SchemaRef{s.AllOf, s.OneOf, s.AnyOf} {
			for _, x := range list {
				visit(x)
			}
		}
	}
	for _, s := range doc.Components.Schemas {
		visit(s)
	}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			if op.RequestBody != nil && op.RequestBody.Value != nil {
				for _, mt := range op.RequestBody.Value.Content {
					visit(mt.Schema)
				}
			}
			for _, r := range op.Responses.Map() {
				if r.Value != nil {
					for _, mt := range r.Value.Content {
						visit(mt.Schema)
					}
				}
			}
		}
	}
}

// checkSpec validates one exchange. The request is checked when the
// server accepted it (2xx): the spec must allow whatever the API takes.
// Requests the tests send to be refused are not the spec's business, but
// the error responses they get are.
func checkSpec(t *testing.T, req *http.Request, body []byte, status int, header http.Header, raw []byte) {
	t.Helper()
	for _, err := range specErrors(req, body, status, header, raw) {
		t.Error(err)
	}
}

func specErrors(req *http.Request, body []byte, status int, header http.Header, raw []byte) []error {
	if strings.HasPrefix(req.URL.Path, "/2015-03-31/") || strings.HasPrefix(req.URL.Path, "/dev/") || req.URL.Path == "/healthz" {
		return nil // the Lambda Invoke API, the dev routes and the health check are the dev server's own
	}
	router, err := spec()
	if err != nil {
		return []error{fmt.Errorf("openapi.yaml: %w", err)}
	}
	route, params, err := router.FindRoute(req)
	if err != nil {
		// No route: API Gateway answers before any function runs.
		if status != http.StatusNotFound || strings.TrimSpace(string(raw)) != `{"message":"Not Found"}` {
			return []error{fmt.Errorf("%s %s is in no route of openapi.yaml, yet answered %d %s", req.Method, req.URL.Path, status, raw)}
		}
		return nil
	}
	var errs []error
	opts := &openapi3filter.Options{
		// The dev server checked the token; the spec only says one is needed.
		AuthenticationFunc:    func(context.Context, *openapi3filter.AuthenticationInput) error { return nil },
		IncludeResponseStatus: true,
		MultiError:            true,
	}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: opts}
	if status >= 200 && status < 300 {
		r := req.Clone(context.Background())
		r.Body = io.NopCloser(bytes.NewReader(body))
		in.Request = r
		if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
			errs = append(errs, fmt.Errorf("%s %s: the request the API accepted is not what openapi.yaml allows: %w", req.Method, req.URL.Path, err))
		}
	}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: status, Header: header,
		Body: io.NopCloser(bytes.NewReader(raw)), Options: opts}
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		errs = append(errs, fmt.Errorf("%s %s -> %d: the response is not what openapi.yaml describes: %w\n%s", req.Method, req.URL.Path, status, err, raw))
	}
	return errs
}

// The check fails on what the spec does not describe: a response with a
// field the spec lacks, a status it does not list, a wrong type.
func TestSpecCheckFailsOnWhatTheSpecLacks(t *testing.T) {
	e := newEnv(t)
	tok := e.token("municipality", "utrecht")
	req, _ := http.NewRequest("GET", e.url+"/municipalities/utrecht", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if errs := specErrors(req, nil, resp.StatusCode, resp.Header, raw); len(errs) != 0 {
		t.Fatalf("the real response: %v", errs)
	}
	var body map[string]any
	if err := json.Unmarshal(raw, &body); err != nil {
		t.Fatal(err)
	}
	for name, change := range map[string]func(map[string]any) (int, map[string]any){
		"an undocumented field": func(b map[string]any) (int, map[string]any) { b["surprise"] = 1; return 200, b },
		"a wrong type":          func(b map[string]any) (int, map[string]any) { b["registration_days"] = "7"; return 200, b },
		"a missing field":       func(b map[string]any) (int, map[string]any) { delete(b, "reporting"); return 200, b },
		"an unlisted status":    func(b map[string]any) (int, map[string]any) { return 418, b },
	} {
		copied := map[string]any{}
		for k, v := range body {
			copied[k] = v
		}
		status, changed := change(copied)
		b, _ := json.Marshal(changed)
		if errs := specErrors(req, nil, status, resp.Header, b); len(errs) == 0 {
			t.Errorf("%s passed the check", name)
		}
	}
	// An item is closed by unevaluatedProperties, not by strict: an
	// undocumented field in one is caught all the same.
	body2 := []byte(`{"municipality":"utrecht","contract_value_cents":100,"items":[{"block":"bol","hours_per_week":36,"months":1,"surprise":1}]}`)
	vreq, _ := http.NewRequest("POST", e.url+"/valuations", bytes.NewReader(body2))
	vreq.Header.Set("Content-Type", "application/json")
	vreq.Header.Set("Authorization", "Bearer "+tok)
	if errs := specErrors(vreq, body2, 200, resp.Header, []byte(`{}`)); !strings.Contains(fmt.Sprint(errs), "surprise") {
		t.Errorf("an undocumented item field passed the check: %v", errs)
	}
}

// The limits openapi.yaml gives for a new contract's text are the API's:
// at each field's maxLength the contract is recorded, one character more
// is a 422 naming the field.
func TestContractTextLimitsAreTheSpecs(t *testing.T) {
	doc, err := specDoc()
	if err != nil {
		t.Fatal(err)
	}
	props := doc.Components.Schemas["CreateContractRequest"].Value.Properties
	e := newEnv(t)
	e.clock.Set(at("2026-03-02 10:00:00"))
	mun := e.token("municipality", "utrecht")
	for i, field := range []string{"reference", "title", "contractor_name"} {
		max := int(*props[field].Value.MaxLength)
		body := newContract("utrecht", fmt.Sprintf("LIMIT-%d", i), "12345678")
		body[field] = strings.Repeat("é", max)
		if field == "reference" {
			body[field] = fmt.Sprintf("%d", i) + strings.Repeat("é", max-1)
		}
		e.do("POST", "/contracts", mun, body).want(t, 201)
		body[field] = strings.Repeat("é", max+1)
		r := e.do("POST", "/contracts", mun, body).want(t, 422)
		if !strings.Contains(r.Raw, `"field":"`+field+`"`) {
			t.Errorf("%s over its maxLength %d: %s", field, max, r.Raw)
		}
	}
}

// Every municipality's policy and catalog, as the API serves them, is
// what openapi.yaml describes: a field one catalog has and the spec lacks
// fails here, whichever municipality has it.
func TestEveryPolicyAndCatalogIsInTheSpec(t *testing.T) {
	e := newEnv(t)
	tok := e.token("municipality", "utrecht")
	list := e.do("GET", "/municipalities", tok, nil).want(t, 200)
	items, _ := list.get("items").([]any)
	if len(items) < 10 {
		t.Fatalf("municipalities: %s", list.Raw)
	}
	for _, it := range items {
		id := it.(map[string]any)["id"].(string)
		e.do("GET", "/municipalities/"+id, tok, nil).want(t, 200)
		e.do("GET", "/municipalities/"+id+"/catalog?on=2026-03-02", tok, nil).want(t, 200)
	}
	e.do("GET", "/municipalities/utrecht/catalog?on=2018-01-01", tok, nil).want(t, 200)
}
