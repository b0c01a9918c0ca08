// Package insight computes what the SR office and the contractor look at
// across contracts: the dashboard, the to-do list and the council report,
// from contracts (and, for the council report, their accepted report
// revisions) already read. It reads nothing itself, so every figure is a
// pure function of its input and tested on in-memory data.
//
// A contract counts in a year when it runs during that year: it starts on
// or before 31 December and ends on or after 1 January. Its obligation is
// counted whole in every year it runs, and its realisation is what its
// accepted reports show to date: a council report is the state of affairs
// of the year's contracts, not a share of multi-year contracts.
package insight

import (
	"github.com/srmonitor/srmonitor/shared/civil"
	"github.com/srmonitor/srmonitor/shared/contract"
	"github.com/srmonitor/srmonitor/shared/policy"
)

// Route is one of the four ways to fill a social return obligation, in
// the AV-regio's order of preference (docs/domain.md, section 5, "AV-regio";
// docs/reports.md): labour participation, labour development (training
// combined with work), buying from social enterprises, social activity.
type Route string

const (
	LabourParticipation Route = "labour_participation"
	LabourDevelopment   Route = "labour_development"
	SocialPurchase      Route = "social_purchase"
	SocialActivity      Route = "social_activity"
)

// Routes lists the routes in the order of preference.
var Routes = []Route{LabourParticipation, LabourDevelopment, SocialPurchase, SocialActivity}

// RouteNames are the routes' Dutch names, as the council reads them.
var RouteNames = map[Route]string{
	LabourParticipation: "Arbeidsparticipatie",
	LabourDevelopment:   "Arbeidsontwikkeling",
	SocialPurchase:      "Sociaal inkopen",
	SocialActivity:      "Maatschappelijke activiteit",
}

// blockRoutes maps every block code of the catalogs to its route. Hiring
// someone from the target group (any benefit, or none; at cost in
// Amsterdam) is participation; work-learn places, internships and training
// are development; buying from an SW company or social enterprise, and a
// Power Certificate (bought to fund a job for someone), is purchase; hours
// of social activity and activities the office agrees are activity.
var blockRoutes = map[string]Route{
	"participatiewet": LabourParticipation, "participatiewet_lt2y": LabourParticipation, "participatiewet_gt2y": LabourParticipation,
	"doelgroepregister": LabourParticipation, "wia_wao": LabourParticipation, "ww": LabourParticipation, "ww_lt1y": LabourParticipation,
	"ww_gt1y": LabourParticipation, "wajong": LabourParticipation, "wsw": LabourParticipation, "no_benefit": LabourParticipation,
	"no_benefit_work_limitation": LabourParticipation, "werk_naar_werk": LabourParticipation,
	"youth_no_start_qualification": LabourParticipation, "pro_vso_hire": LabourParticipation, "employment_costs": LabourParticipation,

	"bbl": LabourDevelopment, "bbl_up_to_2": LabourDevelopment, "bbl_3_plus": LabourDevelopment, "bol": LabourDevelopment,
	"intern": LabourDevelopment, "intern_vso_pro": LabourDevelopment, "pro_vso_mbo1": LabourDevelopment, "training": LabourDevelopment,

	"social_purchase": SocialPurchase, "power_certificate": SocialPurchase,

	"social_activity": SocialActivity, "agreed_activity": SocialActivity,
}

// RouteOf is the route of a valued line: by its block, or for a code the
// table above does not know yet by its kind (a person is participation, a
// cost development, money or a certificate purchase, the rest activity).
func RouteOf(block, kind string) Route {
	if r, ok := blockRoutes[block]; ok {
		return r
	}
	switch kind {
	case policy.KindPerson:
		return LabourParticipation
	case policy.KindCost:
		return LabourDevelopment
	case policy.KindMoney, policy.KindCertificate:
		return SocialPurchase
	}
	return SocialActivity
}

// InYear reports whether c runs during year.
func InYear(c *contract.Contract, year int) bool {
	return !c.StartsOn.After(civil.Date{Year: year, Month: 12, Day: 31}) && !c.EndsOn.Before(civil.Date{Year: year, Month: 1, Day: 1})
}
