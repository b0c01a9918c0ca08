import { describe, expect, test } from 'vitest';
import { figures, nextStep, officeTasks } from '../src/tasks';
import { contract, flag, plan, registration } from './fixtures';

describe("the SR office's to-do list", () => {
  test('decisions first: shortfalls, plans, reports; then other flags and deadlines soon', () => {
    const a = contract({ id: 'a', reference: 'A', status: 'plan_submitted', registration, plan: plan('submitted') });
    const b = contract({
      id: 'b',
      reference: 'B',
      status: 'plan_approved',
      registration,
      plan: plan('approved'),
      reports: [{ period: '2026-Q2', start: '2026-04-01', end: '2026-06-30', due: '2026-07-31', revision: 1, status: 'submitted', submitted_at: 'x', submitted_by: 'y', late: false, value_cents: 1, evidence_count: 0 }],
    });
    const c = contract({ id: 'c', reference: 'C' });
    const d = contract({ id: 'd', reference: 'D', deadlines: { registration_due: '2026-05-01', plan_due: '2026-06-01', plan_due_max: '2026-07-01', next_report_due: null } });
    const f = flag({ contract_id: 'b', reference: 'B' });
    const tasks = officeTasks([a, b, c, d], [f], '2026-03-08');
    expect(tasks.map((t) => `${t.kind} ${t.reference}`)).toEqual(['decide_flag B', 'decide_plan A', 'decide_report B', 'registration_due C']);
    expect(tasks[0]?.href).toBe('/contracten/b#signaleringen');
    expect(tasks[2]?.href).toBe('/contracten/b/rapportages/2026-Q2');
  });
  test('a passed deadline already flagged is not listed twice', () => {
    const c = contract({ deadlines: { registration_due: '2026-03-09', plan_due: '2026-04-13', plan_due_max: '2026-05-25', next_report_due: null } });
    const f = flag({ kind: 'registration_overdue', id: 'c_1.registration_overdue' });
    delete f.fine_cents;
    expect(officeTasks([c], [f], '2026-03-20').map((t) => t.kind)).toEqual(['flag']);
    expect(officeTasks([c], [], '2026-03-20').map((t) => [t.kind, t.overdue])).toEqual([['registration_due', true]]);
  });
});

describe("a contractor's next step", () => {
  test('register, then the plan, then wait for the decision', () => {
    expect(nextStep(contract(), '2026-03-03')).toMatchObject({ kind: 'register', due: '2026-03-09', overdue: false });
    expect(nextStep(contract({ status: 'awaiting_plan', registration }), '2026-04-20')).toMatchObject({ kind: 'submit_plan', due: '2026-04-13', overdue: true, href: '/contracten/c_1/plan' });
    const extended = contract({ status: 'plan_rejected', registration, plan: plan('rejected'), deadlines: { registration_due: '2026-03-09', plan_due: '2026-04-13', plan_due_max: '2026-05-25', plan_extended_until: '2026-05-01', next_report_due: '2026-07-31' } });
    expect(nextStep(extended, '2026-04-20')).toMatchObject({ kind: 'resubmit_plan', due: '2026-05-01', overdue: false });
    expect(nextStep(contract({ status: 'plan_submitted', registration, plan: plan('submitted') }), '2026-04-01').kind).toBe('await_plan');
  });
  test('with an approved plan: the earliest period that has begun and has no report, else the next one', () => {
    const c = contract({ status: 'plan_approved', registration, plan: plan('approved') });
    expect(nextStep(c, '2026-03-20')).toMatchObject({ kind: 'next_report', period: '2026-Q2', due: '2026-04-01' });
    expect(nextStep(c, '2026-05-10')).toMatchObject({ kind: 'submit_report', period: '2026-Q2', due: '2026-07-31', href: '/contracten/c_1/rapportages/2026-Q2' });
    const rejected = { ...c, reports: [{ period: '2026-Q2', start: '2026-04-01', end: '2026-06-30', due: '2026-07-31', revision: 1, status: 'rejected' as const, submitted_at: 'x', submitted_by: 'y', late: false, value_cents: 1, evidence_count: 0 }] };
    expect(nextStep(rejected, '2026-08-10')).toMatchObject({ kind: 'resubmit_report', period: '2026-Q2', overdue: true });
  });
});

describe('the numbers per municipality', () => {
  test('obligation, accepted (up to the obligation), coverage and open flags; municipalities without contracts too', () => {
    const a = contract({ realisation: { accepted_cents: 3000000, reported_cents: 0, remaining_cents: 0, coverage_bp: 12000 } });
    const b = contract({ id: 'b', realisation: { accepted_cents: 500000, reported_cents: 100, remaining_cents: 2000000, coverage_bp: 2000 }, open_flags: [flag()] });
    const f = figures([a, b], ['utrecht', 'soest']);
    expect(f).toEqual([
      { municipality: 'soest', contracts: 0, obligationCents: 0, acceptedCents: 0, reportedCents: 0, coverageBp: 10000, openFlags: 0 },
      { municipality: 'utrecht', contracts: 2, obligationCents: 5000000, acceptedCents: 3000000, reportedCents: 100, coverageBp: 6000, openFlags: 1 },
    ]);
  });
});
