import { describe, expect, test } from 'vitest';
import { parseConfig } from '../src/auth/config';
import { codeChallenge, safeReturnPath } from '../src/auth/oidc';
import { expired, sessionFromToken } from '../src/auth/session';

function jwt(claims: object): string {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}.sig`;
}

describe('the session from a token', () => {
  test('a municipality user acting for several municipalities', () => {
    const s = sessionFromToken(jwt({ sub: 'u1', 'custom:role': 'municipality', 'custom:org': 'amersfoort, soest,,baarn,soest', exp: 2000000000, email: 'a@b.nl' }));
    expect(s).toMatchObject({ sub: 'u1', role: 'municipality', orgs: ['amersfoort', 'soest', 'baarn'], exp: 2000000000, name: 'a@b.nl' });
  });
  test('claims that identify no user are no session', () => {
    expect(sessionFromToken(jwt({ sub: 'u1', 'custom:role': 'admin', 'custom:org': 'x', exp: 1 }))).toBeNull();
    expect(sessionFromToken(jwt({ sub: 'u1', 'custom:role': 'contractor', 'custom:org': '', exp: 1 }))).toBeNull();
    expect(sessionFromToken(jwt({ sub: 'u1', 'custom:role': 'contractor', 'custom:org': '12345678' }))).toBeNull();
    expect(sessionFromToken('not.a-token')).toBeNull();
  });
  test('a token about to expire counts as expired', () => {
    const s = sessionFromToken(jwt({ sub: 'u', 'custom:role': 'contractor', 'custom:org': '12345678', exp: 1000 }));
    if (!s) throw new Error('no session');
    expect(expired(s, 1000 * 1000 - 30_000)).toBe(true);
    expect(expired(s, 1000 * 1000 - 120_000)).toBe(false);
  });
});

describe('OpenID Connect with PKCE', () => {
  test('the S256 challenge of RFC 7636, appendix B', async () => {
    expect(await codeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });
  test('after sign-in only a path of the portal itself', () => {
    expect(safeReturnPath('/contracten/c_1?x=1')).toBe('/contracten/c_1?x=1');
    expect(safeReturnPath('//evil.example/')).toBe('/');
    expect(safeReturnPath('/\\evil.example')).toBe('/');
    expect(safeReturnPath('https://evil.example/')).toBe('/');
    expect(safeReturnPath(null)).toBe('/');
  });
});

describe('config.json', () => {
  test('dev sign-in, as make run serves it', () => {
    expect(parseConfig({ auth: { mode: 'dev' }, environment: 'local' })).toEqual({ auth: { mode: 'dev' }, environment: 'local' });
  });
  test('OpenID Connect, as make deploy writes it', () => {
    const c = parseConfig({
      auth: {
        mode: 'oidc',
        authorize_url: 'https://srm.auth.eu-west-1.amazoncognito.com/oauth2/authorize',
        token_url: 'https://srm.auth.eu-west-1.amazoncognito.com/oauth2/token',
        logout_url: 'https://srm.auth.eu-west-1.amazoncognito.com/logout',
        client_id: 'abc',
        redirect_uri: 'https://d1.cloudfront.net/auth/callback',
      },
    });
    expect(c.auth).toMatchObject({ mode: 'oidc', client_id: 'abc', scope: 'openid email' });
  });
  test('refuses what would send tokens over plain HTTP or nowhere', () => {
    expect(() => parseConfig({ auth: { mode: 'oidc', authorize_url: 'http://evil.example/a', token_url: 'https://x/t', client_id: 'a', redirect_uri: 'https://x/cb' } })).toThrow(/authorize_url/);
    expect(() => parseConfig({ auth: { mode: 'oidc', authorize_url: 'https://x/a', token_url: 'https://x/t', redirect_uri: 'https://x/cb' } })).toThrow(/client_id/);
    expect(() => parseConfig({ auth: { mode: 'magic' } })).toThrow(/mode/);
    expect(() => parseConfig(null)).toThrow();
  });
});
