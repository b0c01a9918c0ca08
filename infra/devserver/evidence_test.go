package devserver

import (
	"github.com/srmonitor/srmonitor/shared/testdocs"

	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// pdfWith is a small real PDF whose page shows text, compressed as PDF
// generators write it.
func pdfWith(t *testing.T, text string) []byte {
	t.Helper()
	return testdocs.PDF(text, testdocs.Flate())
}

var onePixelPNG = testdocs.PNG(1, 1)

func hexSum(b []byte) string { return testdocs.SHA256Hex(b) }

// announce asks for an upload URL for content as declared.
func (e *env) announce(tok, contractID, name, contentType string, content []byte, extra map[string]any) reply {
	e.t.Helper()
	body := map[string]any{"file_name": name, "content_type": contentType, "size_bytes": len(content), "sha256": hexSum(content), "kind": "invoice"}
	for k, v := range extra {
		body[k] = v
	}
	return e.do("POST", "/contracts/"+contractID+"/evidence", tok, body)
}

// put uploads body to an announced upload the way a client does: plain
// net/http, with the headers it was given.
func put(t *testing.T, announced reply, body []byte) {
	t.Helper()
	req, err := http.NewRequest(announced.get("upload", "method").(string), announced.get("upload", "url").(string), bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range announced.get("upload", "headers").(map[string]any) {
		req.Header.Set(k, v.(string))
	}
	req.ContentLength = int64(len(body)) // a short body is sent as short as it is
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		raw, _ := io.ReadAll(resp.Body)
		t.Fatalf("PUT: %d %s", resp.StatusCode, raw)
	}
}

// checked waits until the verify function has decided on id.
func (e *env) checked(tok, id string) reply {
	e.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		r := e.do("GET", "/evidence/"+id, tok, nil).want(e.t, 200)
		if r.get("status") != "awaiting_upload" {
			return r
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("evidence %s not checked within 15s", id)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// quarantined reports whether one version of an object (nil: the latest)
// carries the quarantine tag.
func (e *env) quarantined(key string, version *string) bool {
	e.t.Helper()
	out, err := e.s3.GetObjectTagging(context.Background(), &s3.GetObjectTaggingInput{
		Bucket: aws.String(e.local.Bucket), Key: aws.String(key), VersionId: version,
	})
	if err != nil {
		e.t.Fatal(err)
	}
	for _, tag := range out.TagSet {
		if aws.ToString(tag.Key) == "quarantine" && aws.ToString(tag.Value) == "true" {
			return true
		}
	}
	return false
}

func TestEvidenceUploadVerifiedDownloadedAndCited(t *testing.T) {
	e, mun, con, id := reportsFixture(t, "quarterly")
	content := pdfWith(t, "Factuur 2026-0042 - KvK 12345678 - IBAN NL91ABNA0417164300 - tel 0612345678")
	a := e.announce(con, id, "Factuur april.pdf", "application/pdf", content, map[string]any{"period": "2026-Q2"}).want(t, 201)
	evID := a.get("evidence", "id").(string)
	if a.get("evidence", "status") != "awaiting_upload" || a.get("upload", "method") != "PUT" {
		t.Fatalf("announce: %s", a.Raw)
	}
	exp, err := time.Parse(time.RFC3339, a.get("upload", "expires_at").(string))
	if err != nil || exp.After(time.Now().Add(15*time.Minute+time.Second)) || exp.Before(time.Now().Add(14*time.Minute)) {
		t.Fatalf("expires_at %v %v", exp, err)
	}
	if u, _ := url.Parse(a.get("upload", "url").(string)); !strings.HasSuffix(u.Path, "/evidence/"+evID) {
		t.Fatalf("upload URL not at the server's key: %s", u)
	}
	put(t, a, content)

	v := e.checked(con, evID)
	if v.get("status") != "verified" || v.get("reason") != nil || v.get("checked_at") == nil {
		t.Fatalf("verified: %s", v.Raw)
	}
	for _, tok := range []string{con, mun} {
		dl := e.do("GET", "/evidence/"+evID, tok, nil).want(t, 200).get("download_url").(string)
		resp, err := http.Get(dl)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !bytes.Equal(got, content) {
			t.Fatalf("download: %d, %d bytes", resp.StatusCode, len(got))
		}
	}
	// Evidence shares the contract's partition; the history is events only.
	h := e.do("GET", "/contracts/"+id+"/history", mun, nil).want(t, 200)
	for _, ev := range h.get("items").([]any) {
		if ev.(map[string]any)["action"] == nil {
			t.Fatalf("history holds a non-event: %s", h.Raw)
		}
	}
	list := e.do("GET", "/contracts/"+id+"/evidence", mun, nil).want(t, 200)
	if items := list.get("items").([]any); len(items) != 1 || items[0].(map[string]any)["id"] != evID {
		t.Fatalf("list: %s", list.Raw)
	}

	// Nobody else sees it, nor the contract's list.
	for _, tok := range []string{e.token("contractor", "87654321"), e.token("municipality", "utrecht")} {
		e.do("GET", "/evidence/"+evID, tok, nil).want(t, 404)
		e.do("GET", "/contracts/"+id+"/evidence", tok, nil).want(t, 404)
	}
	e.announce(e.token("contractor", "87654321"), id, "x.pdf", "application/pdf", content, nil).want(t, 404)
	e.announce(mun, id, "x.pdf", "application/pdf", content, nil).want(t, 403)

	// Verified evidence backs an accepted report.
	e.clock.Set(at("2026-07-15 12:00:00"))
	// The line cites it, so the office sees what backs it, and Amsterdam's
	// rule (evidence with every line) asks no extra reason.
	rep := training(500_000)
	rep["items"].([]any)[0].(map[string]any)["evidence_ids"] = []string{evID}
	e.do("PUT", "/contracts/"+id+"/reports/2026-Q2", con, rep).want(t, 200)
	shown := e.do("GET", "/contracts/"+id+"/reports/2026-Q2", mun, nil).want(t, 200)
	if shown.get("evidence", evID) != "verified" || shown.get("items").([]any)[0].(map[string]any)["evidence_ids"].([]any)[0] != evID {
		t.Fatalf("the report shows the evidence of each line: %s", shown.Raw)
	}
	e.do("POST", "/contracts/"+id+"/reports/2026-Q2/decision", mun, map[string]any{"decision": "accepted"}).want(t, 200)
}

func TestEvidenceRejectedQuarantinedNeverServed(t *testing.T) {
	e, mun, con, id := reportsFixture(t, "quarterly")
	withBSN := pdfWith(t, "Loonstrook mei - BSN: 123456782 - J. Jansen")
	plain := pdfWith(t, "Presentielijst week 12")
	for _, tc := range []struct {
		name, file, contentType string
		declared, uploaded      []byte
		reason                  string
	}{
		{"a BSN in a PDF", "loonstrook.pdf", "application/pdf", withBSN, withBSN, "contains_bsn"},
		{"a PNG declared as a PDF", "scan.pdf", "application/pdf", onePixelPNG, onePixelPNG, "type_mismatch"},
		{"a short body", "lijst.pdf", "application/pdf", plain, plain[:len(plain)/2], "size_mismatch"},
		{"other bytes of the declared size", "lijst.pdf", "application/pdf", plain, bytes.Replace(plain, []byte("%PDF-1.7"), []byte("%PDF-1.6"), 1), "checksum_mismatch"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := e.announce(con, id, tc.file, tc.contentType, tc.declared, map[string]any{"kind": "payslip", "consent_confirmed": true}).want(t, 201)
			evID := a.get("evidence", "id").(string)
			put(t, a, tc.uploaded)
			v := e.checked(con, evID)
			if v.get("status") != "rejected" || v.get("reason") != tc.reason || v.get("reason_detail") == nil || v.get("download_url") != nil {
				t.Fatalf("rejected: %s", v.Raw)
			}
			if strings.Contains(v.Raw, "123456782") {
				t.Fatal("the BSN is served")
			}
			if e.do("GET", "/evidence/"+evID, mun, nil).want(t, 200).get("download_url") != nil {
				t.Fatal("a rejected file is downloadable")
			}
			if !e.quarantined("evidence/"+evID, nil) {
				t.Fatal("not quarantined")
			}
		})
	}

	// A retried PUT of the same URL stores a second version: it is
	// quarantined too, and the decision stands.
	a := e.announce(con, id, "loonstrook.pdf", "application/pdf", withBSN, map[string]any{"kind": "payslip", "consent_confirmed": true}).want(t, 201)
	evID := a.get("evidence", "id").(string)
	put(t, a, withBSN)
	first := e.checked(con, evID)
	put(t, a, withBSN)
	deadline := time.Now().Add(15 * time.Second)
	for !e.allVersionsQuarantined(evID, 2) {
		if time.Now().After(deadline) {
			t.Fatal("the second version of a rejected file was not quarantined within 15s")
		}
		time.Sleep(100 * time.Millisecond)
	}
	if again := e.do("GET", "/evidence/"+evID, con, nil).want(t, 200); again.get("checked_at") != first.get("checked_at") {
		t.Fatalf("decided twice: %s -> %s", first.Raw, again.Raw)
	}
}

// allVersionsQuarantined reports whether the key has n versions, each
// tagged.
func (e *env) allVersionsQuarantined(id string, n int) bool {
	e.t.Helper()
	key := "evidence/" + id
	out, err := e.s3.ListObjectVersions(context.Background(), &s3.ListObjectVersionsInput{
		Bucket: aws.String(e.local.Bucket), Prefix: aws.String(key),
	})
	if err != nil {
		e.t.Fatal(err)
	}
	if len(out.Versions) != n {
		return false
	}
	for _, v := range out.Versions {
		if !e.quarantined(key, v.VersionId) {
			return false
		}
	}
	return true
}

// Only verified evidence backs an accepted report, and an announced upload
// that never arrives expires.
func TestEvidenceUnverifiedAndExpired(t *testing.T) {
	e, mun, con, id := reportsFixture(t, "quarterly")
	e.clock.Set(at("2026-07-15 12:00:00"))
	content := pdfWith(t, "Presentielijst")
	pending := e.announce(con, id, "lijst.pdf", "application/pdf", content, nil).want(t, 201).get("evidence", "id").(string)
	rejected := e.announce(con, id, "lijst.pdf", "application/pdf", content, nil).want(t, 201)
	put(t, rejected, content[:10])
	if e.checked(con, rejected.get("evidence", "id").(string)).get("reason") != "size_mismatch" {
		t.Fatal("short body not rejected")
	}
	for _, evID := range []string{pending, rejected.get("evidence", "id").(string)} {
		rep := training(500_000)
		rep["evidence_ids"] = []string{evID}
		e.do("PUT", "/contracts/"+id+"/reports/2026-Q2", con, rep).want(t, 200)
		r := e.do("POST", "/contracts/"+id+"/reports/2026-Q2/decision", mun, map[string]any{"decision": "accepted"}).want(t, 422)
		if !strings.Contains(r.Raw, "only verified evidence") {
			t.Fatalf("accept on unverified evidence: %s", r.Raw)
		}
	}

	// 24 hours after its 15-minute URL expired, the announcement is gone.
	e.clock.Set(at("2026-07-16 12:14:59"))
	e.do("GET", "/evidence/"+pending, con, nil).want(t, 200)
	e.clock.Set(at("2026-07-16 12:15:00"))
	e.do("GET", "/evidence/"+pending, con, nil).want(t, 404)
	list := e.do("GET", "/contracts/"+id+"/evidence", con, nil).want(t, 200)
	if items := list.get("items").([]any); len(items) != 1 || items[0].(map[string]any)["status"] != "rejected" {
		t.Fatalf("list after expiry: %s", list.Raw)
	}
	rep := training(500_000)
	rep["evidence_ids"] = []string{pending}
	e.do("PUT", "/contracts/"+id+"/reports/2026-Q3", con, rep).want(t, 422)
}

// S3 and SQS deliver more than once, and S3 sends a test event when the
// notification is set up; the verify function changes nothing on a second
// delivery, and an object no record owns is quarantined.
func TestEvidenceNotificationsAreIdempotent(t *testing.T) {
	e, _, con, id := reportsFixture(t, "quarterly")
	content := []byte("naam;uren\nA;12\n")
	a := e.announce(con, id, "uren.csv", "text/csv", content, nil).want(t, 201)
	evID := a.get("evidence", "id").(string)
	put(t, a, content)
	first := e.checked(con, evID)
	if first.get("status") != "verified" {
		t.Fatalf("csv: %s", first.Raw)
	}
	head, err := e.s3.HeadObject(context.Background(), &s3.HeadObjectInput{Bucket: aws.String(e.local.Bucket), Key: aws.String("evidence/" + evID)})
	if err != nil {
		t.Fatal(err)
	}
	stray := "evidence/c_stray.e_00000000000000000000 (copy).pdf"
	if _, err := e.s3.PutObject(context.Background(), &s3.PutObjectInput{Bucket: aws.String(e.local.Bucket), Key: aws.String(stray), Body: bytes.NewReader(content)}); err != nil {
		t.Fatal(err)
	}
	// Announced, never uploaded (or deleted since): nothing to check.
	gone := e.announce(con, id, "uren.csv", "text/csv", content, nil).want(t, 201).get("evidence", "id").(string)
	record := func(key, version string, size int) string {
		return fmt.Sprintf(`{"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"eu-west-1","eventName":"ObjectCreated:Put",
			"s3":{"bucket":{"name":%q},"object":{"key":%q,"size":%d,"versionId":%q}}}]}`, e.local.Bucket, url.QueryEscape(key), size, version)
	}
	batch := events.SQSEvent{Records: []events.SQSMessage{
		{MessageId: "again", Body: record("evidence/"+evID, aws.ToString(head.VersionId), len(content))},
		{MessageId: "test", Body: `{"Service":"Amazon S3","Event":"s3:TestEvent","Time":"2026-03-02T10:00:00.000Z","Bucket":"` + e.local.Bucket + `"}`},
		{MessageId: "stray", Body: record(stray, "", len(content))},
		{MessageId: "garbage", Body: "not json"},
		{MessageId: "gone", Body: record("evidence/"+gone, "", len(content))},
	}}
	payload, _ := json.Marshal(batch)
	out, err := e.srv.Invoke(context.Background(), "EvidenceVerifyFunction", payload)
	if err != nil {
		t.Fatal(err)
	}
	var resp events.SQSEventResponse
	if err := json.Unmarshal(out, &resp); err != nil {
		t.Fatal(err)
	}
	if len(resp.BatchItemFailures) != 1 || resp.BatchItemFailures[0].ItemIdentifier != "garbage" {
		t.Fatalf("batch item failures: %s", out)
	}
	// With less time left than one object needs, nothing is started and
	// everything is left for the retry.
	short, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	out, err = e.srv.Invoke(short, "EvidenceVerifyFunction", payload)
	if err != nil || json.Unmarshal(out, &resp) != nil || len(resp.BatchItemFailures) != len(batch.Records) {
		t.Fatalf("near the deadline: %s %v", out, err)
	}
	if r := e.do("GET", "/evidence/"+gone, con, nil).want(t, 200); r.get("status") != "awaiting_upload" {
		t.Fatalf("a notification of a missing object decided: %s", r.Raw)
	}
	again := e.do("GET", "/evidence/"+evID, con, nil).want(t, 200)
	if again.get("status") != "verified" || again.get("checked_at") != first.get("checked_at") {
		t.Fatalf("a second delivery changed the record: %s -> %s", first.Raw, again.Raw)
	}
	if !e.quarantined(stray, nil) {
		t.Fatal("stray object not quarantined")
	}
}

func TestEvidenceRequestValidation(t *testing.T) {
	e, _, con, id := reportsFixture(t, "quarterly")
	content := pdfWith(t, "x")
	r := e.do("POST", "/contracts/"+id+"/evidence", con, map[string]any{
		"file_name": "../loonstrook.exe", "content_type": "text/html", "size_bytes": 26214401, "sha256": "abc", "kind": "payslip", "period": "2031-Q1",
	}).want(t, 422)
	var fields []string
	for _, d := range r.get("error", "details").([]any) {
		fields = append(fields, d.(map[string]any)["field"].(string))
	}
	if fmt.Sprint(fields) != "[content_type size_bytes sha256 consent_confirmed file_name period]" {
		t.Fatalf("problems: %v", fields)
	}
	e.do("POST", "/contracts/"+id+"/evidence", con, `{"file_name":"a.pdf","colour":"red"}`).want(t, 400)
	e.announce(con, "c_nope", "a.pdf", "application/pdf", content, nil).want(t, 404)
	e.do("GET", "/evidence/"+id+".e_00000000000000000000", con, nil).want(t, 404)
	e.do("GET", "/evidence/nonsense", con, nil).want(t, 404)
	e.do("GET", "/contracts/"+id+"/evidence?cursor=bm9wZQ", con, nil).want(t, 400)
}
