/** The realtime process's configuration: HTTP + Socket.IO, uploads, sessions, database, Redis, queues. */
import { z } from 'zod';
import { flag, int, optionalText, text, type Env } from './env-schema.js';
import { databaseFrom, databaseShape, databaseUrlDefault, type DbEnv } from './database.js';
import { DEV_SESSION_SECRET, runMode, secret } from './dev-mode.js';
import { loadWith } from './load.js';
import type { CoachLimits } from '../coach/limits.js';
import {
  coachKeyShape,
  coachLimitsFrom,
  coachLimitsShape,
  logShape,
  metricsShape,
  proxyShape,
  queueShape,
  rateLimitPrefix,
  rateLimitShape,
  redisShape,
  storageFrom,
  storageShape,
  type StorageConfig,
  uploadShape,
  type LogLevel,
} from './pieces.js';

/** Comma-separated bare origins (`https://host[:port]`), trailing slashes dropped. */
const origins = text('http://localhost:3000')
  .transform((v) =>
    v
      .split(',')
      .map((o) => o.trim().replace(/\/+$/, ''))
      .filter(Boolean),
  )
  .pipe(
    z.array(
      z.string().refine(
        (o) => {
          try {
            return new URL(o).origin === o;
          } catch {
            return false;
          }
        },
        { error: 'entries must be bare origins like https://host:port' },
      ),
    ),
  );

export const realtimeShape = {
  ...databaseShape,
  ...redisShape,
  ...queueShape,
  ...storageShape,
  ...uploadShape,
  ...rateLimitShape,
  ...proxyShape,
  ...logShape,
  ...metricsShape,
  /** How often the ops page is sampled while an admin watches it. */
  OPS_SAMPLE_MS: int(2000, 250, 60_000),
  ...coachKeyShape,
  ...coachLimitsShape,
  REALTIME_PORT: int(3001, 0, 65535),
  /** Interface to bind; unset = every interface (containers). `npm start` binds 127.0.0.1. */
  REALTIME_HOST: optionalText(),
  WEB_ORIGIN: origins,
  REALTIME_REQUIRE_SESSION: flag(true),
};

export interface RealtimeConfig {
  nodeEnv: string;
  port: number;
  /** Interface to bind; undefined = every interface. */
  host: string | undefined;
  redisUrl: string;
  db: DbEnv;
  sessionSecret: string;
  /**
   * Refuse tokens that name no database session (web only mints session tokens). Always on in
   * production; elsewhere on unless REALTIME_REQUIRE_SESSION=0 (benchmarks that sign their own tokens).
   */
  requireSession: boolean;
  /** Redis namespace of the rate limiter, shared by every realtime node. */
  rateLimitPrefix: string;
  /** Proxies of ours in front (TRUSTED_PROXY_HOPS): the one client-address rule reads it. */
  trustedProxyHops: number;
  /** Browser origins allowed to call the API and open sockets (CORS with credentials). */
  webOrigins: string[];
  /** Redis channel prefix shared with the worker's emitter so all nodes act as one. */
  socketIoKey: string;
  /** BullMQ key prefix; must equal the worker's. */
  bullmqPrefix: string;
  /** Where ingest stores originals; must equal the worker's STORAGE_DIR. */
  storageDir: string;
  /** Originals and export archives: local disk or an S3-compatible store (STORAGE_DRIVER). */
  storage: StorageConfig;
  uploadTmpDir: string;
  uploadMaxFiles: number;
  uploadMaxBytes: number;
  queueMaxDepth: number;
  /** ANTHROPIC_API_KEY is set: coach questions are taken (the worker answers them). */
  coachConfigured: boolean;
  /** The coach's limits (budget, questions an hour, preview size): the same variables the worker reads. */
  coachLimits: CoachLimits;
  logLevel: LogLevel;
  /** Bearer token for /metrics; undefined = loopback peers only. */
  metricsToken: string | undefined;
  opsSampleMs: number;
}

export function loadRealtimeConfig(env: Env = process.env): RealtimeConfig {
  const problems: string[] = [];
  const sessionSecret = secret(env, 'SESSION_SECRET', DEV_SESSION_SECRET, problems);
  const fallbackUrl = databaseUrlDefault(env, problems);
  const mode = runMode(env);
  return loadWith('realtime', realtimeShape, env, problems, (v) => ({
    nodeEnv: mode.nodeEnv,
    port: v.REALTIME_PORT,
    host: v.REALTIME_HOST,
    redisUrl: v.REDIS_URL,
    db: databaseFrom(v, fallbackUrl),
    sessionSecret,
    requireSession: mode.production || v.REALTIME_REQUIRE_SESSION,
    rateLimitPrefix: rateLimitPrefix(v),
    trustedProxyHops: v.TRUSTED_PROXY_HOPS,
    webOrigins: v.WEB_ORIGIN,
    socketIoKey: v.SOCKET_IO_KEY,
    bullmqPrefix: v.BULLMQ_PREFIX,
    storageDir: v.STORAGE_DIR,
    storage: storageFrom('realtime', v),
    uploadTmpDir: v.UPLOAD_TMP_DIR,
    uploadMaxFiles: v.UPLOAD_MAX_FILES,
    uploadMaxBytes: v.UPLOAD_MAX_BYTES,
    queueMaxDepth: v.QUEUE_MAX_DEPTH,
    coachConfigured: Boolean(v.ANTHROPIC_API_KEY),
    coachLimits: coachLimitsFrom(v),
    logLevel: v.LOG_LEVEL,
    metricsToken: v.METRICS_TOKEN,
    opsSampleMs: v.OPS_SAMPLE_MS,
  }));
}
