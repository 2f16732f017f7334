/**
 * Test support (like ../testing.ts: for every package's tests, never imported by production code):
 * a generated library of 520 matches owned by one user (and 10 of them by another), seeded into a
 * test database as stored rows, plus an independent in-test oracle of how the replays list must
 * sort them. db's dashboard-read tests and web's page tests check their queries against it.
 */
import { refreshPlayerKeys } from '../auth/player-identity.js';
import { Replay, ReplayResult, User, UserKind } from '../entities/index.js';
import { syncUserSummaries } from '../repositories/summary-repository.js';
import type { TestDatabase } from '../testing.js';

export const N = 520;
export const TZ = 'America/New_York';
export const MY_ID = '76561198000000042';
export const MAPS = [
  ['stadium_p', 'DFH Stadium'],
  ['eurostadium_p', 'Mannfield'],
  ['park_p', 'Beckwith Park'],
  ['underwater_p', 'Aquadome'],
  ['neotokyo_standard_p', 'Neo Tokyo'],
] as const;
export const BASE = Date.parse('2026-11-20T23:30:00Z');

/** One generated match and what the list must say about it. */
export interface Match {
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
export const goalsOf = (i: number): [number, number] => [(i * 7) % 4, Math.floor(i / 3) % 4];

export function generate(i: number): Match {
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

export function headerOf(m: Match): Record<string, unknown> {
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

export function reportOf(m: Match): Record<string, unknown> {
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

export interface GeneratedLibrary {
  userId: string;
  otherId: string;
  /** The generated matches, each with the id of its stored replay. */
  matches: Match[];
}

/** Store the generated library in `db` (summaries built through the backfill path). */
export async function seedGeneratedLibrary(db: TestDatabase): Promise<GeneratedLibrary> {
  const matches: Match[] = Array.from({ length: N }, (_, i) => generate(i));
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
  const userId = u.id;
  const otherId = v.id;
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
  return { userId, otherId, matches };
}

// ---- oracle ---------------------------------------------------------------------------------

export const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
/** Newest match first, undated last, then replay id (all uploads share one time). */
export const newestFirst = (a: Match, b: Match) => {
  if (a.playedAt === null || b.playedAt === null)
    return a.playedAt === b.playedAt ? cmp(a.id!, b.id!) : a.playedAt === null ? 1 : -1;
  return cmp(b.playedAt, a.playedAt) || cmp(a.id!, b.id!);
};
export const RANK = { win: 0, draw: 1, loss: 2 } as const;

/** The replays list's sorts, by their URL names. */
export type OracleSort = 'date' | 'map' | 'playlist' | 'result' | 'length';

export function oracleSort(list: Match[], sort: OracleSort, dir: 'asc' | 'desc'): Match[] {
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
