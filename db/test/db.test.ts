// Against a real Postgres: a fresh database per file, migrated from zero.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import {
  Replay,
  ReplayResult,
  ReplayStatus,
  UniqueConstraintViolationException,
  UploadBatch,
  UploadItem,
  UploadOutcome,
  User,
  linkOwner,
  isOwner,
  type EntityManager,
} from '../src/index.js';
import { createTestDatabase, type TestDatabase } from '../src/testing.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('db');
});
afterAll(async () => {
  await db?.drop();
});

const sha = () => randomUUID().replace(/-/g, '').padEnd(64, '0');

function newReplay(em: EntityManager, over: Partial<Replay> = {}): Replay {
  return em.create(Replay, {
    fileSha256: sha(),
    storageKey: 'ab/cd/x.replay',
    sizeBytes: 10,
    header: { mapCode: 'stadium_p' },
    ...over,
  } as Replay);
}

async function newUser(em: EntityManager, name = 'player'): Promise<User> {
  const u = em.create(User, { displayName: name, kind: 'guest' } as User);
  await em.flush();
  return u;
}

describe('migrations', () => {
  it('apply from zero and leave nothing pending', async () => {
    const migrator = db.orm.getMigrator();
    expect((await migrator.getExecutedMigrations()).length).toBeGreaterThan(0);
    expect(await migrator.getPendingMigrations()).toEqual([]);
    // The entities and the migrated schema agree: nothing left to diff.
    const diff = await db.orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false });
    expect(diff.trim()).toBe('');
  });

  it('refuse work on the global entity manager (forks only)', async () => {
    await expect(db.orm.em.find(User, {})).rejects.toThrow(/global/i);
  });
});

describe('uniqueness', () => {
  it('rejects a second replay with the same file hash', async () => {
    const em = db.orm.em.fork();
    const hash = sha();
    newReplay(em, { fileSha256: hash });
    await em.flush();
    const em2 = db.orm.em.fork();
    newReplay(em2, { fileSha256: hash });
    await expect(em2.flush()).rejects.toBeInstanceOf(UniqueConstraintViolationException);
  });

  it('allows several replays with the same match GUID (anyone can write a GUID into a file)', async () => {
    const em = db.orm.em.fork();
    newReplay(em, { matchGuid: 'GUID-A' });
    newReplay(em, { matchGuid: null });
    newReplay(em, { matchGuid: null });
    await em.flush();
    const em2 = db.orm.em.fork();
    newReplay(em2, { matchGuid: 'GUID-A' });
    await em2.flush();
    expect(await em2.count(Replay, { matchGuid: 'GUID-A' })).toBe(2);
  });

  it('links an owner once: the (user, replay) pair is unique and relinking is a no-op', async () => {
    const em = db.orm.em.fork();
    const user = await newUser(em);
    const replay = newReplay(em);
    await em.flush();
    expect(await linkOwner(em, user.id, replay.id)).toBe(true);
    expect(await linkOwner(em, user.id, replay.id)).toBe(false);
    expect(await isOwner(em, user.id, replay.id)).toBe(true);
    await expect(
      em
        .getConnection()
        .execute(
          'insert into replay_ownerships (user_id, replay_id, created_at) values (?, ?, now())',
          [user.id, replay.id],
          'run',
        ),
    ).rejects.toThrow(/replay_ownerships_pkey/);
  });

  it('stores one result per replay', async () => {
    const em = db.orm.em.fork();
    const replay = newReplay(em);
    await em.flush();
    const make = () =>
      ({
        replay: replay.id,
        scoreboard: {},
        network: {},
        framesDecoded: 1,
        framesTotal: 1,
      }) as unknown as ReplayResult;
    em.create(ReplayResult, make());
    await em.flush();
    const em2 = db.orm.em.fork();
    em2.create(ReplayResult, make());
    await expect(em2.flush()).rejects.toBeInstanceOf(UniqueConstraintViolationException);
  });

  it('rejects a status outside the enum', async () => {
    const em = db.orm.em.fork();
    const replay = newReplay(em);
    await em.flush();
    await expect(
      em.getConnection().execute(`update replays set status = 'bogus' where id = ?`, [replay.id], 'run'),
    ).rejects.toThrow(/check/i);
  });
});

describe('ReplayRepository', () => {
  it('finds a replay by file hash, and every upload carrying a GUID', async () => {
    const em = db.orm.em.fork();
    const a = newReplay(em, { matchGuid: 'GUID-DUP' });
    await em.flush();
    const b = newReplay(em, { matchGuid: 'GUID-DUP', createdAt: new Date(a.createdAt.getTime() + 1) });
    await em.flush();
    const repo = em.fork().getRepository(Replay);
    expect((await repo.findByHash(a.fileSha256))?.id).toBe(a.id);
    expect(await repo.findByHash(sha())).toBeNull();
    expect((await repo.findByMatchGuid('GUID-DUP')).map((r) => r.id)).toEqual([a.id, b.id]);
    expect(await repo.findByMatchGuid('GUID-OTHER')).toEqual([]);
  });

  it('lists owners, a user’s replays (newest match first) and states only for owned replays', async () => {
    const em = db.orm.em.fork();
    const alice = await newUser(em, 'alice');
    const bob = await newUser(em, 'bob');
    const older = newReplay(em, { playedAt: new Date('2025-01-01T00:00:00Z') });
    const newer = newReplay(em, { playedAt: new Date('2026-01-01T00:00:00Z') });
    const bobsOnly = newReplay(em);
    await em.flush();
    await linkOwner(em, alice.id, older.id);
    await linkOwner(em, alice.id, newer.id);
    await linkOwner(em, bob.id, newer.id);
    await linkOwner(em, bob.id, bobsOnly.id);
    const repo = em.fork().getRepository(Replay);
    expect((await repo.ownerIds(newer.id)).sort()).toEqual([alice.id, bob.id].sort());
    expect((await repo.listForUser(alice.id)).map((r) => r.id)).toEqual([newer.id, older.id]);
    const states = await repo.statesForUser(alice.id, [older.id, bobsOnly.id]);
    expect(states).toEqual([
      { replayId: older.id, status: ReplayStatus.Queued, stage: 'queued', error: null },
    ]);
  });

  it('finds queued replays older than a cutoff for the outbox sweep', async () => {
    const em = db.orm.em.fork();
    const old = newReplay(em, { queuedAt: new Date(Date.now() - 3_600_000) });
    newReplay(em, { queuedAt: new Date(Date.now() - 3_600_000), status: ReplayStatus.Analysed });
    newReplay(em);
    await em.flush();
    const found = await em
      .fork()
      .getRepository(Replay)
      .findQueuedBefore(new Date(Date.now() - 60_000));
    expect(found.map((r) => r.id)).toContain(old.id);
    expect(
      found.every((r) => r.status === ReplayStatus.Queued && r.queuedAt.getTime() < Date.now() - 60_000),
    ).toBe(true);
  });

  it('finds finished replays analysed under older rules (or unversioned) for re-analysis, oldest first', async () => {
    const em = db.orm.em.fork();
    // Queued long before anything else in this database, so they lead the oldest-first order.
    const at = (minute: number) => ({ queuedAt: new Date(Date.UTC(2000, 0, 1, 0, minute)) });
    const unversioned = newReplay(em, { ...at(1), status: ReplayStatus.Analysed });
    const older = newReplay(em, { ...at(2), status: ReplayStatus.Partial, analysisVersion: 1 });
    const current = newReplay(em, { ...at(0), status: ReplayStatus.Analysed, analysisVersion: 2 });
    const newer = newReplay(em, { ...at(0), status: ReplayStatus.Analysed, analysisVersion: 3 });
    const failed = newReplay(em, { ...at(0), status: ReplayStatus.Failed });
    const queued = newReplay(em, { ...at(0) });
    await em.flush();
    const repo = em.fork().getRepository(Replay);
    const ids = await repo.findStaleAnalysisIds(2, 1_000);
    expect(ids.slice(0, 2)).toEqual([unversioned.id, older.id]);
    for (const r of [current, newer, failed, queued]) expect(ids).not.toContain(r.id);
    expect(await repo.findStaleAnalysisIds(2, 1)).toEqual([unversioned.id]);
    expect(await repo.findStaleAnalysisIds(1, 1_000)).not.toContain(older.id);
  });

  it('keeps upload items pointing at their batch and replay', async () => {
    const em = db.orm.em.fork();
    const user = await newUser(em);
    const batch = em.create(UploadBatch, { user: user.id, fileCount: 1 } as unknown as UploadBatch);
    const replay = newReplay(em);
    em.create(UploadItem, {
      batch,
      fileName: 'a.replay',
      sizeBytes: 5,
      outcome: UploadOutcome.Accepted,
      replay,
    } as unknown as UploadItem);
    await em.flush();
    const items = await em.fork().find(UploadItem, { batch: batch.id });
    expect(items).toHaveLength(1);
    expect(items[0]!.replay?.id).toBe(replay.id);
  });
});
