#!/usr/bin/env bash
# make deploy: the stack with sam, then the portal's assets and its
# config.json with the aws CLI. Run from the repository root, with AWS
# credentials for the target account in the environment.
#
#   STACK              stack name (default srmonitor)
#   AWS_REGION         region (an EU region: the data is the municipality's)
#   AUTH_USER_POOL     create (default): the stack's Cognito user pool signs
#                      users in; none: your own OpenID Connect provider, then
#                      also OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_AUTHORIZE_URL,
#                      OIDC_TOKEN_URL and optionally OIDC_LOGOUT_URL
#   PORTAL_URL         the portal's URL, when it has a domain of its own;
#                      default the CloudFront distribution's
#   SAM_PARAMETERS     more parameter overrides, e.g. "LogLevel=debug"
set -euo pipefail

STACK=${STACK:-srmonitor}
AUTH_USER_POOL=${AUTH_USER_POOL:-create}
: "${AWS_REGION:?set AWS_REGION (an EU region, e.g. eu-west-1)}"
for tool in sam aws; do
  command -v "$tool" >/dev/null || { echo "make deploy needs the $tool CLI" >&2; exit 1; }
done

output() {
  aws cloudformation describe-stacks --stack-name "$STACK" --region "$AWS_REGION" \
    --query "Stacks[0].Outputs[?OutputKey=='$1'].OutputValue | [0]" --output text 2>/dev/null | grep -v '^None$' || true
}

deploy() {
  local url=$1 params=("AuthUserPool=$AUTH_USER_POOL")
  if [ -n "$url" ]; then
    # The Cognito app client's callback URLs, and the only origin that may
    # PUT evidence from a browser.
    params+=("PortalUrl=$url" "UploadOrigins=$url")
  fi
  if [ "$AUTH_USER_POOL" = none ]; then
    params+=("JwtIssuer=${OIDC_ISSUER:?set OIDC_ISSUER}" "JwtAudience=${OIDC_CLIENT_ID:?set OIDC_CLIENT_ID}")
  fi
  # shellcheck disable=SC2206
  params+=(${SAM_PARAMETERS:-})
  sam deploy --stack-name "$STACK" --region "$AWS_REGION" --resolve-s3 \
    --capabilities CAPABILITY_IAM CAPABILITY_AUTO_EXPAND \
    --no-confirm-changeset --no-fail-on-empty-changeset \
    --parameter-overrides "${params[@]}"
}

sam build

# The portal's URL is known once its distribution exists: the first deploy
# creates it, a second one gives the app client its callback URL.
url=${PORTAL_URL:-$(output PortalDefaultUrl)}
deploy "$url"
if [ -z "$url" ]; then
  url=$(output PortalDefaultUrl)
  deploy "$url"
fi

bucket=$(output PortalBucketName)
distribution=$(output PortalDistributionId)

# Assets are named after their content: cached for a year. The rest is
# checked on every load.
make portal
aws s3 sync web/dist/assets "s3://$bucket/assets" --region "$AWS_REGION" --delete \
  --cache-control "public, max-age=31536000, immutable"
aws s3 sync web/dist "s3://$bucket" --region "$AWS_REGION" --delete \
  --exclude "assets/*" --exclude config.json --cache-control "no-cache"

# config.json: where to sign in. Nothing in it is secret (a public client).
if [ "$AUTH_USER_POOL" = create ]; then
  signin=$(output PortalSignInUrl)
  client=$(output PortalClientId)
  authorize="$signin/oauth2/authorize"
  token="$signin/oauth2/token"
  logout="$signin/logout"
else
  client=$OIDC_CLIENT_ID
  authorize=${OIDC_AUTHORIZE_URL:?set OIDC_AUTHORIZE_URL}
  token=${OIDC_TOKEN_URL:?set OIDC_TOKEN_URL}
  logout=${OIDC_LOGOUT_URL:-}
fi
config=$(mktemp)
trap 'rm -f "$config"' EXIT
cat >"$config" <<JSON
{
  "auth": {
    "mode": "oidc",
    "authorize_url": "$authorize",
    "token_url": "$token",
    "logout_url": "$logout",
    "client_id": "$client",
    "redirect_uri": "$url/auth/callback",
    "logout_redirect_uri": "$url/aanmelden",
    "scope": "openid email"
  },
  "environment": "$STACK"
}
JSON
aws s3 cp "$config" "s3://$bucket/config.json" --region "$AWS_REGION" \
  --content-type application/json --cache-control "no-cache"
aws cloudfront create-invalidation --distribution-id "$distribution" \
  --paths /index.html /config.json /favicon.svg >/dev/null

echo "The portal is at $url"
if [ "$AUTH_USER_POOL" = create ]; then
  echo "Create its users in user pool $(output PortalUserPoolId) with custom:role (municipality | contractor) and custom:org, e.g.:"
  echo "  aws cognito-idp admin-create-user --user-pool-id $(output PortalUserPoolId) --username adviseur@utrecht.nl \\"
  echo "    --user-attributes Name=email,Value=adviseur@utrecht.nl Name=email_verified,Value=true Name=custom:role,Value=municipality Name=custom:org,Value=utrecht"
fi
