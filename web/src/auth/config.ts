// The portal's runtime configuration: config.json next to the assets. make
// run's dev server serves {"auth":{"mode":"dev"}}; make deploy writes the
// OpenID Connect settings of the stack's Cognito app client. Nothing secret
// is in it: the app client is public and uses PKCE.

export interface DevAuth {
  mode: 'dev';
}

export interface OidcAuth {
  mode: 'oidc';
  /** The authorization endpoint, e.g. https://<domain>.auth.eu-west-1.amazoncognito.com/oauth2/authorize */
  authorize_url: string;
  /** The token endpoint (.../oauth2/token). */
  token_url: string;
  /** Where to end the provider's session (.../logout); optional. */
  logout_url?: string;
  client_id: string;
  /** Must be one of the app client's callback URLs: https://<portal>/auth/callback */
  redirect_uri: string;
  /** Where the provider sends the browser after logout: https://<portal>/aanmelden */
  logout_redirect_uri?: string;
  scope?: string;
}

export interface PortalConfig {
  auth: DevAuth | OidcAuth;
  /** The API's base URL; empty or absent for the portal's own origin. */
  api_url?: string;
  environment?: string;
}

function isHttpsOrLocal(u: unknown): u is string {
  if (typeof u !== 'string') return false;
  try {
    const url = new URL(u);
    return url.protocol === 'https:' || url.hostname === '127.0.0.1' || url.hostname === 'localhost';
  } catch {
    return false;
  }
}

/** Checks a parsed config.json; throws with what is wrong. */
export function parseConfig(raw: unknown): PortalConfig {
  if (!raw || typeof raw !== 'object') throw new Error('config.json is not an object');
  const c = raw as Record<string, unknown>;
  const a = c.auth as Record<string, unknown> | undefined;
  if (!a || typeof a !== 'object') throw new Error('config.json has no auth');
  const base: Pick<PortalConfig, 'api_url' | 'environment'> = {};
  if (typeof c.api_url === 'string' && c.api_url !== '') {
    if (!isHttpsOrLocal(c.api_url)) throw new Error('config.json: api_url must be https');
    base.api_url = c.api_url;
  }
  if (typeof c.environment === 'string') base.environment = c.environment;
  if (a.mode === 'dev') return { ...base, auth: { mode: 'dev' } };
  if (a.mode === 'oidc') {
    for (const k of ['authorize_url', 'token_url', 'redirect_uri'] as const) {
      if (!isHttpsOrLocal(a[k])) throw new Error(`config.json: auth.${k} must be an https URL`);
    }
    if (typeof a.client_id !== 'string' || a.client_id === '') throw new Error('config.json: auth.client_id is required');
    const auth: OidcAuth = {
      mode: 'oidc',
      authorize_url: a.authorize_url as string,
      token_url: a.token_url as string,
      client_id: a.client_id,
      redirect_uri: a.redirect_uri as string,
      scope: typeof a.scope === 'string' && a.scope ? a.scope : 'openid email',
    };
    if (isHttpsOrLocal(a.logout_url)) auth.logout_url = a.logout_url;
    if (isHttpsOrLocal(a.logout_redirect_uri)) auth.logout_redirect_uri = a.logout_redirect_uri;
    return { ...base, auth };
  }
  throw new Error('config.json: auth.mode must be dev or oidc');
}

export async function loadConfig(): Promise<PortalConfig> {
  const res = await fetch('/config.json', { cache: 'no-store', headers: { Accept: 'application/json' } });
  if (!res.ok) throw new Error(`config.json: HTTP ${res.status}`);
  return parseConfig(await res.json());
}
