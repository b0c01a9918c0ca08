import { describe, expect, test } from 'vitest';
import type { Event } from '../src/api/client';
import { eventDetails, milestones } from '../src/views/contract';
import { filterContracts, nextDeadline } from '../src/views/contracts';
import { contract, flag, plan, registration } from './fixtures';

const a = contract({ id: 'a', reference: 'UTR-10', title: 'Schoonmaak', contractor_name: 'Schoon BV', created_at: '2026-03-01T10:00:00+01:00' });
const b = contract({
  id: 'b',
  reference: 'UTR-9',
  title: 'Groenonderhoud',
  municipality: 'soest',
  status: 'plan_approved',
  registration,
  plan: plan('approved'),
  open_flags: [flag()],
  created_at: '2026-03-02T10:00:00+01:00',
  realisation: { accepted_cents: 1, reported_cents: 0, remaining_cents: 1, coverage_bp: 5000 },
});
const all = [a, b];
const q = { search: '', municipality: '', status: '', flagged: false, sort: 'newest' as const };

describe('the contracts list', () => {
  test('searches reference, title, contractor and KvK, without case', () => {
    expect(filterContracts(all, { ...q, search: 'SCHOON' }).map((c) => c.id)).toEqual(['a']);
    expect(filterContracts(all, { ...q, search: '12345678' })).toHaveLength(2);
  });
  test('filters on municipality, status and open flags', () => {
    expect(filterContracts(all, { ...q, municipality: 'soest' }).map((c) => c.id)).toEqual(['b']);
    expect(filterContracts(all, { ...q, status: 'awaiting_registration' }).map((c) => c.id)).toEqual(['a']);
    expect(filterContracts(all, { ...q, flagged: true }).map((c) => c.id)).toEqual(['b']);
  });
  test('sorts newest first, by reference as people count, by next deadline or by coverage', () => {
    expect(filterContracts(all, q).map((c) => c.id)).toEqual(['b', 'a']);
    expect(filterContracts(all, { ...q, sort: 'reference' }).map((c) => c.reference)).toEqual(['UTR-9', 'UTR-10']);
    expect(filterContracts(all, { ...q, sort: 'due' }).map((c) => c.id)).toEqual(['a', 'b']);
    expect(filterContracts(all, { ...q, sort: 'coverage' }).map((c) => c.id)).toEqual(['a', 'b']);
  });
  test('the next deadline is the one the contract stands before', () => {
    expect(nextDeadline(a)).toBe('2026-03-09');
    expect(nextDeadline(b)).toBe('2026-07-31');
  });
});

describe('the contract page', () => {
  test('the timeline puts every date in order, with where each stands', () => {
    const m = milestones(b, '2026-08-05');
    expect(m.map((x) => x.on)).toEqual([...m.map((x) => x.on)].sort());
    const q2 = m.find((x) => x.label.includes('2e kwartaal 2026'));
    expect(q2?.state?.text).toBe('te laat');
  });
  test('history details in words', () => {
    const e: Event = { contract_id: 'c', seq: 5, at: '2026-03-05T10:00:00+01:00', actor: 'u', role: 'contractor', action: 'report_submitted', data: { late: true, period: '2026-Q2', revision: 2, value_cents: 777778 } };
    expect(eventDetails(e).replace(/\u00a0/g, ' ')).toBe('te laat · 2e kwartaal 2026 · versie 2 · waarde € 7.777,78');
    const f: Event = { ...e, action: 'flags_raised', data: { flag_ids: ['c.report_overdue.2026-Q2', 'c.obligation_shortfall'] } };
    expect(eventDetails(f)).toBe('Rapportage te laat (2e kwartaal 2026), Verplichting niet gehaald');
  });
});
