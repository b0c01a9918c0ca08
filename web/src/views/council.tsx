// The council report: a municipality's social return in a year, its
// figures and the realisation by route, to read here and to download as
// PDF (with charts) or CSV for the council.
import { type CouncilReport, councilReports } from '../api/client';
import { useApp } from '../app';
import { Bars } from '../components/chart';
import { DownloadButton } from '../components/download';
import { LoadError, Loading, Page, TableWrap, useResource } from '../components/ui';
import { municipalityName, useMunicipalities } from '../data';
import { money, pct } from '../format';
import { t } from '../i18n';
import { Link, setQuery, useLocation } from '../router';

export function CouncilView() {
  const { session } = useApp();
  const names = useMunicipalities();
  const loc = useLocation();
  const thisYear = new Date().getFullYear();
  const years = Array.from({ length: 6 }, (_, i) => thisYear - i);
  const municipality = session.orgs.includes(loc.query.get('gemeente') ?? '') ? (loc.query.get('gemeente') as string) : (session.orgs[0] as string);
  const year = years.includes(Number(loc.query.get('jaar'))) ? Number(loc.query.get('jaar')) : thisYear;
  const data = useResource(() => councilReports.get(municipality, year), [municipality, year]);
  const set = (k: string, v: string) => {
    const p = new URLSearchParams(loc.query);
    p.set(k, v);
    setQuery(p);
  };
  const file = `verantwoording-social-return-${municipality}-${year}`;
  const path = `/council-reports/${encodeURIComponent(municipality)}/${year}`;
  return (
    <Page title={t('Verantwoording social return')} lead={<p>{t('De social return van een jaar voor de gemeenteraad: de contracten die dat jaar liepen, hun verplichting en wat er is gerealiseerd.')}</p>}>
      <form class="filters" aria-label={t('Gemeente en jaar')} onSubmit={(e) => e.preventDefault()}>
        {session.orgs.length > 1 && (
          <div class="field">
            <label for="f-gemeente">{t('Gemeente')}</label>
            <select id="f-gemeente" class="select" value={municipality} onChange={(e) => set('gemeente', e.currentTarget.value)}>
              {session.orgs.map((m) => (
                <option key={m} value={m}>
                  {municipalityName(names, m)}
                </option>
              ))}
            </select>
          </div>
        )}
        <div class="field">
          <label for="f-jaar">{t('Jaar')}</label>
          <select id="f-jaar" class="select" value={String(year)} onChange={(e) => set('jaar', e.currentTarget.value)}>
            {years.map((y) => (
              <option key={y} value={String(y)}>
                {y}
              </option>
            ))}
          </select>
        </div>
      </form>
      <div class="buttons">
        <DownloadButton path={path} accept="application/pdf" filename={`${file}.pdf`} label={t('Downloaden als pdf')} />
        <DownloadButton path={path} accept="text/csv" filename={`${file}.csv`} label={t('Downloaden als CSV (Excel)')} />
      </div>
      {data.error !== undefined && !data.data ? (
        <LoadError error={data.error} retry={data.reload} />
      ) : !data.data ? (
        <Loading />
      ) : (
        <Report report={data.data} />
      )}
    </Page>
  );
}

function Report({ report: r }: { report: CouncilReport }) {
  const max = Math.max(1, ...r.routes.map((x) => x.value_cents));
  return (
    <>
      <h2>{t('Kerncijfers {year}', { year: r.year })}</h2>
      <dl class="summary">
        <div>
          <dt>{t('Contracten met verplichting')}</dt>
          <dd>{r.contracts_with_obligation}</dd>
        </div>
        <div>
          <dt>{t('Verplichting')}</dt>
          <dd>{money(r.obligation_cents)}</dd>
        </div>
        <div>
          <dt>{t('Gerealiseerd')}</dt>
          <dd>
            {money(r.realised_cents)} ({pct(r.coverage_bp)})
          </dd>
        </div>
        <div>
          <dt>{t('Mensen bereikt')}</dt>
          <dd>{r.people_reached}</dd>
        </div>
        <div>
          <dt>{t('Duurzame banen')}</dt>
          <dd>{r.durable_jobs}</dd>
        </div>
        <div>
          <dt>{t('Boetes opgelegd')}</dt>
          <dd>
            {r.fines.imposed} ({money(r.fines.imposed_cents)})
          </dd>
        </div>
      </dl>
      <Bars
        id="routes"
        caption={t('Gerealiseerd per route, in de volgorde van voorkeur')}
        max={max}
        rows={r.routes.map((x, i) => ({ label: `${i + 1}. ${x.name}`, segments: [{ value: x.value_cents, tone: 'accepted' }], text: money(x.value_cents) }))}
      />
      <h2>{t('Contracten')}</h2>
      {r.contracts.length === 0 ? (
        <p>{t('Er liepen dit jaar geen contracten met een social return-verplichting.')}</p>
      ) : (
        <TableWrap label={t('Contracten')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('Kenmerk')}</th>
                <th scope="col">{t('Opdrachtnemer')}</th>
                <th scope="col" class="num">
                  {t('Verplichting')}
                </th>
                <th scope="col" class="num">
                  {t('Gerealiseerd')}
                </th>
                <th scope="col" class="num">
                  {t('Dekking')}
                </th>
              </tr>
            </thead>
            <tbody>
              {r.contracts.map((c) => (
                <tr key={c.contract_id}>
                  <th scope="row">
                    <Link href={`/contracten/${encodeURIComponent(c.contract_id)}`}>{c.reference}</Link>
                  </th>
                  <td>{c.contractor_name}</td>
                  <td class="num">{money(c.obligation_cents)}</td>
                  <td class="num">{money(c.realised_cents)}</td>
                  <td class="num">{pct(c.coverage_bp)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </>
  );
}
