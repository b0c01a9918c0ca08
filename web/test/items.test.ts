import { describe, expect, test } from 'vitest';
import type { Catalog } from '../src/api/client';
import { draftFromItem, emptyDraft, remapErrors, toItems } from '../src/components/items-editor';
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
  test('an API field path is an element id', () => {
    expect(fieldId('items[2].months')).toBe('f-items-2-months');
    expect(fieldId('items[3].bonuses[0]')).toBe('f-items-3-bonuses-0');
    expect(fieldId('contact_email')).toBe('f-contact_email');
  });
});
