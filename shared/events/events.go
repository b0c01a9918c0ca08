// Package events is the schema of the events srmonitor publishes (source
// "srmonitor", one detail type per notice kind) for the e-mail function and
// for municipalities' own systems. Every event carries a stable id in its
// detail: EventBridge delivers at least once, so consumers drop duplicates
// by it. It holds no addresses: who is told is looked up when they are.
package events

import (
	"github.com/srmonitor/srmonitor/shared/civil"
	"github.com/srmonitor/srmonitor/shared/contract"
)

// Source is the EventBridge source of every srmonitor event.
const Source = "srmonitor"

// Detail is an event's detail: a notice as the world sees it. Its
// detail-type is Kind.
type Detail struct {
	ID             string        `json:"id"`
	Kind           string        `json:"kind"`
	At             civil.Instant `json:"at"`
	ContractID     string        `json:"contract_id"`
	Municipality   string        `json:"municipality"`
	Reference      string        `json:"reference"`
	Title          string        `json:"title"`
	ContractorKvK  string        `json:"contractor_kvk"`
	ContractorName string        `json:"contractor_name"`
	Deadline       string        `json:"deadline,omitempty"`
	Audience       string        `json:"audience,omitempty"`
	Period         string        `json:"period,omitempty"`
	Due            *civil.Date   `json:"due,omitempty"`
	FlagID         string        `json:"flag_id,omitempty"`
	FlagKind       string        `json:"flag_kind,omitempty"`
	FlagStatus     string        `json:"flag_status,omitempty"`
	FineCents      *int64        `json:"fine_cents,omitempty"`
	Revision       int           `json:"revision,omitempty"`
	Decision       string        `json:"decision,omitempty"`
	Note           string        `json:"note,omitempty"`
	ValueCents     *int64        `json:"value_cents,omitempty"`
}

// FromNotice is the event of a notice.
func FromNotice(n contract.Notice) Detail {
	return Detail{ID: n.ID, Kind: n.Kind, At: civil.Instant(n.At), ContractID: n.ContractID, Municipality: n.Municipality,
		Reference: n.Reference, Title: n.Title, ContractorKvK: n.ContractorKvK, ContractorName: n.ContractorName,
		Deadline: n.Deadline, Audience: n.Audience, Period: n.Period, Due: n.Due, FlagID: n.FlagID, FlagKind: n.FlagKind,
		FlagStatus: n.FlagStatus, FineCents: n.FineCents, Revision: n.Revision, Decision: n.Decision, Note: n.Note,
		ValueCents: n.ValueCents}
}
