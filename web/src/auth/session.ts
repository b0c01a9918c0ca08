// Who is signed in: the bearer token and what its claims say. The token is
// kept in sessionStorage (this tab only, gone when it closes), never in a
// cookie or localStorage. The claims are read to shape the portal (role,
// organisations); the API checks the token itself.

export type Role = 'municipality' | 'contractor';

export interface Session {
  token: string;
  sub: string;
  role: Role;
  /** Municipality ids for an SR office user, the one KvK number for a contractor. */
  orgs: string[];
  /** Expiry, seconds since the epoch. */
  exp: number;
  /** A name or e-mail to show, when the token carries one. */
  name?: string;
}

const KEY = 'srm.token';

function b64urlDecode(s: string): string {
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(s.length / 4) * 4, '=');
  const bin = atob(b64);
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/** Reads a token's claims into a session; null when they identify no user. */
export function sessionFromToken(token: string): Session | null {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return null;
  let claims: Record<string, unknown>;
  try {
    claims = JSON.parse(b64urlDecode(parts[1])) as Record<string, unknown>;
  } catch {
    return null;
  }
  const role = claims['custom:role'];
  const org = claims['custom:org'];
  const sub = claims.sub;
  const exp = claims.exp;
  if ((role !== 'municipality' && role !== 'contractor') || typeof org !== 'string' || typeof sub !== 'string') return null;
  if (typeof exp !== 'number') return null;
  const orgs = org
    .split(',')
    .map((o) => o.trim())
    .filter((o, i, all) => o !== '' && all.indexOf(o) === i);
  if (orgs.length === 0) return null;
  const s: Session = { token, sub, role, orgs, exp };
  const name = claims.name ?? claims.email;
  if (typeof name === 'string' && name) s.name = name;
  return s;
}

export function expired(s: Session, nowMs = Date.now()): boolean {
  // A minute's margin, so no call leaves with a token about to expire.
  return s.exp * 1000 <= nowMs + 60_000;
}

export function loadSession(): Session | null {
  let token: string | null = null;
  try {
    token = sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
  if (!token) return null;
  const s = sessionFromToken(token);
  if (!s || expired(s)) {
    clearSession();
    return null;
  }
  return s;
}

export function saveSession(token: string): Session | null {
  const s = sessionFromToken(token);
  if (!s) return null;
  try {
    sessionStorage.setItem(KEY, token);
  } catch {
    // Private mode without storage: the session lasts as long as the page.
  }
  return s;
}

export function clearSession(): void {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // nothing stored
  }
}
