/** The worker process's configuration: database, Redis, queues, storage, job limits, logging. */
import { int, type Env } from './env-schema.js';
import { databaseFrom, databaseShape, databaseUrlDefault, type DbEnv } from './database.js';
import { loadWith } from './load.js';
import {
  logShape,
  queueShape,
  redisShape,
  storageFrom,
  storageShape,
  type LogLevel,
  type StorageConfig,
} from './pieces.js';

export const workerShape = {
  ...databaseShape,
  ...redisShape,
  ...queueShape,
  ...storageShape,
  ...logShape,
  JOB_TIMEOUT_MS: int(30_000, 1, 3_600_000),
  JOB_MEMORY_MB: int(512, 16, 16_384),
  WORKER_CONCURRENCY: int(1, 1, 64),
  WORKER_LOCK_MS: int(30_000, 1000, 600_000),
  OUTBOX_SWEEP_MS: int(60_000, 500, 3_600_000),
  /** How often the transactional outbox is relayed to the queue (enqueues that failed after commit). */
  OUTBOX_RELAY_MS: int(1_000, 100, 60_000),
};

export interface WorkerConfig {
  db: DbEnv;
  redisUrl: string;
  /** Root of the content-addressed replay store. */
  storageDir: string;
  /** Originals and export archives: local disk or an S3-compatible store (STORAGE_DRIVER). */
  storage: StorageConfig;
  /** BullMQ key prefix; tests use a unique one each. */
  bullmqPrefix: string;
  /** Socket.IO Redis adapter key; must equal the realtime server's. */
  socketIoKey: string;
  jobTimeoutMs: number;
  jobMemoryMb: number;
  concurrency: number;
  queueMaxDepth: number;
  /** BullMQ lock duration: how long a dead worker's job waits before another takes it over. */
  lockDurationMs: number;
  /** How often queued replays without a job are re-enqueued (outbox sweep). */
  sweepIntervalMs: number;
  /** How often the outbox relay runs (OUTBOX_RELAY_MS). */
  outboxRelayMs: number;
  logLevel: LogLevel;
}

export function loadWorkerConfig(env: Env = process.env): WorkerConfig {
  const problems: string[] = [];
  const fallbackUrl = databaseUrlDefault(env, problems);
  return loadWith('worker', workerShape, env, problems, (v) => ({
    db: databaseFrom(v, fallbackUrl),
    redisUrl: v.REDIS_URL,
    storageDir: v.STORAGE_DIR,
    storage: storageFrom('worker', v),
    bullmqPrefix: v.BULLMQ_PREFIX,
    socketIoKey: v.SOCKET_IO_KEY,
    jobTimeoutMs: v.JOB_TIMEOUT_MS,
    jobMemoryMb: v.JOB_MEMORY_MB,
    concurrency: v.WORKER_CONCURRENCY,
    queueMaxDepth: v.QUEUE_MAX_DEPTH,
    lockDurationMs: v.WORKER_LOCK_MS,
    sweepIntervalMs: v.OUTBOX_SWEEP_MS,
    outboxRelayMs: v.OUTBOX_RELAY_MS,
    logLevel: v.LOG_LEVEL,
  }));
}
