// Package jobs holds the handlers of the functions that no HTTP request
// starts: the daily deadline check (EventBridge Scheduler) and the check of
// uploaded evidence (S3 notifications through SQS). Like the HTTP handlers
// they translate events; the rules are in the domain services.
package jobs

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/srmonitor/srmonitor/shared/civil"
	"github.com/srmonitor/srmonitor/shared/contract"
	"github.com/srmonitor/srmonitor/shared/logs"
)

// CheckInput is the scheduled event: {"as_of": "<RFC 3339>"}, default now.
type CheckInput struct {
	AsOf string `json:"as_of"`
}

// CheckOutput is what one run of the deadline check did.
type CheckOutput struct {
	AsOf         civil.Instant  `json:"as_of"`
	Checked      int            `json:"checked"`
	Raised       int            `json:"raised"`
	Resolved     int            `json:"resolved"`
	RaisedByKind map[string]int `json:"raised_by_kind"`
	Reminded     int            `json:"reminded"`
	ItemsRead    int            `json:"items_read"`
	Failed       []string       `json:"failed"`
}

// DeadlineCheck serves DeadlineCheckFunction.
func DeadlineCheck(svc *contract.Service, now func() time.Time, log *slog.Logger) func(context.Context, CheckInput) (CheckOutput, error) {
	return func(ctx context.Context, in CheckInput) (CheckOutput, error) {
		ctx = logs.Into(ctx, log)
		asOf := now()
		if in.AsOf != "" {
			t, err := time.Parse(time.RFC3339, in.AsOf)
			if err != nil {
				return CheckOutput{}, errors.New(`as_of must be an RFC 3339 time such as "2026-03-10T06:00:00+01:00"`)
			}
			asOf = t
		}
		sum, err := svc.CheckDeadlines(ctx, asOf)
		out := CheckOutput{AsOf: civil.Instant(sum.AsOf), Checked: sum.Checked, Raised: sum.Raised, Resolved: sum.Resolved,
			RaisedByKind: sum.RaisedByKind, Reminded: sum.Reminded, ItemsRead: sum.ItemsRead, Failed: sum.Failed}
		if out.Failed == nil {
			out.Failed = []string{}
		}
		log.Info("deadline check", slog.Time("as_of", asOf), "checked", out.Checked, "raised", out.Raised,
			"resolved", out.Resolved, "raised_by_kind", out.RaisedByKind, "reminded", out.Reminded, "items_read", out.ItemsRead, "failed", len(out.Failed))
		// Failing the run makes the scheduler retry it (and dead-letter it
		// in the end); contracts flagged already are not flagged again.
		return out, err
	}
}
