/**
 * The transactional outbox of the replay queue. Ingest writes a `job_outbox` row in the same
 * transaction as the replay (so a committed replay always has its job on record), then hands the
 * row to `deliverNow` right after the commit; the worker's relay loop (`relayOutbox`, every
 * OUTBOX_RELAY_MS) enqueues whatever is still there: an enqueue that failed because Redis was
 * down, or a process that died between commit and enqueue. Rows are claimed with
 * `FOR UPDATE SKIP LOCKED`, so several workers relay without stepping on each other; BullMQ's
 * derived job id makes a second enqueue of the same replay a no-op.
 */
import { LockMode } from '@mikro-orm/core';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { JobName, jobIdFor } from '../contracts/jobs.js';
import { JobOutbox } from '../entities/index.js';

/** What the outbox needs from a producer: today only the replay queue's processing job. */
export interface OutboxEnqueuer {
  enqueueReplay(replayId: string): Promise<unknown>;
}

/** Record, inside the caller's transaction, that replay `replayId` must be enqueued for processing. */
export function recordReplayJob(em: EntityManager, replayId: string): JobOutbox {
  return em.create(JobOutbox, {
    jobName: JobName.ReplayProcess,
    jobId: jobIdFor(JobName.ReplayProcess, replayId),
    data: { replayId },
  } as unknown as JobOutbox);
}

async function enqueue(row: Pick<JobOutbox, 'jobName' | 'data'>, producer: OutboxEnqueuer): Promise<void> {
  if (row.jobName !== JobName.ReplayProcess) throw new Error(`the outbox cannot enqueue ${row.jobName}`);
  const replayId = row.data.replayId;
  if (typeof replayId !== 'string') throw new Error('outbox row without a replayId');
  await producer.enqueueReplay(replayId);
}

/**
 * Right after the commit: enqueue and delete the row. Throws when the enqueue fails (the row
 * stays for the relay); a failed delete after a good enqueue is harmless (the relay's second
 * enqueue is a no-op) and is not reported.
 */
export async function deliverNow(
  orm: MikroORM,
  rowId: string,
  data: Record<string, unknown>,
  producer: OutboxEnqueuer,
): Promise<void> {
  await enqueue({ jobName: JobName.ReplayProcess, data }, producer);
  await orm.em
    .fork()
    .nativeDelete(JobOutbox, { id: rowId })
    .catch(() => undefined);
}

export interface RelayResult {
  enqueued: number;
  failed: number;
}

/** Backoff of a row whose enqueue failed: 1 s, 2 s, 4 s … at most 30 s. */
export function relayBackoffMs(attempts: number): number {
  return Math.min(30_000, 1_000 * 2 ** Math.max(0, attempts - 1));
}

/**
 * One relay pass: claim up to `limit` due rows, enqueue each, delete the delivered ones and push
 * back the others with a backoff and the reason. `minAgeMs` leaves rows committed moments ago to
 * the request that is delivering them itself.
 */
export async function relayOutbox(
  orm: MikroORM,
  producer: OutboxEnqueuer,
  { limit = 200, minAgeMs = 1_000 }: { limit?: number; minAgeMs?: number } = {},
): Promise<RelayResult> {
  return orm.em.fork().transactional(async (em) => {
    const now = new Date();
    const rows = await em.find(
      JobOutbox,
      { availableAt: { $lte: now }, createdAt: { $lte: new Date(now.getTime() - minAgeMs) } },
      { orderBy: { availableAt: 'asc' }, limit, lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE },
    );
    let enqueued = 0;
    let failed = 0;
    for (const row of rows) {
      try {
        await enqueue(row, producer);
        em.remove(row);
        enqueued++;
      } catch (err) {
        row.attempts += 1;
        row.availableAt = new Date(Date.now() + relayBackoffMs(row.attempts));
        row.lastError = String(err).slice(0, 500);
        failed++;
        // Redis is down: the rest would fail the same way; leave them for the next pass.
        if ((err as { code?: string }).code === 'QUEUE_UNAVAILABLE') break;
      }
    }
    return { enqueued, failed };
  });
}

/** Rows waiting to be enqueued (for the ops view and tests). */
export function pendingOutboxCount(em: EntityManager): Promise<number> {
  return em.count(JobOutbox, {});
}
