import { describe, expect, it } from 'vitest';
import { ConfigError, DEV_SESSION_SECRET, loadConfig } from '../src/config.js';

describe('loadConfig', () => {
  it('applies the documented defaults outside production', () => {
    const c = loadConfig({ NODE_ENV: 'test' });
    expect(c).toMatchObject({
      port: 3001,
      sessionSecret: DEV_SESSION_SECRET,
      webOrigins: ['http://localhost:3000'],
      socketIoKey: 'rlcoach.io',
      uploadMaxFiles: 50,
      uploadMaxBytes: 10_485_760,
      queueMaxDepth: 1000,
      trustedProxyHops: 0,
      bullmqPrefix: 'rlcoach',
      db: { databaseUrl: 'postgres://rlcoach:rlcoach@127.0.0.1:5432/rlcoach' },
    });
    expect(c.storageDir).toMatch(/[/\\]var[/\\]replays$/);
  });

  it('requires SESSION_SECRET in production and names every bad variable at once', () => {
    let caught: unknown;
    try {
      loadConfig({
        NODE_ENV: 'production',
        UPLOAD_MAX_FILES: 'many',
        REDIS_URL: 'http://x',
        WEB_ORIGIN: 'https://a.example/path',
        DATABASE_URL: 'mysql://x/y',
        BULLMQ_PREFIX: 'a:b',
        TRUSTED_PROXY_HOPS: 'nginx',
      });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems.join('\n');
    expect(problems).toMatch(/SESSION_SECRET is required/);
    expect(problems).toMatch(/UPLOAD_MAX_FILES/);
    expect(problems).toMatch(/REDIS_URL/);
    expect(problems).toMatch(/WEB_ORIGIN/);
    expect(problems).toMatch(/DATABASE_URL/);
    expect(problems).toMatch(/BULLMQ_PREFIX/);
    expect(problems).toMatch(/TRUSTED_PROXY_HOPS/);
  });

  it('reads overrides, including several web origins', () => {
    const c = loadConfig({
      NODE_ENV: 'production',
      SESSION_SECRET: 'x'.repeat(40),
      REALTIME_PORT: '4001',
      WEB_ORIGIN: 'https://rlcoach.example, http://localhost:5173/',
      QUEUE_MAX_DEPTH: '5',
      TRUSTED_PROXY_HOPS: '1',
    });
    expect(c.trustedProxyHops).toBe(1);
    expect(c.port).toBe(4001);
    expect(c.webOrigins).toEqual(['https://rlcoach.example', 'http://localhost:5173']);
    expect(c.queueMaxDepth).toBe(5);
  });

  it('refuses a short secret even outside production', () => {
    expect(() => loadConfig({ NODE_ENV: 'development', SESSION_SECRET: 'short' })).toThrow(/at least 32/);
  });
});
