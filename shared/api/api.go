// Package api holds the HTTP API's route handlers, one file per function of
// template.yaml, and the API's own request and response types. Handlers
// translate requests and answers; the rules live in the domain services
// they are given, and the wiring in each function's main.go.
package api

import (
	"errors"

	"github.com/srmonitor/srmonitor/shared/auth"
	"github.com/srmonitor/srmonitor/shared/contract"
	"github.com/srmonitor/srmonitor/shared/evidence"
	"github.com/srmonitor/srmonitor/shared/httpapi"
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
