// The period Compare and Trends read (default: the most recent preset holding games; all time;
// custom days in the user's time zone) and the header claims the demo seed makes, against a real
// migrated Postgres: claims repair ownerships, summaries and sessions; the windows filter the reads.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listClaimedIds } from '../src/auth/alt-accounts.js';
import {
  PeriodChoiceError,
  Replay,
  ReplayResult,
  User,
  UserKind,
  countLibrary,
  ensureHeaderClaims,
  linkOwner,
  listCountedGames,
  listPlaySessions,
  listTrendValues,
  resolveStatPeriod,
  type EntityManager,
} from '../src/index.js';
import { createTestDatabase, type TestDatabase } from '../src/testing.js';

const DAY = 86_400_000;
const NOW = new Date('2026-12-06T12:00:00Z');
const TZ = 'America/New_York';
const ME = '76561198000000042';
const RIVAL = '76561198000000777';

let db: TestDatabase;
const em = (): EntityManager => db.orm.em.fork();
let seq = 0;

/** A replay played at `at`, analysed (me on blue, 3–1 win) unless `analysed` is false. */
async function addReplay(userId: string, at: Date, opts: { me?: string; analysed?: boolean } = {}) {
  const e = em();
  const me = opts.me ?? ME;
  const players = [
    { name: 'Me now', team: 0, platform: 'steam', platformId: me },
    { name: 'Rival', team: 1, platform: 'steam', platformId: RIVAL },
  ];
  const r = e.create(Replay, {
    fileSha256: (++seq).toString(16).padStart(64, 'a'),
    storageKey: `x/${seq}.replay`,
    sizeBytes: 1000,
    header: { playedAt: at.toISOString(), teamSize: 2, mapCode: 'stadium_p', players },
    playedAt: at,
    mapCode: 'stadium_p',
    status: opts.analysed === false ? 'queued' : 'analysed',
  } as unknown as Replay);
  if (opts.analysed !== false)
    e.create(ReplayResult, {
      replay: r,
      scoreboard: {},
      report: {
        match: { playlist_id: 11, team_size: 2 },
        teams: { blue: { goals: 3 }, orange: { goals: 1 } },
        players: players.map((p, k) => ({
          name: p.name,
          platform: p.platform,
          platform_id: p.platformId,
          team: k === 0 ? 'blue' : 'orange',
          stats: { core: { goals: k === 0 ? seq : 1, saves: 2 }, boost: { bcpm: 300 + seq } },
          mechanics: null,
        })),
      },
      network: {},
      framesDecoded: 1,
      framesTotal: 1,
    } as unknown as ReplayResult);
  await e.flush();
  await e.transactional((tx) => linkOwner(tx, userId, r.id));
  return r.id;
}

async function addUser(name: string, timeZone = 'UTC'): Promise<string> {
  const e = em();
  const u = e.create(User, { displayName: name, kind: UserKind.Member } as User);
  await e.flush();
  await e
    .getConnection()
    .execute(
      `insert into user_preferences (user_id, session_gap_minutes, time_zone, ranks, updated_at) values (?, 30, ?, '{}', now())`,
      [u.id, timeZone],
    );
  return u.id;
}

const ago = (days: number) => new Date(NOW.getTime() - days * DAY);

beforeAll(async () => {
  db = await createTestDatabase('stat-periods');
}, 60_000);
afterAll(async () => {
  await db?.drop();
});

describe('header claims (the demo seed)', () => {
  it('claims a header player, which makes the replays count, fills the summaries and builds sessions', async () => {
    const user = await addUser('Seeded');
    const a = await addReplay(user, ago(45));
    const b = await addReplay(user, ago(200));
    const notAnalysed = await addReplay(user, ago(2), { analysed: false });
    const other = await addUser('Someone else');
    const theirs = await addReplay(other, ago(3));

    // Before: the replays are visible but nobody is "you": no counted games, no sessions.
    expect(await countLibrary(em(), user)).toMatchObject({ total: 3, mine: 0 });
    expect(await listPlaySessions(em(), user)).toEqual([]);

    const claimed = await ensureHeaderClaims(em(), user, [
      { replayId: a, playerKey: `steam:${ME}` },
      { replayId: b, playerKey: `steam:${ME}` }, // the same key twice: one claim
      { replayId: a, playerKey: 'steam:76561198000000555' }, // not a player of that replay
      { replayId: theirs, playerKey: `steam:${RIVAL}` }, // not the user's replay
      { replayId: 'not-a-uuid', playerKey: `steam:${ME}` },
    ]);
    expect(claimed).toEqual([`steam:${ME}`]);
    const counts = await countLibrary(em(), user);
    expect(counts).toEqual({ total: 3, undated: 0, mine: 2, claimFromReplayId: a });
    const sessions = await listPlaySessions(em(), user);
    // Sessions hold every replay the user plays in (the one waiting for analysis too, still undecided).
    expect(sessions.map((s) => [s.replays.map((r) => r.replayId), s.wins])).toEqual([
      [[notAnalysed], 0],
      [[a], 1],
      [[b], 1],
    ]);
    // Its stats count once the worker's result lands (it is claimed already).
    expect((await listCountedGames(em(), user)).map((g) => g.replayId)).toEqual([a, b]);

    // Idempotent: nothing new, nothing rewritten; Settings names the claim by its latest name.
    expect(await ensureHeaderClaims(em(), user, [{ replayId: a, playerKey: `steam:${ME}` }])).toEqual([]);
    const ids = await listClaimedIds(em(), user);
    expect(ids.map((c) => [c.playerKey, c.name, c.replays])).toEqual([[`steam:${ME}`, 'Me now', 3]]);
  });
});

describe('stat periods', () => {
  it('defaults to the shortest preset with games and reads only that window', async () => {
    const user = await addUser('Recent');
    const old = await addReplay(user, ago(100));
    const mid = await addReplay(user, ago(40));
    const recent = await addReplay(user, ago(20));
    await ensureHeaderClaims(em(), user, [{ replayId: old, playerKey: `steam:${ME}` }]);

    const p = await resolveStatPeriod(em(), user, null, { now: NOW });
    expect(p.key).toBe('last30');
    expect(p.isDefault).toBe(true);
    expect(p.counts).toEqual({ last7: 0, last30: 1, last90: 2, all: 3 });
    expect(p.games).toBe(1);
    expect(p.current).toEqual({ from: ago(30), to: null });
    expect(p.previous).toEqual({ from: ago(60), to: ago(30) });
    const trend = await listTrendValues(em(), user, { kind: 'winRate' }, p.current);
    expect(trend.map((t) => [t.replayId, t.value])).toEqual([[recent, 100]]);
    const both = await listCountedGames(em(), user, { from: p.previous!.from, to: p.current.to });
    expect(both.map((g) => [g.replayId, g.result])).toEqual([
      [recent, 'win'],
      [mid, 'win'],
    ]);
  });

  it('falls back to all time when every game is older than 90 days (a player returning after a break)', async () => {
    const user = await addUser('Returning');
    const a = await addReplay(user, ago(120));
    const b = await addReplay(user, ago(400));
    await ensureHeaderClaims(em(), user, [{ replayId: a, playerKey: `steam:${ME}` }]);

    const p = await resolveStatPeriod(em(), user, null, { now: NOW });
    expect([p.key, p.games, p.previous]).toEqual(['all', 2, null]);
    expect(p.current).toEqual({ from: null, to: null });
    const trend = await listTrendValues(em(), user, { kind: 'stat', path: 'core.goals' }, p.current);
    expect(trend.map((t) => t.replayId)).toEqual([b, a]);
    // An explicit preset is kept even when empty.
    const week = await resolveStatPeriod(em(), user, { key: 'last7' }, { now: NOW });
    expect([week.key, week.isDefault, week.games]).toEqual(['last7', false, 0]);
    expect(await listTrendValues(em(), user, { kind: 'winRate' }, week.current)).toEqual([]);
  });

  it('reads a custom range as whole days in the user time zone, with the same length before it', async () => {
    const user = await addUser('Custom', TZ);
    // 03:00 UTC on 15 Jan is 22:00 on 14 Jan in New York.
    const late = await addReplay(user, new Date('2026-01-15T03:00:00Z'));
    const before = await addReplay(user, new Date('2026-01-12T15:00:00Z'));
    await ensureHeaderClaims(em(), user, [{ replayId: late, playerKey: `steam:${ME}` }]);

    const p = await resolveStatPeriod(
      em(),
      user,
      { key: 'custom', from: '2026-01-14', to: '2026-01-14' },
      { now: NOW, timeZone: TZ },
    );
    expect(p.key).toBe('custom');
    expect(p.custom).toEqual({ from: '2026-01-14', to: '2026-01-14' });
    expect(p.current).toEqual({
      from: new Date('2026-01-14T05:00:00Z'),
      to: new Date('2026-01-15T05:00:00Z'),
    });
    expect(p.previous).toEqual({
      from: new Date('2026-01-13T05:00:00Z'),
      to: new Date('2026-01-14T05:00:00Z'),
    });
    expect(p.games).toBe(1);
    expect((await listCountedGames(em(), user, p.current)).map((g) => g.replayId)).toEqual([late]);

    const next = await resolveStatPeriod(
      em(),
      user,
      { key: 'custom', from: '2026-01-15', to: '2026-01-31' },
      { now: NOW, timeZone: TZ },
    );
    expect(next.games).toBe(0);
    const wide = await resolveStatPeriod(
      em(),
      user,
      { key: 'custom', from: '2026-01-01', to: '2026-01-31' },
      { now: NOW, timeZone: TZ },
    );
    expect((await listCountedGames(em(), user, wide.current)).map((g) => g.replayId)).toEqual([late, before]);
  });

  it('reads a competitive season by its dates, with the season before as the previous window', async () => {
    const user = await addUser('Seasonal');
    // Season 20 began 2025-09-17 16:00 UTC, season 21 on 2025-12-10, season 19 on 2025-06-18.
    const inS20 = await addReplay(user, new Date('2025-09-25T14:33:00Z'));
    const edge = await addReplay(user, new Date('2025-09-17T15:59:00Z')); // still season 19
    const inS21 = await addReplay(user, new Date('2025-12-10T16:00:00Z'));
    await ensureHeaderClaims(em(), user, [{ replayId: inS20, playerKey: `steam:${ME}` }]);

    const p = await resolveStatPeriod(em(), user, { key: 'season', season: 's20' }, { now: NOW });
    expect([p.key, p.isDefault, p.season, p.games]).toEqual([
      'season',
      false,
      { id: 's20', label: 'Season 20' },
      1,
    ]);
    expect(p.current).toEqual({
      from: new Date('2025-09-17T16:00:00Z'),
      to: new Date('2025-12-10T16:00:00Z'),
    });
    expect(p.previous).toEqual({
      from: new Date('2025-06-18T16:00:00Z'),
      to: new Date('2025-09-17T16:00:00Z'),
    });
    expect((await listCountedGames(em(), user, p.current)).map((g) => g.replayId)).toEqual([inS20]);
    // The picker lists the seasons holding games, newest first.
    expect(p.seasons).toEqual([
      { id: 's21', label: 'Season 21', games: 1 },
      { id: 's20', label: 'Season 20', games: 1 },
      { id: 's19', label: 'Season 19', games: 1 },
    ]);
    const latest = await resolveStatPeriod(em(), user, { key: 'season', season: 's21' }, { now: NOW });
    expect((await listCountedGames(em(), user, latest.current)).map((g) => g.replayId)).toEqual([inS21]);
    const before = await resolveStatPeriod(em(), user, { key: 'season', season: 's19' }, { now: NOW });
    expect((await listCountedGames(em(), user, before.current)).map((g) => g.replayId)).toEqual([edge]);
    await expect(
      resolveStatPeriod(em(), user, { key: 'season', season: 's999' }, { now: NOW }),
    ).rejects.toBeInstanceOf(PeriodChoiceError);
  });

  it('refuses a custom range that is not two real days in order, with a typed error', async () => {
    const user = await addUser('Typo');
    const bad = [
      { from: '2026-02-30', to: '2026-03-01' },
      { from: '2026-03-02', to: '2026-03-01' },
      { from: '', to: '2026-03-01' },
      { from: "2026-01-01'; drop table replays; --", to: '2026-03-01' },
    ];
    for (const range of bad)
      await expect(
        resolveStatPeriod(em(), user, { key: 'custom', ...range }, { now: NOW }),
      ).rejects.toBeInstanceOf(PeriodChoiceError);
    expect(await em().count(Replay)).toBeGreaterThan(0);
  });
});
