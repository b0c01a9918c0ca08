// Dutch by default, English switchable. The Dutch text is the key (so the
// code reads as the page does); en.ts translates every key, and tsc refuses
// a t('...') whose text en.ts lacks. Placeholders: {name}.
import { en } from './en';

export type Key = keyof typeof en;
export type Lang = 'nl' | 'en';

const STORE = 'srm.lang';

function initial(): Lang {
  try {
    const saved = localStorage.getItem(STORE);
    if (saved === 'nl' || saved === 'en') return saved;
  } catch {
    // no storage
  }
  return 'nl';
}

let lang: Lang = typeof window === 'undefined' ? 'nl' : initial();
const listeners = new Set<(l: Lang) => void>();

export function getLang(): Lang {
  return lang;
}

export function setLang(l: Lang): void {
  lang = l;
  try {
    localStorage.setItem(STORE, l);
  } catch {
    // no storage
  }
  document.documentElement.lang = l;
  for (const f of listeners) f(l);
}

export function onLang(f: (l: Lang) => void): () => void {
  listeners.add(f);
  return () => listeners.delete(f);
}

export function t(key: Key, vars?: Record<string, string | number>): string {
  let s: string = lang === 'en' ? en[key] : key;
  if (vars) {
    for (const [k, v] of Object.entries(vars)) s = s.split(`{${k}}`).join(String(v));
  }
  return s;
}

/** Translates a text that may have no entry (a code from the API), falling back to it. */
export function tMaybe(text: string): string {
  if (lang === 'nl') return text;
  return (en as Record<string, string>)[text] ?? text;
}
