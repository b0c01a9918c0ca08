// Package httpapi is the one way HTTP API functions handle API Gateway
// (payload 2.0) events: identity from the JWT claims, routing by route key,
// the error model, strict JSON and the body limit, request ids and logs.
package httpapi

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambdacontext"

	"github.com/srmonitor/srmonitor/shared/auth"
	"github.com/srmonitor/srmonitor/shared/check"
	"github.com/srmonitor/srmonitor/shared/cursor"
	"github.com/srmonitor/srmonitor/shared/logs"
	"github.com/srmonitor/srmonitor/shared/metrics"
)

// Handler is what an HTTP API Lambda runs.
type Handler func(context.Context, events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error)

// Response is a route's answer: Body written as JSON or, when ContentType
// is set, Body ([]byte) sent as it is with that type (see File).
type Response struct {
	Status      int
	Body        any
	Headers     map[string]string
	ContentType string
}

// OK is a 200 with body.
func OK(body any) Response { return Response{Status: http.StatusOK, Body: body} }

// Page is one page of a list as every list route answers it: the items,
// and the cursor of the next page (null on the last).
type Page[T any] struct {
	Items      []T     `json:"items"`
	NextCursor *string `json:"next_cursor"`
}

// PageOf is the page of items with the cursor next ("" on the last page).
func PageOf[T any](items []T, next string) Page[T] {
	out := Page[T]{Items: items}
	if out.Items == nil {
		out.Items = []T{}
	}
	if next != "" {
		out.NextCursor = &next
	}
	return out
}

// Created is a 201 with body.
func Created(body any) Response { return Response{Status: http.StatusCreated, Body: body} }

// Route serves one route key. Roles lists who may call it; empty means
// every authenticated role.
type Route struct {
	Roles  []auth.Role
	Handle func(context.Context, *Request) (Response, error)
}

// Routes maps route keys as template.yaml declares them
// ("GET /municipalities/{id}") to their routes.
type Routes map[string]Route

// Options are what every HTTP API function passes to NewHandler.
type Options struct {
	Log *slog.Logger
	// KnownMunicipality tells whether a municipality id in a token names a
	// municipality the system serves; a token naming another is a 401.
	KnownMunicipality func(id string) bool
	// Metrics counts the requests by route and status class (EMF); nil
	// counts nothing.
	Metrics *metrics.Emitter
}

// NewHandler returns the Lambda handler that serves routes.
func NewHandler(routes Routes, o Options) Handler {
	log := o.Log
	return func(ctx context.Context, ev events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		start := time.Now()
		reqID := ev.RequestContext.RequestID
		if lc, ok := lambdacontext.FromContext(ctx); ok && reqID == "" {
			// Invoked directly, not through API Gateway.
			reqID = lc.AwsRequestID
		}
		l := log.With("request_id", reqID, "route", ev.RouteKey)
		ctx = logs.Into(ctx, l)

		resp, err := serve(ctx, routes, o.KnownMunicipality, ev, reqID)
		if err != nil {
			resp = errorResponse(ctx, err)
		}
		out := encode(resp, reqID)
		l.Info("request", "status", out.StatusCode, "duration_ms", time.Since(start).Milliseconds())
		route := ev.RouteKey
		if _, ok := routes[route]; !ok {
			route = "unmatched" // a direct invoke can name anything; keep the dimension's values few
		}
		o.Metrics.Emit([]metrics.Dimension{{Name: "Route", Value: route}, {Name: "StatusClass", Value: statusClass(out.StatusCode)}},
			metrics.Metric{Name: "Requests", Value: 1, Unit: metrics.Count})
		return out, nil
	}
}

func serve(ctx context.Context, routes Routes, known func(string) bool, ev events.APIGatewayV2HTTPRequest, reqID string) (resp Response, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	route, ok := routes[ev.RouteKey]
	if !ok {
		return Response{}, NotFound("route")
	}
	var claims map[string]string
	if a := ev.RequestContext.Authorizer; a != nil && a.JWT != nil {
		claims = a.JWT.Claims
	}
	p, err := auth.FromClaims(claims, known)
	if err != nil {
		return Response{}, Unauthenticated()
	}
	if len(route.Roles) > 0 && !slices.Contains(route.Roles, p.Role) {
		return Response{}, Forbidden(fmt.Sprintf("a %s may not use %s", p.Role, ev.RouteKey))
	}
	body := []byte(ev.Body)
	if ev.IsBase64Encoded {
		if body, err = base64.StdEncoding.DecodeString(ev.Body); err != nil {
			return Response{}, BadJSON("the body is not valid base64")
		}
	}
	if len(body) > MaxBody {
		return Response{}, errTooLarge
	}
	return route.Handle(ctx, &Request{Event: ev, Principal: p, RequestID: reqID, body: body})
}

func errorResponse(ctx context.Context, err error) Response {
	var e *Error
	var problems check.Problems
	switch {
	case errors.As(err, &e):
	case errors.As(err, &problems):
		e = &Error{Status: http.StatusUnprocessableEntity, Code: "validation_failed", Message: "the request has problems; see details", Details: problems}
	case errors.Is(err, cursor.ErrInvalid):
		e = BadRequest(cursor.ErrInvalid.Error())
	default:
		logs.From(ctx).Error("internal error", "error", err.Error())
		e = errInternal
	}
	return Response{Status: e.Status, Body: errorBody{Error: errorDetail{Code: e.Code, Message: e.Message, Details: e.Details}}}
}

func encode(r Response, reqID string) events.APIGatewayV2HTTPResponse {
	if r.ContentType != "" {
		return encodeFile(r, reqID)
	}
	if eb, ok := r.Body.(errorBody); ok {
		eb.Error.RequestID = reqID
		r.Body = eb
	}
	headers := map[string]string{"content-type": "application/json", "x-request-id": reqID}
	for k, v := range r.Headers {
		headers[k] = v
	}
	b, err := json.Marshal(r.Body)
	if err != nil {
		// Only a programming error gets here; answer in the error model.
		r.Status = http.StatusInternalServerError
		b, _ = json.Marshal(errorBody{Error: errorDetail{Code: errInternal.Code, Message: errInternal.Message, RequestID: reqID}})
	}
	return events.APIGatewayV2HTTPResponse{StatusCode: r.Status, Headers: headers, Body: string(b)}
}

// statusClass is 2xx, 4xx or 5xx: the status by class keeps the number of
// metrics (routes times classes) small.
func statusClass(status int) string {
	return strconv.Itoa(status/100) + "xx"
}

// ETag is the header value for a resource version.
func ETag(version int64) string { return `"` + strconv.FormatInt(version, 10) + `"` }
