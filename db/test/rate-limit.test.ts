import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import {
  HOUR_MS,
  MINUTE_MS,
  RateLimitUnavailableError,
  RateLimiter,
  RateRules,
  type RateRule,
} from '../src/rate-limit/index.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

let redis: Redis;
const prefix = `rltest:${randomUUID()}`;

beforeAll(async () => {
  redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  await redis.ping();
});
afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

describe('RateLimiter (real Redis)', () => {
  it('allows 100 uploads per user per hour and refuses the 101st with a retry time', async () => {
    let t = 1_000_000;
    const limiter = new RateLimiter(redis, { prefix, now: () => t });
    const user = randomUUID();
    // 100 files spread over 50 minutes (2 per 30 s stays under the per-minute burst cap).
    for (let i = 0; i < 50; i++) {
      const d = await limiter.consume(RateRules.uploadFilesPerUser, user, 2);
      expect(d.allowed, `batch ${i}`).toBe(true);
      t += 60_000;
    }
    const refused = await limiter.consume(RateRules.uploadFilesPerUser, user, 1);
    expect(refused.allowed).toBe(false);
    if (!refused.allowed) {
      // the first hit (at t=1,000,000) leaves the hour window 10 minutes from now
      expect(refused.retryAfterMs).toBe(1_000_000 + HOUR_MS - t);
    }
    // Sliding: once the oldest hits leave the window, room comes back.
    t = 1_000_000 + HOUR_MS + 1;
    expect((await limiter.consume(RateRules.uploadFilesPerUser, user, 2)).allowed).toBe(true);
    expect((await limiter.consume(RateRules.uploadFilesPerUser, user, 1)).allowed).toBe(false);
    // Another user is unaffected.
    expect((await limiter.consume(RateRules.uploadFilesPerUser, randomUUID(), 1)).allowed).toBe(true);
  });

  it('caps bursts with the short window even when the hourly budget has room', async () => {
    const t = 5_000_000;
    const limiter = new RateLimiter(redis, { prefix, now: () => t });
    const user = randomUUID();
    expect(await limiter.consume(RateRules.uploadFilesPerUser, user, 50)).toEqual({
      allowed: true,
      remaining: 10,
    });
    const d = await limiter.consume(RateRules.uploadFilesPerUser, user, 11);
    expect(d).toEqual({ allowed: false, remaining: 0, retryAfterMs: MINUTE_MS });
    // a refused request records nothing: the 10 remaining are still usable
    expect((await limiter.consume(RateRules.uploadFilesPerUser, user, 10)).allowed).toBe(true);
  });

  it('is atomic under concurrency: exactly `limit` of many parallel hits pass', async () => {
    const rule: RateRule = { name: 'concurrency', windows: [{ limit: 25, windowMs: MINUTE_MS }] };
    const limiter = new RateLimiter(redis, { prefix });
    const subject = randomUUID();
    const results = await Promise.all(Array.from({ length: 80 }, () => limiter.consume(rule, subject)));
    expect(results.filter((r) => r.allowed)).toHaveLength(25);
  });

  it('fails CLOSED when Redis is down (dead port): throws RateLimitUnavailableError', async () => {
    const dead = new Redis('redis://127.0.0.1:1', {
      maxRetriesPerRequest: 0,
      lazyConnect: true,
      retryStrategy: () => null,
    });
    dead.on('error', () => {});
    await dead.connect().catch(() => {});
    const limiter = new RateLimiter(dead, { prefix, timeoutMs: 300 });
    await expect(limiter.consume(RateRules.signInPerAddress, '127.0.0.1')).rejects.toBeInstanceOf(
      RateLimitUnavailableError,
    );
    dead.disconnect();
  });

  it('fails CLOSED with a reconnecting client (dead port, default retry strategy)', async () => {
    const dead = new Redis('redis://127.0.0.1:1');
    dead.on('error', () => {});
    const limiter = new RateLimiter(dead, { prefix, timeoutMs: 300 });
    const started = Date.now();
    await expect(limiter.consume(RateRules.uploadFilesPerUser, randomUUID())).rejects.toBeInstanceOf(
      RateLimitUnavailableError,
    );
    expect(Date.now() - started).toBeLessThan(2000);
    dead.disconnect();
  });

  it('fails CLOSED when Redis does not answer in time', async () => {
    const slow = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    await slow.ping();
    const limiter = new RateLimiter(slow, { prefix, timeoutMs: 50 });
    // Block this connection server-side for longer than the timeout.
    const blocker = slow.blpop(`${prefix}:never:${randomUUID()}`, 1);
    await expect(limiter.consume(RateRules.signInPerAddress, '10.0.0.1')).rejects.toBeInstanceOf(
      RateLimitUnavailableError,
    );
    await blocker;
    slow.disconnect();
  });
});
