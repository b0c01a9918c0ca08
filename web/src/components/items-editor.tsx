// The editor of a plan's or report's building blocks: it offers the
// catalog's blocks and bonuses, shows the fields each block needs (months or
// weeks, days where a block is capped per day, a candidate's code for one
// person), lets a report line cite its evidence, and values the whole as you
// type (POST /valuations), line by line and against the obligation. Inputs
// are kept as typed (strings), so nothing is lost when the API refuses
// something; errors land next to the field they name (items[2].months).
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Block, Catalog, Contract, Evidence, ReportItem, ValuationItem, ValuationResult } from '../api/client';
import { reference } from '../api/client';
import { blockName } from '../data';
import { centsToInput, decimalToInput, money, num, parseCount, parseDecimal, parseEuros, pct } from '../format';
import { add, apiErrors, type Errors, fieldId, need } from '../forms';
import { t } from '../i18n';
import { blockKindLabel, blockKinds, bonusLabel, evidenceKindLabel, evidenceStatusLabel, periodLabel } from '../labels';
import { Meter } from './chart';
import { Badge, EuroInput, Field, FieldErrors, LiveText, useDebounced } from './ui';

export interface ItemDraft {
  key: number;
  block: string;
  persons: string;
  hours_per_week: string;
  months: string;
  weeks: string;
  candidate: string;
  bonuses: string[];
  amount: string;
  materials: string;
  hours: string;
  agreed: string;
  days: string;
  description: string;
  /** Report lines: the evidence the line cites. */
  evidence: string[];
}

/** A report line cites at most this many evidence files (ReportItem.evidence_ids). */
export const MAX_LINE_EVIDENCE = 5;

let nextKey = 1;

export function emptyDraft(): ItemDraft {
  return { key: nextKey++, block: '', persons: '1', hours_per_week: '', months: '', weeks: '', candidate: '', bonuses: [], amount: '', materials: '', hours: '', agreed: '', days: '', description: '', evidence: [] };
}

export function draftFromItem(i: ReportItem): ItemDraft {
  return {
    key: nextKey++,
    block: i.block,
    persons: i.persons != null ? String(i.persons) : '1',
    hours_per_week: decimalToInput(i.hours_per_week),
    months: decimalToInput(i.months),
    weeks: decimalToInput(i.weeks),
    candidate: i.candidate ?? '',
    bonuses: i.bonuses ?? [],
    amount: centsToInput(i.amount_cents),
    materials: centsToInput(i.materials_cents),
    hours: decimalToInput(i.hours),
    agreed: centsToInput(i.agreed_value_cents),
    days: decimalToInput(i.days),
    description: i.description ?? '',
    evidence: i.evidence_ids ?? [],
  };
}

/**
 * What is wrong with a candidate's code, as the API checks it
 * (valuation.CandidateProblem), or '' when it is fine. The code is
 * pseudonymous: a name or a BSN must never be typed here.
 */
export function candidateProblem(s: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(s)) return t('Gebruik alleen letters, cijfers, punten, liggende streepjes en koppeltekens, bijvoorbeeld K-017.');
  if (s.length > 40) return t('Hoogstens 40 tekens.');
  if (!/[0-9]/.test(s)) return t('Een code heeft minstens één cijfer, bijvoorbeeld K-017. Vul geen naam in.');
  if (/[0-9]{8,}/.test(s)) return t('Geen BSN of ander lang nummer: kies een code zoals K-017.');
  return '';
}

/**
 * The items of the drafts and the problems the browser sees. Strict (on
 * submit): every row must be complete. Not strict (the live valuation): rows
 * not yet complete are left out without a message. `index[n]` is the draft
 * row of item n.
 */
export function toItems(drafts: ItemDraft[], catalog: Catalog | undefined, strict: boolean): { items: ValuationItem[]; index: number[]; errors: Errors } {
  const items: ValuationItem[] = [];
  const index: number[] = [];
  const errors: Errors = {};
  drafts.forEach((d, n) => {
    const f = (name: string) => `items[${n}].${name}`;
    const e: Errors = {};
    if (!d.block) {
      if (strict) add(errors, f('block'), t('Kies een bouwblok.'));
      return;
    }
    const block = catalog?.blocks.find((b) => b.code === d.block);
    const kind = block?.kind;
    const item: ValuationItem = { block: d.block };
    const incomplete = (s: string) => !strict && s.trim() === '';
    let skip = false;
    const val = <T,>(name: string, raw: string, parse: (s: string) => import('../format').Parsed<T>, optional = false): T | undefined => {
      if (incomplete(raw) && !optional) {
        skip = true;
        return undefined;
      }
      return need(e, f(name), parse(raw), optional);
    };
    switch (kind) {
      case 'person': {
        const persons = val('persons', d.persons, parseCount);
        if (persons !== undefined) {
          if (persons < 1) add(e, f('persons'), t('Minstens 1 persoon.'));
          item.persons = persons;
        }
        const h = val('hours_per_week', d.hours_per_week, parseDecimal);
        if (h !== undefined) {
          if (h <= 0) add(e, f('hours_per_week'), t('Vul een getal groter dan nul in.'));
          item.hours_per_week = h;
        }
        // A block counted in weeks of the year takes weeks instead of months.
        const unit = block?.per_weeks ? 'weeks' : 'months';
        const m = val(unit, block?.per_weeks ? d.weeks : d.months, parseDecimal);
        if (m !== undefined) {
          if (m <= 0) add(e, f(unit), t('Vul een getal groter dan nul in.'));
          item[unit] = m;
        }
        const candidate = d.candidate.trim();
        if (candidate) {
          const problem = candidateProblem(candidate);
          if (problem) add(e, f('candidate'), problem);
          if (persons !== undefined && persons !== 1) add(e, f('persons'), t('Met een kandidaatcode gaat het om één persoon: zet het aantal op 1.'));
          item.candidate = candidate;
        }
        const allowed = new Set(block?.bonuses?.map((b) => b.code) ?? []);
        const bonuses = d.bonuses.filter((b) => allowed.has(b));
        if (bonuses.length) item.bonuses = bonuses;
        break;
      }
      case 'money': {
        const a = val('amount_cents', d.amount, parseEuros);
        if (a !== undefined) item.amount_cents = a;
        const m = val('materials_cents', d.materials, parseEuros, true);
        if (m !== undefined) {
          item.materials_cents = m;
          if (a !== undefined && m > a) add(e, f('materials_cents'), t('De materiaalkosten zijn hoger dan het factuurbedrag.'));
        }
        break;
      }
      case 'hours': {
        const h = val('hours', d.hours, parseDecimal);
        if (h !== undefined) {
          if (h <= 0) add(e, f('hours'), t('Vul een getal groter dan nul in.'));
          item.hours = h;
        }
        break;
      }
      case 'cost':
      case 'certificate': {
        const a = val('amount_cents', d.amount, parseEuros);
        if (a !== undefined) item.amount_cents = a;
        break;
      }
      case 'agreed': {
        const a = val('agreed_value_cents', d.agreed, parseEuros);
        if (a !== undefined) item.agreed_value_cents = a;
        // A block capped per day needs the activity's days.
        if (block?.max_per_day_cents) {
          const days = val('days', d.days, parseDecimal);
          if (days !== undefined) {
            if (days <= 0) add(e, f('days'), t('Vul een getal groter dan nul in.'));
            item.days = days;
          }
        }
        break;
      }
      default:
        // A block the catalog does not have (yet): the API names the problem.
        break;
    }
    if (d.description.trim()) item.description = d.description.trim();
    if (d.evidence.length > MAX_LINE_EVIDENCE) add(e, f('evidence_ids'), t('Kies hoogstens {n} bewijsstukken per regel.', { n: MAX_LINE_EVIDENCE }));
    for (const [k, m] of Object.entries(e)) for (const x of m) add(errors, k, x);
    if (skip || Object.keys(e).length) return;
    items.push(item);
    index.push(n);
  });
  return { items, index, errors };
}

/** Moves API problems about items[n] (request order) to the draft rows they came from. */
export function remapErrors(e: Errors, index: number[]): Errors {
  const out: Errors = {};
  for (const [field, msgs] of Object.entries(e)) {
    const m = /^items\[(\d+)\](.*)$/.exec(field);
    const target = m ? `items[${index[Number(m[1])] ?? m[1]}]${m[2]}` : field;
    for (const x of msgs) add(out, target, x);
  }
  return out;
}

export interface Live {
  result?: ValuationResult;
  /** Draft row of each line of result. */
  index: number[];
  errors: Errors;
  pending: boolean;
}

/** Values the drafts as they change. */
export function useLiveValuation(c: Contract, drafts: ItemDraft[], catalog: Catalog | undefined): Live {
  const [live, setLive] = useState<Live>({ index: [], errors: {}, pending: true });
  // What a line cites does not change its value.
  const key = useDebounced(JSON.stringify(drafts.map(({ key: _k, evidence: _e, ...d }) => d)), 350);
  useEffect(() => {
    const { items, index, errors } = toItems(drafts, catalog, false);
    let alive = true;
    setLive((l) => ({ ...l, pending: true }));
    reference
      .value({
        municipality: c.municipality,
        contract_value_cents: c.value_cents,
        percentage_bp: c.percentage_bp,
        pso_level: c.pso_level,
        social_award_criterion: c.social_award_criterion,
        on: c.awarded_on,
        items,
      })
      .then(
        (result) => alive && setLive({ result, index, errors, pending: false }),
        (err: unknown) => {
          if (!alive) return;
          const e = remapErrors(apiErrors(err), index);
          for (const [k, m] of Object.entries(errors)) for (const x of m) add(e, k, x);
          setLive((l) => ({ ...l, errors: e, pending: false }));
        },
      );
    return () => {
      alive = false;
    };
  }, [key, catalog]);
  return live;
}

/** Names for the error summary: "Bouwblok 2: maanden". */
export function itemLabels(count: number): Record<string, string> {
  const names: Record<string, string> = {
    block: t('soort'),
    persons: t('aantal personen'),
    hours_per_week: t('uren per week'),
    months: t('maanden'),
    weeks: t('weken'),
    candidate: t('kandidaat'),
    days: t('dagen'),
    evidence_ids: t('bewijsstukken'),
    bonuses: t('bonussen'),
    amount_cents: t('bedrag'),
    materials_cents: t('materiaal'),
    hours: t('aantal uren'),
    agreed_value_cents: t('voorgestelde waarde'),
    description: t('omschrijving'),
  };
  const out: Record<string, string> = { items: t('Bouwblokken'), note: t('Toelichting'), evidence_ids: t('Bewijsstukken') };
  for (let n = 0; n < count; n++) {
    out[`items[${n}]`] = t('Bouwblok {n}', { n: n + 1 });
    for (const [k, v] of Object.entries(names)) out[`items[${n}].${k}`] = `${t('Bouwblok {n}', { n: n + 1 })}: ${v}`;
  }
  return out;
}

function groupBlocks(catalog: Catalog | undefined): [string, Block[]][] {
  if (!catalog) return [];
  return blockKinds.map((k) => [k, catalog.blocks.filter((b) => b.kind === k)] as [string, Block[]]).filter(([, bs]) => bs.length > 0);
}

export function ItemsEditor({
  drafts,
  setDrafts,
  catalog,
  errors,
  live,
  what,
  evidence,
}: {
  drafts: ItemDraft[];
  setDrafts: (f: (d: ItemDraft[]) => ItemDraft[]) => void;
  catalog: Catalog | undefined;
  errors: Errors;
  live: Live;
  what: 'plan' | 'report';
  /** Report lines: the contract's evidence a line can cite. */
  evidence?: Evidence[];
}) {
  const focusKey = useRef<number | null>(null);
  useEffect(() => {
    if (focusKey.current != null) {
      const n = drafts.findIndex((d) => d.key === focusKey.current);
      focusKey.current = null;
      if (n >= 0) document.getElementById(fieldId(`items[${n}].block`))?.focus();
    }
  }, [drafts.length]);
  const groups = groupBlocks(catalog);
  const set = (key: number, p: Partial<ItemDraft>) => setDrafts((ds) => ds.map((d) => (d.key === key ? { ...d, ...p } : d)));
  // Errors of the live valuation show until the user submits; then the submit's.
  const shown: Errors = { ...live.errors, ...errors };
  const r = live.result;
  return (
    <div class="items-editor">
      {drafts.length === 0 && <p class="muted">{what === 'plan' ? t('Het plan heeft nog geen bouwblokken.') : t('De rapportage heeft nog geen bouwblokken.')}</p>}
      <ol class="item-rows">
        {drafts.map((d, n) => {
          const block = catalog?.blocks.find((b) => b.code === d.block);
          const f = (name: string) => `items[${n}].${name}`;
          const lineAt = live.index.indexOf(n);
          const line = lineAt >= 0 ? r?.lines.find((l) => l.index === lineAt) : undefined;
          const rowErrors = Object.entries(shown).filter(([k]) => k === `items[${n}]`);
          return (
            <li key={d.key} class="item-row">
              <fieldset>
                <legend>{t('Bouwblok {n}', { n: n + 1 })}</legend>
                {rowErrors.map(([k, m]) => (
                  <FieldErrors key={k} id={`${fieldId(k)}-error`} messages={m} />
                ))}
                <Field field={f('block')} label={t('Soort')} errors={shown}>
                  {(p) => (
                    <select {...p} class="select" value={d.block} onChange={(e) => set(d.key, { block: e.currentTarget.value })}>
                      <option value="">{t('Kies een bouwblok…')}</option>
                      {groups.map(([kind, bs]) => (
                        <optgroup key={kind} label={blockKindLabel(kind)}>
                          {bs.map((b) => (
                            <option key={b.code} value={b.code}>
                              {blockName(b, b.code)}
                            </option>
                          ))}
                        </optgroup>
                      ))}
                      {d.block && !block && <option value={d.block}>{d.block}</option>}
                    </select>
                  )}
                </Field>
                {block?.note && <p class="hint" lang="en">{block.note}</p>}
                {block?.kind === 'person' && (
                  <>
                    <div class="row">
                      <Field field={f('persons')} label={t('Aantal personen')} errors={shown}>
                        {(p) => <input {...p} class="input input-short" type="text" inputMode="numeric" value={d.persons} onInput={(e) => set(d.key, { persons: e.currentTarget.value })} />}
                      </Field>
                      <Field field={f('hours_per_week')} label={t('Uren per week')} hint={catalog ? t('Voltijd is {n} uur', { n: catalog.full_time_hours }) : undefined} errors={shown}>
                        {(p) => <input {...p} class="input input-short" type="text" inputMode="decimal" value={d.hours_per_week} onInput={(e) => set(d.key, { hours_per_week: e.currentTarget.value })} />}
                      </Field>
                      {block.per_weeks ? (
                        <Field field={f('weeks')} label={t('Weken')} hint={t('Van een jaar van 52 weken')} errors={shown}>
                          {(p) => <input {...p} class="input input-short" type="text" inputMode="decimal" value={d.weeks} onInput={(e) => set(d.key, { weeks: e.currentTarget.value })} />}
                        </Field>
                      ) : (
                        <Field field={f('months')} label={t('Maanden')} hint={block.max_months ? t('Telt tot {n} maanden', { n: block.max_months }) : undefined} errors={shown}>
                          {(p) => <input {...p} class="input input-short" type="text" inputMode="decimal" value={d.months} onInput={(e) => set(d.key, { months: e.currentTarget.value })} />}
                        </Field>
                      )}
                    </div>
                    <Field
                      field={f('candidate')}
                      label={t('Kandidaat')}
                      optional
                      hint={
                        block.max_months
                          ? t('Een eigen code voor één persoon, bijvoorbeeld K-017: geen naam en geen BSN. De {n} maanden tellen dan per kandidaat, over alle rapportages samen.', { n: block.max_months })
                          : t('Een eigen code voor één persoon, bijvoorbeeld K-017: geen naam en geen BSN. Zo telt de kandidaat mee bij de mensen die u bereikt.')
                      }
                      errors={shown}
                    >
                      {(p) => <input {...p} class="input input-medium" type="text" autoComplete="off" spellcheck={false} maxLength={40} value={d.candidate} onInput={(e) => set(d.key, { candidate: e.currentTarget.value })} />}
                    </Field>
                    {block.bonuses && block.bonuses.length > 0 && (
                      <fieldset class="field" id={fieldId(f('bonuses'))}>
                        <legend>{t('Bonussen')}</legend>
                        {Object.entries(shown)
                          .filter(([k]) => k.startsWith(f('bonuses')))
                          .map(([k, m]) => (
                            <FieldErrors key={k} id={`${fieldId(k)}-error`} messages={m} />
                          ))}
                        <div class="checkboxes">
                          {block.bonuses.map((b) => (
                            <label class="checkbox" key={b.code}>
                              <input
                                type="checkbox"
                                checked={d.bonuses.includes(b.code)}
                                onChange={(e) => set(d.key, { bonuses: e.currentTarget.checked ? [...d.bonuses, b.code] : d.bonuses.filter((x) => x !== b.code) })}
                              />
                              {bonusLabel(b.code)} <span class="muted">(+{money(b.value_cents)})</span>
                            </label>
                          ))}
                        </div>
                      </fieldset>
                    )}
                  </>
                )}
                {block?.kind === 'money' && (
                  <div class="row">
                    <Field field={f('amount_cents')} label={t('Factuurbedrag excl. btw')} errors={shown}>
                      {(p) => <EuroInput p={p} value={d.amount} onInput={(v) => set(d.key, { amount: v })} />}
                    </Field>
                    <Field field={f('materials_cents')} label={t('Waarvan materiaal')} optional errors={shown}>
                      {(p) => <EuroInput p={p} value={d.materials} onInput={(v) => set(d.key, { materials: v })} />}
                    </Field>
                  </div>
                )}
                {block?.kind === 'hours' && (
                  <Field field={f('hours')} label={t('Aantal uren')} hint={block.hourly_cents ? t('{amount} per uur', { amount: money(block.hourly_cents) }) : undefined} errors={shown}>
                    {(p) => <input {...p} class="input input-short" type="text" inputMode="decimal" value={d.hours} onInput={(e) => set(d.key, { hours: e.currentTarget.value })} />}
                  </Field>
                )}
                {(block?.kind === 'cost' || block?.kind === 'certificate') && (
                  <Field field={f('amount_cents')} label={block.kind === 'cost' ? t('Gemaakte kosten') : t('Aankoopprijs')} errors={shown}>
                    {(p) => <EuroInput p={p} value={d.amount} onInput={(v) => set(d.key, { amount: v })} />}
                  </Field>
                )}
                {block?.kind === 'agreed' && (
                  <div class="row">
                    <Field field={f('agreed_value_cents')} label={t('Voorgestelde waarde')} hint={t('Het SR-bureau stelt de waarde vast.')} errors={shown}>
                      {(p) => <EuroInput p={p} value={d.agreed} onInput={(v) => set(d.key, { agreed: v })} />}
                    </Field>
                    {block.max_per_day_cents ? (
                      <Field field={f('days')} label={t('Aantal dagen')} hint={t('Telt tot {amount} per dag', { amount: money(block.max_per_day_cents) })} errors={shown}>
                        {(p) => <input {...p} class="input input-short" type="text" inputMode="decimal" value={d.days} onInput={(e) => set(d.key, { days: e.currentTarget.value })} />}
                      </Field>
                    ) : null}
                  </div>
                )}
                {block && (
                  <Field field={f('description')} label={t('Omschrijving')} optional errors={shown}>
                    {(p) => <input {...p} class="input" type="text" value={d.description} onInput={(e) => set(d.key, { description: e.currentTarget.value })} />}
                  </Field>
                )}
                {block && what === 'report' && evidence && (
                  <LineEvidence field={f('evidence_ids')} evidence={evidence} cited={d.evidence} errors={shown} onChange={(ids) => set(d.key, { evidence: ids })} />
                )}
                {line && (
                  <p class="line-value">
                    {t('Waarde')}: <strong>{money(line.value_cents)}</strong> <span class="muted small" lang="en">({line.explanation})</span>
                    {line.counted_months != null && <> · {t('telt {n} maanden mee voor deze kandidaat', { n: num(line.counted_months) })}</>}
                  </p>
                )}
                <button type="button" class="link-button danger" onClick={() => setDrafts((ds) => ds.filter((x) => x.key !== d.key))}>
                  {t('Bouwblok {n} verwijderen', { n: n + 1 })}
                </button>
              </fieldset>
            </li>
          );
        })}
      </ol>
      <button
        type="button"
        class="button secondary"
        onClick={() => {
          const d = emptyDraft();
          focusKey.current = d.key;
          setDrafts((ds) => [...ds, d]);
        }}
      >
        {t('Bouwblok toevoegen')}
      </button>
      <div class="valuation-summary">
        <LiveText>
          {r ? (
            <p>
              {what === 'plan' ? t('Waarde van het plan') : t('Waarde van de rapportage')}: <strong data-testid="plan-value">{money(r.plan_value_cents)}</strong>{' '}
              {t('({pct} van de verplichting van {amount})', { pct: pct(r.coverage_bp), amount: money(r.obligation_cents) })}
              {what === 'plan' && r.shortfall_cents > 0 && <> · {t('nog {amount} te gaan', { amount: money(r.shortfall_cents) })}</>}
            </p>
          ) : (
            <p class="muted">{t('Bezig met berekenen…')}</p>
          )}
        </LiveText>
        {r && what === 'plan' && <Meter label={t('Dekking')} valueBp={r.coverage_bp} text={pct(r.coverage_bp)} />}
      </div>
    </div>
  );
}

/**
 * The evidence a report line cites, picked from the contract's files (at
 * most five). Refused files cannot back anything, so they are not offered.
 */
function LineEvidence({ field, evidence, cited, errors, onChange }: { field: string; evidence: Evidence[]; cited: string[]; errors: Errors; onChange: (ids: string[]) => void }) {
  const id = fieldId(field);
  const offered = evidence.filter((e) => e.status !== 'rejected' || cited.includes(e.id));
  const msgs = Object.entries(errors).filter(([k]) => k === field || k.startsWith(field + '['));
  const full = cited.length >= MAX_LINE_EVIDENCE;
  return (
    <fieldset class={`field line-evidence${msgs.length ? ' field-error' : ''}`} id={id} aria-describedby={`${id}-hint${msgs.length ? ` ${id}-error` : ''}`}>
      {/* Not "... bouwblok {n}": the row's own group is named that already. */}
      <legend>{t('Bewijsstukken bij deze regel')}</legend>
      <p class="hint" id={`${id}-hint`}>
        {offered.length ? t('Kies de bestanden die deze regel onderbouwen, hoogstens {n}. Het SR-bureau ziet per regel welke bewijsstukken erbij horen.', { n: MAX_LINE_EVIDENCE }) : t('Nog geen bewijsstukken: upload ze hierboven, dan kunt u ze hier kiezen.')}
      </p>
      {msgs.length > 0 && <FieldErrors id={`${id}-error`} messages={msgs.flatMap(([, m]) => m)} />}
      {offered.length > 0 && (
        <div class="checkboxes">
          {offered.map((ev) => {
            const on = cited.includes(ev.id);
            return (
              <label class="checkbox" key={ev.id}>
                <input type="checkbox" checked={on} disabled={!on && full} onChange={(e) => onChange(e.currentTarget.checked ? [...cited, ev.id] : cited.filter((x) => x !== ev.id))} />
                <span>
                  {ev.file_name}{' '}
                  <span class="muted small">
                    ({evidenceKindLabel(ev.kind)}
                    {ev.period ? `, ${periodLabel(ev.period)}` : ''})
                  </span>{' '}
                  <Badge tone={ev.status === 'verified' ? 'good' : ev.status === 'rejected' ? 'bad' : 'info'}>{evidenceStatusLabel(ev.status)}</Badge>
                </span>
              </label>
            );
          })}
        </div>
      )}
    </fieldset>
  );
}
