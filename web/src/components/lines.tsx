// A plan's or report's items with their valuation, line by line.
import type { Catalog, ValuationItem, ValuationResult } from '../api/client';
import { blockName } from '../data';
import { money, num, pct } from '../format';
import { t } from '../i18n';
import { blockKindLabel, bonusLabel } from '../labels';
import { TableWrap } from './ui';

/** What an item says, in words: "2 personen, 32 uur per week, 12 maanden; vast contract". */
export function itemSummary(i: ValuationItem): string {
  const parts: string[] = [];
  if (i.persons != null) parts.push(i.persons === 1 ? t('1 persoon') : t('{n} personen', { n: i.persons }));
  if (i.hours_per_week != null) parts.push(t('{n} uur per week', { n: num(i.hours_per_week) }));
  if (i.months != null) parts.push(t('{n} maanden', { n: num(i.months) }));
  if (i.amount_cents != null) parts.push(t('bedrag {amount}', { amount: money(i.amount_cents) }));
  if (i.materials_cents != null) parts.push(t('materiaal {amount}', { amount: money(i.materials_cents) }));
  if (i.hours != null) parts.push(t('{n} uur', { n: num(i.hours) }));
  if (i.agreed_value_cents != null) parts.push(t('voorgestelde waarde {amount}', { amount: money(i.agreed_value_cents) }));
  let s = parts.join(', ');
  if (i.bonuses?.length) s += `; ${i.bonuses.map(bonusLabel).join(', ')}`;
  if (i.description) s += ` (${i.description})`;
  return s;
}

export function Lines({ id, caption, items, valuation, catalog }: { id: string; caption: string; items: ValuationItem[]; valuation: ValuationResult; catalog?: Catalog | undefined }) {
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
                </td>
                <td class="num">{money(line?.value_cents)}</td>
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={3}>
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
