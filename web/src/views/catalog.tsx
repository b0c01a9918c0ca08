// The building blocks (bouwblokken) of each municipality, with its policy.
import { type Municipality, reference } from '../api/client';
import { useApp } from '../app';
import { Badge, LoadError, Loading, Page, TableWrap, useResource } from '../components/ui';
import { blockName, loadMunicipalities } from '../data';
import { date, money, pct } from '../format';
import { t } from '../i18n';
import { blockKindLabel, bonusLabel, reportingLabel } from '../labels';
import { navigate } from '../router';

export function CatalogView({ municipality }: { municipality?: string }) {
  const { session } = useApp();
  const ms = useResource(loadMunicipalities, []);
  const title = t('Bouwblokken');
  if (ms.error && !ms.data) return <Page title={title}><LoadError error={ms.error} retry={ms.reload} /></Page>;
  if (!ms.data) return <Page title={title}><Loading /></Page>;
  const mine = session.role === 'municipality' ? ms.data.filter((m) => session.orgs.includes(m.id)) : ms.data;
  const id = municipality ?? mine[0]?.id ?? '';
  const m = ms.data.find((x) => x.id === id);
  return (
    <Page title={m ? t('Bouwblokken van {name}', { name: m.name }) : title}>
      <p>{t('De bouwblokken geven elke manier om de verplichting in te vullen een waarde. De tabel die geldt op de datum van gunning bepaalt de waarde van een plan.')}</p>
      <div class="field">
        <label for="f-municipality">{t('Gemeente')}</label>
        <select id="f-municipality" class="select" value={id} onChange={(e) => navigate(`/catalogus/${encodeURIComponent(e.currentTarget.value)}`, { replace: true })}>
          {(session.role === 'municipality' ? mine : ms.data).map((x) => (
            <option key={x.id} value={x.id}>
              {x.name}
            </option>
          ))}
        </select>
      </div>
      {m ? <Policy m={m} /> : <p>{t('Onbekende gemeente.')}</p>}
    </Page>
  );
}

function Policy({ m }: { m: Municipality }) {
  const cat = useResource(() => reference.catalog(m.id), [m.id]);
  return (
    <>
      <h2>{t('Beleid')}</h2>
      <dl class="facts">
        <div>
          <dt>{t('SR-bureau')}</dt>
          <dd lang="en">{m.sr_office}</dd>
        </div>
        <div>
          <dt>{t('Percentage')}</dt>
          <dd>
            {pct(m.default_percentage_bp)} ({t('toegestaan {min} tot {max}', { min: pct(m.percentage_range_bp.min), max: pct(m.percentage_range_bp.max) })})
          </dd>
        </div>
        <div>
          <dt>{t('Drempel')}</dt>
          <dd>{m.threshold_cents == null ? t('geen: elke opdracht') : money(m.threshold_cents)}</dd>
        </div>
        <div>
          <dt>{t('Aanmelden binnen')}</dt>
          <dd>{t('{n} dagen na gunning', { n: m.registration_days })}</dd>
        </div>
        <div>
          <dt>{t('Plan goedgekeurd binnen')}</dt>
          <dd>{t('{n} dagen na gunning (verlengbaar tot {max})', { n: m.plan_approval_days, max: m.plan_extension_max_days })}</dd>
        </div>
        <div>
          <dt>{t('Rapportage')}</dt>
          <dd>{reportingLabel(m.reporting)}</dd>
        </div>
      </dl>
      {cat.error && !cat.data ? (
        <LoadError error={cat.error} retry={cat.reload} />
      ) : !cat.data ? (
        <Loading />
      ) : (
        <>
          <h2>{t('Tabel versie {v}', { v: cat.data.version })}</h2>
          <p>
            {t('Geldig vanaf {date}', { date: date(cat.data.valid_from) })}
            {cat.data.valid_until && ` ${t('tot en met {date}', { date: date(cat.data.valid_until) })}`} · {t('voltijd is {n} uur per week', { n: cat.data.full_time_hours })}
          </p>
          <TableWrap label={t('Bouwblokken')}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('Bouwblok')}</th>
                  <th scope="col">{t('Soort')}</th>
                  <th scope="col" class="num">{t('Waarde')}</th>
                  <th scope="col">{t('Bonussen')}</th>
                </tr>
              </thead>
              <tbody>
                {cat.data.blocks.map((b) => (
                  <tr key={b.code}>
                    <th scope="row">
                      {blockName(b, b.code)}
                      {b.note && (
                        <span class="muted small" lang="en">
                          {' '}
                          · {b.note}
                        </span>
                      )}
                    </th>
                    <td>
                      <Badge>{blockKindLabel(b.kind)}</Badge>
                    </td>
                    <td class="num">
                      {b.value_cents != null && t('{amount} per voltijd-jaar', { amount: money(b.value_cents) })}
                      {b.hourly_cents != null && t('{amount} per uur', { amount: money(b.hourly_cents) })}
                      {b.max_months != null && (
                        <span class="muted small">
                          <br />
                          {t('tot {n} maanden', { n: b.max_months })}
                        </span>
                      )}
                      {b.per_weeks && (
                        <span class="muted small">
                          <br />
                          {t('naar rato van weken per jaar')}
                        </span>
                      )}
                      {b.value_cents == null && b.hourly_cents == null && <span class="muted">{t('naar bedrag')}</span>}
                      {b.max_per_day_cents != null && (
                        <span class="muted small">
                          <br />
                          {t('hoogstens {amount} per dag', { amount: money(b.max_per_day_cents) })}
                        </span>
                      )}
                    </td>
                    <td>{b.bonuses?.length ? b.bonuses.map((x) => `${bonusLabel(x.code)} (+${money(x.value_cents)})`).join(', ') : '–'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          <details>
            <summary>{t('Bronnen')}</summary>
            <ul lang="en">
              {cat.data.sources.map((s, i) => (
                <li key={i}>{s}</li>
              ))}
            </ul>
          </details>
        </>
      )}
    </>
  );
}
