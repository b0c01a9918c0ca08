// OpenID Connect authorization code flow with PKCE (RFC 7636), as a public
// client without a secret: the portal sends the browser to the identity
// provider (Cognito's hosted UI) with a code challenge, and trades the code
// it gets back, with the verifier only this tab knows, for an ID token. The
// ID token carries custom:role and custom:org, and the API's JWT authorizer
// accepts it (its audience is the app client).
import type { OidcAuth } from './config';

const KEY = 'srm.oidc';

function b64url(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function randomString(bytes = 32): string {
  const a = new Uint8Array(bytes);
  crypto.getRandomValues(a);
  return b64url(a);
}

/** The S256 code challenge of a verifier. */
export async function codeChallenge(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return b64url(new Uint8Array(digest));
}

/** A path of this portal to return to after sign-in; anything else is "/". */
export function safeReturnPath(p: string | null | undefined): string {
  if (!p || !p.startsWith('/') || p.startsWith('//') || p.startsWith('/\\')) return '/';
  return p;
}

export async function authorizeUrl(cfg: OidcAuth, returnTo: string): Promise<string> {
  const verifier = randomString(48);
  const state = randomString(24);
  sessionStorage.setItem(KEY, JSON.stringify({ verifier, state, returnTo: safeReturnPath(returnTo) }));
  const url = new URL(cfg.authorize_url);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: cfg.client_id,
    redirect_uri: cfg.redirect_uri,
    scope: cfg.scope ?? 'openid email',
    state,
    code_challenge: await codeChallenge(verifier),
    code_challenge_method: 'S256',
  }).toString();
  return url.toString();
}

export class SignInError extends Error {}

/** Completes the flow on /auth/callback: the ID token and where to go next. */
export async function completeSignIn(cfg: OidcAuth, search: string): Promise<{ token: string; returnTo: string }> {
  const q = new URLSearchParams(search);
  const stored = sessionStorage.getItem(KEY);
  sessionStorage.removeItem(KEY);
  if (q.get('error')) throw new SignInError(q.get('error_description') ?? q.get('error') ?? 'error');
  const code = q.get('code');
  if (!code || !stored) throw new SignInError('no_code');
  const { verifier, state, returnTo } = JSON.parse(stored) as { verifier: string; state: string; returnTo: string };
  if (q.get('state') !== state) throw new SignInError('state');
  const res = await fetch(cfg.token_url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: cfg.client_id,
      code,
      redirect_uri: cfg.redirect_uri,
      code_verifier: verifier,
    }).toString(),
  });
  if (!res.ok) throw new SignInError(`token ${res.status}`);
  const body = (await res.json()) as { id_token?: string };
  if (!body.id_token) throw new SignInError('no_id_token');
  return { token: body.id_token, returnTo: safeReturnPath(returnTo) };
}

/** Where to send the browser to end the provider's session too, if anywhere. */
export function logoutUrl(cfg: OidcAuth): string | null {
  if (!cfg.logout_url) return null;
  const url = new URL(cfg.logout_url);
  url.search = new URLSearchParams({
    client_id: cfg.client_id,
    logout_uri: cfg.logout_redirect_uri ?? new URL('/aanmelden', cfg.redirect_uri).toString(),
  }).toString();
  return url.toString();
}
