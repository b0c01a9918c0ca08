package mail

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/srmonitor/srmonitor/shared/civil"
	"github.com/srmonitor/srmonitor/shared/contract"
	"github.com/srmonitor/srmonitor/shared/events"
	"github.com/srmonitor/srmonitor/shared/office"
	"github.com/srmonitor/srmonitor/shared/policy"
)

func ptr[T any](v T) *T { return &v }

func detail(kind string) events.Detail {
	return events.Detail{ID: "c_1.3.1", Kind: kind, At: civil.Instant(time.Date(2026, 3, 2, 6, 0, 0, 0, time.UTC)), ContractID: "c_1",
		Municipality: "utrecht", Reference: "UTR-1", Title: "Groenonderhoud", ContractorKvK: "12345678", ContractorName: "Groen BV",
		Due: ptr(civil.MustParse("2026-03-09"))}
}

var place = Place{Municipality: "Utrecht", Office: "SR-bureau Utrecht", PortalURL: "https://srmonitor.example/"}

// Every kind says, in both languages, which contract, what is due when,
// and where to act.
func TestEveryEmailNamesTheContractTheDateAndTheLink(t *testing.T) {
	cases := []struct {
		d        events.Detail
		audience string
		nl, en   string // a phrase each must carry
	}{
		{detail(contract.NoticeContractAwarded), Contractor, "meld u aan bij SR-bureau Utrecht, uiterlijk op maandag 9 maart 2026", "register with SR-bureau Utrecht by Monday 9 March 2026"},
		{func() events.Detail {
			d := detail(contract.NoticeDeadlineApproaching)
			d.Deadline, d.Audience = contract.RegistrationDeadline, Contractor
			return d
		}(), Contractor, "uiterlijk op maandag 9 maart 2026", "due on Monday 9 March 2026"},
		{func() events.Detail {
			d := detail(contract.NoticeDeadlineApproaching)
			d.Deadline, d.Audience = contract.PlanDeadline, Office
			return d
		}(), Office, "beoordeel vóór maandag 9 maart 2026", "by Monday 9 March 2026"},
		{func() events.Detail {
			d := detail(contract.NoticeDeadlineApproaching)
			d.Deadline, d.Audience, d.Period = contract.ReportDeadline, Contractor, "2026-Q2"
			return d
		}(), Contractor, "het 2e kwartaal van 2026", "the second quarter of 2026"},
		{func() events.Detail {
			d := detail(contract.NoticeFlagRaised)
			d.FlagKind, d.FineCents = contract.ObligationShortfall, ptr(int64(123456))
			return d
		}(), Contractor, "€ 1.234,56", "EUR 1,234.56"},
		{func() events.Detail {
			d := detail(contract.NoticeFlagResolved)
			d.FlagStatus, d.FineCents, d.Decision, d.Note = contract.FlagFined, ptr(int64(50000)), "fine", "effort shown"
			return d
		}(), Contractor, "boete opgelegd van € 500,00", "a fine of EUR 500.00"},
		{func() events.Detail {
			d := detail(contract.NoticePlanSubmitted)
			d.Revision, d.ValueCents = 2, ptr(int64(100))
			return d
		}(), Office, "(versie 2), gewaardeerd op € 1,00", "(revision 2), valued at EUR 1.00"},
		{func() events.Detail {
			d := detail(contract.NoticeReportDecided)
			d.Period, d.Decision, d.Note = "final", contract.Rejected, "payslips missing"
			return d
		}(), Contractor, "de eindrapportage", "the final report"}, {func() events.Detail {
			d := detail(contract.NoticeContractAmended)
			d.Note = "ends early"
			return d
		}(), Contractor, "Reden: ends early", "Reason: ends early"},
		{func() events.Detail {
			d := detail(contract.NoticeContractCancelled)
			d.Note = "project stopped"
			return d
		}(), Contractor, "geannuleerd", "cancelled the contract"},
	}
	for _, c := range cases {
		for lang, phrase := range map[string]string{"nl": c.nl, "en": c.en} {
			m, ok := Compose(c.d, c.audience, lang, place)
			if !ok {
				t.Fatalf("%s %s: nothing composed", c.d.Kind, lang)
			}
			text := m.Subject + "\n" + m.Text
			for _, want := range []string{"UTR-1", phrase, "https://srmonitor.example/contracten/c_1"} {
				if !strings.Contains(text, want) {
					t.Errorf("%s %s: %q missing in\n%s", c.d.Kind, lang, want, text)
				}
			}
			if c.d.Note != "" && !strings.Contains(m.Text, c.d.Note) {
				t.Errorf("%s %s: the note is missing", c.d.Kind, lang)
			}
		}
	}
}

func TestAudiences(t *testing.T) {
	resolved := detail(contract.NoticeFlagResolved)
	resolved.FlagStatus = contract.FlagResolved
	if a := Audiences(resolved); len(a) != 0 {
		t.Errorf("a flag resolved by its cause tells %v", a)
	}
	if a := Audiences(detail(contract.NoticeFlagRaised)); len(a) != 2 {
		t.Errorf("a raised flag tells %v", a)
	}
	if a := Audiences(detail(contract.NoticePlanSubmitted)); len(a) != 1 || a[0] != Office {
		t.Errorf("a submitted plan tells %v", a)
	}
}

type sender struct {
	sent  []Message
	fails int
}

func (s *sender) Send(_ context.Context, m Message) error {
	if s.fails > 0 {
		s.fails--
		return errors.New("throttled")
	}
	s.sent = append(s.sent, m)
	return nil
}

type book struct{}

func (book) Contact(context.Context, string) (string, string, error) {
	return "hr@groen.example", "en", nil
}

type offices map[string]*office.Settings

func (o offices) Get(_ context.Context, m string) (*office.Settings, error) {
	if s, ok := o[m]; ok {
		return s, nil
	}
	return nil, office.ErrNotFound
}
func (o offices) Put(context.Context, *office.Settings) error { return nil }

type sentLog map[string]bool

func (l sentLog) Sent(_ context.Context, id, to string) (bool, error) { return l[id+to], nil }
func (l sentLog) MarkSent(_ context.Context, id, to string) error     { l[id+to] = true; return nil }

// Each e-mail goes out once: a failed send is retried with the event, and
// a redelivered event sends nothing again.
func TestDeliverSendsEachOnce(t *testing.T) {
	s := &sender{fails: 1}
	svc := &Service{Sender: s, Contacts: book{}, Offices: offices{"utrecht": {Email: "sr@utrecht.example", Language: "nl"}},
		Sent: sentLog{}, Policies: policy.Default()}
	d := detail(contract.NoticeFlagRaised)
	d.FlagKind = contract.RegistrationOverdue
	if err := svc.Deliver(context.Background(), d); err == nil {
		t.Fatal("a failed send was not reported")
	}
	for range 2 {
		if err := svc.Deliver(context.Background(), d); err != nil {
			t.Fatal(err)
		}
	}
	if len(s.sent) != 2 || s.sent[0].To != "hr@groen.example" || !strings.HasPrefix(s.sent[0].Subject, "Deadline passed") ||
		s.sent[1].To != "sr@utrecht.example" || !strings.HasPrefix(s.sent[1].Subject, "Termijn verstreken") {
		t.Fatalf("sent %+v", s.sent)
	}
	// An office without an address gets no e-mail; the contractor still does.
	s2 := &sender{}
	d.ID, d.Municipality = "c_1.4.1", "amsterdam"
	svc.Sender = s2
	if err := svc.Deliver(context.Background(), d); err != nil || len(s2.sent) != 1 {
		t.Fatalf("%+v %v", s2.sent, err)
	}
}
