// The building blocks of every page: the page frame (title, heading that
// takes focus), form fields with their label, hint and errors, the error
// summary, alerts, tables that scroll on a phone, and loading states.
import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api/client';
import { apiErrors, describe, type Errors, fieldId, isApiText } from '../forms';
import { getLang, t } from '../i18n';
import { Link, navigated } from '../router';

export function Page({ title, lead, children, back }: { title: string; lead?: ComponentChildren; children?: ComponentChildren; back?: { href: string; label: string } }) {
  const h1 = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} – srmonitor`;
  }, [title]);
  useEffect(() => {
    // Move focus to the new page's heading, so a screen reader announces it
    // and keyboard users start at the top; not on the first page load.
    if (navigated && !location.hash) h1.current?.focus({ preventScroll: false });
  }, []);
  return (
    <>
      {back && (
        <p class="back">
          <Link href={back.href}>{back.label}</Link>
        </p>
      )}
      <h1 tabIndex={-1} ref={h1}>
        {title}
      </h1>
      {lead && <div class="lead">{lead}</div>}
      {children}
    </>
  );
}

export type FieldProps = { id: string; 'aria-describedby'?: string; 'aria-invalid'?: 'true' };

/**
 * A labelled field. The input is given its id, aria-describedby (hint and
 * errors) and aria-invalid by the render function.
 */
export function Field({
  field,
  label,
  hint,
  errors,
  optional,
  children,
  class: cls,
}: {
  field: string;
  label: ComponentChildren;
  hint?: ComponentChildren;
  errors?: Errors;
  optional?: boolean;
  class?: string;
  children: (p: FieldProps) => JSX.Element;
}) {
  const id = fieldId(field);
  const msgs = errors?.[field] ?? [];
  const described = [hint ? `${id}-hint` : '', msgs.length ? `${id}-error` : ''].filter(Boolean).join(' ');
  const p: FieldProps = { id };
  if (described) p['aria-describedby'] = described;
  if (msgs.length) p['aria-invalid'] = 'true';
  return (
    <div class={`field${msgs.length ? ' field-error' : ''}${cls ? ' ' + cls : ''}`}>
      <label for={id}>
        {label}
        {optional && <span class="optional"> ({t('niet verplicht')})</span>}
      </label>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {msgs.length > 0 && <FieldErrors id={`${id}-error`} messages={msgs} />}
      {children(p)}
    </div>
  );
}

/**
 * The state of a form that sends to the API: busy while send runs, and what
 * the API refused, as the error and its messages by field. A change refused
 * because the contract changed meanwhile (412) also calls onStale, which
 * reloads what the form was made from; what the user typed stays.
 */
export function useSubmit(onStale?: () => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [errors, setErrors] = useState<Errors>({});
  const send = async (what: () => Promise<void>) => {
    setBusy(true);
    try {
      await what();
    } catch (err) {
      setError(err);
      setErrors(apiErrors(err));
      if (onStale && err instanceof ApiError && err.code === 'precondition_failed') onStale();
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, errors, setErrors, send };
}

/** A Field's input for an amount in euros, as people type it ("1.234,56"). */
export function EuroInput({ p, value, onInput }: { p: FieldProps; value: string; onInput: (v: string) => void }) {
  return (
    <span class="prefixed">
      <span class="prefix" aria-hidden="true">
        €
      </span>
      <input {...p} class="input input-medium" type="text" inputMode="decimal" value={value} onInput={(e) => onInput(e.currentTarget.value)} />
    </span>
  );
}

/** A Field's input for a percentage, as people type it ("5" or "2,5"). */
export function PercentInput({ p, value, onInput }: { p: FieldProps; value: string; onInput: (v: string) => void }) {
  return (
    <span class="prefixed">
      <input {...p} class="input input-short" type="text" inputMode="decimal" value={value} onInput={(e) => onInput(e.currentTarget.value)} />
      <span class="suffix" aria-hidden="true">
        %
      </span>
    </span>
  );
}

export function FieldErrors({ id, messages }: { id: string; messages: string[] }) {
  return (
    <p class="error-message" id={id}>
      <span class="visually-hidden">{t('Fout')}: </span>
      {messages.map((m, i) => (
        <span key={i} lang={isDutch(m) ? undefined : 'en'}>
          {i > 0 ? ' ' : ''}
          {m}
        </span>
      ))}
    </p>
  );
}

// The API's problem texts are English; our own are in the current language.
function isDutch(m: string): boolean {
  return !isApiText(m) || getLang() === 'en';
}

/** A group of radios or checkboxes with a legend. */
export function Fieldset({ legend, hint, field, errors, children }: { legend: ComponentChildren; hint?: ComponentChildren; field: string; errors?: Errors; children: ComponentChildren }) {
  const id = fieldId(field);
  const msgs = errors?.[field] ?? [];
  return (
    <fieldset class={`field${msgs.length ? ' field-error' : ''}`} id={id} aria-describedby={[hint ? `${id}-hint` : '', msgs.length ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined}>
      <legend>{legend}</legend>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {msgs.length > 0 && <FieldErrors id={`${id}-error`} messages={msgs} />}
      {children}
    </fieldset>
  );
}

/**
 * The list of problems at the top of a form, each a link to its field. It
 * takes focus when it appears, so the problems are read out.
 */
export function ErrorSummary({ errors, labels, error }: { errors: Errors; labels?: Record<string, string>; error?: unknown }) {
  const ref = useRef<HTMLDivElement>(null);
  const entries = Object.entries(errors).filter(([, m]) => m.length > 0);
  const key = JSON.stringify(entries);
  useEffect(() => {
    if (entries.length) ref.current?.focus();
  }, [key]);
  if (!entries.length) return null;
  const reqId = error instanceof ApiError && error.requestId ? error.requestId : '';
  return (
    <div class="error-summary" role="alert" tabIndex={-1} ref={ref} aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">{t('Er is een probleem')}</h2>
      <ul>
        {entries.map(([field, msgs]) => {
          const label = labels?.[field] ?? (field ? field : '');
          const text = msgs.join(' ');
          const target = field ? fieldId(field) : '';
          return (
            <li key={field}>
              {target && typeof document !== 'undefined' && document.getElementById(target) ? (
                <a
                  href={`#${target}`}
                  onClick={(e) => {
                    e.preventDefault();
                    const el = document.getElementById(target);
                    el?.focus();
                    el?.scrollIntoView({ block: 'center' });
                  }}
                >
                  {label ? `${label}: ` : ''}
                  <span lang={isDutch(text) ? undefined : 'en'}>{text}</span>
                </a>
              ) : (
                <>
                  {label ? `${label}: ` : ''}
                  <span lang={isDutch(text) ? undefined : 'en'}>{text}</span>
                </>
              )}
            </li>
          );
        })}
      </ul>
      {error instanceof ApiError && error.message && error.details.length === 0 && error.code !== 'network' && (
        <p class="api-message">
          {t('Melding van de server')}: <span lang="en">{error.message}</span>
        </p>
      )}
      {reqId && <p class="request-id">{t('Kenmerk voor de helpdesk')}: {reqId}</p>}
    </div>
  );
}

export function Alert({ kind = 'info', title, children, live }: { kind?: 'info' | 'success' | 'warning' | 'error'; title?: ComponentChildren; children?: ComponentChildren; live?: boolean }) {
  return (
    <div class={`alert alert-${kind}`} role={live ? (kind === 'error' ? 'alert' : 'status') : undefined}>
      {title && <p class="alert-title">{title}</p>}
      {children}
    </div>
  );
}

/** A table that scrolls sideways on a narrow screen, reachable by keyboard. */
export function TableWrap({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="table-wrap" role="region" aria-label={t('{name} (tabel)', { name: label })} tabIndex={0}>
      {children}
    </div>
  );
}

export function Loading({ label }: { label?: string }) {
  return (
    <p class="loading" role="status">
      {label ?? t('Bezig met laden…')}
    </p>
  );
}

export function LoadError({ error, retry }: { error: unknown; retry?: () => void }) {
  const e = error instanceof ApiError ? error : null;
  return (
    <Alert kind="error" title={e ? describe(e) : t('Er ging iets mis. Probeer het opnieuw.')} live>
      {e?.message && e.code !== 'network' && (
        <p>
          <span lang="en">{e.message}</span>
        </p>
      )}
      {e?.requestId && (
        <p class="request-id">
          {t('Kenmerk voor de helpdesk')}: {e.requestId}
        </p>
      )}
      {retry && (
        <button type="button" class="button secondary" onClick={retry}>
          {t('Opnieuw proberen')}
        </button>
      )}
    </Alert>
  );
}

export function Badge({ tone = 'neutral', children }: { tone?: 'neutral' | 'good' | 'warn' | 'bad' | 'info'; children: ComponentChildren }) {
  return <span class={`badge badge-${tone}`}>{children}</span>;
}

export interface Resource<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
  set: (v: T) => void;
}

/** Loads data for a view; reload() loads it again. */
export function useResource<T>(load: () => Promise<T>, deps: unknown[]): Resource<T> {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({ data: undefined, error: undefined, loading: true });
  const [n, setN] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true, error: undefined }));
    load().then(
      (data) => live && setState({ data, error: undefined, loading: false }),
      (error: unknown) => live && setState((s) => ({ data: s.data, error, loading: false })),
    );
    return () => {
      live = false;
    };
  }, [...deps, n]);
  return { ...state, reload: () => setN((x) => x + 1), set: (data: T) => setState({ data, error: undefined, loading: false }) };
}

/** The value after it stopped changing for ms. */
export function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const h = setTimeout(() => setV(value), ms);
    return () => clearTimeout(h);
  }, [value, ms]);
  return v;
}

/** A polite live region: its text is read out when it changes. */
export function LiveText({ children, class: cls }: { children: ComponentChildren; class?: string }) {
  return (
    <div class={cls} aria-live="polite" aria-atomic="true">
      {children}
    </div>
  );
}

/** A section of a long page, its heading a target of the page's table of contents. */
export function Section({ id, title, children }: { id: string; title: string; children: ComponentChildren }) {
  return (
    <section aria-labelledby={id} class="section">
      <h2 id={id} tabIndex={-1}>
        {title}
      </h2>
      {children}
    </section>
  );
}
