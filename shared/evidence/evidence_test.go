package evidence

import (
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/srmonitor/srmonitor/shared/check"
)

const sum = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"

func valid() RequestInput {
	return RequestInput{FileName: "factuur 2026-03.pdf", ContentType: "application/pdf", SizeBytes: 1024, SHA256: sum, Kind: "invoice"}
}

func fields(p check.Problems) []string {
	var out []string
	for _, q := range p {
		out = append(out, q.Field)
	}
	return out
}

func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*RequestInput)
		want []string // fields with problems
	}{
		{"valid", func(*RequestInput) {}, nil},
		{"type with charset and case", func(in *RequestInput) {
			in.ContentType, in.FileName = "Text/CSV; charset=utf-8", "uren.csv"
		}, nil},
		{"upper-case hex and extension", func(in *RequestInput) { in.SHA256, in.FileName = strings.ToUpper(sum), "SCAN.PDF" }, nil},
		{"jpeg as .jpg", func(in *RequestInput) { in.ContentType, in.FileName = "image/jpeg", "foto.jpg" }, nil},
		{"xlsx", func(in *RequestInput) {
			in.ContentType, in.FileName = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "presentielijst.xlsx"
		}, nil},
		{"unicode name", func(in *RequestInput) { in.FileName = "loonstrook één.pdf" }, nil},
		{"html", func(in *RequestInput) { in.ContentType, in.FileName = "text/html", "x.html" }, []string{"content_type"}},
		{"docx", func(in *RequestInput) {
			in.ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
		}, []string{"content_type"}},
		{"empty file", func(in *RequestInput) { in.SizeBytes = 0 }, []string{"size_bytes"}},
		{"25 MiB is allowed", func(in *RequestInput) { in.SizeBytes = 25 << 20 }, nil},
		{"over 25 MiB", func(in *RequestInput) { in.SizeBytes = 25<<20 + 1 }, []string{"size_bytes"}},
		{"short sha", func(in *RequestInput) { in.SHA256 = sum[:63] }, []string{"sha256"}},
		{"base64 sha", func(in *RequestInput) { in.SHA256 = "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=" }, []string{"sha256"}},
		{"no kind", func(in *RequestInput) { in.Kind = "" }, []string{"kind"}},
		{"payslip without consent", func(in *RequestInput) { in.Kind = "payslip" }, []string{"consent_confirmed"}},
		{"payslip with consent", func(in *RequestInput) { in.Kind, in.Consent = "payslip", true }, nil},
		{"employment contract without consent", func(in *RequestInput) { in.Kind = "employment_contract" }, []string{"consent_confirmed"}},
		{"attendance without consent", func(in *RequestInput) { in.Kind = "attendance" }, []string{"consent_confirmed"}},
		{"certificate needs no consent", func(in *RequestInput) { in.Kind = "certificate" }, nil},
		{"no name", func(in *RequestInput) { in.FileName = "  " }, []string{"file_name"}},
		{"path", func(in *RequestInput) { in.FileName = "../../etc/passwd.pdf" }, []string{"file_name"}},
		{"windows path", func(in *RequestInput) { in.FileName = `C:\tmp\a.pdf` }, []string{"file_name"}},
		{"hidden", func(in *RequestInput) { in.FileName = ".pdf" }, []string{"file_name"}},
		{"control character", func(in *RequestInput) { in.FileName = "a\r\nb.pdf" }, []string{"file_name"}},
		{"right-to-left override", func(in *RequestInput) { in.FileName = "invoice\u202efdp.exe.pdf" }, []string{"file_name"}},
		{"quote", func(in *RequestInput) { in.FileName = `a".pdf` }, []string{"file_name"}},
		{"wrong extension", func(in *RequestInput) { in.FileName = "setup.exe" }, []string{"file_name"}},
		{"no extension", func(in *RequestInput) { in.FileName = "factuur" }, []string{"file_name"}},
		{"a BSN in the name", func(in *RequestInput) { in.FileName = "loonstrook 123456782 mei.pdf" }, []string{"file_name"}},
		{"an invoice number in the name", func(in *RequestInput) { in.FileName = "factuur 2026-000042.pdf" }, nil},
		{"too long", func(in *RequestInput) { in.FileName = strings.Repeat("é", 197) + ".pdf" }, []string{"file_name"}},
		{"everything wrong", func(in *RequestInput) { *in = RequestInput{Kind: "payslip"} },
			[]string{"content_type", "size_bytes", "sha256", "consent_confirmed", "file_name"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := valid()
			tc.edit(&in)
			got := fields(in.validate())
			if !slices.Equal(got, tc.want) {
				t.Fatalf("problems in %v, want %v", got, tc.want)
			}
		})
	}
}

func TestIDs(t *testing.T) {
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	a, b := newID("c_abc", now), newID("c_abc", now.Add(time.Millisecond))
	if a >= b {
		t.Fatalf("ids do not sort by time: %s >= %s", a, b)
	}
	for _, id := range []string{a, b} {
		if c, ok := ContractOf(id); !ok || c != "c_abc" {
			t.Fatalf("ContractOf(%s) = %q %v", id, c, ok)
		}
		if got, err := IDFromKey((&Evidence{ID: id}).Key()); err != nil || got != id {
			t.Fatalf("IDFromKey = %q %v", got, err)
		}
	}
	for _, bad := range []string{"", "c_abc", "c_abc.e_", ".e_" + a[len(a)-20:], "c/x.e_" + a[len(a)-20:],
		"c_abc.e_" + strings.ToUpper(a[len(a)-20:]), a + "0", "c_abc.registration"} {
		if _, ok := ContractOf(bad); ok {
			t.Errorf("ContractOf(%q) accepted", bad)
		}
	}
	for _, key := range []string{"evidence/", "evidence/x", "other/" + a, a, "evidence/" + a + "/more"} {
		if _, err := IDFromKey(key); err != ErrUnknownKey {
			t.Errorf("IDFromKey(%q) = %v", key, err)
		}
	}
}

func FuzzIDFromKey(f *testing.F) {
	f.Add("evidence/c_abc.e_01234567890123456789")
	f.Add("evidence/c_a.b.e_x")
	f.Fuzz(func(t *testing.T, key string) {
		id, err := IDFromKey(key)
		if err != nil {
			return
		}
		// Whatever is accepted maps back to the same key, inside the
		// contract's own partition.
		c, ok := ContractOf(id)
		if !ok || (&Evidence{ID: id}).Key() != key || strings.ContainsAny(c, "/.# ") {
			t.Fatalf("IDFromKey(%q) = %q, contract %q", key, id, c)
		}
	})
}

func TestExpired(t *testing.T) {
	now := time.Now()
	e := &Evidence{Status: AwaitingUpload, ExpiresAt: now}
	if !e.Expired(now) || e.Expired(now.Add(-time.Second)) {
		t.Fatal("awaiting record expiry")
	}
	e.Status = Verified
	if e.Expired(now.Add(time.Hour)) {
		t.Fatal("a checked record never expires")
	}
}

// Whatever file name is accepted is safe to show and to offer as a
// download name: no path, no control or invisible characters, no leading
// dot, the type's extension, no BSN.
func FuzzFileName(f *testing.F) {
	for _, s := range []string{"factuur.pdf", "../a.pdf", "a\u202egpj.pdf", "loonstrook 123456782.pdf", ".pdf", "é.PDF"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		in := valid()
		in.FileName = name
		if slices.Contains(fields(in.validate()), "file_name") {
			return
		}
		got := in.FileName
		if got == "" || strings.ContainsAny(got, `/\"<>|:*?`) || strings.HasPrefix(got, ".") ||
			strings.ContainsFunc(got, func(r rune) bool { return r < 0x20 || r == 0x7f || (r >= 0x200b && r <= 0x206f) }) ||
			!strings.HasSuffix(strings.ToLower(got), ".pdf") || !utf8.ValidString(got) {
			t.Fatalf("accepted %q", got)
		}
	})
}
