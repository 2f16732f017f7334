/**
 * The one configuration module: each process's schema from shared pieces, every problem named at
 * once, development defaults only with RLCOACH_DEV=1, and never in production.
 */
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  DEV_AUTH_SECRET,
  DEV_SESSION_SECRET,
  loadRealtimeConfig,
  loadWebConfig,
  loadWorkerConfig,
  readDbEnv,
} from '../src/config/index.js';

const problemsOf = (load: () => unknown): string => {
  try {
    load();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems.join('\n');
  }
  throw new Error('expected a ConfigError');
};

const SECRET = 'x'.repeat(40);
const DB = 'postgres://u:p@127.0.0.1:5432/somewhere';

describe('realtime configuration', () => {
  it('applies the documented defaults with RLCOACH_DEV=1', () => {
    const c = loadRealtimeConfig({ NODE_ENV: 'test', RLCOACH_DEV: '1' });
    expect(c).toMatchObject({
      port: 3001,
      host: undefined,
      sessionSecret: DEV_SESSION_SECRET,
      webOrigins: ['http://localhost:3000'],
      socketIoKey: 'rlcoach.io',
      uploadMaxFiles: 50,
      uploadMaxBytes: 10_485_760,
      queueMaxDepth: 1000,
      bullmqPrefix: 'rlcoach',
      rateLimitPrefix: 'rlcoach-rl',
      requireSession: true,
      logLevel: 'info',
      db: { databaseUrl: 'postgres://rlcoach:rlcoach@127.0.0.1:5432/rlcoach', poolMax: 5 },
    });
    expect(c.storageDir).toMatch(/[/\\]var[/\\]replays$/);
  });

  it('names every bad variable at once, the missing secret included', () => {
    const problems = problemsOf(() =>
      loadRealtimeConfig({
        NODE_ENV: 'production',
        UPLOAD_MAX_FILES: 'many',
        REDIS_URL: 'http://x',
        WEB_ORIGIN: 'https://a.example/path',
        DATABASE_URL: 'mysql://x/y',
        BULLMQ_PREFIX: 'a:b',
        LOG_LEVEL: 'loud',
      }),
    );
    for (const name of [
      'SESSION_SECRET is required',
      'UPLOAD_MAX_FILES',
      'REDIS_URL',
      'WEB_ORIGIN',
      'DATABASE_URL',
      'BULLMQ_PREFIX',
      'LOG_LEVEL',
    ])
      expect(problems).toContain(name);
  });

  it('reads overrides, including several web origins', () => {
    const c = loadRealtimeConfig({
      NODE_ENV: 'production',
      SESSION_SECRET: SECRET,
      DATABASE_URL: DB,
      REALTIME_PORT: '4001',
      REALTIME_HOST: '127.0.0.1',
      REALTIME_REQUIRE_SESSION: '0',
      WEB_ORIGIN: 'https://rlcoach.example, http://localhost:5173/',
      QUEUE_MAX_DEPTH: '5',
    });
    expect(c.port).toBe(4001);
    expect(c.host).toBe('127.0.0.1');
    expect(c.webOrigins).toEqual(['https://rlcoach.example', 'http://localhost:5173']);
    expect(c.queueMaxDepth).toBe(5);
    expect(c.requireSession).toBe(true); // always in production
    expect(c.db.databaseUrl).toBe(DB);
  });

  it('refuses a short secret even in development', () => {
    expect(problemsOf(() => loadRealtimeConfig({ RLCOACH_DEV: '1', SESSION_SECRET: 'short' }))).toMatch(
      /SESSION_SECRET must be at least 32/,
    );
  });
});

describe('development defaults are an explicit opt-in', () => {
  it('gives no default secret without RLCOACH_DEV=1, whatever NODE_ENV says', () => {
    for (const NODE_ENV of [undefined, 'development', 'test']) {
      expect(problemsOf(() => loadRealtimeConfig({ NODE_ENV }))).toMatch(/SESSION_SECRET is required/);
      const web = problemsOf(() => loadWebConfig({ NODE_ENV, RLCOACH_DEV: '0' }));
      expect(web).toMatch(/SESSION_SECRET is required/);
      expect(web).toMatch(/AUTH_SECRET is required/);
      expect(web).toMatch(/DATABASE_URL is required/);
      expect(problemsOf(() => loadWorkerConfig({ NODE_ENV }))).toMatch(/DATABASE_URL is required/);
      expect(() => readDbEnv({ NODE_ENV })).toThrow(/DATABASE_URL is required/);
    }
  });

  it('refuses RLCOACH_DEV=1 together with NODE_ENV=production', () => {
    const problems = problemsOf(() =>
      loadWebConfig({
        NODE_ENV: 'production',
        RLCOACH_DEV: '1',
        SESSION_SECRET: SECRET,
        AUTH_SECRET: SECRET,
        DATABASE_URL: DB,
      }),
    );
    expect(problems).toMatch(/RLCOACH_DEV=1 .* must not be set with NODE_ENV=production/);
    expect(problemsOf(() => loadWorkerConfig({ RLCOACH_DEV: 'yes', DATABASE_URL: DB }))).toMatch(
      /RLCOACH_DEV must be 0 or 1/,
    );
  });

  it('turns the development sign-in on only in dev mode', () => {
    const dev = loadWebConfig({ RLCOACH_DEV: '1' });
    expect([dev.dev, dev.sessionSecret, dev.authSecret]).toEqual([true, DEV_SESSION_SECRET, DEV_AUTH_SECRET]);
    const given = { SESSION_SECRET: SECRET, AUTH_SECRET: SECRET, DATABASE_URL: DB };
    expect(loadWebConfig({ NODE_ENV: 'test', ...given }).dev).toBe(false);
    expect(loadWebConfig({ NODE_ENV: 'production', ...given }).dev).toBe(false);
  });
});

describe('web and worker configuration', () => {
  it('shares the pieces: same defaults for the same variables', () => {
    const env = { RLCOACH_DEV: '1', BULLMQ_PREFIX: 'p', STORAGE_DIR: '/tmp/x/../store' };
    const [web, worker, realtime] = [loadWebConfig(env), loadWorkerConfig(env), loadRealtimeConfig(env)];
    expect(new Set([web.storageDir, worker.storageDir, realtime.storageDir])).toEqual(
      new Set(['/tmp/store']),
    );
    expect(new Set([web.redisUrl, worker.redisUrl, realtime.redisUrl]).size).toBe(1);
    expect(web.rateLimitPrefix).toBe('p-rl');
    expect(realtime.rateLimitPrefix).toBe('p-rl');
    expect(worker.bullmqPrefix).toBe('p');
  });

  it('reads the web-only variables', () => {
    const c = loadWebConfig({
      RLCOACH_DEV: '1',
      PUBLIC_REALTIME_URL: 'https://rt.example/',
      CLIENT_TOKEN_TTL_SECONDS: '2',
      ACCOUNT_DELETE_GRACE_DAYS: '0.5',
    });
    expect([c.realtimeUrl, c.clientTokenTtlSeconds, c.deletionGraceMs]).toEqual([
      'https://rt.example',
      2,
      43_200_000,
    ]);
    const problems = problemsOf(() =>
      loadWebConfig({ RLCOACH_DEV: '1', PUBLIC_REALTIME_URL: 'nope', ACCOUNT_DELETE_GRACE_DAYS: '-1' }),
    );
    expect(problems).toMatch(/PUBLIC_REALTIME_URL/);
    expect(problems).toMatch(/ACCOUNT_DELETE_GRACE_DAYS/);
  });

  it('validates the worker limits', () => {
    const problems = problemsOf(() =>
      loadWorkerConfig({ DATABASE_URL: DB, JOB_TIMEOUT_MS: '0', WORKER_CONCURRENCY: '1.5' }),
    );
    expect(problems).toMatch(/JOB_TIMEOUT_MS/);
    expect(problems).toMatch(/WORKER_CONCURRENCY/);
    expect(loadWorkerConfig({ DATABASE_URL: DB, JOB_TIMEOUT_MS: '5000' }).jobTimeoutMs).toBe(5000);
  });
});
