// Package api holds the HTTP API's route handlers, one file per function of
// template.yaml, and the API's own request and response types. Handlers
// translate requests and answers; the rules live in the domain services
// they are given, and the wiring in each function's main.go.
package api

import (
	"errors"
	"time"

	"github.com/srmonitor/srmonitor/shared/auth"
	"github.com/srmonitor/srmonitor/shared/contract"
	"github.com/srmonitor/srmonitor/shared/evidence"
	"github.com/srmonitor/srmonitor/shared/httpapi"
	"github.com/srmonitor/srmonitor/shared/insight"
	"github.com/srmonitor/srmonitor/shared/policy"
)

// The PDFs the API serves are written by shared/document. Its writers are
// given to the handlers that serve PDFs, not imported here, so that the
// functions that serve none (Flags, Evidence, Import) do not link the PDF
// library and run its start-up code.
type (
	// StatementPDF writes a contract's statement: document.ContractStatement.
	StatementPDF func(c *contract.Contract, plan *contract.PlanRevision, history []contract.Event, policies *policy.Registry, made time.Time) ([]byte, error)
	// CouncilPDF writes the council report: document.CouncilReport.
	CouncilPDF func(cr insight.Council, municipalityName string, made time.Time) ([]byte, error)
)

var (
	municipalityOnly = []auth.Role{auth.Municipality}
	contractorOnly   = []auth.Role{auth.Contractor}
)

// domainError maps domain errors onto the API's error model.
func domainError(err error) error {
	var conflict *contract.ConflictError
	switch {
	case errors.Is(err, contract.ErrNotFound):
		return httpapi.NotFound("contract")
	case errors.Is(err, contract.ErrReportNotFound):
		return httpapi.NotFound("report")
	case errors.Is(err, contract.ErrPlanNotFound):
		return httpapi.NotFound("plan")
	case errors.Is(err, contract.ErrFlagNotFound):
		return httpapi.NotFound("flag")
	case errors.Is(err, evidence.ErrNotFound):
		return httpapi.NotFound("evidence")
	case errors.Is(err, contract.ErrForbidden):
		return httpapi.Forbidden(err.Error())
	case errors.Is(err, contract.ErrDuplicate):
		return httpapi.Conflict(err.Error())
	case errors.Is(err, contract.ErrStale):
		return httpapi.PreconditionFailed("the contract changed since you read it; fetch it again and retry with its current version")
	case errors.As(err, &conflict):
		return httpapi.Conflict(conflict.Reason)
	}
	return err
}
