/**
 * The replays queue's handlers: `replay.process` and the low-priority `replay.reanalyse`. Each
 * job runs under one deadline (JOB_TIMEOUT_MS) over all its stages; the CPU work runs in the
 * compute pool. Completion announces the result to the replay's owners; a final failure marks the
 * replay failed with a reason users can read (or, for a re-analysis, keeps the stored result).
 */
import { readReplayError, type MikroORM } from '@rlcoach/db';
import type { ReplayCompute } from '../compute/task.js';
import { JobName } from '@rlcoach/db/contracts/jobs';
import { withDeadline } from '../deadline.js';
import { markFailed, processReplay } from '../handlers/process-replay.js';
import { keepStoredResult, reanalyseReplay } from '../handlers/reanalyse-replay.js';
import type { Log } from '@rlcoach/db/logging/logger';
import type { StatusPublisher } from '../status.js';
import type { ObjectStore } from '@rlcoach/db/storage/store';
import type { JobTable } from './job-table.js';

export type ReplayJobName = typeof JobName.ReplayProcess | typeof JobName.ReplayReanalyse;

export interface ReplayJobDeps {
  orm: MikroORM;
  storage: ObjectStore;
  compute: ReplayCompute;
  status: StatusPublisher;
  jobTimeoutMs: number;
  log: Log;
}

/** A reason users can read for failures that are not parser errors. */
export function failureReason(err: Error, attempts: number): string {
  if (err.name === 'UnrecoverableError') return err.message;
  if (err.name === 'ComputeThreadCrashError') {
    return `Processing crashed ${attempts} times, most likely because this replay needs more memory than allowed.`;
  }
  return `Processing failed after ${attempts} attempts: ${err.message}`;
}

export function replayJobs(deps: ReplayJobDeps): JobTable<ReplayJobName> {
  const { orm, status, log } = deps;
  return {
    [JobName.ReplayProcess]: {
      run: (job) =>
        withDeadline(deps.jobTimeoutMs, (deadline) =>
          processReplay(
            {
              ...deps,
              report: (p) => {
                job.updateProgress({ ...p }).catch(() => {});
                status
                  .progress({ replayId: job.data.replayId, stage: p.stage, percent: p.percent })
                  .catch((err: unknown) => log.error('progress emit failed', { err }));
              },
            },
            job.data.replayId,
            deadline,
          ),
        ),
      async completed(job, result) {
        log.info('job completed', {
          jobId: job.id,
          replayId: result.replayId,
          status: result.status,
          pid: process.pid,
        });
        // The run that saved the result knows its status and scoreboard: no read-back.
        await status.done(
          result.replayId,
          result.scoreboard ? { status: result.status, scoreboard: result.scoreboard } : undefined,
        );
      },
      async failedForGood(job, err) {
        const reason = failureReason(err, job.attemptsMade);
        const code = err.name === 'UnrecoverableError' ? 'UNRECOVERABLE' : 'RETRIES_EXHAUSTED';
        await markFailed(orm, job.data.replayId, reason, code);
        const stored = await readReplayError(orm.em.fork(), job.data.replayId);
        await status.failed(job.data.replayId, stored ?? reason);
      },
    },
    [JobName.ReplayReanalyse]: {
      run: (job) =>
        withDeadline(deps.jobTimeoutMs, (deadline) => reanalyseReplay(deps, job.data.replayId, deadline)),
      async completed(job, r) {
        log.info('job completed', {
          jobId: job.id,
          name: job.name,
          replayId: r.replayId,
          outcome: r.outcome,
        });
        if (r.outcome === 'kept')
          log.warn('re-analysis kept the stored result', { replayId: r.replayId, reason: r.reason });
        // Open dashboards reload on replay:done and read the new result.
        if (r.outcome === 'reanalysed') await status.done(r.replayId);
      },
      async failedForGood(job, err) {
        // The replay keeps its stored result (never turned failed) and leaves the sweep until the next version bump.
        if (await keepStoredResult(orm, job.data.replayId))
          log.warn('re-analysis kept the stored result', {
            replayId: job.data.replayId,
            reason: err.message,
          });
      },
    },
  };
}
