// The contract page: everything about one contract, for the SR office and
// the contractor, with the decisions each may take. What a contract still
// asks follows its status: a contract below the threshold asks nothing, a
// closed or cancelled one nothing more.
import { useEffect, useRef, useState } from 'preact/hooks';
import { type Contract, contracts as contractsApi, type Event as HistoryEvent, evidence as evidenceApi, type Flag, flags as flagsApi, type Overdue } from '../api/client';
import { takeFlash, useApp } from '../app';
import { Bars } from '../components/chart';
import { DownloadButton } from '../components/download';
import { EvidenceTable } from '../components/evidence';
import { DueText, TaskLabel } from '../components/tasks';
import { Alert, Badge, ErrorSummary, EuroInput, Field, Fieldset, LoadError, Loading, Page, Section, TableWrap, useResource, useSubmit } from '../components/ui';
import { municipalityName, useMunicipalities } from '../data';
import { centsToInput, date, money, moneyWhole, parseEuros, pct, timestamp, today } from '../format';
import { add, type Errors, need } from '../forms';
import { t } from '../i18n';
import { actionLabel, decisionStatusLabel, flagKindLabel, flagStatusLabel, isActive, periodLabel, reportingLabel, roleLabel, statusLabel } from '../labels';
import { contractPeriods, overduePeriods, periodState, type PeriodState } from '../periods';
import { Link } from '../router';
import { nextStep, officeTasks, planDue, restingKinds } from '../tasks';
import { ContractChanges, termLabels, termText } from './contract-changes';
import { PlanSection } from './contract-plan';
import { statusTone } from './contracts';

export function ContractView({ id }: { id: string }) {
  const { session } = useApp();
  const res = useResource(() => contractsApi.get(id), [id]);
  const [message, setMessage] = useState(takeFlash);
  const [notified, setNotified] = useState(0);
  const messageRef = useRef<HTMLDivElement>(null);
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
  useEffect(() => {
    // A change made on this page is confirmed at the top, where the new terms show; focus takes the reader there.
    if (notified) messageRef.current?.focus();
  }, [notified]);
  if (res.error && !c) return <Page title={t('Contract')}><LoadError error={res.error} retry={res.reload} /></Page>;
  if (!c) return <Page title={t('Contract')}><Loading /></Page>;
  const office = session.role === 'municipality';
  const day = today();
  const asks = c.status !== 'no_obligation';
  const todo = office ? officeTasks([c], c.open_flags, day).filter((x) => x.kind.startsWith('decide') || x.kind === 'flag') : [nextStep(c, day)].filter((x) => !restingKinds.has(x.kind));
  const sections: [string, string][] = [
    ['verplichting', t('Verplichting')],
    ...(c.deadlines ? ([['termijnen', t('Termijnen')]] as [string, string][]) : []),
    ...(asks
      ? ([
          ['aanmelding', t('Aanmelding')],
          ['plan', t('Plan')],
          ['rapportages', t('Rapportages')],
          ['realisatie', t('Realisatie')],
          ['signaleringen', t('Signaleringen')],
          ['bewijsstukken', t('Bewijsstukken')],
        ] as [string, string][])
      : []),
    ['geschiedenis', t('Geschiedenis')],
  ];
  const changedTerms = (next: Contract, m: string) => {
    update(next);
    setMessage(m);
    setNotified((n) => n + 1);
  };
  return (
    <Page title={`${c.reference}: ${c.title}`} back={{ href: '/contracten', label: t('Terug naar contracten') }}>
      {message && (
        <div ref={messageRef} tabIndex={-1} class="flash">
          <Alert kind="success" live>
            <p>{message}</p>
          </Alert>
        </div>
      )}
      {res.error && <LoadError error={res.error} retry={res.reload} />}
      <StatusBanner c={c} names={names} />
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
          <dd data-testid="summary-obligation">
            {!c.obligation.applies ? t('geen') : c.status === 'cancelled' ? `${money(c.obligation.obligation_cents)} (${t('vervallen')})` : money(c.obligation.obligation_cents)}
          </dd>
        </div>
        {asks && (
          <div>
            <dt>{t('Geaccepteerd')}</dt>
            <dd>
              {money(c.realisation.accepted_cents)} ({pct(c.realisation.coverage_bp)})
            </dd>
          </div>
        )}
      </dl>
      <DownloadButton
        path={`/contracts/${encodeURIComponent(c.id)}`}
        accept="application/pdf"
        filename={`contract-${c.reference.replace(/[^A-Za-z0-9.-]+/g, '_')}.pdf`}
        label={t('Contractoverzicht downloaden (pdf)')}
      />

      <OverdueAlert c={c} />

      {todo.length > 0 && (
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

      <ObligationSection c={c}>{office && <ContractChanges c={c} onDone={changedTerms} onStale={res.reload} />}</ObligationSection>
      {c.deadlines && <TimelineSection c={c} />}
      {asks && (
        <>
          <RegistrationSection c={c} onChange={update} />
          <PlanSection c={c} onChange={update} onStale={res.reload} />
          <ReportsSection c={c} />
          <RealisationSection c={c} />
          <FlagsSection c={c} onDecided={res.reload} />
          <section aria-labelledby="bewijsstukken">
            <h2 id="bewijsstukken" tabIndex={-1}>
              {t('Bewijsstukken')}
            </h2>
            <ContractEvidence id={c.id} changed={changed} />
          </section>
        </>
      )}
      <HistorySection id={c.id} changed={c.version} />
    </Page>
  );
}

/**
 * Why a contract asks nothing (more), in plain words: below the threshold,
 * cancelled by the municipality, or closed.
 */
function StatusBanner({ c, names }: { c: Contract; names: ReturnType<typeof useMunicipalities> }) {
  const o = c.obligation;
  switch (c.status) {
    case 'no_obligation':
      return (
        <div id="contract-banner" tabIndex={-1}>
          <Alert kind="info" title={t('Geen social-returnverplichting: er wordt niets gevraagd')}>
            <p>{t('De opdrachtnemer hoeft zich niet aan te melden, geen plan in te dienen en niet te rapporteren. Er komen geen termijnen en geen signaleringen.')}</p>
            <p>
              {o.threshold_cents != null
                ? t('Waarom: de opdrachtwaarde van {value} ligt onder de drempel van {threshold} die {name} hanteert.', {
                    value: money(o.contract_value_cents),
                    threshold: money(o.threshold_cents),
                    name: municipalityName(names, c.municipality),
                  })
                : t('Waarom: volgens het beleid van {name} geldt voor deze opdracht geen verplichting.', { name: municipalityName(names, c.municipality) })}
            </p>
            {o.small_contract && (
              <p>
                {t('Wat het beleid zegt over kleinere opdrachten')}: <span lang="en">{o.small_contract}</span>
              </p>
            )}
          </Alert>
        </div>
      );
    case 'cancelled':
      return (
        <div id="contract-banner" tabIndex={-1}>
          <Alert kind="warning" title={t('Deze opdracht is geannuleerd')}>
            <p>
              {c.cancellation
                ? t('De gemeente heeft de opdracht op {date} geannuleerd.', { date: date(c.cancellation.cancelled_at) })
                : t('De gemeente heeft de opdracht geannuleerd.')}{' '}
              {t('Er wordt niets meer gevraagd: geen aanmelding, plan of rapportages. Open signaleringen zijn vervallen.')}
            </p>
            {c.cancellation && (
              <p>
                {t('Reden')}: {c.cancellation.reason}
              </p>
            )}
          </Alert>
        </div>
      );
    case 'closed': {
      const decided = c.flags.find((f) => f.kind === 'obligation_shortfall' && (f.status === 'fined' || f.status === 'waived'));
      return (
        <div id="contract-banner" tabIndex={-1}>
          <Alert kind="info" title={t('Dit contract is afgesloten')}>
            <p>
              {decided?.status === 'fined'
                ? t('De verplichting is niet gehaald; het SR-bureau heeft een boete van {amount} opgelegd.', { amount: money(decided.fine_cents) })
                : decided
                  ? t('De verplichting is niet gehaald; het SR-bureau heeft de boete kwijtgescholden.')
                  : t('De eindrapportage is geaccepteerd en de verplichting is gehaald.')}{' '}
              {t('Er wordt niets meer gevraagd.')}
            </p>
          </Alert>
        </div>
      );
    }
    default:
      return null;
  }
}

/** What a passed deadline was about, in words. */
export function overdueLabel(o: Overdue): string {
  switch (o.kind) {
    case 'registration_overdue':
      return t('Aanmelding bij het SR-bureau');
    case 'plan_overdue':
      return t('Goedkeuring van het plan');
    case 'report_overdue':
      return o.period ? t('Rapportage {period}', { period: periodLabel(o.period) }) : t('Rapportage');
    case 'obligation_shortfall':
      return t('Verplichting volledig gerealiseerd');
  }
}

/**
 * Every deadline passed unmet, at once: the API lists them as of now,
 * before the daily check flags them.
 */
function OverdueAlert({ c }: { c: Contract }) {
  if (c.overdue.length === 0) return null;
  const day = today();
  const flagged = new Set(c.open_flags.map((f) => `${f.kind}|${f.period ?? ''}`));
  return (
    <Alert kind="error" title={t('Termijnen verstreken')}>
      <ul class="overdue-list">
        {c.overdue.map((o) => (
          <li key={`${o.kind}-${o.period ?? ''}`}>
            <Badge tone="bad">{t('te laat')}</Badge> {overdueLabel(o)}: <DueText due={o.due} today={day} overdue />
            {!flagged.has(`${o.kind}|${o.period ?? ''}`) && <span class="muted"> · {t('nog niet gesignaleerd')}</span>}
          </li>
        ))}
      </ul>
    </Alert>
  );
}

function ObligationSection({ c, children }: { c: Contract; children?: preact.ComponentChildren }) {
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
            <strong data-testid="obligation">{money(o.obligation_cents)}</strong>
            {c.status === 'cancelled' && <span class="muted"> ({t('vervallen door de annulering')})</span>}
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
      {!o.applies && c.status !== 'no_obligation' && (
        <Alert kind="info">
          <p>{t('Geen verplichting: de opdrachtwaarde ligt onder de drempel van {amount}.', { amount: money(o.threshold_cents) })}</p>
          {o.small_contract && <p lang="en">{o.small_contract}</p>}
        </Alert>
      )}
      {children}
    </Section>
  );
}

type Tone = 'good' | 'warn' | 'bad' | 'neutral' | 'info';
type Milestone = { on: string; label: string; state?: { text: string; tone: Tone } };

const periodStateText: Record<PeriodState, () => { text: string; tone: Tone }> = {
  not_begun: () => ({ text: t('nog niet begonnen'), tone: 'neutral' }),
  open: () => ({ text: t('open'), tone: 'warn' }),
  overdue: () => ({ text: t('te laat'), tone: 'bad' }),
  lapsed: () => ({ text: t('niet ingediend'), tone: 'neutral' }),
  void: () => ({ text: t('vervallen'), tone: 'neutral' }),
  submitted: () => ({ text: t('ingediend'), tone: 'info' }),
  accepted: () => ({ text: t('geaccepteerd'), tone: 'good' }),
  rejected: () => ({ text: t('afgewezen'), tone: 'bad' }),
};

/**
 * The contract's dates in order, each with where it stands. "te laat" comes
 * from the API's `overdue` (as of now), so a passed deadline shows at once
 * and a closed contract's passed dates do not.
 */
export function milestones(c: Contract, day: string): Milestone[] {
  const d = c.deadlines;
  const m: Milestone[] = [{ on: c.awarded_on, label: t('Gegund') }];
  const late = new Set(c.overdue.map((o) => `${o.kind}|${o.period ?? ''}`));
  const active = isActive(c.status);
  const pending = (kind: string): { text: string; tone: Tone } | undefined =>
    late.has(`${kind}|`) ? { text: t('te laat'), tone: 'bad' } : active ? { text: t('open'), tone: 'warn' } : undefined;
  if (d) {
    const reg = c.registration;
    const regState = reg
      ? { text: reg.late ? t('aangemeld op {date}, te laat', { date: date(reg.registered_at) }) : t('aangemeld op {date}', { date: date(reg.registered_at) }), tone: (reg.late ? 'warn' : 'good') as Tone }
      : pending('registration_overdue');
    m.push({ on: d.registration_due, label: t('Aanmelden uiterlijk'), ...(regState ? { state: regState } : {}) });
    const approved = c.approved_plan;
    // The plan in force may be a later amendment: say which revision was approved when.
    const planState = approved
      ? { text: t('versie {n} goedgekeurd op {date}', { n: approved.revision, date: date(approved.decision?.decided_at) }), tone: 'good' as Tone }
      : pending('plan_overdue');
    m.push({
      on: planDue(c) ?? d.plan_due,
      label: d.plan_extended_until ? t('Plan goedgekeurd uiterlijk (verlengd, was {date})', { date: date(d.plan_due) }) : t('Plan goedgekeurd uiterlijk'),
      ...(planState ? { state: planState } : {}),
    });
    if (!approved && active) m.push({ on: d.plan_due_max, label: t('Uiterste datum voor verlenging van de plantermijn') });
  }
  m.push({ on: c.starts_on, label: t('Start contract') });
  m.push({ on: c.ends_on, label: t('Einde contract') });
  const overdue = overduePeriods(c);
  for (const p of contractPeriods(c)) {
    m.push({ on: p.due, label: t('Rapportage {period} uiterlijk', { period: periodLabel(p.key) }), state: periodStateText[periodState(p, c.reports, day, overdue, active)]() });
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
  const d = c.deadlines;
  const late = c.overdue.some((o) => o.kind === 'registration_overdue');
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
      ) : !isActive(c.status) || !d ? (
        <p>{t('Aanmelden is niet meer nodig.')}</p>
      ) : session.role === 'contractor' ? (
        <RegistrationForm c={c} due={d.registration_due} late={late} onChange={onChange} />
      ) : (
        <p>
          {t('De opdrachtnemer heeft zich nog niet aangemeld.')} <DueText due={d.registration_due} today={today()} overdue={late} /> {late && <Badge tone="bad">{t('te laat')}</Badge>}
        </p>
      )}
    </Section>
  );
}

function RegistrationForm({ c, due, late, onChange }: { c: Contract; due: string; late: boolean; onChange: (c: Contract) => void }) {
  const [d, setD] = useState({ contact_name: '', contact_email: '', phone: '' });
  const { busy, error, setError, errors, setErrors, send } = useSubmit();
  const labels = { contact_name: t('Naam contactpersoon'), contact_email: t('E-mailadres'), phone: t('Telefoonnummer') };
  const submit = async (e: Event) => {
    e.preventDefault();
    const errs: Errors = {};
    if (!d.contact_name.trim()) add(errs, 'contact_name', t('Vul de naam van de contactpersoon in.'));
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(d.contact_email.trim())) add(errs, 'contact_email', t('Vul een e-mailadres in, bijvoorbeeld naam@bedrijf.nl.'));
    setErrors(errs);
    setError(undefined);
    if (Object.keys(errs).length) return;
    await send(async () => {
      onChange(
        await contractsApi.register(c.id, {
          contact_name: d.contact_name.trim(),
          contact_email: d.contact_email.trim(),
          ...(d.phone.trim() ? { phone: d.phone.trim() } : {}),
        }),
      );
    });
  };
  return (
    <form onSubmit={submit} noValidate class="narrow">
      <p>
        {t('Meld u aan bij het SR-bureau met de contactpersoon voor social return.')} <DueText due={due} today={today()} overdue={late} />
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

function ReportsSection({ c }: { c: Contract }) {
  const { session } = useApp();
  const day = today();
  const ps = contractPeriods(c);
  const overdue = overduePeriods(c);
  const canReport = session.role === 'contractor' && c.status === 'plan_approved';
  return (
    <Section id="rapportages" title={t('Rapportages')}>
      {c.status === 'cancelled' ? (
        <p>{t('De opdracht is geannuleerd: er wordt niet meer gerapporteerd.')}</p>
      ) : c.status === 'closed' ? (
        <p>{t('Het contract is afgesloten: er wordt niet meer gerapporteerd.')}</p>
      ) : (
        c.status !== 'plan_approved' && <p>{t('Rapporteren kan zodra het plan is goedgekeurd.')}</p>
      )}
      <TableWrap label={t('Rapportages')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('Periode')}</th>
              <th scope="col">{t('Looptijd')}</th>
              <th scope="col">{t('Uiterlijk')}</th>
              <th scope="col">{t('Status')}</th>
              <th scope="col" class="num">{t('Kandidaten')}</th>
              <th scope="col" class="num">{t('Waarde')}</th>
              <th scope="col">
                <span class="visually-hidden">{t('Actie')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {ps.map((p) => {
              const r = c.reports.find((x) => x.period === p.key);
              const st = periodStateText[periodState(p, c.reports, day, overdue, isActive(c.status))]();
              const href = `/contracten/${encodeURIComponent(c.id)}/rapportages/${encodeURIComponent(p.key)}`;
              const label = periodLabel(p.key);
              const fill = canReport && r?.status !== 'accepted';
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
                  <td class="num">{r ? r.candidates : '–'}</td>
                  <td class="num">{r ? money(r.value_cents) : '–'}</td>
                  <td>
                    {r || (canReport && p.start <= day) ? (
                      <Link href={href} aria-label={`${fill ? t('Invullen') : t('Bekijken')}: ${label}`}>
                        {fill ? t('Invullen') : t('Bekijken')}
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

/**
 * The obligation against the plan in force and what the reports show, in
 * plain figures first (a chart repeats them): accepted, awaiting a
 * decision, remaining, and whom the accepted reports reached.
 */
function RealisationSection({ c }: { c: Contract }) {
  const o = c.obligation.obligation_cents;
  const r = c.realisation;
  const plan = c.approved_plan;
  const planValue = plan?.plan_value_cents ?? 0;
  const max = Math.max(o, planValue, r.accepted_cents + r.awaiting_decision_cents, 1);
  return (
    <Section id="realisatie" title={t('Realisatie')}>
      <dl class="facts realisation">
        <div>
          <dt>{t('Verplichting')}</dt>
          <dd>{money(o)}</dd>
        </div>
        <div>
          <dt>{t('Goedgekeurd plan')}</dt>
          <dd>{plan ? `${money(plan.plan_value_cents)} (${t('{pct} van de verplichting', { pct: pct(plan.coverage_bp) })})` : t('nog geen goedgekeurd plan')}</dd>
        </div>
        <div>
          <dt>{t('Geaccepteerd')}</dt>
          <dd data-testid="accepted">
            {money(r.accepted_cents)} ({t('{pct} van de verplichting', { pct: pct(r.coverage_bp) })})
          </dd>
        </div>
        <div>
          <dt>{t('Wacht op besluit')}</dt>
          <dd>{money(r.awaiting_decision_cents)}</dd>
        </div>
        <div>
          <dt>{t('Resterend')}</dt>
          <dd>
            <strong>{money(r.remaining_cents)}</strong>
          </dd>
        </div>
        <div>
          <dt>{t('Mensen bereikt')}</dt>
          <dd>{r.people_reached}</dd>
        </div>
        <div>
          <dt>
            {t('Duurzame banen')} <span class="muted small">({t('minstens een half jaar, minstens 0,5 fte')})</span>
          </dt>
          <dd>{r.durable_jobs}</dd>
        </div>
      </dl>
      <Bars
        id="chart-realisation"
        caption={t('Realisatie tegenover de verplichting van {amount}', { amount: money(o) })}
        max={max}
        rows={[
          { label: t('Verplichting'), segments: [{ value: o, tone: 'obligation' }], text: money(o) },
          { label: t('Goedgekeurd plan'), segments: [{ value: planValue, tone: 'plan' }], text: plan ? `${money(planValue)} (${pct(plan.coverage_bp)})` : t('nog geen goedgekeurd plan') },
          {
            label: t('Realisatie'),
            segments: [
              { value: r.accepted_cents, tone: 'accepted' },
              { value: r.awaiting_decision_cents, tone: 'reported' },
            ],
            text: t('{accepted} geaccepteerd, {waiting} wacht op besluit', { accepted: money(r.accepted_cents), waiting: money(r.awaiting_decision_cents) }),
          },
        ]}
        legend={[
          { tone: 'obligation', label: t('Verplichting') },
          { tone: 'plan', label: t('Goedgekeurd plan') },
          { tone: 'accepted', label: t('Geaccepteerd') },
          { tone: 'reported', label: t('Wacht op besluit') },
        ]}
      />
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

/** A shortfall flag's final report, in words: one awaiting a decision may still meet the obligation. */
export function finalReportText(status: Flag['final_report']): string {
  switch (status) {
    case 'submitted':
      return t('ingediend en wacht op een besluit; kan de verplichting nog halen');
    case 'accepted':
      return t('geaccepteerd');
    case 'rejected':
      return t('afgewezen');
    default:
      return t('nog niet ingediend');
  }
}

function FlagsSection({ c, onDecided }: { c: Contract; onDecided: () => void }) {
  const { session } = useApp();
  const finalHref = `/contracten/${encodeURIComponent(c.id)}/rapportages/final`;
  return (
    <Section id="signaleringen" title={t('Signaleringen')}>
      {c.flags.length === 0 ? (
        <p>
          {!isActive(c.status)
            ? t('Geen signaleringen.')
            : c.overdue.length
              ? t('Nog geen signaleringen: de termijncontrole signaleert verstreken termijnen elke dag.')
              : t('Geen signaleringen: alle termijnen tot nu toe zijn gehaald.')}
        </p>
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
              {f.kind === 'obligation_shortfall' && (
                <p data-testid="final-report">
                  {t('Eindrapportage')}: {f.final_report === 'submitted' ? <Link href={finalHref}>{finalReportText(f.final_report)}</Link> : finalReportText(f.final_report)}
                </p>
              )}
              {f.fine_cents != null && (
                <p>
                  {f.status === 'fined' ? t('Boete') : t('Voorgestelde boete (het tekort zoals het nu is)')}: <strong>{money(f.fine_cents)}</strong>
                </p>
              )}
              {f.decision?.note && (
                <p>
                  {t('Reden')}: {f.decision.note}
                </p>
              )}
              {session.role === 'municipality' && f.kind === 'obligation_shortfall' && f.status === 'open' && <FlagDecisionForm flag={f} finalHref={finalHref} onDecided={onDecided} />}
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

function FlagDecisionForm({ flag, finalHref, onDecided }: { flag: Flag; finalHref: string; onDecided: () => void }) {
  const [d, setD] = useState({ decision: '' as '' | 'fine' | 'waive', fine: centsToInput(flag.fine_cents), reason: '' });
  const { busy, error, setError, errors, setErrors, send } = useSubmit();
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
    await send(async () => {
      await flagsApi.decide(flag.id, d.decision === 'fine' ? { decision: 'fine', fine_cents: fine as number, reason: d.reason.trim() } : { decision: 'waive', reason: d.reason.trim() });
      onDecided();
    });
  };
  return (
    <form class="decision" onSubmit={submit} noValidate aria-labelledby={`fd-${flag.id}`}>
      <h3 id={`fd-${flag.id}`}>{t('Besluit over de boete')}</h3>
      {flag.final_report === 'submitted' && (
        <Alert kind="warning">
          <p>
            {t('Er ligt een eindrapportage die nog op een besluit wacht. Wordt die geaccepteerd en haalt zij de verplichting, dan vervalt deze signalering.')}{' '}
            <Link href={finalHref}>{t('Eindrapportage beoordelen')}</Link>
          </p>
        </Alert>
      )}
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
          {(p) => <EuroInput p={p} value={d.fine} onInput={(v) => setD({ ...d, fine: v })} />}
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
    else if (k === 'amends_revision') parts.push(t('wijziging van versie {n}', { n: String(v) }));
    else if (k === 'changes' && typeof v === 'object') parts.push(...changeDetails(v as Record<string, unknown>));
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

/** An amendment's changes: "Opdrachtwaarde € 400.000,00 → € 600.000,00". */
function changeDetails(changes: Record<string, unknown>): string[] {
  const labels = termLabels();
  // The obligation follows the terms, so it reads best last.
  const keys = Object.keys(changes).sort((a, b) => Number(a === 'obligation_cents') - Number(b === 'obligation_cents'));
  return keys.map((field) => {
    const c = changes[field] as { from?: unknown; to?: unknown } | null;
    return `${labels[field] ?? field.replace(/_/g, ' ')} ${termText(field, c?.from)} → ${termText(field, c?.to)}`;
  });
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

