// Package client is the Go client of the srmonitor HTTP API, generated
// from openapi.yaml with oapi-codegen, for the tools municipalities and
// contractors write against the API. It is a package of its own at the top
// of the module, apart from shared/ (the functions' code), so that importing
// it brings in no Lambda or AWS code: only net/http and oapi-codegen's small
// runtime.
//
// Authenticate every request with a request editor that sets the bearer
// token; see the example.
package client

//go:generate go tool oapi-codegen -config oapi-codegen.yaml ../openapi.yaml
