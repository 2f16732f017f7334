// The web side of the dashboard reads for a user owning 520 replays, against a real migrated
// Postgres: URL params → db's list page → the page's rows, Home, sessions and every Trends metric
// the page offers, checked against an independent in-test oracle. Every filter, sort and paging
// rule of the queries themselves is tested in db/test/dashboard-reads.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Replay, ReplayResult, User, UserKind, syncUserSummaries, type EntityManager } from '@rlcoach/db';
import { refreshPlayerKeys } from '@rlcoach/db/auth/player-identity';
import { createTestDatabase, type TestDatabase } from '@rlcoach/db/testing';
import { loadReplayPage } from '../../src/lib/server/dashboard/replay-page';
import { loadHome, loadSessions } from '../../src/lib/server/dashboard/summaries';
import { loadTrendValues } from '../../src/lib/server/dashboard/trend-values';
import { parseQuery, type ReplayQuery, type SortKey } from '../../src/lib/replays/query';
import { sessionIdFor } from '../../src/lib/sessions/group';
import { TREND_METRICS } from '../../src/lib/trends/metrics';

const N = 520;
const TZ = 'America/New_York';
const MY_ID = '76561198000000042';
const MAPS = [
  ['stadium_p', 'DFH Stadium'],
  ['eurostadium_p', 'Mannfield'],
  ['park_p', 'Beckwith Park'],
  ['underwater_p', 'Aquadome'],
  ['neotokyo_standard_p', 'Neo Tokyo'],
] as const;
const BASE = Date.parse('2026-11-20T23:30:00Z');

/** One generated match and what the list must say about it. */
interface Match {
  i: number;
  id?: string;
  playedAt: string | null;
  map: string;
  playlist: string;
  result: 'win' | 'loss' | 'draw' | null;
  duration: number;
  myGoals: number | null;
  /** Four games 10 minutes apart, groups 6 hours apart. */
  group: number;
  /** The user plays in it (their id is in the header): it counts, so it is a game of a session. */
  plays: boolean;
}

/** Blue and orange goals: a mix of wins, losses and draws for either team. */
const goalsOf = (i: number): [number, number] => [(i * 7) % 4, Math.floor(i / 3) % 4];

function generate(i: number): Match {
  const group = Math.floor(i / 4);
  const undated = i % 50 === 49;
  const analysed = i % 10 !== 7;
  const isMe = i % 13 !== 5;
  const team = i % 2 ? 'orange' : 'blue';
  const [blue, orange] = goalsOf(i);
  const mine = team === 'blue' ? blue : orange;
  const theirs = team === 'blue' ? orange : blue;
  const counted = analysed && isMe;
  return {
    i,
    playedAt: undated ? null : new Date(BASE - group * 6 * 3600_000 + (i % 4) * 600_000).toISOString(),
    map: MAPS[i % MAPS.length]![1],
    playlist: !analysed ? '2v2 Online' : i % 3 === 0 ? 'Ranked Duel' : 'Ranked Doubles',
    result: counted ? (mine > theirs ? 'win' : mine < theirs ? 'loss' : 'draw') : null,
    duration: 200 + ((i * 37) % 300),
    myGoals: counted ? i % 5 : null,
    group,
    plays: isMe,
  };
}

function headerOf(m: Match): Record<string, unknown> {
  const [blue, orange] = goalsOf(m.i);
  const me = m.i % 13 !== 5;
  return {
    mapCode: MAPS[m.i % MAPS.length]![0],
    mapName: m.map,
    playedAt: m.playedAt,
    dateLocal: null,
    matchType: 'Online',
    teamSize: 2,
    blueGoals: blue,
    orangeGoals: orange,
    durationSeconds: m.duration,
    players: [
      { name: 'Me', team: m.i % 2, platform: 'steam', platformId: me ? MY_ID : '76561198000000999' },
      { name: 'Rival', team: 1 - (m.i % 2), platform: 'steam', platformId: '76561198000000777' },
    ],
  };
}

function reportOf(m: Match): Record<string, unknown> {
  const h = headerOf(m);
  const players = (
    h.players as Array<{ name: string; team: number; platform: string; platformId: string }>
  ).map((p, k) => ({
    name: p.name,
    platform: p.platform,
    platform_id: p.platformId,
    team: p.team === 0 ? 'blue' : 'orange',
    stats: {
      core: { goals: k === 0 ? m.i % 5 : 9, saves: 1 },
      // bpm (no summary column) is missing from every fourth match.
      boost: m.i % 4 === 0 ? { bcpm: 300 + m.i } : { bcpm: 300 + m.i, bpm: 200 + m.i },
    },
    mechanics: k === 0 ? { jumps: m.i % 7 } : null,
  }));
  return {
    match: { playlist_id: m.i % 3 === 0 ? 10 : 11, team_size: 2 },
    teams: { blue: { goals: h.blueGoals }, orange: { goals: h.orangeGoals } },
    players,
  };
}

let db: TestDatabase;
let userId: string;
let otherId: string;
const matches: Match[] = Array.from({ length: N }, (_, i) => generate(i));

beforeAll(async () => {
  db = await createTestDatabase('replay-page');
  const em = db.orm.em.fork();
  const u = em.create(User, { displayName: 'Many', kind: UserKind.Member } as User);
  const v = em.create(User, { displayName: 'Other', kind: UserKind.Member } as User);
  for (const m of matches) {
    const r = em.create(Replay, {
      fileSha256: m.i.toString(16).padStart(64, '0'),
      storageKey: `x/${m.i}.replay`,
      sizeBytes: 1000,
      header: headerOf(m),
      playedAt: m.playedAt ? new Date(m.playedAt) : null,
      mapCode: MAPS[m.i % MAPS.length]![0],
      status: m.i % 10 === 7 ? 'queued' : 'analysed',
    } as unknown as Replay);
    m.id = r.id;
    if (m.i % 10 !== 7)
      em.create(ReplayResult, {
        replay: r,
        scoreboard: {},
        report: reportOf(m),
        network: {},
        framesDecoded: 1,
        framesTotal: 1,
      } as unknown as ReplayResult);
  }
  await em.flush();
  userId = u.id;
  otherId = v.id;
  const conn = em.getConnection();
  // Same upload time for every ownership, so ties fall back to the replay id (checked by the oracle).
  await conn.execute(
    `insert into replay_ownerships (user_id, replay_id, created_at)
     select ?::uuid, id, '2026-11-21T00:00:00Z' from replays`,
    [userId],
  );
  await conn.execute(
    `insert into replay_ownerships (user_id, replay_id, created_at)
     select ?::uuid, id, '2026-11-21T00:00:00Z' from replays order by id limit 10`,
    [otherId],
  );
  await conn.execute(
    `insert into player_claims (user_id, player_key, replay_id, created_at) values (?, ?, ?, now())`,
    [userId, `steam:${MY_ID}`, matches[0]!.id],
  );
  await conn.execute(
    `insert into user_preferences (user_id, session_gap_minutes, time_zone, ranks, updated_at) values (?, 30, ?, '{}', now())`,
    [userId, TZ],
  );
  await refreshPlayerKeys(em, userId);
  // The backfill path: every row from the stored header, report and ownership.
  await em.transactional((tx) => syncUserSummaries(tx, userId));
  await em.transactional((tx) => syncUserSummaries(tx, otherId));
}, 120_000);

afterAll(async () => {
  await db?.drop();
});

// ---- oracle -------------------------------------------------------------------------------

const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
/** Newest match first, undated last, then replay id (all uploads share one time). */
const newestFirst = (a: Match, b: Match) => {
  if (a.playedAt === null || b.playedAt === null)
    return a.playedAt === b.playedAt ? cmp(a.id!, b.id!) : a.playedAt === null ? 1 : -1;
  return cmp(b.playedAt, a.playedAt) || cmp(a.id!, b.id!);
};
const RANK = { win: 0, draw: 1, loss: 2 } as const;

function oracleSort(list: Match[], sort: SortKey, dir: 'asc' | 'desc'): Match[] {
  const s = dir === 'asc' ? 1 : -1;
  const by = (a: Match, b: Match): number => {
    switch (sort) {
      case 'date':
        return dir === 'desc'
          ? newestFirst(a, b)
          : a.playedAt === null || b.playedAt === null
            ? newestFirst(a, b)
            : cmp(a.playedAt, b.playedAt) || cmp(a.id!, b.id!);
      case 'map':
        return s * cmp(a.map.toLowerCase(), b.map.toLowerCase()) || newestFirst(a, b);
      case 'playlist':
        return s * cmp(a.playlist.toLowerCase(), b.playlist.toLowerCase()) || newestFirst(a, b);
      case 'result': {
        if ((a.result === null) !== (b.result === null)) return a.result === null ? 1 : -1;
        const r = a.result && b.result ? -s * (RANK[a.result] - RANK[b.result]) : 0;
        return r || newestFirst(a, b);
      }
      case 'length':
        return s * (a.duration - b.duration) || newestFirst(a, b);
    }
  };
  return [...list].sort(by);
}

const query = (params: string): ReplayQuery => parseQuery(new URLSearchParams(params));
const ids = (list: Array<{ id?: string }>) => list.map((m) => m.id);

async function allPages(em: EntityManager, q: ReplayQuery, size = 25): Promise<string[]> {
  const out: string[] = [];
  for (let page = 1; ; page++) {
    const p = await loadReplayPage(em, userId, { ...q, page }, TZ, size);
    out.push(...p.rows.map((r) => r.id));
    if (page >= p.pages) return out;
  }
}

// ---- tests --------------------------------------------------------------------------------

describe('replays list in Postgres (user with 520 replays)', () => {
  it('serves one page, newest first, with totals and filter choices from the whole library', async () => {
    const p = await loadReplayPage(db.orm.em.fork(), userId, query(''), TZ);
    expect(p.rows).toHaveLength(25);
    expect(p).toMatchObject({ total: N, libraryTotal: N, page: 1, pages: Math.ceil(N / 25) });
    expect(ids(p.rows)).toEqual(ids(oracleSort(matches, 'date', 'desc').slice(0, 25)));
    expect(p.maps).toEqual(MAPS.map(([, name]) => name).sort((a, b) => a.localeCompare(b)));
    expect(p.playlists).toEqual(['2v2 Online', 'Ranked Doubles', 'Ranked Duel']);
    expect(p.sessions.length).toBeGreaterThan(100);
  });

  it('passes the URL’s sort, direction and page through to db', async () => {
    const em = db.orm.em.fork();
    const expected = ids(oracleSort(matches, 'result', 'asc'));
    const p3 = await loadReplayPage(em, userId, query('sort=RESULT&dir=asc&page=3'), TZ);
    expect(ids(p3.rows)).toEqual(expected.slice(50, 75));
    expect(await allPages(em, query('sort=result&dir=asc'), 100)).toEqual(expected);
  });

  it.each(['win', 'loss', 'draw', 'unknown', 'WIN', 'Loss'])('filters by result %s', async (v) => {
    const want = v.toLowerCase() === 'unknown' ? null : v.toLowerCase();
    const expected = matches.filter((m) => m.result === want);
    expect(expected.length).toBeGreaterThan(10);
    const p = await loadReplayPage(db.orm.em.fork(), userId, query(`result=${v}`), TZ, 1000);
    expect(p.total).toBe(expected.length);
    expect(ids(p.rows)).toEqual(ids(oracleSort(expected, 'date', 'desc')));
  });

  it('shows another owner only their replays, with no result where they are not a player', async () => {
    const p = await loadReplayPage(db.orm.em.fork(), otherId, query(''), 'UTC', 1000);
    expect(p.total).toBe(10);
    expect(p.rows.every((r) => r.result === null && r.me === null)).toBe(true);
    const mine = new Set(matches.map((m) => m.id));
    expect(p.rows.every((r) => mine.has(r.id))).toBe(true);
  });
});

describe('Home, sessions and trends from the stored summaries (520 replays)', () => {
  const counted = () => matches.filter((m) => m.result !== null);

  it('aggregates Home in SQL: counted games, per-game averages, last 20 decided', async () => {
    const home = await loadHome(db.orm.em.fork(), userId);
    const mine = counted();
    expect(home.totalReplays).toBe(N);
    expect(home.myGames).toBe(mine.length);
    expect(home.averages['core.goals']).toBeCloseTo(
      mine.reduce((s, m) => s + m.myGoals!, 0) / mine.length,
      9,
    );
    expect(home.averages['core.saves']).toBe(1);
    expect(home.averages['demo.inflicted']).toBeNull(); // no report carried it
    const last20 = oracleSort(mine, 'date', 'desc').slice(0, 20);
    expect(home.last20.wins).toBe(last20.filter((m) => m.result === 'win').length);
    expect(home.last20.losses).toBe(last20.filter((m) => m.result === 'loss').length);
    expect(ids(home.recent)).toEqual(ids(oracleSort(matches, 'date', 'desc').slice(0, 5)));
  });

  it('reads the stored sessions with their games and records', async () => {
    const sessions = await loadSessions(db.orm.em.fork(), userId);
    const groups = new Map<number, Match[]>();
    // Sessions are the user's play: dated matches they play in only.
    for (const m of matches)
      if (m.playedAt && m.plays) groups.set(m.group, [...(groups.get(m.group) ?? []), m]);
    expect(sessions).toHaveLength(groups.size);
    for (const s of sessions.slice(0, 30)) {
      const g = [...groups.values()].find((x) => sessionIdFor(x[0]!.playedAt!) === s.id)!;
      expect(ids(s.matches)).toEqual(ids(g));
      expect(s.wins).toBe(g.filter((m) => m.result === 'win').length);
      expect(s.losses).toBe(g.filter((m) => m.result === 'loss').length);
    }
  });

  it('gives Trends every counted, dated game with only the chosen metric, read in SQL, and its session', async () => {
    const expected = oracleSort(
      counted().filter((m) => m.playedAt),
      'date',
      'asc',
    );
    const load = (key: string) => loadTrendValues(db.orm.em.fork(), userId, key);
    const goals = await load('core.goals'); // a summary column
    expect(goals.map((g) => g.id)).toEqual(ids(expected));
    expect(goals.map((g) => g.value)).toEqual(expected.map((m) => m.myGoals));
    expect(Object.keys(goals[0]!).sort()).toEqual(['id', 'playedAt', 'playlist', 'sessionId', 'value']);
    // Not a column: one path of the stored stats JSON; a game without it gives null, not 0.
    const bpm = await load('boost.bpm');
    expect(bpm.map((g) => g.value)).toEqual(expected.map((m) => (m.i % 4 === 0 ? null : 200 + m.i)));
    const jumps = await load('mechanics.jumps');
    expect(jumps.map((g) => g.value)).toEqual(expected.map((m) => m.i % 7));
    const win = await load('win');
    expect(win.map((g) => g.value)).toEqual(
      expected.map((m) => (m.result === 'win' ? 100 : m.result === 'loss' ? 0 : null)),
    );
    // Every metric the Trends page offers is read without error (unknown keys never reach db).
    for (const m of TREND_METRICS) await expect(load(m.key)).resolves.toHaveLength(expected.length);
    const first = expected[0]!;
    expect(goals[0]!.sessionId).toBe(
      sessionIdFor(matches.filter((m) => m.group === first.group && m.playedAt && m.plays)[0]!.playedAt!),
    );
  });
});
