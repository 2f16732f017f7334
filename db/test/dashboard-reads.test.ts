// db's dashboard reads over the stored summaries of a user owning 520 replays, against a real
// migrated Postgres: the replays list (every filter, every sort, paging), Home aggregates, stored
// sessions and trend values, each checked against an independent in-test oracle built from the
// same generated matches, and the typed camelCase rows they return.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MAPS,
  N,
  TZ,
  oracleSort,
  seedGeneratedLibrary,
  type Match,
} from '../src/testing/generated-library.js';
import {
  REPLAY_LIST_SORTS,
  UnknownTrendMetricError,
  listPlaySessionChoices,
  listPlaySessions,
  listTrendValues,
  readHomeAggregates,
  readReplayListPage,
  type EntityManager,
  type ReplayListQuery,
  type ReplayListSort,
  type TrendMetric,
} from '../src/index.js';
import { sessionIdFor } from '../src/repositories/session-grouping.js';
import { createTestDatabase, type TestDatabase } from '../src/testing.js';

let db: TestDatabase;
let userId: string;
let otherId: string;
let matches: Match[];

beforeAll(async () => {
  db = await createTestDatabase('dashboard-reads');
  ({ userId, otherId, matches } = await seedGeneratedLibrary(db));
}, 120_000);

afterAll(async () => {
  await db?.drop();
});

const dayIn = (iso: string) =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: TZ,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(iso));

/** A list query from URL-style params (the web app validates them the same way before calling db). */
function query(params: string): ReplayListQuery {
  const p = new URLSearchParams(params);
  const text = (k: string) => p.get(k) ?? null;
  return {
    playlist: text('playlist'),
    result: (p.get('result')?.toLowerCase() ?? null) as ReplayListQuery['result'],
    map: text('map'),
    from: text('from'),
    to: text('to'),
    session: text('session'),
    sort: (p.get('sort') ?? 'date') as ReplayListSort,
    dir: p.get('dir') === 'asc' ? 'asc' : 'desc',
    page: Number(p.get('page') ?? '1'),
  };
}
const ids = (list: Array<{ id?: string }>) => list.map((m) => m.id);
const rowIds = (list: Array<{ replayId: string }>) => list.map((r) => r.replayId);
const page = (em: EntityManager, user: string, q: ReplayListQuery, tz: string, size = 25) =>
  readReplayListPage(em, user, q, tz, size);

async function allPages(em: EntityManager, q: ReplayListQuery, size = 25): Promise<string[]> {
  const out: string[] = [];
  for (let n = 1; ; n++) {
    const p = await readReplayListPage(em, userId, { ...q, page: n }, TZ, size);
    out.push(...rowIds(p.rows));
    if (n >= p.pages) return out;
  }
}

// ---- tests --------------------------------------------------------------------------------

describe('replays list in Postgres (user with 520 replays)', () => {
  it('serves one page, newest first, with totals and filter choices from the whole library', async () => {
    const p = await page(db.orm.em.fork(), userId, query(''), TZ);
    expect(p.rows).toHaveLength(25);
    expect(p).toMatchObject({ total: N, libraryTotal: N, page: 1, pages: Math.ceil(N / 25) });
    expect(rowIds(p.rows)).toEqual(ids(oracleSort(matches, 'date', 'desc').slice(0, 25)));
    expect(p.maps).toEqual(MAPS.map(([, name]) => name).sort((a, b) => a.localeCompare(b)));
    expect(p.playlists).toEqual(['2v2 Online', 'Ranked Doubles', 'Ranked Duel']);
    expect((await listPlaySessionChoices(db.orm.em.fork(), userId)).length).toBeGreaterThan(100);
  });

  it.each(REPLAY_LIST_SORTS.flatMap((sort) => (['asc', 'desc'] as const).map((dir) => [sort, dir] as const)))(
    'sorts by %s %s across pages',
    async (sort, dir) => {
      const em = db.orm.em.fork();
      const expected = ids(oracleSort(matches, sort, dir));
      const p3 = await page(em, userId, query(`sort=${sort}&dir=${dir}&page=3`), TZ);
      expect(rowIds(p3.rows)).toEqual(expected.slice(50, 75));
      expect(await allPages(em, query(`sort=${sort}&dir=${dir}`), 100)).toEqual(expected);
    },
  );

  it('filters by playlist and map in any letter case', async () => {
    const em = db.orm.em.fork();
    const duel = matches.filter((m) => m.playlist === 'Ranked Duel');
    for (const v of ['Ranked Duel', 'ranked duel', 'RANKED DUEL']) {
      const p = await page(em, userId, query(`playlist=${encodeURIComponent(v)}`), TZ, 1000);
      expect(p.total).toBe(duel.length);
      expect(rowIds(p.rows)).toEqual(ids(oracleSort(duel, 'date', 'desc')));
    }
    const aqua = matches.filter((m) => m.map === 'Aquadome');
    const p = await page(em, userId, query('map=aquadome&sort=length&dir=asc'), TZ, 1000);
    expect(rowIds(p.rows)).toEqual(ids(oracleSort(aqua, 'length', 'asc')));
  });

  it.each(['win', 'loss', 'draw', 'unknown', 'WIN', 'Loss'])('filters by result %s', async (v) => {
    const want = v.toLowerCase() === 'unknown' ? null : v.toLowerCase();
    const expected = matches.filter((m) => m.result === want);
    expect(expected.length).toBeGreaterThan(10);
    const p = await page(db.orm.em.fork(), userId, query(`result=${v}`), TZ, 1000);
    expect(p.total).toBe(expected.length);
    expect(rowIds(p.rows)).toEqual(ids(oracleSort(expected, 'date', 'desc')));
  });

  it('filters by a date range on match days in the user’s time zone', async () => {
    const from = dayIn(matches[100]!.playedAt!);
    const to = dayIn(matches[40]!.playedAt!);
    const expected = matches.filter(
      (m) => m.playedAt && dayIn(m.playedAt) >= from && dayIn(m.playedAt) <= to,
    );
    // Late-evening UTC games fall on the previous New York day: the zone matters here.
    expect(expected.map((m) => m.playedAt!.slice(0, 10))).not.toEqual(
      expected.map((m) => dayIn(m.playedAt!)),
    );
    const em = db.orm.em.fork();
    const p = await page(em, userId, query(`from=${from}&to=${to}`), TZ, 1000);
    expect(rowIds(p.rows)).toEqual(ids(oracleSort(expected, 'date', 'desc')));
    const only = await page(
      em,
      userId,
      query(`from=${to}&to=${to}&result=win&playlist=ranked+doubles`),
      TZ,
      1000,
    );
    expect(rowIds(only.rows)).toEqual(
      ids(
        oracleSort(
          expected.filter(
            (m) => dayIn(m.playedAt!) === to && m.result === 'win' && m.playlist === 'Ranked Doubles',
          ),
          'date',
          'desc',
        ),
      ),
    );
  });

  it('filters by stored play session', async () => {
    // Group 7 (i = 28…31) holds i = 31, a match the user did not play in: listed, but no game of the session.
    const group = matches.filter((m) => m.group === 7 && m.playedAt && m.plays);
    expect(group).toHaveLength(3);
    const sid = sessionIdFor(group[0]!.playedAt!);
    const p = await page(db.orm.em.fork(), userId, query(`session=${sid}&sort=date&dir=asc`), TZ);
    expect(rowIds(p.rows)).toEqual(ids(group));
  });

  it('walks every page of a filtered query exactly once and clamps a page past the end', async () => {
    const em = db.orm.em.fork();
    const q = query('playlist=Ranked+Doubles&sort=result');
    const expected = ids(
      oracleSort(
        matches.filter((m) => m.playlist === 'Ranked Doubles'),
        'result',
        'desc',
      ),
    );
    const walked = await allPages(em, q);
    expect(walked).toEqual(expected);
    expect(new Set(walked).size).toBe(walked.length);
    const past = await page(em, userId, { ...q, page: 999 }, TZ);
    expect(past.page).toBe(past.pages);
    expect(rowIds(past.rows)).toEqual(expected.slice((past.pages - 1) * 25));
  });

  it('shows another owner only their replays, with no result where they are not a player', async () => {
    const p = await page(db.orm.em.fork(), otherId, query(''), 'UTC', 1000);
    expect(p.total).toBe(10);
    expect(p.rows.every((r) => r.result === null && !r.mine)).toBe(true);
    const mine = new Set(matches.map((m) => m.id));
    expect(p.rows.every((r) => mine.has(r.replayId))).toBe(true);
  });
});

describe('Home, sessions and trends from the stored summaries (520 replays)', () => {
  const counted = () => matches.filter((m) => m.result !== null);

  it('aggregates Home in SQL: counted games, per-game averages, last 20 decided, newest rows', async () => {
    const home = await readHomeAggregates(db.orm.em.fork(), userId, [
      'core.goals',
      'core.saves',
      'demo.inflicted',
    ]);
    const mine = counted();
    expect(home.totalReplays).toBe(N);
    expect(home.myGames).toBe(mine.length);
    expect(home.averages['core.goals']).toBeCloseTo(
      mine.reduce((s, m) => s + m.myGoals!, 0) / mine.length,
      9,
    );
    expect(home.averages['core.saves']).toBe(1);
    expect(home.averages['demo.inflicted']).toBeNull(); // no report carried it
    expect(Object.keys(home.averages).sort()).toEqual(['core.goals', 'core.saves', 'demo.inflicted']);
    const last20 = oracleSort(mine, 'date', 'desc').slice(0, 20);
    expect(home.lastResults).toEqual(last20.map((m) => m.result));
    expect(rowIds(home.recent)).toEqual(ids(oracleSort(matches, 'date', 'desc').slice(0, 5)));
    // No stat requested: still the counts, no averages.
    const bare = await readHomeAggregates(db.orm.em.fork(), userId, []);
    expect(bare).toMatchObject({ totalReplays: N, myGames: mine.length, averages: {} });
  });

  it('returns typed camelCase list rows: dates as Date, stats by metric path, "mine" only where counted', async () => {
    const p = await page(db.orm.em.fork(), userId, query(''), TZ, 1000);
    const byId = new Map(matches.map((m) => [m.id!, m]));
    for (const r of p.rows) {
      const m = byId.get(r.replayId)!;
      expect(r.uploadedAt).toEqual(new Date('2026-11-21T00:00:00Z'));
      expect(r.playedAt?.toISOString() ?? null).toBe(m.playedAt);
      expect(r.mapName).toBe(m.map);
      expect(r.playlist).toBe(m.playlist);
      expect(r.durationSeconds).toBe(m.duration);
      expect(r.mine).toBe(m.result !== null);
      expect(r.result).toBe(m.result);
      expect(r.stats['core.goals']).toBe(m.myGoals);
      expect(r.status).toBe(m.i % 10 === 7 ? 'queued' : 'analysed');
      expect(r.hasReport).toBe(m.i % 10 !== 7);
      expect(r).not.toHaveProperty('me'); // the list never carries the stored blocks
    }
    expect(Object.keys(p.rows[0]!.stats)).toContain('positioning.percent_offensive_third');
  });

  it('reads the stored sessions with their games and records', async () => {
    const sessions = await listPlaySessions(db.orm.em.fork(), userId);
    const groups = new Map<number, Match[]>();
    // Sessions are the user's play: dated matches they play in only.
    for (const m of matches)
      if (m.playedAt && m.plays) groups.set(m.group, [...(groups.get(m.group) ?? []), m]);
    expect(sessions).toHaveLength(groups.size);
    for (const s of sessions.slice(0, 30)) {
      const g = [...groups.values()].find((x) => sessionIdFor(x[0]!.playedAt!) === s.id)!;
      expect(rowIds(s.replays)).toEqual(ids(g));
      expect(s.startedAt).toEqual(new Date(g[0]!.playedAt!));
      expect(s.games).toBe(g.length);
      expect(s.wins).toBe(g.filter((m) => m.result === 'win').length);
      expect(s.losses).toBe(g.filter((m) => m.result === 'loss').length);
    }
    const one = await listPlaySessions(db.orm.em.fork(), userId, sessions[3]!.id);
    expect(one).toEqual([sessions[3]]);
    expect(await listPlaySessions(db.orm.em.fork(), otherId)).toEqual([]);
  });

  it('gives Trends every counted, dated game with only the chosen metric, read in SQL, and its session', async () => {
    const expected = oracleSort(
      counted().filter((m) => m.playedAt),
      'date',
      'asc',
    );
    const load = (metric: TrendMetric) => listTrendValues(db.orm.em.fork(), userId, metric);
    const stat = (path: string): TrendMetric => ({ kind: 'stat', path });
    const goals = await load(stat('core.goals')); // a summary column
    expect(rowIds(goals)).toEqual(ids(expected));
    expect(goals.map((g) => g.value)).toEqual(expected.map((m) => m.myGoals));
    expect(Object.keys(goals[0]!).sort()).toEqual(['playedAt', 'playlist', 'replayId', 'sessionId', 'value']);
    expect(goals[0]!.playedAt).toEqual(new Date(expected[0]!.playedAt!));
    // Not a column: one path of the stored stats JSON; a game without it gives null, not 0.
    const bpm = await load(stat('boost.bpm'));
    expect(bpm.map((g) => g.value)).toEqual(expected.map((m) => (m.i % 4 === 0 ? null : 200 + m.i)));
    const jumps = await load(stat('mechanics.jumps'));
    expect(jumps.map((g) => g.value)).toEqual(expected.map((m) => m.i % 7));
    const win = await load({ kind: 'winRate' });
    expect(win.map((g) => g.value)).toEqual(
      expected.map((m) => (m.result === 'win' ? 100 : m.result === 'loss' ? 0 : null)),
    );
    const first = expected[0]!;
    expect(goals[0]!.sessionId).toBe(
      sessionIdFor(matches.filter((m) => m.group === first.group && m.playedAt && m.plays)[0]!.playedAt!),
    );
    // Anything that is not a `block.field` path never reaches the SQL text.
    for (const bad of ["core.goals'}", 'core', 'a.b.c', 'Core.Goals', ''])
      await expect(load(stat(bad))).rejects.toBeInstanceOf(UnknownTrendMetricError);
  });
});
