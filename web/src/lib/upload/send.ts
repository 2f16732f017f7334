/**
 * One batch upload to the realtime service over XHR (fetch cannot report upload
 * progress). Resolves with per-file outcomes or a typed batch-level error; never
 * throws for HTTP or network failures.
 */
import type { UploadOutcome } from '@rlcoach/db/enums';

export interface UploadedFile {
  index: number;
  fileName: string;
  outcome: UploadOutcome;
  replayId?: string;
  error?: { code: string; message: string };
  preview?: unknown;
}

export type UploadReply =
  | { ok: true; status: number; batchId: string; files: UploadedFile[] }
  | { ok: false; status: number; code: string; message: string; retryAfterSeconds: number | null };

export interface SendOptions {
  url: string;
  token: string;
  files: File[];
  /** Bytes of the request body sent so far, out of the total. */
  onProgress(loaded: number, total: number): void;
}

export function sendBatch({ url, token, files, onProgress }: SendOptions): Promise<UploadReply> {
  return new Promise((resolve) => {
    const form = new FormData();
    for (const f of files) form.append('files', f, f.name);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${url}/api/uploads`);
    xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.responseType = 'text';
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded, e.total);
    };
    xhr.onload = () => resolve(interpret(xhr.status, xhr.responseText, xhr.getResponseHeader('Retry-After')));
    xhr.onerror = () =>
      resolve({
        ok: false,
        status: 0,
        code: 'NETWORK',
        message: 'The upload service could not be reached. Check your connection and retry.',
        retryAfterSeconds: null,
      });
    xhr.onabort = () =>
      resolve({
        ok: false,
        status: 0,
        code: 'ABORTED',
        message: 'The upload was cancelled.',
        retryAfterSeconds: null,
      });
    xhr.send(form);
  });
}

/** Exported for tests: HTTP status + body → typed reply. */
export function interpret(status: number, text: string, retryAfter: string | null): UploadReply {
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: handled below as a generic error
  }
  if (isBatchBody(body)) return { ok: true, status, batchId: body.batchId, files: body.files };
  const retryAfterSeconds = parseRetryAfter(retryAfter);
  const err = isErrorBody(body) ? body.error : null;
  const code = err?.code ?? `HTTP_${status}`;
  let message = err?.message ?? defaultMessage(status);
  if (status === 503 && retryAfterSeconds !== null)
    message = `${message} Try again in ${retryAfterSeconds} s.`;
  return { ok: false, status, code, message, retryAfterSeconds };
}

function defaultMessage(status: number): string {
  if (status === 401) return 'Your session expired. Reload the page and retry.';
  if (status === 413) return 'The upload is larger than allowed.';
  if (status === 503) return 'The server is busy processing other replays.';
  return `The upload failed (HTTP ${status}).`;
}

function parseRetryAfter(v: string | null): number | null {
  if (!v) return null;
  const n = Number(v);
  if (Number.isFinite(n) && n >= 0) return Math.ceil(n);
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

function isBatchBody(b: unknown): b is { batchId: string; files: UploadedFile[] } {
  return (
    typeof b === 'object' &&
    b !== null &&
    typeof (b as { batchId?: unknown }).batchId === 'string' &&
    Array.isArray((b as { files?: unknown }).files)
  );
}

function isErrorBody(b: unknown): b is { error: { code: string; message: string } } {
  const e = typeof b === 'object' && b !== null ? (b as { error?: unknown }).error : undefined;
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof (e as { code?: unknown }).code === 'string' &&
    typeof (e as { message?: unknown }).message === 'string'
  );
}

/** Per-file share of the body progress: files are sent in order, so each owns a byte span. */
export function filePercents(sizes: number[], loaded: number, total: number): number[] {
  const payload = sizes.reduce((a, b) => a + b, 0);
  // Multipart framing adds a little per file; scale so the whole body maps onto the files.
  const scaled = total > 0 ? (loaded / total) * payload : 0;
  let start = 0;
  return sizes.map((size) => {
    const done = Math.min(Math.max(scaled - start, 0), size);
    start += size;
    return size === 0 ? 100 : Math.round((done / size) * 100);
  });
}
