package api

import (
	"context"

	"github.com/srmonitor/srmonitor/shared/app"
	"github.com/srmonitor/srmonitor/shared/civil"
	"github.com/srmonitor/srmonitor/shared/httpapi"
	"github.com/srmonitor/srmonitor/shared/valuation"
)

// Valuation serves ValuationFunction: values a plan without storing it.
func Valuation(d *app.Deps) httpapi.Handler {
	return httpapi.NewHandler(httpapi.Routes{
		"POST /valuations": {Handle: func(_ context.Context, r *httpapi.Request) (httpapi.Response, error) {
			var req valuation.Request
			if err := r.Decode(&req); err != nil {
				return httpapi.Response{}, err
			}
			res, err := valuation.Value(d.Policies, req, civil.Today(d.Now()))
			if err != nil {
				return httpapi.Response{}, err
			}
			return httpapi.OK(res), nil
		}},
	}, d.Log)
}
