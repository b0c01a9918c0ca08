// Evidence upload, as the API asks it: the browser hashes the file
// (WebCrypto SHA-256), announces it (POST /contracts/{id}/evidence), PUTs
// the bytes straight to the presigned S3 URL with exactly the headers given
// (except Content-Length, which the browser sets itself), and reads
// GET /evidence/{id} until the check has decided.
import { type Evidence, evidence as evidenceApi, type EvidenceContentType, type EvidenceKind, type EvidenceUpload } from './api/client';

export const MAX_BYTES = 26214400;

const types: Record<string, EvidenceContentType> = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  csv: 'text/csv',
  txt: 'text/plain',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export const ACCEPT = Object.keys(types)
  .map((e) => '.' + e)
  .join(',');

/** The content type for a file name, by its extension (the API checks the two fit). */
export function contentTypeOf(name: string): EvidenceContentType | null {
  const ext = name.toLowerCase().split('.').pop() ?? '';
  return types[ext] ?? null;
}

export function hex(buf: ArrayBuffer): string {
  return [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export async function sha256Hex(data: ArrayBuffer): Promise<string> {
  return hex(await crypto.subtle.digest('SHA-256', data));
}

export function announce(contractId: string, f: { name: string; size: number; sha256: string; kind: EvidenceKind; period?: string; consent: boolean }): Promise<EvidenceUpload> {
  const content_type = contentTypeOf(f.name);
  return evidenceApi.announce(contractId, {
    file_name: f.name,
    // An unknown extension is sent as it is; the API names the problem.
    content_type: content_type ?? 'application/octet-stream',
    size_bytes: f.size,
    sha256: f.sha256,
    kind: f.kind,
    consent_confirmed: f.consent,
    ...(f.period ? { period: f.period } : {}),
  });
}

export class UploadError extends Error {
  constructor(readonly status: number) {
    super(`upload failed: HTTP ${status}`);
  }
}

/** PUTs the body to the presigned URL with its headers, reporting progress (0..1). */
export function put(upload: EvidenceUpload['upload'], body: Blob, onProgress: (fraction: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(upload.method, upload.url);
    for (const [k, v] of Object.entries(upload.headers)) {
      // A script may not set Content-Length; the browser sends the body's.
      if (k.toLowerCase() === 'content-length' || typeof v !== 'string') continue;
      xhr.setRequestHeader(k, v);
    }
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve();
      } else reject(new UploadError(xhr.status));
    };
    xhr.onerror = () => reject(new UploadError(0));
    xhr.send(body);
  });
}

/**
 * Reads the evidence until it is verified or rejected. The check takes a
 * second or two; the interval grows to 3 s, and after `timeoutMs` the last
 * state is returned (still awaiting_upload).
 */
export async function waitForCheck(id: string, opts: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<Evidence> {
  const end = Date.now() + (opts.timeoutMs ?? 120_000);
  let delay = 400;
  for (;;) {
    const ev = await evidenceApi.get(id);
    if (ev.status !== 'awaiting_upload' || Date.now() > end || opts.signal?.aborted) return ev;
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(3000, Math.round(delay * 1.5));
  }
}
