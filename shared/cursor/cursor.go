// Package cursor is the one codec for list cursors: the position a page
// ended at, as an opaque URL-safe string. Whoever decodes a cursor checks
// that it points into the caller's own data; this package only makes sure
// that a tampered cursor is an error, never a panic or a 500.
package cursor

import (
	"encoding/base64"
	"encoding/json"
	"errors"
)

// ErrInvalid is a cursor that was not made by Encode, or that the caller may
// not use (an API answers 400).
var ErrInvalid = errors.New("invalid cursor: pass next_cursor from the previous page unchanged")

// maxLen bounds what is decoded: cursors are a few hundred bytes.
const maxLen = 2048

// Encode returns the cursor for position v (a struct or map of strings).
func Encode(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		// Only a programming error: positions are plain strings and numbers.
		panic("cursor: " + err.Error())
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// Decode reads a cursor made by Encode into v; "" leaves v as it is.
func Decode(s string, v any) error {
	if s == "" {
		return nil
	}
	if len(s) > maxLen {
		return ErrInvalid
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || json.Unmarshal(b, v) != nil {
		return ErrInvalid
	}
	return nil
}
