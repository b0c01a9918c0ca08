package api

import (
	"context"
	"slices"
	"strings"

	"github.com/srmonitor/srmonitor/shared/contract"
	"github.com/srmonitor/srmonitor/shared/httpapi"
)

type flagDecisionRequest struct {
	Decision  string `json:"decision"`
	FineCents *int64 `json:"fine_cents"`
	Reason    string `json:"reason"`
}

var flagStatuses = []string{contract.FlagOpen, contract.FlagResolved, contract.FlagFined, contract.FlagWaived, "all"}

// Flags serves FlagsFunction: the deadline flags and decisions on fines.
func Flags(svc *contract.Service, o httpapi.Options) httpapi.Handler {
	return httpapi.NewHandler(httpapi.Routes{
		// A page holds the flags of up to limit contracts that have flags.
		"GET /flags": {Handle: func(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
			limit, cursor, err := r.Page()
			if err != nil {
				return httpapi.Response{}, err
			}
			status, kind := r.Query("status"), r.Query("kind")
			if status == "" {
				status = contract.FlagOpen
			}
			if !slices.Contains(flagStatuses, status) {
				return httpapi.Response{}, httpapi.Invalid("status", "must be one of "+strings.Join(flagStatuses, ", "))
			}
			if kind != "" && !slices.Contains(contract.FlagKinds, kind) {
				return httpapi.Response{}, httpapi.Invalid("kind", "must be one of "+strings.Join(contract.FlagKinds, ", "))
			}
			if r.Negotiate(httpapi.JSON, httpapi.CSV) == httpapi.CSV {
				return exportFlags(ctx, svc, r, status, kind)
			}
			cs, next, err := svc.List(ctx, r.Principal, contract.Query{WithFlags: true, Limit: limit, Cursor: cursor})
			if err != nil {
				return httpapi.Response{}, domainError(err)
			}
			out := []flagView{}
			for i := range cs {
				for j := range cs[i].Flags {
					f := &cs[i].Flags[j]
					if (status == "all" || f.Status == status) && (kind == "" || f.Kind == kind) {
						out = append(out, flagOf(&cs[i], f))
					}
				}
			}
			return httpapi.OK(httpapi.PageOf(out, next)), nil
		}},
		"POST /flags/{id}/decision": {Roles: municipalityOnly, Handle: func(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
			var in flagDecisionRequest
			if err := r.Decode(&in); err != nil {
				return httpapi.Response{}, err
			}
			c, f, err := svc.DecideFlag(ctx, r.Principal, r.Path("id"), contract.FlagDecisionInput(in))
			if err != nil {
				return httpapi.Response{}, domainError(err)
			}
			return httpapi.OK(flagOf(c, f)), nil
		}},
	}, o)
}
