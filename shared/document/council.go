package document

import (
	"fmt"
	"strconv"
	"time"

	"github.com/srmonitor/srmonitor/shared/insight"
	"github.com/srmonitor/srmonitor/shared/nl"
)

// CouncilReport writes the council report: the key figures, the
// realisation by route and against the obligation as bar charts, and the
// contracts it covers, with how every figure is counted. It is an
// api.CouncilPDF.
func CouncilReport(cr insight.Council, municipalityName string, made time.Time) ([]byte, error) {
	title := fmt.Sprintf("Verantwoording social return %d", cr.Year)
	d := newDoc(title+" gemeente "+municipalityName, "Social return "+strconv.Itoa(cr.Year)+", gemeente "+municipalityName, made)
	d.heading(title, fmt.Sprintf("Gemeente %s · stand van %s", municipalityName, nl.Date(cr.AsOf)))

	d.para(fmt.Sprintf("Dit overzicht verantwoordt de social return van de contracten van de gemeente %s die in %d liepen. "+
		"Een contract telt mee als het in %d liep; zijn verplichting telt volledig mee en zijn realisatie is wat de opdrachtnemer "+
		"tot %s rapporteerde en het SR-bureau accepteerde.", municipalityName, cr.Year, cr.Year, nl.Date(cr.AsOf)))

	d.section("Kerncijfers")
	d.facts(
		[2]string{"Contracten met verplichting", strconv.Itoa(cr.Contracts)},
		[2]string{"Contracten zonder verplichting", strconv.Itoa(cr.WithoutObligation) + " (onder de drempel)"},
		[2]string{"Verplichting", nl.Euros(cr.ObligationCents)},
		[2]string{"Gerealiseerd (geaccepteerd)", nl.Euros(cr.RealisedCents)},
		[2]string{"Waarvan over perioden in " + strconv.Itoa(cr.Year), nl.Euros(cr.InYearCents)},
		[2]string{"Dekking", nl.Percent(cr.CoverageBP)},
		[2]string{"Mensen bereikt", strconv.Itoa(cr.People)},
		[2]string{"Duurzame banen", strconv.Itoa(cr.Durable)},
		[2]string{"Boetes opgelegd in " + strconv.Itoa(cr.Year), fmt.Sprintf("%d, samen %s", cr.Fines.Imposed, nl.Euros(cr.Fines.ImposedCents))},
		[2]string{"Boetes kwijtgescholden", fmt.Sprintf("%d, samen %s voorgesteld", cr.Fines.Waived, nl.Euros(cr.Fines.WaivedCents))},
	)

	d.section("Realisatie per route")
	var bs []bar
	for i, r := range insight.Routes {
		bs = append(bs, bar{label: fmt.Sprintf("%d. %s", i+1, insight.RouteNames[r]), value: cr.ByRoute[r], color: blue})
	}
	d.bars("Geaccepteerde waarde per route, in de volgorde van voorkeur", bs)
	d.bars("Verplichting en realisatie", []bar{
		{"Verplichting", cr.ObligationCents, grey},
		{"Gerealiseerd", cr.RealisedCents, blue},
		{"Waarvan in " + strconv.Itoa(cr.Year), cr.InYearCents, amber},
	})

	d.section("Contracten")
	if len(cr.Rows) == 0 {
		d.para("Er liepen dit jaar geen contracten met een social return-verplichting.")
	} else {
		var rows [][]string
		for _, r := range cr.Rows {
			rows = append(rows, []string{r.Reference, r.ContractorName, nl.Euros(r.ObligationCents), nl.Euros(r.RealisedCents),
				nl.Percent(r.CoverageBP), strconv.Itoa(r.People)})
		}
		d.table([]column{{"Kenmerk", 5, "L"}, {"Opdrachtnemer", 8, "L"}, {"Verplichting", 5, "R"}, {"Gerealiseerd", 5, "R"},
			{"Dekking", 3, "R"}, {"Mensen", 3, "R"}}, rows)
	}

	d.section("Hoe er geteld wordt")
	d.para("Routes. Elke gerapporteerde regel telt bij één van de vier routes, in de volgorde van voorkeur van het " +
		"Adviespunt SR van de AV-regio: arbeidsparticipatie (mensen uit de doelgroep in dienst, ook tegen loonkosten), " +
		"arbeidsontwikkeling (leerwerkplekken, stages en opleiding), sociaal inkopen (bij een sw-bedrijf of sociale " +
		"onderneming, en Power Certificaten) en maatschappelijke activiteit (uren en activiteiten in overleg met het SR-bureau).")
	d.para("Mensen en duurzame banen. Rapportages noemen nog geen kandidaten, dus iemand die elke periode terugkomt is niet van een " +
		"nieuwe kandidaat te onderscheiden. Per contract telt daarom het grootste aantal personen in één geaccepteerde rapportage " +
		"(een ondergrens, nooit dubbel geteld); een duurzame baan is een regel met een vast contract, of van ten minste de helft van " +
		"een volledige werkweek gedurende ten minste zes maanden (Leidraad: ten minste zes maanden, ten minste 0,5 fte).")
	d.para("Boetes tellen in het jaar waarin het SR-bureau erover besliste, van alle contracten van de gemeente.")
	return d.bytes()
}
