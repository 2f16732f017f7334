/**
 * Server wiring of the Settings "Your data" actions: the background-queue producer (export and
 * deletion jobs), the per-user export rate limit (Redis, failing closed like every limit here),
 * the grace period and where archives are stored. One lazily created instance per process.
 */
import { HOUR_MS, RateLimiter, type RateRule } from '@rlcoach/db';
import { openStorage } from '@rlcoach/db/storage/open';
import type { ObjectStore } from '@rlcoach/db/storage/store';
import { UserJobs } from '@rlcoach/db/queues/user-jobs';
import { authDeps } from '$lib/server/auth/instance';
import { webConfig } from '$lib/server/env';

/** An export reads every replay file of the user: a few per hour is plenty for a person. */
export const exportRequestsPerUser: RateRule = {
  name: 'user-export:user',
  windows: [
    { limit: 10, windowMs: 24 * HOUR_MS },
    { limit: 3, windowMs: HOUR_MS },
  ],
};

let jobs: UserJobs | undefined;
let limiter: RateLimiter | undefined;

export function userJobs(): UserJobs {
  if (!jobs) {
    jobs = new UserJobs({
      redisUrl: webConfig().redisUrl,
      prefix: webConfig().bullmqPrefix,
    });
    process.once('sveltekit:shutdown', () => void jobs?.close());
  }
  return jobs;
}

export function exportLimiter(): RateLimiter {
  limiter ??= new RateLimiter(authDeps.redis(), { prefix: authDeps.rateLimitPrefix });
  return limiter;
}

/** ACCOUNT_DELETE_GRACE_DAYS (default 30). */
export const graceMs = (): number => webConfig().deletionGraceMs;

/** The store the worker writes archives into (same STORAGE_DIR as worker and realtime). */
let store: ObjectStore | undefined;
export function archiveStore(): ObjectStore {
  return (store ??= openStorage(webConfig().storage));
}
