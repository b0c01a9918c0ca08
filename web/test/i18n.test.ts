import { describe, expect, test } from 'vitest';
import { en } from '../src/i18n/en';

describe('the English translation', () => {
  test('every text is translated, with the same placeholders', () => {
    for (const [nl, english] of Object.entries(en)) {
      expect(english, nl).not.toBe('');
      const ph = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(ph(english), nl).toEqual(ph(nl));
    }
  });
});
