// A contract's reporting periods, as the API computes them
// (shared/schedule): every calendar quarter or half year that overlaps the
// contract, cut to it, then the final report. A period's report is due at
// the end of the month after the calendar period ends; the final report at
// the end of the month after the contract ends, and so is a period the
// contract's end cuts short (nothing waits for the calendar period once the
// contract is over). A period can be reported on once it has begun.
import type { Contract, ReportSummary } from './api/client';

export interface Period {
  key: string;
  start: string;
  end: string;
  due: string;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function ymd(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${pad(m)}-${pad(d)}`;
}

function lastDay(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** The last day of the month after the month of d. */
export function dueAfter(d: string): string {
  let y = Number(d.slice(0, 4));
  let m = Number(d.slice(5, 7)) + 1;
  if (m > 12) {
    m = 1;
    y++;
  }
  return ymd(y, m, lastDay(y, m));
}

export function periods(reporting: string, starts: string, ends: string): Period[] {
  const out: Period[] = [];
  if (ends < starts) return out;
  const months = reporting === 'quarterly' ? 3 : reporting === 'semiannual' ? 6 : 0;
  const letter = months === 3 ? 'Q' : 'H';
  if (months > 0) {
    let y = Number(starts.slice(0, 4));
    let m = Math.floor((Number(starts.slice(5, 7)) - 1) / months) * months + 1;
    for (;;) {
      const first = ymd(y, m, 1);
      if (first > ends) break;
      const lastM = m + months - 1;
      const last = ymd(y, lastM, lastDay(y, lastM));
      out.push({
        key: `${y}-${letter}${(m - 1) / months + 1}`,
        start: first < starts ? starts : first,
        end: last > ends ? ends : last,
        due: dueAfter(last > ends ? ends : last),
      });
      m += months;
      if (m > 12) {
        m -= 12;
        y++;
      }
    }
  }
  out.push({ key: 'final', start: starts, end: ends, due: dueAfter(ends) });
  return out;
}

export function contractPeriods(c: Pick<Contract, 'reporting' | 'starts_on' | 'ends_on'>): Period[] {
  return periods(c.reporting, c.starts_on, c.ends_on);
}

export type PeriodState = 'not_begun' | 'open' | 'overdue' | 'lapsed' | 'void' | 'submitted' | 'accepted' | 'rejected';

/**
 * Where a period stands on a day, from the contract's report summaries.
 * With `overdue` (the periods the API lists as overdue) a passed period
 * counts as late only when the API says so. A contract that asks no more
 * reports (closed, cancelled: `asked` false) has its unreported periods
 * lapsed once passed (not handed in) and void before (no longer asked).
 */
export function periodState(p: Period, reports: ReportSummary[], today: string, overdue?: ReadonlySet<string>, asked = true): PeriodState {
  const r = reports.find((x) => x.period === p.key);
  if (r) return r.status;
  if (!asked) return p.due < today ? 'lapsed' : 'void';
  if (p.start > today) return 'not_begun';
  if (overdue?.has(p.key)) return 'overdue';
  if (p.due >= today) return 'open';
  return overdue ? 'lapsed' : 'overdue';
}

/** The periods whose report the API lists as overdue. */
export function overduePeriods(c: Pick<Contract, 'overdue'>): Set<string> {
  return new Set(c.overdue.filter((o) => o.kind === 'report_overdue' && o.period).map((o) => o.period as string));
}
