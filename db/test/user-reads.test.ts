/**
 * The small repositories the web app and realtime call per request, against a real migrated
 * Postgres: the session behind a cookie and signing out, users and the terms, one replay's detail
 * and live status for its owner only, and the database ping of the health check.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSessionFor } from '../src/auth/sessions.js';
import {
  Replay,
  ReplayOwnership,
  ReplayResult,
  ReplayTrack,
  User,
  UserKind,
  acceptTerms,
  createOrm,
  deleteSessionByToken,
  findCurrentSession,
  findDemoUserProfile,
  findUserProfile,
  listOwnedReplays,
  pingDatabase,
  readOwnedReplayStatus,
  readReplayDetail,
  readReplayTrack,
} from '../src/index.js';
import { createTestDatabase, type TestDatabase } from '../src/testing.js';

let db: TestDatabase;
let alice: string;
let bob: string;
let replayId: string;

beforeAll(async () => {
  db = await createTestDatabase('user_reads');
  const em = db.orm.em.fork();
  const a = em.create(User, { displayName: 'Alice', kind: UserKind.Member } as User);
  const b = em.create(User, { displayName: 'Bob', kind: UserKind.Guest } as User);
  em.create(User, {
    displayName: 'Demo 2',
    kind: UserKind.Demo,
    createdAt: new Date('2026-01-02T00:00:00Z'),
  } as User);
  em.create(User, {
    displayName: 'Demo 1',
    kind: UserKind.Demo,
    createdAt: new Date('2026-01-01T00:00:00Z'),
  } as User);
  const r = em.create(Replay, {
    fileSha256: 'c'.repeat(64),
    storageKey: 'cc/c.replay',
    sizeBytes: 10,
    header: { mapName: 'Mannfield', blueGoals: 2, orangeGoals: 1 },
    playedAt: new Date('2026-11-20T18:00:00Z'),
    mapCode: 'eurostadium_p',
    status: 'analysed',
  } as unknown as Replay);
  await em.flush();
  em.create(ReplayOwnership, {
    user: a.id,
    replay: r.id,
    createdAt: new Date('2026-11-21T00:00:00Z'),
  } as unknown as ReplayOwnership);
  em.create(ReplayResult, {
    replay: r.id,
    scoreboard: { teams: { blue: { goals: 2 }, orange: { goals: 1 } } },
    report: {
      match: { playlist_id: 11, team_size: 2 },
      teams: { blue: { goals: 2 }, orange: { goals: 1 } },
      players: [{ name: 'Me', platform: 'steam', platform_id: '1', team: 'blue' }],
    },
    network: {},
    framesDecoded: 1,
    framesTotal: 1,
  } as unknown as ReplayResult);
  em.create(ReplayTrack, {
    replay: r.id,
    data: Buffer.from([1, 2, 3]),
    hz: 15,
    sampleCount: 1,
  } as unknown as ReplayTrack);
  await em.flush();
  alice = a.id;
  bob = b.id;
  replayId = r.id;
});

afterAll(async () => {
  await db?.drop();
});

describe('the session behind a cookie', () => {
  it('finds a live session with its user, and nothing for unknown, expired, empty or oversized tokens', async () => {
    const em = db.orm.em.fork();
    const live = await createSessionFor(em, alice);
    const found = await findCurrentSession(db.orm.em.fork(), live.sessionToken);
    expect(found).toEqual({
      sessionId: live.id,
      expires: live.expires,
      user: {
        id: alice,
        displayName: 'Alice',
        kind: 'member',
        role: 'player',
        termsAcceptedAt: null,
        deletionDueAt: null,
      },
    });
    const expired = await createSessionFor(em, alice, -60);
    expect(await findCurrentSession(db.orm.em.fork(), expired.sessionToken)).toBeNull();
    expect(await findCurrentSession(db.orm.em.fork(), 'f'.repeat(64))).toBeNull();
    expect(await findCurrentSession(db.orm.em.fork(), undefined)).toBeNull();
    expect(await findCurrentSession(db.orm.em.fork(), '')).toBeNull();
    expect(await findCurrentSession(db.orm.em.fork(), 'x'.repeat(256))).toBeNull();
  });

  it('signs out one session by its token and leaves the others', async () => {
    const em = db.orm.em.fork();
    const one = await createSessionFor(em, bob);
    const other = await createSessionFor(em, bob);
    expect(await deleteSessionByToken(db.orm.em.fork(), one.sessionToken)).toBe(true);
    expect(await deleteSessionByToken(db.orm.em.fork(), one.sessionToken)).toBe(false);
    expect(await findCurrentSession(db.orm.em.fork(), one.sessionToken)).toBeNull();
    expect((await findCurrentSession(db.orm.em.fork(), other.sessionToken))?.user.id).toBe(bob);
  });
});

describe('users', () => {
  it('looks users up by id (any string in, only a uuid matches) and finds the oldest demo user', async () => {
    expect(await findUserProfile(db.orm.em.fork(), alice)).toEqual({
      id: alice,
      displayName: 'Alice',
      kind: 'member',
    });
    expect(await findUserProfile(db.orm.em.fork(), 'not-a-uuid')).toBeNull();
    expect(await findUserProfile(db.orm.em.fork(), '00000000-0000-4000-8000-000000000000')).toBeNull();
    expect((await findDemoUserProfile(db.orm.em.fork()))?.displayName).toBe('Demo 1');
  });

  it('records the first acceptance of the terms and keeps it', async () => {
    await acceptTerms(db.orm.em.fork(), bob);
    const s = await createSessionFor(db.orm.em.fork(), bob);
    const first = (await findCurrentSession(db.orm.em.fork(), s.sessionToken))!.user.termsAcceptedAt;
    expect(first).toBeInstanceOf(Date);
    await new Promise((r) => setTimeout(r, 20));
    await acceptTerms(db.orm.em.fork(), bob);
    const again = (await findCurrentSession(db.orm.em.fork(), s.sessionToken))!.user.termsAcceptedAt;
    expect(again).toEqual(first);
  });
});

describe('one replay, for its owner only', () => {
  it('reads the detail with the report’s slim fields in camelCase', async () => {
    const d = await readReplayDetail(db.orm.em.fork(), alice, replayId);
    expect(d).toMatchObject({
      replayId,
      status: 'analysed',
      stage: 'queued',
      error: null,
      mapCode: 'eurostadium_p',
      uploadedAt: new Date('2026-11-21T00:00:00Z'),
      blueGoals: 2,
      orangeGoals: 1,
      playlistId: 11,
      teamSize: 2,
      hasTrack: true,
    });
    expect(d?.players).toEqual([{ name: 'Me', platform: 'steam', platform_id: '1', team: 'blue' }]);
    expect(d?.header).toMatchObject({ mapName: 'Mannfield' });
    expect(await readReplayDetail(db.orm.em.fork(), bob, replayId)).toBeNull();
    expect(await readReplayDetail(db.orm.em.fork(), alice, 'not-a-uuid')).toBeNull();
  });

  it('serves the track, the live status and the upload list to the owner, nothing to anyone else', async () => {
    expect([...(await readReplayTrack(db.orm.em.fork(), alice, replayId))!]).toEqual([1, 2, 3]);
    expect(await readReplayTrack(db.orm.em.fork(), bob, replayId)).toBeNull();
    expect(await readOwnedReplayStatus(db.orm.em.fork(), alice, replayId)).toEqual({
      replayId,
      status: 'analysed',
      stage: 'queued',
      error: null,
      scoreboard: { teams: { blue: { goals: 2 }, orange: { goals: 1 } } },
    });
    expect(await readOwnedReplayStatus(db.orm.em.fork(), bob, replayId)).toBeNull();
    expect(await readOwnedReplayStatus(db.orm.em.fork(), alice, 'nope')).toBeNull();
    const list = await listOwnedReplays(db.orm.em.fork(), alice);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      replayId,
      playedAt: new Date('2026-11-20T18:00:00Z'),
      uploadedAt: new Date('2026-11-21T00:00:00Z'),
    });
    expect(await listOwnedReplays(db.orm.em.fork(), bob)).toEqual([]);
  });
});

describe('database ping', () => {
  it('resolves against a live database and rejects once the connection is closed', async () => {
    await expect(pingDatabase(db.orm.em.fork())).resolves.toBeUndefined();
    const orm = await createOrm({ databaseUrl: db.url });
    await orm.close(true);
    await expect(pingDatabase(orm.em.fork())).rejects.toThrow();
  });
});
