/**
 * The real platform for integration tests: a fresh migrated Postgres database,
 * a BullMQ producer under a unique prefix, a storage dir in /tmp, wired exactly
 * as main.ts wires them (platformDeps). Everything is removed by close().
 */
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { User, UserKind } from '@rlcoach/db';
import { createTestDatabase, type TestDatabase } from '@rlcoach/db/testing';
import { ReplayProducer } from '@rlcoach/db/queues/producer';
import { ReplayStorage } from '@rlcoach/db/storage/replay-storage';
import { CoachJobs } from '@rlcoach/db/queues/coach-jobs';
import { DEFAULT_COACH_LIMITS, type CoachLimits } from '@rlcoach/db/coach/limits';
import { Redis } from 'ioredis';
import type { RealtimeDeps } from '../../src/app.js';
import type { Logger } from '../../src/ports.js';
import { platformDeps } from '../../src/platform.js';
import { REDIS_URL } from './node.js';

export interface TestPlatform {
  db: TestDatabase;
  producer: ReplayProducer;
  /** The coach queue realtime enqueues `coach.reply` on (nothing consumes it unless a test starts a worker). */
  coachJobs: CoachJobs;
  storage: ReplayStorage;
  prefix: string;
  deps: Omit<RealtimeDeps, 'redis'>;
  errors: Record<string, unknown>[];
  createUser(name: string): Promise<string>;
  close(): Promise<void>;
}

export interface TestPlatformOptions {
  /** ANTHROPIC_API_KEY is set (default true). */
  coachConfigured?: boolean;
  coachLimits?: CoachLimits;
}

export async function createTestPlatform(
  label: string,
  options: TestPlatformOptions = {},
): Promise<TestPlatform> {
  const db = await createTestDatabase(label);
  const prefix = `rt-${label}-${randomUUID().slice(0, 8)}`;
  const producer = new ReplayProducer({ redisUrl: REDIS_URL, prefix });
  const coachJobs = new CoachJobs({ redisUrl: REDIS_URL, prefix });
  const coachRedis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  await Promise.all([producer.ready(), coachJobs.ready()]);
  const storageDir = path.join(os.tmpdir(), `rlcoach-rt-storage-${randomUUID().slice(0, 8)}`);
  const storage = new ReplayStorage(storageDir);
  const errors: Record<string, unknown>[] = [];
  const log: Logger = { info: () => {}, warn: () => {}, error: (msg, f) => errors.push({ msg, ...f }) };
  return {
    db,
    producer,
    coachJobs,
    storage,
    prefix,
    errors,
    deps: platformDeps({
      orm: db.orm,
      producer,
      storage,
      log,
      coach: {
        jobs: coachJobs,
        redis: coachRedis,
        limits: options.coachLimits ?? DEFAULT_COACH_LIMITS,
        configured: options.coachConfigured ?? true,
      },
    }),
    async createUser(name) {
      const em = db.orm.em.fork();
      const user = em.create(User, { displayName: name, kind: UserKind.Member } as User);
      await em.flush();
      return user.id;
    },
    async close() {
      // Each step runs even when an earlier one fails: a leaked database or key prefix outlives the test.
      const results = await Promise.allSettled([
        producer.queue.obliterate({ force: true }).finally(() => producer.close()),
        coachJobs.queue.obliterate({ force: true }).finally(() => coachJobs.close()),
        Promise.resolve(coachRedis.disconnect()),
        db.drop(),
        rm(storageDir, { recursive: true, force: true }),
      ]);
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
    },
  };
}
