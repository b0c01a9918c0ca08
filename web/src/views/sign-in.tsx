// Sign-in. Locally (config.json says "dev") you pick a role and an
// organisation and the dev server's POST /dev/token signs a token. In AWS the
// portal sends you to the identity provider (OpenID Connect with PKCE) and
// /auth/callback completes it.
import { useEffect, useState } from 'preact/hooks';
import { toApiError } from '../api/client';
import type { PortalConfig } from '../auth/config';
import { authorizeUrl, completeSignIn, safeReturnPath } from '../auth/oidc';
import { Alert, ErrorSummary, Field, Fieldset, Loading, Page, useSubmit } from '../components/ui';
import { add, type Errors } from '../forms';
import { t } from '../i18n';
import { Link, useLocation } from '../router';

type OnToken = (token: string, next: string) => boolean;

export function SignInView({ config, onToken }: { config: PortalConfig; onToken: OnToken }) {
  const loc = useLocation();
  const next = safeReturnPath(loc.query.get('next'));
  const expired = loc.query.get('reden') === 'verlopen';
  return (
    <Page title={t('Aanmelden')}>
      {expired && (
        <Alert kind="warning" title={t('U bent afgemeld')}>
          <p>{t('Uw sessie is verlopen. Meld u opnieuw aan; u komt dan terug waar u was.')}</p>
        </Alert>
      )}
      {config.auth.mode === 'dev' ? <DevSignIn next={next} onToken={onToken} /> : <OidcSignIn config={config} next={next} />}
    </Page>
  );
}

function OidcSignIn({ config, next }: { config: PortalConfig; next: string }) {
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  if (config.auth.mode !== 'oidc') return null;
  const auth = config.auth;
  return (
    <>
      <p>{t('Meld u aan met het account dat uw organisatie voor srmonitor heeft gekregen.')}</p>
      {failed && <Alert kind="error" live title={t('Aanmelden is niet gelukt. Probeer het opnieuw.')} />}
      <button
        type="button"
        class="button"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          try {
            location.assign(await authorizeUrl(auth, next));
          } catch {
            setFailed(true);
            setBusy(false);
          }
        }}
      >
        {t('Aanmelden')}
      </button>
    </>
  );
}

const examples: { role: 'municipality' | 'contractor'; org: string; label: string }[] = [
  { role: 'municipality', org: 'utrecht', label: 'utrecht' },
  { role: 'municipality', org: 'amersfoort,soest,baarn', label: 'amersfoort,soest,baarn' },
  { role: 'contractor', org: '12345678', label: 'KvK 12345678' },
];

function DevSignIn({ next, onToken }: { next: string; onToken: OnToken }) {
  const [role, setRole] = useState<'municipality' | 'contractor'>('municipality');
  const [org, setOrg] = useState('');
  const { busy, error, setError, errors, setErrors, send } = useSubmit();

  const submit = async (e: Event) => {
    e.preventDefault();
    const errs: Errors = {};
    if (!org.trim()) add(errs, 'org', role === 'contractor' ? t('Vul het KvK-nummer in.') : t('Vul een of meer gemeenten in.'));
    else if (role === 'contractor' && !/^\d{8}$/.test(org.trim())) add(errs, 'org', t('Een KvK-nummer heeft 8 cijfers.'));
    setErrors(errs);
    setError(undefined);
    if (Object.keys(errs).length) return;
    await send(async () => {
      const res = await fetch('/dev/token', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ role, org }),
      });
      const body: unknown = await res.json().catch(() => null);
      if (!res.ok) throw toApiError(res.status, body, res.headers.get('x-request-id') ?? '');
      const token = (body as { token?: string }).token;
      if (!token || !onToken(token, next)) throw toApiError(500, null);
    });
  };

  return (
    <>
      <Alert kind="info" title={t('Lokale ontwikkelomgeving')}>
        <p>{t('Kies zelf een rol en organisatie. In productie meldt u zich aan bij de identiteitsprovider van uw organisatie.')}</p>
      </Alert>
      <form onSubmit={submit} noValidate class="narrow">
        <ErrorSummary errors={errors} error={error} labels={{ role: t('Rol'), org: role === 'contractor' ? t('KvK-nummer') : t('Gemeente(n)') }} />
        <Fieldset legend={t('Rol')} field="role" errors={errors}>
          <div class="radios">
            <label class="radio">
              <input type="radio" name="role" value="municipality" checked={role === 'municipality'} onChange={() => setRole('municipality')} />
              {t('SR-bureau (gemeente)')}
            </label>
            <label class="radio">
              <input type="radio" name="role" value="contractor" checked={role === 'contractor'} onChange={() => setRole('contractor')} />
              {t('Opdrachtnemer')}
            </label>
          </div>
        </Fieldset>
        <Field
          field="org"
          errors={errors}
          label={role === 'contractor' ? t('KvK-nummer') : t('Gemeente(n)')}
          hint={role === 'contractor' ? t('8 cijfers, bijvoorbeeld 12345678.') : t('Een of meer gemeenten, gescheiden door komma’s, bijvoorbeeld utrecht of amersfoort,soest,baarn.')}
        >
          {(p) => (
            <input
              {...p}
              type="text"
              name="org"
              class="input"
              autoComplete="off"
              spellcheck={false}
              inputMode={role === 'contractor' ? 'numeric' : 'text'}
              value={org}
              onInput={(e) => setOrg(e.currentTarget.value)}
            />
          )}
        </Field>
        <p class="examples">
          {t('Voorbeelden')}:{' '}
          {examples.map((x, i) => (
            <span key={x.org}>
              {i > 0 && ', '}
              <button
                type="button"
                class="link-button"
                onClick={() => {
                  setRole(x.role);
                  setOrg(x.org);
                }}
              >
                {x.label}
              </button>
            </span>
          ))}
        </p>
        <button type="submit" class="button" disabled={busy}>
          {t('Aanmelden')}
        </button>
      </form>
    </>
  );
}

export function CallbackView({ config, onToken }: { config: PortalConfig; onToken: OnToken }) {
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (config.auth.mode !== 'oidc') {
      setFailed(true);
      return;
    }
    completeSignIn(config.auth, location.search).then(
      ({ token, returnTo }) => {
        if (!onToken(token, returnTo)) setFailed(true);
      },
      () => setFailed(true),
    );
  }, []);
  return (
    <Page title={t('Aanmelden')}>
      {failed ? (
        <Alert kind="error" live title={t('Aanmelden is niet gelukt.')}>
          <p>{t('Uw account heeft misschien geen rol of organisatie gekregen. Neem contact op met uw beheerder, of probeer het opnieuw.')}</p>
          <p>
            <Link href="/aanmelden">{t('Opnieuw aanmelden')}</Link>
          </p>
        </Alert>
      ) : (
        <Loading label={t('Bezig met aanmelden…')} />
      )}
    </Page>
  );
}
