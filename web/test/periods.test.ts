import { describe, expect, test } from 'vitest';
import { dueAfter, overduePeriods, periods, periodState } from '../src/periods';

describe('reporting periods as the API computes them', () => {
  test('quarters cut to the contract, due at the end of the month after the calendar quarter, then the final report', () => {
    expect(periods('quarterly', '2025-02-01', '2025-06-30')).toEqual([
      { key: '2025-Q1', start: '2025-02-01', end: '2025-03-31', due: '2025-04-30' },
      { key: '2025-Q2', start: '2025-04-01', end: '2025-06-30', due: '2025-07-31' },
      { key: 'final', start: '2025-02-01', end: '2025-06-30', due: '2025-07-31' },
    ]);
  });
  test('a contract ending mid-quarter: the cut-short quarter is due with the final report', () => {
    const ps = periods('quarterly', '2026-04-01', '2027-02-15');
    expect(ps.map((p) => p.key)).toEqual(['2026-Q2', '2026-Q3', '2026-Q4', '2027-Q1', 'final']);
    expect(ps[3]).toEqual({ key: '2027-Q1', start: '2027-01-01', end: '2027-02-15', due: '2027-03-31' });
    expect(ps[4]?.due).toBe('2027-03-31');
    // Cut only at the start: the calendar due date stays.
    expect(ps[0]).toEqual({ key: '2026-Q2', start: '2026-04-01', end: '2026-06-30', due: '2026-07-31' });
  });
  test('half years and final only', () => {
    expect(periods('semiannual', '2026-03-01', '2027-03-31').map((p) => `${p.key} ${p.due}`)).toEqual(['2026-H1 2026-07-31', '2026-H2 2027-01-31', '2027-H1 2027-04-30', 'final 2027-04-30']);
    expect(periods('final', '2026-03-01', '2027-03-31').map((p) => p.key)).toEqual(['final']);
  });
  test('due dates across the year end and in February', () => {
    expect(dueAfter('2026-12-31')).toBe('2027-01-31');
    expect(dueAfter('2028-01-15')).toBe('2028-02-29');
  });
  test('where a period stands', () => {
    const [q1] = periods('quarterly', '2025-02-01', '2025-06-30');
    if (!q1) throw new Error('no period');
    expect(periodState(q1, [], '2025-01-15')).toBe('not_begun');
    expect(periodState(q1, [], '2025-04-01')).toBe('open');
    expect(periodState(q1, [], '2025-05-01')).toBe('overdue');
  });
  test('with the API’s overdue list, a passed period is late only when the API says so', () => {
    const [q1] = periods('quarterly', '2025-02-01', '2025-06-30');
    if (!q1) throw new Error('no period');
    expect(periodState(q1, [], '2025-05-01', new Set(['2025-Q1']))).toBe('overdue');
    // A closed or cancelled contract lists nothing overdue: the report lapsed.
    expect(periodState(q1, [], '2025-05-01', new Set())).toBe('lapsed');
    expect(periodState(q1, [], '2025-04-01', new Set())).toBe('open');
    // A contract that asks no more reports: passed ones were not handed in, later ones are void.
    expect(periodState(q1, [], '2025-05-01', new Set(), false)).toBe('lapsed');
    expect(periodState(q1, [], '2025-01-15', new Set(), false)).toBe('void');
    expect(overduePeriods({ overdue: [{ kind: 'registration_overdue', due: '2025-01-13' }, { kind: 'report_overdue', period: '2025-Q1', due: '2025-04-30' }] })).toEqual(new Set(['2025-Q1']));
  });
});
