package contract

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/srmonitor/srmonitor/shared/civil"
	"github.com/srmonitor/srmonitor/shared/logs"
)

// CheckSummary is what one run of the deadline check did.
type CheckSummary struct {
	AsOf         time.Time
	Checked      int // due contracts looked at
	Raised       int
	Resolved     int
	RaisedByKind map[string]int
	Reminded     int // reminders sent
	// ItemsRead counts the items read: the index entries, and a contract
	// read again when its index entry was behind its latest write.
	ItemsRead int
	// Failed lists the contracts that could not be checked; the others
	// were checked all the same.
	Failed []string
}

// CheckDeadlines raises a flag for every deadline that passed unmet as of
// asOf, on every contract the deadline index finds due, and returns what
// it did. A contract that cannot be read or written is reported in the
// summary and in the error, after all the others were checked: a retry of
// the run redoes only what failed, since what was flagged left the index.
func (s *Service) CheckDeadlines(ctx context.Context, asOf time.Time) (CheckSummary, error) {
	log := logs.From(ctx)
	sum := CheckSummary{AsOf: asOf, RaisedByKind: map[string]int{}}
	due, err := s.Repo.Due(ctx, civil.Today(asOf))
	sum.ItemsRead = due.ItemsRead
	if err != nil {
		return sum, err
	}
	for _, id := range due.Unreadable {
		log.Error("deadline check: contract cannot be read", "contract_id", id)
		sum.Failed = append(sum.Failed, id)
	}
	// The whole change happens as of asOf, so flags raised for a date are
	// not resolved again by the same write's idea of now; re-reads of
	// contracts whose index entry lagged are counted.
	reads := &countingReads{Repository: s.Repo}
	at := *s
	at.Now, at.Repo = func() time.Time { return asOf }, reads
	for i := range due.Contracts {
		c := &due.Contracts[i]
		sum.Checked++
		_, w, err := at.updateWrite(ctx, system, c.ID, c, nil, func(c *Contract, _ time.Time) (string, map[string]any, Write, error) {
			n := c.raiseFlags(asOf)
			sent := len(c.Reminded)
			reminders := c.remind(asOf, c.ReminderDays)
			if n == 0 && len(c.Reminded) == sent {
				return "", nil, Write{}, errNothingToDo
			}
			var flags []string
			for _, f := range c.Flags[len(c.Flags)-n:] {
				flags = append(flags, f.ID)
			}
			action := "flags_raised"
			if n == 0 {
				action = "reminders_sent"
			}
			return action, map[string]any{"flag_ids": nonNil(flags), "reminders": len(reminders)}, Write{Notices: reminders}, nil
		})
		switch {
		case errors.Is(err, errNothingToDo):
			continue
		case err != nil:
			log.Error("deadline check failed", "contract_id", c.ID, "error", err.Error())
			sum.Failed = append(sum.Failed, c.ID)
			continue
		}
		for _, n := range w.Notices {
			switch n.Kind {
			case NoticeFlagRaised:
				sum.Raised++
				sum.RaisedByKind[n.FlagKind]++
			case NoticeFlagResolved:
				sum.Resolved++
			case NoticeDeadlineApproaching:
				sum.Reminded++
			}
		}
	}
	sum.ItemsRead += reads.n
	if len(sum.Failed) > 0 {
		return sum, fmt.Errorf("deadline check: %d of %d contracts failed (%s); the others were checked", len(sum.Failed), len(due.Contracts)+len(due.Unreadable), strings.Join(sum.Failed, ", "))
	}
	return sum, nil
}

// countingReads counts the contracts a run reads besides the index.
type countingReads struct {
	Repository
	n int
}

func (r *countingReads) Get(ctx context.Context, id string) (*Contract, error) {
	r.n++
	return r.Repository.Get(ctx, id)
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
