package devserver

import (
	"context"
	"sync"
	"time"
)

// The event source mappings poll the local endpoint, which serves one
// request at a time: idle polls of every mapping of every environment
// would crowd out the work. So a mapping that finds nothing waits longer
// each time (up to idleMax), and wakes at once when any function ran,
// since a function's writes are what feed the queues and streams (S3
// uploads are announced through the API first, and checked through it).
const (
	idleMin = 100 * time.Millisecond
	idleMax = 2 * time.Second
)

// waker lets the server tell every poller that something happened.
type waker struct {
	mu sync.Mutex
	ch chan struct{}
}

func newWaker() *waker { return &waker{ch: make(chan struct{})} }

// kick wakes every poller that waits.
func (w *waker) kick() {
	w.mu.Lock()
	close(w.ch)
	w.ch = make(chan struct{})
	w.mu.Unlock()
}

func (w *waker) woken() <-chan struct{} {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.ch
}

// idleWait is one poller's pause between polls.
type idleWait struct {
	pause time.Duration
}

// wait pauses after a poll: not at all after one that found work, longer
// after each one that found none, and until the kick the poller took woken
// from before it polled (so a kick during the poll counts). It reports
// false when ctx is done.
func (i *idleWait) wait(ctx context.Context, woken <-chan struct{}, foundWork bool) bool {
	if foundWork {
		i.pause = idleMin
		return ctx.Err() == nil
	}
	if i.pause == 0 {
		i.pause = idleMin
	}
	select {
	case <-ctx.Done():
		return false
	case <-woken:
		i.pause = idleMin
	case <-time.After(i.pause):
		i.pause = min(2*i.pause, idleMax)
	}
	return true
}
