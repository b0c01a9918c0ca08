package main

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"time"
)

// mib is the MB of the report, as make build prints sizes.
const mib = 1 << 20

// stats summarise one target's samples.
type stats struct{ median, p90, min time.Duration }

func summarize(samples []time.Duration) stats {
	s := slices.Clone(samples)
	slices.Sort(s)
	n := len(s)
	med := s[n/2]
	if n%2 == 0 {
		med = (s[n/2-1] + s[n/2]) / 2
	}
	// Nearest rank: the smallest sample that at least 90% of them are at
	// or below; with few rounds, that is the second slowest or slowest.
	p90 := s[int(math.Ceil(0.9*float64(n)))-1]
	return stats{median: med, p90: p90, min: s[0]}
}

// baselines picks the bare handler, the Python baseline (nil if not
// measured) and the functions out of targets.
func baselines(targets []*target) (bare, python *target, funcs []*target) {
	for _, t := range targets {
		switch t.kind {
		case kindBare:
			bare = t
		case kindPython:
			python = t
		default:
			funcs = append(funcs, t)
		}
	}
	return bare, python, funcs
}

// writeTable prints one Markdown row per target, in the order given.
func writeTable(w io.Writer, targets []*target) {
	bare, python, _ := baselines(targets)
	fmt.Fprintln(w, "| binary | median ms | p90 ms | min ms | × bare median | × faster than Python | CPU ms | size MB | arm64 bootstrap MB |")
	fmt.Fprintln(w, "|---|--:|--:|--:|--:|--:|--:|--:|--:|")
	for _, t := range targets {
		s := summarize(t.samples)
		vsBare, vsPython := "—", "—"
		if bare != nil {
			vsBare = fmt.Sprintf("%.2f", ratio(s.median, summarize(bare.samples).median))
		}
		if python != nil {
			vsPython = fmt.Sprintf("%.1f×", ratio(summarize(python.samples).median, s.median))
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
			t.label(), ms(s.median), ms(s.p90), ms(s.min), vsBare, vsPython, ms(summarize(t.cpu).median), mb(t.size), mb(t.lambdaSize))
	}
}

func (t *target) label() string {
	switch t.kind {
	case kindBare:
		return "*bare aws-lambda-go handler*"
	case kindPython:
		return "*Python + boto3, 2 clients*"
	default:
		return t.name
	}
}

func ratio(a, b time.Duration) float64 { return float64(a) / float64(b) }

func ms(d time.Duration) string { return fmt.Sprintf("%.2f", float64(d)/float64(time.Millisecond)) }

func mb(bytes int64) string {
	if bytes == 0 {
		return "—"
	}
	return fmt.Sprintf("%.2f", float64(bytes)/mib)
}

// limits are the cold-start targets -check enforces.
type limits struct {
	// minVsPython is how many times faster than Python the median function
	// starts, at least.
	minVsPython float64
	// maxVsBare is how many times the bare handler's median any function's
	// median may be, at most.
	maxVsBare float64
	// maxLambdaMB is the largest an arm64 bootstrap may be.
	maxLambdaMB float64
}

// verdict is one target, met or missed, in words.
type verdict struct {
	met  bool
	text string
}

// evaluate holds the functions' figures against l. It needs the bare
// handler, Python and at least one function measured.
func evaluate(targets []*target, l limits) []verdict {
	bare, python, funcs := baselines(targets)
	bareMedian := summarize(bare.samples).median
	pythonMedian := summarize(python.samples).median

	speedups := make([]float64, len(funcs))
	var slow, big []string
	for i, f := range funcs {
		m := summarize(f.samples).median
		speedups[i] = ratio(pythonMedian, m)
		if r := ratio(m, bareMedian); r > l.maxVsBare {
			slow = append(slow, fmt.Sprintf("%s %.2f×", f.name, r))
		}
		if mbs := float64(f.lambdaSize) / mib; mbs > l.maxLambdaMB {
			big = append(big, fmt.Sprintf("%s %.2f MB", f.name, mbs))
		}
	}
	slices.Sort(speedups)
	n := len(speedups)
	speedup := speedups[n/2]
	if n%2 == 0 {
		speedup = (speedups[n/2-1] + speedups[n/2]) / 2
	}
	return []verdict{
		{speedup >= l.minVsPython,
			fmt.Sprintf("the median function starts %.1f× faster than Python (target ≥ %g×)", speedup, l.minVsPython)},
		{len(slow) == 0,
			fmt.Sprintf("no function's median above %g× the bare handler's%s", l.maxVsBare, over(slow))},
		{len(big) == 0,
			fmt.Sprintf("every arm64 bootstrap ≤ %g MB%s", l.maxLambdaMB, over(big))},
	}
}

func over(missed []string) string {
	if len(missed) == 0 {
		return ""
	}
	return "; over: " + strings.Join(missed, ", ")
}

// writeVerdicts prints the verdicts as a Markdown checklist.
func writeVerdicts(w io.Writer, vs []verdict) {
	for _, v := range vs {
		box := "[ ]"
		if v.met {
			box = "[x]"
		}
		fmt.Fprintf(w, "- %s %s\n", box, v.text)
	}
}
