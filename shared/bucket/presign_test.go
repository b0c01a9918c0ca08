package bucket

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/srmonitor/srmonitor/shared/evidence"
)

// moto does not check presigned URLs, so these tests check what is signed
// and recompute the signature the way S3 does.

var creds = aws.Credentials{AccessKeyID: "AKIDEXAMPLE", SecretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"}

func offline(t *testing.T) *Evidence {
	t.Helper()
	c := s3.New(s3.Options{Region: "eu-west-1", Credentials: credentials.StaticCredentialsProvider{Value: creds}})
	return New(c, "srmonitor-evidence-test")
}

var announced = &evidence.Evidence{
	ID: "c_x.e_0123456789abcdefghij", ContentType: "application/pdf", SizeBytes: 48213,
	SHA256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
}

func TestPresignUploadBindsKeyTypeLengthChecksumAndExpiry(t *testing.T) {
	before := time.Now().UTC().Truncate(time.Second)
	up, err := offline(t).PresignUpload(context.Background(), announced.Key(), announced, evidence.UploadTTL)
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(up.URL)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	if up.Method != http.MethodPut || u.Scheme != "https" {
		t.Fatalf("%s %s", up.Method, u.Scheme)
	}
	if u.Host != "srmonitor-evidence-test.s3.eu-west-1.amazonaws.com" || u.Path != "/"+announced.Key() {
		t.Fatalf("URL not bound to the server's key: %s %s", u.Host, u.Path)
	}
	if got := q.Get("X-Amz-SignedHeaders"); got != "content-length;content-type;host;x-amz-checksum-sha256" {
		t.Fatalf("signed headers %q", got)
	}
	sum, _ := hex.DecodeString(announced.SHA256)
	want := map[string]string{
		"Content-Type":          "application/pdf",
		"Content-Length":        "48213",
		"X-Amz-Checksum-Sha256": base64.StdEncoding.EncodeToString(sum),
	}
	if len(up.Headers) != len(want) {
		t.Fatalf("headers %v, want %v", up.Headers, want)
	}
	for k, v := range want {
		if up.Headers[k] != v {
			t.Fatalf("header %s = %q, want %q", k, up.Headers[k], v)
		}
	}
	if q.Get("X-Amz-Expires") != "900" {
		t.Fatalf("expires %q", q.Get("X-Amz-Expires"))
	}
	if up.ExpiresAt.Before(before.Add(15*time.Minute)) || up.ExpiresAt.After(time.Now().Add(15*time.Minute)) {
		t.Fatalf("expires_at %s is not 15 minutes after signing", up.ExpiresAt)
	}

	// The signature is S3's over exactly the headers handed to the client:
	// recomputed from them it matches, and any other value does not.
	if got := resign(t, up.URL, up.Headers); got != q.Get("X-Amz-Signature") {
		t.Fatalf("signature over the returned headers does not match")
	}
	for _, change := range []struct{ header, value string }{
		{"Content-Type", "text/html"},
		{"Content-Length", "48214"},
		{"X-Amz-Checksum-Sha256", base64.StdEncoding.EncodeToString(make([]byte, 32))},
	} {
		h := map[string]string{}
		for k, v := range up.Headers {
			h[k] = v
		}
		h[change.header] = change.value
		if resign(t, up.URL, h) == q.Get("X-Amz-Signature") {
			t.Errorf("a request with %s: %s would be accepted", change.header, change.value)
		}
	}
	other := strings.Replace(up.URL, announced.Key(), "evidence/c_x.e_zzzzzzzzzzzzzzzzzzzz", 1)
	if resign(t, other, up.Headers) == q.Get("X-Amz-Signature") {
		t.Error("the URL also signs another key")
	}
}

// resign computes the signature S3 expects for a PUT of rawURL with
// headers, at the URL's own signing time.
func resign(t *testing.T, rawURL string, headers map[string]string) string {
	t.Helper()
	u, _ := url.Parse(rawURL)
	q := u.Query()
	signed, _ := time.Parse("20060102T150405Z", q.Get("X-Amz-Date"))
	for _, k := range []string{"X-Amz-Signature", "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-SignedHeaders"} {
		q.Del(k)
	}
	u.RawQuery = q.Encode()
	req, _ := http.NewRequest(http.MethodPut, u.String(), nil)
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	req.ContentLength, _ = strconv.ParseInt(headers["Content-Length"], 10, 64)
	out, _, err := v4.NewSigner().PresignHTTP(context.Background(), creds, req, "UNSIGNED-PAYLOAD", "s3", "eu-west-1", signed,
		func(o *v4.SignerOptions) { o.DisableURIPathEscaping = true })
	if err != nil {
		t.Fatal(err)
	}
	v, _ := url.Parse(out)
	return v.Query().Get("X-Amz-Signature")
}

func TestPresignDownloadServesOneVersionAsAttachment(t *testing.T) {
	raw, err := offline(t).PresignDownload(context.Background(), announced.Key(), "v42", "loonstrook \"mei\" één.pdf", "application/pdf", evidence.DownloadTTL)
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(raw)
	q := u.Query()
	if u.Path != "/"+announced.Key() || q.Get("versionId") != "v42" || q.Get("X-Amz-Expires") != "300" {
		t.Fatalf("download URL %s", raw)
	}
	if q.Get("response-content-type") != "application/pdf" {
		t.Fatalf("content type %q", q.Get("response-content-type"))
	}
	if cd := q.Get("response-content-disposition"); !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, "filename*=utf-8''loonstrook%20%22mei%22%20%C3%A9%C3%A9n.pdf") {
		t.Fatalf("content disposition %q", cd)
	}
}
