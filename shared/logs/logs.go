// Package logs gives every function the same structured JSON logs, with the
// request id on every line. Log ids and outcomes, never bodies: they can
// hold personal data.
package logs

import (
	"context"
	"io"
	"log/slog"
	"os"
)

// New returns a JSON logger; LOG_LEVEL=debug turns on debug lines.
func New(w io.Writer) *slog.Logger {
	level := slog.LevelInfo
	if os.Getenv("LOG_LEVEL") == "debug" {
		level = slog.LevelDebug
	}
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level}))
}

type key struct{}

// Into stores l in ctx.
func Into(ctx context.Context, l *slog.Logger) context.Context {
	return context.WithValue(ctx, key{}, l)
}

// From returns the logger stored in ctx, or slog's default.
func From(ctx context.Context) *slog.Logger {
	if l, ok := ctx.Value(key{}).(*slog.Logger); ok {
		return l
	}
	return slog.Default()
}

// Fatal logs why a function cannot start and exits; Lambda reports the
// failed init.
func Fatal(l *slog.Logger, err error) {
	l.Error("init failed", "error", err.Error())
	os.Exit(1)
}
