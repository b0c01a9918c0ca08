// The contracts list: search, filters (municipality, status, flagged) and
// sorting, kept in the URL so the back button and a shared link restore them.
import { contracts as contractsApi, type Contract } from '../api/client';
import { useApp } from '../app';
import { DownloadButton } from '../components/download';
import { Alert, Badge, LoadError, Loading, Page, TableWrap, useResource } from '../components/ui';
import { municipalityName, useMunicipalities } from '../data';
import { date, money, pct } from '../format';
import { t } from '../i18n';
import { contractStatuses, isActive, statusLabel } from '../labels';
import { Link, setQuery, useLocation } from '../router';
import { planDue } from '../tasks';

type Sort = 'newest' | 'reference' | 'title' | 'due' | 'coverage';

/** The next date the contract must meet, for sorting and the list; null when nothing is asked any more. */
export function nextDeadline(c: Contract): string | null {
  if (!c.deadlines || !isActive(c.status)) return null;
  if (c.status === 'awaiting_registration') return c.deadlines.registration_due;
  if (c.status !== 'plan_approved') return planDue(c);
  return c.deadlines.next_report_due ?? null;
}

export function statusTone(s: string): 'neutral' | 'good' | 'warn' | 'bad' | 'info' {
  switch (s) {
    case 'plan_approved':
      return 'good';
    case 'plan_rejected':
      return 'bad';
    case 'plan_submitted':
      return 'info';
    case 'no_obligation':
    case 'closed':
    case 'cancelled':
      return 'neutral';
    default:
      return 'warn';
  }
}

export function filterContracts(all: Contract[], q: { search: string; municipality: string; status: string; flagged: boolean; sort: Sort }): Contract[] {
  const needle = q.search.trim().toLowerCase();
  const out = all.filter(
    (c) =>
      (!needle || [c.reference, c.title, c.contractor_name, c.contractor_kvk].some((v) => v.toLowerCase().includes(needle))) &&
      (!q.municipality || c.municipality === q.municipality) &&
      (!q.status || c.status === q.status) &&
      (!q.flagged || c.open_flags.length > 0),
  );
  const cmp: Record<Sort, (a: Contract, b: Contract) => number> = {
    newest: (a, b) => b.created_at.localeCompare(a.created_at),
    reference: (a, b) => a.reference.localeCompare(b.reference, 'nl', { numeric: true }),
    title: (a, b) => a.title.localeCompare(b.title, 'nl'),
    due: (a, b) => (nextDeadline(a) ?? '9999').localeCompare(nextDeadline(b) ?? '9999'),
    coverage: (a, b) => a.realisation.coverage_bp - b.realisation.coverage_bp,
  };
  return out.sort(cmp[q.sort]);
}

const sorts: Sort[] = ['newest', 'reference', 'title', 'due', 'coverage'];

export function ContractsView() {
  const { session } = useApp();
  const names = useMunicipalities();
  const loc = useLocation();
  const data = useResource(() => contractsApi.all(), []);
  const q = {
    search: loc.query.get('q') ?? '',
    municipality: loc.query.get('gemeente') ?? '',
    status: loc.query.get('status') ?? '',
    flagged: loc.query.get('signalering') === 'ja',
    sort: (sorts.includes(loc.query.get('sorteer') as Sort) ? loc.query.get('sorteer') : 'newest') as Sort,
  };
  const set = (k: string, v: string) => {
    const p = new URLSearchParams(loc.query);
    if (v) p.set(k, v);
    else p.delete(k);
    setQuery(p);
  };
  const title = t('Contracten');
  if (data.error && !data.data) return <Page title={title}><LoadError error={data.error} retry={data.reload} /></Page>;
  if (!data.data) return <Page title={title}><Loading /></Page>;
  const all = data.data.items;
  const shown = filterContracts(all, q);
  const municipalities = session.role === 'municipality' ? session.orgs : [...new Set(all.map((c) => c.municipality))].sort();
  const sortLabels: Record<Sort, string> = {
    newest: t('Nieuwste eerst'),
    reference: t('Kenmerk'),
    title: t('Omschrijving'),
    due: t('Eerstvolgende termijn'),
    coverage: t('Laagste dekking eerst'),
  };
  return (
    <Page title={title}>
      <div class="buttons">
        {session.role === 'municipality' && (
          <>
            <Link href="/contracten/nieuw" class="button secondary">
              {t('Contract vastleggen')}
            </Link>
            <Link href="/contracten/importeren" class="button secondary">
              {t('Contracten importeren')}
            </Link>
          </>
        )}
        <DownloadButton path="/contracts" accept="text/csv" filename="contracten.csv" label={t('Downloaden als CSV (Excel)')} />
      </div>
      <form role="search" class="filters" aria-label={t('Contracten zoeken en filteren')} onSubmit={(e) => e.preventDefault()}>
        <div class="field">
          <label for="f-q">{t('Zoeken')}</label>
          <p class="hint" id="f-q-hint">
            {t('Op kenmerk, omschrijving, opdrachtnemer of KvK-nummer')}
          </p>
          <input id="f-q" type="search" class="input" aria-describedby="f-q-hint" value={q.search} onInput={(e) => set('q', e.currentTarget.value)} />
        </div>
        {municipalities.length > 1 && (
          <div class="field">
            <label for="f-gemeente">{t('Gemeente')}</label>
            <select id="f-gemeente" class="select" value={q.municipality} onChange={(e) => set('gemeente', e.currentTarget.value)}>
              <option value="">{t('Alle gemeenten')}</option>
              {municipalities.map((m) => (
                <option key={m} value={m}>
                  {municipalityName(names, m)}
                </option>
              ))}
            </select>
          </div>
        )}
        <div class="field">
          <label for="f-status">{t('Status')}</label>
          <select id="f-status" class="select" value={q.status} onChange={(e) => set('status', e.currentTarget.value)}>
            <option value="">{t('Alle statussen')}</option>
            {contractStatuses.map((s) => (
              <option key={s} value={s}>
                {statusLabel(s)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-sorteer">{t('Sorteren op')}</label>
          <select id="f-sorteer" class="select" value={q.sort} onChange={(e) => set('sorteer', e.currentTarget.value === 'newest' ? '' : e.currentTarget.value)}>
            {sorts.map((s) => (
              <option key={s} value={s}>
                {sortLabels[s]}
              </option>
            ))}
          </select>
        </div>
        <div class="field checkbox-field">
          <label class="checkbox">
            <input type="checkbox" checked={q.flagged} onChange={(e) => set('signalering', e.currentTarget.checked ? 'ja' : '')} />
            {t('Alleen met open signaleringen')}
          </label>
        </div>
      </form>
      {!data.data.complete && (
        <Alert kind="warning">
          <p>{t('Er zijn meer contracten dan deze pagina in één keer laadt; de lijst toont de nieuwste.')}</p>
        </Alert>
      )}
      <p class="result-count" role="status">
        {shown.length === 1 ? t('1 contract') : t('{n} contracten', { n: shown.length })}
        {shown.length !== all.length && ` ${t('(van {n})', { n: all.length })}`}
      </p>
      {shown.length > 0 && (
        <TableWrap label={t('Contracten')}>
          <table class="contracts-table">
            <thead>
              <tr>
                <th scope="col">{t('Kenmerk')}</th>
                <th scope="col">{t('Omschrijving')}</th>
                {session.role === 'municipality' ? <th scope="col">{t('Opdrachtnemer')}</th> : null}
                {municipalities.length > 1 ? <th scope="col">{t('Gemeente')}</th> : null}
                <th scope="col">{t('Status')}</th>
                <th scope="col" class="num">{t('Verplichting')}</th>
                <th scope="col" class="num">{t('Dekking')}</th>
                <th scope="col">{t('Eerstvolgende termijn')}</th>
                <th scope="col">{t('Signaleringen')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((c) => (
                <tr key={c.id}>
                  <th scope="row" class="nowrap">
                    <Link href={`/contracten/${encodeURIComponent(c.id)}`}>{c.reference}</Link>
                  </th>
                  <td>{c.title}</td>
                  {session.role === 'municipality' ? (
                    <td>
                      {c.contractor_name} <span class="muted">({c.contractor_kvk})</span>
                    </td>
                  ) : null}
                  {municipalities.length > 1 ? <td>{municipalityName(names, c.municipality)}</td> : null}
                  <td>
                    <Badge tone={statusTone(c.status)}>{statusLabel(c.status)}</Badge>
                  </td>
                  <td class="num">{c.obligation.applies ? money(c.obligation.obligation_cents) : <span class="muted">{t('geen verplichting')}</span>}</td>
                  <td class="num">{c.obligation.obligation_cents ? pct(c.realisation.coverage_bp) : '–'}</td>
                  <td>
                    {isActive(c.status) ? date(nextDeadline(c)) : <span class="muted">{t('geen')}</span>}
                    {c.overdue.length > 0 && (
                      <>
                        {' '}
                        <Badge tone="bad">{c.overdue.length === 1 ? t('1 termijn te laat') : t('{n} termijnen te laat', { n: c.overdue.length })}</Badge>
                      </>
                    )}
                  </td>
                  <td>{c.open_flags.length > 0 ? <Badge tone="bad">{t('{n} open', { n: c.open_flags.length })}</Badge> : <span class="muted">{t('geen')}</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </Page>
  );
}
