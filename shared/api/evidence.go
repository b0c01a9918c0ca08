package api

import (
	"context"

	"github.com/srmonitor/srmonitor/shared/evidence"
	"github.com/srmonitor/srmonitor/shared/httpapi"
)

type evidenceRequest struct {
	FileName    string `json:"file_name"`
	ContentType string `json:"content_type"`
	SizeBytes   int64  `json:"size_bytes"`
	SHA256      string `json:"sha256"`
	Kind        string `json:"kind"`
	Period      string `json:"period"`
	Consent     bool   `json:"consent_confirmed"`
}

type announced struct {
	Evidence evidenceView `json:"evidence"`
	Upload   uploadView   `json:"upload"`
}

// Evidence serves EvidenceFunction: announcing uploads and reading
// evidence.
func Evidence(svc *evidence.Service, o httpapi.Options) httpapi.Handler {
	return httpapi.NewHandler(httpapi.Routes{
		"POST /contracts/{id}/evidence": {Roles: contractorOnly, Handle: func(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
			var in evidenceRequest
			if err := r.Decode(&in); err != nil {
				return httpapi.Response{}, err
			}
			v, up, err := svc.Request(ctx, r.Principal, r.Path("id"), evidence.RequestInput(in))
			if err != nil {
				return httpapi.Response{}, domainError(err)
			}
			return httpapi.Created(announced{Evidence: evidenceOf(v), Upload: uploadView{
				Method: up.Method, URL: up.URL, Headers: up.Headers, ExpiresAt: ts(up.ExpiresAt),
			}}), nil
		}},
		"GET /contracts/{id}/evidence": {Handle: func(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
			limit, cursor, err := r.Page()
			if err != nil {
				return httpapi.Response{}, err
			}
			items, next, err := svc.List(ctx, r.Principal, r.Path("id"), limit, cursor)
			if err != nil {
				return httpapi.Response{}, domainError(err)
			}
			return httpapi.OK(httpapi.PageOf(mapAll(items, evidenceOf), next)), nil
		}},
		"GET /evidence/{id}": {Handle: func(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
			v, err := svc.Get(ctx, r.Principal, r.Path("id"))
			if err != nil {
				return httpapi.Response{}, domainError(err)
			}
			return httpapi.OK(evidenceOf(v)), nil
		}},
	}, o)
}
