package api

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"time"

	"github.com/srmonitor/srmonitor/shared/app"
	"github.com/srmonitor/srmonitor/shared/civil"
	"github.com/srmonitor/srmonitor/shared/contract"
	"github.com/srmonitor/srmonitor/shared/httpapi"
	"github.com/srmonitor/srmonitor/shared/logs"
)

var flagKinds = []string{contract.RegistrationOverdue, contract.PlanOverdue, contract.ReportOverdue, contract.ObligationShortfall}

// Flags serves FlagsFunction: the deadline flags and decisions on fines.
func Flags(d *app.Deps) httpapi.Handler {
	svc := wire(d).contracts
	return httpapi.NewHandler(httpapi.Routes{
		// A page holds the flags of up to limit contracts that have flags.
		"GET /flags": {Handle: func(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
			limit, cursor, err := r.Page()
			if err != nil {
				return httpapi.Response{}, err
			}
			status, kind := r.Query("status"), r.Query("kind")
			if status == "" {
				status = "open"
			}
			if !slices.Contains([]string{"open", "resolved", "fined", "waived", "all"}, status) {
				return httpapi.Response{}, httpapi.Invalid("status", "must be open, resolved, fined, waived or all")
			}
			if kind != "" && !slices.Contains(flagKinds, kind) {
				return httpapi.Response{}, httpapi.Invalid("kind", "must be registration_overdue, plan_overdue, report_overdue or obligation_shortfall")
			}
			cs, next, err := svc.List(ctx, r.Principal, contract.Query{WithFlags: true, Limit: limit, Cursor: cursor})
			if err != nil {
				return httpapi.Response{}, contractError(err)
			}
			out := []*contract.Flag{}
			for _, c := range cs {
				for _, f := range c.Flags {
					if (status == "all" || f.Status == status) && (kind == "" || f.Kind == kind) {
						out = append(out, f)
					}
				}
			}
			return httpapi.OK(page(out, next)), nil
		}},
		"POST /flags/{id}/decision": {Roles: municipalityOnly, Handle: func(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
			var in contract.FlagDecisionInput
			if err := r.Decode(&in); err != nil {
				return httpapi.Response{}, err
			}
			f, err := svc.DecideFlag(ctx, r.Principal, r.Path("id"), in)
			if err != nil {
				if errors.Is(err, contract.ErrNotFound) {
					err = contract.ErrFlagNotFound
				}
				return httpapi.Response{}, contractError(err)
			}
			return httpapi.OK(f), nil
		}},
	}, d.Log)
}

// CheckInput is the scheduled event: {"as_of": "<RFC 3339>"}, default now.
type CheckInput struct {
	AsOf string `json:"as_of"`
}

// CheckSummary is what one run of the deadline check did.
type CheckSummary struct {
	AsOf      time.Time      `json:"as_of"`
	Checked   int            `json:"checked"`
	Raised    int            `json:"raised"`
	Resolved  int            `json:"resolved"`
	ByKind    map[string]int `json:"raised_by_kind"`
	ItemsRead int            `json:"items_read"`
	Failed    int            `json:"failed"`
}

// DeadlineCheck serves DeadlineCheckFunction: it reads only the contracts
// whose next unflagged deadline has passed (the gsi3 index), and flags them.
func DeadlineCheck(d *app.Deps) func(context.Context, CheckInput) (CheckSummary, error) {
	w := wire(d)
	svc, repo := w.contracts, w.repo
	return func(ctx context.Context, in CheckInput) (CheckSummary, error) {
		log := d.Log
		ctx = logs.Into(ctx, log)
		asOf := d.Now()
		if in.AsOf != "" {
			t, err := time.Parse(time.RFC3339, in.AsOf)
			if err != nil {
				return CheckSummary{}, errors.New(`as_of must be an RFC 3339 time such as "2026-03-10T06:00:00+01:00"`)
			}
			asOf = t
		}
		sum := CheckSummary{AsOf: asOf, ByKind: map[string]int{}}
		ids, read, err := repo.Due(ctx, civil.Today(asOf).String())
		sum.ItemsRead = read
		if err != nil {
			return sum, err
		}
		var failures []error
		for _, id := range ids {
			sum.Checked++
			sum.ItemsRead++ // the consistent read of the contract
			changed, err := svc.CheckDeadlines(ctx, id, asOf)
			if err != nil {
				sum.Failed++
				failures = append(failures, err)
				log.Error("deadline check failed", "contract_id", id, "error", err.Error())
				continue
			}
			for _, ev := range changed {
				if ev.DetailType == contract.FlagResolved {
					sum.Resolved++
					continue
				}
				sum.Raised++
				sum.ByKind[ev.Flag.Kind]++
			}
		}
		log.Info("deadline check", slog.Time("as_of", asOf), "checked", sum.Checked, "raised", sum.Raised,
			"resolved", sum.Resolved, "raised_by_kind", sum.ByKind, "items_read", sum.ItemsRead, "failed", sum.Failed)
		// Failing the run makes the scheduler retry it (and dead-letter it
		// in the end); contracts already flagged are not flagged again.
		return sum, errors.Join(failures...)
	}
}
