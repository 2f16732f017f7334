// The worker's repository functions against a real Postgres (a fresh database for this file):
// a replay job's attempt, save, failure, re-analysis and announcement; an export's run and
// sweep; the demo user; a transaction with a statement limit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import {
  ProcessingStage,
  Replay,
  ReplayResult,
  ReplayStatus,
  ReplayTrack,
  User,
  UserExport,
  UserExportStatus,
  createUserIfAbsent,
  expiredReadyExports,
  inTransaction,
  linkOwner,
  markAnalysisCurrent,
  markExportFailed,
  markExportReady,
  markExportsExpired,
  markReplayFailed,
  queuedExportsBefore,
  readReanalysisCandidate,
  readReplayError,
  readReplayOutcome,
  replaceStaleResult,
  replayIdByHash,
  replayOwnerIds,
  saveFirstResult,
  startExportRun,
  startReplayAttempt,
  type AnalysedColumns,
} from '../src/index.js';
import { createTestDatabase, type TestDatabase } from '../src/testing.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('job_writes');
});
afterAll(async () => {
  await db?.drop();
});

const fork = () => db.orm.em.fork();
const sha = () => randomUUID().replace(/-/g, '').padEnd(64, '0');

async function newReplay(over: Partial<Replay> = {}): Promise<Replay> {
  const em = fork();
  const r = em.create(Replay, {
    fileSha256: sha(),
    storageKey: `ab/${randomUUID()}.replay`,
    sizeBytes: 10,
    header: { mapCode: 'stadium_p' },
    ...over,
  } as Replay);
  await em.flush();
  return r;
}

async function newUser(name = 'player'): Promise<User> {
  const em = fork();
  const u = em.create(User, { displayName: name, kind: 'guest' } as User);
  await em.flush();
  return u;
}

const columns = (version: number, goals = 1): AnalysedColumns => ({
  result: {
    scoreboard: { goals },
    report: { version },
    network: { status: 'complete' },
    framesDecoded: 10,
    framesTotal: 10,
  },
  replay: {
    status: ReplayStatus.Analysed,
    stage: ProcessingStage.Done,
    error: null,
    errorCode: null,
    header: { mapCode: 'stadium_p', version },
    parseMs: 5,
    analyseMs: 6,
    parserVersion: 'test',
    analysisVersion: version,
  },
});
const track = (hz: number) => ({ data: Buffer.from([1, 2, 3]), hz, sampleCount: 3 });
const save = (replayId: string, c: AnalysedColumns, t = track(10)) =>
  inTransaction(fork(), (tx) => saveFirstResult(tx, replayId, c, t));
const reload = (id: string) => fork().findOneOrFail(Replay, id);

describe('a replay job', () => {
  it('starts an attempt, saves the first result once, and announces it', async () => {
    const r = await newReplay();
    const owner = await newUser('owner');
    await linkOwner(fork(), owner.id, r.id);
    expect(await replayOwnerIds(fork(), r.id)).toEqual([owner.id]);
    expect(await replayIdByHash(fork(), r.fileSha256)).toBe(r.id);
    expect(await readReplayOutcome(fork(), r.id)).toEqual({ status: 'queued' });

    expect(await startReplayAttempt(fork(), r.id)).toEqual({ kind: 'started', storageKey: r.storageKey });
    const started = await reload(r.id);
    expect([started.status, started.stage, started.attempts]).toEqual(['processing', 'parsing', 1]);
    expect(started.startedAt).toBeInstanceOf(Date);

    expect(await save(r.id, columns(3, 2))).toEqual({ kind: 'finished', status: 'analysed', savedNow: true });
    // A second run of the same job keeps the first's outcome and writes nothing.
    expect(await save(r.id, columns(3, 9))).toEqual({
      kind: 'finished',
      status: 'analysed',
      savedNow: false,
    });
    expect(await startReplayAttempt(fork(), r.id)).toEqual({ kind: 'finished', status: 'analysed' });
    expect(await readReplayOutcome(fork(), r.id)).toEqual({ status: 'analysed', scoreboard: { goals: 2 } });
    const saved = await reload(r.id);
    expect([saved.analysisVersion, saved.attempts, saved.finishedAt instanceof Date]).toEqual([3, 1, true]);
    expect(await fork().count(ReplayTrack, { replay: r.id })).toBe(1);
    expect(await markReplayFailed(fork(), r.id, 'late', 'X')).toBe(false); // final stays final
  });

  it('reads a missing replay as missing everywhere', async () => {
    const id = randomUUID();
    expect(await startReplayAttempt(fork(), id)).toEqual({ kind: 'missing' });
    expect(await save(id, columns(1))).toEqual({ kind: 'missing' });
    expect(await readReplayOutcome(fork(), id)).toBeNull();
    expect(await readReplayError(fork(), id)).toBeNull();
    expect(await readReanalysisCandidate(fork(), id)).toBeNull();
    expect(await replayIdByHash(fork(), sha())).toBeNull();
  });

  it('marks a replay failed once, with the reason its owners read', async () => {
    const r = await newReplay();
    expect(await markReplayFailed(fork(), r.id, 'Not a replay.', 'NOT_A_REPLAY')).toBe(true);
    expect(await markReplayFailed(fork(), r.id, 'Other.', 'OTHER')).toBe(false);
    expect(await readReplayError(fork(), r.id)).toBe('Not a replay.');
    expect(await readReplayOutcome(fork(), r.id)).toEqual({ status: 'failed', error: 'Not a replay.' });
    const row = await reload(r.id);
    expect([row.stage, row.errorCode]).toEqual(['failed', 'NOT_A_REPLAY']);
  });

  it('replaces a stale result (a failed track keeps the stored one) and marks a kept one current', async () => {
    const r = await newReplay();
    await save(r.id, columns(1, 1), track(10));
    expect(await readReanalysisCandidate(fork(), r.id)).toEqual({
      status: 'analysed',
      analysisVersion: 1,
      storageKey: r.storageKey,
    });
    expect(await inTransaction(fork(), (tx) => replaceStaleResult(tx, r.id, columns(2, 5), null, 2))).toBe(
      true,
    );
    // Already current: a second run is a no-op.
    expect(await inTransaction(fork(), (tx) => replaceStaleResult(tx, r.id, columns(2, 7), null, 2))).toBe(
      false,
    );
    const em = fork();
    expect((await em.findOneOrFail(ReplayResult, { replay: r.id })).scoreboard).toEqual({ goals: 5 });
    expect((await em.findOneOrFail(ReplayTrack, { replay: r.id })).hz).toBe(10);
    expect((await reload(r.id)).analysisVersion).toBe(2);

    expect(await markAnalysisCurrent(fork(), r.id, 2)).toBe(false); // not stale
    expect(await markAnalysisCurrent(fork(), r.id, 4)).toBe(true);
    expect((await reload(r.id)).analysisVersion).toBe(4);
    expect((await fork().findOneOrFail(ReplayResult, { replay: r.id })).scoreboard).toEqual({ goals: 5 });
  });
});

describe('transactions for services', () => {
  it('roll back on a throw and cancel a statement past the limit', async () => {
    const r = await newReplay();
    await expect(
      inTransaction(fork(), async (tx) => {
        await markReplayFailed(tx, r.id, 'never committed', 'X');
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect((await reload(r.id)).status).toBe('queued');
    await expect(
      inTransaction(
        fork(),
        (tx) => tx.getConnection().execute('select pg_sleep(1)', [], 'all', tx.getTransactionContext()),
        {
          statementTimeoutMs: () => 50,
        },
      ),
    ).rejects.toMatchObject({ code: '57014' });
  });
});

describe('an export job', () => {
  async function newExport(userId: string, over: Partial<UserExport> = {}): Promise<UserExport> {
    const em = fork();
    const e = em.create(UserExport, { user: userId, ...over } as unknown as UserExport);
    await em.flush();
    return e;
  }

  it('runs only for its owner, records the archive, and keeps a built one', async () => {
    const u = await newUser();
    const other = await newUser('other');
    const e = await newExport(u.id);
    expect(await startExportRun(fork(), e.id, other.id)).toEqual({ kind: 'missing' });
    expect(await startExportRun(fork(), e.id, u.id)).toEqual({ kind: 'running' });
    expect((await fork().findOneOrFail(UserExport, e.id)).status).toBe(UserExportStatus.Running);
    const finishedAt = new Date();
    const expiresAt = new Date(finishedAt.getTime() + 60_000);
    await markExportReady(fork(), e.id, { storageKey: 'exports/x.zip', bytes: 42, finishedAt, expiresAt });
    expect(await startExportRun(fork(), e.id, u.id)).toEqual({ kind: 'ready', bytes: 42 });
    const row = await fork().findOneOrFail(UserExport, e.id);
    expect([row.status, row.storageKey, row.expiresAt?.getTime()]).toEqual([
      'ready',
      'exports/x.zip',
      expiresAt.getTime(),
    ]);

    const failing = await newExport(u.id);
    await markExportFailed(fork(), failing.id, 'Try again.');
    const failed = await fork().findOneOrFail(UserExport, failing.id);
    expect([failed.status, failed.error, failed.finishedAt instanceof Date]).toEqual([
      'failed',
      'Try again.',
      true,
    ]);
  });

  it('finds lost queued exports and expired archives for the sweep', async () => {
    const u = await newUser();
    const now = new Date();
    const lost = await newExport(u.id, { createdAt: new Date(now.getTime() - 120_000) });
    const fresh = await newExport(u.id);
    const expired = await newExport(u.id, {
      status: UserExportStatus.Ready,
      storageKey: 'exports/old.zip',
      bytes: 1,
      expiresAt: new Date(now.getTime() - 1),
    });
    const live = await newExport(u.id, {
      status: UserExportStatus.Ready,
      storageKey: 'exports/live.zip',
      bytes: 1,
      expiresAt: new Date(now.getTime() + 60_000),
    });
    const queued = await queuedExportsBefore(fork(), new Date(now.getTime() - 60_000));
    expect(queued).toContainEqual({ exportId: lost.id, userId: u.id });
    expect(queued.map((q) => q.exportId)).not.toContain(fresh.id);
    const due = await expiredReadyExports(fork(), now);
    expect(due).toContainEqual({ exportId: expired.id, storageKey: 'exports/old.zip' });
    expect(due.map((d) => d.exportId)).not.toContain(live.id);
    await markExportsExpired(fork(), [expired.id]);
    const row = await fork().findOneOrFail(UserExport, expired.id);
    expect([row.status, row.storageKey]).toEqual(['expired', null]);
    expect((await expiredReadyExports(fork(), now)).map((d) => d.exportId)).not.toContain(expired.id);
  });
});

describe('the demo user', () => {
  it('is created once under its fixed id', async () => {
    const id = randomUUID();
    const profile = { id, displayName: 'Demo player', kind: 'demo' as const };
    expect(await createUserIfAbsent(fork(), profile)).toBe(true);
    expect(await createUserIfAbsent(fork(), { ...profile, displayName: 'Other' })).toBe(false);
    expect((await fork().findOneOrFail(User, id)).displayName).toBe('Demo player');
  });
});
