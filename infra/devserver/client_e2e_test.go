package devserver

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/oapi-codegen/runtime/types"

	"github.com/srmonitor/srmonitor/client"
)

// specChecked passes every exchange of the generated client through the
// same openapi.yaml check as the tests' own requests (checkSpec), so the
// client, the spec and the server are held to each other in one test.
type specChecked struct{ t *testing.T }

func (s specChecked) RoundTrip(req *http.Request) (*http.Response, error) {
	var sent []byte
	if req.Body != nil {
		b, err := io.ReadAll(req.Body)
		if err != nil {
			return nil, err
		}
		sent = b
		req.Body = io.NopCloser(bytes.NewReader(sent))
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	raw, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	checkSpec(s.t, req, sent, resp.StatusCode, resp.Header, raw)
	resp.Body = io.NopCloser(bytes.NewReader(raw))
	return resp, nil
}

// apiClient is the generated client of package client for one role and
// organisation, as a municipality's or contractor's own tool would make it.
func (e *env) apiClient(role, org string) *client.ClientWithResponses {
	tok := e.token(role, org)
	c, err := client.NewClientWithResponses(e.url,
		client.WithHTTPClient(&http.Client{Transport: specChecked{e.t}}),
		client.WithRequestEditorFn(func(_ context.Context, req *http.Request) error {
			req.Header.Set("Authorization", "Bearer "+tok)
			return nil
		}))
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

func date(s string) types.Date {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return types.Date{Time: d}
}

// The generated client against the dev server: a valuation, a contract,
// the flag the deadline check raises on it, its resolution, and an error
// decoded into the spec's error model.
func TestGeneratedClient(t *testing.T) {
	e := newEnv(t)
	ctx := t.Context()
	e.clock.Set(at("2026-03-02 10:00:00"))
	mun, con := e.apiClient("municipality", "utrecht"), e.apiClient("contractor", "12345678")

	valued, err := mun.CreateValuationWithResponse(ctx, client.ValuationRequest{
		Municipality: "utrecht", ContractValueCents: 200_000_000, On: &types.Date{Time: at("2026-03-02 00:00:00")},
		Items: &[]client.ValuationItem{{Block: "bbl", Persons: ptr(int64(2)), HoursPerWeek: ptr(32.0), Months: ptr(12.0)}},
	})
	if err != nil || valued.JSON200 == nil {
		t.Fatalf("valuation: %v %s", err, valued.Body)
	}
	if v := valued.JSON200; !v.Applies || v.ObligationCents <= 0 || v.PlanValueCents <= 0 || len(v.Lines) != 1 {
		t.Fatalf("valuation: %+v", v)
	}

	created, err := mun.CreateContractWithResponse(ctx, client.CreateContractRequest{
		Reference: "CLI-1", Title: "Office cleaning", ContractorKvk: "12345678", ContractorName: "Schoon BV",
		ValueCents: 50_000_000, AwardedOn: date("2026-03-02"), StartsOn: date("2026-04-01"), EndsOn: date("2027-03-31"),
	})
	if err != nil || created.JSON201 == nil {
		t.Fatalf("contract: %v %s", err, created.Body)
	}
	id := created.JSON201.Id
	if created.JSON201.Municipality != "utrecht" || created.JSON201.Deadlines.RegistrationDue.String() != "2026-03-09" {
		t.Fatalf("contract: %+v", created.JSON201)
	}

	e.check("2026-03-10T06:00:00+01:00")
	open, err := mun.ListFlagsWithResponse(ctx, &client.ListFlagsParams{})
	if err != nil || open.JSON200 == nil {
		t.Fatalf("flags: %v %s", err, open.Body)
	}
	if items := open.JSON200.Items; len(items) != 1 || items[0].ContractId != id || items[0].Kind != client.RegistrationOverdue ||
		items[0].Status != client.FlagStateOpen || items[0].ResolvedAt != nil || open.JSON200.NextCursor != nil {
		t.Fatalf("open flags: %s", open.Body)
	}

	reg, err := con.RegisterContractWithResponse(ctx, id, &client.RegisterContractParams{},
		client.RegistrationRequest{ContactName: "A. de Vries", ContactEmail: "sr@schoon.nl"})
	if err != nil || reg.JSON200 == nil || len(reg.JSON200.OpenFlags) != 0 {
		t.Fatalf("registration: %v %s", err, reg.Body)
	}
	resolved, err := mun.ListFlagsWithResponse(ctx, &client.ListFlagsParams{Status: ptr(client.ListFlagsParamsStatusResolved)})
	if err != nil || resolved.JSON200 == nil || len(resolved.JSON200.Items) != 1 || resolved.JSON200.Items[0].ResolvedAt == nil {
		t.Fatalf("resolved flags: %v %s", err, resolved.Body)
	}

	// A value the enum does not hold reaches the API, whose 422 decodes into
	// the error model.
	bad, err := mun.ListFlagsWithResponse(ctx, &client.ListFlagsParams{Status: ptr(client.ListFlagsParamsStatus("bogus"))})
	if err != nil || bad.JSON422 == nil || bad.JSON422.Error.Code != client.ErrorErrorCodeValidationFailed || bad.JSON422.Error.RequestId == "" {
		t.Fatalf("bad status: %v %d %s", err, bad.StatusCode(), bad.Body)
	}
}

func ptr[T any](v T) *T { return &v }
