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
import type { RealtimeDeps } from '../../src/app.js';
import type { Logger } from '../../src/ports.js';
import { platformDeps } from '../../src/platform.js';
import { REDIS_URL } from './node.js';

export interface TestPlatform {
  db: TestDatabase;
  producer: ReplayProducer;
  storage: ReplayStorage;
  prefix: string;
  deps: Omit<RealtimeDeps, 'redis'>;
  errors: Record<string, unknown>[];
  createUser(name: string): Promise<string>;
  close(): Promise<void>;
}

export async function createTestPlatform(label: string): Promise<TestPlatform> {
  const db = await createTestDatabase(label);
  const prefix = `rt-${label}-${randomUUID().slice(0, 8)}`;
  const producer = new ReplayProducer({ redisUrl: REDIS_URL, prefix });
  await producer.ready();
  const storageDir = path.join(os.tmpdir(), `rlcoach-rt-storage-${randomUUID().slice(0, 8)}`);
  const storage = new ReplayStorage(storageDir);
  const errors: Record<string, unknown>[] = [];
  const log: Logger = { info: () => {}, warn: () => {}, error: (msg, f) => errors.push({ msg, ...f }) };
  return {
    db,
    producer,
    storage,
    prefix,
    errors,
    deps: platformDeps({ orm: db.orm, producer, storage, log }),
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
        db.drop(),
        rm(storageDir, { recursive: true, force: true }),
      ]);
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
    },
  };
}
