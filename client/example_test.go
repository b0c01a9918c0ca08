package client_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"os"

	"github.com/srmonitor/srmonitor/client"
)

// Value a plan and list the open deadline flags, as a municipality's own
// tool would. Against make run: SRMONITOR_URL=http://127.0.0.1:8080 and
// SRMONITOR_TOKEN=$(make -s token ROLE=municipality ORG=utrecht); in AWS the
// stack's ApiUrl (or the portal's URL) and an ID token of your identity
// provider. The end-to-end test infra/devserver/client_e2e_test.go makes the
// same calls against the dev server.
func Example() {
	ctx := context.Background()
	token := os.Getenv("SRMONITOR_TOKEN")
	api, err := client.NewClientWithResponses(os.Getenv("SRMONITOR_URL"),
		client.WithRequestEditorFn(func(_ context.Context, req *http.Request) error {
			req.Header.Set("Authorization", "Bearer "+token)
			return nil
		}))
	if err != nil {
		log.Fatal(err)
	}

	// POST /valuations: 2 persons in a BBL job, 32 hours a week, a year.
	valued, err := api.CreateValuationWithResponse(ctx, client.ValuationRequest{
		Municipality:       "utrecht",
		ContractValueCents: 200_000_000, // € 2,000,000.00
		Items: &[]client.ValuationItem{{
			Block: "bbl", Persons: ptr(int64(2)), HoursPerWeek: ptr(32.0), Months: ptr(12.0),
		}},
	})
	if err != nil {
		log.Fatal(err)
	}
	if valued.JSON200 == nil {
		// Every error has the same shape; the typed field is the status's.
		log.Fatalf("valuation: %d %s", valued.StatusCode(), valued.Body)
	}
	v := valued.JSON200
	fmt.Printf("obligation %d cents, plan %d cents, shortfall %d cents\n", v.ObligationCents, v.PlanValueCents, v.ShortfallCents)

	// GET /flags: the open ones by default; follow next_cursor for more.
	params := &client.ListFlagsParams{}
	for {
		flags, err := api.ListFlagsWithResponse(ctx, params)
		if err != nil {
			log.Fatal(err)
		}
		if flags.JSON200 == nil {
			log.Fatalf("flags: %d %s", flags.StatusCode(), flags.Body)
		}
		for _, f := range flags.JSON200.Items {
			fmt.Printf("%s %s: %s since %s\n", f.Reference, f.Title, f.Kind, f.Due)
		}
		if flags.JSON200.NextCursor == nil {
			break
		}
		params.Cursor = flags.JSON200.NextCursor
	}
}

func ptr[T any](v T) *T { return &v }
