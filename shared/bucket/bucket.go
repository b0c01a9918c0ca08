// Package bucket is the S3 adapter of the evidence storage port: presigned
// uploads bound to one announced file, presigned downloads of one version,
// reading an object once, and quarantine by tag.
package bucket

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"

	"github.com/srmonitor/srmonitor/shared/awsconfig"
	"github.com/srmonitor/srmonitor/shared/evidence"
)

// QuarantineTag marks an object nobody may read; the bucket policy denies
// reading it and a lifecycle rule deletes it (template.yaml).
const QuarantineTag = "quarantine"

// Evidence implements evidence.Storage on one S3 bucket.
type Evidence struct {
	Client  *s3.Client
	Presign *s3.PresignClient
	Name    string
}

var _ evidence.Storage = (*Evidence)(nil)

// New wraps client for bucket name; the presign client is made once.
func New(client *s3.Client, name string) *Evidence {
	return &Evidence{Client: client, Presign: s3.NewPresignClient(client), Name: name}
}

// NewClient is the S3 client for cfg. Local endpoints (moto, LocalStack)
// serve buckets by path: virtual hosts under localhost or 127.0.0.1 do not
// resolve.
func NewClient(cfg aws.Config) *s3.Client {
	return s3.NewFromConfig(cfg, func(o *s3.Options) {
		o.UsePathStyle = awsconfig.Local(cfg)
		// The verify function hashes what it reads itself; the SDK's note
		// that an object has no stored checksum is noise.
		o.DisableLogOutputChecksumValidationSkipped = true
	})
}

// PresignUpload signs a PUT of exactly the announced file: the key, the
// Content-Type, the Content-Length and the x-amz-checksum-sha256 header
// are all part of the signature, so S3 refuses any other request, and
// computes the SHA-256 of what arrives and refuses a body that does not
// match it.
func (b *Evidence) PresignUpload(ctx context.Context, key string, e *evidence.Evidence, ttl time.Duration) (evidence.Upload, error) {
	sum, err := hex.DecodeString(e.SHA256)
	if err != nil {
		return evidence.Upload{}, fmt.Errorf("sha256: %w", err)
	}
	req, err := b.Presign.PresignPutObject(ctx, &s3.PutObjectInput{
		Bucket:            &b.Name,
		Key:               &key,
		ContentType:       &e.ContentType,
		ContentLength:     &e.SizeBytes,
		ChecksumAlgorithm: types.ChecksumAlgorithmSha256,
		ChecksumSHA256:    aws.String(base64.StdEncoding.EncodeToString(sum)),
	}, s3.WithPresignExpires(ttl))
	if err != nil {
		return evidence.Upload{}, err
	}
	expires, err := expiry(req.URL)
	if err != nil {
		return evidence.Upload{}, err
	}
	headers := map[string]string{}
	for k, v := range req.SignedHeader {
		// The client's HTTP library sets Host from the URL.
		if !strings.EqualFold(k, "host") {
			headers[http.CanonicalHeaderKey(k)] = strings.Join(v, ",")
		}
	}
	return evidence.Upload{Method: req.Method, URL: req.URL, Headers: headers, ExpiresAt: expires}, nil
}

// expiry reads when a presigned URL stops working from the URL itself.
func expiry(raw string) (time.Time, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return time.Time{}, err
	}
	q := u.Query()
	signed, err := time.Parse("20060102T150405Z", q.Get("X-Amz-Date"))
	if err != nil {
		return time.Time{}, fmt.Errorf("presigned URL without X-Amz-Date: %w", err)
	}
	secs, err := strconv.Atoi(q.Get("X-Amz-Expires"))
	if err != nil {
		return time.Time{}, fmt.Errorf("presigned URL without X-Amz-Expires: %w", err)
	}
	return signed.Add(time.Duration(secs) * time.Second), nil
}

// PresignDownload signs a GET of one version, served as an attachment of
// the declared type, so a browser saves it instead of rendering it.
func (b *Evidence) PresignDownload(ctx context.Context, key, versionID, fileName, contentType string, ttl time.Duration) (string, error) {
	in := &s3.GetObjectInput{
		Bucket:                     &b.Name,
		Key:                        &key,
		ResponseContentType:        &contentType,
		ResponseContentDisposition: aws.String(mime.FormatMediaType("attachment", map[string]string{"filename": fileName})),
	}
	if versionID != "" {
		in.VersionId = &versionID
	}
	req, err := b.Presign.PresignGetObject(ctx, in, s3.WithPresignExpires(ttl))
	if err != nil {
		return "", err
	}
	return req.URL, nil
}

// Read returns at most limit bytes of one version of key and that
// version's id; evidence.ErrGone when it no longer exists.
func (b *Evidence) Read(ctx context.Context, key, versionID string, limit int64) ([]byte, string, error) {
	in := &s3.GetObjectInput{Bucket: &b.Name, Key: &key}
	if versionID != "" {
		in.VersionId = &versionID
	}
	out, err := b.Client.GetObject(ctx, in)
	if err != nil {
		if missing(err) {
			return nil, "", evidence.ErrGone
		}
		return nil, "", err
	}
	defer out.Body.Close()
	var buf bytes.Buffer
	if n := aws.ToInt64(out.ContentLength); n > 0 && n <= limit {
		buf.Grow(int(n))
	}
	if _, err := io.Copy(&buf, io.LimitReader(out.Body, limit)); err != nil {
		return nil, "", err
	}
	return buf.Bytes(), aws.ToString(out.VersionId), nil
}

// Quarantine tags one version of key; a version that no longer exists
// needs none.
func (b *Evidence) Quarantine(ctx context.Context, key, versionID string) error {
	in := &s3.PutObjectTaggingInput{
		Bucket:  &b.Name,
		Key:     &key,
		Tagging: &types.Tagging{TagSet: []types.Tag{{Key: aws.String(QuarantineTag), Value: aws.String("true")}}},
	}
	if versionID != "" {
		in.VersionId = &versionID
	}
	_, err := b.Client.PutObjectTagging(ctx, in)
	if missing(err) {
		return nil
	}
	return err
}

func missing(err error) bool {
	var nsk *types.NoSuchKey
	if errors.As(err, &nsk) {
		return true
	}
	var ae smithy.APIError
	return errors.As(err, &ae) && (ae.ErrorCode() == "NoSuchKey" || ae.ErrorCode() == "NoSuchVersion" || ae.ErrorCode() == "NotFound")
}
