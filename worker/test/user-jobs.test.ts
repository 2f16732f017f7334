/**
 * The user-data jobs with real processes: Postgres, BullMQ on real Redis, `node worker/dist/main.js`,
 * Socket.IO events through the Redis emitter to real clients. Export → archive on disk + row + live
 * events to the owner only; deletion → delayed job runs → no row and no file of the user remains;
 * cancel → nothing deleted; a schedule that lives only in Postgres gets its job back on worker start.
 */
import { execFileSync } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { QueueEvents } from 'bullmq';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { UserExport, UserExportStatus } from '@rlcoach/db';
import { cancelAccountDeletion, scheduleAccountDeletion } from '@rlcoach/db/auth/account-deletion';
import { requestExport } from '@rlcoach/db/auth/data-exports';
import { createTestDatabase, type TestDatabase } from '@rlcoach/db/testing';
import { JobName, QueueName, jobIdFor } from '@rlcoach/db/contracts/jobs';
import { ReplayStorage } from '@rlcoach/db/storage/replay-storage';
import type { ExportProgress, ExportReady } from '@rlcoach/db/contracts/socket-events';
import { UserJobs } from '@rlcoach/db/queues/user-jobs';
import {
  DEMO_FILES,
  REDIS_URL,
  createUser,
  deleteKeys,
  startSocketServer,
  startWorker,
  tempDir,
  unique,
  noRowsLeft,
  uploadDemo,
  userRowsLeft,
  waitFor,
  type WorkerProcess,
} from './support.js';

/** The current test's database: one per test, since replays deduplicate across users by hash. */
let db: TestDatabase;
let tmp: Awaited<ReturnType<typeof tempDir>>;
const prefixes: string[] = [];
const cleanups: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  tmp = await tempDir('userjobs');
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
afterAll(async () => {
  for (const p of prefixes) await deleteKeys(`${p}:*`);
  await tmp?.cleanup();
});

async function lane(label: string) {
  db = await createTestDatabase(`userjobs_${label}`);
  cleanups.unshift(() => db.drop());
  const prefix = unique(label);
  prefixes.push(prefix);
  const storageDir = path.join(tmp.dir, prefix);
  const storage = new ReplayStorage(storageDir);
  const jobs = new UserJobs({ redisUrl: REDIS_URL, prefix });
  cleanups.push(() => jobs.close());
  const env = {
    DATABASE_URL: db.url,
    REDIS_URL,
    BULLMQ_PREFIX: prefix,
    SOCKET_IO_KEY: `${prefix}.io`,
    STORAGE_DIR: storageDir,
    OUTBOX_SWEEP_MS: '600000',
  };
  const start = async (): Promise<WorkerProcess> => {
    const w = await startWorker(env);
    cleanups.push(() => w.stop());
    await w.waitForLog('background worker ready');
    return w;
  };
  return { prefix, storage, storageDir, jobs, start, socketKey: env.SOCKET_IO_KEY };
}

const conn = () => db.orm.em.getConnection();
const count = async (sql: string, params: unknown[]) =>
  (await conn().execute<{ n: number }[]>(`select count(*)::int as n from (${sql}) q`, params))[0]!.n;

async function filesUnder(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { recursive: true, withFileTypes: true }))
      .filter((d) => d.isFile())
      .map((d) => path.join(d.parentPath, d.name));
  } catch {
    return [];
  }
}

describe('user.export job', () => {
  it('stores the archive, records the export and tells only its owner, live', async () => {
    const l = await lane('export');
    const me = await createUser(db.orm, 'Exporter');
    const other = await createUser(db.orm, 'Bystander');
    const mine = await uploadDemo(db.orm, l.storage, me, DEMO_FILES[0]!);
    await uploadDemo(db.orm, l.storage, other, DEMO_FILES[1]!);

    const sockets = await startSocketServer(l.socketKey);
    cleanups.push(() => sockets.close());
    const meClient = await sockets.connect(me);
    const otherClient = await sockets.connect(other);
    const progress: ExportProgress[] = [];
    let ready: ExportReady | undefined;
    const leaked: unknown[] = [];
    meClient.on('export:progress', (p: ExportProgress) => progress.push(p));
    meClient.on('export:ready', (p: ExportReady) => (ready = p));
    for (const e of ['export:progress', 'export:ready', 'export:failed'])
      otherClient.on(e, (p: unknown) => leaked.push(p));

    await l.start();
    const { export: request } = await requestExport(db.orm.em.fork(), me);
    await l.jobs.enqueueExport({ userId: me, exportId: request.id });
    const done = await waitFor('export:ready', () => ready);

    const row = await db.orm.em.fork().findOneOrFail(UserExport, request.id);
    expect(row.status).toBe(UserExportStatus.Ready);
    expect(row.storageKey).toBe(`exports/${request.id}.zip`);
    const zip = l.storage.pathOf(row.storageKey!);
    expect((await stat(zip)).size).toBe(row.bytes);
    expect(done).toEqual({ exportId: request.id, bytes: row.bytes, expiresAt: row.expiresAt!.toISOString() });
    expect(row.expiresAt!.getTime() - row.finishedAt!.getTime()).toBe(7 * 24 * 3600 * 1000);
    expect(progress[0]).toEqual({ exportId: request.id, stage: 'collecting', percent: 0 });
    expect(progress.at(-1)).toEqual({ exportId: request.id, stage: 'writing', percent: 100 });
    expect(leaked).toEqual([]);

    expect(execFileSync('unzip', ['-t', zip], { encoding: 'utf8' })).toMatch(/No errors detected/);
    const data = JSON.parse(execFileSync('unzip', ['-p', zip, 'data.json'], { encoding: 'utf8' }));
    expect(data.profile.id).toBe(me);
    expect(data.replays.map((r: { id: string }) => r.id)).toEqual([mine]);
    // No temp file is left beside the archive.
    expect((await readdir(path.dirname(zip))).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('user.delete job', () => {
  it('runs after the grace period and leaves no row and no file of the user; the co-owner keeps theirs', async () => {
    const l = await lane('delete');
    const me = await createUser(db.orm, 'Leaving');
    const other = await createUser(db.orm, 'Staying');
    await uploadDemo(db.orm, l.storage, me, DEMO_FILES[0]!);
    const shared = await uploadDemo(db.orm, l.storage, me, DEMO_FILES[1]!);
    await uploadDemo(db.orm, l.storage, other, DEMO_FILES[1]!);
    // An export archive of theirs on disk as well.
    const { export: request } = await requestExport(db.orm.em.fork(), me);
    await l.start();
    await l.jobs.enqueueExport({ userId: me, exportId: request.id });
    await waitFor('export ready', async () => {
      const r = await db.orm.em.fork().findOne(UserExport, request.id);
      return r?.status === UserExportStatus.Ready;
    });
    const before = await filesUnder(l.storageDir);
    expect(before.filter((f) => f.endsWith('.zip'))).toHaveLength(1);
    expect(before.filter((f) => f.endsWith('.replay'))).toHaveLength(2);

    // The job reports its stages as BullMQ progress (what ops see in the queue).
    const queueEvents = new QueueEvents(QueueName.Background, {
      connection: { url: REDIS_URL },
      prefix: l.prefix,
    });
    cleanups.push(() => queueEvents.close());
    await queueEvents.waitUntilReady();
    const progress: unknown[] = [];
    queueEvents.on('progress', ({ jobId, data }) => {
      if (jobId === jobIdFor(JobName.UserDelete, me)) progress.push(data);
    });

    const schedule = await scheduleAccountDeletion(db.orm.em.fork(), me, 1500);
    const { jobId } = await l.jobs.scheduleDeletion(me, schedule!.dueAt);
    expect(jobId).toBe(jobIdFor(JobName.UserDelete, me));
    expect(await l.jobs.deletionJobState(me)).toBe('delayed');
    // Still there during the grace period.
    expect(await count('select 1 from users where id = ?', [me])).toBe(1);

    await waitFor('user deleted', async () => (await count('select 1 from users where id = ?', [me])) === 0);
    // Files go after the rows' commit: wait for the job to finish before looking at the disk.
    await waitFor('job removed once done', async () => (await l.jobs.deletionJobState(me)) === null);
    const left = await userRowsLeft(db.orm, me);
    expect(Object.keys(left)).toContain('user_exports');
    expect(left).toEqual(noRowsLeft(left));
    const after = await filesUnder(l.storageDir);
    expect(after.filter((f) => f.endsWith('.zip'))).toEqual([]);
    // Only the replay the other user also owns remains, with its file.
    expect(await conn().execute('select id from replays')).toEqual([{ id: shared }]);
    expect(after.filter((f) => f.endsWith('.replay'))).toHaveLength(1);
    await waitFor('both progress stages', async () => progress.length === 2);
    expect(progress).toEqual([
      { stage: 'rows-deleted', replaysRemoved: 1, filesRemoved: 0 },
      { stage: 'files-removed', replaysRemoved: 1, filesRemoved: 1 },
    ]);
  });

  it('cancel removes the job and clears the schedule: nothing is deleted', async () => {
    const l = await lane('cancel');
    const me = await createUser(db.orm, 'Changed mind');
    await uploadDemo(db.orm, l.storage, me, DEMO_FILES[2]!);
    const w = await l.start();
    const schedule = await scheduleAccountDeletion(db.orm.em.fork(), me, 1500);
    await l.jobs.scheduleDeletion(me, schedule!.dueAt);
    expect(await cancelAccountDeletion(db.orm.em.fork(), me)).toBe(true);
    expect(await l.jobs.cancelDeletion(me)).toBe(true);
    expect(await l.jobs.deletionJobState(me)).toBeNull();
    await new Promise((r) => setTimeout(r, 2500));
    expect(await count('select 1 from users where id = ?', [me])).toBe(1);
    expect(await count('select 1 from replay_ownerships where user_id = ?', [me])).toBe(1);
    expect(w.lines.filter((l) => l.msg === 'background job completed')).toEqual([]);
  });

  it('a job that outlives its cancelled schedule deletes nothing', async () => {
    const l = await lane('stale');
    const me = await createUser(db.orm, 'Stale job');
    await uploadDemo(db.orm, l.storage, me, DEMO_FILES[0]!);
    const w = await l.start();
    const schedule = await scheduleAccountDeletion(db.orm.em.fork(), me, 800);
    await l.jobs.scheduleDeletion(me, schedule!.dueAt);
    await cancelAccountDeletion(db.orm.em.fork(), me); // the job itself is left in Redis
    const done = await w.waitForLog('background job completed', (line) => line.name === 'user.delete');
    expect(done.result).toMatchObject({ userId: me, outcome: 'cancelled', replaysRemoved: 0 });
    expect(await count('select 1 from users where id = ?', [me])).toBe(1);
    expect(await filesUnder(l.storageDir)).toHaveLength(1);
  });

  it('a job that wakes before the due date goes back to sleep until it', async () => {
    const l = await lane('early');
    const me = await createUser(db.orm, 'Early job');
    await l.start();
    const schedule = await scheduleAccountDeletion(db.orm.em.fork(), me, 2500);
    await l.jobs.scheduleDeletion(me, new Date()); // the job's own delay is wrong: due "now"
    await waitFor(
      'job delayed again',
      async () => (await l.jobs.deletionJobState(me)) === 'delayed',
      5000,
      50,
    );
    expect(await count('select 1 from users where id = ?', [me])).toBe(1);
    await waitFor('user deleted', async () => (await count('select 1 from users where id = ?', [me])) === 0);
    expect(Date.now()).toBeGreaterThanOrEqual(schedule!.dueAt.getTime());
  });

  it('re-creates a missing delayed job from Postgres when the worker starts (restart-safe)', async () => {
    const l = await lane('sweep');
    const me = await createUser(db.orm, 'Scheduled while down');
    await uploadDemo(db.orm, l.storage, me, DEMO_FILES[0]!);
    // Scheduled in the database only: as if Redis lost the job, or no worker was deployed then.
    await scheduleAccountDeletion(db.orm.em.fork(), me, 0);
    expect(await l.jobs.deletionJobState(me)).toBeNull();
    const w = await l.start();
    const swept = await w.waitForLog('user-data sweep');
    expect(swept.deletionsScheduled).toEqual([me]);
    await waitFor('user deleted', async () => (await count('select 1 from users where id = ?', [me])) === 0);
    // Files go after the rows' commit: wait for the job to finish before looking at the disk.
    await waitFor('job done', async () => (await l.jobs.deletionJobState(me)) === null);
    expect(await filesUnder(l.storageDir)).toEqual([]);
  });
});
