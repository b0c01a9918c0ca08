package valuation

import "math"

// Coverage is value as a share of obligation in basis points, rounded down
// so coverage is never overstated; 10000 when nothing is owed. A tiny
// obligation against a huge value saturates rather than overflowing.
func Coverage(value, obligation int64) int64 {
	if obligation <= 0 {
		return 10000
	}
	if value <= 0 {
		return 0
	}
	cov, ok := mulDiv(uint64(value), 10000, uint64(obligation), false)
	if !ok || cov > math.MaxInt64 {
		return math.MaxInt64
	}
	return int64(cov)
}
