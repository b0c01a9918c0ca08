// Package auth turns the JWT claims that API Gateway's authorizer passes on
// into a Principal, failing closed: a missing or unknown claim is no access.
package auth

import (
	"errors"
	"slices"
	"strings"

	"github.com/srmonitor/srmonitor/shared/check"
)

// Role is what a user acts as.
type Role string

const (
	Municipality Role = "municipality"
	Contractor   Role = "contractor"
	// System is the scheduled deadline check. No token can carry it:
	// FromClaims accepts only the two roles above.
	System Role = "system"
)

// Claim names, as API.md fixes them.
const (
	ClaimSubject = "sub"
	ClaimRole    = "custom:role"
	ClaimOrg     = "custom:org"
)

// ErrUnauthenticated means the claims do not identify a user with a role
// and an organisation.
var ErrUnauthenticated = errors.New("missing or invalid identity claims")

// Principal is the authenticated caller.
type Principal struct {
	Subject string
	Role    Role
	// Orgs holds municipality ids for a municipality user (one SR office can
	// serve several) and the single KvK number for a contractor.
	Orgs []string
}

// FromClaims reads the principal from authorizer claims. knownMunicipality
// tells whether an id names a municipality the system serves: a token that
// names one it does not is no identity, whatever its signature.
func FromClaims(claims map[string]string, knownMunicipality func(id string) bool) (Principal, error) {
	p := Principal{Subject: strings.TrimSpace(claims[ClaimSubject]), Role: Role(claims[ClaimRole])}
	if p.Subject == "" {
		return Principal{}, ErrUnauthenticated
	}
	for _, org := range strings.Split(claims[ClaimOrg], ",") {
		if org = strings.TrimSpace(org); org != "" && !slices.Contains(p.Orgs, org) {
			p.Orgs = append(p.Orgs, org)
		}
	}
	switch p.Role {
	case Municipality:
		if len(p.Orgs) == 0 || slices.ContainsFunc(p.Orgs, func(id string) bool { return !knownMunicipality(id) }) {
			return Principal{}, ErrUnauthenticated
		}
	case Contractor:
		if len(p.Orgs) != 1 || !check.IsKvK(p.Orgs[0]) {
			return Principal{}, ErrUnauthenticated
		}
	default:
		return Principal{}, ErrUnauthenticated
	}
	return p, nil
}

// KvK is a contractor's KvK number ("" for other roles).
func (p Principal) KvK() string {
	if p.Role != Contractor {
		return ""
	}
	return p.Orgs[0]
}

// ServesMunicipality reports whether a municipality user acts for id.
func (p Principal) ServesMunicipality(id string) bool {
	return p.Role == Municipality && slices.Contains(p.Orgs, id)
}

// CanSee reports whether p may see what belongs to a contract of
// municipality awarded to kvk: the one rule for contracts and everything
// that hangs off them (reports, evidence, flags).
func (p Principal) CanSee(municipality, kvk string) bool {
	switch p.Role {
	case Municipality:
		return p.ServesMunicipality(municipality)
	case Contractor:
		return p.KvK() == kvk
	case System:
		return true
	}
	return false
}
