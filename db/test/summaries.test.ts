/**
 * Stored summaries and play sessions against a real, migrated Postgres: written when an ownership
 * appears and when a result lands, recomputed when the owner's identity in a replay changes, and
 * regrouped with the owner's gap and time zone under stable session ids, from the replays that
 * count in the owner's stats only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Replay,
  ReplayResult,
  User,
  UserKind,
  linkOwner,
  reconcileSummaries,
  regroupSessions,
  staleSummaryIds,
  syncReplayOwners,
  type EntityManager,
} from '../src/index.js';
import { setClaimExcluded, setCountOverride } from '../src/auth/alt-accounts.js';
import { refreshPlayerKeys } from '../src/auth/player-identity.js';
import { sessionIdFor } from '../src/repositories/session-grouping.js';
import { summaryFields, type SummarySource } from '../src/repositories/summary-fields.js';
import { createTestDatabase, type TestDatabase } from '../src/testing.js';

const ME = { platform: 'steam', platformId: '76561198000000001' };
const OTHER = { platform: 'epic', platformId: 'ABCDEF0123456789ABCDEF0123456789' };

function header(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    mapCode: 'stadium_p',
    mapName: 'DFH Stadium',
    playedAt: '2026-11-20T18:00:00.000Z',
    dateLocal: '2026-11-20 18-00-00',
    matchType: 'Online',
    teamSize: 1,
    blueGoals: 3,
    orangeGoals: 1,
    durationSeconds: 300,
    players: [
      { name: 'Me', team: 0, ...ME },
      { name: 'Rival', team: 1, ...OTHER },
    ],
    ...over,
  };
}

function report(myTeam: 'blue' | 'orange', blue: number, orange: number): Record<string, unknown> {
  const stats = (goals: number) => ({
    core: { goals, assists: 1, saves: 2, shots: 4, score: 350 },
    demo: { inflicted: 1 },
    boost: { bcpm: 400.5 },
    movement: { avg_speed: 1500, time_supersonic_speed: 40, percent_supersonic_speed: 12.5 },
    positioning: { percent_defensive_third: 50, percent_neutral_third: 30, percent_offensive_third: 20 },
  });
  return {
    match: { playlist_id: 10, team_size: 1 },
    teams: { blue: { goals: blue }, orange: { goals: orange } },
    players: [
      {
        name: 'Me',
        platform: ME.platform,
        platform_id: ME.platformId,
        team: myTeam,
        stats: stats(2),
        mechanics: { counts: { flip_reset: 1 } },
      },
      {
        name: 'Rival',
        platform: OTHER.platform,
        platform_id: OTHER.platformId,
        team: myTeam === 'blue' ? 'orange' : 'blue',
        stats: stats(7),
        mechanics: null,
      },
    ],
  };
}

describe('summaryFields (pure)', () => {
  const src = (over: Partial<SummarySource> = {}): SummarySource => ({
    replayId: '00000000-0000-4000-8000-000000000001',
    header: header(),
    mapCode: 'stadium_p',
    report: {
      players: report('orange', 1, 3).players as never,
      blueGoals: 1,
      orangeGoals: 3,
      playlistId: 10,
      teamSize: 1,
    },
    resultAt: new Date('2026-11-20T19:00:00Z'),
    ownershipKey: 'steam:76561198000000001',
    counts: true,
    ...over,
  });

  it('finds "me" by the ownership key and scores the result from my team', () => {
    const f = summaryFields(src(), 'UTC');
    expect(f).toMatchObject({
      team: 'orange',
      result: 'win',
      goals: 2,
      bcpm: 400.5,
      playlist: 'Ranked Duel',
    });
    expect(f.me?.mechanics).toEqual({ counts: { flip_reset: 1 } });
  });

  it('normalises Epic ids like the ownership keys do', () => {
    const f = summaryFields(src({ ownershipKey: 'epic:abcdef0123456789abcdef0123456789' }), 'UTC');
    expect(f).toMatchObject({ team: 'blue', result: 'loss', goals: 7 });
  });

  it('leaves the "me" columns empty when the ownership does not count', () => {
    const f = summaryFields(src({ counts: false }), 'UTC');
    expect(f).toMatchObject({ team: null, result: null, goals: null, me: null, counted: false });
    expect(f.player_key).toBe('steam:76561198000000001');
  });

  it("takes the length from the report's match clock, the header's recording length before it", () => {
    const analysed = src();
    const withClock = summaryFields(
      { ...analysed, report: { ...analysed.report!, clockSeconds: 318.4 } },
      'UTC',
    );
    expect(withClock.duration_seconds).toBe(318.4);
    // A 1.1 report has no clock, and an undecoded one a zero-length clock: the header's length.
    expect(summaryFields(analysed, 'UTC').duration_seconds).toBe(300);
    expect(
      summaryFields({ ...analysed, report: { ...analysed.report!, clockSeconds: 0 } }, 'UTC')
        .duration_seconds,
    ).toBe(300);
    expect(summaryFields(src({ report: null }), 'UTC').duration_seconds).toBe(300);
  });

  it('falls back to header figures before the report exists, and reads zone-less dates in the owner zone', () => {
    const f = summaryFields(
      src({
        report: null,
        header: header({ playedAt: null, dateLocal: '2026-11-20 18-00-00', mapName: null }),
      }),
      'Asia/Tokyo',
    );
    expect(f).toMatchObject({
      has_report: false,
      blue_goals: 3,
      orange_goals: 1,
      map_name: 'stadium_p',
      playlist: '1v1 Online',
      played_at: '2026-11-20T09:00:00.000Z',
      played_at_zoned: true,
      result: null,
    });
  });
});

let db: TestDatabase;
let userId: string;

async function newReplay(em: EntityManager, n: number, h: Record<string, unknown>): Promise<string> {
  const r = em.create(Replay, {
    fileSha256: n.toString(16).padStart(64, '0'),
    storageKey: `x/${n}.replay`,
    sizeBytes: 1000,
    header: h,
    playedAt: typeof h.playedAt === 'string' ? new Date(h.playedAt) : null,
    mapCode: h.mapCode as string,
  } as Replay);
  await em.flush();
  return r.id;
}

async function addResult(em: EntityManager, replayId: string, rep: Record<string, unknown>): Promise<void> {
  await em.transactional(async (tx) => {
    tx.create(ReplayResult, {
      replay: replayId,
      scoreboard: {},
      report: rep,
      network: {},
      framesDecoded: 1,
      framesTotal: 1,
    } as unknown as ReplayResult);
    await tx.flush();
    await syncReplayOwners(tx, replayId);
  });
}

const sql = <T>(q: string, params: unknown[] = []) => db.orm.em.getConnection().execute<T[]>(q, params);

beforeAll(async () => {
  db = await createTestDatabase('summaries');
  const em = db.orm.em.fork();
  const u = em.create(User, { displayName: 'Summary', kind: UserKind.Member } as User);
  await em.flush();
  userId = u.id;
  await sql(
    `insert into player_claims (user_id, player_key, replay_id, created_at) values (?, ?, gen_random_uuid(), now())`,
    [userId, 'steam:76561198000000001'],
  );
});

afterAll(async () => {
  await db?.drop();
});

describe('stored summaries (real Postgres)', () => {
  let first: string;

  it('writes a header-only row when the ownership appears, and the stats when the result lands', async () => {
    const em = db.orm.em.fork();
    first = await newReplay(em, 1, header());
    await em.transactional((tx) => linkOwner(tx, userId, first));
    const [before] = await sql<Record<string, unknown>>(
      'select * from replay_summaries where replay_id = ?',
      [first],
    );
    expect(before).toMatchObject({
      has_report: false,
      blue_goals: 3,
      counted: true,
      result: null,
      goals: null,
    });

    await addResult(em, first, report('blue', 3, 1));
    const [after] = await sql<Record<string, unknown>>('select * from replay_summaries where replay_id = ?', [
      first,
    ]);
    expect(after).toMatchObject({
      has_report: true,
      result: 'win',
      team: 'blue',
      goals: 2,
      saves: 2,
      demos: 1,
    });
    expect(await staleSummaryIds(em, userId)).toEqual([]);
  });

  it('recomputes rows whose ownership identity changed through another path', async () => {
    const em = db.orm.em.fork();
    await sql('delete from player_claims where user_id = ?', [userId]);
    await refreshPlayerKeys(em, userId); // what a sign-in or an exclusion does, without touching summaries
    expect(await staleSummaryIds(em, userId)).toEqual([first]);
    expect(await reconcileSummaries(em, userId)).toBe(1);
    const [row] = await sql<Record<string, unknown>>('select * from replay_summaries where replay_id = ?', [
      first,
    ]);
    expect(row).toMatchObject({ counted: false, result: null, goals: null, session_id: null });
    // No longer the user's play: no session, though the replay is still theirs (listed in Replays).
    expect(await sql('select id from play_sessions where user_id = ?', [userId])).toEqual([]);
    await sql(
      `insert into player_claims (user_id, player_key, replay_id, created_at) values (?, ?, ?, now())`,
      [userId, 'steam:76561198000000001', first],
    );
    await refreshPlayerKeys(em, userId);
    expect(await reconcileSummaries(em, userId)).toBe(1);
    expect(await reconcileSummaries(em, userId)).toBe(0); // nothing stale: one query, no writes
  });

  it('follows the ownership’s counts-in-stats flag (an excluded alt stops counting)', async () => {
    const em = db.orm.em.fork();
    const [col] = await sql<{ n: number }>(
      `select count(*)::int as n from information_schema.columns where table_name = 'replay_ownerships' and column_name = 'counts'`,
    );
    // Without the alt-exclusion column the flag is "has a player key", covered above.
    if (col!.n === 0) return;
    await sql('update replay_ownerships set counts = false where user_id = ? and replay_id = ?', [
      userId,
      first,
    ]);
    expect(await reconcileSummaries(em, userId)).toBe(1);
    const [row] = await sql<Record<string, unknown>>('select * from replay_summaries where replay_id = ?', [
      first,
    ]);
    expect(row).toMatchObject({ counted: false, result: null, player_key: 'steam:76561198000000001' });
    await refreshPlayerKeys(em, userId); // the claim is not excluded: counts again
    expect(await reconcileSummaries(em, userId)).toBe(1);
    const [again] = await sql<Record<string, unknown>>('select * from replay_summaries where replay_id = ?', [
      first,
    ]);
    expect(again).toMatchObject({ counted: true, result: 'win' });
  });

  it('groups sessions with the gap, keeps the first match’s id, and follows gap changes', async () => {
    const em = db.orm.em.fork();
    const second = await newReplay(em, 2, header({ playedAt: '2026-11-20T18:20:00.000Z' })); // 15 min after the first ended
    const third = await newReplay(em, 3, header({ playedAt: '2026-11-20T19:30:00.000Z' })); // 65 min after the second ended
    for (const id of [second, third]) {
      await em.transactional((tx) => linkOwner(tx, userId, id));
      await addResult(em, id, report('blue', 0, 2));
    }
    const sessions = () =>
      sql<{ id: string; games: number; wins: number; losses: number; draws: number }>(
        'select id, games, wins, losses, draws from play_sessions where user_id = ? order by started_at',
        [userId],
      );
    const firstId = sessionIdFor('2026-11-20T18:00:00.000Z');
    expect(await sessions()).toEqual([
      { id: firstId, games: 2, wins: 1, losses: 1, draws: 0 },
      { id: sessionIdFor('2026-11-20T19:30:00.000Z'), games: 1, wins: 0, losses: 1, draws: 0 },
    ]);

    await sql(
      `insert into user_preferences (user_id, session_gap_minutes, time_zone, ranks, updated_at) values (?, 90, 'UTC', '{}', now())`,
      [userId],
    );
    expect(await regroupSessions(em, userId)).toBe(1);
    expect(await sessions()).toEqual([{ id: firstId, games: 3, wins: 1, losses: 2, draws: 0 }]);
    const ids = await sql<{ session_id: string }>(
      'select distinct session_id from replay_summaries where user_id = ?',
      [userId],
    );
    expect(ids).toEqual([{ session_id: firstId }]);

    await sql('update user_preferences set session_gap_minutes = 5 where user_id = ?', [userId]);
    expect(await regroupSessions(em, userId)).toBe(3);
  });

  it('builds sessions only from replays that count: a match not played, or played on an excluded alt, stays listed but is no game', async () => {
    const em = db.orm.em.fork();
    const ALT = { platform: 'steam', platformId: '76561198000000002' };
    const STRANGER = { platform: 'steam', platformId: '76561198000000003' };
    await sql(
      `insert into player_claims (user_id, player_key, replay_id, created_at) values (?, ?, gen_random_uuid(), now())`,
      [userId, `${ALT.platform}:${ALT.platformId}`],
    );
    expect(await setClaimExcluded(em, userId, `${ALT.platform}:${ALT.platformId}`, true)).toBe(true);
    // Gap 5 min: mine (10:00–10:05), one the user only uploaded (10:06), one on the excluded alt (10:08).
    const at = (m: number) => `2026-11-21T10:${String(m).padStart(2, '0')}:00.000Z`;
    const mine = await newReplay(em, 11, header({ playedAt: at(0) }));
    const notPlayed = await newReplay(
      em,
      12,
      header({
        playedAt: at(6),
        players: [
          { name: 'Stranger', team: 0, ...STRANGER },
          { name: 'Rival', team: 1, ...OTHER },
        ],
      }),
    );
    const onAlt = await newReplay(
      em,
      13,
      header({
        playedAt: at(8),
        players: [
          { name: 'Alt', team: 0, ...ALT },
          { name: 'Rival', team: 1, ...OTHER },
        ],
      }),
    );
    for (const id of [mine, notPlayed, onAlt]) await em.transactional((tx) => linkOwner(tx, userId, id));
    await addResult(em, mine, report('blue', 3, 1));

    const sessionOf = async (id: string) =>
      (
        await sql<{ session_id: string | null }>(
          'select session_id from replay_summaries where replay_id = ?',
          [id],
        )
      )[0]?.session_id;
    const sessionId = sessionIdFor(at(0));
    const stored = () =>
      sql<{ games: number; wins: number }>(
        'select games, wins from play_sessions where user_id = ? and id = ?',
        [userId, sessionId],
      );
    expect(await stored()).toEqual([{ games: 1, wins: 1 }]);
    expect(await sessionOf(mine)).toBe(sessionId);
    // Still the user's replays (Replays lists every summary row), in no session.
    expect(await sessionOf(notPlayed)).toBeNull();
    expect(await sessionOf(onAlt)).toBeNull();

    // "Count this one" on the alt's match makes it a game of the session; undoing it takes it out again.
    expect(await setCountOverride(em, userId, onAlt, true)).toBe(true);
    await reconcileSummaries(em, userId);
    expect(await stored()).toEqual([{ games: 2, wins: 1 }]);
    expect(await sessionOf(onAlt)).toBe(sessionId);
    expect(await setCountOverride(em, userId, onAlt, false)).toBe(true);
    await reconcileSummaries(em, userId);
    expect(await stored()).toEqual([{ games: 1, wins: 1 }]);
    expect(await sessionOf(onAlt)).toBeNull();
  });

  it('re-reads zone-less header dates when the time zone changes', async () => {
    const em = db.orm.em.fork();
    const id = await newReplay(em, 4, header({ playedAt: null, dateLocal: '2026-11-22 12-00-00' }));
    await em.transactional((tx) => linkOwner(tx, userId, id));
    const at = async () =>
      new Date(
        (
          await sql<{ played_at: string }>('select played_at from replay_summaries where replay_id = ?', [id])
        )[0]!.played_at,
      ).toISOString();
    expect(await at()).toBe('2026-11-22T12:00:00.000Z');
    await sql(`update user_preferences set time_zone = 'America/New_York' where user_id = ?`, [userId]);
    await regroupSessions(em, userId);
    expect(await at()).toBe('2026-11-22T17:00:00.000Z');
    const [s] = await sql<{ id: string }>(
      'select session_id as id from replay_summaries where replay_id = ?',
      [id],
    );
    expect(s!.id).toBe(sessionIdFor('2026-11-22T17:00:00.000Z'));
  });

  it('an owner linked while the worker saves the result still gets the stats (no lost update)', async () => {
    const em = db.orm.em.fork();
    const bob = em.create(User, { displayName: 'Bob', kind: UserKind.Member } as User);
    await em.flush();
    await sql(
      `insert into player_claims (user_id, player_key, replay_id, created_at) values (?, ?, gen_random_uuid(), now())`,
      [bob.id, 'steam:76561198000000001'],
    );
    const id = await newReplay(em, 5, header({ playedAt: '2026-11-23T10:00:00.000Z' }));
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const hasLock = new Promise<void>((r) => (locked = r));
    // The worker: row lock, result written, owners synced after a pause, as process-replay does.
    // linkOwner must wait for it (its share lock; the ownership's foreign-key check waits too).
    const worker = db.orm.em.fork().transactional(async (tx) => {
      await tx
        .getConnection()
        .execute('select 1 from replays where id = ? for update', [id], 'all', tx.getTransactionContext());
      tx.create(ReplayResult, {
        replay: id,
        scoreboard: {},
        report: report('blue', 3, 1),
        network: {},
        framesDecoded: 1,
        framesTotal: 1,
      } as unknown as ReplayResult);
      await tx.flush();
      locked();
      await gate;
      await syncReplayOwners(tx, id);
    });
    await hasLock;
    const link = db.orm.em.fork().transactional((tx) => linkOwner(tx, bob.id, id));
    await new Promise((r) => setTimeout(r, 200)); // the upload reaches the lock while the worker holds it
    release();
    await Promise.all([worker, link]);
    const [row] = await sql<Record<string, unknown>>(
      'select * from replay_summaries where user_id = ? and replay_id = ?',
      [bob.id, id],
    );
    expect(row).toMatchObject({ has_report: true, result: 'win', goals: 2 });
  });

  it('removes a user’s summaries and sessions with the user', async () => {
    await sql('delete from users where id = ?', [userId]);
    const [c] = await sql<{ n: number }>(
      'select (select count(*) from replay_summaries where user_id = ?)::int + (select count(*) from play_sessions where user_id = ?)::int as n',
      [userId, userId],
    );
    expect(c!.n).toBe(0);
  });
});
