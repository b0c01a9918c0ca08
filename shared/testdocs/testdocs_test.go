package testdocs_test

import (
	"archive/zip"
	"bytes"
	"compress/zlib"
	"image"
	_ "image/jpeg"
	_ "image/png"
	"io"
	"strings"
	"testing"

	"github.com/srmonitor/srmonitor/shared/filetype"
	"github.com/srmonitor/srmonitor/shared/inspect"
	"github.com/srmonitor/srmonitor/shared/testdocs"
)

// Every document the builders make passes the structural type check, so
// that tests elsewhere fail for what they test and not for their fixtures.
func TestBuildersMakeValidFiles(t *testing.T) {
	docs := []struct {
		name, contentType string
		content           []byte
	}{
		{"pdf", filetype.PDF, testdocs.PDF("Factuur (2026) \\ 0042")},
		{"pdf flate", filetype.PDF, testdocs.PDF("x", testdocs.Flate())},
		{"pdf ascii85", filetype.PDF, testdocs.PDF("x", testdocs.ASCII85())},
		{"pdf indirect length", filetype.PDF, testdocs.PDF("x", testdocs.IndirectLength())},
		{"pdf objects", filetype.PDF, testdocs.PDF("x", testdocs.Objects("<< /Title (t) >>", testdocs.ObjStm("<< /V (v) >>")))},
		{"pdf encrypted", filetype.PDF, testdocs.PDF("x", testdocs.Encrypted())},
		{"pdf xref stream", filetype.PDF, testdocs.PDF("x", testdocs.XRefStream(), testdocs.Encrypted())},
		{"pdf updated", filetype.PDF, testdocs.PDF("x", testdocs.IncrementalUpdate())},
		{"pdf xref stream updated", filetype.PDF, testdocs.PDF("x", testdocs.XRefStream(), testdocs.IncrementalUpdate())},
		{"xlsx", filetype.XLSX, testdocs.XLSX([][]string{{"a", "<b> & c"}, nil, {"", "a"}})},
		{"xlsx raw", filetype.XLSX, testdocs.XLSXRaw([]string{"a"}, `<c r="A1" t="s"><v>0</v></c>`)},
		{"png", filetype.PNG, testdocs.PNG(1, 1)},
		{"jpeg", filetype.JPEG, testdocs.JPEG(1, 1)},
	}
	for _, d := range docs {
		if !inspect.Matches(d.contentType, d.content) {
			t.Errorf("%s does not match %s", d.name, d.contentType)
		}
	}
}

func TestPDFShowsText(t *testing.T) {
	plain := testdocs.PDF("Factuur (2026)")
	if !bytes.Contains(plain, []byte(`(Factuur \(2026\)) Tj`)) {
		t.Errorf("text not shown escaped:\n%s", plain)
	}
	flate := testdocs.PDF("Factuur", testdocs.Flate())
	i := bytes.Index(flate, []byte("stream\n")) + len("stream\n")
	zr, err := zlib.NewReader(bytes.NewReader(flate[i:]))
	if err != nil {
		t.Fatal(err)
	}
	content, _ := io.ReadAll(zr)
	if !strings.Contains(string(content), "(Factuur) Tj") {
		t.Errorf("compressed content = %q", content)
	}
}

func TestXLSXCells(t *testing.T) {
	x := testdocs.XLSX([][]string{{"Naam", "BSN"}, {"Jansen", "12345672"}, {"", "Naam"}})
	zr, err := zip.NewReader(bytes.NewReader(x), int64(len(x)))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		parts[f.Name] = string(b)
	}
	for _, want := range []string{`<c r="A1" t="s"><v>0</v></c>`, `<c r="B2" t="s"><v>3</v></c>`, `<c r="B3" t="s"><v>0</v></c>`} {
		if !strings.Contains(parts["xl/worksheets/sheet1.xml"], want) {
			t.Errorf("sheet lacks %s: %s", want, parts["xl/worksheets/sheet1.xml"])
		}
	}
	if !strings.Contains(parts["xl/sharedStrings.xml"], `<si><t xml:space="preserve">12345672</t></si>`) {
		t.Errorf("shared strings: %s", parts["xl/sharedStrings.xml"])
	}
}

func TestImages(t *testing.T) {
	for _, b := range [][]byte{testdocs.PNG(7, 3), testdocs.JPEG(7, 3)} {
		cfg, _, err := image.DecodeConfig(bytes.NewReader(b))
		if err != nil || cfg.Width != 7 || cfg.Height != 3 {
			t.Errorf("DecodeConfig = %+v, %v", cfg, err)
		}
	}
}

func TestSHA256Hex(t *testing.T) {
	if got := testdocs.SHA256Hex([]byte("abc")); got != "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" {
		t.Errorf("SHA256Hex = %s", got)
	}
}
