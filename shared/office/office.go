// Package office holds what an SR office sets for the municipalities it
// serves: the address the office's e-mails go to (plans and reports
// awaiting a decision, flags, reminders of its own deadlines) and the
// language they are written in.
package office

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/srmonitor/srmonitor/shared/auth"
	"github.com/srmonitor/srmonitor/shared/check"
	"github.com/srmonitor/srmonitor/shared/contract"
)

// Settings are one municipality's settings.
type Settings struct {
	Municipality string
	Email        string // "" sends the office no e-mail
	Language     string // nl | en
	UpdatedAt    time.Time
	UpdatedBy    string
}

// ErrNotFound is a municipality without settings.
var ErrNotFound = errors.New("no settings")

// Repository stores settings.
type Repository interface {
	Get(ctx context.Context, municipality string) (*Settings, error)
	Put(ctx context.Context, s *Settings) error
}

// Service reads and changes settings for the municipality users who serve
// them.
type Service struct {
	Repo Repository
	Now  func() time.Time
}

// Get returns a municipality's settings, its defaults when none were set
// (no e-mail, Dutch). Another office's are contract.ErrNotFound.
func (s *Service) Get(ctx context.Context, p auth.Principal, municipality string) (*Settings, error) {
	if !p.ServesMunicipality(municipality) {
		return nil, contract.ErrNotFound
	}
	return Of(ctx, s.Repo, municipality)
}

// Of is a municipality's settings, its defaults when none were set.
func Of(ctx context.Context, repo Repository, municipality string) (*Settings, error) {
	set, err := repo.Get(ctx, municipality)
	if errors.Is(err, ErrNotFound) {
		return &Settings{Municipality: municipality, Language: "nl"}, nil
	}
	return set, err
}

// Input is the body of PUT /municipalities/{id}/settings.
type Input struct {
	Email    string
	Language string
}

// Put replaces a municipality's settings.
func (s *Service) Put(ctx context.Context, p auth.Principal, municipality string, in Input) (*Settings, error) {
	if !p.ServesMunicipality(municipality) {
		return nil, contract.ErrNotFound
	}
	var probs check.Problems
	email := ""
	if in.Email != "" {
		email = probs.Email("email", in.Email, contract.MaxEmail)
	}
	if !slices.Contains(contract.Languages, in.Language) {
		probs.Add("language", "must be nl or en")
	}
	if err := probs.Err(); err != nil {
		return nil, err
	}
	set := &Settings{Municipality: municipality, Email: email, Language: in.Language, UpdatedAt: s.Now(), UpdatedBy: p.Subject}
	if err := s.Repo.Put(ctx, set); err != nil {
		return nil, err
	}
	return set, nil
}
