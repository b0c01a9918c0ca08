package api

import (
	"context"
	"errors"
	"net/http"

	"github.com/srmonitor/srmonitor/shared/httpapi"
	"github.com/srmonitor/srmonitor/shared/imports"
)

type importProblemView struct {
	Column  string `json:"column"`
	Field   string `json:"field"`
	Problem string `json:"problem"`
}

type importRowView struct {
	Row          int                 `json:"row"`
	Reference    string              `json:"reference"`
	Status       string              `json:"status"`
	ContractID   string              `json:"contract_id,omitempty"`
	Municipality string              `json:"municipality,omitempty"`
	Obligation   *int64              `json:"obligation_cents,omitempty"`
	Differs      []string            `json:"differs,omitempty"`
	Problems     []importProblemView `json:"problems"`
}

type importCountsView struct {
	Rows      int `json:"rows"`
	RowsDone  int `json:"rows_done"`
	Created   int `json:"created"`
	Exists    int `json:"exists"`
	Conflicts int `json:"conflicts"`
	Invalid   int `json:"invalid"`
}

type importCheckView struct {
	DryRun bool `json:"dry_run"`
	importCountsView
	Results []importRowView `json:"results"`
}

type importJobView struct {
	ID        string    `json:"id"`
	Status    string    `json:"status"`
	CreatedAt timestamp `json:"created_at"`
	CreatedBy string    `json:"created_by"`
	// Municipalities are those the rows name: only a user serving all of
	// them sees the job.
	Municipalities []string `json:"municipalities"`
	importCountsView
	Results []importRowView `json:"results"`
}

func countsOf(c imports.Counts) importCountsView {
	return importCountsView{Rows: c.Rows, RowsDone: c.Done, Created: c.Created, Exists: c.Exists, Conflicts: c.Conflicts, Invalid: c.Invalid}
}

func importRowOf(r *imports.Result) importRowView {
	v := importRowView{Row: r.Line, Reference: r.Reference, Status: r.Status, ContractID: r.ContractID, Municipality: r.Municipality,
		Obligation: r.Obligation, Differs: r.Differs, Problems: []importProblemView{}}
	for _, p := range r.Problems {
		v.Problems = append(v.Problems, importProblemView(p))
	}
	return v
}

func importJobOf(j *imports.Job, results []imports.Result) importJobView {
	return importJobView{ID: j.ID, Status: j.Status(), CreatedAt: ts(j.CreatedAt), CreatedBy: j.CreatedBy, Municipalities: j.Municipalities,
		importCountsView: countsOf(j.Counts), Results: mapAll(results, importRowOf)}
}

// Imports serves ImportFunction: contracts imported from CSV (checked at
// once with ?dry_run=true, else as a job) and the jobs' progress, and a
// period's report lines imported from CSV.
func Imports(svc *imports.Service, o httpapi.Options) httpapi.Handler {
	return httpapi.NewHandler(httpapi.Routes{
		"POST /contracts/import": {Roles: municipalityOnly, Handle: func(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
			var dry bool
			switch r.Query("dry_run") {
			case "", "false":
			case "true":
				dry = true
			default:
				return httpapi.Response{}, httpapi.Invalid("dry_run", "must be true or false")
			}
			if dry {
				chk, err := svc.DryRun(ctx, r.Principal, r.Body())
				if err != nil {
					return httpapi.Response{}, importError(err)
				}
				return httpapi.OK(importCheckView{DryRun: true, importCountsView: countsOf(chk.Counts), Results: mapAll(chk.Results, importRowOf)}), nil
			}
			job, results, err := svc.Start(ctx, r.Principal, r.Body())
			if err != nil {
				return httpapi.Response{}, importError(err)
			}
			return httpapi.Response{Status: http.StatusAccepted, Body: importJobOf(job, results),
				Headers: map[string]string{"location": "/imports/" + job.ID}}, nil
		}},
		"GET /imports/{id}": {Roles: municipalityOnly, Handle: func(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
			job, results, err := svc.Get(ctx, r.Principal, r.Path("id"))
			if err != nil {
				return httpapi.Response{}, importError(err)
			}
			return httpapi.OK(importJobOf(job, results)), nil
		}},
		"POST /contracts/{id}/reports/{period}/import": {Roles: contractorOnly, Handle: func(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
			ifMatch, err := r.IfMatch()
			if err != nil {
				return httpapi.Response{}, err
			}
			c, err := imports.SubmitReport(ctx, svc.Contracts, r.Principal, r.Path("id"), r.Path("period"), ifMatch, r.Body())
			if err != nil {
				return httpapi.Response{}, domainError(err)
			}
			return contractResponse(http.StatusOK, c, svc.Contracts.Clock()), nil
		}},
	}, o)
}

func importError(err error) error {
	if errors.Is(err, imports.ErrJobNotFound) {
		return httpapi.NotFound("import")
	}
	return domainError(err)
}
