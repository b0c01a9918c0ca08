package httpapi

import (
	"net/http"

	"github.com/srmonitor/srmonitor/shared/check"
)

// Error is an answer in API.md's error model. Handlers return it (or
// check.Problems for 422); anything else becomes a 500 that leaks nothing.
type Error struct {
	Status  int
	Code    string
	Message string
	Details []check.Problem
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// BadJSON is 400 invalid_json: malformed, unknown field, wrong type.
func BadJSON(message string) *Error {
	return &Error{Status: http.StatusBadRequest, Code: "invalid_json", Message: message}
}

// BadRequest is 400 for a malformed query or header.
func BadRequest(message string) *Error {
	return &Error{Status: http.StatusBadRequest, Code: "bad_request", Message: message}
}

// Unauthenticated is 401: no usable identity.
func Unauthenticated() *Error {
	return &Error{Status: http.StatusUnauthorized, Code: "unauthenticated", Message: "a valid bearer token with sub, custom:role and custom:org is required"}
}

// Forbidden is 403: the caller's role may not use this route.
func Forbidden(message string) *Error {
	return &Error{Status: http.StatusForbidden, Code: "forbidden", Message: message}
}

// NotFound is 404, also for another organisation's resources: their
// existence is not disclosed.
func NotFound(what string) *Error {
	return &Error{Status: http.StatusNotFound, Code: "not_found", Message: what + " not found"}
}

// Conflict is 409: a duplicate or an illegal state change.
func Conflict(message string) *Error {
	return &Error{Status: http.StatusConflict, Code: "conflict", Message: message}
}

// PreconditionFailed is 412: the If-Match version is stale.
func PreconditionFailed(message string) *Error {
	return &Error{Status: http.StatusPreconditionFailed, Code: "precondition_failed", Message: message}
}

// Invalid is 422 with one detail.
func Invalid(field, problem string) check.Problems {
	return check.Problems{{Field: field, Problem: problem}}
}

var (
	errTooLarge = &Error{Status: http.StatusRequestEntityTooLarge, Code: "payload_too_large", Message: "the request body is larger than 1 MiB"}
	errInternal = &Error{Status: http.StatusInternalServerError, Code: "internal", Message: "internal error; quote the request id when you report it"}
)

type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code      string          `json:"code"`
	Message   string          `json:"message"`
	Details   []check.Problem `json:"details,omitempty"`
	RequestID string          `json:"request_id"`
}
