import { describe, expect, test } from 'vitest';
import { figures, nextStep, officeTasks } from '../src/tasks';
import { contract, flag, plan, realisation, registration, report } from './fixtures';

describe("the SR office's to-do list", () => {
  test('decisions first: shortfalls, plans and amendments, reports; then other flags and deadlines soon', () => {
    const a = contract({ id: 'a', reference: 'A', status: 'plan_submitted', registration, plan: plan('submitted') });
    const b = contract({ id: 'b', reference: 'B', status: 'plan_approved', registration, plan: plan('approved'), approved_plan: plan('approved'), reports: [report()] });
    const c = contract({ id: 'c', reference: 'C' });
    const d = contract({ id: 'd', reference: 'D', deadlines: { registration_due: '2026-05-01', plan_due: '2026-06-01', plan_due_max: '2026-07-01', next_report_due: null } });
    const e = contract({ id: 'e', reference: 'E', status: 'plan_approved', registration, plan: { ...plan('submitted'), revision: 2 }, approved_plan: plan('approved') });
    const f = flag({ contract_id: 'b', reference: 'B' });
    const tasks = officeTasks([a, b, c, d, e], [f], '2026-03-08');
    expect(tasks.map((t) => `${t.kind} ${t.reference}`)).toEqual(['decide_flag B', 'decide_plan A', 'decide_amendment E', 'decide_report B', 'registration_due C']);
    expect(tasks[0]?.href).toBe('/contracten/b#signaleringen');
    expect(tasks[2]?.href).toBe('/contracten/e#plan');
    expect(tasks[3]?.href).toBe('/contracten/b/rapportages/2026-Q2');
  });
  test('a passed deadline shows at once from the API’s overdue list, and once flagged only as the flag', () => {
    const c = contract({ overdue: [{ kind: 'registration_overdue', due: '2026-03-09' }] });
    const f = flag({ kind: 'registration_overdue', id: 'c_1.registration_overdue' });
    delete f.fine_cents;
    expect(officeTasks([c], [f], '2026-03-20').map((t) => t.kind)).toEqual(['flag']);
    expect(officeTasks([c], [], '2026-03-20').map((t) => [t.kind, t.overdue, t.due])).toEqual([['registration_due', true, '2026-03-09']]);
    // A report or the obligation: to the report, or the realisation.
    const r = contract({ status: 'plan_approved', registration, approved_plan: plan('approved'), overdue: [{ kind: 'report_overdue', period: '2026-Q2', due: '2026-07-31' }, { kind: 'obligation_shortfall', due: '2027-04-30' }] });
    expect(officeTasks([r], [], '2027-05-02').map((t) => [t.kind, t.href])).toEqual([
      ['shortfall_due', '/contracten/c_1#realisatie'],
      ['report_due', '/contracten/c_1/rapportages/2026-Q2'],
    ]);
  });
  test('a contract that asks nothing (more) asks no decisions and has no deadlines', () => {
    const gone = { deadlines: null, overdue: [] };
    const cs = [
      contract({ id: 'x', status: 'cancelled', ...gone, reports: [report()] }),
      contract({ id: 'y', status: 'no_obligation', ...gone }),
      contract({ id: 'z', status: 'closed', registration, approved_plan: plan('approved') }),
    ];
    expect(officeTasks(cs, [], '2026-03-08')).toEqual([]);
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
    const c = contract({ status: 'plan_approved', registration, plan: plan('approved'), approved_plan: plan('approved') });
    expect(nextStep(c, '2026-03-20')).toMatchObject({ kind: 'next_report', period: '2026-Q2', due: '2026-04-01' });
    expect(nextStep(c, '2026-05-10')).toMatchObject({ kind: 'submit_report', period: '2026-Q2', due: '2026-07-31', href: '/contracten/c_1/rapportages/2026-Q2' });
    const rejected = { ...c, reports: [report({ status: 'rejected' })] };
    expect(nextStep(rejected, '2026-08-10')).toMatchObject({ kind: 'resubmit_report', period: '2026-Q2', overdue: true });
  });
  test('nothing asked below the threshold, after the close or a cancellation', () => {
    expect(nextStep(contract({ status: 'no_obligation', deadlines: null }), '2026-03-03')).toMatchObject({ kind: 'no_obligation', href: '/contracten/c_1' });
    expect(nextStep(contract({ status: 'cancelled', deadlines: null, registration }), '2026-03-03').kind).toBe('cancelled');
    expect(nextStep(contract({ status: 'closed', registration, approved_plan: plan('approved') }), '2027-06-01').kind).toBe('closed');
  });
});

describe('the numbers per municipality', () => {
  test('obligation, accepted (up to the obligation), coverage and open flags; municipalities without contracts too', () => {
    const a = contract({ realisation: realisation({ accepted_cents: 3000000, remaining_cents: 0, coverage_bp: 12000 }) });
    const b = contract({ id: 'b', realisation: realisation({ accepted_cents: 500000, awaiting_decision_cents: 100, remaining_cents: 2000000, coverage_bp: 2000 }), open_flags: [flag()] });
    const f = figures([a, b], ['utrecht', 'soest']);
    expect(f).toEqual([
      { municipality: 'soest', contracts: 0, obligationCents: 0, acceptedCents: 0, awaitingDecisionCents: 0, coverageBp: 10000, openFlags: 0 },
      { municipality: 'utrecht', contracts: 2, obligationCents: 5000000, acceptedCents: 3000000, awaitingDecisionCents: 100, coverageBp: 6000, openFlags: 1 },
    ]);
  });
  test('a cancelled contract owes nothing, so it adds no obligation', () => {
    const c = contract({ status: 'cancelled', deadlines: null, realisation: realisation({ accepted_cents: 100000 }) });
    expect(figures([c], ['utrecht'])[0]).toMatchObject({ contracts: 1, obligationCents: 0, acceptedCents: 0, coverageBp: 10000 });
  });
});
