// A button that fetches a file the API writes (a CSV export, a PDF) with
// the user's token and saves it under its name, with the API's error
// shown next to it when it fails.
import { useState } from 'preact/hooks';
import { fetchFile } from '../api/client';
import { t } from '../i18n';
import { LiveText, LoadError } from './ui';

/** Saves blob as a download named filename. */
export function save(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  // The download has started by now; keep the URL a little for slow disks.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function DownloadButton({ path, accept, filename, label }: { path: string; accept: 'text/csv' | 'application/pdf'; filename: string; label: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const click = async () => {
    setBusy(true);
    setError(undefined);
    try {
      save(await fetchFile(path, accept), filename);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="download">
      <button type="button" class="button secondary" disabled={busy} onClick={() => void click()}>
        {label}
      </button>
      <LiveText>{busy ? t('Bestand wordt gemaakt…') : ''}</LiveText>
      {error !== undefined && <LoadError error={error} />}
    </div>
  );
}
