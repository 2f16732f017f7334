/**
 * The shared pieces every process's schema is built from, so a variable means the same thing,
 * with the same default, in web, realtime and worker.
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { TRUSTED_PROXY_HOPS_MAX } from '../http/client-address.js';
import { ConfigError, flag, int, optionalText, optionalUrl, text, url } from './env-schema.js';
import type { CoachLimits } from '../coach/limits.js';

/** <repo>/var/replays, resolved from this file (src/ or dist/) so it does not depend on the cwd. */
export const DEFAULT_STORAGE_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../var/replays',
);

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const redisShape = {
  REDIS_URL: url('redis://127.0.0.1:6379', ['redis:', 'rediss:']),
};

/** Keys shared by every process that touches the queues or the Socket.IO Redis channel. */
export const queueShape = {
  /** BullMQ key prefix; tests use a unique one each. */
  BULLMQ_PREFIX: text('rlcoach').refine((v) => !v.includes(':'), { error: 'must not contain ":"' }),
  /** Socket.IO Redis adapter / emitter key: equal in realtime and worker. */
  SOCKET_IO_KEY: text('rlcoach.io'),
  QUEUE_MAX_DEPTH: int(1000, 0, 10_000_000),
};

export const storageShape = {
  /** Root of the content-addressed replay store (and export archives) with the local driver. */
  STORAGE_DIR: text(DEFAULT_STORAGE_DIR).transform((v) => path.resolve(v)),
  /** `local` (STORAGE_DIR) or `s3` (an S3-compatible object store shared by every machine). */
  STORAGE_DRIVER: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() || undefined : v),
    z.enum(['local', 's3'], { error: 'must be local or s3' }).default('local'),
  ),
  S3_ENDPOINT: optionalUrl(['http:', 'https:']),
  S3_REGION: text('us-east-1'),
  S3_BUCKET: optionalText(),
  S3_ACCESS_KEY_ID: optionalText(),
  S3_SECRET_ACCESS_KEY: optionalText(),
  /** `1` for MinIO and most self-hosted stores (bucket in the path, not the host name). */
  S3_FORCE_PATH_STYLE: flag(false),
  /** Key prefix inside the bucket (lets several stacks share one bucket). */
  S3_PREFIX: text(''),
};

/** Where originals and export archives live: one shape for web, realtime and worker. */
export type StorageConfig =
  | { driver: 'local'; dir: string }
  | {
      driver: 's3';
      /** Still used for local scratch (export archives are built here before upload). */
      dir: string;
      endpoint?: string;
      region: string;
      bucket: string;
      accessKeyId?: string;
      secretAccessKey?: string;
      forcePathStyle: boolean;
      prefix: string;
    };

type StorageEnv = {
  STORAGE_DIR: string;
  STORAGE_DRIVER: 'local' | 's3';
  S3_ENDPOINT?: string;
  S3_REGION: string;
  S3_BUCKET?: string;
  S3_ACCESS_KEY_ID?: string;
  S3_SECRET_ACCESS_KEY?: string;
  S3_FORCE_PATH_STYLE: boolean;
  S3_PREFIX: string;
};

/** The storage settings; with STORAGE_DRIVER=s3, S3_BUCKET is required and the keys come as a pair. */
export function storageFrom(processName: string, v: StorageEnv): StorageConfig {
  if (v.STORAGE_DRIVER === 'local') return { driver: 'local', dir: v.STORAGE_DIR };
  const problems: string[] = [];
  if (!v.S3_BUCKET) problems.push('S3_BUCKET: required when STORAGE_DRIVER=s3');
  if (Boolean(v.S3_ACCESS_KEY_ID) !== Boolean(v.S3_SECRET_ACCESS_KEY))
    problems.push('S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY: set both or neither');
  if (problems.length > 0) throw new ConfigError(processName, problems);
  return {
    driver: 's3',
    dir: v.STORAGE_DIR,
    ...(v.S3_ENDPOINT ? { endpoint: v.S3_ENDPOINT } : {}),
    region: v.S3_REGION,
    bucket: v.S3_BUCKET!,
    ...(v.S3_ACCESS_KEY_ID
      ? { accessKeyId: v.S3_ACCESS_KEY_ID, secretAccessKey: v.S3_SECRET_ACCESS_KEY }
      : {}),
    forcePathStyle: v.S3_FORCE_PATH_STYLE,
    prefix: v.S3_PREFIX,
  };
}

export const uploadShape = {
  UPLOAD_MAX_FILES: int(50, 1, 1000),
  UPLOAD_MAX_BYTES: int(10 * 1024 * 1024, 1, 1024 * 1024 * 1024),
  UPLOAD_TMP_DIR: text(path.join(os.tmpdir(), 'rlcoach-uploads')).transform((v) => path.resolve(v)),
};

export const rateLimitShape = {
  /** Redis namespace of the rate limiter, shared by web and every realtime node (default `<BULLMQ_PREFIX>-rl`). */
  RATE_LIMIT_PREFIX: text(''),
};

/** Proxies of ours in front of web and realtime (0: the socket peer is the client; 1 behind our nginx). */
export const proxyShape = {
  TRUSTED_PROXY_HOPS: int(0, 0, TRUSTED_PROXY_HOPS_MAX),
};

/**
 * The coach's Anthropic key. The worker calls the Messages API with it; realtime and web only ask
 * whether it is set, so without it the coach says it is not configured instead of pretending.
 */
export const coachKeyShape = {
  ANTHROPIC_API_KEY: optionalText(),
};

export const logShape = {
  LOG_LEVEL: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() || undefined : v),
    z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  ),
};

/** RATE_LIMIT_PREFIX, or `<BULLMQ_PREFIX>-rl` when unset. */
export const rateLimitPrefix = (v: { RATE_LIMIT_PREFIX: string; BULLMQ_PREFIX: string }): string =>
  v.RATE_LIMIT_PREFIX || `${v.BULLMQ_PREFIX}-rl`;

/**
 * The coach's spending limits. The worker enforces them on every upstream call; realtime and web
 * read them to refuse a question up front and to show the budget.
 */
export const coachLimitsShape = {
  COACH_MONTHLY_TOKENS: int(150_000, 0, 1_000_000_000),
  COACH_REQUESTS_PER_HOUR: int(10, 0, 10_000),
  COACH_PREVIEW_TOKENS: int(20_000, 0, 1_000_000),
};

export const coachLimitsFrom = (v: {
  COACH_MONTHLY_TOKENS: number;
  COACH_REQUESTS_PER_HOUR: number;
  COACH_PREVIEW_TOKENS: number;
}): CoachLimits => ({
  monthlyTokens: v.COACH_MONTHLY_TOKENS,
  requestsPerHour: v.COACH_REQUESTS_PER_HOUR,
  previewTokens: v.COACH_PREVIEW_TOKENS,
});

/** `/metrics`: a bearer token for scrapers; unset = only direct loopback peers may scrape. */
export const metricsShape = {
  METRICS_TOKEN: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() || undefined : v),
    z.string().min(16, 'must be at least 16 characters').optional(),
  ),
};
