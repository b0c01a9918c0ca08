package inspect

import (
	"bytes"
	"encoding/binary"
	"image/jpeg"
	"image/png"
)

// Image dimensions beyond these come from no camera or scanner (the largest
// phone sensors make 200 megapixels) and are the mark of a decompression
// bomb aimed at whoever views or thumbnails the file.
const (
	maxSide   = 1 << 16
	maxPixels = 1 << 28
)

// maxImages bounds the JPEG images in one file: a primary image with the
// gain, depth and matte maps phones add.
const maxImages = 8

func saneSize(w, h int) bool {
	return w > 0 && h > 0 && w <= maxSide && h <= maxSide && w*h <= maxPixels
}

// isPNG walks the chunks: IHDR first (checked by image/png, CRC included),
// at least one IDAT, IEND last and at the end of the file.
func isPNG(b []byte) bool {
	if !bytes.HasPrefix(b, pngMagic) {
		return false
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(b))
	if err != nil || !saneSize(cfg.Width, cfg.Height) {
		return false
	}
	idat := false
	for pos := len(pngMagic); ; {
		if len(b)-pos < 12 {
			return false
		}
		n := int(binary.BigEndian.Uint32(b[pos:]))
		typ := b[pos+4 : pos+8]
		if n > len(b)-pos-12 || !chunkType(typ) {
			return false
		}
		pos += 12 + n
		switch string(typ) {
		case "IDAT":
			idat = true
		case "IEND":
			return n == 0 && idat && trailingOK(b[pos:]) && !opensAsZip(b) && !opensAsPDF(b)
		}
	}
}

// chunkType reports whether a PNG chunk type is four ASCII letters.
func chunkType(t []byte) bool {
	for _, c := range t {
		if c|0x20 < 'a' || c|0x20 > 'z' {
			return false
		}
	}
	return true
}

// isJPEG checks the first image's header with image/jpeg and walks its
// segments to the end of image. What follows must be further JPEG images
// (each walked the same way) or harmless trailing bytes.
func isJPEG(b []byte) bool {
	if !bytes.HasPrefix(b, jpegMagic) {
		return false
	}
	rest := b
	for images := 0; ; images++ {
		if images > 0 && trailingOK(rest) {
			return !opensAsZip(b) && !opensAsPDF(b)
		}
		if images == maxImages {
			return false
		}
		cfg, err := jpeg.DecodeConfig(bytes.NewReader(rest))
		if err != nil || !saneSize(cfg.Width, cfg.Height) {
			return false
		}
		end, ok := jpegEnd(rest)
		if !ok {
			return false
		}
		rest = rest[end:]
	}
}

// jpegEnd returns the offset just after the end-of-image marker of the JPEG
// image starting at b[0]. Marker segments are skipped by their length, so
// an EXIF thumbnail's own markers are not taken for the image's; after a
// start of scan the entropy-coded data runs to the next marker that is not
// a stuffed zero, a restart or a fill byte. Stray bytes between segments,
// which some writers leave and decoders skip with a warning, are skipped
// too.
func jpegEnd(b []byte) (int, bool) {
	if len(b) < 4 || b[0] != 0xFF || b[1] != 0xD8 {
		return 0, false
	}
	pos := 2
	for {
		k := bytes.IndexByte(b[pos:], 0xFF)
		if k < 0 {
			return 0, false
		}
		pos += k
		for pos < len(b) && b[pos] == 0xFF {
			pos++
		}
		if pos == len(b) {
			return 0, false
		}
		m := b[pos]
		pos++
		switch {
		case m == 0xD9:
			return pos, true
		case m == 0x00 || m == 0x01 || m >= 0xD0 && m <= 0xD7:
			continue // no length: a stray stuffed zero, TEM, restarts
		}
		if len(b)-pos < 2 {
			return 0, false
		}
		n := int(binary.BigEndian.Uint16(b[pos:]))
		if n < 2 || n > len(b)-pos {
			return 0, false
		}
		pos += n
		if m == 0xDA {
			pos = scanEnd(b, pos)
		}
	}
}

// scanEnd returns where the entropy-coded data starting at pos ends: at an
// 0xFF that is followed by neither a stuffed zero nor a restart marker.
func scanEnd(b []byte, pos int) int {
	for {
		k := bytes.IndexByte(b[pos:], 0xFF)
		if k < 0 || pos+k+1 >= len(b) {
			return len(b)
		}
		pos += k
		if next := b[pos+1]; next == 0x00 || next >= 0xD0 && next <= 0xD7 {
			pos += 2
			continue
		}
		return pos
	}
}
