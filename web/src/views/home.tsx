// The start page: what needs doing, and (for the SR office) the numbers per
// municipality it serves.
import { contracts as contractsApi, flags as flagsApi, type Contract, type Flag } from '../api/client';
import { useApp } from '../app';
import { Bars } from '../components/chart';
import { DueText, TaskLabel } from '../components/tasks';
import { Alert, Badge, LoadError, Loading, Page, TableWrap, useResource } from '../components/ui';
import { municipalityName, useMunicipalities } from '../data';
import { money, moneyWhole, pct, today } from '../format';
import { t } from '../i18n';
import { periodLabel } from '../labels';
import { Link } from '../router';
import { figures, nextStep, officeTasks, restingKinds, type Task } from '../tasks';

export function HomeView() {
  const { session } = useApp();
  const data = useResource(async () => {
    const [cs, fs] = await Promise.all([contractsApi.all(), flagsApi.all('open')]);
    return { contracts: cs.items, complete: cs.complete, flags: fs.items };
  }, []);
  const title = t('Overzicht');
  if (data.error && !data.data) return <Page title={title}><LoadError error={data.error} retry={data.reload} /></Page>;
  if (!data.data) return <Page title={title}><Loading /></Page>;
  const { contracts, flags, complete } = data.data;
  return (
    <Page title={title}>
      {!complete && (
        <Alert kind="warning">
          <p>{t('Er zijn meer contracten dan deze pagina in één keer laadt; de cijfers gaan over de nieuwste.')}</p>
        </Alert>
      )}
      {session.role === 'municipality' ? <OfficeHome contracts={contracts} flags={flags} orgs={session.orgs} /> : <ContractorHome contracts={contracts} flags={flags} />}
    </Page>
  );
}

function OfficeHome({ contracts, flags, orgs }: { contracts: Contract[]; flags: Flag[]; orgs: string[] }) {
  const names = useMunicipalities();
  const day = today();
  const tasks = officeTasks(contracts, flags, day);
  const count = (k: Task['kind'][], overdue?: boolean) => tasks.filter((x) => k.includes(x.kind) && (overdue === undefined || x.overdue === overdue)).length;
  const deadlineKinds: Task['kind'][] = ['registration_due', 'plan_due', 'report_due', 'shortfall_due'];
  const figs = figures(contracts, orgs);
  const max = Math.max(1, ...figs.map((f) => f.obligationCents));
  return (
    <>
      <section aria-labelledby="todo-title">
        <h2 id="todo-title">{t('Te doen')}</h2>
        <ul class="stats">
          <li>
            <span class="stat-number">{count(['decide_plan', 'decide_amendment'])}</span> {t('plannen wachten op een besluit')}
          </li>
          <li>
            <span class="stat-number">{count(['decide_report'])}</span> {t('rapportages wachten op een besluit')}
          </li>
          <li>
            <span class="stat-number">{flags.length}</span> {t('open signaleringen')}
          </li>
          <li>
            <span class="stat-number">{count(deadlineKinds, false)}</span> {t('termijnen binnen 14 dagen')}
          </li>
          <li>
            <span class="stat-number">{count(deadlineKinds, true)}</span> {t('termijnen verstreken, nog niet gesignaleerd')}
          </li>
        </ul>
        {tasks.length === 0 ? (
          <p>{t('Er wacht niets op u.')}</p>
        ) : (
          <ul class="tasks">
            {tasks.map((task) => (
              <li key={`${task.kind}-${task.contractId}-${task.period ?? ''}-${task.flag?.id ?? ''}`} class={`task${task.overdue ? ' task-overdue' : ''}`}>
                <p class="task-what">
                  <TaskLabel task={task} />
                </p>
                <p class="task-contract">
                  <Link href={task.href}>
                    {task.reference}: {task.title}
                  </Link>
                  <span class="task-meta">
                    {' '}
                    · {task.contractorName} · {municipalityName(names, task.municipality)}
                  </span>
                </p>
                {task.due && (
                  <p class="task-due">
                    <DueText due={task.due} today={day} overdue={task.overdue} />
                  </p>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="figures-title">
        <h2 id="figures-title">{t('Cijfers per gemeente')}</h2>
        <TableWrap label={t('Cijfers per gemeente')}>
          <table>
            <caption class="visually-hidden">{t('Verplichting, geaccepteerde realisatie en open signaleringen per gemeente')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('Gemeente')}</th>
                <th scope="col" class="num">{t('Contracten')}</th>
                <th scope="col" class="num">{t('Verplichting')}</th>
                <th scope="col" class="num">{t('Geaccepteerd')}</th>
                <th scope="col" class="num">{t('Dekking')}</th>
                <th scope="col" class="num">{t('Open signaleringen')}</th>
              </tr>
            </thead>
            <tbody>
              {figs.map((f) => (
                <tr key={f.municipality}>
                  <th scope="row">{municipalityName(names, f.municipality)}</th>
                  <td class="num">{f.contracts}</td>
                  <td class="num">{money(f.obligationCents)}</td>
                  <td class="num">{money(f.acceptedCents)}</td>
                  <td class="num">{f.obligationCents ? pct(f.coverageBp) : '–'}</td>
                  <td class="num">{f.openFlags > 0 ? <Badge tone="bad">{f.openFlags}</Badge> : 0}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
        <Bars
          id="chart-municipalities"
          caption={t('Geaccepteerde realisatie tegenover de verplichting, per gemeente')}
          max={max}
          legend={[
            { tone: 'accepted', label: t('Geaccepteerd') },
            { tone: 'reported', label: t('Wacht op besluit') },
            { tone: 'obligation', label: t('Nog te realiseren') },
          ]}
          rows={figs.map((f) => ({
            label: municipalityName(names, f.municipality),
            segments: [
              { value: f.acceptedCents, tone: 'accepted' },
              { value: Math.min(f.awaitingDecisionCents, Math.max(0, f.obligationCents - f.acceptedCents)), tone: 'reported' },
              { value: Math.max(0, f.obligationCents - f.acceptedCents - f.awaitingDecisionCents), tone: 'obligation' },
            ],
            text: f.obligationCents
              ? t('{accepted} van {obligation} geaccepteerd ({pct})', { accepted: moneyWhole(f.acceptedCents), obligation: moneyWhole(f.obligationCents), pct: pct(f.coverageBp) })
              : t('geen verplichting'),
          }))}
        />
      </section>
    </>
  );
}

function ContractorHome({ contracts, flags }: { contracts: Contract[]; flags: Flag[] }) {
  const names = useMunicipalities();
  const day = today();
  const resting = (x: Task) => (restingKinds.has(x.kind) ? 1 : 0);
  const steps = contracts.map((c) => nextStep(c, day)).sort((a, b) => resting(a) - resting(b) || (a.due ?? '9').localeCompare(b.due ?? '9'));
  return (
    <>
      <section aria-labelledby="todo-title">
        <h2 id="todo-title">{t('Uw contracten: wat moet er gebeuren')}</h2>
        {steps.length === 0 ? (
          <p>{t('Er zijn nog geen contracten aan uw KvK-nummer gegund.')}</p>
        ) : (
          <ul class="tasks">
            {steps.map((s) => {
              const fl = flags.filter((f) => f.contract_id === s.contractId);
              return (
                <li key={s.contractId} class={`task${s.overdue ? ' task-overdue' : ''}`}>
                  <p class="task-contract">
                    <Link href={`/contracten/${encodeURIComponent(s.contractId)}`}>
                      {s.reference}: {s.title}
                    </Link>
                    <span class="task-meta"> · {municipalityName(names, s.municipality)}</span>
                  </p>
                  <p class="task-what">
                    <TaskLabel task={s} />
                    {!restingKinds.has(s.kind) && s.kind !== 'await_plan' && s.kind !== 'next_report' && (
                      <>
                        {' '}
                        <Link href={s.href} class="button small">
                          {actionText(s)}
                        </Link>
                      </>
                    )}
                  </p>
                  {s.due && !restingKinds.has(s.kind) && (
                    <p class="task-due">
                      <DueText due={s.due} today={day} overdue={s.overdue} prefix={s.kind === 'next_report' ? 'from' : 'by'} />
                    </p>
                  )}
                  {fl.length > 0 && (
                    <p class="task-flags">
                      <Badge tone="bad">
                        {fl.length === 1 ? t('1 open signalering') : t('{n} open signaleringen', { n: fl.length })}
                      </Badge>
                    </p>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </section>
    </>
  );
}

function actionText(s: Task): string {
  switch (s.kind) {
    case 'register':
      return t('Aanmelden');
    case 'submit_plan':
      return t('Plan opstellen');
    case 'resubmit_plan':
      return t('Plan aanpassen');
    case 'submit_report':
    case 'resubmit_report':
      return t('Rapportage {period} invullen', { period: periodLabel(s.period ?? '') });
    default:
      return t('Bekijken');
  }
}
