/** The web process's configuration: sessions and Auth.js, the realtime URL, database, Redis, queues. */
import { z } from 'zod';
import { int, url, type Env } from './env-schema.js';
import { databaseFrom, databaseShape, databaseUrlDefault, type DbEnv } from './database.js';
import { DEV_AUTH_SECRET, DEV_SESSION_SECRET, runMode, secret } from './dev-mode.js';
import { loadWith } from './load.js';
import { billingFrom, billingProblems, billingShape, type BillingConfig } from './billing.js';
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

const DAY_MS = 24 * 3600 * 1000;

export const webShape = {
  ...databaseShape,
  ...redisShape,
  BULLMQ_PREFIX: queueShape.BULLMQ_PREFIX,
  ...storageShape,
  UPLOAD_MAX_FILES: uploadShape.UPLOAD_MAX_FILES,
  UPLOAD_MAX_BYTES: uploadShape.UPLOAD_MAX_BYTES,
  ...rateLimitShape,
  ...proxyShape,
  ...logShape,
  ...billingShape,
  ...metricsShape,
  ...coachKeyShape,
  ...coachLimitsShape,
  PUBLIC_REALTIME_URL: url('http://localhost:3001', ['http:', 'https:']).transform((v) =>
    v.replace(/\/+$/, ''),
  ),
  /** Lifetime of the realtime (socket/upload) token handed to the browser; 15 minutes. */
  CLIENT_TOKEN_TTL_SECONDS: int(15 * 60, 1, 24 * 3600),
  /** Grace period of "Delete my account" in days (fractions allowed, 0 = at once). */
  ACCOUNT_DELETE_GRACE_DAYS: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() || undefined : v),
    z.coerce
      .number({ error: 'must be a number of days from 0 to 365' })
      .min(0, 'must be a number of days from 0 to 365')
      .max(365, 'must be a number of days from 0 to 365')
      .default(30),
  ),
};

export interface WebConfig {
  production: boolean;
  /** RLCOACH_DEV=1: the development sign-in is offered. */
  dev: boolean;
  sessionSecret: string;
  /** Auth.js secret (also the key of provider tokens encrypted at rest). */
  authSecret: string;
  db: DbEnv;
  redisUrl: string;
  bullmqPrefix: string;
  rateLimitPrefix: string;
  /** Proxies of ours in front (TRUSTED_PROXY_HOPS): the one client-address rule reads it. */
  trustedProxyHops: number;
  storageDir: string;
  /** Originals and export archives: local disk or an S3-compatible store (STORAGE_DRIVER). */
  storage: StorageConfig;
  realtimeUrl: string;
  /** Same variables and defaults as realtime, which enforces them; web only states them. */
  uploadMaxFiles: number;
  uploadMaxBytes: number;
  clientTokenTtlSeconds: number;
  deletionGraceMs: number;
  /** Stripe (Checkout, Portal, webhook); null when billing is not configured. */
  billing: BillingConfig | null;
  /** ANTHROPIC_API_KEY is set: the Coach page offers the coach (web never calls the API itself). */
  coachConfigured: boolean;
  /** The coach's limits (budget, questions an hour, preview size): the same variables the worker reads. */
  coachLimits: CoachLimits;
  logLevel: LogLevel;
  /** Bearer token for /metrics; undefined = loopback peers only. */
  metricsToken: string | undefined;
}

export function loadWebConfig(env: Env = process.env): WebConfig {
  const problems: string[] = [];
  // Same development default as realtime, so tokens minted here verify there.
  const sessionSecret = secret(env, 'SESSION_SECRET', DEV_SESSION_SECRET, problems);
  const authSecret = secret(env, 'AUTH_SECRET', DEV_AUTH_SECRET, problems);
  const fallbackUrl = databaseUrlDefault(env, problems);
  const mode = runMode(env);
  problems.push(...billingProblems(env));
  // adapter-node's own client-address rule would be a second answer to the same question.
  for (const name of ['ADDRESS_HEADER', 'XFF_DEPTH'])
    if (env[name]?.trim())
      problems.push(`${name} is not used: set TRUSTED_PROXY_HOPS (the proxies in front of web and realtime)`);
  return loadWith('web', webShape, env, problems, (v) => ({
    production: mode.production,
    dev: mode.dev,
    sessionSecret,
    authSecret,
    db: databaseFrom(v, fallbackUrl),
    redisUrl: v.REDIS_URL,
    bullmqPrefix: v.BULLMQ_PREFIX,
    rateLimitPrefix: rateLimitPrefix(v),
    trustedProxyHops: v.TRUSTED_PROXY_HOPS,
    storageDir: v.STORAGE_DIR,
    storage: storageFrom('web', v),
    realtimeUrl: v.PUBLIC_REALTIME_URL,
    uploadMaxFiles: v.UPLOAD_MAX_FILES,
    uploadMaxBytes: v.UPLOAD_MAX_BYTES,
    clientTokenTtlSeconds: v.CLIENT_TOKEN_TTL_SECONDS,
    deletionGraceMs: Math.round(v.ACCOUNT_DELETE_GRACE_DAYS * DAY_MS),
    billing: billingFrom(v),
    coachConfigured: Boolean(v.ANTHROPIC_API_KEY),
    coachLimits: coachLimitsFrom(v),
    logLevel: v.LOG_LEVEL,
    metricsToken: v.METRICS_TOKEN,
  }));
}
