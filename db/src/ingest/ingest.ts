/**
 * Upload-time ingest of one file: validate the header and both section CRCs, deduplicate by file
 * hash only, write Replay + UploadItem + ReplayOwnership in ONE transaction and store the original
 * inside it (once the row that references it is flushed), together with a transactional outbox row
 * for its processing job (queues/outbox.ts); right after the commit the job is enqueued and the
 * row deleted. If that enqueue fails, the worker's outbox relay enqueues it within seconds:
 * nothing a user sent is lost, and nothing waits for the slow sweep.
 *
 * The match GUID is NOT a deduplication key: it comes from the file and anyone can write it. A
 * different file with a known GUID becomes its own replay; the worker merges it into an existing
 * one only after decoding both to the same match (dedupe/merge.ts).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { Replay, UploadBatch, UploadItem } from '../entities/index.js';
import { UploadOutcome } from '../enums.js';
import { linkOwner } from '../repositories/ownership-repository.js';
import { looksLikeReplay, matchInfo, parseVerifiedHeader, type MatchInfo } from '@rlcoach/parser';
import { headerRejection, type IngestError } from './header-rejection.js';
import { ReplayStorage } from '../storage/replay-storage.js';
import type { OriginalStore } from '../storage/store.js';
import { deliverNow, recordReplayJob, type OutboxEnqueuer } from '../queues/outbox.js';

export interface IngestDeps {
  orm: MikroORM;
  storage: OriginalStore;
  enqueue: OutboxEnqueuer;
  log?: { warn(msg: string, fields?: Record<string, unknown>): void };
}

export interface IngestFileInput {
  userId: string;
  batchId: string;
  fileName: string;
  /** A complete file on disk; the caller deletes it afterwards (ingest copies what it keeps). */
  tempPath: string;
  sizeBytes: number;
}

export interface IngestResult {
  outcome: UploadOutcome;
  replayId?: string;
  uploadItemId: string;
  error?: { code: string; message: string };
  preview?: MatchInfo;
}

export async function createUploadBatch(
  em: EntityManager,
  userId: string,
  fileCount: number,
): Promise<UploadBatch> {
  const batch = em.create(UploadBatch, { user: userId, fileCount } as unknown as UploadBatch);
  await em.flush();
  return batch;
}

/** Record a file refused before ingest (limits enforced by the upload endpoint), so the batch history is complete. */
export async function recordRefusedUpload(
  em: EntityManager,
  input: { batchId: string; fileName: string; sizeBytes: number; error: { code: string; message: string } },
): Promise<UploadItem> {
  const item = em.create(UploadItem, {
    batch: input.batchId,
    fileName: input.fileName.slice(0, 255),
    sizeBytes: input.sizeBytes,
    outcome: UploadOutcome.Rejected,
    errorCode: input.error.code,
    errorMessage: input.error.message,
  } as unknown as UploadItem);
  await em.flush();
  return item;
}

type Validated = { ok: true; bytes: Uint8Array; info: MatchInfo } | { ok: false; error: IngestError };

async function validate(tempPath: string): Promise<Validated> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(tempPath));
  } catch {
    return {
      ok: false,
      error: {
        code: 'UNREADABLE_FILE',
        message: 'The uploaded file could not be read; please upload it again.',
      },
    };
  }
  if (bytes.length === 0) return { ok: false, error: { code: 'EMPTY_FILE', message: 'The file is empty.' } };
  if (!looksLikeReplay(bytes))
    return {
      ok: false,
      error: { code: 'NOT_A_REPLAY', message: 'This file is not a Rocket League replay (.replay).' },
    };
  try {
    return { ok: true, bytes, info: matchInfo(parseVerifiedHeader(bytes)) };
  } catch (e) {
    return { ok: false, error: headerRejection(e) };
  }
}

export async function ingestReplayFile(deps: IngestDeps, input: IngestFileInput): Promise<IngestResult> {
  const fileName = input.fileName.slice(0, 255);
  const checked = await validate(input.tempPath);
  if (!checked.ok) {
    const item = await recordRefusedUpload(deps.orm.em.fork(), { ...input, fileName, error: checked.error });
    return { outcome: UploadOutcome.Rejected, uploadItemId: item.id, error: checked.error };
  }
  const { bytes, info } = checked;
  const sha256 = createHash('sha256').update(bytes).digest('hex');

  const record = () =>
    deps.orm.em.fork().transactional(async (em) => {
      // Only identical bytes are the same replay at upload time.
      const existing = await em.getRepository(Replay).findByHash(sha256);
      const replay =
        existing ??
        em.create(Replay, {
          fileSha256: sha256,
          matchGuid: info.matchGuid,
          storageKey: ReplayStorage.keyFor(sha256),
          sizeBytes: bytes.length,
          header: info as unknown as Record<string, unknown>,
          playedAt: info.playedAt ? new Date(info.playedAt) : null,
          mapCode: info.mapCode,
        } as Replay);
      const item = em.create(UploadItem, {
        batch: input.batchId,
        fileName,
        sizeBytes: bytes.length,
        outcome: existing ? UploadOutcome.Duplicate : UploadOutcome.Accepted,
        replay,
      } as unknown as UploadItem);
      await em.flush();
      // The row that references the original is in place (its unique hash held): store the file
      // now, before the commit. Should the commit still fail, the storage sweep removes it later.
      if (!existing) await deps.storage.put(sha256, bytes);
      await linkOwner(em, input.userId, replay.id);
      // Committed together with the replay: its processing job can no longer be forgotten.
      const outbox = existing ? null : recordReplayJob(em, replay.id);
      return { replayId: replay.id, uploadItemId: item.id, duplicate: existing !== null, outbox };
    });

  let saved: Awaited<ReturnType<typeof record>>;
  try {
    saved = await record();
  } catch (e) {
    // Two uploads of the same file raced; the loser retries and now sees a duplicate.
    if (!(e instanceof UniqueConstraintViolationException)) throw e;
    saved = await record();
  }

  if (saved.duplicate) {
    return {
      outcome: UploadOutcome.Duplicate,
      replayId: saved.replayId,
      uploadItemId: saved.uploadItemId,
      preview: info,
    };
  }
  try {
    if (saved.outbox) await deliverNow(deps.orm, saved.outbox.id, saved.outbox.data, deps.enqueue);
  } catch (e) {
    // Committed but not enqueued: the outbox row stays and the worker's relay enqueues it. The upload itself succeeded.
    deps.log?.warn('enqueue failed after commit; the outbox relay will retry', {
      replayId: saved.replayId,
      err: String(e),
    });
  }
  return {
    outcome: UploadOutcome.Accepted,
    replayId: saved.replayId,
    uploadItemId: saved.uploadItemId,
    preview: info,
  };
}
