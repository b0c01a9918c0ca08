package metrics

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"sync"
	"testing"
	"time"
)

// One Emit is one JSON line in the embedded metric format: the _aws
// object (millisecond timestamp, the namespace, one dimension set that
// starts with Function, every metric's name and unit), and the dimension
// values and metric values as members of the line itself.
func TestEmitWritesOneEMFLine(t *testing.T) {
	var buf bytes.Buffer
	e := New(&buf, "srmonitor-ContractsFunction-1A2B3C")
	e.now = func() time.Time { return time.UnixMilli(1_780_000_000_123) }
	e.Emit([]Dimension{{"Route", "POST /contracts"}, {"StatusClass", "2xx"}},
		Metric{"Requests", 1, Count}, Metric{"Latency", 12.5, Milliseconds})

	if !strings.HasSuffix(buf.String(), "}\n") || strings.Count(buf.String(), "\n") != 1 {
		t.Fatalf("not one line: %q", buf.String())
	}
	var got map[string]any
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"_aws": map[string]any{
			"Timestamp": float64(1_780_000_000_123),
			"CloudWatchMetrics": []any{map[string]any{
				"Namespace":  "srmonitor",
				"Dimensions": []any{[]any{"Function", "Route", "StatusClass"}},
				"Metrics": []any{
					map[string]any{"Name": "Requests", "Unit": "Count"},
					map[string]any{"Name": "Latency", "Unit": "Milliseconds"},
				},
			}},
		},
		"Function":    "srmonitor-ContractsFunction-1A2B3C",
		"Route":       "POST /contracts",
		"StatusClass": "2xx",
		"Requests":    float64(1),
		"Latency":     12.5,
	}
	gotJSON, _ := json.Marshal(got)
	wantJSON, _ := json.Marshal(want)
	if !bytes.Equal(gotJSON, wantJSON) {
		t.Fatalf("line\n%s\nwant\n%s", gotJSON, wantJSON)
	}
}

// What the specification requires of every line, checked on lines as
// Emit writes them: each dimension and metric named in _aws is a member of
// the line, dimension values are strings, metric values numbers; at most
// 30 dimensions in a set and 100 metrics in a directive.
func TestEmitFollowsTheSpecification(t *testing.T) {
	var buf bytes.Buffer
	e := New(&buf, "f")
	e.Emit(nil, Metric{"Checked", 3, Count})
	e.Emit([]Dimension{{"FlagKind", "plan_overdue"}}, Metric{"FlagsRaised", 2, Count})
	e.Emit([]Dimension{{"Reason", "contains_bsn"}}) // no metric: no line
	var n int
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		n++
		var l map[string]json.RawMessage
		if err := json.Unmarshal([]byte(line), &l); err != nil {
			t.Fatal(err)
		}
		var m meta
		if err := json.Unmarshal(l["_aws"], &m); err != nil || m.Timestamp <= 0 || len(m.CloudWatchMetrics) != 1 {
			t.Fatalf("_aws %s: %v", l["_aws"], err)
		}
		d := m.CloudWatchMetrics[0]
		if d.Namespace != Namespace || len(d.Dimensions) != 1 || len(d.Dimensions[0]) > 30 || len(d.Metrics) > 100 {
			t.Fatalf("directive %+v", d)
		}
		for _, name := range d.Dimensions[0] {
			var s string
			if err := json.Unmarshal(l[name], &s); err != nil {
				t.Errorf("dimension %s: %s is not a string", name, l[name])
			}
		}
		for _, u := range d.Metrics {
			var v float64
			if err := json.Unmarshal(l[u.Name], &v); err != nil || u.Unit == "" {
				t.Errorf("metric %s: %s (%q)", u.Name, l[u.Name], u.Unit)
			}
		}
	}
	if n != 2 {
		t.Fatalf("%d lines, want 2:\n%s", n, buf.String())
	}
}

// A nil emitter and a figure JSON cannot hold write nothing; concurrent
// emits write whole lines.
func TestEmitEdges(t *testing.T) {
	var none *Emitter
	none.Emit(nil, Metric{"Requests", 1, Count})

	var buf bytes.Buffer
	e := New(&buf, "f")
	e.Emit(nil, Metric{"Latency", math.NaN(), Milliseconds})
	if buf.Len() != 0 {
		t.Fatalf("NaN written: %s", buf.String())
	}
	var wg sync.WaitGroup
	for range 50 {
		wg.Add(1)
		go func() { defer wg.Done(); e.Emit(nil, Metric{"Requests", 1, Count}) }()
	}
	wg.Wait()
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		if !json.Valid([]byte(line)) {
			t.Fatalf("torn line %q", line)
		}
	}
}
