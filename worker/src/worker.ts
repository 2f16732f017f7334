/**
 * The replay Worker: BullMQ jobs of the replays queue dispatched through the replayJobs table, the
 * CPU work in a pool of warm compute threads (memory ceiling per job), and the sweeps (outbox
 * re-enqueue, stale-analysis re-analysis); also starts the background-queue worker (user exports
 * and deletions) and the coach-queue worker (coach answers).
 */
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { MikroORM } from '@rlcoach/db';
import { ComputePool } from './compute/pool.js';
import type { WorkerConfig } from './config.js';
import { QueueName } from '@rlcoach/db/contracts/jobs';
import type { Log } from '@rlcoach/db/logging/logger';
import { ReplayProducer } from '@rlcoach/db/queues/producer';
import { relayOutbox } from '@rlcoach/db/queues/outbox';
import { startBackgroundWorker } from './queues/background-worker.js';
import { startCoachWorker } from './queues/coach-worker.js';
import { dispatcher, routeJobEvents } from './queues/job-table.js';
import { replayJobs } from './queues/replay-jobs.js';
import { StatusPublisher } from './status.js';
import { openStorage } from '@rlcoach/db/storage/open';
import { sweepQueuedReplays, sweepStaleAnalyses } from './sweep.js';
import { runStorageSweep } from './storage-sweep.js';
import { observedWorkerOptions } from './observability.js';

export interface RunningWorker {
  worker: Worker;
  /** Every BullMQ Worker of this process (replays, background), for metrics. */
  workers: Worker[];
  close(): Promise<void>;
}

export interface ReplayWorkerOptions {
  /** Module URL every compute thread imports first (tests install their stage hooks there). */
  threadPreload?: string;
}

export async function startReplayWorker(
  config: WorkerConfig,
  orm: MikroORM,
  log: Log,
  options: ReplayWorkerOptions = {},
): Promise<RunningWorker> {
  // Workers wait out Redis outages (no per-request retry limit); the emitter/producer fail fast.
  const connection = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
  const pub = new Redis(config.redisUrl, { maxRetriesPerRequest: 2 });
  connection.on('error', (err) => log.error('redis (worker) error', { err }));
  pub.on('error', (err) => log.error('redis (emitter) error', { err }));
  const producer = new ReplayProducer({ redisUrl: config.redisUrl, prefix: config.bullmqPrefix });
  const status = new StatusPublisher(orm, pub, config.socketIoKey);
  // One warm thread per concurrent job: no thread start-up inside a job.
  const compute = new ComputePool({
    threads: config.concurrency,
    memoryMb: config.jobMemoryMb,
    threadPreload: options.threadPreload,
    onThreadCrash: (err) => log.error('sandbox thread error', { err }),
    onPoolError: (err) => log.error('compute pool error', { err }),
  });
  const storage = openStorage(config.storage);
  const table = replayJobs({
    orm,
    storage,
    compute,
    status,
    jobTimeoutMs: config.jobTimeoutMs,
    log,
  });

  const worker = new Worker(QueueName.Replays, dispatcher(table, QueueName.Replays), {
    connection,
    prefix: config.bullmqPrefix,
    concurrency: config.concurrency,
    lockDuration: config.lockDurationMs,
    stalledInterval: config.lockDurationMs,
    maxStalledCount: 1,
    ...observedWorkerOptions(),
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
  worker.on('stalled', (jobId) => log.warn('job stalled', { jobId }));
  worker.on('active', (job) =>
    log.info('job started', {
      jobId: job.id,
      name: job.name,
      replayId: (job.data as { replayId?: string }).replayId,
      pid: process.pid,
    }),
  );
  routeJobEvents(worker, table, log);

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
    void guard('storage sweep', runStorageSweep(orm, storage, log));
  };
  sweeps();
  const timer = setInterval(sweeps, config.sweepIntervalMs);
  timer.unref();

  // The outbox relay: enqueues committed replays whose enqueue right after the commit failed,
  // within about a second of Redis coming back. One pass at a time per process.
  let relaying = false;
  const relay = async () => {
    if (relaying) return;
    relaying = true;
    try {
      const r = await relayOutbox(orm, producer);
      if (r.enqueued > 0) log.info('outbox relay enqueued replays', { count: r.enqueued });
      if (r.failed > 0) log.warn('outbox relay could not enqueue (will retry)', { count: r.failed });
    } finally {
      relaying = false;
    }
  };
  const relayTimer = setInterval(() => void guard('outbox relay', relay()), config.outboxRelayMs);
  relayTimer.unref();

  // The background queue (user.export, user.delete) runs in every worker process too.
  const background = await startBackgroundWorker(config, orm, log);
  // The coach queue (coach.reply) too: streamed answers, many at once.
  const coach = await startCoachWorker(config, orm, log);

  return {
    worker,
    workers: [worker, background.worker],
    async close() {
      clearInterval(timer);
      await coach.close();
      clearInterval(relayTimer);
      await background.close();
      await worker.close(); // waits for active jobs
      await compute.close();
      await producer.close();
      pub.disconnect();
      connection.disconnect();
    },
  };
}
