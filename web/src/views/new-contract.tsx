// The SR office records an awarded contract (POST /contracts), with a live
// preview of the obligation from POST /valuations as it types.
import { useEffect, useState } from 'preact/hooks';
import { contracts as contractsApi, type CreateContractRequest, type Reporting, reference, type ValuationResult } from '../api/client';
import { flash, useApp } from '../app';
import { Alert, ErrorSummary, EuroInput, Field, LiveText, Page, PercentInput, useDebounced, useSubmit } from '../components/ui';
import { municipalityName, useMunicipalities } from '../data';
import { date, money, parseDate, parseEuros, parsePercent, pct, today } from '../format';
import { add, apiErrors, type Errors, need, needDate } from '../forms';
import { t } from '../i18n';
import { reportingLabel, reportings } from '../labels';
import { navigate } from '../router';

interface Draft {
  municipality: string;
  reference: string;
  title: string;
  contractor_kvk: string;
  contractor_name: string;
  value: string;
  percentage: string;
  pso_level: string;
  social_award_criterion: boolean;
  awarded_on: string;
  starts_on: string;
  ends_on: string;
  reporting: string;
}

/** The request of a draft, and the problems the browser can see itself. */
export function toRequest(d: Draft): { req?: CreateContractRequest; errors: Errors } {
  const e: Errors = {};
  const text = (field: 'reference' | 'title' | 'contractor_name', label: string) => {
    if (!d[field].trim()) add(e, field, t('Vul {label} in.', { label }));
  };
  text('reference', t('het kenmerk'));
  text('title', t('de omschrijving'));
  if (!/^\d{8}$/.test(d.contractor_kvk.trim())) add(e, 'contractor_kvk', t('Een KvK-nummer heeft 8 cijfers.'));
  text('contractor_name', t('de naam van de opdrachtnemer'));
  const value = need(e, 'value_cents', parseEuros(d.value));
  const percentage = need(e, 'percentage_bp', parsePercent(d.percentage), true);
  const awarded = needDate(e, 'awarded_on', parseDate(d.awarded_on));
  const starts = needDate(e, 'starts_on', parseDate(d.starts_on));
  const ends = needDate(e, 'ends_on', parseDate(d.ends_on));
  if (starts && ends && ends < starts) add(e, 'ends_on', t('De einddatum ligt vóór de startdatum.'));
  if (awarded && starts && starts < awarded) add(e, 'awarded_on', t('De gunning ligt na de start van het contract.'));
  if (Object.keys(e).length || value === undefined || !awarded || !starts || !ends) return { errors: e };
  const req: CreateContractRequest = {
    reference: d.reference.trim(),
    title: d.title.trim(),
    contractor_kvk: d.contractor_kvk.trim(),
    contractor_name: d.contractor_name.trim(),
    value_cents: value,
    awarded_on: awarded,
    starts_on: starts,
    ends_on: ends,
    pso_level: Number(d.pso_level),
    social_award_criterion: d.social_award_criterion,
  };
  if (d.municipality) req.municipality = d.municipality;
  if (percentage !== undefined) req.percentage_bp = percentage;
  if (d.reporting) req.reporting = d.reporting as Reporting;
  return { req, errors: e };
}

// Valuation fields named as the contract's fields, so their problems show at the same inputs.
const valuationField: Record<string, string> = {
  contract_value_cents: 'value_cents',
  on: 'awarded_on',
  percentage_bp: 'percentage_bp',
  pso_level: 'pso_level',
  municipality: 'municipality',
};

export function NewContractView() {
  const { session } = useApp();
  const names = useMunicipalities();
  const [d, setD] = useState<Draft>({
    municipality: session.orgs[0] ?? '',
    reference: '',
    title: '',
    contractor_kvk: '',
    contractor_name: '',
    value: '',
    percentage: '',
    pso_level: '0',
    social_award_criterion: false,
    awarded_on: date(today()),
    starts_on: '',
    ends_on: '',
    reporting: '',
  });
  const { busy, error, setError, errors, setErrors, send } = useSubmit();
  const [preview, setPreview] = useState<{ result?: ValuationResult; errors: Errors }>({ errors: {} });
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setD((x) => ({ ...x, [k]: v }));

  // The live obligation: the valuation of no items on the award date.
  const inputs = useDebounced(JSON.stringify([d.municipality, d.value, d.percentage, d.pso_level, d.social_award_criterion, d.awarded_on]), 300);
  useEffect(() => {
    const value = parseEuros(d.value);
    const percentage = parsePercent(d.percentage);
    const awardedOn = parseDate(d.awarded_on);
    if (!value.ok || !d.municipality || (!percentage.ok && percentage.problem !== 'empty')) {
      setPreview({ errors: {} });
      return;
    }
    let live = true;
    reference
      .value({
        municipality: d.municipality,
        contract_value_cents: value.value,
        pso_level: Number(d.pso_level),
        social_award_criterion: d.social_award_criterion,
        ...(percentage.ok ? { percentage_bp: percentage.value } : {}),
        ...(awardedOn.ok ? { on: awardedOn.value } : {}),
        items: [],
      })
      .then(
        (result) => live && setPreview({ result, errors: {} }),
        (err: unknown) => {
          if (!live) return;
          const e: Errors = {};
          for (const [f, m] of Object.entries(apiErrors(err))) for (const x of m) add(e, valuationField[f] ?? '', x);
          setPreview({ errors: e });
        },
      );
    return () => {
      live = false;
    };
  }, [inputs]);

  if (session.role !== 'municipality') {
    return (
      <Page title={t('Contract vastleggen')}>
        <Alert kind="warning">
          <p>{t('Alleen een SR-bureau legt contracten vast.')}</p>
        </Alert>
      </Page>
    );
  }

  const policy = names.get(d.municipality);
  const submit = async (e: Event) => {
    e.preventDefault();
    const { req, errors: errs } = toRequest(d);
    setError(undefined);
    setErrors(errs);
    if (!req) return;
    await send(async () => {
      const c = await contractsApi.create(req);
      flash(t('Contract {reference} is vastgelegd.', { reference: c.reference }));
      navigate(`/contracten/${encodeURIComponent(c.id)}`);
    });
  };
  const shown: Errors = { ...preview.errors, ...errors };
  const labels: Record<string, string> = {
    municipality: t('Gemeente'),
    reference: t('Kenmerk'),
    title: t('Omschrijving'),
    contractor_kvk: t('KvK-nummer opdrachtnemer'),
    contractor_name: t('Naam opdrachtnemer'),
    value_cents: t('Opdrachtwaarde'),
    percentage_bp: t('Percentage social return'),
    pso_level: t('PSO-trede'),
    awarded_on: t('Datum gunning'),
    starts_on: t('Startdatum'),
    ends_on: t('Einddatum'),
    reporting: t('Rapportage'),
  };
  const r = preview.result;
  return (
    <Page title={t('Contract vastleggen')} back={{ href: '/contracten', label: t('Terug naar contracten') }}>
      <div class="with-aside">
        <form onSubmit={submit} noValidate>
          <ErrorSummary errors={errors} error={error} labels={labels} />
          {session.orgs.length > 1 ? (
            <Field field="municipality" label={labels.municipality} errors={shown}>
              {(p) => (
                <select {...p} class="select" value={d.municipality} onChange={(e) => set('municipality', e.currentTarget.value)}>
                  {session.orgs.map((m) => (
                    <option key={m} value={m}>
                      {municipalityName(names, m)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          ) : (
            <p>
              {t('Gemeente')}: <strong>{municipalityName(names, d.municipality)}</strong>
            </p>
          )}
          <Field field="reference" label={labels.reference} hint={t('Uw kenmerk van de opdracht; uniek binnen de gemeente.')} errors={shown}>
            {(p) => <input {...p} class="input" type="text" maxLength={100} value={d.reference} onInput={(e) => set('reference', e.currentTarget.value)} />}
          </Field>
          <Field field="title" label={labels.title} errors={shown}>
            {(p) => <input {...p} class="input" type="text" maxLength={300} value={d.title} onInput={(e) => set('title', e.currentTarget.value)} />}
          </Field>
          <div class="row">
            <Field field="contractor_kvk" label={labels.contractor_kvk} hint={t('8 cijfers')} errors={shown}>
              {(p) => <input {...p} class="input input-short" type="text" inputMode="numeric" autoComplete="off" maxLength={8} value={d.contractor_kvk} onInput={(e) => set('contractor_kvk', e.currentTarget.value)} />}
            </Field>
            <Field field="contractor_name" label={labels.contractor_name} errors={shown}>
              {(p) => <input {...p} class="input" type="text" autoComplete="organization" value={d.contractor_name} onInput={(e) => set('contractor_name', e.currentTarget.value)} />}
            </Field>
          </div>
          <div class="row">
            <Field field="value_cents" label={labels.value_cents} hint={t('In euro’s, exclusief btw, bijvoorbeeld 500.000 of 1.234,56')} errors={shown}>
              {(p) => <EuroInput p={p} value={d.value} onInput={(v) => set('value', v)} />}
            </Field>
            <Field
              field="percentage_bp"
              label={labels.percentage_bp}
              optional
              hint={policy ? t('Standaard {pct}; toegestaan {min} tot {max}', { pct: pct(policy.default_percentage_bp), min: pct(policy.percentage_range_bp.min), max: pct(policy.percentage_range_bp.max) }) : undefined}
              errors={shown}
            >
              {(p) => <PercentInput p={p} value={d.percentage} onInput={(v) => set('percentage', v)} />}
            </Field>
          </div>
          <div class="row">
            <Field field="pso_level" label={labels.pso_level} hint={t('Prestatieladder Socialer Ondernemen; alleen van belang waar de gemeente korting geeft')} errors={shown}>
              {(p) => (
                <select {...p} class="select" value={d.pso_level} onChange={(e) => set('pso_level', e.currentTarget.value)}>
                  <option value="0">{t('Geen')}</option>
                  <option value="1">{t('Trede {n}', { n: 1 })}</option>
                  <option value="2">{t('Trede {n}', { n: 2 })}</option>
                  <option value="3">{t('Trede {n}', { n: 3 })}</option>
                </select>
              )}
            </Field>
            <div class="field checkbox-field">
              <label class="checkbox">
                <input type="checkbox" id="f-social_award_criterion" checked={d.social_award_criterion} onChange={(e) => set('social_award_criterion', e.currentTarget.checked)} />
                {t('Social return was een gunningscriterium')}
              </label>
            </div>
          </div>
          <div class="row">
            <Field field="awarded_on" label={labels.awarded_on} hint={t('dd-mm-jjjj')} errors={shown}>
              {(p) => <input {...p} class="input input-date" type="text" inputMode="numeric" autoComplete="off" value={d.awarded_on} onInput={(e) => set('awarded_on', e.currentTarget.value)} />}
            </Field>
            <Field field="starts_on" label={labels.starts_on} hint={t('dd-mm-jjjj')} errors={shown}>
              {(p) => <input {...p} class="input input-date" type="text" inputMode="numeric" autoComplete="off" value={d.starts_on} onInput={(e) => set('starts_on', e.currentTarget.value)} />}
            </Field>
            <Field field="ends_on" label={labels.ends_on} hint={t('dd-mm-jjjj')} errors={shown}>
              {(p) => <input {...p} class="input input-date" type="text" inputMode="numeric" autoComplete="off" value={d.ends_on} onInput={(e) => set('ends_on', e.currentTarget.value)} />}
            </Field>
          </div>
          <Field field="reporting" label={labels.reporting} errors={shown}>
            {(p) => (
              <select {...p} class="select" value={d.reporting} onChange={(e) => set('reporting', e.currentTarget.value)}>
                <option value="">{policy ? t('Volgens beleid: {label}', { label: reportingLabel(policy.reporting).toLowerCase() }) : t('Volgens beleid')}</option>
                {reportings.map((x) => (
                  <option key={x} value={x}>
                    {reportingLabel(x)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <button type="submit" class="button" disabled={busy}>
            {t('Contract vastleggen')}
          </button>
        </form>
        <aside class="preview" aria-labelledby="preview-title">
          <h2 id="preview-title">{t('Verplichting')}</h2>
          <LiveText>
            {!r ? (
              <p class="muted">{t('Vul de opdrachtwaarde in om de verplichting te zien.')}</p>
            ) : r.applies ? (
              <>
                <p class="big-figure" data-testid="obligation">
                  {money(r.obligation_cents)}
                </p>
                <p>
                  {t('{pct} van {value}', { pct: pct(r.percentage_bp), value: money(r.contract_value_cents) })}
                  {r.pso_discount_bp > 0 && `, ${t('min {pct} PSO-korting', { pct: pct(r.pso_discount_bp) })}`}
                </p>
                <p class="muted">{t('Bouwblokkentabel versie {v}', { v: r.catalog_version })}</p>
              </>
            ) : (
              <>
                <p class="big-figure">{money(0)}</p>
                <p>{t('Geen verplichting: de opdrachtwaarde ligt onder de drempel van {amount}.', { amount: money(r.threshold_cents) })}</p>
                {r.small_contract && (
                  <p class="muted" lang="en">
                    {r.small_contract}
                  </p>
                )}
              </>
            )}
          </LiveText>
        </aside>
      </div>
    </Page>
  );
}
