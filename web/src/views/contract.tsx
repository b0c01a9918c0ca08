// The contract page: everything about one contract, for the SR office and
// the contractor, with the decisions each may take.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { type Contract, contracts as contractsApi, type Event as HistoryEvent, evidence as evidenceApi, type Flag, flags as flagsApi, type PlanRevision } from '../api/client';
import { takeFlash, useApp } from '../app';
import { Bars } from '../components/chart';
import { DownloadButton } from '../components/download';
import { EvidenceTable } from '../components/evidence';
import { Lines } from '../components/lines';
import { DueText, TaskLabel } from '../components/tasks';
import { Alert, Badge, ErrorSummary, Field, Fieldset, LoadError, Loading, Page, TableWrap, useResource } from '../components/ui';
import { loadCatalog, municipalityName, useMunicipalities } from '../data';
import { centsToInput, date, money, moneyWhole, parseDate, parseEuros, pct, timestamp, today } from '../format';
import { add, apiErrors, type Errors, need, needDate } from '../forms';
import { t } from '../i18n';
import { actionLabel, decisionStatusLabel, flagKindLabel, flagStatusLabel, periodLabel, reportingLabel, roleLabel, statusLabel } from '../labels';
import { contractPeriods, periodState, type PeriodState } from '../periods';
import { Link } from '../router';
import { nextStep, officeTasks, planDue } from '../tasks';
import { statusTone } from './contracts';

export function ContractView({ id }: { id: string }) {
  const { session } = useApp();
  const res = useResource(() => contractsApi.get(id), [id]);
  const [message] = useState(takeFlash);
  const [changed, setChanged] = useState(0);
  const names = useMunicipalities();
  const c = res.data;
  const update = (next: Contract) => {
    res.set(next);
    setChanged((n) => n + 1);
  };
  useEffect(() => {
    // Jump to the section named in the URL (#plan, #signaleringen) once loaded.
    if (c && location.hash) document.getElementById(location.hash.slice(1))?.scrollIntoView();
  }, [!!c]);
  if (res.error && !c) return <Page title={t('Contract')}><LoadError error={res.error} retry={res.reload} /></Page>;
  if (!c) return <Page title={t('Contract')}><Loading /></Page>;
  const office = session.role === 'municipality';
  const day = today();
  const todo = office ? officeTasks([c], c.open_flags, day).filter((x) => x.kind.startsWith('decide') || x.kind === 'flag') : [nextStep(c, day)];
  const sections: [string, string][] = [
    ['verplichting', t('Verplichting')],
    ['termijnen', t('Termijnen')],
    ['aanmelding', t('Aanmelding')],
    ['plan', t('Plan')],
    ['rapportages', t('Rapportages')],
    ['realisatie', t('Realisatie')],
    ['signaleringen', t('Signaleringen')],
    ['bewijsstukken', t('Bewijsstukken')],
    ['geschiedenis', t('Geschiedenis')],
  ];
  return (
    <Page title={`${c.reference}: ${c.title}`} back={{ href: '/contracten', label: t('Terug naar contracten') }}>
      {message && (
        <Alert kind="success" live>
          <p>{message}</p>
        </Alert>
      )}
      {res.error && <LoadError error={res.error} retry={res.reload} />}
      <dl class="summary">
        <div>
          <dt>{t('Status')}</dt>
          <dd>
            <Badge tone={statusTone(c.status)}>{statusLabel(c.status)}</Badge>
          </dd>
        </div>
        <div>
          <dt>{t('Gemeente')}</dt>
          <dd>{municipalityName(names, c.municipality)}</dd>
        </div>
        <div>
          <dt>{t('Opdrachtnemer')}</dt>
          <dd>
            {c.contractor_name} (KvK {c.contractor_kvk})
          </dd>
        </div>
        <div>
          <dt>{t('Looptijd')}</dt>
          <dd>
            {date(c.starts_on)} – {date(c.ends_on)}
          </dd>
        </div>
        <div>
          <dt>{t('Verplichting')}</dt>
          <dd>{money(c.obligation.obligation_cents)}</dd>
        </div>
        <div>
          <dt>{t('Geaccepteerd')}</dt>
          <dd>
            {money(c.realisation.accepted_cents)} ({pct(c.realisation.coverage_bp)})
          </dd>
        </div>
      </dl>
      <DownloadButton
        path={`/contracts/${encodeURIComponent(c.id)}`}
        accept="application/pdf"
        filename={`contract-${c.reference.replace(/[^A-Za-z0-9.-]+/g, '_')}.pdf`}
        label={t('Contractoverzicht downloaden (pdf)')}
      />

      {todo.length > 0 && todo[0]?.kind !== 'done' && (
        <section class="next-steps" aria-labelledby="next-title">
          <h2 id="next-title">{t('Wat moet er gebeuren')}</h2>
          <ul>
            {todo.map((x) => (
              <li key={`${x.kind}-${x.period ?? ''}-${x.flag?.id ?? ''}`}>
                <Link href={x.href}>
                  <TaskLabel task={x} />
                </Link>
                {x.due && (
                  <>
                    {' '}
                    · <DueText due={x.due} today={day} overdue={x.overdue} prefix={x.kind === 'next_report' ? 'from' : 'by'} />
                  </>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}

      <nav class="toc" aria-label={t('Op deze pagina')}>
        <ul>
          {sections.map(([anchor, label]) => (
            <li key={anchor}>
              <a href={`#${anchor}`}>{label}</a>
            </li>
          ))}
        </ul>
      </nav>

      <ObligationSection c={c} />
      <TimelineSection c={c} />
      <RegistrationSection c={c} onChange={update} />
      <PlanSection c={c} onChange={update} changed={changed} />
      <ReportsSection c={c} />
      <RealisationSection c={c} />
      <FlagsSection c={c} onDecided={res.reload} />
      <section aria-labelledby="bewijsstukken">
        <h2 id="bewijsstukken" tabIndex={-1}>
          {t('Bewijsstukken')}
        </h2>
        <ContractEvidence id={c.id} changed={changed} />
      </section>
      <HistorySection id={c.id} changed={c.version} />
    </Page>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ComponentChildren }) {
  return (
    <section aria-labelledby={id} class="section">
      <h2 id={id} tabIndex={-1}>
        {title}
      </h2>
      {children}
    </section>
  );
}

function ObligationSection({ c }: { c: Contract }) {
  const o = c.obligation;
  return (
    <Section id="verplichting" title={t('Verplichting')}>
      <dl class="facts">
        <div>
          <dt>{t('Opdrachtwaarde (excl. btw)')}</dt>
          <dd>{money(c.value_cents)}</dd>
        </div>
        <div>
          <dt>{t('Percentage')}</dt>
          <dd>{pct(c.percentage_bp)}</dd>
        </div>
        {o.pso_discount_bp > 0 && (
          <div>
            <dt>{t('PSO-korting (trede {n})', { n: c.pso_level })}</dt>
            <dd>{pct(o.pso_discount_bp)}</dd>
          </div>
        )}
        <div>
          <dt>{t('Verplichting')}</dt>
          <dd>
            <strong>{money(o.obligation_cents)}</strong>
          </dd>
        </div>
        <div>
          <dt>{t('Gegund op')}</dt>
          <dd>{date(c.awarded_on)}</dd>
        </div>
        <div>
          <dt>{t('Rapportage')}</dt>
          <dd>{reportingLabel(c.reporting)}</dd>
        </div>
        <div>
          <dt>{t('Bouwblokkentabel')}</dt>
          <dd>{t('versie {v}', { v: o.catalog_version })}</dd>
        </div>
      </dl>
      {!o.applies && (
        <Alert kind="info">
          <p>{t('Geen verplichting: de opdrachtwaarde ligt onder de drempel van {amount}.', { amount: money(o.threshold_cents) })}</p>
          {o.small_contract && <p lang="en">{o.small_contract}</p>}
        </Alert>
      )}
    </Section>
  );
}

type Milestone = { on: string; label: string; state?: { text: string; tone: 'good' | 'warn' | 'bad' | 'neutral' | 'info' } };

const periodStateText: Record<PeriodState, () => { text: string; tone: 'good' | 'warn' | 'bad' | 'neutral' | 'info' }> = {
  not_begun: () => ({ text: t('nog niet begonnen'), tone: 'neutral' }),
  open: () => ({ text: t('open'), tone: 'warn' }),
  overdue: () => ({ text: t('te laat'), tone: 'bad' }),
  submitted: () => ({ text: t('ingediend'), tone: 'info' }),
  accepted: () => ({ text: t('geaccepteerd'), tone: 'good' }),
  rejected: () => ({ text: t('afgewezen'), tone: 'bad' }),
};

export function milestones(c: Contract, day: string): Milestone[] {
  const m: Milestone[] = [{ on: c.awarded_on, label: t('Gegund') }];
  const reg = c.registration;
  m.push({
    on: c.deadlines.registration_due,
    label: t('Aanmelden uiterlijk'),
    state: reg
      ? { text: reg.late ? t('aangemeld op {date}, te laat', { date: date(reg.registered_at) }) : t('aangemeld op {date}', { date: date(reg.registered_at) }), tone: reg.late ? 'warn' : 'good' }
      : c.deadlines.registration_due < day
        ? { text: t('te laat'), tone: 'bad' }
        : { text: t('open'), tone: 'warn' },
  });
  const approved = c.plan?.status === 'approved';
  const due = planDue(c);
  m.push({
    on: due,
    label: c.deadlines.plan_extended_until ? t('Plan goedgekeurd uiterlijk (verlengd, was {date})', { date: date(c.deadlines.plan_due) }) : t('Plan goedgekeurd uiterlijk'),
    state: approved
      ? { text: t('goedgekeurd op {date}', { date: date(c.plan?.decision?.decided_at) }), tone: 'good' }
      : due < day
        ? { text: t('te laat'), tone: 'bad' }
        : { text: t('open'), tone: 'warn' },
  });
  if (!approved) m.push({ on: c.deadlines.plan_due_max, label: t('Uiterste datum voor verlenging van de plantermijn') });
  m.push({ on: c.starts_on, label: t('Start contract') });
  m.push({ on: c.ends_on, label: t('Einde contract') });
  for (const p of contractPeriods(c)) {
    m.push({ on: p.due, label: t('Rapportage {period} uiterlijk', { period: periodLabel(p.key) }), state: periodStateText[periodState(p, c.reports, day)]() });
  }
  return m.sort((a, b) => a.on.localeCompare(b.on));
}

function TimelineSection({ c }: { c: Contract }) {
  const day = today();
  const ms = milestones(c, day);
  const idx = ms.findIndex((x) => x.on > day);
  const items: (Milestone | 'today')[] = [...ms];
  items.splice(idx < 0 ? ms.length : idx, 0, 'today');
  return (
    <Section id="termijnen" title={t('Termijnen')}>
      <ol class="timeline">
        {items.map((x, i) =>
          x === 'today' ? (
            <li key="today" class="timeline-today">
              <time dateTime={day}>{date(day)}</time> <strong>{t('Vandaag')}</strong>
            </li>
          ) : (
            <li key={i} class={x.on < day ? 'timeline-past' : undefined}>
              <time dateTime={x.on}>{date(x.on)}</time> <span>{x.label}</span>
              {x.state && (
                <>
                  {' '}
                  <Badge tone={x.state.tone}>{x.state.text}</Badge>
                </>
              )}
            </li>
          ),
        )}
      </ol>
    </Section>
  );
}

function RegistrationSection({ c, onChange }: { c: Contract; onChange: (c: Contract) => void }) {
  const { session } = useApp();
  const r = c.registration;
  return (
    <Section id="aanmelding" title={t('Aanmelding')}>
      {r ? (
        <dl class="facts">
          <div>
            <dt>{t('Aangemeld op')}</dt>
            <dd>
              {timestamp(r.registered_at)} {r.late && <Badge tone="warn">{t('te laat')}</Badge>}
            </dd>
          </div>
          <div>
            <dt>{t('Contactpersoon')}</dt>
            <dd>{r.contact.name}</dd>
          </div>
          <div>
            <dt>{t('E-mail')}</dt>
            <dd>
              <a href={`mailto:${r.contact.email}`}>{r.contact.email}</a>
            </dd>
          </div>
          {r.contact.phone && (
            <div>
              <dt>{t('Telefoon')}</dt>
              <dd>{r.contact.phone}</dd>
            </div>
          )}
        </dl>
      ) : session.role === 'contractor' ? (
        <RegistrationForm c={c} onChange={onChange} />
      ) : (
        <p>
          {t('De opdrachtnemer heeft zich nog niet aangemeld.')} <DueText due={c.deadlines.registration_due} today={today()} overdue={c.deadlines.registration_due < today()} />
        </p>
      )}
    </Section>
  );
}

function RegistrationForm({ c, onChange }: { c: Contract; onChange: (c: Contract) => void }) {
  const [d, setD] = useState({ contact_name: '', contact_email: '', phone: '' });
  const [errors, setErrors] = useState<Errors>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const labels = { contact_name: t('Naam contactpersoon'), contact_email: t('E-mailadres'), phone: t('Telefoonnummer') };
  const submit = async (e: Event) => {
    e.preventDefault();
    const errs: Errors = {};
    if (!d.contact_name.trim()) add(errs, 'contact_name', t('Vul de naam van de contactpersoon in.'));
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(d.contact_email.trim())) add(errs, 'contact_email', t('Vul een e-mailadres in, bijvoorbeeld naam@bedrijf.nl.'));
    setErrors(errs);
    setError(undefined);
    if (Object.keys(errs).length) return;
    setBusy(true);
    try {
      onChange(
        await contractsApi.register(c.id, {
          contact_name: d.contact_name.trim(),
          contact_email: d.contact_email.trim(),
          ...(d.phone.trim() ? { phone: d.phone.trim() } : {}),
        }),
      );
    } catch (err) {
      setError(err);
      setErrors(apiErrors(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} noValidate class="narrow">
      <p>
        {t('Meld u aan bij het SR-bureau met de contactpersoon voor social return.')} <DueText due={c.deadlines.registration_due} today={today()} overdue={c.deadlines.registration_due < today()} />
      </p>
      <ErrorSummary errors={errors} error={error} labels={labels} />
      <Field field="contact_name" label={labels.contact_name} errors={errors}>
        {(p) => <input {...p} class="input" type="text" autoComplete="name" value={d.contact_name} onInput={(e) => setD({ ...d, contact_name: e.currentTarget.value })} />}
      </Field>
      <Field field="contact_email" label={labels.contact_email} errors={errors}>
        {(p) => <input {...p} class="input" type="email" autoComplete="email" spellcheck={false} value={d.contact_email} onInput={(e) => setD({ ...d, contact_email: e.currentTarget.value })} />}
      </Field>
      <Field field="phone" label={labels.phone} optional errors={errors}>
        {(p) => <input {...p} class="input input-medium" type="tel" autoComplete="tel" value={d.phone} onInput={(e) => setD({ ...d, phone: e.currentTarget.value })} />}
      </Field>
      <button type="submit" class="button" disabled={busy}>
        {t('Aanmelden bij het SR-bureau')}
      </button>
    </form>
  );
}

function PlanSection({ c, onChange, changed }: { c: Contract; onChange: (c: Contract) => void; changed: number }) {
  const { session } = useApp();
  const plan = useResource<PlanRevision | null>(() => (c.plan ? contractsApi.plan(c.id) : Promise.resolve(null)), [c.id, c.plan?.revision, changed]);
  const catalog = useResource(() => loadCatalog(c.municipality, c.awarded_on), [c.municipality, c.awarded_on]);
  const office = session.role === 'municipality';
  const p = plan.data;
  return (
    <Section id="plan" title={t('Plan')}>
      {!c.plan ? (
        <p>
          {c.registration ? t('Er is nog geen plan ingediend.') : t('De opdrachtnemer dient een plan in na de aanmelding.')}{' '}
          {!office && c.registration && (
            <Link href={`/contracten/${encodeURIComponent(c.id)}/plan`} class="button small">
              {t('Plan opstellen')}
            </Link>
          )}
        </p>
      ) : (
        <>
          <dl class="facts">
            <div>
              <dt>{t('Versie')}</dt>
              <dd>{c.plan.revision}</dd>
            </div>
            <div>
              <dt>{t('Status')}</dt>
              <dd>
                <Badge tone={c.plan.status === 'approved' ? 'good' : c.plan.status === 'rejected' ? 'bad' : 'info'}>{decisionStatusLabel(c.plan.status)}</Badge>
              </dd>
            </div>
            <div>
              <dt>{t('Ingediend op')}</dt>
              <dd>{timestamp(c.plan.submitted_at)}</dd>
            </div>
            <div>
              <dt>{t('Waarde van het plan')}</dt>
              <dd>
                {money(c.plan.plan_value_cents)} ({t('{pct} van de verplichting', { pct: pct(c.plan.coverage_bp) })})
              </dd>
            </div>
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
          {plan.error ? <LoadError error={plan.error} retry={plan.reload} /> : p ? <Lines id="plan-lines" caption={t('Bouwblokken in het plan')} items={p.items} valuation={p.valuation} catalog={catalog.data} /> : <Loading />}
          {!office && c.plan.status !== 'approved' && (
            <p>
              <Link href={`/contracten/${encodeURIComponent(c.id)}/plan`} class="button secondary">
                {c.plan.status === 'rejected' ? t('Plan aanpassen') : t('Nieuwe versie indienen')}
              </Link>
            </p>
          )}
        </>
      )}
      {office && c.plan?.status === 'submitted' && <PlanDecisionForm c={c} onChange={onChange} />}
      {office && c.status !== 'plan_approved' && <ExtensionForm c={c} onChange={onChange} />}
      {c.deadlines.plan_extended_until && (
        <p>
          {t('Termijn verlengd tot {date}', { date: date(c.deadlines.plan_extended_until) })}: {c.deadlines.plan_extension_reason}
        </p>
      )}
    </Section>
  );
}

function PlanDecisionForm({ c, onChange }: { c: Contract; onChange: (c: Contract) => void }) {
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const decide = async (decision: 'approved' | 'rejected') => {
    setError(undefined);
    const errs: Errors = {};
    if (decision === 'rejected' && !note.trim()) add(errs, 'note', t('Leg uit waarom u het plan afwijst.'));
    setErrors(errs);
    if (Object.keys(errs).length) return;
    setBusy(true);
    try {
      onChange(await contractsApi.decidePlan(c.id, c.version, { decision, ...(note.trim() ? { note: note.trim() } : {}) }));
      setNote('');
    } catch (err) {
      setError(err);
      setErrors(apiErrors(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="decision" onSubmit={(e) => e.preventDefault()} noValidate aria-labelledby="plan-decision-title">
      <h3 id="plan-decision-title">{t('Besluit over het plan')}</h3>
      <ErrorSummary errors={errors} error={error} labels={{ note: t('Toelichting'), decision: t('Besluit') }} />
      <Field field="note" label={t('Toelichting')} hint={t('Verplicht bij afwijzen; de opdrachtnemer ziet deze toelichting.')} errors={errors}>
        {(p) => <textarea {...p} class="textarea" rows={3} maxLength={2000} value={note} onInput={(e) => setNote(e.currentTarget.value)} />}
      </Field>
      <div class="buttons">
        <button type="button" class="button" disabled={busy} onClick={() => decide('approved')}>
          {t('Plan goedkeuren')}
        </button>
        <button type="button" class="button warning" disabled={busy} onClick={() => decide('rejected')}>
          {t('Plan afwijzen')}
        </button>
      </div>
    </form>
  );
}

function ExtensionForm({ c, onChange }: { c: Contract; onChange: (c: Contract) => void }) {
  const [open, setOpen] = useState(false);
  const [d, setD] = useState({ until: '', reason: '' });
  const [errors, setErrors] = useState<Errors>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const labels = { until: t('Nieuwe uiterste datum'), reason: t('Reden (schriftelijk)') };
  const submit = async (e: Event) => {
    e.preventDefault();
    const errs: Errors = {};
    const until = needDate(errs, 'until', parseDate(d.until));
    if (!d.reason.trim()) add(errs, 'reason', t('Vul de reden in; een verlenging is schriftelijk.'));
    setErrors(errs);
    setError(undefined);
    if (Object.keys(errs).length || !until) return;
    setBusy(true);
    try {
      onChange(await contractsApi.extendPlan(c.id, c.version, { until: until as string, reason: d.reason.trim() }));
      setOpen(false);
    } catch (err) {
      setError(err);
      setErrors(apiErrors(err));
    } finally {
      setBusy(false);
    }
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
      <p>{t('De termijn is nu {date}; verlengen kan tot uiterlijk {max}.', { date: date(planDue(c)), max: date(c.deadlines.plan_due_max) })}</p>
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

function ReportsSection({ c }: { c: Contract }) {
  const { session } = useApp();
  const day = today();
  const ps = contractPeriods(c);
  const canReport = session.role === 'contractor' && c.status === 'plan_approved';
  return (
    <Section id="rapportages" title={t('Rapportages')}>
      {c.status !== 'plan_approved' && <p>{t('Rapporteren kan zodra het plan is goedgekeurd.')}</p>}
      <TableWrap label={t('Rapportages')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('Periode')}</th>
              <th scope="col">{t('Looptijd')}</th>
              <th scope="col">{t('Uiterlijk')}</th>
              <th scope="col">{t('Status')}</th>
              <th scope="col" class="num">{t('Waarde')}</th>
              <th scope="col">
                <span class="visually-hidden">{t('Actie')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {ps.map((p) => {
              const r = c.reports.find((x) => x.period === p.key);
              const st = periodStateText[periodState(p, c.reports, day)]();
              const href = `/contracten/${encodeURIComponent(c.id)}/rapportages/${encodeURIComponent(p.key)}`;
              const label = periodLabel(p.key);
              return (
                <tr key={p.key}>
                  <th scope="row">{label}</th>
                  <td>
                    {date(p.start)} – {date(p.end)}
                  </td>
                  <td>{date(p.due)}</td>
                  <td>
                    <Badge tone={st.tone}>{st.text}</Badge> {r?.late && <Badge tone="warn">{t('te laat ingediend')}</Badge>}
                  </td>
                  <td class="num">{r ? money(r.value_cents) : '–'}</td>
                  <td>
                    {r || (canReport && p.start <= day) ? (
                      <Link href={href} aria-label={`${canReport && r?.status !== 'accepted' ? t('Invullen') : t('Bekijken')}: ${label}`}>
                        {canReport && r?.status !== 'accepted' ? t('Invullen') : t('Bekijken')}
                      </Link>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableWrap>
    </Section>
  );
}

function RealisationSection({ c }: { c: Contract }) {
  const o = c.obligation.obligation_cents;
  const r = c.realisation;
  const plan = c.plan?.plan_value_cents ?? 0;
  const max = Math.max(o, plan, r.accepted_cents + r.reported_cents, 1);
  return (
    <Section id="realisatie" title={t('Realisatie')}>
      <Bars
        id="chart-realisation"
        caption={t('Realisatie tegenover de verplichting van {amount}', { amount: money(o) })}
        max={max}
        rows={[
          { label: t('Verplichting'), segments: [{ value: o, tone: 'obligation' }], text: money(o) },
          { label: t('Plan'), segments: [{ value: plan, tone: 'plan' }], text: c.plan ? `${money(plan)} (${pct(c.plan.coverage_bp)})` : t('nog geen plan') },
          {
            label: t('Gerealiseerd'),
            segments: [
              { value: r.accepted_cents, tone: 'accepted' },
              { value: r.reported_cents, tone: 'reported' },
            ],
            text: t('{accepted} geaccepteerd, {reported} in beoordeling', { accepted: money(r.accepted_cents), reported: money(r.reported_cents) }),
          },
        ]}
        legend={[
          { tone: 'obligation', label: t('Verplichting') },
          { tone: 'plan', label: t('Plan') },
          { tone: 'accepted', label: t('Geaccepteerd') },
          { tone: 'reported', label: t('In beoordeling') },
        ]}
      />
      <p>
        {t('Nog te realiseren')}: <strong>{money(r.remaining_cents)}</strong> · {t('dekking')} {pct(r.coverage_bp)}
      </p>
      {c.reports.length > 0 && (
        <Bars
          id="chart-periods"
          caption={t('Waarde per rapportage')}
          max={Math.max(1, ...c.reports.map((x) => x.value_cents))}
          rows={c.reports.map((x) => ({
            label: periodLabel(x.period),
            segments: [{ value: x.value_cents, tone: x.status === 'accepted' ? 'accepted' : x.status === 'submitted' ? 'reported' : 'shortfall' }],
            text: `${moneyWhole(x.value_cents)} · ${decisionStatusLabel(x.status).toLowerCase()}`,
          }))}
        />
      )}
    </Section>
  );
}

function FlagsSection({ c, onDecided }: { c: Contract; onDecided: () => void }) {
  const { session } = useApp();
  return (
    <Section id="signaleringen" title={t('Signaleringen')}>
      {c.flags.length === 0 ? (
        <p>{t('Geen signaleringen: alle termijnen tot nu toe zijn gehaald.')}</p>
      ) : (
        <ul class="flags">
          {c.flags.map((f) => (
            <li key={f.id} class={`flag flag-${f.status}`}>
              <p class="flag-title">
                <strong>{flagKindLabel(f.kind)}</strong>
                {f.period && ` · ${periodLabel(f.period)}`} <Badge tone={f.status === 'open' ? 'bad' : f.status === 'fined' ? 'warn' : 'good'}>{flagStatusLabel(f.status)}</Badge>
              </p>
              <p>
                {t('Termijn {date} verstreken; gesignaleerd op {at}.', { date: date(f.due), at: timestamp(f.raised_at) })}
                {f.resolved_at && ` ${t('Afgehandeld op {at}.', { at: timestamp(f.resolved_at) })}`}
              </p>
              {f.fine_cents != null && (
                <p>
                  {f.status === 'fined' ? t('Boete') : t('Voorgestelde boete')}: <strong>{money(f.fine_cents)}</strong>
                </p>
              )}
              {f.decision?.note && (
                <p>
                  {t('Reden')}: {f.decision.note}
                </p>
              )}
              {session.role === 'municipality' && f.kind === 'obligation_shortfall' && f.status === 'open' && <FlagDecisionForm flag={f} onDecided={onDecided} />}
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

function FlagDecisionForm({ flag, onDecided }: { flag: Flag; onDecided: () => void }) {
  const [d, setD] = useState({ decision: '' as '' | 'fine' | 'waive', fine: centsToInput(flag.fine_cents), reason: '' });
  const [errors, setErrors] = useState<Errors>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const labels = { decision: t('Besluit'), fine_cents: t('Boetebedrag'), reason: t('Reden') };
  const submit = async (e: Event) => {
    e.preventDefault();
    const errs: Errors = {};
    if (!d.decision) add(errs, 'decision', t('Kies: boete opleggen of kwijtschelden.'));
    const fine = d.decision === 'fine' ? need(errs, 'fine_cents', parseEuros(d.fine)) : undefined;
    if (fine !== undefined && fine <= 0) add(errs, 'fine_cents', t('Vul een bedrag groter dan nul in.'));
    if (fine !== undefined && flag.fine_cents != null && fine > flag.fine_cents) add(errs, 'fine_cents', t('De boete is hoogstens {amount}.', { amount: money(flag.fine_cents) }));
    if (!d.reason.trim()) add(errs, 'reason', t('Vul de reden in.'));
    setErrors(errs);
    setError(undefined);
    if (Object.keys(errs).length || !d.decision) return;
    setBusy(true);
    try {
      await flagsApi.decide(flag.id, d.decision === 'fine' ? { decision: 'fine', fine_cents: fine as number, reason: d.reason.trim() } : { decision: 'waive', reason: d.reason.trim() });
      onDecided();
    } catch (err) {
      setError(err);
      setErrors(apiErrors(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="decision" onSubmit={submit} noValidate aria-labelledby={`fd-${flag.id}`}>
      <h3 id={`fd-${flag.id}`}>{t('Besluit over de boete')}</h3>
      <ErrorSummary errors={errors} error={error} labels={labels} />
      <Fieldset legend={labels.decision} field="decision" errors={errors}>
        <div class="radios">
          <label class="radio">
            <input type="radio" name={`decision-${flag.id}`} value="fine" checked={d.decision === 'fine'} onChange={() => setD({ ...d, decision: 'fine' })} />
            {t('Boete opleggen')}
          </label>
          <label class="radio">
            <input type="radio" name={`decision-${flag.id}`} value="waive" checked={d.decision === 'waive'} onChange={() => setD({ ...d, decision: 'waive' })} />
            {t('Kwijtschelden')}
          </label>
        </div>
      </Fieldset>
      {d.decision === 'fine' && (
        <Field field="fine_cents" label={labels.fine_cents} hint={t('Hoogstens de voorgestelde {amount}; wordt ingehouden op de laatste factuur.', { amount: money(flag.fine_cents) })} errors={errors}>
          {(p) => (
            <span class="prefixed">
              <span class="prefix" aria-hidden="true">
                €
              </span>
              <input {...p} class="input input-medium" type="text" inputMode="decimal" value={d.fine} onInput={(e) => setD({ ...d, fine: e.currentTarget.value })} />
            </span>
          )}
        </Field>
      )}
      <Field field="reason" label={labels.reason} hint={t('Komt in de geschiedenis van het contract.')} errors={errors}>
        {(p) => <textarea {...p} class="textarea" rows={3} maxLength={2000} value={d.reason} onInput={(e) => setD({ ...d, reason: e.currentTarget.value })} />}
      </Field>
      <button type="submit" class="button" disabled={busy}>
        {t('Besluit vastleggen')}
      </button>
    </form>
  );
}

function ContractEvidence({ id, changed }: { id: string; changed: number }) {
  const ev = useResource(() => evidenceApi.all(id), [id, changed]);
  if (ev.error && !ev.data) return <LoadError error={ev.error} retry={ev.reload} />;
  if (!ev.data) return <Loading />;
  if (ev.data.items.length === 0) return <p>{t('Nog geen bewijsstukken.')}</p>;
  return <EvidenceTable items={ev.data.items} label={t('Bewijsstukken')} />;
}

function HistorySection({ id, changed }: { id: string; changed: number }) {
  const h = useResource(async () => {
    const items: HistoryEvent[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 10; i++) {
      const page = await contractsApi.history(id, cursor);
      items.push(...page.items);
      if (!page.next_cursor) break;
      cursor = page.next_cursor;
    }
    return items;
  }, [id, changed]);
  return (
    <Section id="geschiedenis" title={t('Geschiedenis')}>
      {h.error && !h.data ? (
        <LoadError error={h.error} retry={h.reload} />
      ) : !h.data ? (
        <Loading />
      ) : (
        <TableWrap label={t('Geschiedenis')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('Wanneer')}</th>
                <th scope="col">{t('Wie')}</th>
                <th scope="col">{t('Wat')}</th>
                <th scope="col">{t('Details')}</th>
              </tr>
            </thead>
            <tbody>
              {h.data.map((e) => (
                <tr key={e.seq}>
                  <td>{timestamp(e.at)}</td>
                  <td>
                    {roleLabel(e.role)}
                    {e.role !== 'system' && <span class="muted"> ({e.actor})</span>}
                  </td>
                  <td>{actionLabel(e.action)}</td>
                  <td>{eventDetails(e)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </Section>
  );
}

/** The details of an event in words: known keys formatted, the rest as they are. */
export function eventDetails(e: HistoryEvent): string {
  const parts: string[] = [];
  const d = e.data as Record<string, unknown>;
  for (const [k, v] of Object.entries(d)) {
    if (v === '' || v == null || (Array.isArray(v) && v.length === 0)) continue;
    if (k.endsWith('_cents') && typeof v === 'number') parts.push(`${detailName(k)} ${money(v)}`);
    else if (k === 'period' && typeof v === 'string') parts.push(periodLabel(v));
    else if (k === 'revision') parts.push(t('versie {n}', { n: String(v) }));
    else if (k === 'late') {
      if (v === true) parts.push(t('te laat'));
    } else if (k === 'items' && typeof v === 'number') parts.push(t('{n} regels', { n: v }));
    else if (k === 'flag_ids' && Array.isArray(v)) parts.push(v.map((x) => flagFromId(String(x))).join(', '));
    else if (k === 'flag_id' && typeof v === 'string') parts.push(flagFromId(v));
    else if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) parts.push(`${detailName(k)} ${date(v)}`);
    else if (typeof v === 'string' || typeof v === 'number') parts.push(`${detailName(k)}: ${v}`);
  }
  return parts.join(' · ');
}

/** "c_x.report_overdue.2026-Q2" → "Rapportage te laat (2e kwartaal 2026)". */
function flagFromId(id: string): string {
  const [, kind = id, period] = id.split('.');
  return flagKindLabel(kind) + (period ? ` (${periodLabel(period)})` : '');
}

function detailName(k: string): string {
  const names: Record<string, string> = {
    value_cents: t('waarde'),
    plan_value_cents: t('waarde'),
    obligation_cents: t('verplichting'),
    fine_cents: t('boete'),
    registration_due: t('termijn'),
    until: t('tot'),
    reason: t('reden'),
    note: t('toelichting'),
    reference: t('kenmerk'),
    catalog_version: t('tabel'),
    flag_id: t('signalering'),
  };
  return names[k] ?? k.replace(/_/g, ' ');
}

