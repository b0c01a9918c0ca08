// Package check collects validation problems so that a request with several
// mistakes is answered with all of them at once, each naming its field.
package check

import (
	"fmt"
	"strings"
)

// Problem is one thing wrong with one field of the input, for example
// {Field: "items[0].months", Problem: "must be at most 24"}.
type Problem struct {
	Field   string `json:"field"`
	Problem string `json:"problem"`
}

// Problems is a list of validation problems. A non-empty Problems is an error
// that the HTTP layer answers with 422 validation_failed.
type Problems []Problem

// Add records a problem with field.
func (p *Problems) Add(field, format string, args ...any) {
	*p = append(*p, Problem{Field: field, Problem: fmt.Sprintf(format, args...)})
}

// Err returns p as an error, or nil when there are no problems.
func (p Problems) Err() error {
	if len(p) == 0 {
		return nil
	}
	return p
}

func (p Problems) Error() string {
	parts := make([]string, len(p))
	for i, q := range p {
		parts[i] = q.Field + ": " + q.Problem
	}
	return "validation failed: " + strings.Join(parts, "; ")
}

// Field joins a path prefix and a name: Field("items[2]", "months").
func Field(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "." + name
}

// IsKvK reports whether s is a KvK (Chamber of Commerce) number: 8 digits.
func IsKvK(s string) bool {
	if len(s) != 8 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
