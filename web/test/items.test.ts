import { describe, expect, test } from 'vitest';
import type { Catalog } from '../src/api/client';
import { candidateProblem, draftFromItem, emptyDraft, remapErrors, toItems } from '../src/components/items-editor';
import { fieldId } from '../src/forms';

const catalog: Catalog = {
  family: 'utrecht',
  version: '2019',
  valid_from: '2020-01-01',
  full_time_hours: 36,
  sources: [],
  blocks: [
    { code: 'bbl', name_nl: 'BBL', name_en: 'BBL', kind: 'person', value_cents: 3500000, bonuses: [{ code: 'age_50_plus', value_cents: 1000000 }], source: 's' },
    { code: 'social_purchase', name_nl: 'Inkoop', name_en: 'Purchase', kind: 'money', source: 's' },
    { code: 'social_activity', name_nl: 'Activiteit', name_en: 'Activity', kind: 'hours', hourly_cents: 10000, source: 's' },
    { code: 'bol', name_nl: 'BOL-stage', name_en: 'BOL internship', kind: 'person', value_cents: 500000, per_weeks: true, source: 's' },
    { code: 'agreed_activity', name_nl: 'Activiteit in overleg', name_en: 'Agreed activity', kind: 'agreed', max_per_day_cents: 100000, source: 's' },
  ],
};

describe('plan items from what was typed', () => {
  test('each kind sends only its own fields, in the API’s units', () => {
    const a = { ...emptyDraft(), block: 'bbl', persons: '2', hours_per_week: '18,5', months: '12', bonuses: ['age_50_plus', 'not_allowed'] };
    const b = { ...emptyDraft(), block: 'social_purchase', amount: '10.000', materials: '2.000,50' };
    const c = { ...emptyDraft(), block: 'social_activity', hours: '40', description: ' gastlessen ' };
    expect(toItems([a, b, c], catalog, true)).toEqual({
      items: [
        { block: 'bbl', persons: 2, hours_per_week: 18.5, months: 12, bonuses: ['age_50_plus'] },
        { block: 'social_purchase', amount_cents: 1000000, materials_cents: 200050 },
        { block: 'social_activity', hours: 40, description: 'gastlessen' },
      ],
      index: [0, 1, 2],
      errors: {},
    });
  });
  test('on submit every row must be complete; problems name items[n].field', () => {
    const rows = [emptyDraft(), { ...emptyDraft(), block: 'bbl', hours_per_week: '40,123', months: '' }];
    expect(toItems(rows, catalog, true).errors).toEqual({
      'items[0].block': ['Kies een bouwblok.'],
      'items[1].hours_per_week': ['Gebruik hoogstens twee cijfers achter de komma.'],
      'items[1].months': ['Vul dit veld in.'],
    });
  });
  test('while typing, unfinished rows are left out without a message, and the API’s problems go back to their rows', () => {
    const rows = [emptyDraft(), { ...emptyDraft(), block: 'bbl', hours_per_week: '36', months: '' }, { ...emptyDraft(), block: 'social_activity', hours: '8' }];
    const r = toItems(rows, catalog, false);
    expect(r.items).toEqual([{ block: 'social_activity', hours: 8 }]);
    expect(r.index).toEqual([2]);
    expect(r.errors).toEqual({});
    expect(remapErrors({ 'items[0].hours': ['too many'], municipality: ['x'] }, r.index)).toEqual({ 'items[2].hours': ['too many'], municipality: ['x'] });
  });
  test('a stored item opens as it was typed', () => {
    const d = draftFromItem({ block: 'social_purchase', amount_cents: 123450, materials_cents: 0 });
    expect([d.block, d.amount, d.materials]).toEqual(['social_purchase', '1.234,50', '0']);
    expect(toItems([d], catalog, true).items).toEqual([{ block: 'social_purchase', amount_cents: 123450, materials_cents: 0 }]);
  });
  test('weeks where a block counts weeks of the year, days where a block is capped per day', () => {
    const a = { ...emptyDraft(), block: 'bol', hours_per_week: '36', weeks: '20', months: '3' };
    const b = { ...emptyDraft(), block: 'agreed_activity', agreed: '5.000', days: '4' };
    expect(toItems([a, b], catalog, true).items).toEqual([
      { block: 'bol', persons: 1, hours_per_week: 36, weeks: 20 },
      { block: 'agreed_activity', agreed_value_cents: 500000, days: 4 },
    ]);
    expect(toItems([{ ...b, days: '' }], catalog, true).errors).toEqual({ 'items[0].days': ['Vul dit veld in.'] });
  });
  test('a candidate is one person with a pseudonymous code, never a name or a BSN', () => {
    const row = (candidate: string, persons = '1') => toItems([{ ...emptyDraft(), block: 'bbl', hours_per_week: '36', months: '6', candidate, persons }], catalog, true);
    expect(row(' K-017 ').items).toEqual([{ block: 'bbl', persons: 1, hours_per_week: 36, months: 6, candidate: 'K-017' }]);
    expect(row('K-017', '2').errors).toEqual({ 'items[0].persons': ['Met een kandidaatcode gaat het om één persoon: zet het aantal op 1.'] });
    expect(candidateProblem('Jan Jansen')).toMatch(/alleen letters/);
    expect(candidateProblem('Jansen')).toMatch(/minstens één cijfer/);
    expect(candidateProblem('K123456782')).toMatch(/Geen BSN/);
    expect(candidateProblem('-17')).toMatch(/alleen letters/);
    expect(candidateProblem('x'.repeat(40) + '1')).toBe('Hoogstens 40 tekens.');
    expect(candidateProblem('kandidaat_2026.3')).toBe('');
  });
  test('a report line cites at most five pieces of evidence, and a stored line opens with them', () => {
    const d = { ...emptyDraft(), block: 'social_activity', hours: '8', evidence: ['e1', 'e2', 'e3', 'e4', 'e5', 'e6'] };
    expect(toItems([d], catalog, true).errors).toEqual({ 'items[0].evidence_ids': ['Kies hoogstens 5 bewijsstukken per regel.'] });
    expect(draftFromItem({ block: 'social_activity', hours: 8, evidence_ids: ['e1'] }).evidence).toEqual(['e1']);
    // The items carry no evidence: the report form adds each line's own.
    expect(toItems([{ ...d, evidence: ['e1'] }], catalog, true).items).toEqual([{ block: 'social_activity', hours: 8 }]);
  });
  test('an API field path is an element id', () => {
    expect(fieldId('items[2].months')).toBe('f-items-2-months');
    expect(fieldId('items[3].bonuses[0]')).toBe('f-items-3-bonuses-0');
    expect(fieldId('contact_email')).toBe('f-contact_email');
  });
});
