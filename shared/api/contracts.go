package api

import (
	"context"
	"errors"
	"net/http"
	"slices"

	"github.com/srmonitor/srmonitor/shared/app"
	"github.com/srmonitor/srmonitor/shared/auth"
	"github.com/srmonitor/srmonitor/shared/contract"
	"github.com/srmonitor/srmonitor/shared/httpapi"
)

var (
	municipalityOnly = []auth.Role{auth.Municipality}
	contractorOnly   = []auth.Role{auth.Contractor}
)

// Contracts serves ContractsFunction: contracts, registration and the plan.
func Contracts(d *app.Deps) httpapi.Handler {
	svc := wire(d).contracts

	return httpapi.NewHandler(httpapi.Routes{
		"POST /contracts": {Roles: municipalityOnly, Handle: func(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
			var in contract.CreateInput
			if err := r.Decode(&in); err != nil {
				return httpapi.Response{}, err
			}
			c, err := svc.Create(ctx, r.Principal, in)
			if err != nil {
				return httpapi.Response{}, contractError(err)
			}
			return contractResponse(http.StatusCreated, c), nil
		}},
		"GET /contracts": {Handle: func(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
			limit, cursor, err := r.Page()
			if err != nil {
				return httpapi.Response{}, err
			}
			status := contract.Status(r.Query("status"))
			if status != "" && !slices.Contains(contract.Statuses, status) {
				return httpapi.Response{}, httpapi.Invalid("status", "must be one of awaiting_registration, awaiting_plan, plan_submitted, plan_rejected, plan_approved")
			}
			q := contract.Query{Status: status, Limit: limit, Cursor: cursor}
			switch r.Query("flagged") {
			case "", "false":
			case "true":
				q.Flagged = true
			default:
				return httpapi.Response{}, httpapi.Invalid("flagged", "must be true or false")
			}
			items, next, err := svc.List(ctx, r.Principal, q)
			if err != nil {
				return httpapi.Response{}, contractError(err)
			}
			return httpapi.OK(page(items, next)), nil
		}},
		"GET /contracts/{id}": {Handle: func(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
			c, err := svc.Get(ctx, r.Principal, r.Path("id"))
			if err != nil {
				return httpapi.Response{}, contractError(err)
			}
			return contractResponse(http.StatusOK, c), nil
		}},
		"GET /contracts/{id}/history": {Handle: func(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
			limit, cursor, err := r.Page()
			if err != nil {
				return httpapi.Response{}, err
			}
			events, next, err := svc.History(ctx, r.Principal, r.Path("id"), limit, cursor)
			if err != nil {
				return httpapi.Response{}, contractError(err)
			}
			return httpapi.OK(page(events, next)), nil
		}},
		"POST /contracts/{id}/registration": {Roles: contractorOnly, Handle: write(func(ctx context.Context, p auth.Principal, id string, ifMatch *int64, r *httpapi.Request, in contract.RegisterInput) (*contract.Contract, error) {
			return svc.Register(ctx, p, id, ifMatch, in)
		})},
		"PUT /contracts/{id}/plan": {Roles: contractorOnly, Handle: write(func(ctx context.Context, p auth.Principal, id string, ifMatch *int64, r *httpapi.Request, in contract.PlanInput) (*contract.Contract, error) {
			return svc.SubmitPlan(ctx, p, id, ifMatch, in)
		})},
		"POST /contracts/{id}/plan/decision": {Roles: municipalityOnly, Handle: write(func(ctx context.Context, p auth.Principal, id string, ifMatch *int64, r *httpapi.Request, in contract.DecisionInput) (*contract.Contract, error) {
			return svc.DecidePlan(ctx, p, id, ifMatch, in)
		})},
		"POST /contracts/{id}/plan/extension": {Roles: municipalityOnly, Handle: write(func(ctx context.Context, p auth.Principal, id string, ifMatch *int64, r *httpapi.Request, in contract.ExtensionInput) (*contract.Contract, error) {
			return svc.ExtendPlan(ctx, p, id, ifMatch, in)
		})},
		"PUT /contracts/{id}/reports/{period}": {Roles: contractorOnly, Handle: write(func(ctx context.Context, p auth.Principal, id string, ifMatch *int64, r *httpapi.Request, in contract.ReportInput) (*contract.Contract, error) {
			return svc.SubmitReport(ctx, p, id, r.Path("period"), ifMatch, in)
		})},
		"POST /contracts/{id}/reports/{period}/decision": {Roles: municipalityOnly, Handle: write(func(ctx context.Context, p auth.Principal, id string, ifMatch *int64, r *httpapi.Request, in contract.ReportDecisionInput) (*contract.Contract, error) {
			return svc.DecideReport(ctx, p, id, r.Path("period"), ifMatch, in)
		})},
		"GET /contracts/{id}/reports/{period}": {Handle: func(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
			rep, err := svc.GetReport(ctx, r.Principal, r.Path("id"), r.Path("period"))
			if err != nil {
				return httpapi.Response{}, contractError(err)
			}
			return httpapi.OK(rep), nil
		}},
	}, d.Log)
}

// write decodes a body of type T and runs a change on the contract in the
// path, with the If-Match version if one was sent; it answers with the new
// contract view.
func write[T any](run func(ctx context.Context, p auth.Principal, id string, ifMatch *int64, r *httpapi.Request, in T) (*contract.Contract, error)) func(context.Context, *httpapi.Request) (httpapi.Response, error) {
	return func(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
		v, sent, err := r.IfMatch()
		if err != nil {
			return httpapi.Response{}, err
		}
		var ifMatch *int64
		if sent {
			ifMatch = &v
		}
		var in T
		if err := r.Decode(&in); err != nil {
			return httpapi.Response{}, err
		}
		c, err := run(ctx, r.Principal, r.Path("id"), ifMatch, r, in)
		if err != nil {
			return httpapi.Response{}, contractError(err)
		}
		return contractResponse(http.StatusOK, c), nil
	}
}

func page[T any](items []T, next string) list[T] {
	out := list[T]{Items: items}
	if out.Items == nil {
		out.Items = []T{}
	}
	if next != "" {
		out.NextCursor = &next
	}
	return out
}

func contractResponse(status int, c *contract.Contract) httpapi.Response {
	return httpapi.Response{Status: status, Body: c, Headers: map[string]string{"etag": httpapi.ETag(c.Version)}}
}

// contractError maps domain errors onto the API's error model.
func contractError(err error) error {
	var conflict *contract.ConflictError
	switch {
	case errors.Is(err, contract.ErrNotFound):
		return httpapi.NotFound("contract")
	case errors.Is(err, contract.ErrReportNotFound):
		return httpapi.NotFound("report")
	case errors.Is(err, contract.ErrFlagNotFound):
		return httpapi.NotFound("flag")
	case errors.Is(err, contract.ErrDuplicate):
		return httpapi.Conflict(err.Error())
	case errors.Is(err, contract.ErrStale):
		return httpapi.PreconditionFailed("the contract changed since you read it; fetch it again and retry with its current version")
	case errors.Is(err, contract.ErrBadCursor):
		return httpapi.BadRequest("invalid cursor: pass next_cursor from the previous page unchanged")
	case errors.As(err, &conflict):
		return httpapi.Conflict(conflict.Reason)
	}
	return err
}
