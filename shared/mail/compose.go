// Package mail turns srmonitor's events into plain e-mails, in Dutch or in
// English, for the contractor's contact and the SR office: every e-mail
// names the contract (reference, title), what is due when, and where to
// act. It knows the mail service and the address book only as ports.
package mail

import (
	"fmt"
	"strings"

	"github.com/srmonitor/srmonitor/shared/civil"
	"github.com/srmonitor/srmonitor/shared/contract"
	"github.com/srmonitor/srmonitor/shared/events"
)

// Message is one e-mail.
type Message struct {
	To      string
	Subject string
	Text    string
}

// Audiences: who an event is for.
const (
	Contractor = contract.ToContractor
	Office     = contract.ToOffice
)

// Audiences lists who hears of an event. A flag resolved because its cause
// was met tells nobody: both parties saw the cause met.
func Audiences(d events.Detail) []string {
	switch d.Kind {
	case contract.NoticeContractAwarded, contract.NoticePlanDecided, contract.NoticeReportDecided,
		contract.NoticeContractAmended, contract.NoticeContractCancelled:
		return []string{Contractor}
	case contract.NoticePlanSubmitted, contract.NoticeReportSubmitted:
		return []string{Office}
	case contract.NoticeDeadlineApproaching:
		return []string{d.Audience}
	case contract.NoticeFlagRaised:
		return []string{Contractor, Office}
	case contract.NoticeFlagResolved:
		if d.FlagStatus == contract.FlagFined || d.FlagStatus == contract.FlagWaived {
			return []string{Contractor}
		}
	}
	return nil
}

// Place is the municipality and office an event comes from, for the text.
type Place struct {
	Municipality string // its name: "Utrecht"
	Office       string // the SR office: "WerkgeversServicepunt regio Amersfoort"
	PortalURL    string // where the portal is; "" leaves the link out
}

// Compose writes the e-mail of an event for one audience in lang (nl or
// en); false when the event has nothing to say to it.
func Compose(d events.Detail, audience, lang string, pl Place) (Message, bool) {
	w := writer{d: d, en: lang == "en", pl: pl}
	var subject, body string
	switch d.Kind {
	case contract.NoticeContractAwarded:
		subject = w.t("Social return bij %s: meld u aan vóór %s", "Social return on %s: register by %s", d.Reference, w.date(d.Due))
		body = w.t("U heeft de opdracht %s gegund gekregen van de gemeente %s. Aan deze opdracht is een social return-verplichting verbonden.\n\nWat u moet doen: meld u aan bij %s, uiterlijk op %s. Daarna stelt u samen met het SR-bureau een plan van aanpak op.",
			"You were awarded the contract %s by the municipality of %s. The contract carries a social return obligation.\n\nWhat to do: register with %s by %s. You then draw up a plan of approach with the SR office.",
			w.contract(), pl.Municipality, pl.Office, w.date(d.Due))
	case contract.NoticeContractAmended:
		subject = w.t("Afspraken gewijzigd bij %s", "Terms changed on %s", d.Reference)
		body = w.t("De gemeente %s heeft de afspraken over de opdracht %s gewijzigd. De verplichting en de termijnen zijn opnieuw berekend; u ziet ze in het portaal.\n\nReden: %s",
			"The municipality of %s changed the terms of the contract %s. The obligation and the deadlines were worked out again; the portal shows them.\n\nReason: %s",
			pl.Municipality, w.contract(), d.Note)
	case contract.NoticeContractCancelled:
		subject = w.t("Opdracht geannuleerd: %s", "Contract cancelled: %s", d.Reference)
		body = w.t("De gemeente %s heeft de opdracht %s geannuleerd. U hoeft voor deze opdracht niets meer aan social return te doen of te rapporteren.\n\nReden: %s",
			"The municipality of %s cancelled the contract %s. Nothing more is owed or to be reported on social return for it.\n\nReason: %s",
			pl.Municipality, w.contract(), d.Note)
	case contract.NoticeDeadlineApproaching:
		subject, body = w.reminder()
	case contract.NoticeFlagRaised:
		subject = w.t("Termijn verstreken bij %s: %s", "Deadline passed on %s: %s", d.Reference, w.flagWhat())
		body = w.t("Bij de opdracht %s is een termijn verstreken: %s (uiterlijk %s).", "A deadline of the contract %s has passed: %s (due %s).",
			w.contract(), w.flagWhat(), w.date(d.Due))
		if d.FlagKind == contract.ObligationShortfall && d.FineCents != nil {
			body += w.t("\n\nDe social return-verplichting is niet volledig ingevuld. De voorgestelde boete is %s; het SR-bureau besluit na een gesprek over de boete.",
				"\n\nThe social return obligation was not fully met. The proposed fine is %s; the SR office decides on it after a conversation.", w.money(*d.FineCents))
		} else if audience == Contractor {
			body += "\n\n" + w.flagAction()
		}
	case contract.NoticeFlagResolved:
		if d.FlagStatus == contract.FlagFined && d.FineCents != nil {
			subject = w.t("Besluit over de boete bij %s", "Decision on the fine for %s", d.Reference)
			body = w.t("Het SR-bureau heeft bij de opdracht %s een boete opgelegd van %s, in te houden op de laatste factuur.",
				"The SR office imposed a fine of %[2]s on the contract %[1]s, to be withheld from the last invoice.", w.contract(), w.money(*d.FineCents))
		} else {
			subject = w.t("Besluit over de boete bij %s", "Decision on the fine for %s", d.Reference)
			body = w.t("Het SR-bureau ziet bij de opdracht %s af van een boete.", "The SR office waives the fine on the contract %s.", w.contract())
		}
		if d.Note != "" {
			body += w.t("\n\nToelichting: %s", "\n\nReason: %s", d.Note)
		}
	case contract.NoticePlanSubmitted:
		subject = w.t("Plan van aanpak ter beoordeling: %s", "Plan of approach to decide on: %s", d.Reference)
		body = w.t("%s heeft voor de opdracht %s een plan van aanpak ingediend (versie %d)%s. Het plan wacht op uw beoordeling.",
			"%s submitted a plan of approach for the contract %s (revision %d)%s. It awaits your decision.",
			d.ContractorName, w.contract(), d.Revision, w.valued())
	case contract.NoticeReportSubmitted:
		subject = w.t("Rapportage ter beoordeling: %s, %s", "Report to decide on: %s, %s", d.Reference, w.period())
		body = w.t("%s heeft voor de opdracht %s de rapportage over %s ingediend (versie %d)%s. De rapportage wacht op uw beoordeling.",
			"%s submitted the report on %[3]s for the contract %[2]s (revision %[4]d)%[5]s. It awaits your decision.",
			d.ContractorName, w.contract(), w.period(), d.Revision, w.valued())
	case contract.NoticePlanDecided:
		subject = w.t("Uw plan van aanpak is %s: %s", "Your plan of approach was %s: %s", w.verdict(), d.Reference)
		body = w.t("Het SR-bureau heeft uw plan van aanpak voor de opdracht %s (versie %d) %s.", "The SR office %[3]s your plan of approach for the contract %[1]s (revision %[2]d).",
			w.contract(), d.Revision, w.verdict())
		if d.Decision == contract.Rejected {
			body += w.t("\n\nWat u moet doen: pas het plan aan en dien het opnieuw in.", "\n\nWhat to do: revise the plan and submit it again.")
		}
		if d.Note != "" {
			body += w.t("\n\nToelichting: %s", "\n\nNote: %s", d.Note)
		}
	case contract.NoticeReportDecided:
		subject = w.t("Uw rapportage is %s: %s, %s", "Your report was %s: %s, %s", w.verdict(), d.Reference, w.period())
		body = w.t("Het SR-bureau heeft uw rapportage over %s bij de opdracht %s %s.", "The SR office %[3]s your report on %[1]s for the contract %[2]s.",
			w.period(), w.contract(), w.verdict())
		if d.Decision == contract.Rejected {
			body += w.t("\n\nWat u moet doen: pas de rapportage aan en dien haar opnieuw in.", "\n\nWhat to do: revise the report and submit it again.")
		}
		if d.Note != "" {
			body += w.t("\n\nToelichting: %s", "\n\nNote: %s", d.Note)
		}
	default:
		return Message{}, false
	}
	if subject == "" {
		return Message{}, false
	}
	return Message{Subject: subject, Text: w.letter(audience, body)}, true
}

// writer holds what every sentence of one e-mail needs.
type writer struct {
	d  events.Detail
	en bool
	pl Place
}

func (w writer) t(nl, en string, args ...any) string {
	if w.en {
		return fmt.Sprintf(en, args...)
	}
	return fmt.Sprintf(nl, args...)
}

// letter puts a body between a greeting and a signature, with the link.
func (w writer) letter(audience, body string) string {
	var b strings.Builder
	if audience == Contractor {
		b.WriteString(w.t("Beste %s,\n\n", "Dear %s,\n\n", w.d.ContractorName))
	} else {
		b.WriteString(w.t("Beste collega's van %s,\n\n", "Dear colleagues of %s,\n\n", w.pl.Office))
	}
	b.WriteString(body)
	if w.pl.PortalURL != "" {
		b.WriteString(w.t("\n\nDe opdracht in srmonitor:\n", "\n\nThe contract in srmonitor:\n"))
		b.WriteString(strings.TrimSuffix(w.pl.PortalURL, "/") + "/contracten/" + w.d.ContractID)
	}
	if audience == Contractor {
		b.WriteString(w.t("\n\nMet vriendelijke groet,\n%s", "\n\nKind regards,\n%s", w.pl.Office))
	}
	b.WriteString(w.t("\n\n-- \nDit bericht is automatisch verstuurd door srmonitor. Antwoorden op dit bericht worden niet gelezen.\n",
		"\n\n-- \nThis message was sent by srmonitor. Replies to it are not read.\n"))
	return b.String()
}

func (w writer) contract() string {
	return fmt.Sprintf("%s (%q)", w.d.Reference, w.d.Title)
}

func (w writer) reminder() (string, string) {
	d := w.d
	due := w.date(d.Due)
	switch {
	case d.Deadline == contract.RegistrationDeadline:
		return w.t("Herinnering: meld u vóór %s aan voor %s", "Reminder: register for %[2]s by %[1]s", due, d.Reference),
			w.t("De aanmelding voor de opdracht %s moet uiterlijk op %s binnen zijn bij %s.\n\nWat u moet doen: meld u aan.",
				"The registration for the contract %s is due on %s with %s.\n\nWhat to do: register.", w.contract(), due, w.pl.Office)
	case d.Deadline == contract.PlanDeadline && d.Audience == Office:
		return w.t("Herinnering: beoordeel vóór %s het plan van aanpak van %s", "Reminder: decide on the plan of approach of %[2]s by %[1]s", due, d.Reference),
			w.t("Het plan van aanpak voor de opdracht %s wacht op uw beoordeling. Het moet uiterlijk op %s zijn goedgekeurd; verlenging kan schriftelijk.",
				"The plan of approach for the contract %s awaits your decision. It must be approved by %s; you can extend this in writing.", w.contract(), due)
	case d.Deadline == contract.PlanDeadline:
		return w.t("Herinnering: plan van aanpak voor %s vóór %s", "Reminder: plan of approach for %s by %s", d.Reference, due),
			w.t("Het plan van aanpak voor de opdracht %s moet uiterlijk op %s zijn goedgekeurd door het SR-bureau.\n\nWat u moet doen: dien uw plan van aanpak zo snel mogelijk in.",
				"The plan of approach for the contract %s must be approved by the SR office by %s.\n\nWhat to do: submit your plan of approach as soon as you can.", w.contract(), due)
	default:
		return w.t("Herinnering: %s voor %s vóór %s", "Reminder: %s for %s by %s", w.period(), d.Reference, due),
			w.t("De rapportage over %s voor de opdracht %s moet uiterlijk op %s zijn ingediend.\n\nWat u moet doen: dien de rapportage in, met de bewijsstukken (zonder BSN).",
				"The report on %s for the contract %s is due on %s.\n\nWhat to do: submit the report with its evidence (without a BSN).", w.period(), w.contract(), due)
	}
}

// period names a report period: "het 2e kwartaal van 2026", "de eindrapportage".
func (w writer) period() string {
	p := w.d.Period
	if p == "" || p == "final" {
		return w.t("de eindrapportage", "the final report")
	}
	var year, n int
	var letter byte
	if _, err := fmt.Sscanf(p, "%4d-%c%d", &year, &letter, &n); err != nil {
		return p
	}
	if letter == 'Q' {
		return w.t("het %de kwartaal van %d", "%[3]s quarter of %[2]d", n, year, []string{"", "the first", "the second", "the third", "the fourth"}[min(n, 4)])
	}
	return w.t("het %de halfjaar van %d", "%[3]s half of %[2]d", n, year, []string{"", "the first", "the second"}[min(n, 2)])
}

func (w writer) flagWhat() string {
	switch w.d.FlagKind {
	case contract.RegistrationOverdue:
		return w.t("de aanmelding", "the registration")
	case contract.PlanOverdue:
		return w.t("de goedkeuring van het plan van aanpak", "the approval of the plan of approach")
	case contract.ReportOverdue:
		return w.period()
	}
	return w.t("de social return-verplichting", "the social return obligation")
}

// flagAction tells the contractor what to do about a flag.
func (w writer) flagAction() string {
	switch w.d.FlagKind {
	case contract.RegistrationOverdue:
		return w.t("Wat u moet doen: meld u zo snel mogelijk aan.", "What to do: register as soon as you can.")
	case contract.PlanOverdue:
		return w.t("Wat u moet doen: dien zo snel mogelijk uw plan van aanpak in, of neem contact op met het SR-bureau.",
			"What to do: submit your plan of approach as soon as you can, or contact the SR office.")
	}
	return w.t("Wat u moet doen: dien de rapportage zo snel mogelijk in.", "What to do: submit the report as soon as you can.")
}

func (w writer) verdict() string {
	switch w.d.Decision {
	case contract.Approved:
		return w.t("goedgekeurd", "approved")
	case contract.Accepted:
		return w.t("geaccepteerd", "accepted")
	}
	return w.t("afgewezen", "rejected")
}

func (w writer) valued() string {
	if w.d.ValueCents == nil {
		return ""
	}
	return w.t(", gewaardeerd op %s", ", valued at %s", w.money(*w.d.ValueCents))
}

var (
	dagen   = []string{"zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"}
	maanden = []string{"", "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"}
)

// date writes a date out: "maandag 9 maart 2026", "Monday 9 March 2026".
func (w writer) date(d *civil.Date) string {
	if d == nil {
		return ""
	}
	if w.en {
		return fmt.Sprintf("%s %d %s %d", d.Weekday(), d.Day, d.Month, d.Year)
	}
	return fmt.Sprintf("%s %d %s %d", dagen[d.Weekday()], d.Day, maanden[d.Month], d.Year)
}

// money writes cents as "€ 1.234,56" or "EUR 1,234.56".
func (w writer) money(cents int64) string {
	whole, frac := cents/100, cents%100
	digits := fmt.Sprint(whole)
	sep, dec, pre := ".", ",", "€ "
	if w.en {
		sep, dec, pre = ",", ".", "EUR "
	}
	var b strings.Builder
	for i, r := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(r)
	}
	return fmt.Sprintf("%s%s%s%02d", pre, b.String(), dec, frac)
}
