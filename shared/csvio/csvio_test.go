package csvio

import (
	"errors"
	"strings"
	"testing"

	"github.com/srmonitor/srmonitor/shared/civil"
)

func TestReadSeparatorsBOMAndBlankRows(t *testing.T) {
	for name, c := range map[string]struct {
		file  string
		lines [2]int
	}{
		"semicolons with BOM and CRLF": {"\ufeffKenmerk;Omschrijving\r\nA-1;\"Schoonmaak; kantoren\"\r\n;\r\nA-2;Groen\r\n;;\r\n", [2]int{2, 4}},
		"commas":                       {"Kenmerk,Omschrijving\nA-1,\"Schoonmaak; kantoren\"\nA-2,Groen\n", [2]int{2, 3}},
		"tabs with an empty line":      {"Kenmerk\tOmschrijving\nA-1\tSchoonmaak; kantoren\n\nA-2\tGroen", [2]int{2, 4}},
		"a cell over two lines":        {"\nKenmerk;Omschrijving\nA-1;\"Schoonmaak;\nkantoren\"\nA-2;Groen", [2]int{3, 4}},
	} {
		file := c.file
		tb, err := Read([]byte(file), 10)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(tb.Header) != 2 || tb.Header[0] != "Kenmerk" || len(tb.Rows) != 2 {
			t.Fatalf("%s: %+v", name, tb)
		}
		if !strings.HasPrefix(tb.Rows[0].Cell(1), "Schoonmaak;") || tb.Rows[1].Cell(0) != "A-2" || tb.Rows[0].Line != c.lines[0] || tb.Rows[1].Line != c.lines[1] {
			t.Errorf("%s: rows %+v", name, tb.Rows)
		}
	}
}

func TestReadRefuses(t *testing.T) {
	for file, want := range map[string]string{
		"":                       "empty",
		"\n\n":                   "empty",
		";;\na;b":                "header",
		"a;b\n\xe9t\xe9;x":       "not UTF-8 (first unreadable character on line 2)",
		"a;b\n\"x;y\n":           "row 2 is not valid CSV",
		"a;b\n\nx;\"y\"z\n":      "row 3 is not valid CSV",
		"a\n1\n2\n3\n4":          "more than 3 rows",
		"a;b\nx;\"unterminated":  "not valid CSV",
		"a;b\nx\"y;z\nok;ok\n":   "not valid CSV",
		"\ufeff\ufeffa;b\nx;y\n": "", // a second BOM is part of the first name; Map reports it
	} {
		_, err := Read([]byte(file), 3)
		var fe *FileError
		switch {
		case want == "" && err != nil:
			t.Errorf("%q: %v", file, err)
		case want != "" && (!errors.As(err, &fe) || !strings.Contains(fe.Reason, want)):
			t.Errorf("%q: %v, want %q", file, err, want)
		}
	}
}

func TestMap(t *testing.T) {
	cols := []Column{{Name: "reference", Aliases: []string{"kenmerk", "referentie"}}, {Name: "contractor_kvk", Aliases: []string{"KvK-nummer"}}, {Name: "title"}}
	tb := &Table{Header: []string{"Kenmerk", "KVK NUMMER", "Status", "", "Title"}}
	m, probs := tb.Map(cols, []string{"reference", "title"}, []string{"status"})
	if len(probs) != 0 || m.Header("reference") != "Kenmerk" || m.Header("contractor_kvk") != "KVK NUMMER" || m.Header("missing") != "missing" {
		t.Fatalf("%v %+v", probs, m)
	}
	if got := m.Get(Row{Cells: []string{"R", "12345678", "x", "", "T"}}, "title"); got != "T" {
		t.Errorf("title %q", got)
	}
	tb = &Table{Header: []string{"kenmerk", "referentie", "kleur"}}
	_, probs = tb.Map(cols, []string{"reference", "title"}, nil)
	want := []string{`columns "kenmerk" and "referentie" both give reference`, `unknown column "kleur"`, `column title is missing`}
	if strings.Join(probs, "|") != strings.Join(want, "|") {
		t.Errorf("problems %q", probs)
	}
}

func TestEuros(t *testing.T) {
	for in, want := range map[string]int64{
		"1.234,56": 123456, "€ 1.234,56": 123456, "€1.234,56": 123456, "EUR 1234,5": 123450, "1234": 123400,
		"1.234": 123400, "1.234.567": 123456700, "1234.56": 123456, "1,234.56": 123456, "0,05": 5, "12,-": -1,
		"1 234,00": 123400, "": -1, "-5": -1, "1,234": -1, "1.2345": -1, "1.23.456": -1, "abc": -1, "1,005": -1,
		"10000000000000,00": 1_000_000_000_000_000, "10000000000000,01": -1, "99999999999999999999": -1,
	} {
		got, err := Euros(in)
		if want < 0 {
			if err == nil {
				t.Errorf("%q accepted as %d", in, got)
			}
			continue
		}
		if err != nil || got != want {
			t.Errorf("%q = %d, %v; want %d", in, got, err, want)
		}
	}
}

func TestNumbersAndDates(t *testing.T) {
	for in, want := range map[string]int64{"18,5": 1850, "18.5": 1850, "36": 3600, "0,25": 25, "1,": -1, ",5": -1, "1,234": -1, "-1": -1, "x": -1, "1.2.3": -1} {
		got, err := Hundredths(in)
		if (want < 0) != (err != nil) || (want >= 0 && got != want) {
			t.Errorf("Hundredths(%q) = %d, %v", in, got, err)
		}
	}
	for in, want := range map[string]int64{"5": 500, "5%": 500, "2,5 %": 250, "12.25": 1225, "vijf": -1} {
		got, err := PercentBP(in)
		if (want < 0) != (err != nil) || (want >= 0 && got != want) {
			t.Errorf("PercentBP(%q) = %d, %v", in, got, err)
		}
	}
	for in, want := range map[string]string{
		"2026-03-02": "2026-03-02", "02-03-2026": "2026-03-02", "2-3-2026": "2026-03-02", "02/03/2026": "2026-03-02",
		"2.3.2026": "2026-03-02", "31-02-2026": "", "2026-3-2": "2026-03-02", "03-02-26": "", "2026/03": "", "morgen": "", "1-2-3-4": "",
	} {
		got, err := Date(in)
		if want == "" {
			if err == nil {
				t.Errorf("Date(%q) accepted: %s", in, got)
			}
			continue
		}
		if err != nil || got.String() != want {
			t.Errorf("Date(%q) = %s, %v", in, got, err)
		}
	}
	for in, want := range map[string]bool{"ja": true, "Nee": false, "X": true, "": false, "1": true, "onwaar": false} {
		if got, err := Bool(in); err != nil || got != want {
			t.Errorf("Bool(%q) = %v, %v", in, got, err)
		}
	}
	if _, err := Bool("misschien"); err == nil {
		t.Error("misschien accepted")
	}
	for _, in := range []string{"", "12a", "1.5", "-3"} {
		if _, err := Cents(in); err == nil {
			t.Errorf("Cents(%q) accepted", in)
		}
	}
	if _, err := Euros(strings.Repeat("9", 100)); err == nil || strings.Contains(err.Error(), strings.Repeat("9", 41)) {
		t.Errorf("a long cell is quoted in full: %v", err)
	}
}

func TestWriterIsWhatDutchExcelOpens(t *testing.T) {
	w := NewWriter("Kenmerk", "Opdrachtnemer", "Waarde (€)", "Datum")
	w.Row("=1+2", "Groen; \"Co\"", EurosCell(123456), DateCell(civil.MustParse("2026-03-02")))
	w.Row("@SUM(A1)", "-x", EurosCell(5), DateCell(civil.Date{}))
	w.Row("+31", "\tx", EurosCell(-150), BoolCell(true))
	want := "\ufeffKenmerk;Opdrachtnemer;Waarde (€);Datum\r\n" +
		"'=1+2;\"Groen; \"\"Co\"\"\";1234,56;02-03-2026\r\n" +
		"'@SUM(A1);'-x;0,05;\r\n" +
		"'+31;'\tx;'-1,50;ja\r\n"
	if got := string(w.Bytes()); got != want {
		t.Fatalf("got  %q\nwant %q", got, want)
	}
	// What is written reads back as it was meant.
	tb, err := Read(w.Bytes(), 10)
	if err != nil {
		t.Fatal(err)
	}
	if Unneutralise(tb.Rows[0].Cell(0)) != "=1+2" || tb.Rows[0].Cell(1) != `Groen; "Co"` || Unneutralise(tb.Rows[1].Cell(1)) != "-x" || Unneutralise("'x") != "'x" {
		t.Errorf("read back: %+v", tb.Rows)
	}
	if PercentCell(500) != "5,00" {
		t.Error(PercentCell(500))
	}
}
