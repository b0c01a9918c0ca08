import { describe, expect, test } from 'vitest';
import { addDays, centsToInput, date, daysBetween, money, parseDate, parseDecimal, parseEuros, parsePercent, pct, timestamp } from '../src/format';

const sp = (s: string) => s.replace(/\u00a0/g, ' ');

describe('showing figures the Dutch way', () => {
  test('money from cents', () => {
    expect(sp(money(123456))).toBe('€ 1.234,56');
    expect(sp(money(2500000))).toBe('€ 25.000,00');
    expect(sp(money(0))).toBe('€ 0,00');
    expect(money(null)).toBe('–');
  });
  test('percentages from basis points', () => {
    expect(pct(500)).toBe('5%');
    expect(pct(3111)).toBe('31,11%');
    expect(pct(12444)).toBe('124,44%');
  });
  test('dates as 30-11-2026, timestamps in Amsterdam time', () => {
    expect(date('2026-11-30')).toBe('30-11-2026');
    expect(date(null)).toBe('–');
    expect(timestamp('2026-11-30T06:50:19Z')).toBe('30-11-2026 07:50');
    expect(timestamp('2026-07-01T06:00:00Z')).toBe('01-07-2026 08:00');
  });
  test('day arithmetic', () => {
    expect(daysBetween('2026-11-30', '2026-12-02')).toBe(2);
    expect(daysBetween('2026-03-30', '2026-03-28')).toBe(-2);
    expect(addDays('2026-02-27', 2)).toBe('2026-03-01');
  });
});

describe('reading what people type', () => {
  test.each([
    ['500000', 50000000],
    ['500.000', 50000000],
    ['500.000,00', 50000000],
    ['€ 1.234,5', 123450],
    ['1234,56', 123456],
    ['1234.56', 123456],
    ['0,01', 1],
    ['1.5', 150],
    ['17.222,22', 1722222],
  ])('euros %s', (input, cents) => {
    expect(parseEuros(input)).toEqual({ ok: true, value: cents });
  });
  test.each([
    ['', 'empty'],
    ['-5', 'negative'],
    ['12,345', 'decimals'],
    ['abc', 'invalid'],
    ['1.23.4', 'invalid'],
    ['99999999999999', 'too_large'],
  ])('euros %s is refused (%s)', (input, problem) => {
    expect(parseEuros(input)).toEqual({ ok: false, problem });
  });
  test('decimals with at most two places, as the API wants', () => {
    expect(parseDecimal('18,5')).toEqual({ ok: true, value: 18.5 });
    expect(parseDecimal('0.25')).toEqual({ ok: true, value: 0.25 });
    expect(parseDecimal('18,555')).toEqual({ ok: false, problem: 'decimals' });
    expect(parseDecimal('-1')).toEqual({ ok: false, problem: 'negative' });
    expect(parseDecimal('12 maanden')).toEqual({ ok: false, problem: 'invalid' });
  });
  test('percentages to basis points', () => {
    expect(parsePercent('5')).toEqual({ ok: true, value: 500 });
    expect(parsePercent('5,5%')).toEqual({ ok: true, value: 550 });
  });
  test('cents back to an input, round trip', () => {
    for (const c of [1722222, 50000000, 123450, 1]) {
      expect(parseEuros(centsToInput(c))).toEqual({ ok: true, value: c });
    }
  });
  test('dates day first, or ISO pasted in', () => {
    expect(parseDate('30-11-2026')).toEqual({ ok: true, value: '2026-11-30' });
    expect(parseDate(' 6-1-2025 ')).toEqual({ ok: true, value: '2025-01-06' });
    expect(parseDate('06/01/2025')).toEqual({ ok: true, value: '2025-01-06' });
    expect(parseDate('2026-11-30')).toEqual({ ok: true, value: '2026-11-30' });
    expect(parseDate('31-02-2026')).toEqual({ ok: false, problem: 'invalid' });
    expect(parseDate('11/30/2026')).toEqual({ ok: false, problem: 'invalid' });
    expect(parseDate('')).toEqual({ ok: false, problem: 'empty' });
    expect(parseDate(date('2028-02-29'))).toEqual({ ok: true, value: '2028-02-29' });
  });
});
