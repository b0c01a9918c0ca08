package httpapi

import (
	"encoding/base64"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/aws/aws-lambda-go/events"
)

// Media types the API answers in besides JSON.
const (
	JSON = "application/json"
	CSV  = "text/csv"
	PDF  = "application/pdf"
)

// File is a 200 whose body is content of type contentType (a CSV export, a
// PDF), offered for download as filename.
func File(contentType, filename string, content []byte) Response {
	return Response{Status: http.StatusOK, Body: content, ContentType: contentType, Headers: map[string]string{
		"content-disposition": mime.FormatMediaType("attachment", map[string]string{"filename": filename}),
	}}
}

// encodeFile writes a File response. API Gateway passes a Lambda's body
// on as a string, so anything but UTF-8 text goes base64-encoded with
// IsBase64Encoded set, which API Gateway decodes before it answers.
func encodeFile(r Response, reqID string) events.APIGatewayV2HTTPResponse {
	headers := map[string]string{"content-type": r.ContentType, "x-request-id": reqID}
	for k, v := range r.Headers {
		headers[k] = v
	}
	b, _ := r.Body.([]byte)
	out := events.APIGatewayV2HTTPResponse{StatusCode: r.Status, Headers: headers}
	if textual(r.ContentType) && utf8.Valid(b) {
		out.Body = string(b)
	} else {
		out.Body, out.IsBase64Encoded = base64.StdEncoding.EncodeToString(b), true
	}
	return out
}

func textual(contentType string) bool {
	t, _, _ := strings.Cut(contentType, ";")
	t = strings.TrimSpace(t)
	return strings.HasPrefix(t, "text/") || t == JSON
}

// Negotiate picks the media type of offered that the Accept header ranks
// highest (RFC 9110, 12.5.1: the most specific range that matches gives a
// type its weight; ties go to the earlier offer). Without an Accept header,
// or when it accepts none of them, it is offered[0]: the API then answers in
// its default type rather than 406, as RFC 9110 allows, so clients that
// send Accept: text/html still get JSON.
func (r *Request) Negotiate(offered ...string) string {
	type mediaRange struct {
		typ, sub string
		q        float64
	}
	var ranges []mediaRange
	for _, part := range strings.Split(r.Header("Accept"), ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		q := 1.0
		if s, ok := params["q"]; ok {
			if q, err = strconv.ParseFloat(s, 64); err != nil || q < 0 || q > 1 {
				continue
			}
		}
		typ, sub, _ := strings.Cut(mt, "/")
		ranges = append(ranges, mediaRange{typ, sub, q})
	}
	best, bestQ := offered[0], 0.0
	for _, o := range offered {
		typ, sub, _ := strings.Cut(o, "/")
		q, specificity := 0.0, -1
		for _, m := range ranges {
			s := -1
			switch {
			case m.typ == typ && m.sub == sub:
				s = 2
			case m.typ == typ && m.sub == "*":
				s = 1
			case m.typ == "*" && m.sub == "*":
				s = 0
			}
			if s > specificity {
				q, specificity = m.q, s
			}
		}
		if q > bestQ {
			best, bestQ = o, q
		}
	}
	return best
}
