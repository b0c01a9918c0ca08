package devserver

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"

	"github.com/srmonitor/srmonitor/shared/csvio"
)

// kin-openapi's own text/csv decoder reads commas only; the API's files
// are semicolon-separated with a byte order mark (a Dutch spreadsheet's
// CSV). This one reads them as the API does, so a CSV request or response
// that is no table fails the spec check.
func init() {
	openapi3filter.RegisterBodyDecoder("text/csv", func(body io.Reader, _ http.Header, _ *openapi3.SchemaRef, _ openapi3filter.EncodingFn) (any, error) {
		b, err := io.ReadAll(body)
		if err != nil {
			return nil, err
		}
		if _, err := csvio.Read(b, 1_000_000); err != nil {
			return nil, err
		}
		return string(b), nil
	})
}

// file is an answer whose body need not be JSON.
type file struct {
	reply
	Bytes []byte
}

// send sends body with its content type, and headers as pairs; the
// exchange is checked against openapi.yaml like every other.
func (e *env) send(method, path, token, contentType string, body []byte, headers ...string) file {
	e.t.Helper()
	req, err := http.NewRequest(method, e.url+path, bytes.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	checkSpec(e.t, req, body, resp.StatusCode, resp.Header, raw)
	f := file{reply: reply{Status: resp.StatusCode, Header: resp.Header, Raw: string(raw)}, Bytes: raw}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		_ = json.Unmarshal(raw, &f.Body)
	}
	return f
}

// get fetches path in the type accept names.
func (e *env) get(path, token, accept string) file {
	e.t.Helper()
	return e.send("GET", path, token, "", nil, "Accept", accept)
}

// table reads a CSV answer: its type, byte order mark and separator as a
// Dutch spreadsheet needs them.
func (f file) table(t *testing.T) *csvio.Table {
	t.Helper()
	f.want(t, 200)
	if ct := f.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
		t.Fatalf("content type %q", ct)
	}
	if !bytes.HasPrefix(f.Bytes, []byte("\ufeff")) || csvio.Separator(f.Bytes[3:]) != ';' || !bytes.Contains(f.Bytes, []byte("\r\n")) {
		t.Fatalf("not a Dutch spreadsheet's CSV: %q", f.Raw[:min(len(f.Raw), 200)])
	}
	if !strings.HasPrefix(f.Header.Get("Content-Disposition"), "attachment; filename=") {
		t.Errorf("content disposition %q", f.Header.Get("Content-Disposition"))
	}
	tb, err := csvio.Read(f.Bytes, 1_000_000)
	if err != nil {
		t.Fatal(err)
	}
	return tb
}

// column returns the cells of the named column.
func column(t *testing.T, tb *csvio.Table, name string) []string {
	t.Helper()
	for i, h := range tb.Header {
		if h == name {
			out := make([]string, len(tb.Rows))
			for j, r := range tb.Rows {
				out[j] = r.Cell(i)
			}
			return out
		}
	}
	t.Fatalf("no column %q in %q", name, tb.Header)
	return nil
}

// eventually waits for cond, checking it every 50 ms for at most a
// minute: for what the queue's worker does in its own time.
func (e *env) eventually(what string, cond func() bool) {
	e.t.Helper()
	deadline := time.Now().Add(time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			e.t.Fatalf("waited a minute for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
