// Words for the API's codes. Every code the API names has an entry here; a
// code added later shows as itself until it gets one.
import type { BlockKind, ContractStatus, EvidenceKind, EvidenceReason, FlagKind, Reporting } from './api/client';
import { type Key, t, tMaybe } from './i18n';

const contractStatus: Record<ContractStatus, Key> = {
  awaiting_registration: 'Wacht op aanmelding',
  awaiting_plan: 'Wacht op plan',
  plan_submitted: 'Plan ingediend',
  plan_rejected: 'Plan afgewezen',
  plan_approved: 'Plan goedgekeurd',
  no_obligation: 'Geen verplichting',
  closed: 'Afgesloten',
  cancelled: 'Geannuleerd',
};
export const contractStatuses = Object.keys(contractStatus) as ContractStatus[];
export function statusLabel(s: string): string {
  const k = contractStatus[s as ContractStatus];
  return k ? t(k) : s;
}

/** The statuses in which nothing more is asked of the contractor. */
const ended: ReadonlySet<string> = new Set<ContractStatus>(['no_obligation', 'closed', 'cancelled']);
export function isActive(s: ContractStatus): boolean {
  return !ended.has(s);
}

const revisionStatus: Record<string, Key> = {
  submitted: 'Ingediend',
  approved: 'Goedgekeurd',
  accepted: 'Geaccepteerd',
  rejected: 'Afgewezen',
};
export function decisionStatusLabel(s: string): string {
  const k = revisionStatus[s];
  return k ? t(k) : s;
}

const flagKind: Record<FlagKind, Key> = {
  registration_overdue: 'Aanmelding te laat',
  plan_overdue: 'Plan niet op tijd goedgekeurd',
  report_overdue: 'Rapportage te laat',
  obligation_shortfall: 'Verplichting niet gehaald',
};
export function flagKindLabel(k: string): string {
  const key = flagKind[k as FlagKind];
  return key ? t(key) : k;
}

const flagStatus: Record<string, Key> = {
  open: 'Open',
  resolved: 'Opgelost',
  fined: 'Boete opgelegd',
  waived: 'Kwijtgescholden',
};
export function flagStatusLabel(s: string): string {
  const k = flagStatus[s];
  return k ? t(k) : s;
}

const evidenceKind: Record<EvidenceKind, Key> = {
  invoice: 'Factuur',
  payslip: 'Loonstrook',
  employment_contract: 'Arbeidsovereenkomst',
  attendance: 'Presentielijst',
  certificate: 'Certificaat of diploma',
  other: 'Overig',
};
export const evidenceKinds = Object.keys(evidenceKind) as EvidenceKind[];
export function evidenceKindLabel(k: string): string {
  const key = evidenceKind[k as EvidenceKind];
  return key ? t(key) : k;
}
/** Kinds that hold a candidate's personal data: consent must be confirmed. */
export const needsConsent: ReadonlySet<string> = new Set(['payslip', 'employment_contract', 'attendance']);

const evidenceStatus: Record<string, Key> = {
  awaiting_upload: 'Wordt gecontroleerd',
  unverified: 'Wordt gecontroleerd',
  verified: 'Goedgekeurd bij controle',
  rejected: 'Geweigerd',
  // A report can cite evidence whose record lapsed since.
  missing: 'Ontbreekt',
};
export function evidenceStatusLabel(s: string): string {
  const k = evidenceStatus[s];
  return k ? t(k) : s;
}

const reasons: Record<EvidenceReason, Key> = {
  contains_bsn:
    'Het bestand bevat iets dat op een burgerservicenummer (BSN) lijkt: verwijder het BSN en upload het bestand opnieuw.',
  size_mismatch: 'Het bestand kwam niet volledig aan (de grootte klopt niet). Upload het bestand opnieuw.',
  checksum_mismatch: 'Het bestand kwam anders aan dan het werd aangeboden. Upload het bestand opnieuw.',
  type_mismatch:
    'De inhoud past niet bij het soort bestand (bijvoorbeeld een .pdf die geen pdf is). Sla het op in het juiste formaat en upload het opnieuw.',
  unreadable:
    'Het bestand kon niet worden gecontroleerd, bijvoorbeeld omdat de pdf beveiligd is of het spreadsheet beschadigd. Sla het onbeveiligd op en upload het opnieuw.',
};
export function reasonText(r: string | undefined): string {
  if (!r) return '';
  const k = reasons[r as EvidenceReason];
  return k ? t(k) : r;
}

const blockKind: Record<BlockKind, Key> = {
  person: 'Personen',
  money: 'Sociale inkoop',
  hours: 'Uren',
  cost: 'Kosten',
  certificate: 'Certificaat',
  agreed: 'In overleg',
};
export const blockKinds = Object.keys(blockKind) as BlockKind[];
export function blockKindLabel(k: string): string {
  const key = blockKind[k as BlockKind];
  return key ? t(key) : k;
}

const bonus: Record<string, Key> = {
  permanent_contract: 'Vast contract',
  age_50_plus: '50 jaar of ouder',
  age_55_plus: '55 jaar of ouder',
  statushouder_or_language: 'Statushouder of taalachterstand',
  work_limitation: 'Arbeidsbeperking',
  after_internship: 'Na stage in dienst',
};
export function bonusLabel(code: string): string {
  const k = bonus[code];
  return k ? t(k) : code;
}

const reporting: Record<Reporting, Key> = {
  quarterly: 'Per kwartaal',
  semiannual: 'Per half jaar',
  final: 'Alleen eindrapportage',
};
export const reportings = Object.keys(reporting) as Reporting[];
export function reportingLabel(r: string): string {
  const k = reporting[r as Reporting];
  return k ? t(k) : r;
}

const actions: Record<string, Key> = {
  contract_created: 'Contract vastgelegd',
  registered: 'Opdrachtnemer aangemeld',
  plan_submitted: 'Plan ingediend',
  plan_approved: 'Plan goedgekeurd',
  plan_rejected: 'Plan afgewezen',
  plan_extended: 'Termijn plan verlengd',
  report_submitted: 'Rapportage ingediend',
  report_accepted: 'Rapportage geaccepteerd',
  report_rejected: 'Rapportage afgewezen',
  flags_raised: 'Signalering(en) gemaakt',
  flag_raised: 'Signalering gemaakt',
  flags_resolved: 'Signalering(en) opgelost',
  flag_resolved: 'Signalering opgelost',
  flag_fined: 'Boete opgelegd',
  flag_waived: 'Boete kwijtgescholden',
  contract_amended: 'Afspraken gewijzigd',
  contract_cancelled: 'Opdracht geannuleerd',
};
export function actionLabel(a: string): string {
  const k = actions[a];
  return k ? t(k) : tMaybe(a.replace(/_/g, ' '));
}

const roles: Record<string, Key> = {
  municipality: 'SR-bureau',
  contractor: 'Opdrachtnemer',
  system: 'Systeem (termijnbewaking)',
};
export function roleLabel(r: string): string {
  const k = roles[r];
  return k ? t(k) : r;
}

/** "2026-Q2" → "2e kwartaal 2026", "final" → "Eindrapportage". */
export function periodLabel(p: string): string {
  if (p === 'final') return t('Eindrapportage');
  const m = /^(\d{4})-([QH])([1-4])$/.exec(p);
  if (!m) return p;
  return m[2] === 'Q' ? t('{n}e kwartaal {year}', { n: m[3] as string, year: m[1] as string }) : t('{n}e halfjaar {year}', { n: m[3] as string, year: m[1] as string });
}
