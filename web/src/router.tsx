// A small router on the History API: routes are patterns with :params,
// links are real <a href> (so they open in a new tab, copy and read out as
// links), and each navigation moves focus to the new page's heading.
import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';

export interface Location {
  path: string;
  query: URLSearchParams;
  hash: string;
}

function current(): Location {
  return { path: location.pathname, query: new URLSearchParams(location.search), hash: location.hash.slice(1) };
}

type Listener = (l: Location) => void;
const listeners = new Set<Listener>();
/** True after the first navigation: the first page keeps focus where the browser put it. */
export let navigated = false;

function notify() {
  const l = current();
  for (const f of listeners) f(l);
}

if (typeof window !== 'undefined') {
  window.addEventListener('popstate', () => {
    navigated = true;
    notify();
  });
}

export function navigate(to: string, opts: { replace?: boolean } = {}): void {
  // A redirect (replace) is not a move the user made: focus stays put.
  if (!opts.replace) navigated = true;
  if (opts.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  notify();
  if (!to.includes('#')) window.scrollTo(0, 0);
}

/** Replaces the query string without a new history entry or focus move (filters). */
export function setQuery(q: URLSearchParams): void {
  const s = q.toString();
  history.replaceState(null, '', location.pathname + (s ? '?' + s : ''));
  notify();
}

export function useLocation(): Location {
  const [loc, setLoc] = useState(current);
  useEffect(() => {
    listeners.add(setLoc);
    return () => {
      listeners.delete(setLoc);
    };
  }, []);
  return loc;
}

/** Matches a path against a pattern such as /contracten/:id; the params, or null. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/').filter(Boolean);
  const s = path.split('/').filter(Boolean);
  if (p.length !== s.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    const seg = p[i] as string;
    const val = s[i] as string;
    if (seg.startsWith(':')) {
      try {
        params[seg.slice(1)] = decodeURIComponent(val);
      } catch {
        return null;
      }
    } else if (seg !== val) return null;
  }
  return params;
}

type LinkProps = JSX.HTMLAttributes<HTMLAnchorElement> & { href: string; children?: ComponentChildren };

/** An internal link: a real <a>, followed without a page load. */
export function Link({ href, children, onClick, ...rest }: LinkProps) {
  return (
    <a
      href={href}
      onClick={(e) => {
        if (onClick) (onClick as (e: MouseEvent) => void)(e);
        if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        navigate(href);
      }}
      {...rest}
    >
      {children}
    </a>
  );
}

/** Path segment escaping for ids in URLs. */
export function seg(s: string): string {
  return encodeURIComponent(s);
}
