// The web side of the dashboard reads for a user owning 520 replays, against a real migrated
// Postgres: URL params → db's list page → the page's rows, Home, sessions and every Trends metric
// the page offers, checked against an independent in-test oracle. Every filter, sort and paging
// rule of the queries themselves is tested in db/test/dashboard-reads.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MAPS,
  N,
  TZ,
  oracleSort,
  seedGeneratedLibrary,
  type Match,
} from '@rlcoach/db/testing/generated-library';
import type { EntityManager } from '@rlcoach/db';
import { createTestDatabase, type TestDatabase } from '@rlcoach/db/testing';
import { loadReplayPage } from '../../src/lib/server/dashboard/replay-page';
import { loadHome, loadSessions } from '../../src/lib/server/dashboard/summaries';
import { loadTrendValues } from '../../src/lib/server/dashboard/trend-values';
import { parseQuery, type ReplayQuery } from '../../src/lib/replays/query';
import { sessionIdFor } from '../../src/lib/sessions/group';
import { TREND_METRICS } from '../../src/lib/trends/metrics';

let db: TestDatabase;
let userId: string;
let otherId: string;
let matches: Match[];

beforeAll(async () => {
  db = await createTestDatabase('replay-page');
  ({ userId, otherId, matches } = await seedGeneratedLibrary(db));
}, 120_000);

afterAll(async () => {
  await db?.drop();
});

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
