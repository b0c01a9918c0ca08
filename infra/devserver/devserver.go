// Package devserver serves the whole system in one local process the way
// AWS would run it: every HttpApi route of template.yaml becomes the
// API Gateway (payload 2.0) event its function receives, with the claims a
// JWT authorizer would pass on; every SQS event, a poller that hands the
// queue's messages to its function in batches; and every function answers
// the Lambda Invoke API. Handlers run through lambda.NewHandler, so events
// take the same JSON round trip as in the Lambda runtime.
package devserver

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/srmonitor/srmonitor/infra/samtemplate"
	"github.com/srmonitor/srmonitor/shared/ids"
)

// maxGatewayBody mirrors API Gateway's own 10 MB payload limit; the
// handlers enforce the API's 1 MiB limit themselves.
const maxGatewayBody = 10 << 20

// Server is the local API Gateway and Lambda service.
type Server struct {
	tmpl     *samtemplate.Template
	mux      *http.ServeMux
	handlers map[string]lambda.Handler
	verify   *Verifier
	aws      aws.Config  // the local endpoint
	sqs      *sqs.Client // for the event source mappings; see PollQueues
	wake     *waker      // tells the event source mappings a function ran
	pollers  sync.WaitGroup
	log      *slog.Logger
}

// Wait returns once every event source mapping has stopped (their context
// is done).
func (s *Server) Wait() { s.pollers.Wait() }

// New wires every function of tmpl to its handler.
func New(tmpl *samtemplate.Template, w Wiring, verify *Verifier) (*Server, error) {
	s := &Server{
		tmpl: tmpl, mux: http.NewServeMux(), handlers: map[string]lambda.Handler{}, verify: verify,
		aws: w.Config, sqs: sqs.NewFromConfig(w.Config), wake: newWaker(), log: w.Log,
	}
	built := functions(w)
	for _, f := range tmpl.Functions() {
		handler, ok := built[f.LogicalID]
		if !ok {
			return nil, fmt.Errorf("template.yaml declares %s but the dev server has no handler for it", f.LogicalID)
		}
		h := lambda.NewHandler(handler)
		s.handlers[f.LogicalID] = h
		for _, r := range f.Routes {
			s.mux.Handle(r.Method+" "+r.Path, s.route(f.LogicalID, r, h))
		}
	}
	for id := range built {
		if _, ok := s.handlers[id]; !ok {
			return nil, fmt.Errorf("the dev server has a handler for %s, which template.yaml does not declare", id)
		}
	}
	s.mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("content-type", "application/json")
		_, _ = io.WriteString(w, `{"status":"ok"}`)
	})
	s.mux.HandleFunc("POST /2015-03-31/functions/{name}/invocations", s.invoke)
	s.mux.HandleFunc("GET /dev/outbox", s.outbox)
	// What API Gateway answers for a method and path that match no route.
	s.mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusNotFound, map[string]string{"message": "Not Found"})
	})
	return s, nil
}

// ServeHTTP makes Server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

// Invoke runs a function by logical id with a raw event, as Lambda would.
func (s *Server) Invoke(ctx context.Context, logicalID string, payload []byte) ([]byte, error) {
	h, ok := s.handlers[logicalID]
	if !ok {
		return nil, fmt.Errorf("no function %s", logicalID)
	}
	ctx = lambdacontext.NewContext(ctx, &lambdacontext.LambdaContext{AwsRequestID: newID(), InvokedFunctionArn: FunctionARN(logicalID)})
	defer s.wake.kick()
	return h.Invoke(ctx, payload)
}

// FunctionARN is the ARN the dev server gives a function in the Lambda
// context of its invocations, as Lambda does; the function's name in it is
// its logical id.
func FunctionARN(logicalID string) string {
	return "arn:aws:lambda:eu-west-1:000000000000:function:" + logicalID
}

func (s *Server) route(logicalID string, rt samtemplate.Route, h lambda.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		claims, err := s.verify.Claims(r.Header.Get("Authorization"))
		if err != nil {
			// API Gateway's authorizer answers before any function runs.
			writeJSON(w, http.StatusUnauthorized, map[string]any{"error": map[string]string{
				"code": "unauthenticated", "message": err.Error(), "request_id": "",
			}})
			return
		}
		body, err := io.ReadAll(io.LimitReader(r.Body, maxGatewayBody+1))
		if err != nil || len(body) > maxGatewayBody {
			writeJSON(w, http.StatusRequestEntityTooLarge, map[string]string{"message": "Request Entity Too Large"})
			return
		}
		ev := Event(rt, r, body, claims)
		payload, err := json.Marshal(ev)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		ctx := lambdacontext.NewContext(r.Context(), &lambdacontext.LambdaContext{
			AwsRequestID: ev.RequestContext.RequestID, InvokedFunctionArn: FunctionARN(logicalID)})
		out, err := h.Invoke(ctx, payload)
		s.wake.kick()
		if err != nil {
			s.log.Error("function failed", "route", rt.Key(), "error", err.Error())
			writeJSON(w, http.StatusInternalServerError, map[string]string{"message": "Internal Server Error"})
			return
		}
		var resp events.APIGatewayV2HTTPResponse
		if err := json.Unmarshal(out, &resp); err != nil {
			http.Error(w, "function returned no HTTP response: "+err.Error(), http.StatusBadGateway)
			return
		}
		writeResponse(w, resp)
	})
}

// Event is the API Gateway HTTP API (payload 2.0) event for r.
func Event(rt samtemplate.Route, r *http.Request, body []byte, claims map[string]string) events.APIGatewayV2HTTPRequest {
	headers := map[string]string{}
	for k, v := range r.Header {
		if strings.EqualFold(k, "cookie") {
			continue
		}
		headers[strings.ToLower(k)] = strings.Join(v, ",")
	}
	var query map[string]string
	if q := r.URL.Query(); len(q) > 0 {
		query = map[string]string{}
		for k, v := range q {
			query[k] = strings.Join(v, ",")
		}
	}
	var params map[string]string
	for _, name := range pathParams(rt.Path) {
		if params == nil {
			params = map[string]string{}
		}
		params[name] = r.PathValue(name)
	}
	now := time.Now()
	ev := events.APIGatewayV2HTTPRequest{
		Version:               "2.0",
		RouteKey:              rt.Key(),
		RawPath:               r.URL.EscapedPath(),
		RawQueryString:        r.URL.RawQuery,
		Headers:               headers,
		QueryStringParameters: query,
		PathParameters:        params,
		RequestContext: events.APIGatewayV2HTTPRequestContext{
			RouteKey:     rt.Key(),
			AccountID:    "000000000000",
			Stage:        "$default",
			RequestID:    newID(),
			APIID:        "local",
			DomainName:   r.Host,
			DomainPrefix: "local",
			Time:         now.UTC().Format("02/Jan/2006:15:04:05 -0700"),
			TimeEpoch:    now.UnixMilli(),
			HTTP: events.APIGatewayV2HTTPRequestContextHTTPDescription{
				Method: r.Method, Path: r.URL.Path, Protocol: r.Proto,
				SourceIP: strings.Split(r.RemoteAddr, ":")[0], UserAgent: r.UserAgent(),
			},
			Authorizer: &events.APIGatewayV2HTTPRequestContextAuthorizerDescription{
				JWT: &events.APIGatewayV2HTTPRequestContextAuthorizerJWTDescription{Claims: claims, Scopes: nil},
			},
		},
	}
	for _, c := range r.Cookies() {
		ev.Cookies = append(ev.Cookies, c.Name+"="+c.Value)
	}
	if utf8.Valid(body) {
		ev.Body = string(body)
	} else {
		ev.Body, ev.IsBase64Encoded = base64.StdEncoding.EncodeToString(body), true
	}
	return ev
}

func pathParams(path string) []string {
	var names []string
	for _, seg := range strings.Split(path, "/") {
		if strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") {
			names = append(names, strings.TrimSuffix(strings.TrimPrefix(seg, "{"), "}"))
		}
	}
	return names
}

func writeResponse(w http.ResponseWriter, resp events.APIGatewayV2HTTPResponse) {
	keys := make([]string, 0, len(resp.Headers))
	for k := range resp.Headers {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		w.Header().Set(k, resp.Headers[k])
	}
	for k, vs := range resp.MultiValueHeaders {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	for _, c := range resp.Cookies {
		w.Header().Add("Set-Cookie", c)
	}
	body := []byte(resp.Body)
	if resp.IsBase64Encoded {
		if b, err := base64.StdEncoding.DecodeString(resp.Body); err == nil {
			body = b
		}
	}
	status := resp.StatusCode
	if status == 0 {
		status = http.StatusOK
	}
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// invoke answers the Lambda Invoke API, so aws lambda invoke --endpoint-url
// works against the dev server.
func (s *Server) invoke(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	// Accept an ARN or a name with a qualifier, as Lambda does.
	if i := strings.LastIndex(name, ":function:"); i >= 0 {
		name = name[i+len(":function:"):]
	}
	name, _, _ = strings.Cut(name, ":")
	if _, ok := s.handlers[name]; !ok {
		w.Header().Set("x-amzn-ErrorType", "ResourceNotFoundException")
		writeJSON(w, http.StatusNotFound, map[string]string{"Type": "User", "message": "Function not found: " + name})
		return
	}
	payload, err := io.ReadAll(io.LimitReader(r.Body, 6<<20))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if len(payload) == 0 {
		payload = []byte("{}")
	}
	out, err := s.Invoke(r.Context(), name, payload)
	if err != nil {
		w.Header().Set("X-Amz-Function-Error", "Unhandled")
		writeJSON(w, http.StatusOK, map[string]string{"errorMessage": err.Error(), "errorType": fmt.Sprintf("%T", err)})
		return
	}
	w.Header().Set("content-type", "application/json")
	w.Header().Set("X-Amz-Executed-Version", "$LATEST")
	_, _ = w.Write(out)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("content-type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func newID() string { return ids.New("r") }
