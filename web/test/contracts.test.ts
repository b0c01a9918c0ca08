import { describe, expect, test } from 'vitest';
import type { Event } from '../src/api/client';
import { actionLabel, statusLabel } from '../src/labels';
import { eventDetails, finalReportText, milestones, overdueLabel } from '../src/views/contract';
import { amendDraft, toAmendment } from '../src/views/contract-changes';
import { pendingAmendment } from '../src/views/contract-plan';
import { filterContracts, nextDeadline, statusTone } from '../src/views/contracts';
import { contract, flag, plan, realisation, registration } from './fixtures';

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
  approved_plan: plan('approved'),
  realisation: realisation({ accepted_cents: 1, remaining_cents: 1, coverage_bp: 5000 }),
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
  test('the next deadline is the one the contract stands before; none once nothing is asked', () => {
    expect(nextDeadline(a)).toBe('2026-03-09');
    expect(nextDeadline(b)).toBe('2026-07-31');
    expect(nextDeadline(contract({ status: 'cancelled', deadlines: null }))).toBeNull();
    expect(nextDeadline(contract({ status: 'closed' }))).toBeNull();
  });
  test('statuses that ask nothing (more) read neutral', () => {
    expect(['no_obligation', 'closed', 'cancelled'].map(statusTone)).toEqual(['neutral', 'neutral', 'neutral']);
    expect(statusLabel('no_obligation')).toBe('Geen verplichting');
    expect(statusLabel('cancelled')).toBe('Geannuleerd');
  });
});

describe('the contract page', () => {
  test('the timeline puts every date in order, with where each stands; late as the API says', () => {
    const late = { ...b, overdue: [{ kind: 'report_overdue' as const, period: '2026-Q2', due: '2026-07-31' }] };
    const m = milestones(late, '2026-08-05');
    expect(m.map((x) => x.on)).toEqual([...m.map((x) => x.on)].sort());
    const q2 = m.find((x) => x.label.includes('2e kwartaal 2026'));
    expect(q2?.state?.text).toBe('te laat');
    // A closed contract asks no more reports: a passed period lapsed.
    const closed = milestones({ ...b, status: 'closed' }, '2026-08-05').find((x) => x.label.includes('2e kwartaal 2026'));
    expect(closed?.state?.text).toBe('niet ingediend');
  });
  test('a registration passed unmet shows late at once, before any flag', () => {
    const c = contract({ overdue: [{ kind: 'registration_overdue', due: '2026-03-09' }] });
    expect(milestones(c, '2026-03-20').find((x) => x.label === 'Aanmelden uiterlijk')?.state).toEqual({ text: 'te laat', tone: 'bad' });
    expect(milestones(contract(), '2026-03-05').find((x) => x.label === 'Aanmelden uiterlijk')?.state).toEqual({ text: 'open', tone: 'warn' });
    expect(overdueLabel({ kind: 'report_overdue', period: '2026-Q2', due: '2026-07-31' })).toBe('Rapportage 2e kwartaal 2026');
  });
  test('a cancelled contract has no deadlines: only its dates and periods', () => {
    const m = milestones(contract({ status: 'cancelled', deadlines: null }), '2026-05-01');
    expect(m.some((x) => x.label === 'Aanmelden uiterlijk')).toBe(false);
    expect(m.some((x) => x.label === 'Einde contract')).toBe(true);
  });
  test('history details in words', () => {
    const e: Event = { contract_id: 'c', seq: 5, at: '2026-03-05T10:00:00+01:00', actor: 'u', role: 'contractor', action: 'report_submitted', data: { late: true, period: '2026-Q2', revision: 2, value_cents: 777778 } };
    expect(eventDetails(e).replace(/\u00a0/g, ' ')).toBe('te laat · 2e kwartaal 2026 · versie 2 · waarde € 7.777,78');
    const f: Event = { ...e, action: 'flags_raised', data: { flag_ids: ['c.report_overdue.2026-Q2', 'c.obligation_shortfall'] } };
    expect(eventDetails(f)).toBe('Rapportage te laat (2e kwartaal 2026), Verplichting niet gehaald');
  });
  test('an amendment names each change, from and to, the obligation last, and the reason', () => {
    const e: Event = {
      contract_id: 'c',
      seq: 7,
      at: '2026-05-05T10:00:00+02:00',
      actor: 'u',
      role: 'municipality',
      action: 'contract_amended',
      data: {
        changes: { obligation_cents: { from: 2000000, to: 3000000 }, ends_on: { from: '2027-03-31', to: '2026-12-31' }, value_cents: { from: 40000000, to: 60000000 }, reporting: { from: 'quarterly', to: 'semiannual' } },
        reason: 'brief van 2 mei',
      },
    };
    expect(actionLabel(e.action)).toBe('Afspraken gewijzigd');
    expect(eventDetails(e).replace(/\u00a0/g, ' ')).toBe(
      'Einddatum 31-03-2027 → 31-12-2026 · Opdrachtwaarde € 400.000,00 → € 600.000,00 · Rapportage Per kwartaal → Per half jaar · Verplichting € 20.000,00 → € 30.000,00 · reden: brief van 2 mei',
    );
    const c: Event = { ...e, action: 'contract_cancelled', data: { reason: 'aanbesteding ingetrokken' } };
    expect(`${actionLabel(c.action)}: ${eventDetails(c)}`).toBe('Opdracht geannuleerd: reden: aanbesteding ingetrokken');
    const p: Event = { ...e, action: 'plan_submitted', data: { revision: 2, plan_value_cents: 100, items: 1, amends_revision: 1 } };
    expect(eventDetails(p).replace(/\u00a0/g, ' ')).toBe('versie 2 · waarde € 1,00 · 1 regels · wijziging van versie 1');
  });
  test('a shortfall flag tells where the final report stands', () => {
    expect(finalReportText('submitted')).toBe('ingediend en wacht op een besluit; kan de verplichting nog halen');
    expect(finalReportText(undefined)).toBe('nog niet ingediend');
  });
});

describe('amending a contract', () => {
  const c = contract({ value_cents: 40000000, percentage_bp: 500, starts_on: '2026-04-01', ends_on: '2027-03-31' });
  test('sends only the terms that change, with the reason, and says what changes', () => {
    const d = { ...amendDraft(c, 'amend'), value: '600.000', reporting: 'semiannual', reason: ' brief van 2 mei ' };
    const r = toAmendment(c, d, 'amend');
    expect(r.errors).toEqual({});
    expect(r.req).toEqual({ value_cents: 60000000, reporting: 'semiannual', reason: 'brief van 2 mei' });
    expect(r.changes.map((x) => `${x.label}: ${x.from} → ${x.to}`.replace(/\u00a0/g, ' '))).toEqual(['Opdrachtwaarde: € 400.000,00 → € 600.000,00', 'Rapportage: Per kwartaal → Per half jaar']);
  });
  test('the form starts from the terms as they are', () => {
    expect(amendDraft(c, 'amend')).toMatchObject({ value: '400.000', percentage: '5', starts_on: '01-04-2026', ends_on: '31-03-2027', reporting: 'quarterly' });
    expect(amendDraft(c, 'end').ends_on).toBe('');
  });
  test('a reason and at least one change are needed', () => {
    expect(toAmendment(c, amendDraft(c, 'amend'), 'amend').errors).toEqual({ reason: ['Vul de reden in; nieuwe afspraken worden schriftelijk vastgelegd.'] });
    expect(toAmendment(c, { ...amendDraft(c, 'amend'), reason: 'x' }, 'amend').errors).toEqual({ amendment: ['Wijzig ten minste één afspraak.'] });
  });
  test('an early end must come before the current end and not before the start', () => {
    const end = (ends_on: string) => toAmendment(c, { ...amendDraft(c, 'end'), ends_on, reason: 'x' }, 'end');
    expect(end('').errors).toEqual({ ends_on: ['Vul een datum in.'] });
    expect(end('30-06-2027').errors.ends_on).toEqual(['Kies een datum vóór de huidige einddatum (31-03-2027).']);
    expect(end('31-03-2026').errors.ends_on).toEqual(['De einddatum ligt vóór de startdatum.']);
    expect(end('31-12-2026').req).toEqual({ ends_on: '2026-12-31', reason: 'x' });
  });
});

describe('a plan amendment', () => {
  test('is the latest revision while another is in force', () => {
    const approved = plan('approved');
    expect(pendingAmendment({ plan: approved, approved_plan: approved })).toBeNull();
    expect(pendingAmendment({ plan: { ...plan('submitted'), revision: 2 }, approved_plan: approved })?.revision).toBe(2);
    expect(pendingAmendment({ plan: plan('submitted'), approved_plan: null })).toBeNull();
  });
});
