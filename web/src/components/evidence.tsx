// Evidence: the table of a contract's files, and the uploader (pick or drop
// files, SHA-256 in the browser, announce, PUT with progress, wait for the
// check, the reason in plain words when a file is refused).
import { useEffect, useRef, useState } from 'preact/hooks';
import { type Evidence, evidence as evidenceApi, type EvidenceKind } from '../api/client';
import { fileSize, timestamp } from '../format';
import { add, apiErrors, type Errors, fieldId } from '../forms';
import { t } from '../i18n';
import { evidenceKindLabel, evidenceKinds, evidenceStatusLabel, needsConsent, periodLabel, reasonText } from '../labels';
import { ACCEPT, announce, contentTypeOf, MAX_BYTES, put, sha256Hex, UploadError, waitForCheck } from '../upload';
import { Badge, ErrorSummary, Field, FieldErrors, TableWrap } from './ui';

function statusTone(s: string): 'good' | 'bad' | 'info' {
  return s === 'verified' ? 'good' : s === 'rejected' ? 'bad' : 'info';
}

function Download({ ev }: { ev: Evidence }) {
  if (ev.status !== 'verified' || !ev.download_url) return <>{ev.file_name}</>;
  return (
    <a
      href={ev.download_url}
      rel="noreferrer"
      onClick={async (e) => {
        // The link in the list is valid for 5 minutes; fetch a fresh one.
        e.preventDefault();
        try {
          const fresh = await evidenceApi.get(ev.id);
          if (fresh.download_url) location.assign(fresh.download_url);
        } catch {
          location.assign(ev.download_url as string);
        }
      }}
    >
      {ev.file_name}
      <span class="visually-hidden"> ({t('downloaden')})</span>
    </a>
  );
}

export function EvidenceTable({ items, label, selected, onToggle }: { items: Evidence[]; label: string; selected?: Set<string>; onToggle?: (id: string, on: boolean) => void }) {
  return (
    <TableWrap label={label}>
      <table class="evidence-table">
        <thead>
          <tr>
            {onToggle && <th scope="col">{t('Gebruiken')}</th>}
            <th scope="col">{t('Bestand')}</th>
            <th scope="col">{t('Soort')}</th>
            <th scope="col">{t('Periode')}</th>
            <th scope="col">{t('Controle')}</th>
            <th scope="col">{t('Aangeboden')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((ev) => (
            <tr key={ev.id}>
              {onToggle && (
                <td>
                  {ev.status === 'verified' ? (
                    <input
                      type="checkbox"
                      id={`use-${ev.id}`}
                      aria-label={t('{file} gebruiken in deze rapportage', { file: ev.file_name })}
                      checked={selected?.has(ev.id) ?? false}
                      onChange={(e) => onToggle(ev.id, e.currentTarget.checked)}
                    />
                  ) : null}
                </td>
              )}
              <th scope="row">
                <Download ev={ev} />
                <span class="muted small"> · {fileSize(ev.size_bytes)}</span>
              </th>
              <td>{evidenceKindLabel(ev.kind)}</td>
              <td>{ev.period ? periodLabel(ev.period) : '–'}</td>
              <td>
                <Badge tone={statusTone(ev.status)}>{evidenceStatusLabel(ev.status)}</Badge>
                {ev.status === 'rejected' && <p class="reason">{reasonText(ev.reason)}</p>}
              </td>
              <td>{timestamp(ev.created_at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

type Phase = 'ready' | 'hashing' | 'announcing' | 'uploading' | 'checking' | 'verified' | 'rejected' | 'failed';

interface Item {
  key: number;
  file: File;
  phase: Phase;
  progress: number;
  evidence?: Evidence;
  errors: Errors;
  error?: unknown;
}

let nextKey = 1;

function phaseText(i: Item): string {
  switch (i.phase) {
    case 'ready':
      return t('klaar om te uploaden');
    case 'hashing':
      return t('controlegetal berekenen…');
    case 'announcing':
      return t('aanmelden…');
    case 'uploading':
      return t('uploaden: {pct}%', { pct: Math.round(i.progress * 100) });
    case 'checking':
      return t('geüpload; wordt gecontroleerd…');
    case 'verified':
      return t('gecontroleerd en goedgekeurd');
    case 'rejected':
      return t('geweigerd');
    case 'failed':
      return t('niet gelukt');
  }
}

/** Picks, uploads and follows evidence files for one contract (and period). */
export function Uploader({ contractId, period, onChecked }: { contractId: string; period?: string; onChecked: (ev: Evidence) => void }) {
  const [kind, setKind] = useState<EvidenceKind | ''>('');
  const [consent, setConsent] = useState(false);
  const [items, setItems] = useState<Item[]>([]);
  const [errors, setErrors] = useState<Errors>({});
  const [announcement, setAnnouncement] = useState('');
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const alive = useRef(new AbortController());
  useEffect(() => () => alive.current.abort(), []);

  const patch = (key: number, p: Partial<Item>) => setItems((xs) => xs.map((x) => (x.key === key ? { ...x, ...p } : x)));

  const addFiles = (files: FileList | File[]) => {
    const list = [...files].map((file): Item => {
      const e: Errors = {};
      if (!contentTypeOf(file.name)) add(e, 'file_name', t('Dit soort bestand kan niet: kies een pdf, jpg, png, csv, txt of xlsx.'));
      if (file.size === 0) add(e, 'size_bytes', t('Het bestand is leeg.'));
      if (file.size > MAX_BYTES) add(e, 'size_bytes', t('Het bestand is groter dan 25 MB.'));
      return { key: nextKey++, file, phase: Object.keys(e).length ? 'failed' : 'ready', progress: 0, errors: e };
    });
    setItems((xs) => [...xs, ...list]);
  };

  const run = async (item: Item, k: EvidenceKind) => {
    const key = item.key;
    try {
      patch(key, { phase: 'hashing', errors: {}, error: undefined, progress: 0 });
      const bytes = await item.file.arrayBuffer();
      const sha256 = await sha256Hex(bytes);
      patch(key, { phase: 'announcing' });
      const up = await announce(contractId, { name: item.file.name, size: item.file.size, sha256, kind: k, consent, ...(period ? { period } : {}) });
      patch(key, { phase: 'uploading', evidence: up.evidence });
      await put(up.upload, new Blob([bytes], { type: up.upload.headers['Content-Type'] }), (f) => patch(key, { progress: f }));
      patch(key, { phase: 'checking' });
      setAnnouncement(t('{file} is geüpload en wordt gecontroleerd.', { file: item.file.name }));
      const ev = await waitForCheck(up.evidence.id, { signal: alive.current.signal });
      if (alive.current.signal.aborted) return;
      const phase: Phase = ev.status === 'verified' ? 'verified' : ev.status === 'rejected' ? 'rejected' : 'checking';
      patch(key, { phase, evidence: ev });
      setAnnouncement(
        phase === 'verified'
          ? t('{file} is gecontroleerd en goedgekeurd.', { file: item.file.name })
          : phase === 'rejected'
            ? `${t('{file} is geweigerd.', { file: item.file.name })} ${reasonText(ev.reason)}`
            : t('{file} wordt nog gecontroleerd.', { file: item.file.name }),
      );
      onChecked(ev);
    } catch (err) {
      if (err instanceof UploadError) {
        patch(key, { phase: 'failed', errors: { '': [t('Uploaden is mislukt (S3 antwoordde {status}). Probeer het opnieuw.', { status: err.status || t('niet') })] } });
      } else {
        const e = apiErrors(err);
        patch(key, { phase: 'ready', errors: e, error: err });
        // Problems about the choice for all files (kind, consent) show there too.
        const shared: Errors = {};
        for (const f of ['kind', 'consent_confirmed', 'period']) if (e[f]) shared[f] = e[f] as string[];
        if (Object.keys(shared).length) setErrors(shared);
      }
      setAnnouncement(t('{file}: niet gelukt.', { file: item.file.name }));
    }
  };

  const start = () => {
    const e: Errors = {};
    if (!kind) add(e, 'kind', t('Kies wat voor bewijsstuk het is.'));
    if (kind && needsConsent.has(kind) && !consent) add(e, 'consent_confirmed', t('Bevestig de toestemming van de kandidaat.'));
    const ready = items.filter((i) => i.phase === 'ready');
    if (ready.length === 0) add(e, 'files', t('Kies eerst een of meer bestanden.'));
    setErrors(e);
    if (Object.keys(e).length || !kind) return;
    for (const i of ready) void run(i, kind);
  };

  const busy = items.some((i) => ['hashing', 'announcing', 'uploading'].includes(i.phase));
  const labels = { kind: t('Soort bewijsstuk'), consent_confirmed: t('Toestemming'), files: t('Bestanden'), period: t('Periode') };
  return (
    <div class="uploader">
      <ErrorSummary errors={errors} labels={labels} />
      <Field field="kind" label={labels.kind} errors={errors}>
        {(p) => (
          <select {...p} class="select" value={kind} onChange={(e) => setKind(e.currentTarget.value as EvidenceKind)}>
            <option value="">{t('Kies…')}</option>
            {evidenceKinds.map((k) => (
              <option key={k} value={k}>
                {evidenceKindLabel(k)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {kind && needsConsent.has(kind) && (
        <div class={`field${errors.consent_confirmed ? ' field-error' : ''}`}>
          {errors.consent_confirmed && <FieldErrors id={`${fieldId('consent_confirmed')}-error`} messages={errors.consent_confirmed} />}
          <label class="checkbox">
            <input
              type="checkbox"
              id={fieldId('consent_confirmed')}
              aria-describedby={errors.consent_confirmed ? `${fieldId('consent_confirmed')}-error` : undefined}
              aria-invalid={errors.consent_confirmed ? 'true' : undefined}
              checked={consent}
              onChange={(e) => setConsent(e.currentTarget.checked)}
            />
            {t('Ik bevestig dat de kandidaat toestemming heeft gegeven om dit bestand te delen, en dat er geen BSN in staat.')}
          </label>
        </div>
      )}
      <div
        class={`dropzone${dragging ? ' dragging' : ''}${errors.files ? ' field-error' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          if (e.dataTransfer?.files.length) addFiles(e.dataTransfer.files);
        }}
      >
        <label for={fieldId('files')}>{t('Bestanden kiezen')}</label>
        <p class="hint" id={`${fieldId('files')}-hint`}>
          {t('Of sleep ze hierheen. Pdf, jpg, png, csv, txt of xlsx, tot 25 MB per bestand. Verwijder eerst elk BSN.')}
        </p>
        {errors.files && <FieldErrors id={`${fieldId('files')}-error`} messages={errors.files} />}
        <input
          ref={input}
          id={fieldId('files')}
          type="file"
          multiple
          accept={ACCEPT}
          aria-describedby={`${fieldId('files')}-hint${errors.files ? ` ${fieldId('files')}-error` : ''}`}
          onChange={(e) => {
            const files = e.currentTarget.files;
            if (files?.length) addFiles(files);
            e.currentTarget.value = '';
          }}
        />
      </div>
      {items.length > 0 && (
        <ul class="uploads">
          {items.map((i) => (
            <li key={i.key} class={`upload upload-${i.phase}`}>
              <p>
                <strong>{i.file.name}</strong> <span class="muted">({fileSize(i.file.size)})</span> · <span class="upload-status">{phaseText(i)}</span>
              </p>
              {i.phase === 'uploading' && (
                <progress max={1} value={i.progress} aria-label={t('Voortgang upload {file}', { file: i.file.name })}>
                  {Math.round(i.progress * 100)}%
                </progress>
              )}
              {i.phase === 'rejected' && <p class="reason">{reasonText(i.evidence?.reason)}</p>}
              {Object.entries(i.errors).map(([f, m]) => (
                <FieldErrors key={f} id={`upload-${i.key}-error-${f || 'all'}`} messages={m} />
              ))}
              {(i.phase === 'ready' || i.phase === 'failed' || i.phase === 'rejected') && (
                <button type="button" class="link-button" onClick={() => setItems((xs) => xs.filter((x) => x.key !== i.key))}>
                  {t('Weghalen')}
                  <span class="visually-hidden"> {i.file.name}</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <button type="button" class="button secondary" disabled={busy} onClick={start}>
        {t('Uploaden')}
      </button>
      <p class="visually-hidden" role="status">
        {announcement}
      </p>
    </div>
  );
}
