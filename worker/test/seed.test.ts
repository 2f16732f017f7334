// The demo seed goes through the real ingest path, claims the demo player of each replay and is
// idempotent, both as a function and as the CLI; it repairs an account seeded without claims.
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
/** The saver of each demo replay (named in its ReplayName), in DEMO_FILES order: mrtn, syracks, Quantavious1234. */
const DEMO_PLAYERS = [
  'steam:76561199084382801',
  'steam:76561198313792336',
  'epic:14d2c197a569431cbd227f56203b852e',
];

async function demoOwnerships() {
  return db.orm.em
    .fork()
    .getConnection()
    .execute<{ player_key: string | null; counts: boolean }[]>(
      `select o.player_key, o.counts from replay_ownerships o join replays r on r.id = o.replay_id
        where o.user_id = ? order by r.played_at`,
      [DEMO_USER_ID],
    );
}
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
      expect([...first.claimed].sort()).toEqual([...DEMO_PLAYERS].sort());
      // Each replay names the demo player, and counts for the demo user (oldest match first).
      expect(await demoOwnerships()).toEqual(
        [DEMO_PLAYERS[1], DEMO_PLAYERS[0], DEMO_PLAYERS[2]].map((k) => ({ player_key: k, counts: true })),
      );
      const user = await db.orm.em.fork().findOneOrFail(User, DEMO_USER_ID);
      expect(user.kind).toBe('demo');
      // A shared showcase is never an operator.
      expect(user.role).toBe('player');
      expect((await db.orm.em.fork().getRepository(Replay).listForUser(DEMO_USER_ID)).length).toBe(3);
      const before = await counts();

      const second = await seedDemo(deps);
      expect(second).toEqual({ userCreated: false, ingested: [], alreadyPresent: DEMO_FILES, claimed: [] });
      expect(await counts()).toEqual(before);
      expect(await producer.queueDepth()).toBe(3);

      // An account seeded before claims existed: the next seed adds them and the ownerships follow.
      const conn = db.orm.em.fork().getConnection();
      await conn.execute('delete from player_claims where user_id = ?', [DEMO_USER_ID]);
      await conn.execute('update replay_ownerships set player_key = null, counts = false where user_id = ?', [
        DEMO_USER_ID,
      ]);
      const repaired = await seedDemo(deps);
      expect(repaired.ingested).toEqual([]);
      expect([...repaired.claimed].sort()).toEqual([...DEMO_PLAYERS].sort());
      expect((await demoOwnerships()).every((o) => o.counts && o.player_key)).toBe(true);
      const summaries = await conn.execute<{ player_key: string | null }[]>(
        'select player_key from replay_summaries where user_id = ?',
        [DEMO_USER_ID],
      );
      expect(summaries.map((r) => r.player_key).sort()).toEqual([...DEMO_PLAYERS].sort());
      expect(await counts()).toEqual(before);
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
      expect(a.stderr).toMatch(/user created, 3 ingested, 0 already present, 3 players claimed/);
      const b = await run('npm', ['run', '-s', '-w', 'worker', 'seed'], opts);
      expect(b.stderr).toMatch(/user present, 0 ingested, 3 already present, 0 players claimed/);
      expect(await fresh.orm.em.fork().count(Replay)).toBe(3);
    } finally {
      await fresh.drop();
    }
  });
});
