// The demo seed goes through the real ingest path and is idempotent, both as a function and as the CLI.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { Replay, UploadBatch, UploadItem, User } from '@rlcoach/db';
import { createTestDatabase, type TestDatabase } from '@rlcoach/db/testing';
import { DEMO_USER_ID, seedDemo } from '../src/demo-seed.js';
import { ReplayProducer } from '@rlcoach/db/queues/producer';
import { ReplayStorage } from '@rlcoach/db/storage/replay-storage';
import { DEMO_FILES, REDIS_URL, WORKER_DIR, deleteKeys, tempDir, unique } from './support.js';

const run = promisify(execFile);
let db: TestDatabase;
let tmp: Awaited<ReturnType<typeof tempDir>>;
const prefixes: string[] = [];

beforeAll(async () => {
  db = await createTestDatabase('seed');
  tmp = await tempDir('seed');
});
afterAll(async () => {
  for (const p of prefixes) await deleteKeys(`${p}:*`);
  await db?.drop();
  await tmp?.cleanup();
});

async function counts() {
  const em = db.orm.em.fork();
  return {
    replays: await em.count(Replay),
    batches: await em.count(UploadBatch),
    items: await em.count(UploadItem),
    users: await em.count(User),
  };
}

describe('demo seed', () => {
  it('creates the demo user and ingests the three fixtures once; a second run changes nothing', async () => {
    const prefix = unique('seed');
    prefixes.push(prefix);
    const producer = new ReplayProducer({ redisUrl: REDIS_URL, prefix });
    try {
      await producer.ready();
      const deps = { orm: db.orm, storage: new ReplayStorage(`${tmp.dir}/store`), enqueue: producer };
      const first = await seedDemo(deps);
      expect(first.userCreated).toBe(true);
      expect(first.ingested.map((i) => [i.fileName, i.outcome])).toEqual(
        DEMO_FILES.map((f) => [f, 'accepted']),
      );
      expect(await producer.queueDepth()).toBe(3);
      const user = await db.orm.em.fork().findOneOrFail(User, DEMO_USER_ID);
      expect(user.kind).toBe('demo');
      expect((await db.orm.em.fork().getRepository(Replay).listForUser(DEMO_USER_ID)).length).toBe(3);
      const before = await counts();

      const second = await seedDemo(deps);
      expect(second).toEqual({ userCreated: false, ingested: [], alreadyPresent: DEMO_FILES });
      expect(await counts()).toEqual(before);
      expect(await producer.queueDepth()).toBe(3);
    } finally {
      await producer.close();
    }
  });

  it('runs as `npm run -s -w worker seed` against DATABASE_URL, idempotently', async () => {
    const fresh = await createTestDatabase('seedcli');
    const prefix = unique('seedcli');
    prefixes.push(prefix);
    try {
      const env = {
        ...process.env,
        DATABASE_URL: fresh.url,
        REDIS_URL,
        BULLMQ_PREFIX: prefix,
        STORAGE_DIR: `${tmp.dir}/cli-store`,
      };
      const opts = { cwd: path.resolve(WORKER_DIR, '..'), env };
      const a = await run('npm', ['run', '-s', '-w', 'worker', 'seed'], opts);
      expect(a.stderr).toMatch(/user created, 3 ingested, 0 already present/);
      const b = await run('npm', ['run', '-s', '-w', 'worker', 'seed'], opts);
      expect(b.stderr).toMatch(/user present, 0 ingested, 3 already present/);
      expect(await fresh.orm.em.fork().count(Replay)).toBe(3);
    } finally {
      await fresh.drop();
    }
  });
});
