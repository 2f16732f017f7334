/** The worker process's configuration: database, Redis, queues, storage, job limits, the coach, logging. */
import type { CoachLimits } from '../coach/limits.js';
import { ConfigError, int, optionalText, optionalUrl, text, type Env } from './env-schema.js';
import { databaseFrom, databaseShape, databaseUrlDefault, type DbEnv } from './database.js';
import { loadWith } from './load.js';
import {
  WORKER_BILLING_NEEDS,
  billingFrom,
  billingProblems,
  billingShape,
  type BillingConfig,
} from './billing.js';
import {
  coachLimitsFrom,
  coachLimitsShape,
  logShape,
  metricsShape,
  queueShape,
  redisShape,
  storageFrom,
  storageShape,
  type LogLevel,
  type StorageConfig,
} from './pieces.js';

/** The coach's model and per-answer caps (the `coach.reply` job). */
export const coachEngineShape = {
  /** Unset: the coach answers that it is not configured (nothing pretends). */
  ANTHROPIC_API_KEY: optionalText(),
  /** Another Messages API endpoint (tests point it at a local fake server). */
  ANTHROPIC_BASE_URL: optionalUrl(['http:', 'https:']),
  COACH_MODEL: text('claude-sonnet-4-5'),
  /** max_tokens of one upstream call (thinking + answer). */
  COACH_MAX_TOKENS: int(4_096, 256, 64_000),
  /** Extended thinking budget per call; 0 turns thinking off, else at least 1024 and below COACH_MAX_TOKENS. */
  COACH_THINKING_BUDGET: int(2_048, 0, 63_000),
  /** Upstream calls per answer (each tool round is one); the last one may not call tools. */
  COACH_MAX_STEPS: int(6, 1, 20),
  /** Tokens (input + output, all steps) one answer may use. */
  COACH_REQUEST_TOKENS: int(60_000, 1_000, 1_000_000),
  /** Answers streamed at once per worker process. */
  COACH_CONCURRENCY: int(16, 1, 256),
};

export interface CoachEngineConfig {
  apiKey: string | null;
  baseUrl: string | null;
  model: string;
  maxTokens: number;
  thinkingBudget: number;
  maxSteps: number;
  requestTokens: number;
  concurrency: number;
  limits: CoachLimits;
}

export const workerShape = {
  ...databaseShape,
  ...redisShape,
  ...queueShape,
  ...storageShape,
  ...logShape,
  ...coachLimitsShape,
  ...coachEngineShape,
  ...billingShape,
  ...metricsShape,
  /** The worker's small HTTP listener (/healthz, /readyz, /metrics); 0 = a free port. */
  WORKER_HTTP_PORT: int(3002, 0, 65535),
  /** Interface it binds; unset = every interface (containers). `npm start` binds 127.0.0.1. */
  WORKER_HTTP_HOST: optionalText(),
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
  /** Stripe, to cancel a deleted account's subscription; null when billing is not configured. */
  billing: BillingConfig | null;
  /** How often the outbox relay runs (OUTBOX_RELAY_MS). */
  outboxRelayMs: number;
  logLevel: LogLevel;
  coach: CoachEngineConfig;
  metricsToken: string | undefined;
  httpPort: number;
  httpHost: string | undefined;
}

export function loadWorkerConfig(env: Env = process.env): WorkerConfig {
  const problems: string[] = [];
  const fallbackUrl = databaseUrlDefault(env, problems);
  problems.push(...billingProblems(env, WORKER_BILLING_NEEDS));
  return loadWith('worker', workerShape, env, problems, (v) => {
    const thinking = v.COACH_THINKING_BUDGET;
    if (thinking !== 0 && (thinking < 1_024 || thinking >= v.COACH_MAX_TOKENS))
      throw new ConfigError('worker', [
        `COACH_THINKING_BUDGET must be 0 or in [1024, COACH_MAX_TOKENS) (got "${thinking}")`,
      ]);
    return {
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
      billing: billingFrom(v, WORKER_BILLING_NEEDS),
      metricsToken: v.METRICS_TOKEN,
      httpPort: v.WORKER_HTTP_PORT,
      httpHost: v.WORKER_HTTP_HOST,
      outboxRelayMs: v.OUTBOX_RELAY_MS,
      logLevel: v.LOG_LEVEL,
      coach: {
        apiKey: v.ANTHROPIC_API_KEY ?? null,
        baseUrl: v.ANTHROPIC_BASE_URL ?? null,
        model: v.COACH_MODEL,
        maxTokens: v.COACH_MAX_TOKENS,
        thinkingBudget: thinking,
        maxSteps: v.COACH_MAX_STEPS,
        requestTokens: v.COACH_REQUEST_TOKENS,
        concurrency: v.COACH_CONCURRENCY,
        limits: coachLimitsFrom(v),
      },
    };
  });
}
