// Formats and parsers for what the API exchanges: money in integer cents,
// percentages in basis points, dates as YYYY-MM-DD (Europe/Amsterdam days).
// Figures are always shown the Dutch way (€ 1.234,56, 30-11-2026), in both
// languages, so they read the same as the municipality's own documents.

const euro = new Intl.NumberFormat('nl-NL', { style: 'currency', currency: 'EUR' });
const euroWhole = new Intl.NumberFormat('nl-NL', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 });
const percent = new Intl.NumberFormat('nl-NL', { style: 'percent', maximumFractionDigits: 2 });
const integer = new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 2 });
const stamp = new Intl.DateTimeFormat('nl-NL', {
  timeZone: 'Europe/Amsterdam',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** € 1.234,56 from integer cents. */
export function money(cents: number | null | undefined): string {
  if (cents == null) return '–';
  return euro.format(cents / 100);
}

/** € 1.235 (whole euros), for chart axes and summaries. */
export function moneyWhole(cents: number): string {
  return euroWhole.format(Math.round(cents / 100));
}

/** 31,11% from basis points. */
export function pct(bp: number | null | undefined): string {
  if (bp == null) return '–';
  return percent.format(bp / 10000);
}

/** A plain number the Dutch way: 18,5. */
export function num(n: number): string {
  return integer.format(n);
}

/** 30-11-2026 from 2026-11-30; anything else as it is. */
export function date(iso: string | null | undefined): string {
  if (!iso) return '–';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}-${m[2]}-${m[1]}` : iso;
}

/** 30-11-2026 07:50 (Amsterdam time) from an RFC 3339 timestamp. */
export function timestamp(iso: string | null | undefined): string {
  if (!iso) return '–';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return stamp.format(d).replace(',', '');
}

/** Today as YYYY-MM-DD in Amsterdam. */
export function today(now: Date = new Date()): string {
  return amsterdamDate(now);
}

export function amsterdamDate(d: Date): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}

/** Whole days from a to b (YYYY-MM-DD), negative when b is before a. */
export function daysBetween(a: string, b: string): number {
  const ms = Date.parse(b + 'T00:00:00Z') - Date.parse(a + 'T00:00:00Z');
  return Math.round(ms / 86400000);
}

/** a plus n days, YYYY-MM-DD. */
export function addDays(a: string, n: number): string {
  const d = new Date(Date.parse(a + 'T00:00:00Z') + n * 86400000);
  return d.toISOString().slice(0, 10);
}

export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${integer.format(Math.round(bytes / 102.4) / 10)} kB`;
  return `${integer.format(Math.round(bytes / 104857.6) / 10)} MB`;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: 'empty' | 'invalid' | 'negative' | 'decimals' | 'too_large' };

/**
 * Parses an amount in euros as people type it: "500000", "500.000",
 * "500.000,00", "€ 1.234,5", "1234.56". A comma is the decimal mark; dots
 * are thousands separators unless the only dot has one or two digits after
 * it. At most two decimals. Returns cents.
 */
export function parseEuros(input: string): Parsed<number> {
  let s = input.replace(/[€\s\u00a0]/g, '').replace(/^EUR/i, '');
  if (s === '') return { ok: false, problem: 'empty' };
  if (s.startsWith('-')) return { ok: false, problem: 'negative' };
  if (s.includes(',')) {
    if (!/^\d{1,3}(\.\d{3})*(,\d*)?$|^\d+(,\d*)?$/.test(s)) return { ok: false, problem: 'invalid' };
    s = s.replace(/\./g, '').replace(',', '.');
  } else if (/^\d{1,3}(\.\d{3})+$/.test(s)) {
    s = s.replace(/\./g, '');
  } else if (!/^\d+(\.\d*)?$/.test(s)) {
    return { ok: false, problem: 'invalid' };
  }
  const [whole = '', frac = ''] = s.split('.');
  if (frac.length > 2) return { ok: false, problem: 'decimals' };
  if (whole.length > 13) return { ok: false, problem: 'too_large' };
  const cents = Number(whole || '0') * 100 + Number((frac + '00').slice(0, 2));
  if (!Number.isSafeInteger(cents)) return { ok: false, problem: 'too_large' };
  return { ok: true, value: cents };
}

/**
 * Parses a decimal with at most two decimals ("18,5", "0.25", "36"), as the
 * API's hours, months and days: a JSON number, never negative.
 */
export function parseDecimal(input: string): Parsed<number> {
  const s = input.trim().replace(',', '.');
  if (s === '') return { ok: false, problem: 'empty' };
  if (s.startsWith('-')) return { ok: false, problem: 'negative' };
  if (!/^\d+(\.\d*)?$|^\.\d+$/.test(s)) return { ok: false, problem: 'invalid' };
  const frac = s.split('.')[1] ?? '';
  if (frac.length > 2) return { ok: false, problem: 'decimals' };
  const n = Number(s);
  if (!Number.isFinite(n) || n > 1e9) return { ok: false, problem: 'too_large' };
  return { ok: true, value: n };
}

/**
 * A date as people type it in the Netherlands: "30-11-2026", "6-1-2025",
 * "06/01/2025" (day first), or an ISO "2026-11-30" pasted in. Returns
 * YYYY-MM-DD. Native date pickers are not used: they show the browser's
 * format (01/06/2025 in an English browser), not the Dutch one.
 */
export function parseDate(input: string): Parsed<string> {
  const s = input.trim();
  if (s === '') return { ok: false, problem: 'empty' };
  let y: number, m: number, d: number;
  let match = /^(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{4})$/.exec(s);
  if (match) {
    [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else if ((match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s))) {
    [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else {
    return { ok: false, problem: 'invalid' };
  }
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return { ok: false, problem: 'invalid' };
  return { ok: true, value: `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}` };
}

/** A whole number ≥ 1 ("2"). */
export function parseCount(input: string): Parsed<number> {
  const s = input.trim();
  if (s === '') return { ok: false, problem: 'empty' };
  if (s.startsWith('-')) return { ok: false, problem: 'negative' };
  if (!/^\d+$/.test(s)) return { ok: false, problem: 'invalid' };
  const n = Number(s);
  if (!Number.isSafeInteger(n)) return { ok: false, problem: 'too_large' };
  return { ok: true, value: n };
}

/** A percentage as typed ("5", "5,5") to basis points. */
export function parsePercent(input: string): Parsed<number> {
  const d = parseDecimal(input.replace('%', ''));
  if (!d.ok) return d;
  return { ok: true, value: Math.round(d.value * 100) };
}

/** Cents to what a money field shows when it is edited: 1234,5 → "1.234,50". */
export function centsToInput(cents: number | undefined): string {
  if (cents == null) return '';
  return new Intl.NumberFormat('nl-NL', { minimumFractionDigits: cents % 100 === 0 ? 0 : 2, maximumFractionDigits: 2 }).format(cents / 100);
}

/** A decimal to what a number field shows: 18.5 → "18,5". */
export function decimalToInput(n: number | undefined): string {
  if (n == null) return '';
  return String(n).replace('.', ',');
}
