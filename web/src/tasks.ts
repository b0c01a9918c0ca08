// What needs doing, computed in the browser from GET /contracts and
// GET /flags (a GET /tasks may replace this later; the start pages only need
// a Task[]). Pure functions, so they are tested without a browser.
import type { Contract, Flag, FlagKind } from './api/client';
import { daysBetween } from './format';
import { isActive } from './labels';
import { contractPeriods } from './periods';

export type TaskKind =
  | 'decide_plan'
  | 'decide_amendment'
  | 'decide_report'
  | 'decide_flag'
  | 'flag'
  | 'registration_due'
  | 'plan_due'
  | 'report_due'
  | 'shortfall_due'
  | 'register'
  | 'submit_plan'
  | 'resubmit_plan'
  | 'await_plan'
  | 'submit_report'
  | 'resubmit_report'
  | 'next_report'
  | 'done'
  | 'no_obligation'
  | 'closed'
  | 'cancelled';

/** The kinds of a contractor's step that ask nothing (more). */
export const restingKinds: ReadonlySet<TaskKind> = new Set<TaskKind>(['done', 'no_obligation', 'closed', 'cancelled']);

export interface Task {
  kind: TaskKind;
  contractId: string;
  reference: string;
  title: string;
  municipality: string;
  contractorName: string;
  /** The date it is due by, when there is one. */
  due?: string;
  period?: string;
  flag?: Flag;
  /** The page to do it on. */
  href: string;
  overdue: boolean;
}

/** The plan approval date in force (the written extension, or the original); null when nothing is owed. */
export function planDue(c: Contract): string | null {
  if (!c.deadlines) return null;
  return c.deadlines.plan_extended_until ?? c.deadlines.plan_due;
}

function base(c: Contract): Pick<Task, 'contractId' | 'reference' | 'title' | 'municipality' | 'contractorName'> {
  return { contractId: c.id, reference: c.reference, title: c.title, municipality: c.municipality, contractorName: c.contractor_name };
}

const contractHref = (id: string, anchor = '') => `/contracten/${encodeURIComponent(id)}${anchor ? '#' + anchor : ''}`;
const reportHref = (id: string, period: string) => `/contracten/${encodeURIComponent(id)}/rapportages/${encodeURIComponent(period)}`;

function byDue(a: Task, b: Task): number {
  return (a.due ?? '9999-12-31').localeCompare(b.due ?? '9999-12-31') || a.reference.localeCompare(b.reference);
}

const overdueTask: Record<FlagKind, { kind: TaskKind; anchor: string }> = {
  registration_overdue: { kind: 'registration_due', anchor: 'aanmelding' },
  plan_overdue: { kind: 'plan_due', anchor: 'plan' },
  report_overdue: { kind: 'report_due', anchor: 'rapportages' },
  obligation_shortfall: { kind: 'shortfall_due', anchor: 'realisatie' },
};

/**
 * The SR office's to-do list: decisions waiting (plans and their
 * amendments, reports, shortfall flags), other open flags, deadlines
 * passed and not yet flagged (the API's `overdue`, so they show at once),
 * and deadlines within `soonDays`.
 */
export function officeTasks(contracts: Contract[], openFlags: Flag[], today: string, soonDays = 14): Task[] {
  const tasks: Task[] = [];
  const flagged = new Set(openFlags.map((f) => `${f.contract_id}|${f.kind}|${f.period ?? ''}`));
  const soon = (d: string | null | undefined): d is string => d != null && d >= today && daysBetween(today, d) <= soonDays;
  for (const c of contracts) {
    // A cancelled, closed or unobligated contract asks no decisions and has no deadlines left.
    if (!isActive(c.status)) continue;
    const late = new Set(c.overdue.map((o) => `${o.kind}|${o.period ?? ''}`));
    const planLate = late.has('plan_overdue|');
    if (c.status === 'plan_submitted') {
      tasks.push({ ...base(c), kind: 'decide_plan', ...dueOf(planDue(c)), href: contractHref(c.id, 'plan'), overdue: planLate });
    }
    if (c.status === 'plan_approved' && c.plan?.status === 'submitted') {
      tasks.push({ ...base(c), kind: 'decide_amendment', href: contractHref(c.id, 'plan'), overdue: false });
    }
    for (const r of c.reports) {
      if (r.status === 'submitted') {
        tasks.push({ ...base(c), kind: 'decide_report', period: r.period, due: r.due, href: reportHref(c.id, r.period), overdue: false });
      }
    }
    for (const o of c.overdue) {
      if (flagged.has(`${c.id}|${o.kind}|${o.period ?? ''}`)) continue;
      // A submitted plan is on the list as a decision already.
      if (o.kind === 'plan_overdue' && c.status === 'plan_submitted') continue;
      const x = overdueTask[o.kind];
      const href = o.kind === 'report_overdue' && o.period ? reportHref(c.id, o.period) : contractHref(c.id, x.anchor);
      tasks.push({ ...base(c), kind: x.kind, due: o.due, ...(o.period ? { period: o.period } : {}), href, overdue: true });
    }
    const d = c.deadlines;
    if (!d) continue;
    if (c.status === 'awaiting_registration' && soon(d.registration_due)) {
      tasks.push({ ...base(c), kind: 'registration_due', due: d.registration_due, href: contractHref(c.id), overdue: false });
    }
    const pd = planDue(c);
    if ((c.status === 'awaiting_registration' || c.status === 'awaiting_plan' || c.status === 'plan_rejected') && soon(pd)) {
      tasks.push({ ...base(c), kind: 'plan_due', due: pd, href: contractHref(c.id, 'plan'), overdue: false });
    }
    const next = d.next_report_due;
    if (c.status === 'plan_approved' && soon(next)) {
      const p = contractPeriods(c).find((x) => x.due === next && !c.reports.some((r) => r.period === x.key && r.status !== 'rejected'));
      tasks.push({ ...base(c), kind: 'report_due', due: next, ...(p ? { period: p.key } : {}), href: contractHref(c.id, 'rapportages'), overdue: false });
    }
  }
  for (const f of openFlags) {
    const t: Task = {
      kind: f.kind === 'obligation_shortfall' ? 'decide_flag' : 'flag',
      contractId: f.contract_id,
      reference: f.reference,
      title: f.title,
      municipality: f.municipality,
      contractorName: f.contractor_name,
      due: f.due,
      flag: f,
      href: contractHref(f.contract_id, 'signaleringen'),
      overdue: true,
    };
    if (f.period) t.period = f.period;
    tasks.push(t);
  }
  const order: TaskKind[] = ['decide_flag', 'decide_plan', 'decide_amendment', 'decide_report', 'flag', 'shortfall_due', 'registration_due', 'plan_due', 'report_due'];
  return tasks.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind) || byDue(a, b));
}

function dueOf(d: string | null): { due?: string } {
  return d ? { due: d } : {};
}

/** A contractor's next step on one contract, and by when. */
export function nextStep(c: Contract, today: string): Task {
  const b = base(c);
  const d = c.deadlines;
  const resting = (kind: TaskKind): Task => ({ ...b, kind, href: contractHref(c.id), overdue: false });
  switch (c.status) {
    case 'no_obligation':
    case 'closed':
    case 'cancelled':
      return resting(c.status);
    case 'awaiting_registration':
      if (!d) break;
      return { ...b, kind: 'register', due: d.registration_due, href: contractHref(c.id, 'aanmelding'), overdue: d.registration_due < today };
    case 'awaiting_plan':
    case 'plan_rejected': {
      const due = planDue(c);
      return { ...b, kind: c.status === 'awaiting_plan' ? 'submit_plan' : 'resubmit_plan', ...dueOf(due), href: `${contractHref(c.id)}/plan`, overdue: due != null && due < today };
    }
    case 'plan_submitted':
      return { ...b, kind: 'await_plan', ...dueOf(planDue(c)), href: contractHref(c.id, 'plan'), overdue: false };
    default:
      break;
  }
  const ps = contractPeriods(c);
  const open = ps
    .filter((p) => {
      const r = c.reports.find((x) => x.period === p.key);
      return !r || r.status === 'rejected';
    })
    .sort((x, y) => x.due.localeCompare(y.due));
  const begun = open.filter((p) => p.start <= today);
  const p = begun[0];
  if (p) {
    const rejected = c.reports.some((r) => r.period === p.key && r.status === 'rejected');
    return { ...b, kind: rejected ? 'resubmit_report' : 'submit_report', period: p.key, due: p.due, href: reportHref(c.id, p.key), overdue: p.due < today };
  }
  const later = open[0];
  if (later) return { ...b, kind: 'next_report', period: later.key, due: later.start, href: contractHref(c.id, 'rapportages'), overdue: false };
  return resting('done');
}

export interface MunicipalityFigures {
  municipality: string;
  contracts: number;
  obligationCents: number;
  acceptedCents: number;
  awaitingDecisionCents: number;
  /** accepted / obligation in basis points (10000 when nothing is owed). */
  coverageBp: number;
  openFlags: number;
}

/** The numbers per municipality the office serves (every municipality in orgs, also those without contracts). */
export function figures(contracts: Contract[], orgs: string[]): MunicipalityFigures[] {
  const by = new Map<string, MunicipalityFigures>();
  const get = (m: string) => {
    let f = by.get(m);
    if (!f) {
      f = { municipality: m, contracts: 0, obligationCents: 0, acceptedCents: 0, awaitingDecisionCents: 0, coverageBp: 0, openFlags: 0 };
      by.set(m, f);
    }
    return f;
  };
  for (const m of orgs) get(m);
  for (const c of contracts) {
    const f = get(c.municipality);
    f.contracts++;
    f.openFlags += c.open_flags.length;
    // A cancelled contract owes nothing any more, so it adds no obligation.
    if (c.status === 'cancelled') continue;
    f.obligationCents += c.obligation.obligation_cents;
    // What is accepted counts up to the obligation, as remaining_cents does.
    f.acceptedCents += Math.min(c.realisation.accepted_cents, c.obligation.obligation_cents);
    f.awaitingDecisionCents += c.realisation.awaiting_decision_cents;
  }
  for (const f of by.values()) {
    f.coverageBp = f.obligationCents === 0 ? 10000 : Math.floor((f.acceptedCents * 10000) / f.obligationCents);
  }
  return [...by.values()].sort((a, b) => a.municipality.localeCompare(b.municipality));
}
