package bsn

import (
	"strings"
	"testing"

	"github.com/srmonitor/srmonitor/shared/filetype"
	"github.com/srmonitor/srmonitor/shared/testdocs"
)

// cleanDocuments are realistic evidence texts without a BSN, full of the
// numbers that look like one: they must pass. Lines are rows and ';'
// separates cells when a document is laid out as a spreadsheet.
var cleanDocuments = []struct {
	name, text string
}{
	{"invoice", "Factuur\nBouwbedrijf De Vries BV\nFactuurnummer: 2026-0042\nFactuurdatum: 12-03-2026\n" +
		"KvK: 12345678\nKvK-nummer 12345672\nBtw-nummer: NL123456782B01\nRSIN 111222333\n" +
		"IBAN: NL91ABNA0417164300\nIBAN NL91 ABNA 0417 1643 00\nBetalingskenmerk 1234 5678 9012 3456\n" +
		"Subtotaal € 1.234,56\nBtw 21% € 259,26\nTotaal EUR 1.493,82\nTe betalen: € 123.456.782,00"},
	{"invoice lines", "Omschrijving;Aantal;Prijs;Bedrag\nBegeleiding 2026-03-003;12;€ 85,00;€ 1.020,00\n" +
		"Artikelnummer 1234-56-782;1;123456782,-;123456782,-\nOrder 123-456-782;1;€ 10,00;€ 10,00\n" +
		"Ordernr 123456782;;;\nFactuur INV-2026-123456782;;;\nReferentie: 123.456.782;;;"},
	{"contact details", "Contactpersoon: J. Jansen\nTel: +31 6 12345678\nTelefoon 020-1234567\nMobiel 06-12345678\n" +
		"Tel. +31 612345671\n0031 612345671\n+31 (0)612345671\nFax 020 123 4567\nTelefoonnummer 06 123 456 782\n" +
		"Adres: Stationsplein 1, 1234 AB Amsterdam\nPostcode 3511 CE"},
	{"payslip without BSN", "Loonstrook maart 2026\nWerkgever: Bouwbedrijf De Vries BV\nLoonheffingennummer 123456782L01\n" +
		"Personeelsnummer: 123456782\nPers.nr. 111222333\nEmployee ID 612345671\nPeriode 01-03-2026 t/m 31-03-2026\n" +
		"Uren 160,00\nBruto loon € 3.456,78\nVakantiegeld € 276,54\nNetto € 2.345,67\nUitbetaald op 25-03-2026"},
	{"attendance list", "Presentielijst week 12\nDatum;Naam;Personeelsnummer;Aanwezig\n" +
		"12-03-2026;Jansen;12345672;ja\n13-03-2026;de Vries;00123;nee\n14-03-2026;El Amrani;P-111222333;ja"},
	{"hours registration", "naam;projectnummer;datum;uren;bedrag\nJansen;Projectnr 123456782;20260312;7,5;1.234,56\n" +
		"de Vries;Projectnummer 111222333;20260313;8,0;€ 1.100,00\nSofie Bakker;Polisnummer 1234 56 782;20260314;4;12345672"},
	{"amounts", "Bedrag EUR 123456782\n123.456.782,00\n€123.456.782\n1.123.456.782\n123456782,-\n" +
		"1 123 456 782\n123456782 EUR\n€\u00a0123\u00a0456\u00a0782"},
	{"dates and references", "20260312\n2026-03-003\n2026 03 003\n123456782-01\n123456782/2026\n" +
		"scan_123456782\nA123456782\n123456782B\nKlantnummer 123456782\nDossiernummer 612345671\n" +
		"Uw kenmerk 111222333\nTransactie 123456782\n9.123456782"},
	{"metadata-like identifiers", "uuid:5d2a3b4c-1d2e-4f3a-8b9c-123456782abc\nxmp.iid:a3f9123456782bcd0e\n" +
		"GB87ABCD123456782EF\n123456782@example.nl\nhttps://example.nl/doc/123456782-01"},
	{"certificate", "Certificaat VCA Basis\nNaam: Sofie Jansen\nGeboortedatum: 01-02-1990\nDiplomanummer: 1234567820\n" +
		"Geldig tot 12-03-2036\nExamennummer 2026-03-003"},
}

// Every clean document passes, as text, as CSV, as a PDF (uncompressed and
// compressed) and as a spreadsheet.
func TestCleanDocumentsPass(t *testing.T) {
	for _, d := range cleanDocuments {
		t.Run(d.name, func(t *testing.T) {
			var rows [][]string
			for _, line := range strings.Split(d.text, "\n") {
				rows = append(rows, strings.Split(line, ";"))
			}
			docs := []doc{
				{"text", filetype.Text, []byte(d.text)},
				{"csv", filetype.CSV, []byte(d.text)},
				{"pdf", filetype.PDF, testdocs.PDF(d.text)},
				{"pdf flate", filetype.PDF, testdocs.PDF(d.text, testdocs.Flate())},
				{"xlsx", filetype.XLSX, testdocs.XLSX(rows)},
			}
			for _, doc := range docs {
				got, err := Scan(doc.contentType, doc.content)
				if err != nil || len(got) > 0 {
					t.Errorf("%s: Scan = %v, %v; want clean", doc.name, got, err)
				}
			}
		})
	}
}

// payrollForms are BSNs as payslips and HR exports carry them; each must be
// found as text, in a PDF and in a spreadsheet cell.
var payrollForms = []string{
	"BSN: 123456782",
	"Burgerservicenummer 1234 56 782",
	"Burgerservicenummer (BSN): 1234.56.782",
	"BSN-nr.: 12345672",
	"Sofinummer 12345672",
	"Sofi-nr 123.45.67.82",
	"Persoonsnummer (BSN) 012345672",
	"Citizen service number: 123 456 782",
	"Werknemer: J. Jansen (1234\u00a056\u00a0782)",
	"J. Jansen 1234\u202f56\u202f782",
	"Jansen, J., 123-456-782",
	"BSN/Sofinr. 1234-56-782",
	"Medewerker 123456782 Jansen",
}

func TestPayrollFormsFound(t *testing.T) {
	for _, text := range payrollForms {
		for _, doc := range []doc{
			{"text", filetype.Text, []byte(text)},
			{"pdf", filetype.PDF, testdocs.PDF(text, testdocs.Flate())},
			{"xlsx", filetype.XLSX, testdocs.XLSX([][]string{{text}})},
		} {
			got, err := Scan(doc.contentType, doc.content)
			if err != nil || len(got) != 1 {
				t.Errorf("%q as %s: Scan = %v, %v; want one finding", text, doc.name, got, err)
			}
		}
	}
}
