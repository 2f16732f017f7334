/**
 * Outbox sweep: a replay committed as `queued` whose enqueue failed (Redis down at upload time)
 * has no job. Re-enqueue those; the derived job id makes a double enqueue a no-op. Also the
 * re-analysis sweep: finished replays analysed under older rules get a low-priority job.
 */
import { queuedReplayIdsBefore, staleAnalysisIds, type MikroORM } from '@rlcoach/db';
import { ANALYSIS_VERSION } from '@rlcoach/parser/analysis/index';
import { keepStoredResult } from './handlers/reanalyse-replay.js';
import type { ReplayProducer } from '@rlcoach/db/queues/producer';

export interface SweepResult {
  checked: number;
  enqueued: string[];
}

/** `minAgeMs` skips replays committed moments ago whose upload request is still enqueueing them. */
export async function sweepQueuedReplays(
  orm: MikroORM,
  producer: ReplayProducer,
  minAgeMs = 10_000,
): Promise<SweepResult> {
  const queued = await queuedReplayIdsBefore(orm.em.fork(), new Date(Date.now() - minAgeMs));
  const enqueued: string[] = [];
  for (const replayId of queued) {
    if (await producer.hasJob(replayId)) continue;
    await producer.enqueueReplay(replayId);
    enqueued.push(replayId);
  }
  return { checked: queued.length, enqueued };
}

/** Re-analyses enqueued per sweep pass: a large library is brought up to date gradually. */
export const REANALYSE_BATCH = 200;

export interface StaleSweepResult extends SweepResult {
  /** Stale replays whose re-analysis had failed for good: marked current, their result kept. */
  kept: string[];
}

/**
 * Re-analysis sweep: finished replays whose result predates `version` (ANALYSIS_VERSION) get a
 * low-priority `replay.reanalyse` job, oldest first, at most `batch` per pass. Replays whose job
 * is still pending are skipped (they stay in the batch until it runs, which bounds the queued
 * re-analyses to about one batch). A replay still stale after its job failed for good (the
 * failure bookkeeping did not land) is marked current so it cannot hold a batch slot forever.
 */
export async function sweepStaleAnalyses(
  orm: MikroORM,
  producer: ReplayProducer,
  version: number = ANALYSIS_VERSION,
  batch = REANALYSE_BATCH,
): Promise<StaleSweepResult> {
  const stale = await staleAnalysisIds(orm.em.fork(), version, batch);
  const enqueued: string[] = [];
  const kept: string[] = [];
  for (const replayId of stale) {
    const job = await producer.reanalyseJob(replayId, version);
    if (job) {
      if ((await job.isFailed()) && (await keepStoredResult(orm, replayId))) kept.push(replayId);
      continue;
    }
    await producer.enqueueReanalyse(replayId, version);
    enqueued.push(replayId);
  }
  return { checked: stale.length, enqueued, kept };
}
