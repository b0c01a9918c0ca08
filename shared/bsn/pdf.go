package bsn

import (
	"bytes"
	"compress/flate"
	"compress/zlib"
	"encoding/ascii85"
	"encoding/hex"
	"io"
	"unicode/utf16"
)

// The PDF reader does not build the document's object tree: it walks the
// file once, inflates every stream that can hold text and collects the
// strings it finds. That sees text wherever a generator put it (page content,
// form XObjects, annotation appearances, form field values, metadata, object
// streams) without trusting a cross-reference table that may be damaged or
// deliberately misleading, and it keeps the work linear in the file size.

// maxDictBack bounds how far before a "stream" keyword its dictionary is
// looked for; stream dictionaries are short.
const maxDictBack = 16 << 10

// kernSpace is the TJ displacement, in thousandths of an em, from which a
// gap between two pieces of text is read as a space. Kerning within a word is
// a few tens; a word space is about 250.
const kernSpace = 200

type pdfReader struct {
	data []byte
	ex   *extracted
	w    textWriter
	objs map[int]int // object number -> offset just after its "obj" keyword
	zr   io.ReadCloser
	fr   io.ReadCloser
}

func scanPDF(content []byte, lim limits) ([]Finding, error) {
	if hasEncryptEntry(content) {
		return nil, ErrEncrypted
	}
	r := &pdfReader{data: content, ex: newExtracted(lim)}
	r.w.ex = r.ex
	if err := r.run(); err != nil {
		return nil, err
	}
	return r.ex.findings(), nil
}

// hasEncryptEntry reports whether the file has an /Encrypt entry in a
// trailer or cross-reference stream dictionary: the name followed by a
// reference ("/Encrypt 12 0 R") or a dictionary ("/Encrypt <<"). Those
// dictionaries are never compressed, so the raw bytes show it; an
// encrypted file's strings and streams are ciphertext. It is written out
// rather than a regular expression, which every function linking this
// package would compile at start.
func hasEncryptEntry(b []byte) bool {
	const name = "/Encrypt"
	for i := 0; ; {
		k := bytes.Index(b[i:], []byte(name))
		if k < 0 {
			return false
		}
		j := i + k + len(name)
		i = j
		for j < len(b) && isPDFSpace(b[j]) {
			j++
		}
		if bytes.HasPrefix(b[j:], []byte("<<")) {
			return true
		}
		// A reference: object number, generation, R.
		for range 2 {
			d := j
			for j < len(b) && isDigit(b[j]) {
				j++
			}
			s := j
			for j < len(b) && isPDFSpace(b[j]) {
				j++
			}
			if d == s || s == j {
				j = -1
				break
			}
		}
		if j >= 0 && j < len(b) && b[j] == 'R' {
			return true
		}
	}
}

// run walks the file: the stretches between streams are read as object
// syntax, each stream according to its dictionary.
func (r *pdfReader) run() error {
	pos := 0
	for pos < len(r.data) {
		kw, dataStart := r.nextStream(pos)
		if kw < 0 {
			r.w.piece(pos)
			r.w.tokens(r.data[pos:], false)
			return nil
		}
		if err := r.ex.stream(); err != nil {
			return err
		}
		r.w.piece(pos)
		r.w.tokens(r.data[pos:kw], false)
		dict := r.data[r.dictStart(pos, kw):kw]
		dataEnd, next, err := r.streamEnd(dict, dataStart)
		if err != nil {
			return err
		}
		if err := r.stream(dict, r.data[dataStart:dataEnd], dataStart); err != nil {
			return err
		}
		pos = next
	}
	return nil
}

// nextStream finds the next "stream" keyword at or after pos that follows a
// dictionary and is followed by an end of line, and returns its offset and
// the offset where the stream data begins; -1 when there is none.
func (r *pdfReader) nextStream(pos int) (int, int) {
	d := r.data
	for {
		k := bytes.Index(d[pos:], []byte("stream"))
		if k < 0 {
			return -1, 0
		}
		k += pos
		pos = k + len("stream")
		if !bytes.HasSuffix(bytes.TrimRight(d[:k], " \t\r\n\f\x00"), []byte(">>")) {
			continue
		}
		switch {
		case bytes.HasPrefix(d[pos:], []byte("\r\n")):
			return k, pos + 2
		case pos < len(d) && (d[pos] == '\n' || d[pos] == '\r'):
			return k, pos + 1
		}
	}
}

// dictStart returns where the dictionary of the stream at kw begins: after
// the last "obj" keyword before it, searching no further back than pos.
func (r *pdfReader) dictStart(pos, kw int) int {
	lo := max(pos, kw-maxDictBack)
	if i := bytes.LastIndex(r.data[lo:kw], []byte("obj")); i >= 0 {
		return lo + i + len("obj")
	}
	return lo
}

// streamEnd returns the end of the stream data starting at dataStart and the
// offset after its "endstream". /Length is used when it is right, because
// compressed data may by chance or on purpose contain "endstream"; otherwise
// the keyword is searched for, as viewers do with damaged files.
func (r *pdfReader) streamEnd(dict []byte, dataStart int) (int, int, error) {
	d := r.data
	n, ok, err := r.length(dict)
	if err != nil {
		return 0, 0, err
	}
	if ok && n >= 0 && n <= len(d)-dataStart {
		end := dataStart + n
		rest := bytes.TrimLeft(d[end:], " \t\r\n\f\x00")
		if bytes.HasPrefix(rest, []byte("endstream")) {
			return end, len(d) - len(rest) + len("endstream"), nil
		}
	}
	if i := bytes.Index(d[dataStart:], []byte("endstream")); i >= 0 {
		return dataStart + i, dataStart + i + len("endstream"), nil
	}
	return len(d), len(d), nil
}

// length reads /Length from a stream dictionary, following an indirect
// reference to an object holding the number.
func (r *pdfReader) length(dict []byte) (int, bool, error) {
	v, ok := dictValue(dict, "/Length")
	if !ok {
		return 0, false, nil
	}
	n, rest, ok := leadingInt(v)
	if !ok {
		return 0, false, nil
	}
	if _, rest2, ok := leadingInt(rest); ok && bytes.HasPrefix(bytes.TrimLeft(rest2, " \t\r\n\f\x00"), []byte("R")) {
		objs, err := r.objects()
		if err != nil {
			return 0, false, err
		}
		off, found := objs[n]
		if !found {
			return 0, false, nil
		}
		n, _, ok = leadingInt(r.data[off:])
		return n, ok, nil
	}
	return n, true, nil
}

// objects indexes "N G obj" headers, built on first use since only files
// with indirect stream lengths need it. A later definition of the same
// number wins, as in an incremental update. The index is bounded, since a
// file of nothing but object headers would otherwise cost memory in
// proportion to its size many times over.
func (r *pdfReader) objects() (map[int]int, error) {
	if r.objs != nil {
		return r.objs, nil
	}
	r.objs = make(map[int]int)
	d := r.data
	for pos := 0; ; {
		if len(r.objs) > r.ex.lim.objects {
			return nil, tooComplex("more than %d objects", r.ex.lim.objects)
		}
		k := bytes.Index(d[pos:], []byte("obj"))
		if k < 0 {
			return r.objs, nil
		}
		k += pos
		pos = k + len("obj")
		// Walk back over "<num> <gen> ".
		j := k
		for j > 0 && isPDFSpace(d[j-1]) {
			j--
		}
		g := j
		for j > 0 && isDigit(d[j-1]) {
			j--
		}
		if j == g || j == 0 || !isPDFSpace(d[j-1]) {
			continue
		}
		for j > 0 && isPDFSpace(d[j-1]) {
			j--
		}
		e := j
		for j > 0 && isDigit(d[j-1]) && e-j < 10 {
			j--
		}
		if j == e {
			continue
		}
		if n, _, ok := leadingInt(d[j:e]); ok {
			r.objs[n] = pos
		}
	}
}

// stream decodes one stream and extracts its text according to its kind.
func (r *pdfReader) stream(dict, raw []byte, offset int) error {
	typ, _ := dictName(dict, "/Type")
	sub, _ := dictName(dict, "/Subtype")
	switch {
	case typ == "XRef" || sub == "Image" || typ == "XObject" && sub != "Form":
		return nil // binary, no text
	case sub == "Type1C" || sub == "CIDFontType0C" || sub == "OpenType" ||
		hasKey(dict, "/Length1") || hasKey(dict, "/Length2"):
		return nil // font programs
	}
	data, ok, err := r.decode(dict, raw)
	if err != nil || !ok {
		return err
	}
	r.w.piece(offset)
	switch typ {
	case "ObjStm":
		r.w.tokens(data, false)
	case "Metadata", "EmbeddedFile":
		// XMP metadata is XML and an attached file may be text: read the
		// bytes as they are.
		r.w.raw(data)
	default:
		r.w.tokens(data, true)
	}
	return nil
}

// decode applies the stream's filters. It reports false for filters it
// cannot undo, whose data is then not read.
func (r *pdfReader) decode(dict, data []byte) ([]byte, bool, error) {
	for _, f := range dictNames(dict, "/Filter") {
		var err error
		switch f {
		case "FlateDecode", "Fl":
			data, err = r.inflate(data)
			if err != nil {
				return nil, false, err
			}
		case "ASCIIHexDecode", "AHx":
			data = decodeHex(data)
		case "ASCII85Decode", "A85":
			data = decode85(data)
		default:
			return nil, false, nil
		}
	}
	return data, true, nil
}

// inflate undoes FlateDecode, normally zlib data but raw deflate from some
// generators, within the file's decompression budget. A damaged stream is
// read up to the damage, as viewers show it. The readers are reused because
// a file may hold many small streams.
func (r *pdfReader) inflate(data []byte) ([]byte, error) {
	var err error
	if r.zr == nil {
		r.zr, err = zlib.NewReader(bytes.NewReader(data))
	} else {
		err = r.zr.(zlib.Resetter).Reset(bytes.NewReader(data), nil)
	}
	if err == nil {
		return r.ex.inflate(r.zr, true)
	}
	if r.fr == nil {
		r.fr = flate.NewReader(bytes.NewReader(data))
	} else if err := r.fr.(flate.Resetter).Reset(bytes.NewReader(data), nil); err != nil {
		return nil, nil
	}
	return r.ex.inflate(r.fr, true)
}

func decodeHex(data []byte) []byte {
	digits := make([]byte, 0, len(data))
	for _, c := range data {
		if c == '>' {
			break
		}
		if isHexDigit(c) {
			digits = append(digits, c)
		}
	}
	if len(digits)%2 == 1 {
		digits = append(digits, '0')
	}
	out := make([]byte, len(digits)/2)
	n, _ := hex.Decode(out, digits)
	return out[:n]
}

func decode85(data []byte) []byte {
	if i := bytes.Index(data, []byte("~>")); i >= 0 {
		data = data[:i]
	}
	data = bytes.TrimPrefix(bytes.TrimLeft(data, " \t\r\n\f\x00"), []byte("<~"))
	out := make([]byte, 4*len(data)/5+4)
	n, _, _ := ascii85.Decode(out, data, true)
	return out[:n]
}

// textWriter appends the strings of one piece of the file to the extracted
// text, separated the way they would appear on the page.
type textWriter struct {
	ex      *extracted
	origin  int  // file offset of the current piece
	begun   bool // whether the piece has written text
	pending byte // separator to write before the next string: 0, ' ' or '\n'
	buf     []byte
}

// piece starts a new piece of the file at offset; the piece only enters the
// text once it yields a string.
func (w *textWriter) piece(offset int) {
	w.origin, w.begun, w.pending = offset, false, 0
}

func (w *textWriter) sep(c byte) {
	if c == '\n' || w.pending == 0 {
		w.pending = c
	}
}

func (w *textWriter) start() {
	if !w.begun {
		w.ex.begin(w.origin)
		w.begun = true
	} else if w.pending != 0 {
		w.ex.text.WriteByte(w.pending)
	}
	w.pending = 0
}

// str writes a PDF string. Text strings with a UTF-16 byte order mark (form
// values, metadata) are converted; other bytes are written as they are,
// which keeps the ASCII digits and letters that matter here.
func (w *textWriter) str(s []byte) {
	if len(s) == 0 {
		return
	}
	w.start()
	if len(s) >= 2 && s[0] == 0xFE && s[1] == 0xFF {
		units := make([]uint16, 0, len(s)/2)
		for i := 2; i+1 < len(s); i += 2 {
			units = append(units, uint16(s[i])<<8|uint16(s[i+1]))
		}
		for _, r := range utf16.Decode(units) {
			w.ex.text.WriteRune(r)
		}
		return
	}
	w.ex.text.Write(s)
}

func (w *textWriter) raw(data []byte) {
	if len(data) > 0 {
		w.start()
		w.ex.text.Write(data)
	}
}

// tokens reads PDF syntax and writes its strings. In a content stream the
// text operators decide the separators: pieces of one TJ array or of
// consecutive Tj operators run together (kerning and font changes split
// numbers: "[(123) -20 (456)] TJ" is 123456), a large TJ gap or a move on
// the same line is a space, a new line or text object a newline. In object
// syntax every string stands on its own line.
func (w *textWriter) tokens(b []byte, content bool) {
	var ty []byte // last number operand, the y of a Td move
	var dictDepth, arrayDepth int
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case isPDFSpace(c):
			i++
		case c == '%':
			for i < len(b) && b[i] != '\n' && b[i] != '\r' {
				i++
			}
		case c == '(' || c == '<' && (i+1 >= len(b) || b[i+1] != '<'):
			var s []byte
			if c == '(' {
				s, i = literalString(b, i, w.buf[:0])
			} else {
				s, i = hexString(b, i, w.buf[:0])
			}
			w.buf = s
			if !content || dictDepth > 0 {
				// A string in a dictionary, such as /ActualText,
				// is not part of the shown text around it.
				w.sep('\n')
				w.str(s)
				w.sep('\n')
			} else {
				if showsOnNextLine(b, i) {
					w.sep('\n')
				}
				w.str(s)
			}
		case c == '<':
			dictDepth++
			i += 2
		case c == '>':
			if i+1 < len(b) && b[i+1] == '>' {
				dictDepth = max(0, dictDepth-1)
				i++
			}
			i++
		case c == '/':
			i++
			for i < len(b) && isRegular(b[i]) {
				i++
			}
		case c == '[':
			arrayDepth++
			i++
		case c == ']':
			arrayDepth = max(0, arrayDepth-1)
			i++
		case !isRegular(c):
			i++ // { } ) and stray delimiters
		default:
			j := i
			for j < len(b) && isRegular(b[j]) {
				j++
			}
			tok := b[i:j]
			i = j
			if !content {
				continue
			}
			if isNumber(tok) {
				if arrayDepth > 0 && bigKern(tok) {
					w.sep(' ')
				}
				ty = tok
				continue
			}
			switch string(tok) {
			case "Td", "TD":
				if isZero(ty) {
					w.sep(' ')
				} else {
					w.sep('\n')
				}
			case "Tm":
				w.sep(' ')
			case "T*", "'", "\"", "BT", "ET":
				w.sep('\n')
			case "ID":
				i = skipInlineImage(b, i)
			}
		}
	}
}

// showsOnNextLine reports whether the string that ended at i is the operand
// of ' or ", which move to the next line before showing it.
func showsOnNextLine(b []byte, i int) bool {
	for i < len(b) && isPDFSpace(b[i]) {
		i++
	}
	return i < len(b) && (b[i] == '\'' || b[i] == '"') && (i+1 == len(b) || !isRegular(b[i+1]))
}

// literalString decodes the literal string starting with '(' at i into out
// and returns it with the offset after the closing parenthesis.
func literalString(b []byte, i int, out []byte) ([]byte, int) {
	depth := 1
	j := i + 1
	for j < len(b) {
		c := b[j]
		j++
		switch c {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return out, j
			}
		case '\\':
			if j >= len(b) {
				return out, j
			}
			e := b[j]
			j++
			switch e {
			case 'n':
				out = append(out, '\n')
			case 'r':
				out = append(out, '\r')
			case 't':
				out = append(out, '\t')
			case 'b':
				out = append(out, '\b')
			case 'f':
				out = append(out, '\f')
			case '\r':
				if j < len(b) && b[j] == '\n' {
					j++
				}
			case '\n':
			case '0', '1', '2', '3', '4', '5', '6', '7':
				v := int(e - '0')
				for k := 0; k < 2 && j < len(b) && b[j] >= '0' && b[j] <= '7'; k++ {
					v = v*8 + int(b[j]-'0')
					j++
				}
				out = append(out, byte(v))
			default:
				out = append(out, e) // \( \) \\ and unknown escapes
			}
			continue
		}
		out = append(out, c)
	}
	return out, j
}

// hexString decodes the hex string starting with '<' at i into out and
// returns it with the offset after the closing '>'. A missing last digit is
// zero.
func hexString(b []byte, i int, out []byte) ([]byte, int) {
	j := i + 1
	var hi byte
	half := false
	for ; j < len(b) && b[j] != '>'; j++ {
		c := b[j]
		if !isHexDigit(c) {
			continue
		}
		if half {
			out = append(out, hi<<4|unhex(c))
		} else {
			hi = unhex(c)
		}
		half = !half
	}
	if half {
		out = append(out, hi<<4)
	}
	return out, min(j+1, len(b))
}

// skipInlineImage skips the data of an inline image after its ID operator,
// up to the EI operator standing between white space.
func skipInlineImage(b []byte, i int) int {
	for {
		k := bytes.Index(b[i:], []byte("EI"))
		if k < 0 {
			return len(b)
		}
		k += i
		i = k + 2
		if k > 0 && isPDFSpace(b[k-1]) && (i == len(b) || isPDFSpace(b[i])) {
			return i
		}
	}
}

// dictValue returns what follows key in a dictionary, with leading white
// space removed. The key must end there: /Length does not match /Length1.
func dictValue(dict []byte, key string) ([]byte, bool) {
	for pos := 0; ; {
		k := bytes.Index(dict[pos:], []byte(key))
		if k < 0 {
			return nil, false
		}
		pos += k + len(key)
		if pos == len(dict) || !isRegular(dict[pos]) {
			return bytes.TrimLeft(dict[pos:], " \t\r\n\f\x00"), true
		}
	}
}

func hasKey(dict []byte, key string) bool {
	_, ok := dictValue(dict, key)
	return ok
}

// dictName returns the name value of key, without its slash.
func dictName(dict []byte, key string) (string, bool) {
	v, ok := dictValue(dict, key)
	if !ok || len(v) == 0 || v[0] != '/' {
		return "", false
	}
	return string(readName(v[1:])), true
}

// dictNames returns the value of key as a list of names, for /Filter which
// is a name or an array of names.
func dictNames(dict []byte, key string) []string {
	v, ok := dictValue(dict, key)
	if !ok || len(v) == 0 {
		return nil
	}
	if v[0] == '/' {
		return []string{string(readName(v[1:]))}
	}
	if v[0] != '[' {
		return nil
	}
	var names []string
	for i := 1; i < len(v) && v[i] != ']'; {
		if v[i] == '/' {
			n := readName(v[i+1:])
			names = append(names, string(n))
			i += 1 + len(n)
			continue
		}
		i++
	}
	return names
}

func readName(b []byte) []byte {
	j := 0
	for j < len(b) && isRegular(b[j]) {
		j++
	}
	return b[:j]
}

// leadingInt parses the unsigned integer at the start of b (after white
// space) and returns the rest.
func leadingInt(b []byte) (int, []byte, bool) {
	b = bytes.TrimLeft(b, " \t\r\n\f\x00")
	n, j := 0, 0
	for j < len(b) && isDigit(b[j]) && j < 10 {
		n = n*10 + int(b[j]-'0')
		j++
	}
	if j == 0 || j < len(b) && isDigit(b[j]) {
		return 0, b, false
	}
	return n, b[j:], true
}

func isNumber(tok []byte) bool {
	c := tok[0]
	return isDigit(c) || c == '-' || c == '+' || c == '.'
}

// bigKern reports whether a number, as a TJ displacement, is at least
// kernSpace in size.
func bigKern(tok []byte) bool {
	n := 0
	for _, c := range bytes.TrimLeft(tok, "+-") {
		if !isDigit(c) {
			break
		}
		n = n*10 + int(c-'0')
		if n >= kernSpace {
			return true
		}
	}
	return false
}

// isZero reports whether a number token is zero; a missing operand counts
// as zero.
func isZero(tok []byte) bool {
	for _, c := range tok {
		if c >= '1' && c <= '9' {
			return false
		}
	}
	return true
}

func isPDFSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == 0
}

// isRegular reports whether c is neither white space nor a PDF delimiter.
func isRegular(c byte) bool {
	switch c {
	case '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return false
	}
	return !isPDFSpace(c)
}

func isHexDigit(c byte) bool {
	return isDigit(c) || c|0x20 >= 'a' && c|0x20 <= 'f'
}

func unhex(c byte) byte {
	if isDigit(c) {
		return c - '0'
	}
	return (c | 0x20) - 'a' + 10
}
