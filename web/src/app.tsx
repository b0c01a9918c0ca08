// The frame of every page (skip link, header with navigation, language and
// sign-out, main, footer) and the routes.
import type { JSX } from 'preact';
import { createContext } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import { configureApi } from './api/client';
import type { PortalConfig } from './auth/config';
import { logoutUrl } from './auth/oidc';
import { clearSession, loadSession, type Session, saveSession } from './auth/session';
import { getLang, onLang, setLang, t } from './i18n';
import { Link, match, navigate, useLocation } from './router';
import { A11yStatement } from './views/a11y';
import { CatalogView } from './views/catalog';
import { ContractView } from './views/contract';
import { ContractsView } from './views/contracts';
import { CouncilView } from './views/council';
import { HomeView } from './views/home';
import { ImportView } from './views/import';
import { NewContractView } from './views/new-contract';
import { PlanEditorView } from './views/plan-editor';
import { ReportView } from './views/report';
import { CallbackView, SignInView } from './views/sign-in';

export interface AppContext {
  config: PortalConfig;
  session: Session;
  signOut: (reason?: 'expired') => void;
}

const Ctx = createContext<AppContext | null>(null);

/** The signed-in user and the portal's configuration; only inside signed-in pages. */
export function useApp(): AppContext {
  const c = useContext(Ctx);
  if (!c) throw new Error('useApp outside the signed-in app');
  return c;
}

type View = (p: Record<string, string>) => JSX.Element;

const routes: [string, View][] = [
  ['/', () => <HomeView />],
  ['/contracten', () => <ContractsView />],
  ['/contracten/nieuw', () => <NewContractView />],
  ['/contracten/importeren', () => <ImportView />],
  ['/contracten/:id', (p) => <ContractView id={p.id as string} />],
  ['/contracten/:id/plan', (p) => <PlanEditorView id={p.id as string} />],
  ['/contracten/:id/rapportages/:period', (p) => <ReportView id={p.id as string} period={p.period as string} />],
  ['/catalogus', () => <CatalogView />],
  ['/catalogus/:municipality', (p) => <CatalogView municipality={p.municipality as string} />],
  ['/verantwoording', () => <CouncilView />],
  ['/toegankelijkheid', () => <A11yStatement />],
];

/** A short-lived message shown on the next page (e.g. "Contract vastgelegd"). */
let flashMessage: string | null = null;
export function flash(message: string): void {
  flashMessage = message;
}
export function takeFlash(): string | null {
  const m = flashMessage;
  flashMessage = null;
  return m;
}

export function App({ config }: { config: PortalConfig }) {
  const loc = useLocation();
  const [session, setSession] = useState<Session | null>(loadSession);
  const [lang, setLangState] = useState(getLang());
  useEffect(() => onLang(setLangState), []);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  const signOut = (reason?: 'expired') => {
    clearSession();
    setSession(null);
    configureApi({ token: null });
    const url = config.auth.mode === 'oidc' && !reason ? logoutUrl(config.auth) : null;
    if (url) location.assign(url);
    else if (reason) {
      // Back to where the user was after signing in again.
      const here = location.pathname + location.search;
      navigate(`/aanmelden?reden=verlopen${here !== '/' && !here.startsWith('/aanmelden') ? '&next=' + encodeURIComponent(here) : ''}`, { replace: true });
    } else navigate('/aanmelden', { replace: true });
  };

  configureApi({
    token: session?.token ?? null,
    onError: (e) => {
      if (e.status === 401) signOut('expired');
    },
  });

  // Sign out when the token expires.
  useEffect(() => {
    if (!session) return;
    const ms = session.exp * 1000 - Date.now() - 30_000;
    const h = setTimeout(() => signOut('expired'), Math.max(0, Math.min(ms, 2 ** 31 - 1)));
    return () => clearTimeout(h);
  }, [session]);

  const signIn = (token: string, next: string) => {
    const s = saveSession(token);
    if (!s) return false;
    setSession(s);
    navigate(next, { replace: true });
    return true;
  };

  const publicPage = loc.path === '/aanmelden' || loc.path === '/auth/callback' || loc.path === '/toegankelijkheid';
  useEffect(() => {
    if (!session && !publicPage) {
      const next = loc.path + (loc.query.toString() ? '?' + loc.query.toString() : '');
      navigate(`/aanmelden${next !== '/' ? '?next=' + encodeURIComponent(next) : ''}`, { replace: true });
    }
    if (session && loc.path === '/aanmelden') navigate('/', { replace: true });
  }, [session, loc.path]);

  let content: JSX.Element | null = null;
  if (loc.path === '/aanmelden') content = session ? null : <SignInView config={config} onToken={signIn} />;
  else if (loc.path === '/auth/callback') content = <CallbackView config={config} onToken={signIn} />;
  else if (loc.path === '/toegankelijkheid' && !session) content = <A11yStatement />;
  else if (session) {
    for (const [pattern, view] of routes) {
      const params = match(pattern, loc.path);
      if (params) {
        content = view(params);
        break;
      }
    }
    content ??= <NotFound />;
  }

  return (
    <Ctx.Provider value={session ? { config, session, signOut } : null}>
      <a class="skip-link" href="#main">
        {t('Naar de inhoud')}
      </a>
      <Header session={session} signOut={() => signOut()} path={loc.path} environment={config.environment} />
      <main id="main" class="container" tabIndex={-1}>
        {content}
      </main>
      <footer class="site-footer">
        <div class="container">
          <p>
            srmonitor · {t('social return monitoren')} · <Link href="/toegankelijkheid">{t('Toegankelijkheid')}</Link>
          </p>
        </div>
      </footer>
    </Ctx.Provider>
  );
}

function Header({ session, signOut, path, environment }: { session: Session | null; signOut: () => void; path: string; environment?: string | undefined }) {
  const lang = getLang();
  const nav: [string, string][] = session
    ? [
        ['/', t('Overzicht')],
        ['/contracten', t('Contracten')],
        ...(session.role === 'municipality' ? ([['/contracten/nieuw', t('Contract vastleggen')]] as [string, string][]) : []),
        ['/catalogus', t('Bouwblokken')],
        ...(session.role === 'municipality' ? ([['/verantwoording', t('Verantwoording')]] as [string, string][]) : []),
      ]
    : [];
  const current = (href: string) => (href === '/' ? path === '/' : path === href || (href === '/contracten' && path.startsWith('/contracten/') && path !== '/contracten/nieuw'));
  return (
    <header class="site-header">
      <div class="container header-row">
        <Link href="/" class="brand">
          <span class="brand-mark" aria-hidden="true">
            sr
          </span>
          srmonitor
        </Link>
        {environment === 'local' && <span class="env-badge">{t('lokaal')}</span>}
        <div class="header-tools">
          {session && (
            <p class="who">
              <span class="visually-hidden">{t('Aangemeld als')} </span>
              {session.role === 'municipality' ? t('SR-bureau') : t('Opdrachtnemer')}: {session.role === 'contractor' ? `KvK ${session.orgs[0]}` : session.orgs.join(', ')}
            </p>
          )}
          <button type="button" class="link-button" lang={lang === 'nl' ? 'en' : 'nl'} onClick={() => setLang(lang === 'nl' ? 'en' : 'nl')}>
            {lang === 'nl' ? 'English' : 'Nederlands'}
          </button>
          {session && (
            <button type="button" class="link-button" onClick={signOut}>
              {t('Afmelden')}
            </button>
          )}
        </div>
      </div>
      {nav.length > 0 && (
        <nav aria-label={t('Hoofdmenu')} class="main-nav">
          <ul class="container">
            {nav.map(([href, label]) => (
              <li key={href}>
                <Link href={href} aria-current={current(href) ? 'page' : undefined}>
                  {label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
    </header>
  );
}

function NotFound() {
  useEffect(() => {
    document.title = `${t('Pagina niet gevonden')} – srmonitor`;
  }, []);
  return (
    <>
      <h1 tabIndex={-1}>{t('Pagina niet gevonden')}</h1>
      <p>
        <Link href="/">{t('Naar het overzicht')}</Link>
      </p>
    </>
  );
}
