/**
 * The replay Worker: sandboxed processor in worker threads (memory ceiling per job) for
 * `replay.process` and `replay.reanalyse`, live status fan-out from the parent thread,
 * terminal-failure bookkeeping, and the sweeps (outbox re-enqueue, stale-analysis re-analysis);
 * also starts the background-queue worker (user exports and deletions).
 */
import { fileURLToPath } from 'node:url';
import { Child, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { Replay, type MikroORM } from '@rlcoach/db';
import type { WorkerConfig } from './config.js';
import {
  JobName,
  QueueName,
  type ReplayProcessData,
  type ReplayProcessResult,
  type ReplayReanalyseData,
  type ReplayReanalyseResult,
} from '@rlcoach/db/contracts/jobs';
import { markFailed, type StageReport } from './handlers/process-replay.js';
import { keepStoredResult } from './handlers/reanalyse-replay.js';
import { startBackgroundWorker } from './processors/background.js';
import type { Log } from '@rlcoach/db/logging/logger';
import { ReplayProducer } from '@rlcoach/db/queues/producer';
import { StatusPublisher } from './status.js';
import { sweepQueuedReplays, sweepStaleAnalyses } from './sweep.js';

type ReplayJobData = ReplayProcessData | ReplayReanalyseData;
type ReplayJobResult = ReplayProcessResult | ReplayReanalyseResult;

export interface RunningWorker {
  worker: Worker<ReplayJobData, ReplayJobResult>;
  close(): Promise<void>;
}

const processorFile = fileURLToPath(new URL('./processors/replay-process.js', import.meta.url));

let childErrorsHandled = false;

/**
 * BullMQ re-emits a sandbox thread's 'error' (ERR_WORKER_OUT_OF_MEMORY when a job hits
 * JOB_MEMORY_MB) on its Child object, which has no listener: the whole worker process would
 * crash. With a listener, the thread's exit fails only that job ("Unexpected exit code").
 */
function handleSandboxErrors(log: Log): void {
  if (childErrorsHandled) return;
  childErrorsHandled = true;
  const init = Child.prototype.init;
  Child.prototype.init = function (this: Child) {
    this.on('error', (err: Error) => log.error('sandbox thread error', { err }));
    return init.call(this);
  };
}

/** A reason users can read for failures that are not parser errors. */
function failureReason(err: Error, attempts: number): string {
  if (err.name === 'UnrecoverableError') return err.message;
  if (/Unexpected exit code/.test(err.message)) {
    return `Processing crashed ${attempts} times, most likely because this replay needs more memory than allowed.`;
  }
  return `Processing failed after ${attempts} attempts: ${err.message}`;
}

function isFinalFailure(job: Job, err: Error): boolean {
  return err.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
}

export async function startReplayWorker(
  config: WorkerConfig,
  orm: MikroORM,
  log: Log,
): Promise<RunningWorker> {
  handleSandboxErrors(log);
  // Workers wait out Redis outages (no per-request retry limit); the emitter/producer fail fast.
  const connection = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
  const pub = new Redis(config.redisUrl, { maxRetriesPerRequest: 2 });
  connection.on('error', (err) => log.error('redis (worker) error', { err }));
  pub.on('error', (err) => log.error('redis (emitter) error', { err }));
  const producer = new ReplayProducer({ redisUrl: config.redisUrl, prefix: config.bullmqPrefix });
  const status = new StatusPublisher(orm, pub, config.socketIoKey);

  const worker = new Worker<ReplayJobData, ReplayJobResult>(QueueName.Replays, processorFile, {
    connection,
    prefix: config.bullmqPrefix,
    concurrency: config.concurrency,
    useWorkerThreads: true,
    workerThreadsOptions: { resourceLimits: threadMemoryLimits(config.jobMemoryMb) },
    lockDuration: config.lockDurationMs,
    stalledInterval: config.lockDurationMs,
    maxStalledCount: 1,
  });

  const guard = (what: string, p: Promise<unknown>) =>
    p.catch((err: unknown) => log.error(`${what} failed`, { err }));

  worker.on('ready', () =>
    log.info('worker ready', {
      queue: QueueName.Replays,
      prefix: config.bullmqPrefix,
      concurrency: config.concurrency,
      pid: process.pid,
    }),
  );
  worker.on('error', (err) => log.error('worker error', { err }));
  worker.on('active', (job) =>
    log.info('job started', { jobId: job.id, name: job.name, replayId: job.data.replayId, pid: process.pid }),
  );
  worker.on('progress', (job, progress) => {
    const p = progress as StageReport;
    if (typeof p !== 'object' || p === null || typeof p.stage !== 'string') return;
    void guard(
      'progress emit',
      status.progress({ replayId: job.data.replayId, stage: p.stage, percent: p.percent }),
    );
  });
  worker.on('completed', (job, result) => {
    if (job.name === JobName.ReplayReanalyse) {
      const r = result as ReplayReanalyseResult;
      log.info('job completed', { jobId: job.id, name: job.name, replayId: r.replayId, outcome: r.outcome });
      if (r.outcome === 'kept')
        log.warn('re-analysis kept the stored result', { replayId: r.replayId, reason: r.reason });
      // Open dashboards reload on replay:done and read the new result.
      if (r.outcome === 'reanalysed') void guard('done emit', status.done(r.replayId));
      return;
    }
    log.info('job completed', {
      jobId: job.id,
      replayId: job.data.replayId,
      status: (result as ReplayProcessResult).status,
      pid: process.pid,
    });
    void guard('done emit', status.done(job.data.replayId));
  });
  worker.on('failed', (job, err) => {
    if (!job) return log.error('job failed', { err });
    const final = isFinalFailure(job, err);
    log.warn('job failed', {
      jobId: job.id,
      name: job.name,
      replayId: job.data.replayId,
      final,
      attemptsMade: job.attemptsMade,
      err,
    });
    if (!final) return;
    if (job.name === JobName.ReplayReanalyse) {
      // The replay keeps its stored result (never turned failed) and leaves the sweep until the next version bump.
      void guard(
        're-analysis failure bookkeeping',
        keepStoredResult(orm, job.data.replayId).then((marked) => {
          if (marked)
            log.warn('re-analysis kept the stored result', {
              replayId: job.data.replayId,
              reason: err.message,
            });
        }),
      );
      return;
    }
    void guard(
      'final failure bookkeeping',
      (async () => {
        const reason = failureReason(err, job.attemptsMade);
        await markFailed(
          orm,
          job.data.replayId,
          reason,
          err.name === 'UnrecoverableError' ? 'UNRECOVERABLE' : 'RETRIES_EXHAUSTED',
        );
        const row = await orm.em.fork().findOne(Replay, job.data.replayId);
        await status.failed(job.data.replayId, row?.error ?? reason);
      })(),
    );
  });

  const sweep = async () => {
    const r = await sweepQueuedReplays(orm, producer);
    if (r.enqueued.length > 0)
      log.info('outbox sweep re-enqueued replays', { count: r.enqueued.length, replayIds: r.enqueued });
  };
  const reanalyseSweep = async () => {
    const r = await sweepStaleAnalyses(orm, producer);
    if (r.enqueued.length + r.kept.length > 0)
      log.info('re-analysis sweep', { enqueued: r.enqueued.length, kept: r.kept, replayIds: r.enqueued });
  };
  const sweeps = () => {
    void guard('outbox sweep', sweep());
    void guard('re-analysis sweep', reanalyseSweep());
  };
  sweeps();
  const timer = setInterval(sweeps, config.sweepIntervalMs);
  timer.unref();

  // The background queue (user.export, user.delete) runs in every worker process too.
  const background = await startBackgroundWorker(config, orm, log);

  return {
    worker,
    async close() {
      clearInterval(timer);
      await background.close();
      await worker.close(); // waits for active jobs
      await producer.close();
      pub.disconnect();
      connection.disconnect();
    },
  };
}

/**
 * Split the per-job memory ceiling between V8's generations. A decoded replay allocates many
 * short-lived objects: with the default small young generation the parse spends most of its time
 * in GC (the parser bench measured ~23 MB/s vs ~130 MB/s with 192 MB young space). The total
 * stays within JOB_MEMORY_MB.
 */
export function threadMemoryLimits(totalMb: number): {
  maxOldGenerationSizeMb: number;
  maxYoungGenerationSizeMb: number;
} {
  const young = Math.min(192, Math.floor(totalMb * 0.375));
  return { maxOldGenerationSizeMb: totalMb - young, maxYoungGenerationSizeMb: young };
}
