// Package deadlinecheck is the handler of DeadlineCheckFunction, which the
// daily schedule (EventBridge Scheduler) starts. Like every event handler
// under shared/jobs it translates the event and leaves the rules to the
// domain service; each handler is a package of its own, so a function links
// only what its handler uses.
package deadlinecheck

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/srmonitor/srmonitor/shared/civil"
	"github.com/srmonitor/srmonitor/shared/contract"
	"github.com/srmonitor/srmonitor/shared/logs"
	"github.com/srmonitor/srmonitor/shared/metrics"
)

// Input is the scheduled event: {"as_of": "<RFC 3339>"}, default now.
type Input struct {
	AsOf string `json:"as_of"`
}

// Output is what one run of the deadline check did.
type Output struct {
	AsOf         civil.Instant  `json:"as_of"`
	Checked      int            `json:"checked"`
	Raised       int            `json:"raised"`
	Resolved     int            `json:"resolved"`
	RaisedByKind map[string]int `json:"raised_by_kind"`
	Reminded     int            `json:"reminded"`
	ItemsRead    int            `json:"items_read"`
	Failed       []string       `json:"failed"`
}

// Handler serves DeadlineCheckFunction. Its figures go to the
// metrics too: what it checked, raised (by kind), resolved and reminded,
// the items it read, the contracts that failed, and how long it took.
func Handler(svc *contract.Service, now func() time.Time, log *slog.Logger, m *metrics.Emitter) func(context.Context, Input) (Output, error) {
	return func(ctx context.Context, in Input) (Output, error) {
		ctx = logs.Into(ctx, log)
		start := time.Now()
		asOf := now()
		if in.AsOf != "" {
			t, err := time.Parse(time.RFC3339, in.AsOf)
			if err != nil {
				return Output{}, errors.New(`as_of must be an RFC 3339 time such as "2026-03-10T06:00:00+01:00"`)
			}
			asOf = t
		}
		sum, err := svc.CheckDeadlines(ctx, asOf)
		out := Output{AsOf: civil.Instant(sum.AsOf), Checked: sum.Checked, Raised: sum.Raised, Resolved: sum.Resolved,
			RaisedByKind: sum.RaisedByKind, Reminded: sum.Reminded, ItemsRead: sum.ItemsRead, Failed: sum.Failed}
		if out.Failed == nil {
			out.Failed = []string{}
		}
		log.Info("deadline check", slog.Time("as_of", asOf), "checked", out.Checked, "raised", out.Raised,
			"resolved", out.Resolved, "raised_by_kind", out.RaisedByKind, "reminded", out.Reminded, "items_read", out.ItemsRead, "failed", len(out.Failed))
		m.Emit(nil,
			metrics.Metric{Name: "ContractsChecked", Value: float64(out.Checked), Unit: metrics.Count},
			metrics.Metric{Name: "FlagsRaisedTotal", Value: float64(out.Raised), Unit: metrics.Count},
			metrics.Metric{Name: "FlagsResolvedByCheck", Value: float64(out.Resolved), Unit: metrics.Count},
			metrics.Metric{Name: "Reminders", Value: float64(out.Reminded), Unit: metrics.Count},
			metrics.Metric{Name: "ItemsRead", Value: float64(out.ItemsRead), Unit: metrics.Count},
			metrics.Metric{Name: "ContractsFailed", Value: float64(len(out.Failed)), Unit: metrics.Count},
			metrics.Metric{Name: "CheckDuration", Value: float64(time.Since(start).Milliseconds()), Unit: metrics.Milliseconds})
		for kind, n := range out.RaisedByKind {
			m.Emit([]metrics.Dimension{{Name: "FlagKind", Value: kind}}, metrics.Metric{Name: "FlagsRaised", Value: float64(n), Unit: metrics.Count})
		}
		// Failing the run makes the scheduler retry it (and dead-letter it
		// in the end); contracts flagged already are not flagged again.
		return out, err
	}
}
