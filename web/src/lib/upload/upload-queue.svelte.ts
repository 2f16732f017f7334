/**
 * Turns dropped files into rows, refuses what the browser can already tell is
 * wrong, uploads the rest as one batch and hands replay ids to the tracker.
 * A refusal of one file never touches the others. Files the service could not take right now
 * (503 + Retry-After, SERVICE_UNAVAILABLE, unreachable) are sent again automatically with jittered
 * backoff (auto-retry.ts); their Retry button stays for the impatient.
 */
import { UploadOutcome } from '@rlcoach/db/enums';
import { unreachable } from '$lib/realtime/replay-live';
import type { ReplayTracker } from '$lib/realtime/replay-tracker.svelte';
import { retryDelayMs, shouldAutoRetry } from './auto-retry';
import { checkSize, tooManyFiles, type UploadLimits } from './check';
import { previewOf } from './header-preview';
import { inspectFile } from './inspect';
import { readPreview } from './preview';
import { filePercents, sendBatch, type UploadReply } from './send';
import { UploadRow } from './upload-row.svelte';

export interface UploadAccess {
  url: string;
  token: string;
}

export interface UploadQueueDeps {
  access(): UploadAccess;
  /** Ask the server for a fresh token (after a 401). */
  refreshAccess(): Promise<void>;
  limits(): UploadLimits;
  tracker: ReplayTracker;
}

/** Batch-level failures worth a retry button: the file itself was fine. */
const RETRYABLE = new Set([
  'QUEUE_BUSY',
  'SERVICE_UNAVAILABLE',
  'NETWORK',
  'ABORTED',
  'UNAUTHENTICATED',
  'TOKEN_INVALID',
  'TOKEN_EXPIRED',
  'INTERNAL',
]);

export class UploadQueue {
  rows: UploadRow[] = $state([]);
  /** Automatic attempts made per row so far (reset when the player retries by hand). */
  readonly #attempts = new WeakMap<UploadRow, number>();
  /** Rows with an automatic retry scheduled; a manual retry or a new send takes them out. */
  readonly #scheduled = new Set<UploadRow>();

  constructor(private readonly deps: UploadQueueDeps) {}

  /** One drop or pick = one batch. */
  async add(files: File[]): Promise<void> {
    if (files.length === 0) return;
    const limits = this.deps.limits();
    const rows = files.map((f) => new UploadRow(f));
    this.rows = [...rows, ...this.rows];

    // Each file's header is decoded here, before the batch is sent: the scoreboard shows at once,
    // and a file the parser refuses never leaves the browser.
    const checked = await Promise.all(
      rows.map(async (row, i) => {
        const refusal = i >= limits.maxFiles ? tooManyFiles(limits) : checkSize(row.file, limits);
        const inspection = refusal ? { ok: false as const, refusal } : await inspectFile(row.file);
        if (!inspection.ok) {
          row.upload = { kind: 'refused', ...inspection.refusal, retryable: false };
          return null;
        }
        row.header = previewOf(inspection.info);
        row.upload = { kind: 'waiting' };
        return row;
      }),
    );
    const sendable = checked.filter((r): r is UploadRow => r !== null);
    if (sendable.length > 0) await this.#send(sendable);
  }

  /** Send again the files of a batch that failed as a whole (busy server, network, expired session). */
  async retry(row: UploadRow): Promise<void> {
    if (row.upload.kind !== 'refused' || !row.upload.retryable) return;
    const again = this.rows.filter((r) => r.upload.kind === 'refused' && r.upload.retryable);
    for (const r of again) this.#attempts.delete(r);
    await this.#send(again);
  }

  /** Schedule one automatic resend of `rows` after the policy's jittered delay. */
  #scheduleRetry(rows: UploadRow[], retryAfterSeconds: number | null): void {
    const due = rows.filter((row) => {
      const code = row.upload.kind === 'refused' ? row.upload.code : '';
      return !this.#scheduled.has(row) && shouldAutoRetry(code, this.#attempts.get(row) ?? 0);
    });
    if (due.length === 0) return;
    const attempt = Math.max(...due.map((r) => (this.#attempts.get(r) ?? 0) + 1));
    const delay = retryDelayMs(attempt, retryAfterSeconds);
    for (const row of due) {
      this.#attempts.set(row, attempt);
      this.#scheduled.add(row);
      if (row.upload.kind === 'refused')
        row.upload = { ...row.upload, message: `${row.upload.message} Retrying automatically.` };
    }
    setTimeout(() => {
      // Only rows still waiting: the player may have retried by hand meanwhile.
      const still = due.filter((r) => this.#scheduled.delete(r) && r.upload.kind === 'refused');
      if (still.length > 0) void this.#send(still);
    }, delay);
  }

  async #send(rows: UploadRow[], afterRefresh = false): Promise<void> {
    for (const row of rows) {
      this.#scheduled.delete(row);
      row.upload = { kind: 'uploading', percent: 0 };
    }
    const sizes = rows.map((r) => r.size);
    const reply = await sendBatch({
      ...this.deps.access(),
      files: rows.map((r) => r.file),
      onProgress: (loaded, total) => {
        const percents = filePercents(sizes, loaded, total);
        rows.forEach((row, i) => (row.upload = { kind: 'uploading', percent: percents[i] ?? 0 }));
      },
    });
    if (!reply.ok && reply.status === 401 && !afterRefresh) {
      await this.deps.refreshAccess();
      return this.#send(rows, true);
    }
    this.#apply(rows, reply);
  }

  #apply(rows: UploadRow[], reply: UploadReply): void {
    if (!reply.ok) {
      for (const row of rows)
        row.upload = {
          kind: 'refused',
          code: reply.code,
          message: reply.message,
          retryable: RETRYABLE.has(reply.code),
        };
      this.#scheduleRetry(rows, reply.status === 503 ? reply.retryAfterSeconds : null);
      return;
    }
    const answered = new Set<number>();
    for (const file of reply.files) {
      const row = rows[file.index];
      if (!row) continue;
      answered.add(file.index);
      switch (file.outcome) {
        case UploadOutcome.Accepted:
        case UploadOutcome.Duplicate:
          if (!file.replayId) {
            row.upload = {
              kind: 'refused',
              code: 'NO_REPLAY_ID',
              message: 'The server stored this file but did not say under which id.',
              retryable: false,
            };
            break;
          }
          row.preview = readPreview(file.preview);
          row.upload =
            file.outcome === UploadOutcome.Accepted
              ? { kind: 'accepted', replayId: file.replayId }
              : { kind: 'duplicate', replayId: file.replayId };
          this.deps.tracker.watch(file.replayId);
          break;
        case UploadOutcome.Rejected: {
          const code = file.error?.code ?? 'REJECTED';
          row.upload = {
            kind: 'refused',
            code,
            message: file.error?.message ?? 'The server refused this file.',
            retryable: RETRYABLE.has(code),
          };
          break;
        }
        default:
          unreachable(file.outcome);
      }
    }
    rows.forEach((row, i) => {
      if (!answered.has(i))
        row.upload = {
          kind: 'refused',
          code: 'NO_ANSWER',
          message: 'The server did not report on this file; upload it again.',
          retryable: true,
        };
    });
    // Files the service could not take just now (SERVICE_UNAVAILABLE inside the 200) go again by themselves.
    this.#scheduleRetry(rows, null);
  }
}
