// The contract page's plan: the plan in force and, after an approval, an
// amendment the contractor proposed (a candidate drops out, say), which
// leaves the approved plan in force until the office approves it; the
// office's decision and its written extension of the plan deadline.
import { useState } from 'preact/hooks';
import { type Catalog, type Contract, contracts as contractsApi, type PlanSummary } from '../api/client';
import { useApp } from '../app';
import { Lines } from '../components/lines';
import { Badge, ErrorSummary, Field, LoadError, Loading, Section, useResource, useSubmit } from '../components/ui';
import { loadCatalog } from '../data';
import { date, money, parseDate, pct, timestamp } from '../format';
import { add, type Errors, needDate } from '../forms';
import { t } from '../i18n';
import { decisionStatusLabel, isActive } from '../labels';
import { Link } from '../router';
import { planDue } from '../tasks';

/** The revision that amends the approved plan, when the latest is not the approved one. */
export function pendingAmendment(c: Pick<Contract, 'plan' | 'approved_plan'>): PlanSummary | null {
  const a = c.approved_plan;
  return a && c.plan && c.plan.revision !== a.revision ? c.plan : null;
}

export function PlanSection({ c, onChange, onStale }: { c: Contract; onChange: (c: Contract) => void; onStale: () => void }) {
  const { session } = useApp();
  const catalog = useResource(() => loadCatalog(c.municipality, c.awarded_on), [c.municipality, c.awarded_on]);
  const office = session.role === 'municipality';
  const active = isActive(c.status);
  const approved = c.approved_plan;
  const latest = c.plan;
  const amendment = pendingAmendment(c);
  const editor = `/contracten/${encodeURIComponent(c.id)}/plan`;
  return (
    <Section id="plan" title={t('Plan')}>
      {!latest ? (
        <p>
          {!active ? t('Er is geen plan ingediend.') : c.registration ? t('Er is nog geen plan ingediend.') : t('De opdrachtnemer dient een plan in na de aanmelding.')}{' '}
          {!office && active && c.registration && (
            <Link href={editor} class="button small">
              {t('Plan opstellen')}
            </Link>
          )}
        </p>
      ) : amendment && approved ? (
        <>
          <Revision c={c} summary={approved} id="approved-plan" heading={t('Goedgekeurd plan: geldt nu')} catalog={catalog.data} />
          <Revision
            c={c}
            summary={amendment}
            id="amended-plan"
            heading={amendment.status === 'rejected' ? t('Afgewezen wijziging (versie {n})', { n: amendment.revision }) : t('Voorgestelde wijziging (versie {n})', { n: amendment.revision })}
            compare={approved}
            catalog={catalog.data}
          />
        </>
      ) : (
        <Revision c={c} summary={latest} id="plan-current" heading={approved ? t('Goedgekeurd plan: geldt nu') : undefined} catalog={catalog.data} />
      )}
      {!office && active && latest && !approved && latest.status !== 'approved' && (
        <p>
          <Link href={editor} class="button secondary">
            {latest.status === 'rejected' ? t('Plan aanpassen') : t('Nieuwe versie indienen')}
          </Link>
        </p>
      )}
      {!office && active && approved && (
        <>
          <p class="hint" id="amend-plan-hint">
            {t('Verandert er iets, bijvoorbeeld omdat een kandidaat uitvalt? Stel een wijziging van het plan voor. Het goedgekeurde plan blijft gelden tot het SR-bureau de wijziging goedkeurt.')}
          </p>
          <p>
            <Link href={editor} class="button secondary" aria-describedby="amend-plan-hint">
              {amendment?.status === 'submitted' ? t('Wijziging aanpassen') : t('Wijziging van het plan voorstellen')}
            </Link>
          </p>
        </>
      )}
      {office && active && latest?.status === 'submitted' && <PlanDecisionForm c={c} amendment={amendment != null} onChange={onChange} onStale={onStale} />}
      {office && active && !approved && c.deadlines && <ExtensionForm c={c} onChange={onChange} onStale={onStale} />}
      {c.deadlines?.plan_extended_until && (
        <p>
          {t('Termijn verlengd tot {date}', { date: date(c.deadlines.plan_extended_until) })}: {c.deadlines.plan_extension_reason}
        </p>
      )}
    </Section>
  );
}

/** One plan revision: its figures, notes and building blocks. */
function Revision({ c, summary, id, heading, compare, catalog }: { c: Contract; summary: PlanSummary; id: string; heading?: string | undefined; compare?: PlanSummary; catalog?: Catalog | undefined }) {
  const rev = useResource(() => contractsApi.plan(c.id, summary.revision), [c.id, summary.revision, summary.status]);
  const p = rev.data;
  const diff = compare ? summary.plan_value_cents - compare.plan_value_cents : 0;
  const body = (
    <>
      <dl class="facts">
        <div>
          <dt>{t('Versie')}</dt>
          <dd>{summary.revision}</dd>
        </div>
        <div>
          <dt>{t('Status')}</dt>
          <dd>
            <Badge tone={summary.status === 'approved' ? 'good' : summary.status === 'rejected' ? 'bad' : 'info'}>{summary.status === 'submitted' && compare ? t('Wacht op besluit') : decisionStatusLabel(summary.status)}</Badge>
            {summary.decision && ` ${t('op {date}', { date: date(summary.decision.decided_at) })}`}
          </dd>
        </div>
        <div>
          <dt>{t('Ingediend op')}</dt>
          <dd>{timestamp(summary.submitted_at)}</dd>
        </div>
        <div>
          <dt>{t('Waarde van het plan')}</dt>
          <dd>
            {money(summary.plan_value_cents)} ({t('{pct} van de verplichting', { pct: pct(summary.coverage_bp) })})
          </dd>
        </div>
        {compare && (
          <div>
            <dt>{t('Verschil met het goedgekeurde plan')}</dt>
            <dd>{diff === 0 ? t('geen') : `${diff > 0 ? '+' : '−'}${money(Math.abs(diff))}`}</dd>
          </div>
        )}
      </dl>
      {p?.note && (
        <p>
          <strong>{t('Toelichting opdrachtnemer')}:</strong> {p.note}
        </p>
      )}
      {p?.decision?.note && (
        <p>
          <strong>{t('Toelichting SR-bureau')}:</strong> {p.decision.note}
        </p>
      )}
      {rev.error ? (
        <LoadError error={rev.error} retry={rev.reload} />
      ) : p ? (
        <Lines id={`${id}-lines`} caption={compare ? t('Bouwblokken in de wijziging') : t('Bouwblokken in het plan')} items={p.items} valuation={p.valuation} catalog={catalog} />
      ) : (
        <Loading />
      )}
    </>
  );
  if (!heading) return body;
  return (
    <section aria-labelledby={`${id}-title`} class={compare ? 'plan-revision plan-amendment' : 'plan-revision'}>
      <h3 id={`${id}-title`}>{heading}</h3>
      {body}
    </section>
  );
}

function PlanDecisionForm({ c, amendment, onChange, onStale }: { c: Contract; amendment: boolean; onChange: (c: Contract) => void; onStale: () => void }) {
  const [note, setNote] = useState('');
  const { busy, error, setError, errors, setErrors, send } = useSubmit(onStale);
  const decide = async (decision: 'approved' | 'rejected') => {
    setError(undefined);
    const errs: Errors = {};
    if (decision === 'rejected' && !note.trim()) add(errs, 'note', amendment ? t('Leg uit waarom u de wijziging afwijst.') : t('Leg uit waarom u het plan afwijst.'));
    setErrors(errs);
    if (Object.keys(errs).length) return;
    await send(async () => {
      onChange(await contractsApi.decidePlan(c.id, c.version, { decision, ...(note.trim() ? { note: note.trim() } : {}) }));
      setNote('');
    });
  };
  return (
    <form class="decision" onSubmit={(e) => e.preventDefault()} noValidate aria-labelledby="plan-decision-title">
      <h3 id="plan-decision-title">{amendment ? t('Besluit over de wijziging van het plan') : t('Besluit over het plan')}</h3>
      {amendment && <p>{t('Keurt u de wijziging goed, dan geldt die vanaf nu. Wijst u haar af, dan blijft het goedgekeurde plan gelden.')}</p>}
      <ErrorSummary errors={errors} error={error} labels={{ note: t('Toelichting'), decision: t('Besluit') }} />
      <Field field="note" label={t('Toelichting')} hint={t('Verplicht bij afwijzen; de opdrachtnemer ziet deze toelichting.')} errors={errors}>
        {(p) => <textarea {...p} class="textarea" rows={3} maxLength={2000} value={note} onInput={(e) => setNote(e.currentTarget.value)} />}
      </Field>
      <div class="buttons">
        <button type="button" class="button" disabled={busy} onClick={() => decide('approved')}>
          {amendment ? t('Wijziging goedkeuren') : t('Plan goedkeuren')}
        </button>
        <button type="button" class="button warning" disabled={busy} onClick={() => decide('rejected')}>
          {amendment ? t('Wijziging afwijzen') : t('Plan afwijzen')}
        </button>
      </div>
    </form>
  );
}

function ExtensionForm({ c, onChange, onStale }: { c: Contract; onChange: (c: Contract) => void; onStale: () => void }) {
  const [open, setOpen] = useState(false);
  const [d, setD] = useState({ until: '', reason: '' });
  const { busy, error, setError, errors, setErrors, send } = useSubmit(onStale);
  const labels = { until: t('Nieuwe uiterste datum'), reason: t('Reden (schriftelijk)') };
  const submit = async (e: Event) => {
    e.preventDefault();
    const errs: Errors = {};
    const until = needDate(errs, 'until', parseDate(d.until));
    if (!d.reason.trim()) add(errs, 'reason', t('Vul de reden in; een verlenging is schriftelijk.'));
    setErrors(errs);
    setError(undefined);
    if (Object.keys(errs).length || !until) return;
    await send(async () => {
      onChange(await contractsApi.extendPlan(c.id, c.version, { until, reason: d.reason.trim() }));
      setOpen(false);
    });
  };
  if (!open) {
    return (
      <p>
        <button type="button" class="button secondary" aria-expanded="false" onClick={() => setOpen(true)}>
          {t('Plantermijn verlengen')}
        </button>
      </p>
    );
  }
  return (
    <form class="decision" onSubmit={submit} noValidate aria-labelledby="extension-title">
      <h3 id="extension-title">{t('Plantermijn verlengen')}</h3>
      <p>{t('De termijn is nu {date}; verlengen kan tot uiterlijk {max}.', { date: date(planDue(c)), max: date(c.deadlines?.plan_due_max) })}</p>
      <ErrorSummary errors={errors} error={error} labels={labels} />
      <Field field="until" label={labels.until} hint={t('dd-mm-jjjj')} errors={errors}>
        {(p) => <input {...p} class="input input-date" type="text" inputMode="numeric" autoComplete="off" value={d.until} onInput={(e) => setD({ ...d, until: e.currentTarget.value })} />}
      </Field>
      <Field field="reason" label={labels.reason} errors={errors}>
        {(p) => <textarea {...p} class="textarea" rows={3} maxLength={2000} value={d.reason} onInput={(e) => setD({ ...d, reason: e.currentTarget.value })} />}
      </Field>
      <div class="buttons">
        <button type="submit" class="button" disabled={busy}>
          {t('Termijn verlengen')}
        </button>
        <button type="button" class="button secondary" onClick={() => setOpen(false)}>
          {t('Annuleren')}
        </button>
      </div>
    </form>
  );
}
