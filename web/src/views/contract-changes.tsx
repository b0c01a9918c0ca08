// What the SR office changes on a contract after the award, each in writing:
// new agreements (value, percentage, PSO level, dates, reporting), an early
// end, or a cancellation. Each asks a reason and a confirmation in a dialog
// that says what will change, because the contractor is told by e-mail and
// the obligation, deadlines and flags follow.
import { useEffect, useRef, useState } from 'preact/hooks';
import { type AmendmentRequest, type Contract, contracts as contractsApi, type Reporting, reference, type ValuationResult } from '../api/client';
import { ConfirmDialog } from '../components/dialog';
import { ErrorSummary, EuroInput, Field, FieldErrors, LiveText, PercentInput, useDebounced, useSubmit } from '../components/ui';
import { centsToInput, date, decimalToInput, money, parseDate, parseEuros, parsePercent, pct } from '../format';
import { add, type Errors, fieldId, need, needDate } from '../forms';
import { t } from '../i18n';
import { reportingLabel, reportings } from '../labels';
import { dueAfter } from '../periods';

export type ChangeMode = 'amend' | 'end';

export interface AmendDraft {
  value: string;
  percentage: string;
  pso_level: string;
  social_award_criterion: boolean;
  starts_on: string;
  ends_on: string;
  reporting: string;
  reason: string;
}

/** One term that changes, in words. */
export interface Change {
  field: string;
  label: string;
  from: string;
  to: string;
}

/** The form's start: the contract's terms as they are (an early end starts with no date). */
export function amendDraft(c: Contract, mode: ChangeMode): AmendDraft {
  return {
    value: centsToInput(c.value_cents),
    percentage: decimalToInput(c.percentage_bp / 100),
    pso_level: String(c.pso_level),
    social_award_criterion: c.social_award_criterion,
    starts_on: date(c.starts_on),
    ends_on: mode === 'end' ? '' : date(c.ends_on),
    reporting: c.reporting,
    reason: '',
  };
}

export function termLabels(): Record<string, string> {
  return {
    value_cents: t('Opdrachtwaarde'),
    percentage_bp: t('Percentage social return'),
    pso_level: t('PSO-trede'),
    social_award_criterion: t('Social return als gunningscriterium'),
    starts_on: t('Startdatum'),
    ends_on: t('Einddatum'),
    reporting: t('Rapportage'),
    obligation_cents: t('Verplichting'),
    reason: t('Reden (schriftelijk)'),
    amendment: t('Afspraken'),
    awarded_on: t('Datum gunning'),
  };
}

/** A term's value in words, as the history and the confirmation show it. */
export function termText(field: string, v: unknown): string {
  if (v == null) return '–';
  if (field.endsWith('_cents') && typeof v === 'number') return money(v);
  if (field === 'percentage_bp' && typeof v === 'number') return pct(v);
  if (field === 'pso_level') return Number(v) > 0 ? t('Trede {n}', { n: Number(v) }) : t('Geen');
  if (field === 'social_award_criterion') return v === true ? t('ja') : t('nee');
  if (field === 'reporting' && typeof v === 'string') return reportingLabel(v);
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return date(v);
  return String(v);
}

/**
 * The request of a draft: only the terms that differ from the contract's,
 * the changes in words, and the problems the browser sees itself.
 */
export function toAmendment(c: Contract, d: AmendDraft, mode: ChangeMode): { req?: AmendmentRequest; changes: Change[]; errors: Errors } {
  const e: Errors = {};
  const req: Omit<AmendmentRequest, 'reason'> = {};
  const changes: Change[] = [];
  const labels = termLabels();
  const change = <K extends keyof typeof req>(field: K, from: AmendmentRequest[K], to: AmendmentRequest[K] | undefined) => {
    if (to === undefined || to === from) return;
    req[field] = to;
    changes.push({ field, label: labels[field] ?? field, from: termText(field, from), to: termText(field, to) });
  };
  change('value_cents', c.value_cents, need(e, 'value_cents', parseEuros(d.value)));
  let starts = c.starts_on;
  if (mode === 'amend') {
    change('percentage_bp', c.percentage_bp, need(e, 'percentage_bp', parsePercent(d.percentage)));
    change('pso_level', c.pso_level, Number(d.pso_level));
    change('social_award_criterion', c.social_award_criterion, d.social_award_criterion);
    const s = needDate(e, 'starts_on', parseDate(d.starts_on));
    if (s) starts = s;
    change('starts_on', c.starts_on, s);
    change('reporting', c.reporting, d.reporting as Reporting);
  }
  const ends = needDate(e, 'ends_on', parseDate(d.ends_on));
  if (ends && mode === 'end' && ends >= c.ends_on) add(e, 'ends_on', t('Kies een datum vóór de huidige einddatum ({date}).', { date: date(c.ends_on) }));
  else if (ends && ends < starts) add(e, 'ends_on', t('De einddatum ligt vóór de startdatum.'));
  else change('ends_on', c.ends_on, ends);
  if (!d.reason.trim()) add(e, 'reason', t('Vul de reden in; nieuwe afspraken worden schriftelijk vastgelegd.'));
  if (Object.keys(e).length === 0 && changes.length === 0) add(e, 'amendment', t('Wijzig ten minste één afspraak.'));
  if (Object.keys(e).length) return { changes, errors: e };
  return { req: { ...req, reason: d.reason.trim() }, changes, errors: e };
}

/** The obligation under the terms typed so far (POST /valuations), for the preview. */
function useNewObligation(c: Contract, d: AmendDraft): ValuationResult | undefined {
  const [result, setResult] = useState<ValuationResult>();
  const key = useDebounced(JSON.stringify([d.value, d.percentage, d.pso_level, d.social_award_criterion]), 300);
  useEffect(() => {
    const value = parseEuros(d.value);
    const percentage = parsePercent(d.percentage);
    if (!value.ok || !percentage.ok) {
      setResult(undefined);
      return;
    }
    let live = true;
    reference
      .value({
        municipality: c.municipality,
        contract_value_cents: value.value,
        percentage_bp: percentage.value,
        pso_level: Number(d.pso_level),
        social_award_criterion: d.social_award_criterion,
        on: c.awarded_on,
        items: [],
      })
      .then(
        (r) => live && setResult(r),
        // The form's own check and the API's answer on submit name the problem.
        () => live && setResult(undefined),
      );
    return () => {
      live = false;
    };
  }, [key]);
  return result;
}

export function AmendmentForm({ c, mode, onDone, onClose, onStale }: { c: Contract; mode: ChangeMode; onDone: (next: Contract, message: string) => void; onClose: () => void; onStale: () => void }) {
  const [d, setD] = useState<AmendDraft>(() => amendDraft(c, mode));
  const { busy, error, setError, errors, setErrors, send: post } = useSubmit(onStale);
  const [confirming, setConfirming] = useState<{ req: AmendmentRequest; changes: Change[] } | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const set = <K extends keyof AmendDraft>(k: K, v: AmendDraft[K]) => setD((x) => ({ ...x, [k]: v }));
  const preview = useNewObligation(c, d);
  const labels = termLabels();
  const title = mode === 'end' ? t('Eerder beëindigen') : t('Afspraken wijzigen');
  const id = `amend-${mode}`;

  const check = (e: Event) => {
    e.preventDefault();
    setError(undefined);
    const { req, changes, errors: errs } = toAmendment(c, d, mode);
    setErrors(errs);
    if (req) setConfirming({ req, changes });
  };
  const send = async () => {
    if (!confirming) return;
    const { req } = confirming;
    setConfirming(null);
    await post(async () => {
      const next = await contractsApi.amend(c.id, c.version, req);
      onDone(
        next,
        mode === 'end'
          ? t('Het contract eindigt nu op {date}. De verplichting is {amount}.', { date: date(next.ends_on), amount: money(next.obligation.obligation_cents) })
          : t('De afspraken zijn gewijzigd. De verplichting is nu {amount}.', { amount: money(next.obligation.obligation_cents) }),
      );
    });
  };
  const ends = parseDate(d.ends_on);
  const newObligation = preview && preview.obligation_cents !== c.obligation.obligation_cents ? preview : undefined;
  return (
    <form class="decision" onSubmit={check} noValidate aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} tabIndex={-1} ref={heading}>
        {title}
      </h3>
      <p>
        {mode === 'end'
          ? t('Het contract eindigt eerder dan afgesproken. De verplichting, de rapportageperiodes en de termijnen volgen de nieuwe einddatum; de opdrachtnemer krijgt bericht.')
          : t('Leg nieuwe afspraken vast. De verplichting, de dekking van het plan, de rapportageperiodes en de termijnen volgen; de opdrachtnemer krijgt bericht.')}
      </p>
      <ErrorSummary errors={errors} error={error} labels={labels} />
      <fieldset class={`field terms${errors.amendment ? ' field-error' : ''}`} id={fieldId('amendment')} tabIndex={-1} aria-describedby={errors.amendment ? `${fieldId('amendment')}-error` : undefined}>
        <legend>{mode === 'end' ? t('Het eerdere einde') : t('Nieuwe afspraken')}</legend>
        {errors.amendment && <FieldErrors id={`${fieldId('amendment')}-error`} messages={errors.amendment} />}
        <div class="row">
          <Field field="value_cents" label={labels.value_cents} hint={mode === 'end' ? t('Pas aan als de opdracht door het eerdere einde minder waard wordt.') : t('In euro’s, exclusief btw')} errors={errors}>
            {(p) => <EuroInput p={p} value={d.value} onInput={(v) => set('value', v)} />}
          </Field>
          {mode === 'amend' && (
            <Field field="percentage_bp" label={labels.percentage_bp} errors={errors}>
              {(p) => <PercentInput p={p} value={d.percentage} onInput={(v) => set('percentage', v)} />}
            </Field>
          )}
        </div>
        {mode === 'amend' && (
          <div class="row">
            <Field field="pso_level" label={labels.pso_level} errors={errors}>
              {(p) => (
                <select {...p} class="select" value={d.pso_level} onChange={(e) => set('pso_level', e.currentTarget.value)}>
                  <option value="0">{t('Geen')}</option>
                  {[1, 2, 3].map((n) => (
                    <option key={n} value={String(n)}>
                      {t('Trede {n}', { n })}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <div class="field checkbox-field">
              <label class="checkbox">
                <input type="checkbox" id={fieldId('social_award_criterion')} checked={d.social_award_criterion} onChange={(e) => set('social_award_criterion', e.currentTarget.checked)} />
                {t('Social return was een gunningscriterium')}
              </label>
            </div>
          </div>
        )}
        <div class="row">
          {mode === 'amend' && (
            <Field field="starts_on" label={labels.starts_on} hint={t('dd-mm-jjjj')} errors={errors}>
              {(p) => <input {...p} class="input input-date" type="text" inputMode="numeric" autoComplete="off" value={d.starts_on} onInput={(e) => set('starts_on', e.currentTarget.value)} />}
            </Field>
          )}
          <Field field="ends_on" label={mode === 'end' ? t('Nieuwe einddatum') : labels.ends_on} hint={mode === 'end' ? t('dd-mm-jjjj, vóór {date}', { date: date(c.ends_on) }) : t('dd-mm-jjjj')} errors={errors}>
            {(p) => <input {...p} class="input input-date" type="text" inputMode="numeric" autoComplete="off" value={d.ends_on} onInput={(e) => set('ends_on', e.currentTarget.value)} />}
          </Field>
        </div>
        {mode === 'amend' && (
          <Field field="reporting" label={labels.reporting} errors={errors}>
            {(p) => (
              <select {...p} class="select" value={d.reporting} onChange={(e) => set('reporting', e.currentTarget.value)}>
                {reportings.map((x) => (
                  <option key={x} value={x}>
                    {reportingLabel(x)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
      </fieldset>
      <LiveText class="preview-inline">
        {newObligation && (
          <p data-testid="new-obligation">
            {newObligation.applies
              ? t('Verplichting met deze afspraken: {amount} (nu {now}).', { amount: money(newObligation.obligation_cents), now: money(c.obligation.obligation_cents) })
              : t('Met deze afspraken geldt geen verplichting meer: de opdrachtwaarde ligt onder de drempel van {amount}.', { amount: money(newObligation.threshold_cents) })}
          </p>
        )}
        {mode === 'end' && ends.ok && ends.value < c.ends_on && <p>{t('De eindrapportage is dan uiterlijk {date} verschuldigd.', { date: date(dueAfter(ends.value)) })}</p>}
      </LiveText>
      <Field field="reason" label={labels.reason} hint={t('Bijvoorbeeld de brief of het besluit waarin het is afgesproken. Komt in de geschiedenis van het contract en in het bericht aan de opdrachtnemer.')} errors={errors}>
        {(p) => <textarea {...p} class="textarea" rows={3} maxLength={2000} value={d.reason} onInput={(e) => set('reason', e.currentTarget.value)} />}
      </Field>
      <div class="buttons">
        <button type="submit" class="button" disabled={busy}>
          {t('Wijziging controleren')}
        </button>
        <button type="button" class="button secondary" onClick={onClose}>
          {t('Annuleren')}
        </button>
      </div>
      <ConfirmDialog
        id={`${id}-confirm`}
        open={confirming != null}
        title={mode === 'end' ? t('Contract {reference} eerder beëindigen?', { reference: c.reference }) : t('Afspraken van {reference} wijzigen?', { reference: c.reference })}
        confirm={mode === 'end' ? t('Ja, eerder beëindigen') : t('Ja, afspraken wijzigen')}
        back={t('Nee, terug')}
        onConfirm={send}
        onClose={() => setConfirming(null)}
      >
        <ul class="changes">
          {confirming?.changes.map((x) => (
            <li key={x.field}>
              {x.label}: {x.from} → <strong>{x.to}</strong>
            </li>
          ))}
          {newObligation?.applies && (
            <li>
              {t('Verplichting')}: {money(c.obligation.obligation_cents)} → <strong>{money(newObligation.obligation_cents)}</strong>
            </li>
          )}
        </ul>
        <p>
          {t('Reden')}: {d.reason.trim()}
        </p>
        <p>{t('De opdrachtnemer krijgt hiervan bericht.')}</p>
      </ConfirmDialog>
    </form>
  );
}

export function CancellationForm({ c, onDone, onClose, onStale }: { c: Contract; onDone: (next: Contract, message: string) => void; onClose: () => void; onStale: () => void }) {
  const [reason, setReason] = useState('');
  const { busy, error, setError, errors, setErrors, send: post } = useSubmit(onStale);
  const [confirming, setConfirming] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const labels = { reason: t('Reden (schriftelijk)') };
  const check = (e: Event) => {
    e.preventDefault();
    setError(undefined);
    const errs: Errors = {};
    if (!reason.trim()) add(errs, 'reason', t('Vul de reden in; een annulering wordt schriftelijk vastgelegd.'));
    setErrors(errs);
    if (!Object.keys(errs).length) setConfirming(true);
  };
  const send = async () => {
    setConfirming(false);
    await post(async () => {
      const next = await contractsApi.cancel(c.id, c.version, { reason: reason.trim() });
      onDone(next, t('De opdracht is geannuleerd.'));
    });
  };
  return (
    <form class="decision decision-danger" onSubmit={check} noValidate aria-labelledby="cancel-title">
      <h3 id="cancel-title" tabIndex={-1} ref={heading}>
        {t('Opdracht annuleren')}
      </h3>
      <p>{t('Na annuleren wordt er niets meer gevraagd van de opdrachtnemer: geen aanmelding, plan of rapportages. Open signaleringen vervallen. Dit kan niet ongedaan worden gemaakt.')}</p>
      <ErrorSummary errors={errors} error={error} labels={labels} />
      <Field field="reason" label={labels.reason} hint={t('Komt in de geschiedenis van het contract en in het bericht aan de opdrachtnemer.')} errors={errors}>
        {(p) => <textarea {...p} class="textarea" rows={3} maxLength={2000} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />}
      </Field>
      <div class="buttons">
        <button type="submit" class="button warning" disabled={busy}>
          {t('Opdracht annuleren')}
        </button>
        <button type="button" class="button secondary" onClick={onClose}>
          {t('Terug')}
        </button>
      </div>
      <ConfirmDialog
        id="cancel-confirm"
        open={confirming}
        danger
        title={t('Opdracht {reference} annuleren?', { reference: c.reference })}
        confirm={t('Ja, opdracht annuleren')}
        back={t('Nee, terug')}
        onConfirm={send}
        onClose={() => setConfirming(false)}
      >
        <p>{t('{contractor} hoeft daarna niets meer aan te leveren en krijgt hiervan bericht. Dit kan niet ongedaan worden gemaakt.', { contractor: c.contractor_name })}</p>
        <p>
          {t('Reden')}: {reason.trim()}
        </p>
      </ConfirmDialog>
    </form>
  );
}

/** The office's buttons to change or cancel a contract, and the form of the one chosen. */
export function ContractChanges({ c, onDone, onStale }: { c: Contract; onDone: (next: Contract, message: string) => void; onStale: () => void }) {
  const [open, setOpen] = useState<ChangeMode | 'cancel' | null>(null);
  const buttons = useRef<Record<string, HTMLButtonElement | null>>({});
  if (c.status === 'closed' || c.status === 'cancelled') return null;
  const close = () => {
    const which = open;
    setOpen(null);
    if (which) buttons.current[which]?.focus();
  };
  const done = (next: Contract, message: string) => {
    setOpen(null);
    onDone(next, message);
  };
  const button = (which: ChangeMode | 'cancel', label: string, cls: string) => (
    <button
      type="button"
      class={cls}
      aria-expanded={open === which ? 'true' : 'false'}
      ref={(el) => {
        buttons.current[which] = el;
      }}
      onClick={() => setOpen(open === which ? null : which)}
    >
      {label}
    </button>
  );
  return (
    <div class="contract-changes">
      <div class="buttons">
        {button('amend', t('Afspraken wijzigen'), 'button secondary')}
        {button('end', t('Eerder beëindigen'), 'button secondary')}
        {button('cancel', t('Opdracht annuleren'), 'button secondary danger')}
      </div>
      {open === 'amend' || open === 'end' ? <AmendmentForm key={open} c={c} mode={open} onDone={done} onClose={close} onStale={onStale} /> : null}
      {open === 'cancel' && <CancellationForm c={c} onDone={done} onClose={close} onStale={onStale} />}
    </div>
  );
}
