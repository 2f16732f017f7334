/**
 * Sandboxed BullMQ processor of the replays queue (runs in a worker thread with its own memory
 * ceiling): `replay.process` and the low-priority `replay.reanalyse`. One ORM and storage handle
 * per thread, reused across jobs. Progress goes to the parent thread via job.updateProgress, which
 * posts synchronously, so it is live even during the synchronous parse; re-analyses report none
 * (the replay stays "done" for its owners until the new result is announced).
 */
import { UnrecoverableError, type SandboxedJob } from 'bullmq';
import { createOrm, type MikroORM } from '@rlcoach/db';
import { readWorkerConfig } from '../config.js';
import {
  JobName,
  type ReplayProcessData,
  type ReplayProcessResult,
  type ReplayReanalyseData,
  type ReplayReanalyseResult,
} from '@rlcoach/db/contracts/jobs';
import { processReplay, type ProcessReplayDeps } from '../handlers/process-replay.js';
import { reanalyseReplay } from '../handlers/reanalyse-replay.js';
import { ReplayStorage } from '@rlcoach/db/storage/replay-storage';

let shared: Promise<Omit<ProcessReplayDeps, 'report'>> | undefined;

async function init(): Promise<Omit<ProcessReplayDeps, 'report'>> {
  const config = readWorkerConfig();
  const orm: MikroORM = await createOrm({ env: { ...config.db, poolMax: 2 } });
  return {
    orm,
    storage: new ReplayStorage(config.storageDir),
    jobTimeoutMs: config.jobTimeoutMs,
    debugDelayMs: config.debugJobDelayMs,
    debugAllocMb: config.debugJobAllocMb,
  };
}

export default async function replayProcess(
  job: SandboxedJob<ReplayProcessData | ReplayReanalyseData, ReplayProcessResult | ReplayReanalyseResult>,
): Promise<ReplayProcessResult | ReplayReanalyseResult> {
  if (job.name !== JobName.ReplayProcess && job.name !== JobName.ReplayReanalyse)
    throw new UnrecoverableError(`no handler for job "${job.name}" on this queue`);
  const deps = await (shared ??= init().catch((e: unknown) => {
    shared = undefined; // let the next job try again (e.g. the database was briefly down)
    throw e;
  }));
  if (job.name === JobName.ReplayReanalyse) return reanalyseReplay(deps, job.data.replayId);
  return processReplay(
    {
      ...deps,
      report: (p) => {
        job.updateProgress({ ...p }).catch(() => {});
      },
    },
    job.data.replayId,
  );
}
