/**
 * The one place realtime reads the environment. Every value is validated up
 * front; a bad or missing variable fails start-up with its name, never later.
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TRUSTED_PROXY_HOPS_MAX } from '@rlcoach/db';
import { readDbEnv, type DbEnv } from '@rlcoach/db/env';

export interface RealtimeConfig {
  nodeEnv: string;
  port: number;
  redisUrl: string;
  /** DATABASE_URL and pool settings, validated by db's own reader. */
  db: DbEnv;
  sessionSecret: string;
  /**
   * Refuse tokens that name no database session (web only mints session tokens). Always on in
   * production; elsewhere on unless REALTIME_REQUIRE_SESSION=0 (benchmarks that sign their own tokens).
   */
  requireSession: boolean;
  /** Redis namespace of the rate limiter, shared by every realtime node. */
  rateLimitPrefix: string;
  /** Proxies of ours in front (TRUSTED_PROXY_HOPS; 0 = the socket peer is the client, 1 behind our nginx). */
  trustedProxyHops: number;
  /** Browser origins allowed to call the API and open sockets (CORS with credentials). */
  webOrigins: string[];
  /** Redis channel prefix shared with the worker's emitter so all nodes act as one. */
  socketIoKey: string;
  /** BullMQ key prefix; must equal the worker's. */
  bullmqPrefix: string;
  /** Where ingest stores originals; must equal the worker's STORAGE_DIR. */
  storageDir: string;
  uploadTmpDir: string;
  uploadMaxFiles: number;
  uploadMaxBytes: number;
  queueMaxDepth: number;
}

/** <repo>/var/replays resolved from this file (src/ or dist/), the worker's default too. */
export const DEFAULT_STORAGE_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../var/replays',
);

/** Only for NODE_ENV !== 'production'; named so nobody mistakes it for a real secret. */
export const DEV_SESSION_SECRET = 'rlcoach-dev-only-insecure-session-secret';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid realtime configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env): RealtimeConfig {
  const problems: string[] = [];
  const nodeEnv = env.NODE_ENV ?? 'development';

  const str = (name: string, fallback: string): string => {
    const v = env[name]?.trim();
    return v ? v : fallback;
  };
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name} must be an integer in [${min}, ${max}], got "${raw}"`);
      return fallback;
    }
    return n;
  };
  const url = (name: string, fallback: string, protocols: string[]): string => {
    const v = str(name, fallback);
    try {
      const u = new URL(v);
      if (!protocols.includes(u.protocol))
        problems.push(`${name} must use ${protocols.join(' or ')}, got "${u.protocol}"`);
    } catch {
      problems.push(`${name} is not a URL: "${v}"`);
    }
    return v;
  };

  let sessionSecret = env.SESSION_SECRET?.trim() ?? '';
  if (!sessionSecret) {
    if (nodeEnv === 'production') problems.push('SESSION_SECRET is required in production');
    else sessionSecret = DEV_SESSION_SECRET;
  } else if (sessionSecret.length < 32) {
    problems.push('SESSION_SECRET must be at least 32 characters');
  }

  const webOrigins = str('WEB_ORIGIN', 'http://localhost:3000')
    .split(',')
    .map((o) => o.trim().replace(/\/+$/, ''))
    .filter(Boolean);
  for (const o of webOrigins) {
    try {
      const u = new URL(o);
      if (u.origin !== o) problems.push(`WEB_ORIGIN entries must be bare origins, got "${o}"`);
    } catch {
      problems.push(`WEB_ORIGIN entry is not a URL: "${o}"`);
    }
  }

  let db: DbEnv | undefined;
  try {
    db = readDbEnv(env);
  } catch (e) {
    problems.push(...((e as { problems?: string[] }).problems ?? [(e as Error).message]));
  }
  const bullmqPrefix = str('BULLMQ_PREFIX', 'rlcoach');
  if (bullmqPrefix.includes(':')) problems.push('BULLMQ_PREFIX must not contain ":"');
  const config: RealtimeConfig = {
    nodeEnv,
    port: int('REALTIME_PORT', 3001, 0, 65535),
    redisUrl: url('REDIS_URL', 'redis://127.0.0.1:6379', ['redis:', 'rediss:']),
    db: db!,
    sessionSecret,
    requireSession: nodeEnv === 'production' || env.REALTIME_REQUIRE_SESSION?.trim() !== '0',
    rateLimitPrefix: str('RATE_LIMIT_PREFIX', `${bullmqPrefix}-rl`),
    trustedProxyHops: int('TRUSTED_PROXY_HOPS', 0, 0, TRUSTED_PROXY_HOPS_MAX),
    webOrigins,
    socketIoKey: str('SOCKET_IO_KEY', 'rlcoach.io'),
    bullmqPrefix,
    storageDir: path.resolve(str('STORAGE_DIR', DEFAULT_STORAGE_DIR)),
    uploadTmpDir: path.resolve(str('UPLOAD_TMP_DIR', path.join(os.tmpdir(), 'rlcoach-uploads'))),
    uploadMaxFiles: int('UPLOAD_MAX_FILES', 50, 1, 1000),
    uploadMaxBytes: int('UPLOAD_MAX_BYTES', 10 * 1024 * 1024, 1, 1024 * 1024 * 1024),
    queueMaxDepth: int('QUEUE_MAX_DEPTH', 1000, 0, 10_000_000),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
