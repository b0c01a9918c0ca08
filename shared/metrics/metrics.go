// Package metrics writes CloudWatch metrics in the embedded metric format
// (EMF): each Emit is one JSON line on stdout, beside the function's slog
// lines, which CloudWatch Logs turns into metrics in the namespace
// srmonitor. No API call, no client, no IAM permission, nothing at init.
//
// The format: a JSON object whose "_aws" key holds the timestamp and, per
// namespace, the dimension sets and the metric names with their units;
// the dimension values and metric values are keys of the object itself.
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
//
// Dimensions stay low in cardinality (function, route, status class, a
// kind or reason from a closed list): each combination is a custom metric,
// billed per month.
package metrics

import (
	"encoding/json"
	"io"
	"os"
	"sync"
	"time"
)

// Namespace is where every srmonitor metric lands.
const Namespace = "srmonitor"

// Unit is a CloudWatch unit.
type Unit string

// The units srmonitor uses.
const (
	Count        Unit = "Count"
	Milliseconds Unit = "Milliseconds"
)

// Metric is one figure of an Emit.
type Metric struct {
	Name  string
	Value float64
	Unit  Unit
}

// Dimension splits a metric: Name is its key, Value one of a few values.
type Dimension struct{ Name, Value string }

// Emitter writes the metrics of one function, each split by the Function
// dimension besides its own. A nil *Emitter writes nothing, for handlers
// built without metrics (unit tests).
type Emitter struct {
	mu       sync.Mutex
	w        io.Writer
	function string
	now      func() time.Time
}

// New returns an emitter that writes to w for the named function (in
// Lambda, AWS_LAMBDA_FUNCTION_NAME: the name the AWS/Lambda metrics carry).
func New(w io.Writer, function string) *Emitter {
	return &Emitter{w: w, function: function, now: time.Now}
}

// Lambda is the running function's emitter: stdout, which Lambda sends to
// the function's log group, under the name Lambda gives the function.
func Lambda() *Emitter { return New(os.Stdout, os.Getenv("AWS_LAMBDA_FUNCTION_NAME")) }

type directive struct {
	Namespace  string     `json:"Namespace"`
	Dimensions [][]string `json:"Dimensions"`
	Metrics    []unit     `json:"Metrics"`
}

type unit struct {
	Name string `json:"Name"`
	Unit Unit   `json:"Unit"`
}

type meta struct {
	Timestamp         int64       `json:"Timestamp"`
	CloudWatchMetrics []directive `json:"CloudWatchMetrics"`
}

// Emit writes one line: every metric in ms, split by Function and dims.
// Metric names must differ from the dimension names and from "_aws".
func (e *Emitter) Emit(dims []Dimension, ms ...Metric) {
	if e == nil || len(ms) == 0 {
		return
	}
	line := make(map[string]any, len(dims)+len(ms)+2)
	names := []string{"Function"}
	line["Function"] = e.function
	for _, d := range dims {
		names = append(names, d.Name)
		line[d.Name] = d.Value
	}
	d := directive{Namespace: Namespace, Dimensions: [][]string{names}}
	for _, m := range ms {
		d.Metrics = append(d.Metrics, unit{Name: m.Name, Unit: m.Unit})
		line[m.Name] = m.Value
	}
	line["_aws"] = meta{Timestamp: e.now().UnixMilli(), CloudWatchMetrics: []directive{d}}
	b, err := json.Marshal(line)
	if err != nil {
		return // only a NaN or infinite value fails; such a line is dropped
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	// One write per line, so lines of concurrent emits never interleave.
	_, _ = e.w.Write(append(b, '\n'))
}
