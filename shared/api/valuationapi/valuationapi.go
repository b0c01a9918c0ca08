// Package valuationapi serves ValuationFunction: a plan valued against an
// obligation, stored nowhere. A package of its own, apart from shared/api,
// so the function links the valuation and nothing of the contracts.
package valuationapi

import (
	"context"
	"time"

	"github.com/srmonitor/srmonitor/shared/civil"
	"github.com/srmonitor/srmonitor/shared/httpapi"
	"github.com/srmonitor/srmonitor/shared/policy"
	"github.com/srmonitor/srmonitor/shared/valuation"
)

// Valuation serves ValuationFunction: values a plan without storing it.
func Valuation(reg *policy.Registry, now func() time.Time, o httpapi.Options) httpapi.Handler {
	return httpapi.NewHandler(httpapi.Routes{
		"POST /valuations": {Handle: func(_ context.Context, r *httpapi.Request) (httpapi.Response, error) {
			var req valuation.Request
			if err := r.Decode(&req); err != nil {
				return httpapi.Response{}, err
			}
			res, err := valuation.Value(reg, req, civil.Today(now()))
			if err != nil {
				return httpapi.Response{}, err
			}
			return httpapi.OK(res), nil
		}},
	}, o)
}
