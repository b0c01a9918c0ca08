package mail

import (
	"context"
	"fmt"

	"github.com/srmonitor/srmonitor/shared/events"
	"github.com/srmonitor/srmonitor/shared/logs"
	"github.com/srmonitor/srmonitor/shared/office"
	"github.com/srmonitor/srmonitor/shared/policy"
)

// Sender sends one e-mail (Amazon SES in AWS).
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// Contacts finds the contractor's contact address of a contract (its
// registered contact, or the address recorded at award) and the language
// it chose; "" when there is none.
type Contacts interface {
	Contact(ctx context.Context, contractID string) (email, language string, err error)
}

// SentLog remembers which e-mails went out, so a redelivered event sends
// nothing twice.
type SentLog interface {
	Sent(ctx context.Context, noticeID, to string) (bool, error)
	MarkSent(ctx context.Context, noticeID, to string) error
}

// Service delivers the e-mails of events.
type Service struct {
	Sender    Sender
	Contacts  Contacts
	Offices   office.Repository
	Sent      SentLog
	Policies  *policy.Registry
	PortalURL string
}

// Deliver sends the e-mails of one event, each once. An e-mail is marked
// sent after it went out: a failure between the two sends it again on the
// retry rather than losing it.
func (s *Service) Deliver(ctx context.Context, d events.Detail) error {
	log := logs.From(ctx)
	m, ok := s.Policies.Municipality(d.Municipality)
	if !ok {
		return fmt.Errorf("mail: unknown municipality %q", d.Municipality)
	}
	place := Place{Municipality: m.Name, Office: m.SROffice, PortalURL: s.PortalURL}
	for _, audience := range Audiences(d) {
		to, lang, err := s.address(ctx, d, audience)
		if err != nil {
			return err
		}
		if to == "" {
			log.Info("no address to send to", "notice_id", d.ID, "kind", d.Kind, "audience", audience)
			continue
		}
		msg, ok := Compose(d, audience, lang, place)
		if !ok {
			continue
		}
		msg.To = to
		if sent, err := s.Sent.Sent(ctx, d.ID, to); err != nil || sent {
			if err != nil {
				return err
			}
			continue
		}
		if err := s.Sender.Send(ctx, msg); err != nil {
			return fmt.Errorf("mail: sending %s to the %s: %w", d.ID, audience, err)
		}
		if err := s.Sent.MarkSent(ctx, d.ID, to); err != nil {
			return err
		}
		log.Info("e-mail sent", "notice_id", d.ID, "kind", d.Kind, "audience", audience, "language", lang)
	}
	return nil
}

func (s *Service) address(ctx context.Context, d events.Detail, audience string) (string, string, error) {
	if audience == Office {
		set, err := office.Of(ctx, s.Offices, d.Municipality)
		if err != nil {
			return "", "", err
		}
		return set.Email, set.Language, nil
	}
	return s.Contacts.Contact(ctx, d.ContractID)
}
