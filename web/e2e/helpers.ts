// What every end-to-end step uses: a headless Chromium (Debian's, driven by
// playwright-core), sign-in through the dev sign-in page, and a check of
// every page: axe-core (no serious or critical violation), no Content
// Security Policy violation, no script error, and a screenshot.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { CHROMIUM } from './global-setup';

const here = dirname(fileURLToPath(import.meta.url));
export const SHOTS = join(here, 'screenshots');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export async function launch(): Promise<Browser> {
  mkdirSync(SHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    // playwright-core gives each launch a fresh, temporary user-data-dir.
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

export interface Session {
  context: BrowserContext;
  page: Page;
  /** Problems seen on the page: script errors and CSP violations. */
  problems: string[];
}

export async function open(browser: Browser, opts: { width?: number; height?: number } = {}): Promise<Session> {
  const context = await browser.newContext({
    viewport: { width: opts.width ?? 1280, height: opts.height ?? 900 },
    locale: 'nl-NL',
    timezoneId: 'Europe/Amsterdam',
  });
  context.setDefaultTimeout(15_000);
  await context.addInitScript(countRequests);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`script error: ${e.message}`));
  page.on('console', (m) => {
    const text = m.text();
    if (/Content Security Policy|Refused to/i.test(text)) problems.push(`CSP: ${text}`);
  });
  return { context, page, problems };
}

// Counts, in the page itself, the requests its scripts have under way: a
// fetch until its whole body has arrived, an XMLHttpRequest (the upload)
// until it ends. Counting in the page keeps the count in step with the
// page's own code, which Playwright's request events are not.
function countRequests() {
  const w = window as unknown as { __srmPending: number };
  w.__srmPending = 0;
  const done = () => {
    w.__srmPending--;
  };
  const fetch = window.fetch.bind(window);
  window.fetch = (...args: Parameters<typeof fetch>) => {
    w.__srmPending++;
    return fetch(...args).then(
      (res) => {
        void res.clone().arrayBuffer().then(done, done);
        return res;
      },
      (e: unknown) => {
        done();
        throw e;
      },
    );
  };
  const send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.send = function (this: XMLHttpRequest, ...args: Parameters<typeof send>) {
    w.__srmPending++;
    this.addEventListener('loadend', done, { once: true });
    send.apply(this, args);
  };
}

/**
 * Waits until the page has had no request under way for two frames in a
 * row: it has loaded what it shows and drawn it (a section that loads
 * starts its request once the one before it has rendered). A click right
 * after a navigation would otherwise race the sections loading above its
 * target: they move it between Playwright's aim and its click. A request
 * that never ends fails it after the context's timeout.
 */
export async function settle(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { __srmIdle?: number }).__srmIdle = 0;
  });
  await page.waitForFunction(
    () => {
      const w = window as unknown as { __srmPending: number; __srmIdle?: number };
      w.__srmIdle = w.__srmPending === 0 ? (w.__srmIdle ?? 0) + 1 : 0;
      return w.__srmIdle >= 2;
    },
    undefined,
    { polling: 'raf' },
  );
}

/** Clicks what l finds once its page has settled: see settle. */
export async function go(l: Locator): Promise<void> {
  await settle(l.page());
  await l.click();
}

/** Signs in through the dev sign-in page, as a person would. */
export async function signIn(browser: Browser, base: string, role: 'municipality' | 'contractor', org: string, opts: { width?: number } = {}): Promise<Session> {
  const s = await open(browser, opts);
  await s.page.goto(base + '/');
  await s.page.getByRole('heading', { level: 1, name: 'Aanmelden' }).waitFor();
  await s.page.getByRole('radio', { name: role === 'municipality' ? 'SR-bureau (gemeente)' : 'Opdrachtnemer' }).check();
  await s.page.getByLabel(role === 'municipality' ? 'Gemeente(n)' : 'KvK-nummer').fill(org);
  await s.page.getByRole('button', { name: 'Aanmelden' }).click();
  await s.page.getByRole('heading', { level: 1, name: 'Overzicht' }).waitFor();
  return s;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

const axeLog: { page: string; violations: { id: string; impact: string | null; nodes: number }[]; passes: number }[] = [];

/**
 * Waits until the page has loaded its data, then runs axe-core on it
 * (WCAG 2.0/2.1 A and AA rules and best practices), takes a screenshot and
 * returns the violations that are serious or critical (the test fails on
 * them), after checking no script error or CSP violation happened.
 */
export async function checkPage(s: Session, name: string): Promise<AxeViolation[]> {
  const { page } = s;
  await page.locator('.loading').first().waitFor({ state: 'detached' }).catch(() => undefined);
  await page.locator('main h1').first().waitFor();
  // axe runs through the DevTools protocol, which the page's CSP does not
  // govern; the portal's own scripts stay under the CSP.
  await page.evaluate(axeSource);
  const result = (await page.evaluate(() =>
    (window as unknown as { axe: { run: (c: Document, o: object) => Promise<unknown> } }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations'],
    }),
  )) as { violations: AxeViolation[]; passes: unknown[] };
  axeLog.push({ page: name, violations: result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length })), passes: result.passes.length });
  writeFileSync(join(SHOTS, 'axe-results.json'), JSON.stringify(axeLog, null, 2));
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  if (s.problems.length) throw new Error(`${name}: ${s.problems.join('\n')}`);
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export function describeViolations(vs: AxeViolation[]): string {
  return vs.map((v) => `${v.impact} ${v.id}: ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ') + (n.failureSummary ? ` (${n.failureSummary.replace(/\n/g, ' ')})` : '')).join('\n  ')}`).join('\n');
}

/** Waits for a locator to show, with a message naming what was expected. */
export async function see(l: Locator, what?: string): Promise<void> {
  try {
    await l.first().waitFor({ state: 'visible' });
  } catch (e) {
    throw new Error(`expected to see ${what ?? l.toString()}: ${(e as Error).message.split('\n')[0]}`);
  }
}

/** The last day of the month after YYYY-MM-DD's month. */
export function dueAfter(d: string): string {
  const y = Number(d.slice(0, 4));
  const m = Number(d.slice(5, 7));
  const last = new Date(Date.UTC(y, m + 1, 0));
  return last.toISOString().slice(0, 10);
}

export function nl(d: string): string {
  return `${d.slice(8, 10)}-${d.slice(5, 7)}-${d.slice(0, 4)}`;
}

/**
 * A dev token for a role and organisation (the dev server's POST /dev/token),
 * for the fixtures a step needs but does not test (a contract recorded, a
 * plan approved): those go through the API, what the step tests through the
 * page.
 */
export async function devToken(base: string, role: 'municipality' | 'contractor', org: string): Promise<string> {
  const r = await fetch(`${base}/dev/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ role, org }) });
  if (!r.ok) throw new Error(`POST /dev/token ${role} ${org}: ${r.status} ${await r.text()}`);
  return ((await r.json()) as { token: string }).token;
}

/** One API call as a fixture step; an answer other than 2xx fails the test with the API's error. */
export async function call<T = unknown>(base: string, token: string, method: string, path: string, body?: unknown): Promise<T> {
  const r = await fetch(base + path, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await r.text();
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Today in Amsterdam as YYYY-MM-DD, plus n days. */
export function day(n = 0): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  return new Date(Date.parse(today + 'T00:00:00Z') + n * 86_400_000).toISOString().slice(0, 10);
}
