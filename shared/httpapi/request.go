package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/aws/aws-lambda-go/events"

	"github.com/srmonitor/srmonitor/shared/auth"
)

// MaxBody is the largest request body accepted (API.md: 413 above).
const MaxBody = 1 << 20

// Request is one API call as a route handler sees it.
type Request struct {
	Event     events.APIGatewayV2HTTPRequest
	Principal auth.Principal
	RequestID string
	body      []byte
}

// Path returns a path parameter.
func (r *Request) Path(name string) string { return r.Event.PathParameters[name] }

// Query returns a query string parameter.
func (r *Request) Query(name string) string { return r.Event.QueryStringParameters[name] }

// Header returns a header, whatever its case.
func (r *Request) Header(name string) string {
	for k, v := range r.Event.Headers {
		if strings.EqualFold(k, name) {
			return v
		}
	}
	return ""
}

// Body is the request body as sent (base64 decoded), for routes that take
// another type than JSON.
func (r *Request) Body() []byte { return r.body }

// Decode reads the JSON body into v strictly: unknown fields, wrong types
// and trailing data are 400 invalid_json, so a client's typo is never
// silently ignored.
func (r *Request) Decode(v any) error {
	if len(bytes.TrimSpace(r.body)) == 0 {
		return BadJSON("the request body must be a JSON object")
	}
	return DecodeStrict(r.body, v)
}

// DecodeStrict is the one JSON decoder for request bodies. Besides
// unknown fields, wrong types and trailing data it refuses a key given
// twice in one object: encoding/json would keep the last, so a client (or a
// proxy in between) could make two readers of one body disagree.
func DecodeStrict(body []byte, v any) error {
	if err := noDuplicateKeys(body); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return BadJSON(describeJSONError(err))
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return BadJSON("unexpected data after the JSON value")
	}
	return nil
}

// noDuplicateKeys walks the body's tokens and fails on the first object
// that names a key twice. Malformed JSON is left to the decoder, which says
// where it breaks.
func noDuplicateKeys(body []byte) error {
	type frame struct {
		keys    map[string]bool // nil for an array
		wantKey bool            // in an object: a key comes next
	}
	var stack []*frame
	// valueDone marks the value in the innermost object as read, so a key
	// comes next.
	valueDone := func() {
		if n := len(stack); n > 0 && stack[n-1].keys != nil {
			stack[n-1].wantKey = true
		}
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil
		}
		top := (*frame)(nil)
		if n := len(stack); n > 0 {
			top = stack[n-1]
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{':
				stack = append(stack, &frame{keys: map[string]bool{}, wantKey: true})
			case '[':
				stack = append(stack, &frame{})
			default:
				stack = stack[:len(stack)-1]
				valueDone()
			}
		case string:
			if top != nil && top.keys != nil && top.wantKey {
				if top.keys[t] {
					return BadJSON(fmt.Sprintf("key %q appears twice in one object", t))
				}
				top.keys[t], top.wantKey = true, false
				continue
			}
			valueDone()
		default:
			valueDone()
		}
	}
}

func describeJSONError(err error) string {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return fmt.Sprintf("malformed JSON at byte %d", syntax.Offset)
	case errors.As(err, &typ):
		if typ.Field != "" {
			return fmt.Sprintf("field %q must be %s, not %s", typ.Field, jsonKind(typ.Type.Kind().String()), typ.Value)
		}
		return fmt.Sprintf("the body must be %s, not %s", jsonKind(typ.Type.Kind().String()), typ.Value)
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return "the JSON body ends too early"
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return "unknown field " + strings.TrimPrefix(err.Error(), "json: unknown field ")
	default:
		// Errors from a field's own UnmarshalJSON (dates, decimals) say
		// what is wrong in words meant for the client.
		return strings.TrimPrefix(err.Error(), "json: ")
	}
}

func jsonKind(goKind string) string {
	switch goKind {
	case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64":
		return "an integer"
	case "float32", "float64":
		return "a number"
	case "string":
		return "a string"
	case "bool":
		return "true or false"
	case "slice", "array":
		return "an array"
	default:
		return "an object"
	}
}

// IfMatch returns the version in an If-Match header ("3" or W/"3"), or nil
// when none was sent: what the domain's conditional changes take.
func (r *Request) IfMatch() (*int64, error) {
	h := strings.TrimSpace(r.Header("If-Match"))
	if h == "" {
		return nil, nil
	}
	v, err := strconv.ParseInt(strings.Trim(strings.TrimPrefix(h, "W/"), `"`), 10, 64)
	if err != nil || v < 1 {
		return nil, BadRequest(`If-Match must be a version such as "3"`)
	}
	return &v, nil
}

// Page reads ?limit= (default 50, at most 200) and ?cursor=.
func (r *Request) Page() (limit int, cursor string, err error) {
	limit = 50
	if q := r.Query("limit"); q != "" {
		limit, err = strconv.Atoi(q)
		if err != nil || limit < 1 || limit > 200 {
			return 0, "", Invalid("limit", "must be a whole number from 1 to 200")
		}
	}
	return limit, r.Query("cursor"), nil
}
