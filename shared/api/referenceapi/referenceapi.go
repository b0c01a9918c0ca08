// Package referenceapi serves ReferenceFunction: the municipalities'
// policies and building-block catalogs, for any role. A package of its own,
// apart from shared/api, so the function links the policies and nothing
// of the contracts.
package referenceapi

import (
	"context"
	"time"

	"github.com/srmonitor/srmonitor/shared/civil"
	"github.com/srmonitor/srmonitor/shared/httpapi"
	"github.com/srmonitor/srmonitor/shared/policy"
)

// municipalityView is a policy as API.md shows it: the stored policy plus
// the threshold in force today.
type municipalityView struct {
	policy.Municipality
	ThresholdCents *int64 `json:"threshold_cents"`
}

// Reference serves ReferenceFunction: policies and catalogs, for any role.
func Reference(reg *policy.Registry, now func() time.Time, o httpapi.Options) httpapi.Handler {
	view := func(m policy.Municipality) municipalityView {
		v := municipalityView{Municipality: m}
		if t, ok := reg.ThresholdOn(m, civil.Today(now())); ok {
			v.ThresholdCents = &t.AmountCents
		}
		return v
	}
	return httpapi.NewHandler(httpapi.Routes{
		"GET /municipalities": {Handle: func(_ context.Context, _ *httpapi.Request) (httpapi.Response, error) {
			all := reg.Municipalities()
			out := httpapi.PageOf(make([]municipalityView, len(all)), "")
			for i, m := range all {
				out.Items[i] = view(m)
			}
			return httpapi.OK(out), nil
		}},
		"GET /municipalities/{id}": {Handle: func(_ context.Context, r *httpapi.Request) (httpapi.Response, error) {
			m, ok := reg.Municipality(r.Path("id"))
			if !ok {
				return httpapi.Response{}, httpapi.NotFound("municipality")
			}
			return httpapi.OK(view(m)), nil
		}},
		"GET /municipalities/{id}/catalog": {Handle: func(_ context.Context, r *httpapi.Request) (httpapi.Response, error) {
			id := r.Path("id")
			if _, ok := reg.Municipality(id); !ok {
				return httpapi.Response{}, httpapi.NotFound("municipality")
			}
			on := civil.Today(now())
			if q := r.Query("on"); q != "" {
				var err error
				if on, err = civil.Parse(q); err != nil {
					return httpapi.Response{}, httpapi.Invalid("on", err.Error())
				}
			}
			cat, ok := reg.CatalogOn(id, on)
			if !ok {
				return httpapi.Response{}, httpapi.Invalid("on", "no building-block catalog of "+id+" is in force on "+on.String())
			}
			return httpapi.OK(cat), nil
		}},
	}, o)
}
