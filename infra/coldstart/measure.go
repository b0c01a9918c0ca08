package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"time"
)

// kind tells the two baselines from the project's functions.
type kind int

const (
	kindFunction kind = iota
	kindBare          // the bare aws-lambda-go handler
	kindPython        // Python with boto3
)

// target is one thing whose cold start is measured: how to start it, its
// sizes and, after measure, its samples.
type target struct {
	name string
	kind kind
	argv []string
	// env is added to lambdaEnv's: what differs per runtime.
	env []string
	// dir is the working directory, as /var/task is in Lambda.
	dir string
	// size is the bytes of the binary that ran, lambdaSize of its arm64
	// build; 0 where there is none (Python).
	size, lambdaSize int64
	// samples are exec → first poll, cpu the CPU time of each start.
	samples, cpu []time.Duration
}

// lambdaEnv is the environment Lambda gives a function, with dummy values.
// It is the whole environment, not added to this machine's, so nothing here
// (AWS_PROFILE, AWS_ENDPOINT_URL, a CA bundle, ~/.aws through HOME) changes
// what init does. home is an empty directory: the SDKs look there for
// shared config, and in Lambda there is none.
func lambdaEnv(api, home string, t *target) []string {
	name := "srmonitor-coldstart-" + t.name
	env := []string{
		"AWS_LAMBDA_RUNTIME_API=" + api,
		"AWS_REGION=eu-west-1",
		"AWS_DEFAULT_REGION=eu-west-1",
		"AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE",
		"AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
		"AWS_SESSION_TOKEN=coldstart-dummy-session-token",
		"AWS_LAMBDA_FUNCTION_NAME=" + name,
		"AWS_LAMBDA_FUNCTION_MEMORY_SIZE=256", // template.yaml's Globals
		"AWS_LAMBDA_FUNCTION_VERSION=$LATEST",
		"AWS_LAMBDA_INITIALIZATION_TYPE=on-demand",
		"AWS_LAMBDA_LOG_GROUP_NAME=/aws/lambda/" + name,
		"AWS_LAMBDA_LOG_STREAM_NAME=2026/01/01/[$LATEST]coldstart",
		"LAMBDA_TASK_ROOT=" + t.dir,
		"TABLE_NAME=srmonitor-coldstart-table",
		"EVIDENCE_BUCKET=srmonitor-coldstart-evidence",
		"EVENT_BUS_NAME=default",
		"LOG_LEVEL=info",
		"HOME=" + home,
		"PATH=/usr/local/bin:/usr/bin:/bin",
		"LANG=en_US.UTF-8",
		"TZ=:UTC",
	}
	return append(env, t.env...)
}

// measure cold-starts every target once per round, in a new shuffled order
// each round, so that noise on the machine (another process, a frequency
// change) falls on all targets alike rather than on whichever ran during
// it. The first warmup rounds fill the page cache and are discarded.
func measure(ctx context.Context, api *runtimeAPI, home string, targets []*target, warmup, rounds int, timeout time.Duration, progress io.Writer) error {
	order := make([]*target, len(targets))
	copy(order, targets)
	for r := range warmup + rounds {
		rand.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, t := range order {
			wall, cpu, err := api.coldStart(ctx, t.argv, lambdaEnv(api.Addr, home, t), t.dir, timeout)
			if err != nil {
				return fmt.Errorf("%s: %w", t.name, err)
			}
			if r >= warmup {
				t.samples = append(t.samples, wall)
				t.cpu = append(t.cpu, cpu)
			}
		}
		if r < warmup {
			fmt.Fprint(progress, "w")
		} else {
			fmt.Fprint(progress, ".")
		}
	}
	fmt.Fprintln(progress)
	return nil
}
