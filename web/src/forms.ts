// Errors next to the fields they name. The API names fields as paths
// (items[2].months); each input's id is derived from the same path, so an
// error from the API and one found in the browser land in the same place.
import { ApiError } from './api/client';
import type { Parsed } from './format';
import { type Key, t } from './i18n';

/** Field path → messages. The key '' holds messages about no field in particular. */
export type Errors = Record<string, string[]>;

export function fieldId(field: string): string {
  return 'f-' + field.replace(/[^A-Za-z0-9_]+/g, '-').replace(/-+$/, '');
}

export function hasErrors(e: Errors): boolean {
  return Object.values(e).some((m) => m.length > 0);
}

export function add(e: Errors, field: string, message: string): void {
  (e[field] ??= []).push(message);
}

/** The messages for a field. */
export function of(e: Errors | undefined, field: string): string[] {
  return e?.[field] ?? [];
}

// The texts that came from the API (English), so the page can mark them lang="en".
const apiTexts = new Set<string>();
export function isApiText(m: string): boolean {
  return apiTexts.has(m);
}

/** An ApiError's messages by field: its details, else its message under ''. */
export function apiErrors(err: unknown): Errors {
  const e: Errors = {};
  if (!(err instanceof ApiError)) {
    add(e, '', t('Er ging iets mis. Probeer het opnieuw.'));
    return e;
  }
  for (const d of err.details) {
    apiTexts.add(d.problem);
    add(e, d.field, d.problem);
  }
  if (err.details.length === 0) add(e, '', describe(err));
  return e;
}

const byCode: Record<string, Key> = {
  network: 'Geen verbinding met de server. Controleer uw verbinding en probeer het opnieuw.',
  unauthenticated: 'Uw sessie is verlopen of ongeldig. Meld u opnieuw aan.',
  forbidden: 'Dit mag niet met uw rol.',
  not_found: 'Niet gevonden, of niet van uw organisatie.',
  conflict: 'Dit kan nu niet.',
  precondition_failed: 'Het contract is intussen gewijzigd. De pagina toont nu de nieuwe stand: controleer die en probeer het opnieuw.',
  payload_too_large: 'Te veel gegevens in één keer.',
  validation_failed: 'Controleer de gemarkeerde velden.',
  invalid_json: 'De gegevens konden niet worden gelezen.',
  bad_request: 'Het verzoek klopt niet.',
  internal: 'Er ging iets mis aan onze kant.',
};

/** A sentence for an error without field details (the API's own text follows in the UI). */
export function describe(err: ApiError): string {
  const k = byCode[err.code];
  return k ? t(k) : t('Er ging iets mis. Probeer het opnieuw.');
}

const parseProblems: Record<string, Key> = {
  empty: 'Vul dit veld in.',
  invalid: 'Vul een getal in, bijvoorbeeld 1.234,56.',
  negative: 'Vul een getal van 0 of meer in.',
  decimals: 'Gebruik hoogstens twee cijfers achter de komma.',
  too_large: 'Dit getal is te groot.',
};

/** Checks a typed date; adds the problem to e. */
export function needDate(e: Errors, field: string, p: Parsed<string>): string | undefined {
  if (p.ok) return p.value;
  add(e, field, p.problem === 'empty' ? t('Vul een datum in.') : t('Vul een datum in als dd-mm-jjjj, bijvoorbeeld 30-11-2026.'));
  return undefined;
}

/** Checks a parsed input; adds the problem to e and returns undefined when it failed. */
export function need<T>(e: Errors, field: string, p: Parsed<T>, optional = false): T | undefined {
  if (p.ok) return p.value;
  if (optional && p.problem === 'empty') return undefined;
  add(e, field, t(parseProblems[p.problem] as Key));
  return undefined;
}
