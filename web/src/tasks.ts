// What needs doing, computed in the browser from GET /contracts and
// GET /flags (a GET /tasks may replace this later; the start pages only need
// a Task[]). Pure functions, so they are tested without a browser.
import type { Contract, Flag } from './api/client';
import { daysBetween } from './format';
import { contractPeriods } from './periods';

export type TaskKind =
  | 'decide_plan'
  | 'decide_report'
  | 'decide_flag'
  | 'flag'
  | 'registration_due'
  | 'plan_due'
  | 'report_due'
  | 'register'
  | 'submit_plan'
  | 'resubmit_plan'
  | 'await_plan'
  | 'submit_report'
  | 'resubmit_report'
  | 'next_report'
  | 'done';

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

/** The plan approval date in force: the written extension, or the original. */
export function planDue(c: Contract): string {
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

/**
 * The SR office's to-do list: decisions waiting (plans, reports, shortfall
 * flags), other open flags, and deadlines within `soonDays` (or passed and
 * not yet flagged).
 */
export function officeTasks(contracts: Contract[], openFlags: Flag[], today: string, soonDays = 14): Task[] {
  const tasks: Task[] = [];
  const flagged = new Set(openFlags.map((f) => `${f.contract_id}|${f.kind}|${f.period ?? ''}`));
  const soon = (d: string | null | undefined) => d != null && daysBetween(today, d) <= soonDays;
  for (const c of contracts) {
    if (c.status === 'plan_submitted') {
      tasks.push({ ...base(c), kind: 'decide_plan', due: planDue(c), href: contractHref(c.id, 'plan'), overdue: planDue(c) < today });
    }
    for (const r of c.reports) {
      if (r.status === 'submitted') {
        tasks.push({ ...base(c), kind: 'decide_report', period: r.period, due: r.due, href: reportHref(c.id, r.period), overdue: false });
      }
    }
    if (c.status === 'awaiting_registration' && soon(c.deadlines.registration_due) && !flagged.has(`${c.id}|registration_overdue|`)) {
      const due = c.deadlines.registration_due;
      tasks.push({ ...base(c), kind: 'registration_due', due, href: contractHref(c.id), overdue: due < today });
    }
    if (c.status !== 'plan_approved' && c.status !== 'plan_submitted' && soon(planDue(c)) && !flagged.has(`${c.id}|plan_overdue|`)) {
      tasks.push({ ...base(c), kind: 'plan_due', due: planDue(c), href: contractHref(c.id, 'plan'), overdue: planDue(c) < today });
    }
    const next = c.deadlines.next_report_due;
    if (c.status === 'plan_approved' && next && soon(next)) {
      const p = contractPeriods(c).find((x) => x.due === next && !c.reports.some((r) => r.period === x.key && r.status !== 'rejected'));
      if (!p || !flagged.has(`${c.id}|report_overdue|${p.key}`)) {
        tasks.push({ ...base(c), kind: 'report_due', due: next, ...(p ? { period: p.key } : {}), href: contractHref(c.id, 'rapportages'), overdue: next < today });
      }
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
  const order: TaskKind[] = ['decide_flag', 'decide_plan', 'decide_report', 'flag', 'registration_due', 'plan_due', 'report_due'];
  return tasks.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind) || byDue(a, b));
}

/** A contractor's next step on one contract, and by when. */
export function nextStep(c: Contract, today: string): Task {
  const b = base(c);
  switch (c.status) {
    case 'awaiting_registration':
      return { ...b, kind: 'register', due: c.deadlines.registration_due, href: contractHref(c.id, 'aanmelding'), overdue: c.deadlines.registration_due < today };
    case 'awaiting_plan':
      return { ...b, kind: 'submit_plan', due: planDue(c), href: `${contractHref(c.id)}/plan`, overdue: planDue(c) < today };
    case 'plan_rejected':
      return { ...b, kind: 'resubmit_plan', due: planDue(c), href: `${contractHref(c.id)}/plan`, overdue: planDue(c) < today };
    case 'plan_submitted':
      return { ...b, kind: 'await_plan', due: planDue(c), href: contractHref(c.id, 'plan'), overdue: false };
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
  return { ...b, kind: 'done', href: contractHref(c.id), overdue: false };
}

export interface MunicipalityFigures {
  municipality: string;
  contracts: number;
  obligationCents: number;
  acceptedCents: number;
  reportedCents: number;
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
      f = { municipality: m, contracts: 0, obligationCents: 0, acceptedCents: 0, reportedCents: 0, coverageBp: 0, openFlags: 0 };
      by.set(m, f);
    }
    return f;
  };
  for (const m of orgs) get(m);
  for (const c of contracts) {
    const f = get(c.municipality);
    f.contracts++;
    f.obligationCents += c.obligation.obligation_cents;
    // What is accepted counts up to the obligation, as remaining_cents does.
    f.acceptedCents += Math.min(c.realisation.accepted_cents, c.obligation.obligation_cents);
    f.reportedCents += c.realisation.reported_cents;
    f.openFlags += c.open_flags.length;
  }
  for (const f of by.values()) {
    f.coverageBp = f.obligationCents === 0 ? 10000 : Math.floor((f.acceptedCents * 10000) / f.obligationCents);
  }
  return [...by.values()].sort((a, b) => a.municipality.localeCompare(b.municipality));
}
