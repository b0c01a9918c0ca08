// Package testdocs builds small, valid evidence documents for tests: PDFs,
// XLSX workbooks, PNG and JPEG images, and the zip archives and compressed
// streams they are made of. It is imported only by tests, so that every
// package's tests upload the same well-formed files and a change in what
// counts as well formed (see package filetype) is made in one place.
//
// The builders write to memory and cannot fail; they panic on an encoder
// error, which would be a bug here.
package testdocs

import (
	"archive/zip"
	"bytes"
	"compress/zlib"
	"crypto/sha256"
	"encoding/ascii85"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"strings"
)

// SHA256Hex returns the SHA-256 of b in lower-case hexadecimal, as upload
// requests announce it.
func SHA256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// Deflate compresses b as zlib data, the encoding of a PDF FlateDecode
// stream.
func Deflate(b []byte) []byte {
	var buf bytes.Buffer
	zw := zlib.NewWriter(&buf)
	must(zw.Write(b))
	must(0, zw.Close())
	return buf.Bytes()
}

// PDFOption changes the PDF written by PDF or PDFContent.
type PDFOption func(*pdfConfig)

type pdfConfig struct {
	flate, ascii85, indirect, encrypted, xrefStream, update bool
	objects                                                 []string
}

// Flate compresses the content stream with FlateDecode, as PDF generators
// do.
func Flate() PDFOption { return func(c *pdfConfig) { c.flate = true } }

// ASCII85 compresses the content stream and then encodes it with
// ASCII85Decode, a filter chain of older generators.
func ASCII85() PDFOption { return func(c *pdfConfig) { c.flate, c.ascii85 = true, true } }

// IndirectLength gives the content stream's length as a reference to an
// object holding the number, as streaming writers do.
func IndirectLength() PDFOption { return func(c *pdfConfig) { c.indirect = true } }

// Objects adds indirect objects after the document's own, numbered from 7.
// A body holding a stream is written whole: "<< /Length 3 >>\nstream\nabc\nendstream".
func Objects(bodies ...string) PDFOption {
	return func(c *pdfConfig) { c.objects = append(c.objects, bodies...) }
}

// Encrypted adds an /Encrypt entry and a standard security handler
// dictionary to the trailer. The streams stay readable: it marks the file
// as encrypted, which is what a checker must refuse.
func Encrypted() PDFOption { return func(c *pdfConfig) { c.encrypted = true } }

// XRefStream writes a cross-reference stream (PDF 1.5) instead of a
// cross-reference table.
func XRefStream() PDFOption { return func(c *pdfConfig) { c.xrefStream = true } }

// IncrementalUpdate appends an incremental update, as a viewer that fills
// in a form or signs the file writes: a document information dictionary,
// its own cross-reference section, a trailer pointing back to the first and
// a second %%EOF.
func IncrementalUpdate() PDFOption { return func(c *pdfConfig) { c.update = true } }

// PDF returns a valid one-page PDF showing text in Helvetica, with a
// cross-reference table and a trailer. Parentheses and backslashes in text
// are escaped.
func PDF(text string, opts ...PDFOption) []byte {
	esc := strings.NewReplacer(`\`, `\\`, "(", `\(`, ")", `\)`).Replace(text)
	return PDFContent("BT /F1 12 Tf 72 700 Td ("+esc+") Tj ET", opts...)
}

// PDFContent returns a valid one-page PDF whose page content stream is
// content, unchanged ("BT /F1 12 Tf 72 700 Td (Factuur) Tj ET").
func PDFContent(content string, opts ...PDFOption) []byte {
	var c pdfConfig
	for _, o := range opts {
		o(&c)
	}
	data := []byte(content)
	filter := ""
	if c.flate {
		data = Deflate(data)
		filter = " /Filter /FlateDecode"
	}
	if c.ascii85 {
		enc := make([]byte, ascii85.MaxEncodedLen(len(data)))
		data = append(enc[:ascii85.Encode(enc, data)], "~>"...)
		filter = " /Filter [/ASCII85Decode /FlateDecode]"
	}
	length := fmt.Sprint(len(data))
	if c.indirect {
		length = "6 0 R"
	}
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		"<< /Length " + length + filter + " >>\nstream\n" + string(data) + "\nendstream",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
		fmt.Sprint(len(data)),
	}
	objs = append(objs, c.objects...)
	trailer := fmt.Sprintf("/Root 1 0 R /ID [<%s> <%[1]s>]", SHA256Hex([]byte(content))[:32])
	if c.encrypted {
		objs = append(objs, "<< /Filter /Standard /V 2 /R 3 /Length 128 /P -3904 "+
			"/O <"+strings.Repeat("5a", 32)+"> /U <"+strings.Repeat("a5", 32)+"> >>")
		trailer += fmt.Sprintf(" /Encrypt %d 0 R", len(objs))
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(objs))
	for i, body := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, body)
	}
	var xref int
	if c.xrefStream {
		xref = writeXRefStream(&b, offsets, trailer)
	} else {
		xref = b.Len()
		fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
		for _, off := range offsets {
			fmt.Fprintf(&b, "%010d 00000 n \n", off)
		}
		fmt.Fprintf(&b, "trailer\n<< /Size %d %s >>\n", len(objs)+1, trailer)
	}
	fmt.Fprintf(&b, "startxref\n%d\n%%%%EOF\n", xref)
	if c.update {
		n := len(objs) + 1
		if c.xrefStream {
			n++ // the cross-reference stream took a number
		}
		off := b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n<< /Producer (testdocs) /ModDate (D:20260312120000+01'00') >>\nendobj\n", n)
		update := b.Len()
		fmt.Fprintf(&b, "xref\n0 1\n0000000000 65535 f \n%d 1\n%010d 00000 n \n", n, off)
		fmt.Fprintf(&b, "trailer\n<< /Size %d %s /Info %d 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n", n+1, trailer, n, xref, update)
	}
	return b.Bytes()
}

// writeXRefStream writes a cross-reference stream for objects at offsets,
// numbered 1 to len(offsets), and returns its offset. Entries are one byte
// of type, four of offset and two of generation, uncompressed.
func writeXRefStream(b *bytes.Buffer, offsets []int, trailer string) int {
	self := b.Len()
	n := len(offsets) + 2 // object 0, the objects, the stream itself
	var rows bytes.Buffer
	rows.Write([]byte{0, 0, 0, 0, 0, 0xFF, 0xFF})
	for _, off := range append(offsets, self) {
		rows.WriteByte(1)
		must(0, binary.Write(&rows, binary.BigEndian, uint32(off)))
		rows.Write([]byte{0, 0})
	}
	fmt.Fprintf(b, "%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] %s /Length %d >>\nstream\n", n-1, n, trailer, rows.Len())
	b.Write(rows.Bytes())
	b.WriteString("\nendstream\nendobj\n")
	return self
}

// ObjStm returns the body of a compressed object stream holding obj as
// object 50, for use with Objects.
func ObjStm(obj string) string {
	data := Deflate([]byte("50 0 " + obj))
	return fmt.Sprintf("<< /Type /ObjStm /N 1 /First 5 /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream", len(data), data)
}

// File is one entry of a zip archive.
type File struct {
	Name, Body string
}

// Zip returns a zip archive of files, deflated, in the order given.
func Zip(files ...File) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range files {
		w, err := zw.Create(f.Name)
		must(0, err)
		must(w.Write([]byte(f.Body)))
	}
	must(0, zw.Close())
	return buf.Bytes()
}

// XLSX returns a minimal workbook with one sheet holding rows, every cell a
// shared string, as spreadsheet programs store text.
func XLSX(rows [][]string) []byte {
	var shared []string
	index := map[string]int{}
	var sheetRows []string
	for r, row := range rows {
		var cells strings.Builder
		for c, v := range row {
			if v == "" {
				continue
			}
			k, ok := index[v]
			if !ok {
				k = len(shared)
				index[v] = k
				shared = append(shared, xmlEscape(v))
			}
			fmt.Fprintf(&cells, `<c r="%s%d" t="s"><v>%d</v></c>`, columnName(c), r+1, k)
		}
		sheetRows = append(sheetRows, cells.String())
	}
	return XLSXRaw(shared, sheetRows...)
}

// XLSXRaw returns a minimal workbook from raw parts: the shared strings
// (plain text, or the XML inside <si> when it starts with '<') and the
// contents of sheet1's rows (each cell already XML, such as
// `<c r="A1" t="s"><v>0</v></c>` or `<c r="B1"><v>1.23456782E8</v></c>`).
func XLSXRaw(shared []string, rows ...string) []byte {
	var sst strings.Builder
	fmt.Fprintf(&sst, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+
		`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">`, len(shared), len(shared))
	for _, s := range shared {
		if !strings.HasPrefix(s, "<") {
			s = `<t xml:space="preserve">` + s + `</t>`
		}
		fmt.Fprintf(&sst, `<si>%s</si>`, s)
	}
	sst.WriteString(`</sst>`)
	var sheet strings.Builder
	sheet.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	for i, r := range rows {
		fmt.Fprintf(&sheet, `<row r="%d">%s</row>`, i+1, r)
	}
	sheet.WriteString(`</sheetData></worksheet>`)
	return Zip(XLSXParts(sst.String(), sheet.String())...)
}

// XLSXParts returns the parts of a minimal workbook around the given
// shared strings and sheet1 XML, to be zipped with Zip, possibly with more
// parts or with parts changed.
func XLSXParts(sharedStrings, sheet1 string) []File {
	const ns = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"`
	return []File{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
			`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
			`<Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
			`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
			`<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>` +
			`</Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
			`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>` +
			`</Relationships>`},
		{"xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook ` + ns +
			` xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
			`<sheets><sheet name="Blad1" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
			`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
			`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>` +
			`</Relationships>`},
		{"xl/sharedStrings.xml", sharedStrings},
		{"xl/worksheets/sheet1.xml", sheet1},
	}
}

// columnName returns the letters of the zero-based column c: A, B, ..., Z,
// AA.
func columnName(c int) string {
	name := ""
	for c++; c > 0; c = (c - 1) / 26 {
		name = string(rune('A'+(c-1)%26)) + name
	}
	return name
}

func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// PNG returns a w by h PNG image, encoded by image/png.
func PNG(w, h int) []byte {
	var buf bytes.Buffer
	must(0, png.Encode(&buf, picture(w, h)))
	return buf.Bytes()
}

// JPEG returns a w by h baseline JPEG image, encoded by image/jpeg.
func JPEG(w, h int) []byte {
	var buf bytes.Buffer
	must(0, jpeg.Encode(&buf, picture(w, h), &jpeg.Options{Quality: 75}))
	return buf.Bytes()
}

// picture is a gradient, so that encoders have something to compress.
func picture(w, h int) image.Image {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), uint8(x + y), 0xFF})
		}
	}
	return img
}

func must(_ int, err error) {
	if err != nil {
		panic("testdocs: " + err.Error())
	}
}
