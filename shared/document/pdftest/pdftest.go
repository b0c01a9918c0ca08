// Package pdftest checks PDFs the way a reader would see them: it renders
// pages with poppler's pdftoppm and reads their text with pdftotext
// (Debian's poppler-utils, which .ci/run installs), so a test fails on a
// document that a PDF viewer would show blank or garbled.
package pdftest

import (
	"bytes"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func tool(t testing.TB, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		t.Fatalf("%s is missing: install poppler-utils (apt-get install -y poppler-utils; .ci/run does)", name)
	}
	return path
}

// Ink renders page (from 1) at 50 dpi and returns the share of its pixels
// that are not white, from 0 to 1.
func Ink(t testing.TB, pdf []byte, page int) float64 {
	t.Helper()
	dir := t.TempDir()
	in := filepath.Join(dir, "doc.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	p := strconv.Itoa(page)
	out, err := exec.Command(tool(t, "pdftoppm"), "-png", "-r", "50", "-f", p, "-l", p, "-singlefile", in, filepath.Join(dir, "page")).CombinedOutput()
	if err != nil {
		t.Fatalf("pdftoppm: %v: %s", err, out)
	}
	f, err := os.Open(filepath.Join(dir, "page.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	inked := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r < 0xf000 || g < 0xf000 || bl < 0xf000 {
				inked++
			}
		}
	}
	return float64(inked) / float64(b.Dx()*b.Dy())
}

// Text is the document's text as pdftotext extracts it, in reading order.
func Text(t testing.TB, pdf []byte) string {
	t.Helper()
	cmd := exec.Command(tool(t, "pdftotext"), "-layout", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// Pages is the number of pages, as pdfinfo counts them.
func Pages(t testing.TB, pdf []byte) int {
	t.Helper()
	cmd := exec.Command(tool(t, "pdfinfo"), "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	for _, line := range strings.Split(string(out), "\n") {
		if v, ok := strings.CutPrefix(line, "Pages:"); ok {
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil {
				t.Fatalf("pdfinfo: %q", line)
			}
			return n
		}
	}
	t.Fatalf("pdfinfo: no page count in %s", out)
	return 0
}
