package inspect

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"strings"
	"testing"

	"github.com/srmonitor/srmonitor/shared/filetype"
	"github.com/srmonitor/srmonitor/shared/testdocs"
)

// Test files. The README's example PDF has no cross-reference section; the
// development server's has a trailer but no startxref. onePixel, from the
// development server's tests, states 13 bytes for an IDAT of 11, so its
// chunks do not chain to IEND.
var (
	pdf        = testdocs.PDF("Factuur 2026-0042")
	readmePDF  = []byte("%PDF-1.4\n1 0 obj\n<< >>\nstream\nBT (Factuur 2026-0042) Tj ET\nendstream\nendobj\n%%EOF\n")
	noXrefPDF  = []byte("%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")
	pngFile    = testdocs.PNG(3, 2)
	jpegFile   = testdocs.JPEG(16, 16)
	xlsx       = testdocs.XLSX([][]string{{"Naam", "Uren"}, {"Jansen", "40"}})
	smallZip   = testdocs.Zip(testdocs.File{Name: "a.txt", Body: "x"})
	onePixel   = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89" + "\x00\x00\x00\x0dIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")
	bigPadding = bytes.Repeat([]byte{0}, 4096)
)

func cat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

// pngChunk returns a PNG chunk with its length and CRC.
func pngChunk(typ string, data []byte) []byte {
	var b bytes.Buffer
	_ = binary.Write(&b, binary.BigEndian, uint32(len(data)))
	b.WriteString(typ)
	b.Write(data)
	_ = binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(append([]byte(typ), data...)))
	return b.Bytes()
}

// pngSized returns the test PNG with its IHDR replaced by one of w by h pixels, CRC
// correct.
func pngSized(w, h uint32) []byte {
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr, w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	copy(ihdr[8:], pngFile[16+8:16+13])
	return cat(pngFile[:8], pngChunk("IHDR", ihdr), pngFile[8+25:])
}

// storedFirst returns the test XLSX with a stored (uncompressed) part
// holding body before its other parts.
func storedFirst(body string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.CreateHeader(&zip.FileHeader{Name: "docProps/custom.xml", Method: zip.Store})
	_, _ = w.Write([]byte(body))
	zr, _ := zip.NewReader(bytes.NewReader(xlsx), int64(len(xlsx)))
	for _, f := range zr.File {
		_ = zw.Copy(f)
	}
	_ = zw.Close()
	return buf.Bytes()
}

// withExifThumbnail puts an APP1 segment holding a JPEG thumbnail, with its
// own start and end of image, after the start of image.
func withExifThumbnail(j []byte) []byte {
	payload := append([]byte("Exif\x00\x00"), testdocs.JPEG(4, 4)...)
	seg := []byte{0xFF, 0xE1, byte((len(payload) + 2) >> 8), byte(len(payload) + 2)}
	return cat(j[:2], seg, payload, j[2:])
}

// pdfWithStartxref returns the test PDF with its startxref changed to off.
func pdfWithStartxref(off string) []byte {
	i := bytes.LastIndex(pdf, []byte("startxref\n"))
	return cat(pdf[:i], []byte("startxref\n"+off+"\n%%EOF\n"))
}

func TestMatches(t *testing.T) {
	docx := testdocs.Zip(testdocs.File{Name: "[Content_Types].xml", Body: "<Types/>"}, testdocs.File{Name: "word/document.xml", Body: "<w/>"})
	noTypes := testdocs.Zip(testdocs.File{Name: "xl/workbook.xml", Body: "<workbook/>"})
	xlsxComment := append(bytes.Clone(xlsx[:len(xlsx)-2]), 7, 0)
	xlsxComment = append(xlsxComment, "comment"...)
	update := testdocs.PDF("x", testdocs.IncrementalUpdate())
	// Entries come after the table's offset, so shortening them leaves
	// startxref right.
	shortEntries := bytes.ReplaceAll(pdf, []byte(" n \n"), []byte(" n\n"))
	// A zip inside the PDF, last object before the cross-reference table,
	// opens as a zip although the PDF is well formed.
	zipInside := testdocs.PDF("x", testdocs.Objects(fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(smallZip), smallZip)))
	tests := []struct {
		name     string
		declared string
		content  []byte
		want     bool
	}{
		{"pdf", filetype.PDF, pdf, true},
		{"pdf with parameters", "application/pdf; version=1.7", pdf, true},
		{"pdf flate", filetype.PDF, testdocs.PDF("x", testdocs.Flate()), true},
		{"pdf xref stream", filetype.PDF, testdocs.PDF("x", testdocs.XRefStream(), testdocs.Flate()), true},
		{"pdf incremental update, two %%EOF", filetype.PDF, update, true},
		{"pdf encrypted", filetype.PDF, testdocs.PDF("x", testdocs.Encrypted()), true},
		{"pdf without xref (README example)", filetype.PDF, readmePDF, true},
		{"pdf trailer without startxref", filetype.PDF, noXrefPDF, true},
		{"pdf 2.0", filetype.PDF, append([]byte("%PDF-2.0"), pdf[8:]...), true},
		{"pdf trailing newlines", filetype.PDF, cat(pdf, []byte("\r\n\n  \n")), true},
		{"pdf trailing NUL padding", filetype.PDF, cat(pdf, bytes.Repeat([]byte{0}, 900)), true},
		{"pdf trailing stray trailer", filetype.PDF, cat(readmePDF, []byte("trailer << /Encrypt 5 0 R >>")), true},
		{"pdf xref entries ending in one byte", filetype.PDF, shortEntries, true},
		{"pdf startxref before white space", filetype.PDF, pdfWithStartxref(fmt.Sprint(bytes.Index(pdf, []byte("\nxref")))), true},
		{"png", filetype.PNG, pngFile, true},
		{"png trailing padding", filetype.PNG, cat(pngFile, bigPadding), true},
		{"png a few trailing bytes", filetype.PNG, cat(pngFile, []byte("\r\n\x1a1")), true},
		{"jpeg", filetype.JPEG, jpegFile, true},
		{"jpeg exif thumbnail", filetype.JPEG, withExifThumbnail(jpegFile), true},
		{"jpeg trailing padding", filetype.JPEG, cat(jpegFile, bigPadding), true},
		{"jpeg a few trailing bytes", filetype.JPEG, cat(jpegFile, []byte("\x00\x00ab")), true},
		{"jpeg with gain map (second image)", filetype.JPEG, cat(jpegFile, testdocs.JPEG(8, 8)), true},
		{"xlsx", filetype.XLSX, xlsx, true},
		{"xlsx with zip comment", filetype.XLSX, xlsxComment, true},
		{"xlsx with a stored part", filetype.XLSX, storedFirst("<Properties/>"), true},
		{"csv", filetype.CSV, []byte("naam;uren\nJansen;40\n"), true},
		{"csv with BOM", filetype.CSV, []byte("\xEF\xBB\xBFnaam;uren\n"), true},
		{"text", filetype.Text, []byte("Verklaring: alles in orde. Ça va, één."), true},
		{"text one line", filetype.Text, []byte("x"), true},
		// Another type.
		{"png declared as pdf", filetype.PDF, pngFile, false},
		{"pdf declared as png", filetype.PNG, pdf, false},
		{"jpeg declared as png", filetype.PNG, jpegFile, false},
		{"png declared as jpeg", filetype.JPEG, pngFile, false},
		{"docx declared as xlsx", filetype.XLSX, docx, false},
		{"pdf declared as xlsx", filetype.XLSX, pdf, false},
		{"pdf declared as text", filetype.Text, pdf, false},
		{"png declared as text", filetype.Text, pngFile, false},
		{"jpeg declared as csv", filetype.CSV, jpegFile, false},
		{"xlsx declared as csv", filetype.CSV, xlsx, false},
		{"unknown type", "image/gif", []byte("GIF89a"), false},
		// Polyglots.
		{"png then pdf, as png", filetype.PNG, cat(pngFile, pdf), false},
		{"png then pdf, as pdf", filetype.PDF, cat(pngFile, pdf), false},
		{"pdf then zip", filetype.PDF, cat(pdf, smallZip), false},
		{"pdf then big zip", filetype.PDF, cat(pdf, xlsx), false},
		{"pdf then png", filetype.PDF, cat(pdf, pngFile), false},
		{"pdf holding a zip at its end", filetype.PDF, zipInside, false},
		{"jpeg then pdf", filetype.JPEG, cat(jpegFile, pdf), false},
		{"jpeg then zip", filetype.JPEG, cat(jpegFile, smallZip), false},
		{"jpeg then text", filetype.JPEG, cat(jpegFile, []byte(strings.Repeat("BSN 123456782 ", 10))), false},
		{"png then zip", filetype.PNG, cat(pngFile, smallZip), false},
		{"zip after xlsx", filetype.XLSX, cat(xlsx, pdf), false},
		{"jpeg with a pdf in a comment", filetype.JPEG, cat(jpegFile[:2], []byte{0xFF, 0xFE, 0, 13}, []byte("%PDF-1.4\n%\n"), jpegFile[2:]), false},
		{"png with a pdf in a chunk", filetype.PNG, cat(pngFile[:33], pngChunk("tEXt", []byte("c\x00%PDF-1.4")), pngFile[33:]), false},
		{"xlsx with a pdf in a stored part", filetype.XLSX, storedFirst("%PDF-1.4\n1 0 obj\n<< >>\nendobj\n"), false},
		{"text with a pdf header", filetype.Text, []byte("notitie\n%PDF-1.4\n1 0 obj\n<< >>\nendobj\n%%EOF\n"), false},
		{"pdf before xlsx", filetype.XLSX, cat(pdf, xlsx), false},
		// Damaged or not quite the type.
		{"pdf header not at start", filetype.PDF, append([]byte(" "), pdf...), false},
		{"pdf bad version", filetype.PDF, append([]byte("%PDF-x.y"), pdf[8:]...), false},
		{"pdf without %%EOF", filetype.PDF, pdf[:len(pdf)-6], false},
		{"pdf %%EOF far from the end", filetype.PDF, cat(pdf, bytes.Repeat([]byte("% comment\n"), 200)), false},
		{"pdf startxref to nothing", filetype.PDF, pdfWithStartxref("9"), false},
		{"pdf startxref beyond the file", filetype.PDF, pdfWithStartxref("99999999"), false},
		{"pdf startxref not a number", filetype.PDF, pdfWithStartxref("x"), false},
		{"pdf xref table damaged", filetype.PDF, bytes.Replace(pdf, []byte(" 00000 n \n"), []byte(" 0000 n \n"), 1), false},
		{"png signature only", filetype.PNG, []byte("\x89PNG\r\n\x1a\n"), false},
		{"png header only", filetype.PNG, onePixel[:33], false},
		{"png whose IDAT length is wrong", filetype.PNG, onePixel, false},
		{"png without IEND", filetype.PNG, pngFile[:len(pngFile)-12], false},
		{"png without IDAT", filetype.PNG, cat(pngFile[:33], pngFile[len(pngFile)-12:]), false},
		{"png bad IHDR checksum", filetype.PNG, cat(pngFile[:29], []byte{0, 0, 0, 0}, pngFile[33:]), false},
		{"png chunk longer than the file", filetype.PNG, cat(pngFile[:33], []byte{0x7F, 0, 0, 0}, pngFile[37:]), false},
		{"png zero width", filetype.PNG, pngSized(0, 2), false},
		{"png huge", filetype.PNG, pngSized(100_000, 100_000), false},
		{"png sane size", filetype.PNG, pngSized(3, 2), true},
		{"jpeg header only", filetype.JPEG, []byte{0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0x00}, false},
		{"jpeg without EOI", filetype.JPEG, jpegFile[:len(jpegFile)-2], false},
		{"jpeg truncated", filetype.JPEG, jpegFile[:len(jpegFile)/2], false},
		{"zip without content types", filetype.XLSX, noTypes, false},
		{"zip magic but damaged", filetype.XLSX, []byte("PK\x03\x04garbage"), false},
		{"binary declared as text", filetype.Text, []byte{0x01, 0x02, 0x00, 0xFF}, false},
		{"NUL in text", filetype.Text, []byte("abc\x00def"), false},
		{"invalid UTF-8 declared as csv", filetype.CSV, []byte("naam;\xff\xfe\n"), false},
		{"latin-1 declared as csv", filetype.CSV, []byte("caf\xe9;1\n"), false},
		{"UTF-16 declared as text", filetype.Text, []byte("\xff\xfeB\x00S\x00N\x00"), false},
		{"empty pdf", filetype.PDF, nil, false},
		{"empty png", filetype.PNG, []byte{}, false},
		{"empty jpeg", filetype.JPEG, nil, false},
		{"empty xlsx", filetype.XLSX, nil, false},
		{"empty text", filetype.Text, nil, false},
		{"empty csv", filetype.CSV, []byte{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Matches(tt.declared, tt.content); got != tt.want {
				t.Errorf("Matches(%q, ...) = %v, want %v", tt.declared, got, tt.want)
			}
		})
	}
}

func FuzzMatches(f *testing.F) {
	for _, seed := range [][]byte{pdf, readmePDF, pngFile, jpegFile, xlsx, withExifThumbnail(jpegFile), []byte("naam;uren\n")} {
		f.Add(seed)
	}
	types := []string{filetype.PDF, filetype.PNG, filetype.JPEG, filetype.XLSX, filetype.CSV}
	f.Fuzz(func(t *testing.T, content []byte) {
		for _, ct := range types {
			Matches(ct, content)
		}
	})
}
