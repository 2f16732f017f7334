/**
 * Sliding-window rate limits in Redis, shared by every node of every service (web, realtime).
 * One Lua script checks all windows of a rule and records the hit atomically, so
 * concurrent requests on different nodes can never both slip past the last slot.
 *
 * Failing CLOSED is deliberate: when Redis is unreachable we cannot tell an abuser
 * from a user, and uploads and sign-ins are exactly what an attacker would flood
 * while the limiter is down. The caller gets RateLimitUnavailableError (→ 503).
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

export interface Window {
  /** Hits allowed within windowMs. */
  limit: number;
  windowMs: number;
}

/** A named limit: the long window is the budget, an optional short one caps bursts. */
export interface RateRule {
  name: string;
  windows: readonly Window[];
}

export type RateDecision =
  { allowed: true; remaining: number } | { allowed: false; remaining: 0; retryAfterMs: number };

/** The limiter's store could not answer; the request must be refused (fail closed). */
export class RateLimitUnavailableError extends Error {
  constructor(cause: unknown) {
    super('rate limiter unavailable', { cause });
    this.name = 'RateLimitUnavailableError';
  }
}

// KEYS: one sorted set per window. ARGV: now, cost, member prefix, then limit/windowMs per key.
// Returns {1, remaining} or {0, retryAfterMs}.
const SCRIPT = `
local now = tonumber(ARGV[1])
local cost = tonumber(ARGV[2])
local remaining = -1
for i, key in ipairs(KEYS) do
  local limit = tonumber(ARGV[2 + i * 2])
  local window = tonumber(ARGV[3 + i * 2])
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  local used = redis.call('ZCARD', key)
  if used + cost > limit then
    local retry = window
    if used > 0 and cost <= limit then
      -- the slot frees when the (used + cost - limit)-th oldest hit leaves the window
      local idx = used + cost - limit - 1
      local entry = redis.call('ZRANGE', key, idx, idx, 'WITHSCORES')
      if entry[2] then retry = tonumber(entry[2]) + window - now end
    end
    return {0, math.max(retry, 1)}
  end
  local left = limit - used - cost
  if remaining < 0 or left < remaining then remaining = left end
end
for i, key in ipairs(KEYS) do
  local window = tonumber(ARGV[3 + i * 2])
  for c = 1, cost do
    redis.call('ZADD', key, now, ARGV[3] .. ':' .. c)
  end
  redis.call('PEXPIRE', key, window)
end
return {1, remaining}
`;

export interface RateLimiterOptions {
  /** Key namespace, so tests and deployments never share counters. */
  prefix: string;
  /** A store that does not answer within this time counts as down. */
  timeoutMs?: number;
  /** Injected clock (ms), for tests. */
  now?: () => number;
}

export class RateLimiter {
  private readonly timeoutMs: number;
  private readonly now: () => number;

  constructor(
    private readonly redis: Redis,
    private readonly options: RateLimiterOptions,
  ) {
    this.timeoutMs = options.timeoutMs ?? 1000;
    this.now = options.now ?? Date.now;
  }

  /** Record `cost` hits for `subject` under `rule` if every window has room; otherwise record nothing. */
  async consume(rule: RateRule, subject: string, cost = 1): Promise<RateDecision> {
    if (!Number.isInteger(cost) || cost < 1) throw new TypeError('cost must be a positive integer');
    // A closed client rejects at once; a reconnecting one would queue the command, hence the timeout.
    const keys = rule.windows.map((w) => `${this.options.prefix}:rl:${rule.name}:${w.windowMs}:${subject}`);
    const args: (string | number)[] = [this.now(), cost, randomUUID()];
    for (const w of rule.windows) args.push(w.limit, w.windowMs);
    let timer: NodeJS.Timeout | undefined;
    try {
      const reply = (await Promise.race([
        this.redis.eval(SCRIPT, keys.length, ...keys, ...args),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`no answer within ${this.timeoutMs} ms`)),
            this.timeoutMs,
          );
        }),
      ])) as [number, number];
      return reply[0] === 1
        ? { allowed: true, remaining: reply[1] }
        : { allowed: false, remaining: 0, retryAfterMs: reply[1] };
    } catch (err) {
      throw new RateLimitUnavailableError(err);
    } finally {
      clearTimeout(timer);
    }
  }
}
