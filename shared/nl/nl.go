// Package nl holds the Dutch words and formats of what srmonitor writes
// for people outside the API: CSV exports and PDF documents that an SR
// office files or sends to its council. The words are the portal's
// (web/src/labels.ts), so a document and the screen say the same.
package nl

import (
	"strconv"
	"strings"

	"github.com/srmonitor/srmonitor/shared/civil"
)

func word(m map[string]string, code string) string {
	if w, ok := m[code]; ok {
		return w
	}
	return code
}

var statuses = map[string]string{
	"awaiting_registration": "Wacht op aanmelding",
	"awaiting_plan":         "Wacht op plan",
	"plan_submitted":        "Plan ingediend",
	"plan_rejected":         "Plan afgewezen",
	"plan_approved":         "Plan goedgekeurd",
}

// Status is a contract status in Dutch.
func Status(s string) string { return word(statuses, s) }

var decisions = map[string]string{
	"submitted": "Ingediend",
	"approved":  "Goedgekeurd",
	"accepted":  "Geaccepteerd",
	"rejected":  "Afgewezen",
	"fine":      "Boete",
	"waive":     "Kwijtschelding",
}

// Decision is the state of a plan revision or report, or a decision.
func Decision(s string) string { return word(decisions, s) }

var flagKinds = map[string]string{
	"registration_overdue": "Aanmelding te laat",
	"plan_overdue":         "Plan niet op tijd goedgekeurd",
	"report_overdue":       "Rapportage te laat",
	"obligation_shortfall": "Verplichting niet gehaald",
}

// FlagKind is a kind of flag in Dutch.
func FlagKind(k string) string { return word(flagKinds, k) }

var flagStatuses = map[string]string{
	"open":     "Open",
	"resolved": "Opgelost",
	"fined":    "Boete opgelegd",
	"waived":   "Kwijtgescholden",
}

// FlagStatus is a flag's status in Dutch.
func FlagStatus(s string) string { return word(flagStatuses, s) }

var cadences = map[string]string{
	"quarterly":  "Per kwartaal",
	"semiannual": "Per halfjaar",
	"final":      "Alleen eindrapportage",
}

// Cadence is a reporting cadence in Dutch.
func Cadence(c string) string { return word(cadences, c) }

var actions = map[string]string{
	"contract_created": "Contract vastgelegd",
	"registered":       "Aangemeld",
	"plan_submitted":   "Plan ingediend",
	"plan_approved":    "Plan goedgekeurd",
	"plan_rejected":    "Plan afgewezen",
	"plan_extended":    "Termijn plan verlengd",
	"report_submitted": "Rapportage ingediend",
	"report_accepted":  "Rapportage geaccepteerd",
	"report_rejected":  "Rapportage afgewezen",
	"flags_raised":     "Termijn verstreken",
	"reminders_sent":   "Herinnering verstuurd",
	"flag_fined":       "Boete opgelegd",
	"flag_waived":      "Boete kwijtgescholden",
}

// Action is an audit event's action in Dutch.
func Action(a string) string { return word(actions, a) }

// Period is a reporting period in Dutch: "2026-Q2" is "2e kwartaal 2026".
func Period(key string) string {
	if key == "final" {
		return "Eindrapportage"
	}
	year, part, ok := strings.Cut(key, "-")
	if !ok || len(part) != 2 {
		return key
	}
	switch part[0] {
	case 'Q':
		return part[1:] + "e kwartaal " + year
	case 'H':
		return part[1:] + "e halfjaar " + year
	}
	return key
}

// Euros writes cents as Dutch money: "€ 1.234.567,89".
func Euros(cents int64) string {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	whole := strconv.FormatInt(cents/100, 10)
	var sb strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			sb.WriteByte('.')
		}
		sb.WriteRune(r)
	}
	frac := strconv.FormatInt(cents%100+100, 10)[1:]
	return sign + "€ " + sb.String() + "," + frac
}

// Percent writes basis points as a Dutch percentage: 1250 is "12,5%".
func Percent(bp int64) string {
	s := strconv.FormatInt(bp/100, 10)
	if frac := bp % 100; frac != 0 {
		f := strconv.FormatInt(frac+100, 10)[1:]
		s += "," + strings.TrimRight(f, "0")
	}
	return s + "%"
}

var months = []string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"}

// Date writes a date as Dutch prose: "2 maart 2026"; "" for none.
func Date(d civil.Date) string {
	if d.IsZero() {
		return ""
	}
	return strconv.Itoa(d.Day) + " " + months[d.Month-1] + " " + strconv.Itoa(d.Year)
}
