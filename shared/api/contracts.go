package api

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/srmonitor/srmonitor/shared/civil"
	"github.com/srmonitor/srmonitor/shared/contract"
	"github.com/srmonitor/srmonitor/shared/httpapi"
	"github.com/srmonitor/srmonitor/shared/office"
	"github.com/srmonitor/srmonitor/shared/valuation"
)

// Request bodies. Each converts to its domain input (same fields, in the
// same order; Go ignores the tags in the conversion), so the JSON names
// live here and nowhere in the domain.

type createRequest struct {
	Municipality         string      `json:"municipality"`
	Reference            string      `json:"reference"`
	Title                string      `json:"title"`
	ContractorKvK        string      `json:"contractor_kvk"`
	ContractorName       string      `json:"contractor_name"`
	ContractorEmail      string      `json:"contractor_email"`
	ValueCents           *int64      `json:"value_cents"`
	PercentageBP         *int64      `json:"percentage_bp"`
	PSOLevel             int         `json:"pso_level"`
	SocialAwardCriterion bool        `json:"social_award_criterion"`
	AwardedOn            *civil.Date `json:"awarded_on"`
	StartsOn             *civil.Date `json:"starts_on"`
	EndsOn               *civil.Date `json:"ends_on"`
	Reporting            string      `json:"reporting"`
}

type registerRequest struct {
	ContactName  string `json:"contact_name"`
	ContactEmail string `json:"contact_email"`
	Phone        string `json:"phone"`
	Language     string `json:"language"`
}

type planRequest struct {
	Items []valuation.Item `json:"items"`
	Note  string           `json:"note"`
}

type decisionRequest struct {
	Decision string `json:"decision"`
	Note     string `json:"note"`
}

type extensionRequest struct {
	Until  *civil.Date `json:"until"`
	Reason string      `json:"reason"`
}

type reportRequest struct {
	Items       []reportItem `json:"items"`
	EvidenceIDs []string     `json:"evidence_ids"`
	Note        string       `json:"note"`
}

// reportItem is a report line: an item and the evidence that backs it.
type reportItem struct {
	valuation.Item
	EvidenceIDs []string `json:"evidence_ids,omitempty"`
}

func (r reportRequest) input() contract.ReportInput {
	in := contract.ReportInput{EvidenceIDs: r.EvidenceIDs, Note: r.Note}
	if r.Items != nil {
		in.Items = make([]valuation.Item, len(r.Items))
		in.ItemEvidence = make([][]string, len(r.Items))
		for i, it := range r.Items {
			in.Items[i], in.ItemEvidence[i] = it.Item, it.EvidenceIDs
		}
	}
	return in
}

type amendRequest struct {
	ValueCents           *int64      `json:"value_cents"`
	PercentageBP         *int64      `json:"percentage_bp"`
	PSOLevel             *int        `json:"pso_level"`
	SocialAwardCriterion *bool       `json:"social_award_criterion"`
	StartsOn             *civil.Date `json:"starts_on"`
	EndsOn               *civil.Date `json:"ends_on"`
	Reporting            *string     `json:"reporting"`
	Reason               string      `json:"reason"`
}

type cancelRequest struct {
	Reason string `json:"reason"`
}

type settingsRequest struct {
	Email    string `json:"email"`
	Language string `json:"language"`
}

type settingsView struct {
	Municipality string     `json:"municipality"`
	Email        string     `json:"email"`
	Language     string     `json:"language"`
	UpdatedAt    *timestamp `json:"updated_at"`
	UpdatedBy    string     `json:"updated_by,omitempty"`
}

func settingsOf(s *office.Settings) settingsView {
	v := settingsView{Municipality: s.Municipality, Email: s.Email, Language: s.Language, UpdatedBy: s.UpdatedBy}
	if !s.UpdatedAt.IsZero() {
		v.UpdatedAt = optTS(&s.UpdatedAt)
	}
	return v
}

// Contracts serves ContractsFunction: contracts, registration, plans and
// reports, and the office's own settings.
func Contracts(svc *contract.Service, offices *office.Service, statementPDF StatementPDF, o httpapi.Options) httpapi.Handler {
	if statementPDF == nil {
		panic("api.Contracts: no statement writer (document.ContractStatement)")
	}
	return httpapi.NewHandler(httpapi.Routes{
		"GET /municipalities/{id}/settings": {Roles: municipalityOnly, Handle: func(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
			set, err := offices.Get(ctx, r.Principal, r.Path("id"))
			if err != nil {
				return httpapi.Response{}, domainError(err)
			}
			return httpapi.OK(settingsOf(set)), nil
		}},
		"PUT /municipalities/{id}/settings": {Roles: municipalityOnly, Handle: func(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
			var in settingsRequest
			if err := r.Decode(&in); err != nil {
				return httpapi.Response{}, err
			}
			set, err := offices.Put(ctx, r.Principal, r.Path("id"), office.Input(in))
			if err != nil {
				return httpapi.Response{}, domainError(err)
			}
			return httpapi.OK(settingsOf(set)), nil
		}},
		"POST /contracts": {Roles: municipalityOnly, Handle: func(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
			var in createRequest
			if err := r.Decode(&in); err != nil {
				return httpapi.Response{}, err
			}
			c, err := svc.Create(ctx, r.Principal, contract.CreateInput(in))
			if err != nil {
				return httpapi.Response{}, domainError(err)
			}
			return contractResponse(http.StatusCreated, c, svc.Clock()), nil
		}},
		"GET /contracts": {Handle: func(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
			q, err := contractQuery(r)
			if err != nil {
				return httpapi.Response{}, err
			}
			if r.Negotiate(httpapi.JSON, httpapi.CSV) == httpapi.CSV {
				return exportContracts(ctx, svc, r, q)
			}
			items, next, err := svc.List(ctx, r.Principal, q)
			if err != nil {
				return httpapi.Response{}, domainError(err)
			}
			return httpapi.OK(httpapi.PageOf(mapAll(items, func(c *contract.Contract) contractView { return contractOf(c, svc.Clock()) }), next)), nil
		}},
		"GET /contracts/{id}": {Handle: func(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
			c, err := svc.Get(ctx, r.Principal, r.Path("id"))
			if err != nil {
				return httpapi.Response{}, domainError(err)
			}
			if r.Negotiate(httpapi.JSON, httpapi.PDF) == httpapi.PDF {
				return statement(ctx, svc, statementPDF, r.Principal, c)
			}
			return contractResponse(http.StatusOK, c, svc.Clock()), nil
		}},
		"GET /contracts/{id}/history": {Handle: func(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
			limit, cursor, err := r.Page()
			if err != nil {
				return httpapi.Response{}, err
			}
			events, next, err := svc.History(ctx, r.Principal, r.Path("id"), limit, cursor)
			if err != nil {
				return httpapi.Response{}, domainError(err)
			}
			return httpapi.OK(httpapi.PageOf(mapAll(events, eventOf), next)), nil
		}},
		"POST /contracts/{id}/amendments": {Roles: municipalityOnly, Handle: write(svc, func(ctx context.Context, r *httpapi.Request, ifMatch *int64, in amendRequest) (*contract.Contract, error) {
			return svc.Amend(ctx, r.Principal, r.Path("id"), ifMatch, contract.AmendInput(in))
		})},
		"POST /contracts/{id}/cancellation": {Roles: municipalityOnly, Handle: write(svc, func(ctx context.Context, r *httpapi.Request, ifMatch *int64, in cancelRequest) (*contract.Contract, error) {
			return svc.Cancel(ctx, r.Principal, r.Path("id"), ifMatch, contract.CancelInput(in))
		})},
		"POST /contracts/{id}/registration": {Roles: contractorOnly, Handle: write(svc, func(ctx context.Context, r *httpapi.Request, ifMatch *int64, in registerRequest) (*contract.Contract, error) {
			return svc.Register(ctx, r.Principal, r.Path("id"), ifMatch, contract.RegisterInput(in))
		})},
		"PUT /contracts/{id}/plan": {Roles: contractorOnly, Handle: write(svc, func(ctx context.Context, r *httpapi.Request, ifMatch *int64, in planRequest) (*contract.Contract, error) {
			return svc.SubmitPlan(ctx, r.Principal, r.Path("id"), ifMatch, contract.PlanInput(in))
		})},
		"GET /contracts/{id}/plan": {Handle: func(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
			rev, err := revision(r)
			if err != nil {
				return httpapi.Response{}, err
			}
			plan, err := svc.GetPlan(ctx, r.Principal, r.Path("id"), rev)
			if err != nil {
				return httpapi.Response{}, domainError(err)
			}
			return httpapi.OK(planOf(plan)), nil
		}},
		"POST /contracts/{id}/plan/decision": {Roles: municipalityOnly, Handle: write(svc, func(ctx context.Context, r *httpapi.Request, ifMatch *int64, in decisionRequest) (*contract.Contract, error) {
			return svc.DecidePlan(ctx, r.Principal, r.Path("id"), ifMatch, contract.DecisionInput(in))
		})},
		"POST /contracts/{id}/plan/extension": {Roles: municipalityOnly, Handle: write(svc, func(ctx context.Context, r *httpapi.Request, ifMatch *int64, in extensionRequest) (*contract.Contract, error) {
			return svc.ExtendPlan(ctx, r.Principal, r.Path("id"), ifMatch, contract.ExtensionInput(in))
		})},
		"PUT /contracts/{id}/reports/{period}": {Roles: contractorOnly, Handle: write(svc, func(ctx context.Context, r *httpapi.Request, ifMatch *int64, in reportRequest) (*contract.Contract, error) {
			return svc.SubmitReport(ctx, r.Principal, r.Path("id"), r.Path("period"), ifMatch, in.input())
		})},
		"GET /contracts/{id}/reports/{period}": {Handle: func(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
			rev, err := revision(r)
			if err != nil {
				return httpapi.Response{}, err
			}
			rep, evidence, err := svc.GetReport(ctx, r.Principal, r.Path("id"), r.Path("period"), rev)
			if err != nil {
				return httpapi.Response{}, domainError(err)
			}
			return httpapi.OK(reportOf(rep, evidence)), nil
		}},
		"POST /contracts/{id}/reports/{period}/decision": {Roles: municipalityOnly, Handle: write(svc, func(ctx context.Context, r *httpapi.Request, ifMatch *int64, in decisionRequest) (*contract.Contract, error) {
			return svc.DecideReport(ctx, r.Principal, r.Path("id"), r.Path("period"), ifMatch, contract.ReportDecisionInput(in))
		})},
	}, o)
}

// contractQuery reads ?status=, ?flagged= and the page of GET /contracts.
func contractQuery(r *httpapi.Request) (contract.Query, error) {
	limit, cursor, err := r.Page()
	if err != nil {
		return contract.Query{}, err
	}
	q := contract.Query{Status: contract.Status(r.Query("status")), Limit: limit, Cursor: cursor}
	if q.Status != "" && !slices.Contains(contract.Statuses, q.Status) {
		names := make([]string, len(contract.Statuses))
		for i, s := range contract.Statuses {
			names[i] = string(s)
		}
		return q, httpapi.Invalid("status", "must be one of "+strings.Join(names, ", "))
	}
	switch r.Query("flagged") {
	case "", "false":
	case "true":
		q.Flagged = true
	default:
		return q, httpapi.Invalid("flagged", "must be true or false")
	}
	return q, nil
}

// revision reads ?revision= (0 when absent: the latest).
func revision(r *httpapi.Request) (int, error) {
	q := r.Query("revision")
	if q == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(q)
	if err != nil || n < 1 {
		return 0, httpapi.Invalid("revision", "must be a revision number from 1")
	}
	return n, nil
}

// write decodes a body of type T and runs a change on the contract in the
// path, with the If-Match version if one was sent; it answers with the new
// contract view.
func write[T any](svc *contract.Service, run func(ctx context.Context, r *httpapi.Request, ifMatch *int64, in T) (*contract.Contract, error)) func(context.Context, *httpapi.Request) (httpapi.Response, error) {
	return func(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
		ifMatch, err := r.IfMatch()
		if err != nil {
			return httpapi.Response{}, err
		}
		var in T
		if err := r.Decode(&in); err != nil {
			return httpapi.Response{}, err
		}
		c, err := run(ctx, r, ifMatch, in)
		if err != nil {
			return httpapi.Response{}, domainError(err)
		}
		return contractResponse(http.StatusOK, c, svc.Clock()), nil
	}
}

func contractResponse(status int, c *contract.Contract, now time.Time) httpapi.Response {
	return httpapi.Response{Status: status, Body: contractOf(c, now), Headers: map[string]string{"etag": httpapi.ETag(c.Version)}}
}
