import type { Contract, Flag, ReportSummary } from '../src/api/client';

/** A contract as GET /contracts/{id} answers it, with what a test changes. */
export function contract(p: Partial<Contract> = {}): Contract {
  const obligation = {
    municipality: 'utrecht',
    catalog_version: '2019',
    on: '2026-03-02',
    applies: true,
    threshold_cents: 10000000,
    contract_value_cents: 50000000,
    percentage_bp: 500,
    gross_obligation_cents: 2500000,
    pso_discount_bp: 0,
    obligation_cents: 2500000,
    plan_value_cents: 0,
    coverage_bp: 0,
    shortfall_cents: 2500000,
    lines: [],
  };
  return {
    id: 'c_1',
    municipality: 'utrecht',
    reference: 'UTR-1',
    title: 'Groen',
    contractor_kvk: '12345678',
    contractor_name: 'Groen BV',
    value_cents: 50000000,
    percentage_bp: 500,
    pso_level: 0,
    social_award_criterion: false,
    awarded_on: '2026-03-02',
    starts_on: '2026-04-01',
    ends_on: '2027-03-31',
    reporting: 'quarterly',
    status: 'awaiting_registration',
    obligation,
    deadlines: { registration_due: '2026-03-09', plan_due: '2026-04-13', plan_due_max: '2026-05-25', next_report_due: '2026-07-31' },
    overdue: [],
    registration: null,
    plan: null,
    approved_plan: null,
    reports: [],
    realisation: realisation(),
    flags: [],
    open_flags: [],
    created_at: '2026-03-02T10:00:00+01:00',
    updated_at: '2026-03-02T10:00:00+01:00',
    version: 1,
    ...p,
  };
}

export function flag(p: Partial<Flag> = {}): Flag {
  return {
    id: 'c_1.obligation_shortfall',
    contract_id: 'c_1',
    municipality: 'utrecht',
    contractor_kvk: '12345678',
    reference: 'UTR-1',
    title: 'Groen',
    contractor_name: 'Groen BV',
    kind: 'obligation_shortfall',
    due: '2027-04-30',
    raised_at: '2027-05-01T06:00:00+02:00',
    status: 'open',
    resolved_at: null,
    fine_cents: 2500000,
    ...p,
  };
}

export const registration = { registered_at: '2026-03-05T10:00:00+01:00', late: false, contact: { name: 'A', email: 'a@b.nl' }, language: 'nl' as const };

export function plan(status: 'submitted' | 'approved' | 'rejected') {
  return { revision: 1, status, submitted_at: '2026-03-06T10:00:00+01:00', submitted_by: 'x', plan_value_cents: 3000000, coverage_bp: 12000, catalog_version: '2019' };
}

export function realisation(p: Partial<Contract['realisation']> = {}): Contract['realisation'] {
  return { accepted_cents: 0, awaiting_decision_cents: 0, remaining_cents: 2500000, coverage_bp: 0, people_reached: 0, durable_jobs: 0, ...p };
}

export function report(p: Partial<ReportSummary> = {}): ReportSummary {
  return { period: '2026-Q2', start: '2026-04-01', end: '2026-06-30', due: '2026-07-31', revision: 1, status: 'submitted', submitted_at: 'x', submitted_by: 'y', late: false, value_cents: 1, evidence_count: 0, candidates: 0, ...p };
}
