package devserver

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// DefaultSecret is the dev JWT secret when SRM_DEV_JWT_SECRET is unset.
const DefaultSecret = "local-dev-secret"

// Verifier checks local HS256 tokens, standing in for API Gateway's JWT
// authorizer.
type Verifier struct{ secret []byte }

// NewVerifier verifies tokens signed with secret.
func NewVerifier(secret string) *Verifier { return &Verifier{secret: []byte(secret)} }

// Claims verifies an Authorization header and returns the claims as API
// Gateway passes them on: every value a string.
func (v *Verifier) Claims(header string) (map[string]string, error) {
	raw, ok := strings.CutPrefix(header, "Bearer ")
	if !ok || strings.TrimSpace(raw) == "" {
		return nil, errors.New("missing bearer token: get one with make token ROLE=... ORG=...")
	}
	parsed := jwt.MapClaims{}
	_, err := jwt.ParseWithClaims(strings.TrimSpace(raw), parsed, func(*jwt.Token) (any, error) { return v.secret, nil },
		jwt.WithValidMethods([]string{"HS256"}), jwt.WithExpirationRequired())
	if err != nil {
		return nil, errors.New("invalid token: " + err.Error())
	}
	claims := make(map[string]string, len(parsed))
	for k, val := range parsed {
		switch x := val.(type) {
		case string:
			claims[k] = x
		case float64:
			claims[k] = strconv.FormatFloat(x, 'f', -1, 64)
		default:
			b, _ := json.Marshal(x)
			claims[k] = string(b)
		}
	}
	return claims, nil
}

// Token signs a dev token for a role and organisation(s).
func (v *Verifier) Token(sub, role, org string, ttl time.Duration) (string, error) {
	now := time.Now()
	return jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
		"sub": sub, "custom:role": role, "custom:org": org,
		"iat": now.Unix(), "exp": now.Add(ttl).Unix(),
	}).SignedString(v.secret)
}
