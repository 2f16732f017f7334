/** Every environment variable the worker reads, validated once; bad values fail fast with their names. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readDbEnv, type DbEnv } from '@rlcoach/db';

export interface WorkerConfig {
  db: DbEnv;
  redisUrl: string;
  /** Root of the content-addressed replay store. */
  storageDir: string;
  /** BullMQ key prefix; tests use a unique one each. */
  bullmqPrefix: string;
  /** Socket.IO Redis adapter key; must equal the realtime server's. */
  socketIoKey: string;
  /** One deadline over a whole replay job: read, parse, analysis, track, save. */
  jobTimeoutMs: number;
  jobMemoryMb: number;
  concurrency: number;
  queueMaxDepth: number;
  /** BullMQ lock duration: how long a dead worker's job waits before another takes it over. */
  lockDurationMs: number;
  /** How often queued replays without a job are re-enqueued (outbox sweep). */
  sweepIntervalMs: number;
}

export class WorkerConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid worker configuration: ${problems.join('; ')}`);
    this.name = 'WorkerConfigError';
  }
}

/** <repo>/var/replays, resolved from this file (src/ or dist/) so it does not depend on the cwd. */
export const DEFAULT_STORAGE_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../var/replays',
);

export function readWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const problems: string[] = [];
  const str = (name: string, fallback: string): string => env[name]?.trim() || fallback;
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name} must be an integer ${min}–${max}, got "${raw}"`);
      return fallback;
    }
    return n;
  };
  const redisUrl = str('REDIS_URL', 'redis://127.0.0.1:6379');
  try {
    const u = new URL(redisUrl);
    if (u.protocol !== 'redis:' && u.protocol !== 'rediss:')
      problems.push(`REDIS_URL must be redis://…, got ${u.protocol}`);
  } catch {
    problems.push('REDIS_URL is not a URL');
  }
  const bullmqPrefix = str('BULLMQ_PREFIX', 'rlcoach');
  if (bullmqPrefix.includes(':')) problems.push('BULLMQ_PREFIX must not contain ":"');
  let db: DbEnv | undefined;
  try {
    db = readDbEnv(env);
  } catch (e) {
    problems.push(...((e as { problems?: string[] }).problems ?? [(e as Error).message]));
  }
  const config: WorkerConfig = {
    db: db!,
    redisUrl,
    storageDir: path.resolve(str('STORAGE_DIR', DEFAULT_STORAGE_DIR)),
    bullmqPrefix,
    socketIoKey: str('SOCKET_IO_KEY', 'rlcoach.io'),
    jobTimeoutMs: int('JOB_TIMEOUT_MS', 30_000, 1, 3_600_000),
    jobMemoryMb: int('JOB_MEMORY_MB', 512, 16, 16_384),
    concurrency: int('WORKER_CONCURRENCY', 1, 1, 64),
    queueMaxDepth: int('QUEUE_MAX_DEPTH', 1000, 0, 10_000_000),
    lockDurationMs: int('WORKER_LOCK_MS', 30_000, 1000, 600_000),
    sweepIntervalMs: int('OUTBOX_SWEEP_MS', 60_000, 500, 3_600_000),
  };
  if (problems.length > 0) throw new WorkerConfigError(problems);
  return config;
}
