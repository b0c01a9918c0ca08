// A plan's or report's items with their valuation, line by line; for a
// report also the evidence each line cites and how its check went.
import type { Catalog, Evidence, ReportItem, ValuationResult } from '../api/client';
import { blockName } from '../data';
import { money, num, pct } from '../format';
import { t } from '../i18n';
import { blockKindLabel, bonusLabel, evidenceStatusLabel } from '../labels';
import { Badge, TableWrap } from './ui';

/** What an item says, in words: "kandidaat K-017, 1 persoon, 32 uur per week, 12 maanden; vast contract". */
export function itemSummary(i: ReportItem): string {
  const parts: string[] = [];
  if (i.candidate) parts.push(t('kandidaat {code}', { code: i.candidate }));
  if (i.persons != null) parts.push(i.persons === 1 ? t('1 persoon') : t('{n} personen', { n: i.persons }));
  if (i.hours_per_week != null) parts.push(t('{n} uur per week', { n: num(i.hours_per_week) }));
  if (i.months != null) parts.push(t('{n} maanden', { n: num(i.months) }));
  if (i.weeks != null) parts.push(t('{n} weken', { n: num(i.weeks) }));
  if (i.days != null) parts.push(t('{n} dagen', { n: num(i.days) }));
  if (i.amount_cents != null) parts.push(t('bedrag {amount}', { amount: money(i.amount_cents) }));
  if (i.materials_cents != null) parts.push(t('materiaal {amount}', { amount: money(i.materials_cents) }));
  if (i.hours != null) parts.push(t('{n} uur', { n: num(i.hours) }));
  if (i.agreed_value_cents != null) parts.push(t('voorgestelde waarde {amount}', { amount: money(i.agreed_value_cents) }));
  let s = parts.join(', ');
  if (i.bonuses?.length) s += `; ${i.bonuses.map(bonusLabel).join(', ')}`;
  if (i.description) s += ` (${i.description})`;
  return s;
}

/** The evidence a report cites: each id's status (the report's `evidence`) and the files known. */
export interface LineEvidence {
  statuses: Record<string, string>;
  files: Evidence[];
  /** The office asks evidence with every valued line (Municipality.evidence_required). */
  required: boolean;
}

export function Lines({ id, caption, items, valuation, catalog, evidence }: { id: string; caption: string; items: ReportItem[]; valuation: ValuationResult; catalog?: Catalog | undefined; evidence?: LineEvidence }) {
  if (items.length === 0) return <p>{t('Geen bouwblokken.')}</p>;
  return (
    <TableWrap label={caption}>
      <table id={id}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('Bouwblok')}</th>
            <th scope="col">{t('Gegevens')}</th>
            <th scope="col">{t('Berekening')}</th>
            {evidence && <th scope="col">{t('Bewijsstukken')}</th>}
            <th scope="col" class="num">{t('Waarde')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item, i) => {
            const line = valuation.lines.find((l) => l.index === i);
            const block = catalog?.blocks.find((b) => b.code === item.block);
            return (
              <tr key={i}>
                <th scope="row">
                  {blockName(block, item.block)}
                  <span class="muted small"> · {blockKindLabel(line?.kind ?? block?.kind ?? '')}</span>
                </th>
                <td>{itemSummary(item)}</td>
                <td>
                  <span lang="en">{line?.explanation}</span>
                  {line?.needs_agreement && <span class="muted"> ({t('waarde vraagt instemming van het SR-bureau')})</span>}
                  {line?.counted_months != null && <span class="muted"> ({t('telt {n} maanden mee voor deze kandidaat', { n: num(line.counted_months) })})</span>}
                </td>
                {evidence && (
                  <td>
                    <CitedEvidence ids={item.evidence_ids ?? []} evidence={evidence} valued={(line?.value_cents ?? 0) > 0} />
                  </td>
                )}
                <td class="num">{money(line?.value_cents)}</td>
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={evidence ? 4 : 3}>
              {t('Totaal')} ({t('{pct} van de verplichting van {amount}', { pct: pct(valuation.coverage_bp), amount: money(valuation.obligation_cents) })})
            </th>
            <td class="num">
              <strong>{money(valuation.plan_value_cents)}</strong>
            </td>
          </tr>
        </tfoot>
      </table>
    </TableWrap>
  );
}

function statusTone(s: string): 'good' | 'bad' | 'info' {
  return s === 'verified' ? 'good' : s === 'rejected' || s === 'missing' ? 'bad' : 'info';
}

/** The files a line cites, each with its check; a valued line citing none is marked where the office asks evidence. */
function CitedEvidence({ ids, evidence, valued }: { ids: string[]; evidence: LineEvidence; valued: boolean }) {
  if (ids.length === 0) {
    return evidence.required && valued ? <Badge tone="warn">{t('geen bewijsstuk')}</Badge> : <span class="muted">{t('geen')}</span>;
  }
  return (
    <ul class="cited">
      {ids.map((x) => {
        const file = evidence.files.find((f) => f.id === x);
        const status = evidence.statuses[x] ?? file?.status ?? 'missing';
        return (
          <li key={x}>
            {file ? file.file_name : x} <Badge tone={statusTone(status)}>{evidenceStatusLabel(status)}</Badge>
          </li>
        );
      })}
    </ul>
  );
}
