// Package document writes the PDF documents an SR office files or sends
// on: the statement of one contract and the council report. They are laid
// out with go-pdf/fpdf (a maintained, pure-Go PDF writer: no hand-made PDF
// syntax, no C, no browser) in the Go fonts, embedded as subsets, so every
// name prints as written (Şahin, Łukasz, Nguyễn), not only what the PDF
// core fonts' Windows-1252 covers. Documents are in Dutch.
package document

import (
	"bytes"
	"fmt"
	"math"
	"time"

	"github.com/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"

	"github.com/srmonitor/srmonitor/shared/civil"
	"github.com/srmonitor/srmonitor/shared/nl"
)

// Page geometry in millimetres (A4) and colours (the portal's blue).
const (
	margin   = 18.0
	pageW    = 210.0
	contentW = pageW - 2*margin
	lineH    = 5.0
	font     = "go"
)

var (
	blue  = [3]int{0x15, 0x4c, 0x8a}
	light = [3]int{0xe8, 0xef, 0xf7}
	grey  = [3]int{0x55, 0x5f, 0x6b}
	amber = [3]int{0xc2, 0x7a, 0x0e}
)

// doc is a document being written.
type doc struct {
	*fpdf.Fpdf
}

// newDoc starts an A4 document with a footer on every page: what it is,
// when it was made, and the page number.
func newDoc(title, subject string, made time.Time) *doc {
	p := fpdf.New("P", "mm", "A4", "")
	p.SetMargins(margin, 20, margin)
	p.SetAutoPageBreak(true, 18)
	p.AddUTF8FontFromBytes(font, "", goregular.TTF)
	p.AddUTF8FontFromBytes(font, "B", gobold.TTF)
	p.SetTitle(title, true)
	p.SetSubject(subject, true)
	p.SetCreator("srmonitor", true)
	p.SetCreationDate(made)
	p.SetModificationDate(made)
	p.AliasNbPages("{nb}")
	d := &doc{Fpdf: p}
	p.SetFooterFunc(func() {
		p.SetY(-12)
		d.font("", 8, grey)
		p.CellFormat(contentW/2, 4, title, "", 0, "L", false, 0, "")
		p.CellFormat(contentW/2, 4, fmt.Sprintf("opgesteld %s door srmonitor · pagina %d van {nb}", nl.Date(civil.Today(made)), p.PageNo()), "", 0, "R", false, 0, "")
	})
	p.AddPage()
	return d
}

func (d *doc) font(style string, size float64, c [3]int) {
	d.SetFont(font, style, size)
	d.SetTextColor(c[0], c[1], c[2])
}

// heading writes the document's title and a line under it.
func (d *doc) heading(title, sub string) {
	d.font("B", 18, blue)
	d.MultiCell(contentW, 8, title, "", "L", false)
	d.font("", 11, grey)
	d.MultiCell(contentW, 5.5, sub, "", "L", false)
	d.SetDrawColor(blue[0], blue[1], blue[2])
	d.SetLineWidth(0.6)
	d.Line(margin, d.GetY()+2, pageW-margin, d.GetY()+2)
	d.Ln(6)
}

// section starts a section, on a new page when too little room is left
// for its heading and a few lines.
func (d *doc) section(title string) {
	d.room(20)
	d.Ln(3)
	d.font("B", 12.5, blue)
	d.CellFormat(contentW, 7, title, "", 1, "L", false, 0, "")
	d.Ln(1)
}

// room starts a new page unless h millimetres are left.
func (d *doc) room(h float64) {
	_, pageH := d.GetPageSize()
	_, _, _, bottom := d.GetMargins()
	if d.GetY()+h > pageH-bottom {
		d.AddPage()
	}
}

func (d *doc) para(text string) {
	d.font("", 9.5, [3]int{})
	d.MultiCell(contentW, lineH, text, "", "L", false)
	d.Ln(1)
}

// facts writes label-value pairs in two columns.
func (d *doc) facts(pairs ...[2]string) {
	const labelW = 52.0
	for _, p := range pairs {
		if p[1] == "" {
			continue
		}
		lines := d.SplitText(p[1], contentW-labelW)
		d.room(float64(len(lines)) * lineH)
		y := d.GetY()
		d.font("", 9.5, grey)
		d.SetXY(margin, y)
		d.MultiCell(labelW, lineH, p[0], "", "L", false)
		d.font("", 9.5, [3]int{})
		d.SetXY(margin+labelW, y)
		d.MultiCell(contentW-labelW, lineH, p[1], "", "L", false)
		d.SetY(math.Max(d.GetY(), y+lineH))
	}
	d.Ln(1)
}

// column is a table column: its heading, its share of the width and its
// alignment (L or R).
type column struct {
	head  string
	width float64
	align string
}

// table writes rows under a shaded header, wrapping long cells, and
// repeats the header on every page it runs onto.
func (d *doc) table(cols []column, rows [][]string) {
	total := 0.0
	for _, c := range cols {
		total += c.width
	}
	widths := make([]float64, len(cols))
	for i, c := range cols {
		widths[i] = contentW * c.width / total
	}
	const cellH = 4.6
	header := func() {
		d.font("B", 8.5, [3]int{})
		d.SetFillColor(light[0], light[1], light[2])
		x, y := margin, d.GetY()
		h := 0.0
		for i, c := range cols {
			h = math.Max(h, float64(len(d.SplitText(c.head, widths[i]-2)))*cellH)
		}
		for i, c := range cols {
			d.SetXY(x, y)
			d.Rect(x, y, widths[i], h+1.5, "F")
			d.SetXY(x+1, y+0.75)
			d.MultiCell(widths[i]-2, cellH, c.head, "", c.align, false)
			x += widths[i]
		}
		d.SetY(y + h + 1.5)
	}
	d.room(3 * cellH)
	header()
	d.font("", 8.5, [3]int{})
	d.SetDrawColor(0xd0, 0xd7, 0xde)
	d.SetLineWidth(0.2)
	for _, row := range rows {
		h := cellH
		for i := range cols {
			h = math.Max(h, float64(len(d.SplitText(cell(row, i), widths[i]-2)))*cellH)
		}
		_, pageH := d.GetPageSize()
		if d.GetY()+h+1 > pageH-18 {
			d.AddPage()
			header()
			d.font("", 8.5, [3]int{})
		}
		x, y := margin, d.GetY()
		for i, c := range cols {
			d.SetXY(x+1, y+0.5)
			d.MultiCell(widths[i]-2, cellH, cell(row, i), "", c.align, false)
			x += widths[i]
		}
		d.Line(margin, y+h+1, pageW-margin, y+h+1)
		d.SetY(y + h + 1)
	}
	d.Ln(2)
}

func cell(row []string, i int) string {
	if i < len(row) {
		return row[i]
	}
	return ""
}

// bar is one bar of a chart.
type bar struct {
	label string
	value int64 // cents
	color [3]int
}

// bars draws a horizontal bar chart of amounts, each bar's length its
// share of the largest, with the amount written after it: the chart is
// readable as text as well.
func (d *doc) bars(title string, bs []bar) {
	const labelW, valueW, barH, gap = 48.0, 30.0, 6.0, 2.5
	d.room(float64(len(bs))*(barH+gap) + 10)
	d.font("B", 9.5, [3]int{})
	d.CellFormat(contentW, 6, title, "", 1, "L", false, 0, "")
	maxV := int64(1)
	for _, b := range bs {
		maxV = max(maxV, b.value)
	}
	area := contentW - labelW - valueW
	for _, b := range bs {
		y := d.GetY()
		d.font("", 9, [3]int{})
		d.SetXY(margin, y)
		d.CellFormat(labelW, barH, b.label, "", 0, "L", false, 0, "")
		w := area * float64(b.value) / float64(maxV)
		if b.value > 0 {
			w = math.Max(w, 0.8)
		}
		d.SetFillColor(b.color[0], b.color[1], b.color[2])
		d.Rect(margin+labelW, y+0.8, w, barH-1.6, "F")
		d.SetXY(margin+labelW+w+2, y)
		d.CellFormat(valueW, barH, nl.Euros(b.value), "", 0, "L", false, 0, "")
		d.SetY(y + barH + gap)
	}
	d.Ln(2)
}

// bytes finishes the document.
func (d *doc) bytes() ([]byte, error) {
	var buf bytes.Buffer
	if err := d.Output(&buf); err != nil {
		return nil, fmt.Errorf("document: %w", err)
	}
	return buf.Bytes(), nil
}
